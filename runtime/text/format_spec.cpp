// runtime/text: format-spec parsing and rendering of int, float and str.
// Numbers are built as [sign][prefix][grouped digits][remainder] and then padded; with
// '0' fill and '=' alignment the padding zeros are grouped too ("0,001,234"), as CPython.
#include "runtime/text/format_spec.hpp"

#include <cmath>

#include "runtime/text/number_format.hpp"
#include "runtime/text/text_error.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::text {

namespace {

bool is_align(char32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

// CPython prints a format code as 'c' when printable ASCII, else as '\xNN' (no padding).
std::string code_text(char32_t c) {
    if (c > 32 && c < 128) return std::string(1, char(c));
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\\x";
    std::string digits;
    do {
        digits.insert(digits.begin(), kHex[c & 15]);
        c >>= 4;
    } while (c != 0);
    return out + digits;
}

[[noreturn]] void unknown_code(char32_t type, std::string_view type_name) {
    throw_value_error("Unknown format code '" + code_text(type) + "' for object of type '" + std::string(type_name) +
                      "'");
}

// Reads decimal digits at [i]; -1 if none. CPython reports overflow of Py_ssize_t.
std::int64_t read_number(std::string_view s, std::size_t& i) {
    std::size_t start = i;
    std::int64_t v = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        if (v > (INT64_MAX - 9) / 10) throw_value_error("Too many decimal digits in format string");
        v = v * 10 + (s[i] - '0');
    }
    return i == start ? -1 : v;
}

// Appends [digits] grouped by [size] with [sep] from the right, padding with grouped
// zeros until at least [min_width] characters are written (never starting with [sep]).
void append_grouped(std::string& out, std::string_view digits, char sep, int size, std::int64_t min_width) {
    if (sep == 0) {
        if (std::int64_t(digits.size()) < min_width) out.append(std::size_t(min_width) - digits.size(), '0');
        out.append(digits);
        return;
    }
    // Build reversed into a scratch buffer, then append in order.
    std::string rev;
    rev.reserve(digits.size() + digits.size() / std::size_t(size) + 4 + std::size_t(min_width > 0 ? min_width : 0));
    std::size_t k = digits.size();
    int count = 0;
    while (true) {
        bool real = k > 0;
        if (!real && std::int64_t(rev.size()) >= min_width) break;
        if (count == size) {
            rev.push_back(sep);
            count = 0;
        }
        rev.push_back(real ? digits[--k] : '0');
        ++count;
    }
    out.append(rev.rbegin(), rev.rend());
}

// Pads [body] (already containing sign/prefix/digits) per spec; [sign_len] is the
// length of the sign+prefix that '=' alignment keeps on the left.
std::string pad(std::string&& body, std::size_t body_cps, std::size_t sign_len, const FormatSpec& spec,
                char default_align) {
    if (spec.width <= std::int64_t(body_cps)) return std::move(body);
    std::int64_t n = spec.width - std::int64_t(body_cps);
    char align = spec.align ? spec.align : default_align;
    std::string out;
    out.reserve(body.size() + std::size_t(n) * std::size_t(utf8_length(spec.fill)));
    switch (align) {
        case '<':
            out.append(body);
            append_fill(out, spec.fill, n);
            break;
        case '^':
            append_fill(out, spec.fill, n / 2);
            out.append(body);
            append_fill(out, spec.fill, n - n / 2);
            break;
        case '=':
            out.append(body, 0, sign_len);
            append_fill(out, spec.fill, n);
            out.append(body, sign_len);
            break;
        default:
            append_fill(out, spec.fill, n);
            out.append(body);
    }
    return out;
}

// Shared tail of int and float rendering: sign, prefix, grouped integer digits, remainder.
std::string assemble_number(bool negative, const FormatSpec& spec, std::string_view prefix, std::string_view digits,
                            std::string_view remainder, char sep, int group) {
    std::string body;
    if (negative)
        body.push_back('-');
    else if (spec.sign == '+' || spec.sign == ' ')
        body.push_back(spec.sign);
    body.append(prefix);
    std::size_t sign_len = body.size();
    std::int64_t min_width = 0;
    if (spec.fill == '0' && spec.align == '=' && spec.width > 0)
        min_width = spec.width - std::int64_t(sign_len + remainder.size());
    append_grouped(body, digits, sep, group, min_width);
    body.append(remainder);
    std::size_t cps = body.size();  // numbers are ASCII
    return pad(std::move(body), cps, sign_len, spec, '>');
}

}  // namespace

void append_fill(std::string& out, char32_t fill, std::int64_t n) {
    if (n <= 0) return;
    if (fill < 0x80) {
        out.append(std::size_t(n), char(fill));
        return;
    }
    char buf[4];
    int len = encode_utf8(fill, buf);
    for (std::int64_t i = 0; i < n; ++i) out.append(buf, std::size_t(len));
}

FormatSpec parse_format_spec(std::string_view s, std::string_view type_name, char32_t default_type) {
    FormatSpec spec;
    std::size_t i = 0;
    bool fill_given = false, align_given = false;
    // [[fill]align]: the fill may be any code point, so decode the first one.
    if (!s.empty()) {
        Decoded first = decode_utf8(s, 0);
        std::size_t next = std::size_t(first.len);
        if (next < s.size() && is_align(char32_t(s[next]))) {
            spec.fill = first.cp;
            spec.align = s[next];
            fill_given = align_given = true;
            i = next + 1;
        } else if (is_align(first.cp)) {
            spec.align = char(first.cp);
            align_given = true;
            i = 1;
        }
    }
    if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) spec.sign = s[i++];
    if (i < s.size() && s[i] == 'z') {
        spec.no_neg_zero = true;
        ++i;
    }
    if (i < s.size() && s[i] == '#') {
        spec.alternate = true;
        ++i;
    }
    // A leading '0' without an explicit fill means zero padding (and '=' for numbers).
    if (!fill_given && i < s.size() && s[i] == '0') {
        spec.fill = '0';
        if (!align_given && default_type != 's') spec.align = '=';
        ++i;
    }
    spec.width = read_number(s, i);
    if (i < s.size() && (s[i] == ',' || s[i] == '_')) {
        spec.grouping = s[i++];
        if (i < s.size() && (s[i] == ',' || s[i] == '_') && s[i] != spec.grouping)
            throw_value_error("Cannot specify both ',' and '_'.");
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        spec.precision = read_number(s, i);
        if (spec.precision < 0) throw_value_error("Format specifier missing precision");
    }
    if (i < s.size()) {
        Decoded t = decode_utf8(s, i);
        if (i + std::size_t(t.len) != s.size())
            throw_value_error("Invalid format specifier '" + std::string(s) + "' for object of type '" +
                              std::string(type_name) + "'");
        // A NUL type would read as "no type"; it is an unknown code in every type.
        if (t.cp == 0) unknown_code(0, type_name);
        spec.type = t.cp;
    }
    if (spec.type == 0) spec.type = default_type;
    if (spec.grouping) {
        switch (spec.type) {
            case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
                break;
            case 'b': case 'o': case 'x': case 'X':
                if (spec.grouping == '_') break;
                [[fallthrough]];
            default:
                throw_value_error(std::string("Cannot specify '") + spec.grouping + "' with '" + code_text(spec.type) +
                                  "'.");
        }
    }
    return spec;
}

std::string format_int(std::int64_t v, const FormatSpec& spec, std::string_view type_name) {
    char32_t type = spec.type ? spec.type : 'd';
    switch (type) {
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
            return format_float(double(v), spec);
        case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
            break;
        default:
            unknown_code(type, type_name);
    }
    if (spec.precision >= 0) throw_value_error("Precision not allowed in integer format specifier");
    if (spec.no_neg_zero) throw_value_error("Negative zero coercion (z) not allowed in integer format specifier");
    if (type == 'c') {
        if (spec.sign) throw_value_error("Sign not allowed with integer format specifier 'c'");
        if (spec.alternate) throw_value_error("Alternate form (#) not allowed with integer format specifier 'c'");
        if (v < 0 || v > 0x10FFFF) throw_error("OverflowError", "%c arg not in range(0x110000)");
        std::string body;
        append_utf8(body, char32_t(v));
        return pad(std::move(body), 1, 0, spec, '>');
    }
    int base = 10;
    const char* prefix = "";
    switch (type) {
        case 'b': base = 2; prefix = "0b"; break;
        case 'o': base = 8; prefix = "0o"; break;
        case 'x': base = 16; prefix = "0x"; break;
        case 'X': base = 16; prefix = "0X"; break;
        default: break;
    }
    std::string digits;
    digits.reserve(64);
    append_uint(digits, magnitude(v), base, type == 'X');
    // 'n' uses the C locale: no grouping. Hex/octal/binary group by four.
    char sep = type == 'n' ? 0 : spec.grouping;
    return assemble_number(v < 0, spec, spec.alternate ? prefix : "", digits, "", sep, base == 10 ? 3 : 4);
}

std::string format_float(double v, const FormatSpec& spec) {
    char32_t type = spec.type;
    FloatLayout layout;
    layout.alternate = spec.alternate;
    int prec = spec.precision < 0 ? 6 : int(spec.precision > 100000000 ? 100000000 : spec.precision);
    bool percent = false;
    switch (type) {
        case 0:
            // No type: repr, or with a precision 'g'-like plus ".0"; CPython then switches to
            // scientific one digit earlier than 'g' (format(100.0, '.3') == '1e+02').
            layout.type = 'r';
            if (spec.precision >= 0) {
                layout.precision = prec == 0 ? 1 : prec;
                layout.threshold = layout.precision - 1;
            }
            break;
        case 'e': case 'E': layout.type = 'e'; layout.precision = prec; break;
        case 'f': case 'F': layout.type = 'f'; layout.precision = prec; break;
        case '%': layout.type = 'f'; layout.precision = prec; percent = true; break;
        case 'g': case 'G': case 'n':
            layout.type = 'g';
            layout.precision = prec == 0 ? 1 : prec;
            layout.threshold = layout.precision;
            layout.add_dot_zero = false;
            break;
        default:
            unknown_code(type, "float");
    }
    layout.upper = type == 'E' || type == 'F' || type == 'G';
    double x = percent ? v * 100.0 : v;
    std::string text;
    text.reserve(32);
    render_float(text, x, layout);
    if (percent) text.push_back('%');
    bool negative = std::signbit(x) && !std::isnan(x);
    if (negative && spec.no_neg_zero && std::isfinite(x) && text.find_first_of("123456789") == std::string::npos)
        negative = false;
    // Split into integer digits (grouped) and the rest ('.', fraction, exponent, '%').
    std::size_t int_len = 0;
    bool finite = std::isfinite(x);
    if (finite)
        while (int_len < text.size() && text[int_len] >= '0' && text[int_len] <= '9') ++int_len;
    std::string_view tv = text;
    char sep = type == 'n' || !finite ? 0 : spec.grouping;
    if (!finite) return assemble_number(negative, spec, "", "", tv, 0, 3);
    return assemble_number(negative, spec, "", tv.substr(0, int_len), tv.substr(int_len), sep, 3);
}

std::string format_str(std::string_view s, const FormatSpec& spec) {
    char32_t type = spec.type ? spec.type : 's';
    if (type != 's') unknown_code(type, "str");
    if (spec.sign == ' ') throw_value_error("Space not allowed in string format specifier");
    if (spec.sign) throw_value_error("Sign not allowed in string format specifier");
    if (spec.no_neg_zero) throw_value_error("Negative zero coercion (z) not allowed in string format specifier");
    if (spec.alternate) throw_value_error("Alternate form (#) not allowed in string format specifier");
    if (spec.align == '=') throw_value_error("'=' alignment not allowed in string format specifier");
    std::string_view body = s;
    if (spec.precision >= 0) body = s.substr(0, byte_offset(s, std::size_t(spec.precision)));
    if (spec.width <= 0) return std::string(body);
    std::size_t cps = count_code_points(body);
    return pad(std::string(body), cps, 0, spec, '<');
}

std::string format_int(std::int64_t v, std::string_view spec, std::string_view type_name) {
    return format_int(v, parse_format_spec(spec, type_name, 'd'), type_name);
}

std::string format_float(double v, std::string_view spec) { return format_float(v, parse_format_spec(spec, "float", 0)); }

std::string format_str(std::string_view s, std::string_view spec) {
    return format_str(s, parse_format_spec(spec, "str", 's'));
}

}  // namespace aio::text
