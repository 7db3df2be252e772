// interpreter/frame.hpp - frames and fibers: where running code keeps its state.
// A Fiber is a segmented value stack plus a stack of Frames. Script-to-script
// calls push a Frame on the current fiber and never recurse on the C++ stack.
// Invariant: value memory never moves (new chunks are added instead of growing
// one), so Value* into a fiber stay valid while their frame lives; a frame's
// live values are [base, sp) — the VM stores sp before anything can collect.
#pragma once
#include <cstdint>
#include <memory>
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

// A stack of Frames in fixed blocks that are kept once allocated: pushing and
// popping never allocate in steady state, and a Frame& stays valid until popped.
class FrameStack {
public:
    Frame& emplace_back() {
        size_t b = size_ / kBlock;
        if (b == blocks_.size()) blocks_.emplace_back(new Frame[kBlock]);
        Frame& f = blocks_[b][size_ % kBlock];
        size_++;
        return f;
    }
    void pop_back() { size_--; }
    Frame& back() { return at(size_ - 1); }
    Frame& at(size_t i) { return blocks_[i / kBlock][i % kBlock]; }
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

private:
    static constexpr size_t kBlock = 64;
    std::vector<std::unique_ptr<Frame[]>> blocks_;
    size_t size_ = 0;
};

struct Fiber {
    struct Chunk {
        rt::Value* mem = nullptr;
        size_t cap = 0;
        size_t used = 0;
    };
    std::vector<Chunk> chunks;   // chunks[top] is in use; later ones are spare
    size_t top = 0;
    FrameStack frames;
    rt::Value handled;           // the exception being handled (sys.exc_info), None when none
    rt::Object* owner = nullptr; // the generator/coroutine owning this fiber, or nullptr

    Fiber();
    ~Fiber();
    Fiber(const Fiber&) = delete;
    Fiber& operator=(const Fiber&) = delete;

    // Reserves n contiguous values for a new frame; returns their start.
    rt::Value* alloc(size_t n, uint8_t* chunk_index) {
        if (!chunks.empty()) {
            Chunk& c = chunks[top];
            if (c.used + n <= c.cap) {
                rt::Value* p = c.mem + c.used;
                c.used += n;
                *chunk_index = uint8_t(top);
                return p;
            }
        }
        return alloc_slow(n, chunk_index);
    }
    rt::Value* alloc_slow(size_t n, uint8_t* chunk_index);
    // Releases the values of the frame that is being popped.
    void release(rt::Value* base, uint8_t chunk_index) {
        Chunk& c = chunks[chunk_index];
        c.used = size_t(base - c.mem);
        top = chunk_index;
    }
};

}  // namespace aio::vm
