// interpreter/frame.hpp - frames and fibers: where running code keeps its state.
// A Fiber is a segmented value stack plus a stack of Frames. Script-to-script
// calls push a Frame on the current fiber and never recurse on the C++ stack.
// Invariant: value memory never moves (new chunks are added instead of growing
// one), so Value* into a fiber stay valid while their frame lives; a frame's
// live values are [base, sp) — the VM stores sp before anything can collect.
#pragma once
#include <cstdint>
#include <deque>
#include <vector>

#include "interpreter/code.hpp"
#include "runtime/object.hpp"

namespace aio::vm {

struct Frame {
    rt::Code* code;
    rt::Function* func;      // nullptr for module code run directly
    rt::Dict* globals;
    rt::Dict* locals;        // module/class bodies (LOAD_NAME); else nullptr
    rt::Value* base;         // nlocals local slots
    rt::Value* cells;        // ncells Cell* values (base + nlocals)
    rt::Value* stack;        // value stack bottom (cells + ncells)
    rt::Value* sp;           // saved stack pointer (valid whenever control is outside the loop)
    rt::Value* ret;          // where the caller wants the result (caller's stack), or nullptr
    const uint32_t* ip;      // next instruction
    const uint32_t* cur;     // instruction being executed (traceback line, exception table)
    rt::Tuple* kwnames;      // pending KW_NAMES for the next CALL
    bool boundary;           // returning from this frame returns from run()
    uint8_t chunk_index;     // the fiber chunk holding this frame
};

struct Fiber {
    struct Chunk {
        rt::Value* mem = nullptr;
        size_t cap = 0;
        size_t used = 0;
    };
    std::vector<Chunk> chunks;   // chunks[top] is in use; later ones are spare
    size_t top = 0;
    std::deque<Frame> frames;    // deque: references stay valid on push/pop at the end
    rt::Value handled;           // the exception being handled (sys.exc_info), None when none
    rt::Object* owner = nullptr; // the generator/coroutine owning this fiber, or nullptr

    Fiber();
    ~Fiber();
    Fiber(const Fiber&) = delete;
    Fiber& operator=(const Fiber&) = delete;

    // Reserves n contiguous values for a new frame; returns their start.
    rt::Value* alloc(size_t n, uint8_t* chunk_index);
    // Releases the values of the frame that is being popped.
    void release(rt::Value* base, uint8_t chunk_index);
};

}  // namespace aio::vm
