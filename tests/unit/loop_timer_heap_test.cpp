// tests/unit: TimerHeap — deadline order, FIFO ties, O(1) cancellation,
// lazy dropping and compaction, stale handles.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "runtime/loop/timer_heap.hpp"

using namespace aio::loop;

namespace {

struct Log {
    std::vector<uint64_t> seen;
    static void record(void* ctx, uint64_t arg) { static_cast<Log*>(ctx)->seen.push_back(arg); }
    Callback cb(uint64_t arg) { return Callback{&Log::record, this, arg}; }
};

void run_all(ReadyQueue& q) {
    while (!q.empty()) q.pop().invoke();
}

}  // namespace

TEST(LoopTimerHeap, FiresInDeadlineOrderAndFifoForTies) {
    TimerHeap h;
    ReadyQueue q;
    Log log;
    h.add(3.0, log.cb(30));
    h.add(1.0, log.cb(10));
    h.add(2.0, log.cb(20));
    h.add(1.0, log.cb(11));
    h.add(1.0, log.cb(12));
    h.add(2.0, log.cb(21));
    EXPECT_EQ(h.size(), 6u);
    EXPECT_EQ(h.next_deadline(), 1.0);
    EXPECT_EQ(h.pop_due(2.0, q), 5u);
    run_all(q);
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{10, 11, 12, 20, 21}));
    EXPECT_EQ(h.next_deadline(), 3.0);
    EXPECT_EQ(h.pop_due(2.999, q), 0u);
    EXPECT_EQ(h.pop_due(3.0, q), 1u);
    run_all(q);
    EXPECT_EQ(log.seen.back(), 30u);
    EXPECT_TRUE(h.empty());
    EXPECT_EQ(h.next_deadline(), std::nullopt);
}

TEST(LoopTimerHeap, ManyTiesKeepInsertionOrder) {
    TimerHeap h;
    ReadyQueue q;
    Log log;
    for (uint64_t i = 0; i < 1000; ++i) h.add(static_cast<double>(i % 3), log.cb(i));
    h.pop_due(10, q);
    run_all(q);
    ASSERT_EQ(log.seen.size(), 1000u);
    std::vector<uint64_t> expected;
    for (uint64_t k = 0; k < 3; ++k)
        for (uint64_t i = k; i < 1000; i += 3) expected.push_back(i);
    EXPECT_EQ(log.seen, expected);
}

TEST(LoopTimerHeap, CancelIsLazyAndSkipsTheTimer) {
    TimerHeap h;
    ReadyQueue q;
    Log log;
    TimerHandle a = h.add(1.0, log.cb(1));
    TimerHandle b = h.add(2.0, log.cb(2));
    EXPECT_TRUE(h.is_pending(a));
    EXPECT_TRUE(h.cancel(a));
    EXPECT_FALSE(h.cancel(a));
    EXPECT_FALSE(h.is_pending(a));
    EXPECT_EQ(h.size(), 1u);
    EXPECT_EQ(h.heap_size(), 2u);  // still physically there
    EXPECT_EQ(h.next_deadline(), 2.0);
    EXPECT_EQ(h.heap_size(), 1u);  // dropped once it reached the top
    h.pop_due(5, q);
    run_all(q);
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{2}));
    EXPECT_FALSE(h.cancel(b));  // already ran
    EXPECT_FALSE(h.is_pending(b));
}

TEST(LoopTimerHeap, CancelAfterDueButBeforeRunStopsIt) {
    TimerHeap h;
    ReadyQueue q;
    Log log;
    TimerHandle a = h.add(1.0, log.cb(1));
    h.add(1.0, log.cb(2));
    EXPECT_EQ(h.pop_due(1.0, q), 2u);
    EXPECT_TRUE(h.is_pending(a));
    EXPECT_TRUE(h.cancel(a));
    run_all(q);
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{2}));
}

TEST(LoopTimerHeap, StaleHandleDoesNotCancelTheSlotsNextTimer) {
    TimerHeap h;
    ReadyQueue q;
    Log log;
    TimerHandle a = h.add(1.0, log.cb(1));
    h.pop_due(1.0, q);
    run_all(q);
    TimerHandle b = h.add(2.0, log.cb(2));  // reuses a's slot
    EXPECT_NE(a, b);
    EXPECT_FALSE(h.cancel(a));
    EXPECT_TRUE(h.is_pending(b));
    EXPECT_FALSE(h.cancel(TimerHandle{}));
    EXPECT_FALSE(h.cancel(TimerHandle{0xdeadbeefdeadbeefull}));
}

TEST(LoopTimerHeap, MassCancellationCompacts) {
    TimerHeap h;
    ReadyQueue q;
    Log log;
    std::vector<TimerHandle> handles;
    for (uint64_t i = 0; i < 10000; ++i) handles.push_back(h.add(static_cast<double>(i), log.cb(i)));
    for (uint64_t i = 0; i < 10000; ++i)
        if (i % 10 != 0) h.cancel(handles[i]);
    EXPECT_EQ(h.size(), 1000u);
    // Compaction ran whenever more than half were cancelled: the heap never holds
    // more than about twice the live timers.
    EXPECT_LE(h.heap_size(), 2 * h.size() + 1);
    EXPECT_LE(h.cancelled_in_heap(), h.size() + 1);
    h.pop_due(1e9, q);
    run_all(q);
    ASSERT_EQ(log.seen.size(), 1000u);
    for (uint64_t i = 0; i < 1000; ++i) EXPECT_EQ(log.seen[i], i * 10);
    EXPECT_EQ(h.heap_size(), 0u);
}

TEST(LoopTimerHeap, NanDeadlineIsDueAtOnce) {
    TimerHeap h;
    ReadyQueue q;
    Log log;
    h.add(5.0, log.cb(5));
    h.add(std::nan(""), log.cb(0));
    EXPECT_EQ(h.pop_due(0.0, q), 1u);
    run_all(q);
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{0}));
}

TEST(LoopTimerHeap, RandomisedAgainstASortedModel) {
    // Random adds (many equal deadlines), cancels (pending and already queued) and
    // partial pops, checked against "sort by (deadline, insertion order)".
    TimerHeap h;
    ReadyQueue q;
    Log log;
    struct Model {
        double when;
        uint64_t order;
        TimerHandle h;
        bool cancelled;
    };
    std::vector<Model> model;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    auto rnd = [&](uint64_t n) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        return x % n;
    };
    double now = 0;
    std::vector<uint64_t> expected;
    for (int step = 0; step < 20000; ++step) {
        uint64_t op = rnd(10);
        if (op < 6) {
            double when = now + static_cast<double>(rnd(50));
            uint64_t order = model.size();
            model.push_back(Model{when, order, h.add(when, log.cb(order)), false});
        } else if (op < 9 && !model.empty()) {
            Model& m = model[rnd(model.size())];
            bool was = h.is_pending(m.h);
            EXPECT_EQ(h.cancel(m.h), was);
            if (was) m.cancelled = true;
        } else {
            now += static_cast<double>(rnd(20));
            // Expected: every not-yet-fired, not-cancelled model entry due at now.
            std::vector<const Model*> due;
            for (const Model& m : model)
                if (!m.cancelled && m.when <= now && h.is_pending(m.h)) due.push_back(&m);
            std::stable_sort(due.begin(), due.end(),
                             [](const Model* a, const Model* b) { return a->when < b->when; });
            for (const Model* m : due) expected.push_back(m->order);
            h.pop_due(now, q);
            run_all(q);
            ASSERT_EQ(log.seen, expected) << "step " << step;
        }
        ASSERT_LE(h.cancelled_in_heap(), std::max<std::size_t>(16, h.heap_size() / 2 + 1));
    }
}
