// tests/unit/asyncio_layout_test.cpp - sizes of the per-task structures of the
// native asyncio core (stdlib/asyncio/native.hpp): a gather of 200,000 tasks
// holds one ready entry per task (one FIFO for this iteration's and the next),
// 1,000,000 sleeping tasks one timer each. Issue 4's memory goal rests on these.
#include <gtest/gtest.h>

#include "interpreter/generator.hpp"
#include "stdlib/asyncio/native.hpp"

using namespace aio::stdlib::asyncio;
using aio::rt::Value;

TEST(AsyncioLayout, ReadyEntryIsThreeWords) {
    EXPECT_EQ(sizeof(Entry), 24u);
    EXPECT_LE(sizeof(Timer), 40u);
}

TEST(AsyncioLayout, EntryKeepsBothValues) {
    Entry e(Work::SetResult, Value::integer(-7), Value::number(2.5));
    EXPECT_EQ(e.work, Work::SetResult);
    EXPECT_TRUE(e.a().is_int());
    EXPECT_EQ(e.a().as_int(), -7);
    EXPECT_TRUE(e.b().is_float());
    EXPECT_EQ(e.b().as_float(), 2.5);
    Entry n(Work::TaskStep, Value::none(), Value::null());
    EXPECT_TRUE(n.a().is_none());
    EXPECT_TRUE(n.b().is_null());
}

// A suspended task is its Task, its coroutine and its fiber (header + frames).
TEST(AsyncioLayout, TaskCoroutineAndFiberHeaders) {
    // result, exception, waiter and a cancelled future's message share a slot whose
    // tag sits with the flags; names and pending cancel messages are in the side table
    EXPECT_LE(sizeof(FutureObj), 64u);
    EXPECT_LE(kFutureBytes, 48u);
    EXPECT_LE(sizeof(aio::vm::Generator), 48u);
    EXPECT_EQ(sizeof(aio::vm::Fiber), 40u);
    EXPECT_EQ(sizeof(aio::vm::Frame), 64u);  // no stored base/cells/stack pointers, cur or func
}

// The result slot keeps every kind of Value across its split payload and tag.
TEST(AsyncioLayout, FutureResultKeepsValues) {
    alignas(16) unsigned char cell[sizeof(FutureObj)] = {};
    auto* f = reinterpret_cast<FutureObj*>(cell);
    // result() reads the tag and the payload as one Value from kResultAt
    EXPECT_EQ(reinterpret_cast<unsigned char*>(&f->result_tag_), cell + FutureBase::kResultAt);
    EXPECT_EQ(reinterpret_cast<unsigned char*>(&f->result_u_), cell + FutureBase::kResultAt + 8);
    EXPECT_TRUE(f->result().is_null());
    f->put_result(Value::integer(-3));
    EXPECT_EQ(f->result().as_int(), -3);
    f->put_result(Value::number(0.5));
    EXPECT_EQ(f->result().as_float(), 0.5);
    f->put_result(Value::none());
    EXPECT_TRUE(f->result().is_none());
    f->await_mode = kAwaitTimer;
    f->log_tb = true;
    f->sleep_timer = true;
    f->shared_waiting = 7;
    EXPECT_TRUE(f->result().is_none());
    EXPECT_EQ(f->await_mode, kAwaitTimer);
}

TEST(AsyncioLayout, HandledExceptionIsNoneWhenEmpty) {
    aio::vm::HandledRef h;
    EXPECT_TRUE(Value(h).is_none());
    h = Value::none();
    EXPECT_TRUE(h.is_none());
}

// One callback lives in the inline word; more (or one that is not an object) move
// to the block, in order, and compaction keeps that order.
TEST(AsyncioLayout, DoneCallbacksKeepOrder) {
    aio::rt::Object objs[3]{};
    DoneCallbacks cbs{};
    EXPECT_EQ(cbs.size(), 0u);
    cbs.push(Value::object(&objs[0]));
    EXPECT_EQ(cbs.size(), 1u);
    EXPECT_EQ(cbs.get(0).as_obj(), &objs[0]);
    for (int i = 1; i < 3; i++) cbs.push(Value::object(&objs[i]));
    cbs.push(Value::integer(5));
    for (int i = 0; i < 6; i++) cbs.push(Value::object(&objs[i % 3]));
    ASSERT_EQ(cbs.size(), 10u);
    EXPECT_EQ(cbs.get(2).as_obj(), &objs[2]);
    EXPECT_EQ(cbs.get(3).as_int(), 5);
    EXPECT_EQ(cbs.get(9).as_obj(), &objs[2]);
    cbs.set(0, cbs.get(3));
    cbs.truncate(1);
    ASSERT_EQ(cbs.size(), 1u);
    EXPECT_EQ(cbs.get(0).as_int(), 5);
    cbs.truncate(0);
    EXPECT_EQ(cbs.size(), 0u);
    cbs.release();
    DoneCallbacks solo{};
    solo.push(Value::integer(1));   // not an object: the block from the start
    ASSERT_EQ(solo.size(), 1u);
    EXPECT_EQ(solo.get(0).as_int(), 1);
    solo.release();
}
