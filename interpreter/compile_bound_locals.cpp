// interpreter/compile_bound_locals.cpp - which reads of a local need the unbound check.
// A forward "definitely bound" analysis over finished bytecode: a local is bound
// on entry when it is a parameter, becomes bound at STORE_FAST (and after a
// LOAD_FAST_CHECK of it succeeded), unbound at DELETE_FAST; where paths meet,
// only what is bound on all of them stays bound. An exception handler is
// entered from any instruction it covers, with that instruction's state before
// it ran. LOAD_FAST then needs no test in the VM, which is most of the cost of
// the commonest instruction; every load the analysis cannot prove (unreachable
// code included) becomes LOAD_FAST_CHECK.
#include <algorithm>
#include <vector>

#include "interpreter/compile_builder.hpp"

namespace aio::compiler {

void mark_unproven_loads(uint32_t* code, uint32_t n, const std::vector<rt::ExcEntry>& exc, uint32_t nparams) {
    uint32_t nlocals = 0;
    for (uint32_t i = 0; i < n; i++) {
        Op op = vm::op_of(code[i]);
        if (op == Op::LOAD_FAST || op == Op::STORE_FAST || op == Op::DELETE_FAST)
            nlocals = std::max(nlocals, vm::arg_of(code[i]) + 1);
    }
    if (nlocals == 0) return;
    const uint32_t W = (nlocals + 63) / 64;
    std::vector<uint64_t> state(size_t(n + 1) * W, 0);  // bound-set before each instruction
    std::vector<bool> seen(n + 1, false);
    std::vector<int64_t> handler(n, -1);  // the one exception handler covering each instruction
    for (const rt::ExcEntry& e : exc)
        for (uint32_t i = e.start; i < e.end && i < n; i++) handler[i] = e.target;
    std::vector<uint32_t> work;
    std::vector<uint64_t> cur(W);

    auto flow_to = [&](uint32_t at, const uint64_t* bits) {
        if (at > n) return;
        uint64_t* s = &state[size_t(at) * W];
        if (!seen[at]) {
            std::copy(bits, bits + W, s);
            seen[at] = true;
            work.push_back(at);
            return;
        }
        bool changed = false;
        for (uint32_t w = 0; w < W; w++) {
            uint64_t v = s[w] & bits[w];
            if (v != s[w]) { s[w] = v; changed = true; }
        }
        if (changed) work.push_back(at);
    };

    for (uint32_t p = 0; p < std::min(nparams, nlocals); p++) cur[p / 64] |= uint64_t(1) << (p % 64);
    flow_to(0, cur.data());
    while (!work.empty()) {
        uint32_t i = work.back();
        work.pop_back();
        if (i >= n) continue;
        const uint64_t* in = &state[size_t(i) * W];
        if (handler[i] >= 0) flow_to(uint32_t(handler[i]), in);
        std::copy(in, in + W, cur.begin());
        Op op = vm::op_of(code[i]);
        uint32_t arg = vm::arg_of(code[i]);
        if (op == Op::STORE_FAST || op == Op::LOAD_FAST) cur[arg / 64] |= uint64_t(1) << (arg % 64);
        else if (op == Op::DELETE_FAST) cur[arg / 64] &= ~(uint64_t(1) << (arg % 64));
        if (is_jump(op)) flow_to(arg, cur.data());
        if (!is_terminal(op)) flow_to(i + 1, cur.data());
    }
    for (uint32_t i = 0; i < n; i++) {
        if (vm::op_of(code[i]) != Op::LOAD_FAST) continue;
        uint32_t arg = vm::arg_of(code[i]);
        if (!seen[i] || !(state[size_t(i) * W + arg / 64] >> (arg % 64) & 1))
            code[i] = vm::encode(Op::LOAD_FAST_CHECK, arg);
    }
}

}  // namespace aio::compiler
