// interpreter/compile_builder.cpp - labels, stack depth and the exception table.
// The depth pass follows every edge (fall-through, jumps, exception handlers)
// once; a handler's entry depth is its try-start depth (+ lasti) + the exception.
#include "interpreter/compile_builder.hpp"

#include <algorithm>

#include "grammar/ast.hpp"

namespace aio::compiler {

bool is_jump(Op op) {
    switch (op) {
        case Op::JUMP: case Op::POP_JUMP_IF_FALSE: case Op::POP_JUMP_IF_TRUE:
        case Op::POP_JUMP_IF_NONE: case Op::POP_JUMP_IF_NOT_NONE:
        case Op::JUMP_IF_FALSE_OR_POP: case Op::JUMP_IF_TRUE_OR_POP: case Op::FOR_ITER:
            return true;
        default:
            return false;
    }
}

bool is_terminal(Op op) {
    return op == Op::JUMP || op == Op::RETURN_VALUE || op == Op::RAISE_VARARGS || op == Op::RERAISE;
}

int stack_effect(Op op, uint32_t arg, bool jump) {
    switch (op) {
        case Op::NOP: case Op::SWAP: case Op::DELETE_FAST: case Op::DELETE_DEREF:
        case Op::DELETE_NAME: case Op::DELETE_GLOBAL: case Op::LOAD_ATTR:
        case Op::UNARY_POSITIVE: case Op::UNARY_NEGATIVE: case Op::UNARY_NOT: case Op::UNARY_INVERT:
        case Op::LIST_TO_TUPLE: case Op::JUMP: case Op::GET_ITER: case Op::KW_NAMES:
        case Op::SETUP_ANNOTATIONS: case Op::CHECK_EXC_MATCH: case Op::YIELD_VALUE:
        case Op::GET_YIELD_FROM_ITER: case Op::GET_AWAITABLE: case Op::GET_AITER:
            return 0;
        case Op::POP_TOP: case Op::POP_ITER: case Op::STORE_FAST: case Op::STORE_DEREF: case Op::STORE_NAME:
        case Op::STORE_GLOBAL: case Op::DELETE_ATTR: case Op::BINARY_SUBSCR: case Op::BINARY_OP:
        case Op::COMPARE_OP: case Op::IS_OP: case Op::CONTAINS_OP: case Op::LIST_APPEND:
        case Op::SET_ADD: case Op::LIST_EXTEND: case Op::SET_UPDATE: case Op::DICT_UPDATE:
        case Op::DICT_MERGE: case Op::POP_JUMP_IF_FALSE: case Op::POP_JUMP_IF_TRUE:
        case Op::POP_JUMP_IF_NONE: case Op::POP_JUMP_IF_NOT_NONE: case Op::RETURN_VALUE:
        case Op::POP_EXCEPT: case Op::WITH_NORMAL_EXIT: case Op::YIELD_FROM: case Op::IMPORT_NAME:
        case Op::IMPORT_STAR: case Op::PRINT_EXPR:
            return -1;
        case Op::PUSH_NULL: case Op::COPY: case Op::LOAD_CONST: case Op::LOAD_FAST:
        case Op::LOAD_DEREF: case Op::LOAD_CLOSURE: case Op::LOAD_CLASSDEREF: case Op::LOAD_NAME:
        case Op::LOAD_GLOBAL: case Op::LOAD_METHOD: case Op::LOAD_BUILD_CLASS:
        case Op::PUSH_EXC_INFO: case Op::LOAD_ASSERTION_ERROR: case Op::BEFORE_WITH:
        case Op::WITH_EXCEPT_START: case Op::GET_ANEXT: case Op::BEFORE_ASYNC_WITH:
        case Op::IMPORT_FROM:
            return 1;
        case Op::STORE_ATTR: case Op::DELETE_SUBSCR: case Op::MAP_ADD: case Op::END_ASYNC_FOR:
            return -2;
        case Op::STORE_SUBSCR:
            return -3;
        case Op::BUILD_SLICE:
            return 1 - int(arg);
        case Op::BUILD_TUPLE: case Op::BUILD_LIST: case Op::BUILD_SET: case Op::BUILD_STRING:
            return 1 - int(arg);
        case Op::BUILD_MAP:
            return 1 - 2 * int(arg);
        case Op::FORMAT_VALUE:
            return (arg & 4) ? -1 : 0;
        case Op::UNPACK_SEQUENCE:
            return int(arg) - 1;
        case Op::UNPACK_EX:
            return int(arg & 0xff) + int(arg >> 8);
        case Op::JUMP_IF_FALSE_OR_POP: case Op::JUMP_IF_TRUE_OR_POP:
            return jump ? 0 : -1;
        case Op::FOR_ITER:
            return jump ? -1 : 1;
        case Op::MAKE_FUNCTION:
            return (arg & 16) ? -int(arg >> 5) : -__builtin_popcount(arg & 15);
        case Op::CALL: case Op::CALL_AWAIT:
            return -int(arg) - 1;
        case Op::CALL_FUNCTION_EX:
            return (arg & 1) ? -3 : -2;
        case Op::RAISE_VARARGS:
            return -int(arg);
        case Op::RERAISE:
            return arg ? -2 : -1;
        case Op::COUNT_:
            break;
        case Op::LOAD_FAST_CHECK:
#define OP(name, effect, meaning)
#define SUPER(name, first, second) case Op::name:
#define SPECIAL(name, kind) case Op::name:
#include "interpreter/opcodes.def"
#undef SPECIAL
#undef SUPER
#undef OP
            break;  // never emitted: mark_unproven_loads, fuse_superinstructions and
                    // specialize_binary_ops run after this pass
    }
    return 0;
}

int transient_peak(Op op, uint32_t arg) {
    switch (op) {
        case Op::BUILD_SET: case Op::BUILD_MAP:
            // vm.cpp roots the new set/dict above its items while hashing them (it may
            // call Python): one slot more than before, when there are items.
            return arg ? 1 : 0;
        default:
            return 0;
    }
}

// BINARY_OP of the operators that have a specialized opcode (opcodes.def) becomes it.
static void specialize_binary_ops(uint32_t* code, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        if (vm::op_of(code[i]) != Op::BINARY_OP) continue;
        uint32_t arg = vm::arg_of(code[i]);
#define OP(name, effect, meaning)
#define SPECIAL(name, kind) \
        if ((arg & 15) == uint32_t(grammar::BinOpKind::kind)) code[i] = vm::encode(Op::name, arg);
#include "interpreter/opcodes.def"
#undef SPECIAL
#undef OP
    }
}

void Builder::emit(Op op, uint32_t arg) {
    code_.push_back(vm::encode(op, arg));
    lines_.push_back(line);
    handler_of_.push_back(top_handler());
}

int Builder::push_handler(Label target, bool lasti, int adjust) {
    handlers_.push_back({target, uint32_t(code_.size()), adjust, lasti});
    int id = int(handlers_.size() - 1);
    hstack_.push_back(id);
    return id;
}

bool Builder::finish(rt::Code* out, uint32_t nparams) {
    const uint32_t n = uint32_t(code_.size());
    // Resolve labels.
    for (uint32_t i = 0; i < n; i++) {
        Op op = vm::op_of(code_[i]);
        if (is_jump(op)) code_[i] = vm::encode(op, uint32_t(labels_[vm::arg_of(code_[i])]));
    }
    // Depth pass (scratch vectors are members: reused by every code object).
    std::vector<int>& depth = depth_;
    depth.assign(n + 1, -1);
    std::vector<uint32_t>& work = work_;
    work.clear();
    int maxd = 0;
    bool ok = true;
    auto reach = [&](uint32_t at, int d) {
        if (at > n || d < 0) { ok = false; return; }
        if (depth[at] < 0) {
            depth[at] = d;
            work.push_back(at);
        } else if (depth[at] != d) {
            ok = false;
        }
        maxd = std::max(maxd, d);
    };
    if (n) reach(0, 0);
    std::vector<bool>& handler_done = handler_done_;
    handler_done.assign(handlers_.size(), false);
    for (;;) {
        while (!work.empty()) {
            uint32_t i = work.back();
            work.pop_back();
            if (i >= n) continue;
            int d = depth[i];
            Op op = vm::op_of(code_[i]);
            uint32_t arg = vm::arg_of(code_[i]);
            maxd = std::max(maxd, d + transient_peak(op, arg));
            if (is_jump(op)) reach(arg, d + stack_effect(op, arg, true));
            if (!is_terminal(op)) reach(i + 1, d + stack_effect(op, arg, false));
        }
        // Handlers whose protected code was reached, once their start depth is known.
        bool more = false;
        for (uint32_t i = 0; i < n && !handlers_.empty(); i++) {
            int h = handler_of_[i];
            if (h < 0 || handler_done[h] || depth[i] < 0) continue;
            const Handler& hd = handlers_[h];
            if (depth[hd.start] < 0) continue;
            handler_done[h] = true;
            int base = depth[hd.start] + hd.adjust;
            reach(uint32_t(labels_[hd.target]), base + (hd.lasti ? 1 : 0) + 1);
            more = true;
        }
        if (!more) break;
    }
    // Exception table: runs of instructions sharing (target, depth, lasti).
    out->exc_table.clear();
    for (uint32_t i = 0; i < n; i++) {
        int h = handler_of_[i];
        if (h < 0) continue;
        const Handler& hd = handlers_[h];
        uint32_t target = uint32_t(labels_[hd.target]);
        int sd = hd.start < depth.size() ? depth[hd.start] : -1;
        uint32_t d = uint32_t(std::max(0, sd + hd.adjust));
        if (!out->exc_table.empty()) {
            rt::ExcEntry& last = out->exc_table.back();
            if (last.end == i && last.target == target && last.depth == d && last.lasti == hd.lasti) {
                last.end = i + 1;
                continue;
            }
        }
        out->exc_table.push_back({i, i + 1, target, d, hd.lasti});
    }
    // Copies (exact size) rather than moves: the builder keeps its buffers for the next unit.
    out->code.assign(code_.begin(), code_.end());
    mark_unproven_loads(out->code.data(), n, out->exc_table, nparams);
    for (uint32_t i = 0; i < n; i++) {
        Op op = vm::op_of(out->code[i]);
        if (is_jump(op)) out->code[i] = vm::encode(op, vm::relative_jump_arg(i, vm::arg_of(out->code[i])));
    }
    specialize_binary_ops(out->code.data(), n);
    vm::fuse_superinstructions(out->code.data(), n);
    out->lines.assign(lines_.begin(), lines_.end());
    out->stacksize = uint32_t(maxd);
    return ok;
}

}  // namespace aio::compiler
