// runtime/text: shapes of the generated Unicode tables (unicode_tables.cpp).
// Internal to runtime/text: callers use unicode_class.hpp. Tables are sorted by
// code point so lookups are binary searches; Latin-1 has a direct 256-entry table.
#pragma once

#include <cstddef>
#include <cstdint>

namespace aio::text::detail {

// Property bits, one per str predicate CPython exposes (plus two used by title()/lower()).
enum : std::uint16_t {
    kAlpha = 1 << 0,
    kDecimal = 1 << 1,
    kDigit = 1 << 2,
    kNumeric = 1 << 3,
    kSpace = 1 << 4,
    kPrintable = 1 << 5,
    kUpper = 1 << 6,
    kLower = 1 << 7,
    kTitle = 1 << 8,
    kIdStart = 1 << 9,
    kIdContinue = 1 << 10,
    kCaseIgnorable = 1 << 11,
};

// From [start] up to the next run's start, every code point has [flags].
struct FlagRun {
    std::uint32_t start;
    std::uint16_t flags;
};

// Code points first, first+stride, ..., last map to cp+delta for
// delta[0]=upper, [1]=lower, [2]=title, [3]=casefold (single code point results).
struct CaseRun {
    std::uint32_t first;
    std::uint32_t last;
    std::uint8_t stride;
    std::int32_t delta[4];
};

// A code point with at least one multi-code-point mapping (e.g. U+00DF -> "SS").
// map[k] lists up to 3 code points, 0-terminated when shorter; k as in CaseRun.
struct SpecialCase {
    char32_t cp;
    char32_t map[4][3];
};

extern const std::uint16_t kLatin1Flags[256];
extern const FlagRun kFlagRuns[];  // covers U+0100..U+10FFFF
extern const std::size_t kFlagRunCount;
extern const CaseRun kCaseRuns[];  // covers U+0080..U+10FFFF
extern const std::size_t kCaseRunCount;
extern const SpecialCase kSpecialCases[];
extern const std::size_t kSpecialCaseCount;
// The code point of digit 0 of every block of ten decimal digits (category Nd).
extern const std::uint32_t kDecimalStarts[];
extern const std::size_t kDecimalStartCount;

}  // namespace aio::text::detail
