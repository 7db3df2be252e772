// tests/unit: BlockFifo — FIFO order across block boundaries, reuse of drained blocks.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "runtime/loop/block_fifo.hpp"

using aio::loop::BlockFifo;

namespace {

// Small blocks (a few items each) so that the tests cross many boundaries.
using SmallFifo = BlockFifo<uint64_t, 64>;
static_assert(SmallFifo::kPerBlock == 7);

std::vector<uint64_t> contents(const SmallFifo& q) {
    std::vector<uint64_t> out;
    q.for_each([&](uint64_t v) { out.push_back(v); });
    return out;
}

}  // namespace

TEST(LoopBlockFifo, PushPopIsFifoAcrossBlocks) {
    SmallFifo q;
    EXPECT_TRUE(q.empty());
    for (uint64_t i = 0; i < 100; ++i) q.push_back(i);
    EXPECT_EQ(q.size(), 100u);
    for (uint64_t i = 0; i < 100; ++i) EXPECT_EQ(q.pop_front(), i);
    EXPECT_TRUE(q.empty());
}

TEST(LoopBlockFifo, InterleavedPushAndPopKeepOrder) {
    // A loop iteration: pop what was queued while queueing as much again behind it.
    SmallFifo q;
    uint64_t next_in = 0, next_out = 0;
    for (int i = 0; i < 30; ++i) q.push_back(next_in++);
    for (int round = 0; round < 20; ++round) {
        size_t n = q.size();
        for (size_t i = 0; i < n; ++i) {
            EXPECT_EQ(q.pop_front(), next_out++);
            q.push_back(next_in++);
            if (i % 3 == 0) q.push_back(next_in++);
        }
    }
    while (!q.empty()) EXPECT_EQ(q.pop_front(), next_out++);
    EXPECT_EQ(next_out, next_in);
}

TEST(LoopBlockFifo, ForEachSeesExactlyTheQueuedItems) {
    SmallFifo q;
    for (uint64_t i = 0; i < 20; ++i) q.push_back(i);
    for (int i = 0; i < 9; ++i) q.pop_front();  // the front block is gone, the next one half read
    std::vector<uint64_t> want;
    for (uint64_t i = 9; i < 20; ++i) want.push_back(i);
    EXPECT_EQ(contents(q), want);
}

TEST(LoopBlockFifo, EmptiedQueueRestartsAndClearDropsItems) {
    SmallFifo q;
    for (uint64_t i = 0; i < 5; ++i) q.push_back(i);
    while (!q.empty()) q.pop_front();
    q.push_back(42);
    EXPECT_EQ(contents(q), std::vector<uint64_t>{42});
    for (uint64_t i = 0; i < 50; ++i) q.push_back(i);
    q.clear();
    EXPECT_TRUE(q.empty());
    EXPECT_TRUE(contents(q).empty());
    q.push_back(7);
    EXPECT_EQ(q.pop_front(), 7u);
}

TEST(LoopBlockFifo, MappedBlocksKeepFifoOrder) {
    // Blocks from mmap (the asyncio ready queue's): one page each here.
    BlockFifo<uint64_t, 4096, true> q;
    for (int round = 0; round < 3; ++round) {
        for (uint64_t i = 0; i < 2000; ++i) q.push_back(i);
        EXPECT_EQ(q.size(), 2000u);
        for (uint64_t i = 0; i < 2000; ++i) EXPECT_EQ(q.pop_front(), i);
        EXPECT_TRUE(q.empty());
    }
}
