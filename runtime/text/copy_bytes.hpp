// runtime/text: copy_bytes, a memcpy for the short pieces strings are mostly
// made of (words of a split, parts of a join). Up to 16 bytes take two
// overlapping loads and stores, with no library call: for a 5-byte word the
// call to memcpy cost more than the copy (bench/words.py copied ~2.4M such
// pieces). Longer pieces go to memcpy.
#pragma once

#include <cstdint>
#include <cstring>

namespace aio::text {

// Copies n bytes, sizeof(W) <= n <= 2 * sizeof(W), as two words that overlap.
template <class W>
inline void copy_two_words(char* dst, const char* src, std::size_t n) noexcept {
    W a, b;
    std::memcpy(&a, src, sizeof(W));
    std::memcpy(&b, src + n - sizeof(W), sizeof(W));
    std::memcpy(dst, &a, sizeof(W));
    std::memcpy(dst + n - sizeof(W), &b, sizeof(W));
}

// Copies n bytes from src to dst (which do not overlap).
inline void copy_bytes(char* dst, const char* src, std::size_t n) noexcept {
    if (n > 16) std::memcpy(dst, src, n);
    else if (n >= 8) copy_two_words<std::uint64_t>(dst, src, n);
    else if (n >= 4) copy_two_words<std::uint32_t>(dst, src, n);
    else if (n) {
        // 1..3 bytes: first, middle and last cover them all.
        char first = src[0], mid = src[n >> 1], last = src[n - 1];
        dst[0] = first;
        dst[n >> 1] = mid;
        dst[n - 1] = last;
    }
}

}  // namespace aio::text
