// runtime/text: Unicode properties of single code points, for str.isX() and case mapping.
// Backed by tables generated from CPython 3.11's unicodedata (Unicode 14.0), so the
// answers are CPython's for every code point; Latin-1 is a direct table lookup.
#pragma once

#include <cstdint>

#include "runtime/text/unicode_tables.hpp"

namespace aio::text {

// The property bits (detail::kAlpha, ...) of [cp]; 0 for unassigned or out of range.
std::uint16_t char_flags(char32_t cp) noexcept;

inline bool char_has(char32_t cp, std::uint16_t bits) noexcept { return (char_flags(cp) & bits) != 0; }

inline bool is_alpha(char32_t cp) noexcept { return char_has(cp, detail::kAlpha); }
inline bool is_decimal(char32_t cp) noexcept { return char_has(cp, detail::kDecimal); }
inline bool is_digit(char32_t cp) noexcept { return char_has(cp, detail::kDigit); }
inline bool is_numeric(char32_t cp) noexcept { return char_has(cp, detail::kNumeric); }
// str.isalnum(): alpha, decimal, digit or numeric.
inline bool is_alnum(char32_t cp) noexcept {
    return char_has(cp, detail::kAlpha | detail::kDecimal | detail::kDigit | detail::kNumeric);
}
// str.isspace() and the separators of str.split(): includes \x1c-\x1f, \x85, \xa0.
inline bool is_space(char32_t cp) noexcept { return char_has(cp, detail::kSpace); }
// bytes.isspace() and the separators of bytes.split(): space, \t \n \v \f \r only.
inline bool is_ascii_space(char c) noexcept { return c == ' ' || (c >= 9 && c <= 13); }
// is_space for c < 0x80 without the table lookup (split() runs it on every byte):
// \t \n \v \f \r, \x1c-\x1f and space.
inline bool is_ascii_white_space(unsigned char c) noexcept {
    constexpr uint64_t kMask = (uint64_t(0x1f) << 9) | (uint64_t(0xf) << 0x1c) | (uint64_t(1) << ' ');
    return c <= ' ' && ((kMask >> c) & 1);
}
inline bool is_upper(char32_t cp) noexcept { return char_has(cp, detail::kUpper); }
inline bool is_lower(char32_t cp) noexcept { return char_has(cp, detail::kLower); }
inline bool is_titlecase(char32_t cp) noexcept { return char_has(cp, detail::kTitle); }
// Unicode "Cased": has an upper, lower or title case form property.
inline bool is_cased(char32_t cp) noexcept {
    return char_has(cp, detail::kUpper | detail::kLower | detail::kTitle);
}
// Unicode "Case_Ignorable" (marks, format chars, apostrophes): skipped by title() and final sigma.
inline bool is_case_ignorable(char32_t cp) noexcept { return char_has(cp, detail::kCaseIgnorable); }
// str.isprintable() and repr(): false for controls, separators other than ' ', unassigned.
inline bool is_printable(char32_t cp) noexcept { return char_has(cp, detail::kPrintable); }
// XID_Start plus '_' / XID_Continue: the rules of str.isidentifier().
inline bool is_id_start(char32_t cp) noexcept { return char_has(cp, detail::kIdStart); }
inline bool is_id_continue(char32_t cp) noexcept { return char_has(cp, detail::kIdContinue); }

enum class CaseKind { Upper = 0, Lower = 1, Title = 2, Fold = 3 };

// Full case mapping of [cp] (SpecialCasing included: U+00DF upper -> "SS"); writes up to
// 3 code points to [out] and returns how many. Context rules (final sigma) are the caller's.
int map_case(char32_t cp, CaseKind kind, char32_t out[3]) noexcept;

// Numeric value of a decimal digit code point (0..9), or -1 (int() and float() accept any Nd).
int decimal_value(char32_t cp) noexcept;

}  // namespace aio::text
