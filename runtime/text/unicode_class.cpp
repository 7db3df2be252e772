// runtime/text: lookups into the generated Unicode tables.
// Latin-1 is one array index; everything else is a binary search over sorted runs.
// ASCII case mapping never touches the tables.
#include "runtime/text/unicode_class.hpp"

#include <algorithm>

namespace aio::text {

using namespace detail;

std::uint16_t char_flags(char32_t cp) noexcept {
    if (cp < 256) return kLatin1Flags[cp];
    if (cp > 0x10FFFF) return 0;
    // The last run whose start is <= cp.
    const FlagRun* end = kFlagRuns + kFlagRunCount;
    const FlagRun* it =
        std::upper_bound(kFlagRuns, end, std::uint32_t(cp), [](std::uint32_t c, const FlagRun& r) { return c < r.start; });
    return it == kFlagRuns ? 0 : (it - 1)->flags;
}

int map_case(char32_t cp, CaseKind kind, char32_t out[3]) noexcept {
    if (cp < 0x80) {
        bool up = cp >= 'A' && cp <= 'Z', low = cp >= 'a' && cp <= 'z';
        bool to_upper = kind == CaseKind::Upper || kind == CaseKind::Title;
        if (to_upper && low) cp -= 32;
        if (!to_upper && up) cp += 32;
        out[0] = cp;
        return 1;
    }
    int k = static_cast<int>(kind);
    const SpecialCase* send = kSpecialCases + kSpecialCaseCount;
    const SpecialCase* sp =
        std::lower_bound(kSpecialCases, send, cp, [](const SpecialCase& s, char32_t c) { return s.cp < c; });
    if (sp != send && sp->cp == cp) {
        int n = 0;
        while (n < 3 && sp->map[k][n] != 0) {
            out[n] = sp->map[k][n];
            ++n;
        }
        return n;
    }
    const CaseRun* cend = kCaseRuns + kCaseRunCount;
    const CaseRun* it = std::upper_bound(kCaseRuns, cend, std::uint32_t(cp),
                                         [](std::uint32_t c, const CaseRun& r) { return c < r.first; });
    out[0] = cp;
    if (it != kCaseRuns) {
        const CaseRun& r = *(it - 1);
        if (cp <= r.last && (cp - r.first) % r.stride == 0) out[0] = char32_t(std::int32_t(cp) + r.delta[k]);
    }
    return 1;
}

int decimal_value(char32_t cp) noexcept {
    if (cp < 0x80) return cp >= '0' && cp <= '9' ? int(cp - '0') : -1;
    const std::uint32_t* end = kDecimalStarts + kDecimalStartCount;
    const std::uint32_t* it = std::upper_bound(kDecimalStarts, end, std::uint32_t(cp));
    if (it == kDecimalStarts) return -1;
    std::uint32_t off = cp - *(it - 1);
    return off < 10 && is_decimal(cp) ? int(off) : -1;
}

}  // namespace aio::text
