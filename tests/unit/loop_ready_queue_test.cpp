// tests/unit: ReadyQueue — FIFO order across wrap-around and growth.
#include <gtest/gtest.h>

#include <vector>

#include "runtime/loop/ready_queue.hpp"

using namespace aio::loop;

namespace {

void noop(void*, uint64_t) {}
Callback item(uint64_t arg) { return Callback{&noop, nullptr, arg}; }

}  // namespace

TEST(LoopReadyQueue, PushPopIsFifo) {
    ReadyQueue q(16);
    for (uint64_t i = 0; i < 10; ++i) q.push(item(i));
    EXPECT_EQ(q.size(), 10u);
    for (uint64_t i = 0; i < 10; ++i) EXPECT_EQ(q.pop().arg, i);
    EXPECT_TRUE(q.empty());
}

TEST(LoopReadyQueue, GrowsWhileWrappedAndKeepsOrder) {
    ReadyQueue q(16);
    ASSERT_EQ(q.capacity(), 16u);
    uint64_t next_in = 0, next_out = 0;
    // Move head to the middle so the live range wraps, then overflow it.
    for (int i = 0; i < 10; ++i) q.push(item(next_in++));
    for (int i = 0; i < 7; ++i) EXPECT_EQ(q.pop().arg, next_out++);
    for (int i = 0; i < 100; ++i) q.push(item(next_in++));
    EXPECT_GE(q.capacity(), 103u);
    EXPECT_EQ(q.front().arg, next_out);
    while (!q.empty()) EXPECT_EQ(q.pop().arg, next_out++);
    EXPECT_EQ(next_out, next_in);
}

TEST(LoopReadyQueue, SteadyStateNeverGrows) {
    ReadyQueue q(64);
    std::size_t cap = q.capacity();
    for (uint64_t i = 0; i < 100000; ++i) {
        q.push(item(i));
        q.push(item(i));
        q.pop();
        q.pop();
    }
    EXPECT_EQ(q.capacity(), cap);
}

TEST(LoopReadyQueue, ReserveAndClear) {
    ReadyQueue q;
    q.reserve(1000);
    EXPECT_GE(q.capacity(), 1000u);
    q.push(item(1));
    q.clear();
    EXPECT_TRUE(q.empty());
}
