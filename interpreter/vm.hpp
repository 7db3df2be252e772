// interpreter/vm.hpp - the VM's internal interface: its per-interpreter state,
// frame setup (argument binding) and the dispatch loop entry.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "interpreter/frame.hpp"
#include "interpreter/generator.hpp"
#include "runtime/interp.hpp"

namespace aio::vm {

struct VMState {
    Fiber main;
    Fiber* current = &main;          // the fiber whose top frame runs
    std::vector<Fiber*> resumed;     // fibers suspended by a nested resume (traced)
    int depth = 0;                   // Python frames alive on the running chain (recursion limit)
    int native_depth = 0;            // nested run() calls on the C++ stack
    rt::Value build_class;           // the __build_class__ native
    rt::Type* traceback_type = nullptr;  // created on first e.__traceback__
    std::vector<std::string> initializing;  // modules being imported (circular-import messages)
    // Host limits set by the embedding API (api/), polled only at safepoints
    // (backward jumps and calls): every loop and every recursion reaches one, and
    // straight-line code pays nothing. interrupt_requested may be set from any thread.
    // A spent budget stays spent, so a script that catches the exception cannot go on.
    std::atomic<bool> interrupt_requested{false};
    int64_t budget = -1;                 // safepoints left before raising; -1 = unlimited
    rt::Type* interrupt_type = nullptr;  // a built-in exception type; nullptr = KeyboardInterrupt
};

inline VMState& state(rt::Interp& I) { return *I.vm; }

// Pushes a frame for `f` on `fb` and binds the arguments (CPython's rules and
// messages). `args` may live on the caller's stack (zero-copy when possible).
// Throws rt::Unwind on a binding error (no frame is left pushed).
Frame& push_function_frame(rt::Interp& I, Fiber* fb, rt::Function* f, rt::Value* args,
                           uint32_t nargs, rt::Tuple* kwnames, rt::Value* ret);
// Pushes a frame running `code` with an explicit globals/locals (module and class bodies).
Frame& push_code_frame(rt::Interp& I, Fiber* fb, rt::Code* code, rt::Dict* globals,
                       rt::Dict* locals, rt::Tuple* closure);
inline void pop_frame(rt::Interp& I, Fiber* fb) {
    Frame& fr = fb->frames.back();
    fb->release(fr.base, fr.chunk_index);
    fb->frames.pop_back();
    state(I).depth--;
}

// Runs `fb` from its top frame until a boundary frame returns (Resumed{v,false})
// or yields (Resumed{v,true}). Throws rt::Unwind when the boundary frame raises.
// With throw_pending, first raises I.pending at the top frame's current instruction (gen.throw).
Resumed run(rt::Interp& I, Fiber* fb, bool throw_pending = false);

// Runs module-level code in `globals` (which is also its locals).
rt::Value run_module_code(rt::Interp& I, rt::Code* code, rt::Dict* globals);

// Creates a generator/coroutine/async generator for a call of `f`.
rt::Value make_generator(rt::Interp& I, rt::Function* f, rt::Value* args, uint32_t nargs,
                         rt::Tuple* kwnames);

// Appends a traceback entry for frame `fr` to the exception `exc`.
void add_traceback(rt::Interp& I, rt::Value exc, const Frame& fr);

// Import machinery (import.cpp).
rt::Value import_name(rt::Interp& I, rt::Str* name, rt::Value fromlist, int64_t level, rt::Dict* globals);
rt::Value import_from(rt::Interp& I, rt::Value module, rt::Str* name);
void import_star(rt::Interp& I, rt::Value module, rt::Dict* locals);

rt::Value make_build_class(rt::Interp& I);
void install_super(rt::Interp& I);

}  // namespace aio::vm
