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
    EXPECT_LE(sizeof(FutureObj), 160u);  // result and exception share a slot
    EXPECT_LE(sizeof(aio::vm::Generator), 64u);
    EXPECT_EQ(sizeof(aio::vm::Fiber), 56u);
    EXPECT_EQ(sizeof(aio::vm::Frame), 80u);  // no stored base/cells/stack pointers
}

TEST(AsyncioLayout, HandledExceptionIsNoneWhenEmpty) {
    aio::vm::HandledRef h;
    EXPECT_TRUE(Value(h).is_none());
    h = Value::none();
    EXPECT_TRUE(h.is_none());
}
