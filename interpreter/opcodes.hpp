// interpreter/opcodes.hpp - the opcode enum and per-opcode metadata, expanded
// from opcodes.def (the one list). Instruction word = op | (arg << 8).
#pragma once
#include <cstdint>

namespace aio::vm {

enum class Op : uint8_t {
#define OP(name, effect, meaning) name,
#include "interpreter/opcodes.def"
#undef OP
    COUNT_
};

inline constexpr const char* kOpNames[] = {
#define OP(name, effect, meaning) #name,
#include "interpreter/opcodes.def"
#undef OP
};

inline constexpr uint32_t encode(Op op, uint32_t arg = 0) { return uint32_t(op) | (arg << 8); }
inline constexpr Op op_of(uint32_t word) { return Op(word & 0xff); }
inline constexpr uint32_t arg_of(uint32_t word) { return word >> 8; }
inline constexpr uint32_t kMaxArg = (1u << 24) - 1;

}  // namespace aio::vm
