// tests/unit/vm_fiber_test.cpp - fiber memory (interpreter/frame.hpp): a heap fiber
// is one allocation sized for its first frame; deeper frames go to added chunks;
// popping returns to the older chunk; memory never moves; trim() frees spares.
#include <gtest/gtest.h>

#include <vector>

#include "interpreter/code.hpp"
#include "interpreter/frame.hpp"
#include "interpreter/generator.hpp"

using namespace aio::vm;
using aio::rt::Value;

namespace {

// Fills the frame's values but the last, which debug builds keep as a canary.
Frame* push_marked(Fiber* fb, size_t n, int64_t mark) {
    Frame* f = fb->push(n);
    for (size_t i = 0; i + Fiber::kCanaryValues < n; i++) f->base()[i] = Value::integer(mark);
    return f;
}

TEST(Fiber, FirstFrameFitsTheEmbeddedChunk) {
    Fiber* fb = Fiber::create(10);
    Frame* f = fb->push(10);
    EXPECT_EQ(fb->top, &fb->first);
    EXPECT_EQ(fb->first.used, fb->first.cap);
    EXPECT_EQ(fb->first.next, nullptr);
    EXPECT_EQ(reinterpret_cast<char*>(f), fb->first.mem());
    EXPECT_EQ(fb->frames.size(), 1u);
    fb->pop();
    EXPECT_TRUE(fb->frames.empty());
    Fiber::destroy(fb);
}

TEST(Fiber, DeepFramesAddChunksAndPopBack) {
    Fiber* fb = Fiber::create(4);
    // the handled exception shares its word with the embedded chunk's (unused) prev
    aio::rt::Object exc{};
    fb->handled = Value::object(&exc);
    std::vector<Frame*> frames;
    for (int i = 0; i < 2000; i++) frames.push_back(push_marked(fb, 4 + i % 7, i));
    EXPECT_EQ(fb->frames.size(), 2000u);
    EXPECT_EQ(&fb->frames.back(), frames.back());
    EXPECT_EQ(&fb->frames.at(0), frames[0]);
    EXPECT_EQ(&fb->frames.at(1234), frames[1234]);
    // no frame's values were overwritten or moved
    for (int i = 0; i < 2000; i++) EXPECT_EQ(frames[i]->base()[0].as_int(), i);
    for (int i = 1999; i >= 1; i--) {
        fb->pop();
        EXPECT_EQ(&fb->frames.back(), frames[i - 1]);
    }
    // the chunk the pops emptied stays on top, so the next push needs no chunk switch
    EXPECT_NE(fb->top, &fb->first);
    EXPECT_EQ(fb->top->used, 0u);
    FiberChunk* emptied = fb->top;
    Frame* again = fb->push(4);
    EXPECT_EQ(fb->top, emptied);
    EXPECT_EQ(again, reinterpret_cast<Frame*>(fb->top->mem()));
    fb->pop();
    // trim() steps back to the chunk holding frames and frees the spares
    fb->trim();
    EXPECT_EQ(fb->top, &fb->first);
    EXPECT_EQ(fb->first.next, nullptr);
    fb->pop();
    EXPECT_EQ(Value(fb->handled).as_obj(), &exc);
    Fiber::destroy(fb);
}

#ifndef NDEBUG
// Debug builds: a frame that wrote above its value stack stops the process at its pop.
TEST(FiberDeathTest, CanaryCatchesAWriteAboveTheStack) {
    EXPECT_DEATH(
        {
            Fiber* fb = Fiber::create(4);
            Frame* f = fb->push(4);
            f->base()[3] = Value::integer(1);
            fb->pop();
        },
        "wrote above its value stack");
}
#endif

// A suspending task's spare chunk goes to the next task instead of free(): detached
// by trim_keep_spare (when small enough), linked above another fiber's top by adopt_spare.
TEST(Fiber, SpareChunkMovesToAnotherFiber) {
    Fiber* a = Fiber::create(4);
    Fiber* b = Fiber::create(4);
    push_marked(a, 4, 1);
    push_marked(a, 20, 2);  // needs a second chunk
    FiberChunk* second = a->top;
    a->pop();
    EXPECT_EQ(a->trim_keep_spare(16), nullptr);  // too large to keep: freed as by trim()
    EXPECT_EQ(a->first.next, nullptr);
    push_marked(a, 20, 3);
    second = a->top;
    a->pop();
    FiberChunk* kept = a->trim_keep_spare(4096);
    EXPECT_EQ(kept, second);
    EXPECT_EQ(a->top, &a->first);
    EXPECT_EQ(a->first.next, nullptr);
    push_marked(b, 4, 4);
    b->adopt_spare(kept);
    Frame* f = push_marked(b, 20, 5);
    EXPECT_EQ(b->top, kept);  // used without a new allocation
    EXPECT_EQ(reinterpret_cast<char*>(f), kept->mem());
    b->pop();
    b->pop();
    a->pop();
    Fiber::destroy(a);
    Fiber::destroy(b);  // frees the adopted chunk
}

TEST(Fiber, MainFiberStartsEmpty) {
    Fiber fb;
    EXPECT_EQ(fb.first.cap, 0u);
    Frame* a = push_marked(&fb, 3, 1);
    Frame* b = push_marked(&fb, 5000, 2);  // larger than the usual chunk
    Frame* c = push_marked(&fb, 3, 3);
    EXPECT_EQ(a->base()[0].as_int(), 1);
    EXPECT_EQ(b->base()[4999 - Fiber::kCanaryValues].as_int(), 2);
    fb.pop();
    fb.pop();
    EXPECT_EQ(&fb.frames.back(), a);
    Frame* d = fb.push(5000);
    EXPECT_EQ(d, b);  // the spare chunk after a's is reused
    (void)c;
}

// A frame's value pointers are computed, not stored (sizes: AsyncioLayout): its
// values follow it, the cells after the locals.
TEST(Fiber, FrameValuesFollowTheFrame) {
    Fiber* fb = Fiber::create(6);
    Frame* f = fb->push(6);
    f->cells_at = 2;
    EXPECT_EQ(reinterpret_cast<char*>(f->base()), reinterpret_cast<char*>(f) + sizeof(Frame));
    EXPECT_EQ(f->cells(), f->base() + 2);
    EXPECT_EQ(fb->first.cap, sizeof(Frame) + 6 * sizeof(Value));
    fb->pop();
    Fiber::destroy(fb);
}

// A frame keeps no pointer to the instruction being executed: it is the word before
// ip, except before the first instruction and while parked at a YIELD_FROM, which
// the resume re-runs (the LOAD_CONST None before it never stores ip).
TEST(Fiber, CurrentInstructionComesFromIp) {
    aio::rt::Code co{};
    co.code = {encode(Op::GET_AWAITABLE), encode(Op::LOAD_CONST), encode(Op::YIELD_FROM), encode(Op::POP_TOP),
               encode(Op::RETURN_VALUE)};
    const uint32_t* w = co.code.data();
    Frame f{};
    f.code = &co;
    f.ip = w;  // not started
    EXPECT_EQ(f.current(), w);
    EXPECT_FALSE(f.parked_in_yield_from());
    f.ip = w + 1;  // GET_AWAITABLE published itself (SYNC)
    EXPECT_EQ(f.current(), w);
    EXPECT_EQ(f.current_index(), 0u);
    f.ip = w + 2;  // suspended in the await: the resume re-runs the YIELD_FROM
    EXPECT_TRUE(f.parked_in_yield_from());
    EXPECT_EQ(f.current(), w + 2);
    f.ip = w + 3;  // past it (an await that pushed a frame, or the YIELD_FROM running)
    EXPECT_FALSE(f.parked_in_yield_from());
    EXPECT_EQ(f.current(), w + 2);
    f.ip = w + 5;  // the last instruction published itself: ip is the code's end, not read
    EXPECT_FALSE(f.parked_in_yield_from());
    EXPECT_EQ(f.current(), w + 4);
}

// A task's coroutine whose frame has four values (`await ev.wait()`, `await fut`) is
// one heap cell with its fiber: 192 bytes, where heap cells are 16-byte classes (the
// coroutine 24 + Fiber 40 + Frame 64 + 4 values x 16).
TEST(Fiber, TaskCoroutineCellIs192Bytes) {
    EXPECT_EQ(sizeof(Frame), 64u);
    EXPECT_EQ(Generator::embedded_bytes(4), 192u);
}

}  // namespace
