// runtime/text: the string hash used by dict/set keys of str and bytes.
// A multiply-fold hash (16 bytes per step, one 64x64->128 multiply each), written for
// aio; values differ from CPython's, which scripts cannot observe without hash().
#pragma once

#include <cstdint>
#include <string_view>

namespace aio::text {

// 64-bit hash of the bytes of [s], mixed with [seed] (0 unless the host randomises).
// Equal byte strings hash equal; str and bytes with the same bytes hash the same, as
// the runtime is free to rely on. Never returns a value that depends on alignment.
std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed = 0) noexcept;

}  // namespace aio::text
