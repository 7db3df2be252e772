// runtime/text: the string hash and equality used by dict/set keys of str and bytes.
// A multiply-fold hash (16 bytes per step, one 64x64->128 multiply each), written for
// aio; values differ from CPython's, which scripts cannot observe without hash().
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace aio::text {

// 64-bit hash of the bytes of [s], mixed with [seed] (0 unless the host randomises).
// Equal byte strings hash equal; str and bytes with the same bytes hash the same, as
// the runtime is free to rely on. Never returns a value that depends on alignment.
std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed = 0) noexcept;

// Whether the n bytes at a and b are equal. Keys are mostly short words, and a
// dict lookup of a fresh string compares it with the stored key of equal hash:
// up to 16 bytes take two overlapping word loads each instead of a memcmp call.
inline bool bytes_equal(const char* a, const char* b, std::size_t n) noexcept {
    auto load8 = [](const char* p) { std::uint64_t w; std::memcpy(&w, p, 8); return w; };
    auto load4 = [](const char* p) { std::uint32_t w; std::memcpy(&w, p, 4); return w; };
    if (n >= 8) {
        if (n > 16) return std::memcmp(a, b, n) == 0;
        return ((load8(a) ^ load8(b)) | (load8(a + n - 8) ^ load8(b + n - 8))) == 0;
    }
    if (n >= 4) return ((load4(a) ^ load4(b)) | (load4(a + n - 4) ^ load4(b + n - 4))) == 0;
    for (std::size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return false;
    return true;
}

}  // namespace aio::text
