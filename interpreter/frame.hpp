// interpreter/frame.hpp - frames and fibers: where running code keeps its state.
// A Fiber is a stack of Frames, each followed by its values, bump-allocated in
// chunks. Script-to-script calls (and awaits of coroutines, DESIGN decision 4)
// push a Frame on the current fiber and never recurse on the C++ stack.
// Invariants: memory never moves (new chunks are added instead of growing
// one), so Frame& and Value* into a fiber stay valid while their frame lives;
// a frame's live values are [base, sp) — the VM stores sp before anything can
// collect. A fiber is one allocation sized for its first frame: a suspended
// generator or task costs its frames and values, nothing more.
#pragma once
#include <cstddef>
#include <cstdint>

#include "interpreter/code.hpp"
#include "runtime/object.hpp"

namespace aio::vm {

// How a frame's result reaches its caller when it was pushed by an await
// (`await coro()`, `yield from gen()`, `await fut`) instead of a call.
enum class Fused : uint8_t {
    No,      // an ordinary call, a module/class body, or the root frame of a fiber
    Call,    // no generator object: the caller already skipped its YIELD_FROM
    Object,  // a generator object lies in the caller's *ret slot; it is Done when the frame ends
    // An async generator's own frame, living in its generator's fiber, linked for one
    // `async for` step on top of the consumer's fiber (its object lies in *ret): its
    // `yield` unlinks it and the item lands in *ret; its end raises StopAsyncIteration.
    AgenStep,
};

struct Frame {
    // No pointer to the function: what its frame uses of it is copied at the push (the
    // code, the globals, the closure's cells into the values), and the GC marks those
    // (a word fewer for each of 100,000 suspended tasks, a store fewer per call).
    rt::Code* code;
    rt::Dict* globals;
    rt::Dict* locals;        // module/class bodies (LOAD_NAME); else nullptr
    rt::Value* sp;           // saved stack pointer (valid whenever control is outside the loop)
    rt::Value* ret;          // where the caller wants the result (caller's stack), or nullptr
    // The next instruction: the resume point of a frame below the top or suspended, and
    // of the running one as its last SYNC left it (vm.cpp), past the instruction being
    // executed, whose word is ip[-1] (current()).
    const uint32_t* ip;
    Frame* prev;             // the frame below on the same fiber (the caller), or nullptr
    uint32_t cells_at;       // index of the first cell among the values (the code's nlocals)
    bool boundary;           // returning from this frame returns from run()
    Fused fused;
    bool closing;            // fused: a close() threw GeneratorExit through this frame

    // The frame's values follow it in fiber memory (Fiber::push), so their
    // addresses are computed, not stored: 100,000 suspended tasks each keep a
    // frame, and three pointers were 24 of its bytes.
    rt::Value* base() { return reinterpret_cast<rt::Value*>(this + 1); }  // nlocals local slots
    const rt::Value* base() const { return reinterpret_cast<const rt::Value*>(this + 1); }
    rt::Value* cells() { return base() + cells_at; }                      // ncells Cell* values
    rt::Value* stack() { return cells() + code->ncells(); }              // value stack bottom

    // Suspended at a YIELD_FROM that its resume re-runs (a generator waiting in an await
    // or a `yield from`): its ip stays on the YIELD_FROM. No other saved ip is on one: the
    // LOAD_CONST None always before it never stores ip, and an await that pushes a frame
    // leaves its caller's ip past the YIELD_FROM.
    bool parked_in_yield_from() const {
        return ip != code->code.data() + code->code.size() && op_of(*ip) == Op::YIELD_FROM;
    }
    // The instruction being executed or suspended at (traceback line, exception table):
    // the word before ip, except in a frame that has not started (ip at the code's start)
    // and in one parked at a YIELD_FROM. (Storing ip at SYNC instead of a word of its own
    // keeps 100,000 suspended frames 800 KB smaller.)
    const uint32_t* current() const {
        if (ip == code->code.data() || parked_in_yield_from()) return ip;
        return ip - 1;
    }
    // current() as an index into the code's words (lines, the exception table).
    size_t current_index() const { return size_t(current() - code->code.data()); }
};
static_assert(sizeof(Frame) == 64, "a frame header stays eight words");

// The frames of a fiber, newest on top (a singly linked list through Frame::prev).
// No count is kept (a suspended task's fiber header is one word smaller): size()
// walks the list, which is a frame or two for a task or generator.
class FrameList {
public:
    Frame& back() { return *top_; }
    const Frame& back() const { return *top_; }
    size_t size() const {
        size_t n = 0;
        for (const Frame* f = top_; f; f = f->prev) n++;
        return n;
    }
    bool empty() const { return !top_; }
    // Exactly one frame (a generator or task parked at its own code): no walk.
    bool single() const { return top_ && !top_->prev; }
    // i = 0 is the bottom (oldest) frame; walks from the top.
    Frame& at(size_t i) {
        Frame* f = top_;
        for (size_t k = size() - 1; k > i; k--) f = f->prev;
        return *f;
    }

private:
    friend struct Fiber;
    Frame* top_ = nullptr;
};

// A block of fiber memory; its bytes follow the header.
struct FiberChunk {
    FiberChunk* prev = nullptr;  // older chunk (never read in a fiber's embedded first chunk)
    FiberChunk* next = nullptr;  // newer (spare) chunk, kept once allocated
    uint32_t cap = 0;          // bytes (a chunk is at most kMaxChunk, or one frame)
    uint32_t used = 0;
    char* mem() { return reinterpret_cast<char*>(this + 1); }
};

// The exception a fiber is handling (sys.exc_info()): an exception object or None,
// in one word. It converts to and from Value, None for nullptr.
class HandledRef {
public:
    HandledRef& operator=(rt::Value v) {
        p_ = v.is_obj() ? v.as_obj() : nullptr;
        return *this;
    }
    operator rt::Value() const { return p_ ? rt::Value::object(p_) : rt::Value::none(); }
    bool is_null() const { return false; }
    bool is_none() const { return !p_; }

private:
    rt::Object* p_ = nullptr;
};

// 40 bytes of header: a task's fiber is this and its frames, one malloc.
struct Fiber {
    FrameList frames;
    FiberChunk* top;             // chunk holding the newest frame (or the next one to)
    // The embedded chunk has no older one: the word of its `prev` holds `handled`
    // instead, the exception being handled (sys.exc_info), None when none. 100,000
    // suspended tasks each keep a fiber header.
    union {
        FiberChunk first;        // embedded: its memory follows the Fiber (none for the main fiber)
        HandledRef handled;
    };
    // Debug builds give every frame one more value, a canary the VM must never
    // write: the compiler's stack depth (with its per-instruction transient peaks,
    // compile_builder.cpp) is the whole value stack, with no spare slot above it.
#ifdef NDEBUG
    static constexpr size_t kCanaryValues = 0;
#else
    static constexpr size_t kCanaryValues = 1;
#endif

    Fiber();  // with no embedded memory (the interpreter's main fiber)
    ~Fiber();
    Fiber(const Fiber&) = delete;
    Fiber& operator=(const Fiber&) = delete;

    // A heap fiber whose embedded chunk holds exactly `first_values` values and
    // one frame (a generator's or task's first frame); free it with destroy().
    static Fiber* create(size_t first_values);
    // The same fiber placed in memory of the caller's (sizeof(Fiber) plus frame_bytes of
    // `first_values`; a generator's own cell): end it with ~Fiber(), not destroy().
    static Fiber* create_at(void* mem, size_t first_values);
    static void destroy(Fiber* fb);
    static size_t frame_bytes(size_t nvalues) { return sizeof(Frame) + nvalues * sizeof(rt::Value); }

    // Pushes an uninitialised frame followed by `nvalues` values (frame->base()).
    Frame* push(size_t nvalues) { return push_bytes(frame_bytes(nvalues)); }
    // push() of a frame_bytes() size computed beforehand (Code::frame_bytes).
    Frame* push_bytes(size_t bytes) {
        FiberChunk* c = top;
        if (c->used + bytes > c->cap) c = grow(bytes);
        auto* f = reinterpret_cast<Frame*>(c->mem() + c->used);
        c->used += uint32_t(bytes);
        f->prev = frames.top_;
        frames.top_ = f;
        if constexpr (kCanaryValues != 0) set_canary(c->mem() + c->used);
        return f;
    }
    // Pops the top frame, releasing its memory. A chunk the pop empties stays
    // the top one, so a loop calling across a chunk boundary does not switch
    // chunks twice per call; the pop of a frame in an older chunk steps back.
    void pop() { pop_top(frames.top_); }
    // pop() when the caller knows the top frame (one load fewer on the return path).
    void pop_top(Frame* f) {
        frames.top_ = f->prev;
        // One unsigned compare: a frame below mem() wraps around to a huge offset.
        FiberChunk* c = top;
        uintptr_t off = reinterpret_cast<uintptr_t>(f) - reinterpret_cast<uintptr_t>(c->mem());
        if (off < c->cap) [[likely]] {
            if constexpr (kCanaryValues != 0) check_canary(c->mem() + c->used);
            c->used = uint32_t(off);
            return;
        }
        do {
            c->used = 0;
            c = c->prev;
            off = reinterpret_cast<uintptr_t>(f) - reinterpret_cast<uintptr_t>(c->mem());
        } while (off >= c->cap);
        c->used = uint32_t(off);
        top = c;
    }
    // Frees the spare chunks above the top one (a suspended fiber keeps only what it uses).
    void trim();
    // trim(), except that the first spare chunk, when not larger than `keep_max` bytes,
    // is detached and returned (else nullptr): a task that suspends hands it over to
    // the next one that runs (adopt_spare) instead of freeing it.
    FiberChunk* trim_keep_spare(size_t keep_max);
    // Links a detached chunk above the top one, which must have no spare.
    void adopt_spare(FiberChunk* c) {
        c->prev = top;
        c->next = nullptr;
        c->used = 0;
        top->next = c;
    }
    // Links a frame that lives in another fiber's memory on top (Fused::AgenStep), and
    // takes it off again: pop() must never see it (its memory is in no chunk of ours).
    void link_borrowed(Frame* f) {
        f->prev = frames.top_;
        frames.top_ = f;
    }
    Frame* unlink_borrowed() {
        Frame* f = frames.top_;
        frames.top_ = f->prev;
        f->prev = nullptr;
        return f;
    }

private:
    FiberChunk* grow(size_t bytes);
    // The canary is the last value of a frame ending at `end` (debug builds).
    static void set_canary(char* end);
    static void check_canary(const char* end);
};

}  // namespace aio::vm
