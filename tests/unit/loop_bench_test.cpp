// tests/unit: loop micro-benchmarks. They print throughput and assert only
// behaviour (counts, and that the containers did not grow in steady state) —
// never timings, which depend on the machine and the sanitizer.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "runtime/loop/event_loop.hpp"

using namespace aio::loop;

namespace {

// Thread CPU time, not wall time: the numbers stay meaningful on a loaded machine.
using CpuTime = double;
CpuTime cpu_now() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
double seconds_since(CpuTime t0) { return cpu_now() - t0; }

void report(const char* what, uint64_t ops, double secs) {
    std::printf("[ bench    ] %-48s %10llu ops  %8.2f ns/op (cpu)\n", what, static_cast<unsigned long long>(ops),
                secs * 1e9 / static_cast<double>(ops));
}

uint64_t g_sink_unused = 0;  // keeps a callback body from being optimised away
void count(void* ctx, uint64_t arg) { *static_cast<uint64_t*>(ctx) += arg; }

}  // namespace

TEST(LoopBench, ReadyQueueTenMillionPushPop) {
    ReadyQueue q(64);
    uint64_t sum = 0;
    for (int i = 0; i < 32; ++i) q.push(Callback{&count, &sum, 1});
    std::size_t cap = q.capacity();
    constexpr uint64_t N = 10'000'000;
    CpuTime t0 = cpu_now();
    for (uint64_t i = 0; i < N; ++i) {
        q.push(Callback{&count, &sum, 1});
        q.pop().invoke();
    }
    report("ReadyQueue push+pop+invoke", N, seconds_since(t0));
    EXPECT_EQ(sum, N);
    EXPECT_EQ(q.capacity(), cap);  // allocation-free: the ring never grew
}

TEST(LoopBench, SleepZeroPingPongTenMillion) {
    // 100 "tasks" that each re-queue themselves every iteration: the shape of
    // `await asyncio.sleep(0)` in a busy program.
    EventLoop loop;
    struct Task {
        EventLoop* loop;
        uint64_t left;
        static void step(void* ctx, uint64_t) {
            auto* t = static_cast<Task*>(ctx);
            if (--t->left) t->loop->call_soon(Callback{&Task::step, t, 0});
        }
    };
    constexpr uint64_t kTasks = 100, kRounds = 100'000;
    std::vector<Task> tasks(kTasks, Task{&loop, kRounds});
    for (Task& t : tasks) loop.call_soon(Callback{&Task::step, &t, 0});
    CpuTime t0 = cpu_now();
    uint64_t ran = 0;
    while (loop.has_pending_work()) ran += loop.run_once();
    report("EventLoop call_soon ping-pong (100 tasks)", ran, seconds_since(t0));
    EXPECT_EQ(ran, kTasks * kRounds);

    // One task alone: every iteration is a single callback (no syscall either).
    Task solo{&loop, 1'000'000};
    loop.call_soon(Callback{&Task::step, &solo, 0});
    t0 = cpu_now();
    ran = 0;
    while (loop.has_pending_work()) ran += loop.run_once();
    report("EventLoop run_once, one task re-queueing", ran, seconds_since(t0));
    EXPECT_EQ(ran, 1'000'000u);
}

TEST(LoopBench, OneMillionTimers) {
    TimerHeap heap;
    ReadyQueue q(1 << 20);
    uint64_t sum = 0;
    constexpr uint64_t N = 1'000'000;
    uint64_t x = 88172645463325252ull;  // xorshift: deterministic pseudo-random deadlines
    auto next = [&] {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        return static_cast<double>(x % 1'000'000) * 1e-3;
    };
    for (int round = 0; round < 2; ++round) {  // round 2 reuses slots and capacity
        std::size_t qcap = q.capacity();
        CpuTime t0 = cpu_now();
        for (uint64_t i = 0; i < N; ++i) heap.add(next(), Callback{&count, &sum, 1});
        double add_s = seconds_since(t0);
        t0 = cpu_now();
        heap.pop_due(1e9, q);
        while (!q.empty()) q.pop().invoke();
        double fire_s = seconds_since(t0);
        report(round ? "TimerHeap add (steady state)" : "TimerHeap add (cold)", N, add_s);
        report(round ? "TimerHeap pop_due+fire (steady state)" : "TimerHeap pop_due+fire (cold)", N, fire_s);
        EXPECT_EQ(q.capacity(), qcap);
    }
    EXPECT_EQ(sum, 2 * N);

    std::vector<TimerHandle> hs;
    hs.reserve(N);
    CpuTime t0 = cpu_now();
    for (uint64_t i = 0; i < N; ++i) hs.push_back(heap.add(next(), Callback{&count, &sum, 1}));
    for (TimerHandle h : hs) heap.cancel(h);
    report("TimerHeap add+cancel (with compaction)", N, seconds_since(t0));
    EXPECT_EQ(heap.size(), 0u);
    EXPECT_LE(heap.heap_size(), 16u);
}

TEST(LoopBench, OneMillionTimersThroughTheLoopOnVirtualTime) {
    ManualClock clock;
    EventLoop loop(LoopOptions{&clock});
    uint64_t sum = 0;
    constexpr uint64_t N = 1'000'000;
    for (uint64_t i = 0; i < N; ++i) loop.call_later(static_cast<double>(i % 1000) * 0.001, Callback{&count, &sum, 1});
    CpuTime t0 = cpu_now();
    uint64_t iterations = 0;
    while (loop.has_pending_work()) {
        loop.run_once();
        ++iterations;
    }
    report("EventLoop call_later fire (ManualClock)", N, seconds_since(t0));
    EXPECT_EQ(sum, N);
    EXPECT_LE(iterations, 1001u);
    (void)g_sink_unused;
}

TEST(LoopBench, RollingSleepsThousandTasksOnVirtualTime) {
    // 1000 "tasks" each sleeping a pseudo-random few ms, 1M wake-ups in all: the
    // heap stays ~1000 entries (cache-resident), as in a real server.
    ManualClock clock;
    EventLoop loop(LoopOptions{&clock});
    struct Sleeper {
        EventLoop* loop;
        uint64_t left;
        uint64_t x;
        static void wake(void* ctx, uint64_t) {
            auto* s = static_cast<Sleeper*>(ctx);
            if (--s->left == 0) return;
            s->x ^= s->x << 13, s->x ^= s->x >> 7, s->x ^= s->x << 17;
            s->loop->call_later(static_cast<double>(s->x % 50) * 1e-3, Callback{&Sleeper::wake, s, 0});
        }
    };
    std::vector<Sleeper> sleepers;
    for (uint64_t i = 0; i < 1000; ++i) sleepers.push_back(Sleeper{&loop, 1000, i * 2654435761u + 1});
    for (Sleeper& s : sleepers) loop.call_soon(Callback{&Sleeper::wake, &s, 0});
    CpuTime t0 = cpu_now();
    uint64_t ran = 0;
    while (loop.has_pending_work()) ran += loop.run_once();
    report("EventLoop call_later+fire, 1000 live timers", ran, seconds_since(t0));
    EXPECT_EQ(ran, 1000u * 1000u);
}
