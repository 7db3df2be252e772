// Tests for runtime/text number_format and number_parse; expected values from python3 3.11.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "runtime/text/number_format.hpp"
#include "runtime/text/number_parse.hpp"
#include "runtime/text/text_error.hpp"

using namespace aio::text;

namespace {

// Runs [f] and returns "Type: message" of the TextError it throws ("" if none).
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const TextError& e) {
        return e.type + ": " + e.msg;
    }
    return "";
}

}  // namespace

TEST(TextFloatRepr, MatchesCPython) {
    EXPECT_EQ(float_repr(0.1), "0.1");
    EXPECT_EQ(float_repr(1.0), "1.0");
    EXPECT_EQ(float_repr(-0.0), "-0.0");
    EXPECT_EQ(float_repr(0.0), "0.0");
    EXPECT_EQ(float_repr(1e16), "1e+16");
    EXPECT_EQ(float_repr(1e15), "1000000000000000.0");
    EXPECT_EQ(float_repr(1.5e-5), "1.5e-05");
    EXPECT_EQ(float_repr(0.0001), "0.0001");
    EXPECT_EQ(float_repr(1e100), "1e+100");
    EXPECT_EQ(float_repr(123456789.125), "123456789.125");
    EXPECT_EQ(float_repr(1.0 / 3), "0.3333333333333333");
    EXPECT_EQ(float_repr(2.0 / 3), "0.6666666666666666");
    EXPECT_EQ(float_repr(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(float_repr(1.7976931348623157e308), "1.7976931348623157e+308");
    EXPECT_EQ(float_repr(5e-324), "5e-324");
    EXPECT_EQ(float_repr(-1.25e-7), "-1.25e-07");
    EXPECT_EQ(float_repr(std::numeric_limits<double>::infinity()), "inf");
    EXPECT_EQ(float_repr(-std::numeric_limits<double>::infinity()), "-inf");
    EXPECT_EQ(float_repr(std::numeric_limits<double>::quiet_NaN()), "nan");
    EXPECT_EQ(float_repr(-std::numeric_limits<double>::quiet_NaN()), "nan");
    EXPECT_EQ(float_repr(9007199254740993.0), "9007199254740992.0");
}

TEST(TextIntToString, BasesAndPrefixes) {
    EXPECT_EQ(int_to_string(0), "0");
    EXPECT_EQ(int_to_string(-42), "-42");
    EXPECT_EQ(int_to_string(INT64_MIN), "-9223372036854775808");
    EXPECT_EQ(int_to_string(INT64_MAX), "9223372036854775807");
    EXPECT_EQ(int_to_string(255, 16), "ff");
    EXPECT_EQ(int_to_string(-255, 2), "-11111111");
    EXPECT_EQ(int_to_string(35, 36), "z");
    EXPECT_EQ(int_to_hex(-31), "-0x1f");
    EXPECT_EQ(int_to_hex(0), "0x0");
    EXPECT_EQ(int_to_oct(15), "0o17");
    EXPECT_EQ(int_to_bin(5), "0b101");
    EXPECT_EQ(int_to_bin(INT64_MIN), "-0b1000000000000000000000000000000000000000000000000000000000000000");
    EXPECT_EQ(int_to_hex(INT64_MIN), "-0x8000000000000000");
    EXPECT_EQ(int_to_oct(INT64_MIN), "-0o1000000000000000000000");
}

TEST(TextParseInt, Valid) {
    EXPECT_EQ(parse_int("  12 "), 12);
    EXPECT_EQ(parse_int("-0x1f", 16), -31);
    EXPECT_EQ(parse_int("0x_1f", 16), 31);
    EXPECT_EQ(parse_int("0x1f", 0), 31);
    EXPECT_EQ(parse_int("00", 0), 0);
    EXPECT_EQ(parse_int("0_0", 0), 0);
    EXPECT_EQ(parse_int("1_000"), 1000);
    EXPECT_EQ(parse_int("z", 36), 35);
    EXPECT_EQ(parse_int("Z", 36), 35);
    EXPECT_EQ(parse_int("0o17", 8), 15);
    EXPECT_EQ(parse_int("0b1", 16), 177);
    EXPECT_EQ(parse_int(" 0b1_0 ", 0), 2);
    EXPECT_EQ(parse_int("07", 8), 7);
    EXPECT_EQ(parse_int("-0", 0), 0);
    EXPECT_EQ(parse_int("\xd9\xa1\xd9\xa2\xd9\xa3"), 123);  // Arabic-Indic digits
    EXPECT_EQ(parse_int("\u3000 42\u2003"), 42);
    EXPECT_EQ(parse_int("\t-9223372036854775808\n"), INT64_MIN);
    EXPECT_EQ(parse_int("9223372036854775807"), INT64_MAX);
    EXPECT_EQ(parse_int("-8000000000000000", 16), INT64_MIN);
}

TEST(TextParseInt, Errors) {
    EXPECT_EQ(error_of([] { parse_int("abc"); }), "ValueError: invalid literal for int() with base 10: 'abc'");
    EXPECT_EQ(error_of([] { parse_int("010", 0); }), "ValueError: invalid literal for int() with base 0: '010'");
    EXPECT_EQ(error_of([] { parse_int("1__0"); }), "ValueError: invalid literal for int() with base 10: '1__0'");
    EXPECT_EQ(error_of([] { parse_int("_1"); }), "ValueError: invalid literal for int() with base 10: '_1'");
    EXPECT_EQ(error_of([] { parse_int("1_"); }), "ValueError: invalid literal for int() with base 10: '1_'");
    EXPECT_EQ(error_of([] { parse_int("0b", 0); }), "ValueError: invalid literal for int() with base 0: '0b'");
    EXPECT_EQ(error_of([] { parse_int("0x", 16); }), "ValueError: invalid literal for int() with base 16: '0x'");
    EXPECT_EQ(error_of([] { parse_int("0_7", 0); }), "ValueError: invalid literal for int() with base 0: '0_7'");
    EXPECT_EQ(error_of([] { parse_int("+ 1"); }), "ValueError: invalid literal for int() with base 10: '+ 1'");
    EXPECT_EQ(error_of([] { parse_int(""); }), "ValueError: invalid literal for int() with base 10: ''");
    EXPECT_EQ(error_of([] { parse_int("1e5"); }), "ValueError: invalid literal for int() with base 10: '1e5'");
    EXPECT_EQ(error_of([] { parse_int("12", 1); }), "ValueError: int() base must be >= 2 and <= 36, or 0");
    EXPECT_EQ(error_of([] { parse_int("12", 37); }), "ValueError: int() base must be >= 2 and <= 36, or 0");
    EXPECT_EQ(error_of([] { parse_int("9223372036854775808"); }), "OverflowError: integer overflow");
    EXPECT_EQ(error_of([] { parse_int("-9223372036854775809"); }), "OverflowError: integer overflow");
    // An invalid literal is a ValueError even when its digits would overflow.
    EXPECT_EQ(error_of([] { parse_int("99999999999999999999x"); }),
              "ValueError: invalid literal for int() with base 10: '99999999999999999999x'");
    // CPython cuts the repr at 200 characters ("%.200R").
    std::string msg = error_of([] { parse_int(std::string(300, 'x')); });
    EXPECT_EQ(msg.size(), std::string("ValueError: ").size() + 240);
}

TEST(TextParseFloat, Valid) {
    EXPECT_EQ(parse_float("1.5"), 1.5);
    EXPECT_EQ(parse_float(" -Infinity "), -std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isnan(parse_float("nAn")));
    EXPECT_TRUE(std::isnan(parse_float("-nan")));
    EXPECT_EQ(parse_float("+inf"), std::numeric_limits<double>::infinity());
    EXPECT_EQ(parse_float("1_000.5"), 1000.5);
    EXPECT_EQ(parse_float(".5"), 0.5);
    EXPECT_EQ(parse_float("5."), 5.0);
    EXPECT_EQ(parse_float("1e1_0"), 1e10);
    EXPECT_EQ(parse_float("1E-3"), 0.001);
    EXPECT_EQ(parse_float("1e400"), std::numeric_limits<double>::infinity());
    EXPECT_EQ(parse_float("-1e400"), -std::numeric_limits<double>::infinity());
    EXPECT_EQ(parse_float("1e-400"), 0.0);
    EXPECT_EQ(parse_float("5e-324"), 5e-324);
    EXPECT_EQ(parse_float("\xd9\xa1.\xd9\xa5"), 1.5);
    EXPECT_EQ(parse_float("0.1"), 0.1);
    EXPECT_EQ(parse_float("\n 2.5e+3\t"), 2500.0);
    EXPECT_TRUE(std::signbit(parse_float("-0.0")));
}

TEST(TextParseFloat, Errors) {
    for (const char* bad : {"1__0", "1_.5", "1._5", ".", "e5", "1e", "1e_5", "0x10", "x", "", "inf_", "1_e5",
                            "infinit", "  ", "1.5.2", "--1", "1e5e5"}) {
        EXPECT_EQ(error_of([&] { parse_float(bad); }),
                  std::string("ValueError: could not convert string to float: '") + bad + "'")
            << bad;
    }
}
