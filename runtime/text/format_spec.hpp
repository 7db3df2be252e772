// runtime/text: the format-spec mini-language of format(value, spec) and f"{x:spec}".
// parse_format_spec turns "[[fill]align][sign][z][#][0][width][,|_][.precision][type]"
// into a FormatSpec; format_int/format_float/format_str render one value with it.
// Every error is CPython 3.11's ValueError text, raised in CPython's order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace aio::text {

struct FormatSpec {
    char32_t fill = ' ';
    char align = 0;            // '<' '>' '=' '^', or 0: the type's default
    char sign = 0;             // '+' '-' ' ', or 0
    bool no_neg_zero = false;  // 'z': -0.0 rounds to "0.0"
    bool alternate = false;    // '#'
    char grouping = 0;         // ',' or '_', or 0
    std::int64_t width = -1;   // -1: none
    std::int64_t precision = -1;
    char32_t type = 0;         // 0: none given (the type's default after parsing)
};

// Parses [spec] for an object of Python type [type_name] ("int", "float", "str", "bool").
// [default_type] replaces a missing type before the grouping check ('d' for int, 's' for
// str, 0 for float), as CPython does. Throws ValueError ("Invalid format specifier 'x' for
// object of type 'int'", "Format specifier missing precision", "Cannot specify ',' with 's'.").
FormatSpec parse_format_spec(std::string_view spec, std::string_view type_name = "int", char32_t default_type = 0);

// format(int, spec): types b c d o x X n and none; e E f F g G % convert to float.
// [type_name] appears in errors ("bool" for True/False).
std::string format_int(std::int64_t v, const FormatSpec& spec, std::string_view type_name = "int");
// format(float, spec): e E f F g G n % and none (repr-like, or 'g' with ".0" if a precision).
std::string format_float(double v, const FormatSpec& spec);
// format(str, spec): type s or none; alignment counts code points, precision truncates.
std::string format_str(std::string_view s, const FormatSpec& spec);

// Convenience: parse then format, as format(v, spec) does for each type.
std::string format_int(std::int64_t v, std::string_view spec, std::string_view type_name = "int");
std::string format_float(double v, std::string_view spec);
std::string format_str(std::string_view s, std::string_view spec);

// Appends [n] copies of [fill] to [out] (UTF-8 encoded).
void append_fill(std::string& out, char32_t fill, std::int64_t n);

}  // namespace aio::text
