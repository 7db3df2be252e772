// interpreter/compile_builder.hpp - the instruction buffer of one code object:
// emit instructions with their line and innermost exception handler, jump to
// labels, then `finish` resolves labels, computes the max stack depth and the
// handler depths (one flow pass over the stack effects) and the exception table.
#pragma once
#include <cstdint>
#include <vector>

#include "interpreter/code.hpp"
#include "interpreter/opcodes.hpp"

namespace aio::compiler {

using vm::Op;

// Net stack effect of `op` with `arg`; `jump` selects the branch-taken effect.
int stack_effect(Op op, uint32_t arg, bool jump);
// How far above its depth before it an instruction writes while it runs, beyond
// what max(before, after) covers (a frame has no spare slot above its stack).
int transient_peak(Op op, uint32_t arg);
bool is_jump(Op op);
// Unconditional transfer: the next instruction is not reached from this one.
bool is_terminal(Op op);
// Rewrites each LOAD_FAST of a local not bound on every path to it into
// LOAD_FAST_CHECK (compile_bound_locals.cpp). Locals 0..nparams-1 are bound on entry.
void mark_unproven_loads(uint32_t* code, uint32_t n, const std::vector<rt::ExcEntry>& exc, uint32_t nparams);

class Builder {
public:
    using Label = int;

    Label new_label() {
        labels_.push_back(-1);
        return Label(labels_.size() - 1);
    }
    void bind(Label l) { labels_[l] = int(code_.size()); }
    bool bound(Label l) const { return labels_[l] >= 0; }

    void emit(Op op, uint32_t arg = 0);
    void emit_jump(Op op, Label target) { emit(op, uint32_t(target)); }

    // Exception handlers. The handler's depth is the stack depth at the next
    // emitted instruction plus `adjust` (e.g. -1 for `with`, whose enter result
    // sits above the exit function). `lasti` pushes the faulting index.
    int push_handler(Label target, bool lasti, int adjust = 0);
    void repush_handler(int id) { hstack_.push_back(id); }
    int pop_handler() {
        int id = hstack_.back();
        hstack_.pop_back();
        return id;
    }
    int top_handler() const { return hstack_.empty() ? -1 : hstack_.back(); }
    // The active handler stack (return/break/continue unwinding truncates it
    // while emitting inline exit code, then restores it).
    const std::vector<int>& handler_stack() const { return hstack_; }
    void set_handler_stack(std::vector<int> hs) { hstack_ = std::move(hs); }
    void truncate_handlers(size_t n) { if (hstack_.size() > n) hstack_.resize(n); }

    uint32_t size() const { return uint32_t(code_.size()); }
    Op last_op() const { return code_.empty() ? Op::NOP : vm::op_of(code_.back()); }
    // Replaces the opcode of the last instruction, keeping its arg.
    void retag_last(Op op) { code_.back() = vm::encode(op, vm::arg_of(code_.back())); }

    int line = 0;  // line given to emitted instructions

    // Empties the builder for a new code object (keeps the buffers' memory).
    void reset() {
        code_.clear();
        lines_.clear();
        handler_of_.clear();
        labels_.clear();
        handlers_.clear();
        hstack_.clear();
        line = 0;
    }

    // Moves the instructions, lines, stacksize and exception table into `code`;
    // the first `nparams` locals are the parameters (bound on entry).
    // Returns false when the stack depth is inconsistent (a compiler bug).
    bool finish(rt::Code* code, uint32_t nparams);

private:
    struct Handler {
        Label target;
        uint32_t start;
        int adjust;
        bool lasti;
    };
    std::vector<uint32_t> code_;
    std::vector<int32_t> lines_;
    std::vector<int32_t> handler_of_;
    std::vector<int32_t> labels_;
    std::vector<Handler> handlers_;
    std::vector<int> hstack_;
    std::vector<int> depth_;          // finish() scratch
    std::vector<uint32_t> work_;      // finish() scratch
    std::vector<bool> handler_done_;  // finish() scratch
};

}  // namespace aio::compiler
