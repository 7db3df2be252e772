// runtime/text: hash_bytes. Each step multiplies two 64-bit lanes to 128 bits and folds
// the halves (a "mum" mix): one multiply spreads every input bit over the whole word,
// which is why 16 bytes per multiply is enough for hash-table quality.
#include "runtime/text/hash.hpp"

#include <cstring>

namespace aio::text {

namespace {

// Odd constants with well-spread bits (digits of pi and e in hex).
constexpr std::uint64_t kP0 = 0x243f6a8885a308d3ULL;
constexpr std::uint64_t kP1 = 0x13198a2e03707345ULL;
constexpr std::uint64_t kP2 = 0xa4093822299f31d1ULL;
constexpr std::uint64_t kP3 = 0xb7e151628aed2a6bULL;

inline std::uint64_t mum(std::uint64_t a, std::uint64_t b) noexcept {
    unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
    return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

inline std::uint64_t load8(const unsigned char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

// Reads 0..8 bytes as a little-endian-ish word without reading past the end.
inline std::uint64_t load_tail(const unsigned char* p, std::size_t n) noexcept {
    if (n >= 8) return load8(p);
    std::uint64_t w = 0;
    if (n >= 4) {
        std::uint32_t a, b;
        std::memcpy(&a, p, 4);
        std::memcpy(&b, p + n - 4, 4);
        return (std::uint64_t(a) << 32) | b;
    }
    if (n > 0) w = (std::uint64_t(p[0]) << 16) | (std::uint64_t(p[n >> 1]) << 8) | p[n - 1];
    return w;
}

}  // namespace

std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size();
    std::uint64_t h = seed ^ mum(seed ^ kP0, n ^ kP1);
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) h = mum(load8(p + i) ^ kP1 ^ h, load8(p + i + 8) ^ kP2);
    std::size_t rest = n - i;
    std::uint64_t a = load_tail(p + i, rest < 8 ? rest : 8);
    std::uint64_t b = rest > 8 ? load_tail(p + i + 8, rest - 8) : 0;
    h = mum(a ^ kP1 ^ h, b ^ kP2 ^ rest);
    return mum(h ^ kP3, h ^ kP0 ^ n);
}

}  // namespace aio::text
