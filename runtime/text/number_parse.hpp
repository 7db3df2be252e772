// runtime/text: text -> numbers, as CPython's int(str, base) and float(str).
// Accepts surrounding Unicode whitespace, a sign, '_' between digits and any Unicode
// decimal digit; errors are CPython's ValueError texts. aio ints are 64-bit, so a
// valid literal that does not fit raises OverflowError("integer overflow").
#pragma once

#include <cstdint>
#include <string_view>

namespace aio::text {

// int(s, base): base 0 (literal prefixes 0x/0o/0b, no leading zeros) or 2..36.
// Throws ValueError "invalid literal for int() with base 10: 'abc'" or
// "int() base must be >= 2 and <= 36, or 0"; OverflowError "integer overflow".
std::int64_t parse_int(std::string_view s, int base = 10);

// float(s): decimal literals with optional exponent, "inf", "infinity", "nan" in any
// case with a sign. Throws ValueError "could not convert string to float: 'x'".
double parse_float(std::string_view s);

}  // namespace aio::text
