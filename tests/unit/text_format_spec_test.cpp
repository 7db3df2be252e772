// Tests for runtime/text/format_spec: format(value, spec) for int, float and str.
// Expectations were produced by running format() in python3 (CPython 3.11.7).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "runtime/text/format_spec.hpp"
#include "runtime/text/text_error.hpp"

using namespace aio::text;
using namespace std::literals;

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

constexpr double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST(TextFormatSpec, ParseFields) {
    FormatSpec s = parse_format_spec("*^+z#012_.3f", "float");
    EXPECT_EQ(s.fill, U'*');
    EXPECT_EQ(s.align, '^');
    EXPECT_EQ(s.sign, '+');
    EXPECT_TRUE(s.no_neg_zero);
    EXPECT_TRUE(s.alternate);
    EXPECT_EQ(s.width, 12);
    EXPECT_EQ(s.grouping, '_');
    EXPECT_EQ(s.precision, 3);
    EXPECT_EQ(s.type, U'f');
    FormatSpec z = parse_format_spec("010", "int");
    EXPECT_EQ(z.fill, U'0');
    EXPECT_EQ(z.align, '=');
    EXPECT_EQ(z.width, 10);
    FormatSpec e = parse_format_spec("", "str", 's');
    EXPECT_EQ(e.type, U's');
    EXPECT_EQ(e.width, -1);
    EXPECT_EQ(e.precision, -1);
}

TEST(TextFormatSpec, Int) {
    EXPECT_EQ(error_of([] { format_int(1LL, "x=^+9.2f"sv); }), "ValueError: Invalid format specifier 'x=^+9.2f' for object of type 'int'"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, "s"sv); }), "ValueError: Unknown format code 's' for object of type 'int'"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, "."sv); }), "ValueError: Format specifier missing precision"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, ".2d"sv); }), "ValueError: Precision not allowed in integer format specifier"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, ",_"sv); }), "ValueError: Cannot specify both ',' and '_'."sv);
    EXPECT_EQ(error_of([] { format_int(1LL, "_,"sv); }), "ValueError: Cannot specify both ',' and '_'."sv);
    EXPECT_EQ(error_of([] { format_int(1LL, ",,"sv); }), "ValueError: Cannot specify ',' with ','."sv);
    EXPECT_EQ(error_of([] { format_int(1LL, ",x"sv); }), "ValueError: Cannot specify ',' with 'x'."sv);
    EXPECT_EQ(format_int(1LL, "_x"sv), "1"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, ",c"sv); }), "ValueError: Cannot specify ',' with 'c'."sv);
    EXPECT_EQ(error_of([] { format_int(1LL, "+c"sv); }), "ValueError: Sign not allowed with integer format specifier 'c'"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, "#c"sv); }), "ValueError: Alternate form (#) not allowed with integer format specifier 'c'"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, "z"sv); }), "ValueError: Negative zero coercion (z) not allowed in integer format specifier"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, ",b"sv); }), "ValueError: Cannot specify ',' with 'b'."sv);
    EXPECT_EQ(format_int(1LL, "_b"sv), "1"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, ",n"sv); }), "ValueError: Cannot specify ',' with 'n'."sv);
    EXPECT_EQ(format_int(65LL, "c"sv), "A"sv);
    EXPECT_EQ(error_of([] { format_int(-1LL, "c"sv); }), "OverflowError: %c arg not in range(0x110000)"sv);
    EXPECT_EQ(error_of([] { format_int(1114112LL, "c"sv); }), "OverflowError: %c arg not in range(0x110000)"sv);
    EXPECT_EQ(format_int(128512LL, "c"sv), "\xf0""\x9f""\x98""\x80"""sv);
    EXPECT_EQ(format_int(1LL, "=5c"sv), "    \x01"""sv);
    EXPECT_EQ(format_int(5LL, "<05"sv), "50000"sv);
    EXPECT_EQ(format_int(5LL, "^05"sv), "00500"sv);
    EXPECT_EQ(format_int(5LL, "x<05"sv), "5xxxx"sv);
    EXPECT_EQ(format_int(-5LL, "05"sv), "-0005"sv);
    EXPECT_EQ(format_int(-5LL, "=5"sv), "-   5"sv);
    EXPECT_EQ(format_int(255LL, "#010x"sv), "0x000000ff"sv);
    EXPECT_EQ(format_int(255LL, "#X"sv), "0XFF"sv);
    EXPECT_EQ(format_int(-255LL, "#b"sv), "-0b11111111"sv);
    EXPECT_EQ(format_int(255LL, "#o"sv), "0o377"sv);
    EXPECT_EQ(format_int(1234567LL, ","sv), "1,234,567"sv);
    EXPECT_EQ(format_int(1234567LL, "_"sv), "1_234_567"sv);
    EXPECT_EQ(format_int(1234567LL, "_x"sv), "12_d687"sv);
    EXPECT_EQ(format_int(123456789LL, "_b"sv), "111_0101_1011_1100_1101_0001_0101"sv);
    EXPECT_EQ(format_int(-1234LL, "08,"sv), "-001,234"sv);
    EXPECT_EQ(format_int(1234LL, "09,"sv), "0,001,234"sv);
    EXPECT_EQ(format_int(1234LL, "010,"sv), "00,001,234"sv);
    EXPECT_EQ(format_int(1234LL, "07,"sv), "001,234"sv);
    EXPECT_EQ(format_int(1234LL, "06,"sv), "01,234"sv);
    EXPECT_EQ(format_int(123LL, "05,"sv), "0,123"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, "99999999999999999999"sv); }), "ValueError: Too many decimal digits in format string"sv);
    EXPECT_EQ(format_int(0LL, "+"sv), "+0"sv);
    EXPECT_EQ(format_int(1LL, " "sv), " 1"sv);
    EXPECT_EQ(format_int(-1LL, " "sv), "-1"sv);
    EXPECT_EQ(format_int(10LL, "%"sv), "1000.000000%"sv);
    EXPECT_EQ(format_int(10LL, ".1e"sv), "1.0e+01"sv);
    EXPECT_EQ(format_int(10LL, "g"sv), "10"sv);
    EXPECT_EQ(format_int(10LL, "E"sv), "1.000000E+01"sv);
    EXPECT_EQ(format_int(3LL, "n"sv), "3"sv);
    EXPECT_EQ(format_int(1234567LL, "n"sv), "1234567"sv);
    EXPECT_EQ(format_int(255LL, "x"sv), "ff"sv);
    EXPECT_EQ(format_int(1LL, ""sv), "1"sv);
    EXPECT_EQ(format_int(INT64_MIN, ""sv), "-9223372036854775808"sv);
    EXPECT_EQ(format_int(INT64_MIN, "#x"sv), "-0x8000000000000000"sv);
    EXPECT_EQ(format_int(INT64_MIN, ","sv), "-9,223,372,036,854,775,808"sv);
    EXPECT_EQ(format_int(1LL, "\xf0""\x9f""\x98""\x80"">5"sv), "\xf0""\x9f""\x98""\x80""\xf0""\x9f""\x98""\x80""\xf0""\x9f""\x98""\x80""\xf0""\x9f""\x98""\x80""1"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, "\xc3""\xa9"""sv); }), "ValueError: Unknown format code '\\xe9' for object of type 'int'"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, "\x00"""sv); }), "ValueError: Unknown format code '\\x0' for object of type 'int'"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, ",\xc3""\xa9"""sv); }), "ValueError: Cannot specify ',' with '\\xe9'."sv);
    EXPECT_EQ(error_of([] { format_int(1LL, "#.2x"sv); }), "ValueError: Precision not allowed in integer format specifier"sv);
    EXPECT_EQ(error_of([] { format_int(1LL, "z,"sv); }), "ValueError: Negative zero coercion (z) not allowed in integer format specifier"sv);
    EXPECT_EQ(format_int(123456LL, "_<012"sv), "123456______"sv);
    EXPECT_EQ(format_int(1LL, "=010,"sv), "00,000,001"sv);
    EXPECT_EQ(format_int(1LL, "x<"sv), "1"sv);
    EXPECT_EQ(format_int(1LL, "zf"sv), "1.000000"sv);
    EXPECT_EQ(format_int(42LL, "^7"sv), "  42   "sv);
    EXPECT_EQ(format_int(42LL, "*^8"sv), "***42***"sv);
    EXPECT_EQ(format_int(-42LL, "+08.2f"sv), "-0042.00"sv);
    EXPECT_EQ(format_int(7LL, "#b"sv), "0b111"sv);
    EXPECT_EQ(format_int(0LL, "#o"sv), "0o0"sv);
    EXPECT_EQ(format_int(1000000LL, ",.2f"sv), "1,000,000.00"sv);
    EXPECT_EQ(format_int(0LL, "z.1f"sv), "0.0"sv);
}

TEST(TextFormatSpec, Float) {
    EXPECT_EQ(error_of([] { format_float(1.0, "d"sv); }), "ValueError: Unknown format code 'd' for object of type 'float'"sv);
    EXPECT_EQ(error_of([] { format_float(1.0, "x=^+9.2f"sv); }), "ValueError: Invalid format specifier 'x=^+9.2f' for object of type 'float'"sv);
    EXPECT_EQ(format_float(0.1, ".3"sv), "0.1"sv);
    EXPECT_EQ(format_float(1.0, ".3"sv), "1.0"sv);
    EXPECT_EQ(format_float(123456.0, ".3"sv), "1.23e+05"sv);
    EXPECT_EQ(format_float(100.0, ".3"sv), "1e+02"sv);
    EXPECT_EQ(format_float(1e-05, ".3"sv), "1e-05"sv);
    EXPECT_EQ(format_float(1.0, "#.3"sv), "1.00"sv);
    EXPECT_EQ(format_float(1.0, ".0"sv), "1e+00"sv);
    EXPECT_EQ(format_float(12.0, ".1"sv), "1e+01"sv);
    EXPECT_EQ(format_float(100.0, ".2"sv), "1e+02"sv);
    EXPECT_EQ(format_float(1.0, "#g"sv), "1.00000"sv);
    EXPECT_EQ(format_float(1.0, "#.0e"sv), "1.e+00"sv);
    EXPECT_EQ(format_float(1.0, "#.0f"sv), "1."sv);
    EXPECT_EQ(format_float(0.0, "g"sv), "0"sv);
    EXPECT_EQ(format_float(-0.0, ""sv), "-0.0"sv);
    EXPECT_EQ(format_float(1e+16, "g"sv), "1e+16"sv);
    EXPECT_EQ(format_float(1e+16, ".20"sv), "10000000000000000.0"sv);
    EXPECT_EQ(format_float(1e+16, ""sv), "1e+16"sv);
    EXPECT_EQ(format_float(1.5, "10"sv), "       1.5"sv);
    EXPECT_EQ(format_float(1.5, "%"sv), "150.000000%"sv);
    EXPECT_EQ(format_float(1.5, ".0%"sv), "150%"sv);
    EXPECT_EQ(format_float(kInf, "%"sv), "inf%"sv);
    EXPECT_EQ(format_float(kNaN, "+"sv), "+nan"sv);
    EXPECT_EQ(format_float(-0.0, "z"sv), "0.0"sv);
    EXPECT_EQ(format_float(-0.0001, "z.2f"sv), "0.00"sv);
    EXPECT_EQ(format_float(1e+300, "f"sv), "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000"sv);
    EXPECT_EQ(format_float(2.5, ".0f"sv), "2"sv);
    EXPECT_EQ(format_float(1234.5, "n"sv), "1234.5"sv);
    EXPECT_EQ(format_float(1234.5, ",g"sv), "1,234.5"sv);
    EXPECT_EQ(format_float(1234567.0, ","sv), "1,234,567.0"sv);
    EXPECT_EQ(format_float(1e+22, ","sv), "1e+22"sv);
    EXPECT_EQ(format_float(1234.5678, "_.2e"sv), "1.23e+03"sv);
    EXPECT_EQ(format_float(12345.0, "010,.1f"sv), "0,012,345.0"sv);
    EXPECT_EQ(format_float(kInf, "010"sv), "0000000inf"sv);
    EXPECT_EQ(format_float(1.0, "=+10"sv), "+      1.0"sv);
    EXPECT_EQ(format_float(0.5, ".0"sv), "0.5"sv);
    EXPECT_EQ(format_float(0.001, ".0"sv), "0.001"sv);
    EXPECT_EQ(format_float(123.0, ".0"sv), "1e+02"sv);
    EXPECT_EQ(format_float(9.5, ".0"sv), "1e+01"sv);
    EXPECT_EQ(format_float(0.0, ".0"sv), "0e+00"sv);
    EXPECT_EQ(format_float(0.0, ".3"sv), "0.0"sv);
    EXPECT_EQ(format_float(5.0, ".0g"sv), "5"sv);
    EXPECT_EQ(format_float(1e-05, "g"sv), "1e-05"sv);
    EXPECT_EQ(format_float(0.0001, ""sv), "0.0001"sv);
    EXPECT_EQ(format_float(123456789.0, "g"sv), "1.23457e+08"sv);
    EXPECT_EQ(format_float(0.0, "e"sv), "0.000000e+00"sv);
    EXPECT_EQ(format_float(1e-07, ""sv), "1e-07"sv);
    EXPECT_EQ(format_float(kNaN, ".3"sv), "nan"sv);
    EXPECT_EQ(format_float(1.0, "#"sv), "1.0"sv);
    EXPECT_EQ(format_float(1.0, "#.3g"sv), "1.00"sv);
    EXPECT_EQ(format_float(10.0, "#.1"sv), "1.e+01"sv);
    EXPECT_EQ(format_float(1e+16, "#"sv), "1.e+16"sv);
    EXPECT_EQ(format_float(0.3333333333333333, ".30f"sv), "0.333333333333333314829616256247"sv);
    EXPECT_EQ(format_float(1234567.891, ",.2f"sv), "1,234,567.89"sv);
    EXPECT_EQ(format_float(-0.0, "+z.1f"sv), "+0.0"sv);
    EXPECT_EQ(format_float(-0.001, "z.1e"sv), "-1.0e-03"sv);
    EXPECT_EQ(format_float(-1e-09, "z"sv), "-1e-09"sv);
    EXPECT_EQ(format_float(kNaN, ""sv), "nan"sv);
    EXPECT_EQ(format_float(kInf, "+"sv), "+inf"sv);
    EXPECT_EQ(format_float(-kInf, "=+8"sv), "-    inf"sv);
    EXPECT_EQ(error_of([] { format_float(1.0, "\xc3""\xa9"""sv); }), "ValueError: Unknown format code '\\xe9' for object of type 'float'"sv);
    EXPECT_EQ(error_of([] { format_float(1.5, ".1s"sv); }), "ValueError: Unknown format code 's' for object of type 'float'"sv);
    EXPECT_EQ(format_float(12.5, ".0f"sv), "12"sv);
    EXPECT_EQ(format_float(0.125, ".2f"sv), "0.12"sv);
    EXPECT_EQ(format_float(1e+16, "n"sv), "1e+16"sv);
    EXPECT_EQ(format_float(123456.0, "n"sv), "123456"sv);
    EXPECT_EQ(format_float(1.0, ".1%"sv), "100.0%"sv);
    EXPECT_EQ(format_float(1.0, "_"sv), "1.0"sv);
    EXPECT_EQ(format_float(1234.5, "_"sv), "1_234.5"sv);
    EXPECT_EQ(format_float(1e+20, ","sv), "1e+20"sv);
    EXPECT_EQ(format_float(1234.5, "_e"sv), "1.234500e+03"sv);
    EXPECT_EQ(format_float(-1234.5, "=+15,.2f"sv), "-      1,234.50"sv);
    EXPECT_EQ(format_float(1234.5, "0=12,"sv), "00,001,234.5"sv);
    EXPECT_EQ(format_float(12345678.0, "012,"sv), "12,345,678.0"sv);
    EXPECT_EQ(format_float(kInf, "010,"sv), "0000000inf"sv);
    EXPECT_EQ(format_float(kNaN, "=+10,"sv), "+      nan"sv);
    EXPECT_EQ(format_float(-0.5, "%"sv), "-50.000000%"sv);
    EXPECT_EQ(format_float(1.0, "^+9"sv), "  +1.0   "sv);
    EXPECT_EQ(format_float(1.5, "E"sv), "1.500000E+00"sv);
    EXPECT_EQ(format_float(kInf, "F"sv), "INF"sv);
    EXPECT_EQ(format_float(kNaN, "G"sv), "NAN"sv);
    EXPECT_EQ(format_float(1e-10, "G"sv), "1E-10"sv);
    EXPECT_EQ(format_float(2.675, ".2f"sv), "2.67"sv);
    EXPECT_EQ(format_float(1e+100, ".3e"sv), "1.000e+100"sv);
    EXPECT_EQ(format_float(123.456, ".10g"sv), "123.456"sv);
    EXPECT_EQ(format_float(0.0001234, ".2g"sv), "0.00012"sv);
    EXPECT_EQ(format_float(1.0, ".1f"sv), "1.0"sv);
    EXPECT_EQ(format_float(9007199254740992.0, "f"sv), "9007199254740992.000000"sv);
    EXPECT_EQ(format_float(3.14159, "*<10.3f"sv), "3.142*****"sv);
    EXPECT_EQ(format_float(-3.14159, " .2f"sv), "-3.14"sv);
    EXPECT_EQ(format_float(3.14159, " .2f"sv), " 3.14"sv);
    EXPECT_EQ(format_float(1e-05, "%"sv), "0.001000%"sv);
    EXPECT_EQ(format_float(0.5, ".0f"sv), "0"sv);
    EXPECT_EQ(format_float(1.5, ".0f"sv), "2"sv);
    EXPECT_EQ(format_float(5e-324, "e"sv), "4.940656e-324"sv);
    EXPECT_EQ(format_float(1.7976931348623157e+308, "g"sv), "1.79769e+308"sv);
    EXPECT_EQ(format_float(123.0, "#.0f"sv), "123."sv);
    EXPECT_EQ(format_float(0.000123456, ".3n"sv), "0.000123"sv);
}

TEST(TextFormatSpec, Str) {
    EXPECT_EQ(error_of([] { format_str("a"sv, "zz"sv); }), "ValueError: Unknown format code 'z' for object of type 'str'"sv);
    EXPECT_EQ(error_of([] { format_str("a"sv, "d"sv); }), "ValueError: Unknown format code 'd' for object of type 'str'"sv);
    EXPECT_EQ(error_of([] { format_str("a"sv, "+"sv); }), "ValueError: Sign not allowed in string format specifier"sv);
    EXPECT_EQ(error_of([] { format_str("a"sv, "="sv); }), "ValueError: '=' alignment not allowed in string format specifier"sv);
    EXPECT_EQ(error_of([] { format_str("a"sv, ",s"sv); }), "ValueError: Cannot specify ',' with 's'."sv);
    EXPECT_EQ(error_of([] { format_str("a"sv, "_"sv); }), "ValueError: Cannot specify '_' with 's'."sv);
    EXPECT_EQ(format_str("ab"sv, "^9"sv), "   ab    "sv);
    EXPECT_EQ(format_str("ab"sv, "x^9"sv), "xxxabxxxx"sv);
    EXPECT_EQ(format_str("h\xc3""\xa9""llo"sv, "*>8.2"sv), "******h\xc3""\xa9"""sv);
    EXPECT_EQ(format_str("ab"sv, "09"sv), "ab0000000"sv);
    EXPECT_EQ(format_str("ab"sv, "<09"sv), "ab0000000"sv);
    EXPECT_EQ(format_str("ab"sv, ".1"sv), "a"sv);
    EXPECT_EQ(format_str("ab"sv, ""sv), "ab"sv);
    EXPECT_EQ(error_of([] { format_str("a"sv, " "sv); }), "ValueError: Space not allowed in string format specifier"sv);
    EXPECT_EQ(error_of([] { format_str("a"sv, "#"sv); }), "ValueError: Alternate form (#) not allowed in string format specifier"sv);
    EXPECT_EQ(error_of([] { format_str("a"sv, "z#"sv); }), "ValueError: Negative zero coercion (z) not allowed in string format specifier"sv);
    EXPECT_EQ(error_of([] { format_str("a"sv, "+#"sv); }), "ValueError: Sign not allowed in string format specifier"sv);
    EXPECT_EQ(error_of([] { format_str("a"sv, "#="sv); }), "ValueError: '=' alignment not allowed in string format specifier"sv);
    EXPECT_EQ(error_of([] { format_str("a"sv, "=s"sv); }), "ValueError: '=' alignment not allowed in string format specifier"sv);
    EXPECT_EQ(error_of([] { format_str("a"sv, "\x01"""sv); }), "ValueError: Unknown format code '\\x1' for object of type 'str'"sv);
    EXPECT_EQ(format_str("\xe6""\x97""\xa5""\xe6""\x9c""\xac"""sv, "^6"sv), "  \xe6""\x97""\xa5""\xe6""\x9c""\xac""  "sv);
    EXPECT_EQ(format_str("\xe6""\x97""\xa5""\xe6""\x9c""\xac""\xe8""\xaa""\x9e"""sv, ".2"sv), "\xe6""\x97""\xa5""\xe6""\x9c""\xac"""sv);
    EXPECT_EQ(format_str("x"sv, "\xf0""\x9f""\x99""\x82""^5"sv), "\xf0""\x9f""\x99""\x82""\xf0""\x9f""\x99""\x82""x\xf0""\x9f""\x99""\x82""\xf0""\x9f""\x99""\x82"""sv);
    EXPECT_EQ(format_str("abc"sv, ">2"sv), "abc"sv);
    EXPECT_EQ(format_str("abc"sv, "10.0s"sv), "          "sv);
    EXPECT_EQ(error_of([] { format_str("ab"sv, "-"sv); }), "ValueError: Sign not allowed in string format specifier"sv);
    EXPECT_EQ(format_str(""sv, ">3"sv), "   "sv);
}
