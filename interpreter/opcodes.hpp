// interpreter/opcodes.hpp - the opcode enum and per-opcode metadata, expanded
// from opcodes.def (the one list). Instruction word = op | (arg << 8).
#pragma once
#include <cstddef>
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

// Jumps are relative to the instruction after them, biased so the arg stays unsigned:
// arg = kJumpBias + target - (index + 1). The VM finds a target as ip + arg - kJumpBias,
// one address computation, where an absolute index cost two dependent loads of the
// code's base (frame, then Code) on every taken jump. The compiler resolves its
// labels to absolute indices first (its passes read them so) and encodes them last.
inline constexpr uint32_t kJumpBias = 1u << 23;
inline constexpr uint32_t jump_target(uint32_t index, uint32_t word) { return index + 1 + arg_of(word) - kJumpBias; }
inline constexpr uint32_t relative_jump_arg(uint32_t index, uint32_t target) { return kJumpBias + target - (index + 1); }
// The target of a jump whose arg is `arg`, from `next`, the word after the jump's.
inline const uint32_t* jump_dest(const uint32_t* next, uintptr_t arg) {
    return next + (ptrdiff_t(arg) - ptrdiff_t(kJumpBias));
}

// The first instruction a superinstruction stands for, the general instruction of a
// specialized or checked one (the op itself otherwise): unfused() below.
inline constexpr Op unfused_once(Op op) {
    switch (op) {
        case Op::LOAD_FAST_CHECK: return Op::LOAD_FAST;
#define OP(name, effect, meaning)
#define SUPER(name, first, second) case Op::name: return Op::first;
#define SPECIAL(name, kind) case Op::name: return Op::BINARY_OP;
#include "interpreter/opcodes.def"
#undef SPECIAL
#undef SUPER
#undef OP
        default: return op;
    }
}

// What `aio --dis` shows: a superinstruction's first may itself be specialized.
inline constexpr Op unfused(Op op) { return unfused_once(unfused_once(op)); }

// The superinstruction for the pair (first, second), or Op::COUNT_ when none.
inline constexpr Op superinstruction(Op first, Op second) {
#define OP(name, effect, meaning)
#define SUPER(name, a, b) if (first == Op::a && second == Op::b) return Op::name;
#include "interpreter/opcodes.def"
#undef SUPER
#undef OP
    return Op::COUNT_;
}

// Rewrites the first of each superinstruction pair in finished bytecode. The
// second word stays (the VM skips it after running the pair), so jump targets,
// the line table and the exception table need no change.
inline void fuse_superinstructions(uint32_t* code, uint32_t n) {
    for (uint32_t i = 0; i + 1 < n; i++) {
        Op s = superinstruction(op_of(code[i]), op_of(code[i + 1]));
        if (s != Op::COUNT_) code[i] = encode(s, arg_of(code[i]));
    }
}

}  // namespace aio::vm
