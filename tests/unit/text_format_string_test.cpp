// Tests for runtime/text/format_string (str.format template parsing) and
// runtime/text/percent_format ("fmt % args"); expectations from python3 3.11.7.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/text/format_spec.hpp"
#include "runtime/text/format_string.hpp"
#include "runtime/text/percent_format.hpp"
#include "runtime/text/text_error.hpp"

using namespace aio::text;

namespace {

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const TextError& e) {
        return e.type + ": " + e.msg;
    }
    return "";
}

// A miniature str.format over string arguments, in the runtime's order (object,
// accessors, conversion, nested spec): enough to drive the parser end to end.
std::string fmt_at(std::string_view t, const std::vector<std::string>& args, FieldNumbering& numbering, int depth) {
    FormatStringParser p(t, numbering, depth);
    FormatPiece piece;
    std::string out;
    while (p.next(piece)) {
        out.append(piece.literal);
        if (!piece.has_field) continue;
        const ReplacementField& f = piece.field;
        const std::string& v = f.by_index ? args.at(std::size_t(f.arg_index)) : args.at(0);
        std::string_view rest = f.accessors;
        FieldAccessor step;
        while (next_accessor(rest, step)) {
        }
        check_conversion(f.conversion);
        std::string spec = f.spec_needs_expanding ? fmt_at(f.spec, args, numbering, depth - 1) : std::string(f.spec);
        out += format_str(v, spec);
    }
    return out;
}

std::string fmt(std::string_view t, std::vector<std::string> args) {
    FieldNumbering numbering;
    return fmt_at(t, args, numbering, 2);
}

std::vector<FieldAccessor> accessors_of(const ReplacementField& f) {
    std::vector<FieldAccessor> out;
    std::string_view rest = f.accessors;
    FieldAccessor step;
    while (next_accessor(rest, step)) out.push_back(step);
    return out;
}

// A miniature "fmt % args" for ints, floats and strings given as a tagged list.
struct Arg {
    char kind;  // 'i', 'f', 's'
    std::int64_t i = 0;
    double f = 0;
    std::string s;
};

std::string percent(std::string_view t, std::vector<Arg> args) {
    PercentParser p(t);
    PercentPiece piece;
    std::string out;
    std::size_t next = 0;
    while (p.next(piece)) {
        out.append(piece.literal);
        if (!piece.has_spec) continue;
        PercentSpec spec = piece.spec;
        if (spec.width_star) spec.width = args.at(next++).i;
        if (spec.precision_star) spec.precision = args.at(next++).i;
        const Arg& a = args.at(next++);
        check_percent_conversion(spec);
        switch (spec.conversion) {
            case 's': out += format_percent_str(a.s, spec); break;
            case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
                out += format_percent_float(a.kind == 'f' ? a.f : double(a.i), spec);
                break;
            default: out += format_percent_int(a.kind == 'i' ? a.i : std::int64_t(a.f), spec);
        }
    }
    return out;
}

Arg I(std::int64_t v) { return Arg{'i', v, 0, {}}; }
Arg F(double v) { return Arg{'f', 0, v, {}}; }
Arg S(std::string v) { return Arg{'s', 0, 0, std::move(v)}; }

}  // namespace

TEST(TextFormatString, Pieces) {
    FieldNumbering numbering;
    FormatStringParser p("a{{b}}c{0.x[1]!r:>{w}}d", numbering);
    FormatPiece piece;
    ASSERT_TRUE(p.next(piece));
    EXPECT_EQ(piece.literal, "a{");
    EXPECT_FALSE(piece.has_field);
    ASSERT_TRUE(p.next(piece));
    EXPECT_EQ(piece.literal, "b}");
    ASSERT_TRUE(p.next(piece));
    EXPECT_EQ(piece.literal, "c");
    ASSERT_TRUE(piece.has_field);
    const ReplacementField& f = piece.field;
    EXPECT_EQ(f.field_name, "0.x[1]");
    EXPECT_TRUE(f.by_index);
    EXPECT_EQ(f.arg_index, 0);
    std::vector<FieldAccessor> steps = accessors_of(f);
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_FALSE(steps[0].is_item);
    EXPECT_EQ(steps[0].name, "x");
    EXPECT_TRUE(steps[1].is_item);
    EXPECT_TRUE(steps[1].key_is_int);
    EXPECT_EQ(steps[1].int_key, 1);
    EXPECT_EQ(f.conversion, U'r');
    EXPECT_EQ(f.spec, ">{w}");
    EXPECT_TRUE(f.spec_needs_expanding);
    ASSERT_TRUE(p.next(piece));
    EXPECT_EQ(piece.literal, "d");
    EXPECT_FALSE(p.next(piece));
}

TEST(TextFormatString, NamesAndKeys) {
    FieldNumbering numbering;
    FormatStringParser p("{name[key].attr}{[0]}", numbering);
    FormatPiece piece;
    ASSERT_TRUE(p.next(piece));
    EXPECT_FALSE(piece.field.by_index);
    EXPECT_EQ(piece.field.arg_name, "name");
    std::vector<FieldAccessor> steps = accessors_of(piece.field);
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_FALSE(steps[0].key_is_int);
    EXPECT_EQ(steps[0].name, "key");
    EXPECT_EQ(steps[1].name, "attr");
    ASSERT_TRUE(p.next(piece));
    EXPECT_TRUE(piece.field.by_index);  // an empty first part is automatic numbering
    EXPECT_EQ(piece.field.arg_index, 0);
}

TEST(TextFormatString, Expand) {
    EXPECT_EQ(fmt("{:^9}", {"ab"}), "   ab    ");
    EXPECT_EQ(fmt("x{{y}}z", {}), "x{y}z");
    EXPECT_EQ(fmt("{}-{}", {"a", "b"}), "a-b");
    EXPECT_EQ(fmt("{1}{0}{1}", {"a", "b"}), "bab");
    EXPECT_EQ(fmt("{:{}}|", {"ab", "5"}), "ab   |");
    EXPECT_EQ(fmt("{0:>{1}}|", {"ab", "4"}), "  ab|");
    EXPECT_EQ(fmt("{!s:}", {"q"}), "q");
    EXPECT_EQ(fmt("", {}), "");
}

TEST(TextFormatString, Errors) {
    auto e = [](const char* t) { return error_of([&] { fmt(t, {"a", "b", "c"}); }); };
    EXPECT_EQ(e("{"), "ValueError: Single '{' encountered in format string");
    EXPECT_EQ(e("}"), "ValueError: Single '}' encountered in format string");
    EXPECT_EQ(e("a}b"), "ValueError: Single '}' encountered in format string");
    EXPECT_EQ(e("{0"), "ValueError: expected '}' before end of string");
    EXPECT_EQ(e("{0:"), "ValueError: unmatched '{' in format spec");
    EXPECT_EQ(e("{!}"), "ValueError: unmatched '{' in format spec");
    EXPECT_EQ(e("{!r"), "ValueError: unmatched '{' in format spec");
    EXPECT_EQ(e("{!"), "ValueError: end of string while looking for conversion specifier");
    EXPECT_EQ(e("{!rx}"), "ValueError: expected ':' after conversion specifier");
    EXPECT_EQ(e("{!x}"), "ValueError: Unknown conversion specifier x");
    EXPECT_EQ(e("{!}}"), "ValueError: Unknown conversion specifier }");
    EXPECT_EQ(e("{a.}"), "ValueError: Empty attribute in format string");
    EXPECT_EQ(e("{0.}"), "ValueError: Empty attribute in format string");
    EXPECT_EQ(e("{a[0}"), "ValueError: expected '}' before end of string");
    EXPECT_EQ(e("{a[]}"), "ValueError: Empty attribute in format string");
    EXPECT_EQ(e("{a[]x}"), "ValueError: Empty attribute in format string");
    EXPECT_EQ(e("{0}{}"), "ValueError: cannot switch from manual field specification to automatic field numbering");
    EXPECT_EQ(e("{}{0}"), "ValueError: cannot switch from automatic field numbering to manual field specification");
    EXPECT_EQ(e("{:{:{}}}"), "ValueError: Max string recursion exceeded");
    EXPECT_EQ(e("{a{b}"), "ValueError: unexpected '{' in field name");
    EXPECT_EQ(e("{0:}}"), "ValueError: Single '}' encountered in format string");
    EXPECT_EQ(e("{99999999999999999999}"), "ValueError: Too many decimal digits in format string");
    EXPECT_EQ(e("{a[0]x}"), "ValueError: Only '.' or '[' may follow ']' in format field specifier");
    EXPECT_EQ(e("{!\x01}"), "ValueError: Unknown conversion specifier \\x1");
}

TEST(TextPercent, Numbers) {
    EXPECT_EQ(percent("%5.2f", {F(3.14159)}), " 3.14");
    EXPECT_EQ(percent("%-5d|", {I(42)}), "42   |");
    EXPECT_EQ(percent("%x", {I(255)}), "ff");
    EXPECT_EQ(percent("%#x", {I(255)}), "0xff");
    EXPECT_EQ(percent("%#X", {I(255)}), "0XFF");
    EXPECT_EQ(percent("%#o", {I(8)}), "0o10");
    EXPECT_EQ(percent("%e", {F(12345.678)}), "1.234568e+04");
    EXPECT_EQ(percent("%E", {F(0.0)}), "0.000000E+00");
    EXPECT_EQ(percent("%g", {F(1e-5)}), "1e-05");
    EXPECT_EQ(percent("%#g", {F(1.0)}), "1.00000");
    EXPECT_EQ(percent("%G", {F(1e20)}), "1E+20");
    EXPECT_EQ(percent("%+d", {I(5)}), "+5");
    EXPECT_EQ(percent("% d", {I(5)}), " 5");
    EXPECT_EQ(percent("%05d", {I(-42)}), "-0042");
    EXPECT_EQ(percent("%-05d|", {I(42)}), "42   |");
    EXPECT_EQ(percent("%.3d", {I(5)}), "005");
    EXPECT_EQ(percent("%+.3d", {I(-5)}), "-005");
    EXPECT_EQ(percent("%08.3f", {F(-3.14159)}), "-003.142");
    EXPECT_EQ(percent("%#.0f", {F(2.0)}), "2.");
    EXPECT_EQ(percent("%.0e", {F(12345.0)}), "1e+04");
    EXPECT_EQ(percent("%10.3e", {F(1.5)}), " 1.500e+00");
    EXPECT_EQ(percent("%i|%u", {I(7), I(7)}), "7|7");
    EXPECT_EQ(percent("%d", {F(3.7)}), "3");
    EXPECT_EQ(percent("%x", {I(-255)}), "-ff");
    EXPECT_EQ(percent("%#x", {I(-255)}), "-0xff");
    EXPECT_EQ(percent("%f", {F(1.0 / 0.0)}), "inf");
    EXPECT_EQ(percent("%010f", {F(-1.0 / 0.0)}), "-000000inf");
    EXPECT_EQ(percent("%#.3x", {I(5)}), "0x005");
    EXPECT_EQ(percent("%#08x", {I(255)}), "0x0000ff");
    EXPECT_EQ(percent("%-#8o|", {I(8)}), "0o10    |");
    EXPECT_EQ(percent("%+x", {I(255)}), "+ff");
    EXPECT_EQ(percent("%ld %hd", {I(5), I(6)}), "5 6");
    EXPECT_EQ(percent("%d", {I(INT64_MIN)}), "-9223372036854775808");
    EXPECT_EQ(percent("%x", {I(INT64_MIN)}), "-8000000000000000");
    EXPECT_EQ(percent("%*.*f", {I(8), I(2), F(3.14159)}), "    3.14");
}

TEST(TextPercent, TextAndParsing) {
    EXPECT_EQ(percent("%5s|%-5s|%.1s", {S("ab"), S("ab"), S("ab")}), "   ab|ab   |a");
    EXPECT_EQ(percent("100%% %s", {S("x")}), "100% x");
    EXPECT_EQ(percent("%3s|", {S("\xc3\xa9")}), "  \xc3\xa9|");
    PercentParser p("%(x)s-%(a(b))d");
    PercentPiece piece;
    ASSERT_TRUE(p.next(piece));
    EXPECT_TRUE(piece.spec.has_key);
    EXPECT_EQ(piece.spec.key, "x");
    ASSERT_TRUE(p.next(piece));
    EXPECT_EQ(piece.literal, "-");
    EXPECT_EQ(piece.spec.key, "a(b)");
    EXPECT_EQ(piece.spec.conversion, U'd');
    EXPECT_FALSE(p.next(piece));
}

TEST(TextPercent, Errors) {
    EXPECT_EQ(error_of([] { percent("%y", {I(1)}); }), "ValueError: unsupported format character 'y' (0x79) at index 1");
    EXPECT_EQ(error_of([] { percent("ab\xc3\xa9%-5y", {I(1)}); }),
              "ValueError: unsupported format character 'y' (0x79) at index 6");
    EXPECT_EQ(error_of([] { percent("%\xc3\xa9", {I(1)}); }),
              "ValueError: unsupported format character '?' (0xe9) at index 1");
    EXPECT_EQ(error_of([] { percent("%", {}); }), "ValueError: incomplete format");
    EXPECT_EQ(error_of([] { percent("abc%", {}); }), "ValueError: incomplete format");
    EXPECT_EQ(error_of([] { percent("%5", {I(1)}); }), "ValueError: incomplete format");
    EXPECT_EQ(error_of([] { percent("%.", {I(1)}); }), "ValueError: incomplete format");
    EXPECT_EQ(error_of([] { percent("%(a", {}); }), "ValueError: incomplete format key");
}

TEST(TextPercent, BytesAndMappingOptions) {
    // A bytes template: one byte per conversion, byte indexes, byte widths.
    PercentParser p("\xc3\xa9%5s%\x01", PercentOptions{true, true});
    PercentPiece piece;
    ASSERT_TRUE(p.next(piece));
    EXPECT_TRUE(piece.spec.bytes);
    EXPECT_EQ(format_percent_str("\xc3\xa9", piece.spec), "   \xc3\xa9");
    ASSERT_TRUE(p.next(piece));
    EXPECT_EQ(piece.spec.index, 6u);
    EXPECT_EQ(error_of([&] { check_percent_conversion(piece.spec); }),
              "ValueError: unsupported format character '\x01' (0x1) at index 6");
    PercentParser high("%\xff", PercentOptions{true, true});
    ASSERT_TRUE(high.next(piece));
    EXPECT_EQ(error_of([&] { check_percent_conversion(piece.spec); }),
              "OverflowError: character argument not in range(0x110000)");
    // '%' after flags is a conversion (CPython fetches its argument, then rejects it).
    EXPECT_EQ(error_of([] { percent("%5%", {I(1)}); }), "ValueError: unsupported format character '%' (0x25) at index 2");
    PercentParser no_map("%(a)s", PercentOptions{false, false});
    EXPECT_EQ(error_of([&] { no_map.next(piece); }), "TypeError: format requires a mapping");
    EXPECT_EQ(percent("%05f", {F(1.0 / 0.0)}), "00inf");
}
