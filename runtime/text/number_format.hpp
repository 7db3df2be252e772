// runtime/text: numbers -> text, as CPython's repr(float), str(int), hex(), oct(), bin().
// Digits come from std::to_chars (shortest round-trip or correctly rounded); CPython's
// layout rules (exponent thresholds, "1e+16", "-0.0", "inf") are applied on top.
#pragma once

#include <cstdint>
#include <string>

namespace aio::text {

// repr(float) / str(float): shortest round-trip digits; scientific when the decimal
// exponent is < -4 or >= 16 ("1e+16", "1.5e-05"), else fixed with at least ".0".
std::string float_repr(double d);
void append_float_repr(std::string& out, double d);

// How render_float lays digits out; covers 'e', 'f', 'g', repr and format()'s no-type.
struct FloatLayout {
    char type = 'r';          // 'e' scientific, 'f' fixed, 'g' general, 'r' repr-like general
    int precision = -1;       // e/f: digits after the point; g/r: significant digits; -1: shortest
    int threshold = 16;       // g/r: scientific when exponent < -4 or >= threshold
    bool alternate = false;   // '#': keep trailing zeros in g, always show the point
    bool add_dot_zero = true; // r: "1.0" rather than "1" when fixed and integral
    bool upper = false;       // 'E', 'F', 'G': "1E+16", "INF", "NAN"
};

// Appends |d| (sign not written; d may be inf or nan) laid out per [layout] to [out].
void render_float(std::string& out, double d, const FloatLayout& layout);

// str(i) in [base] 2..36 with lowercase digits and a leading '-' ("-ff"); INT64_MIN safe.
std::string int_to_string(std::int64_t v, int base = 10);
// Appends the digits of [magnitude] in [base] (lowercase unless [upper]); no sign.
void append_uint(std::string& out, std::uint64_t magnitude, int base, bool upper = false);

// hex(v), oct(v), bin(v): "-0x1f", "0o17", "0b101".
std::string int_to_hex(std::int64_t v);
std::string int_to_oct(std::int64_t v);
std::string int_to_bin(std::int64_t v);

// |v| as unsigned, correct for INT64_MIN.
inline std::uint64_t magnitude(std::int64_t v) noexcept {
    return v < 0 ? ~static_cast<std::uint64_t>(v) + 1 : static_cast<std::uint64_t>(v);
}

}  // namespace aio::text
