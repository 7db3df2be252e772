// tests/unit: EventLoop's thread-safe entry points — call_soon_threadsafe from
// many threads (every item exactly once, per-thread order kept, wakes an infinite
// wait), wakeup(), and the interrupt flag set from another thread / a signal.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <pthread.h>
#include <thread>
#include <vector>

#include "runtime/loop/event_loop.hpp"

using namespace aio::loop;

namespace {

constexpr int kThreads = 4;
constexpr uint64_t kPerThread = 10000;

// Counts each (thread, index) item; checks per-thread FIFO. Loop-thread only.
struct Tally {
    std::vector<uint8_t> hits = std::vector<uint8_t>(kThreads * kPerThread, 0);
    uint64_t last[kThreads] = {};
    bool ordered = true;
    uint64_t total = 0;
    static void item(void* ctx, uint64_t arg) {
        auto* t = static_cast<Tally*>(ctx);
        uint64_t thread = arg >> 32, i = arg & 0xffffffff;
        ++t->hits[thread * kPerThread + i];
        if (i != 0 && t->last[thread] + 1 != i) t->ordered = false;
        t->last[thread] = i;
        ++t->total;
    }
};

struct Param {
    Poller::Backend backend;
    Waker::Kind waker;
};
class LoopThreadsafe : public ::testing::TestWithParam<Param> {};

}  // namespace

TEST_P(LoopThreadsafe, FourThreadsTenThousandItemsEachRunExactlyOnce) {
    EventLoop loop(LoopOptions{nullptr, GetParam().backend, GetParam().waker});
    Tally tally;
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (uint64_t t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            while (!go.load()) std::this_thread::yield();
            for (uint64_t i = 0; i < kPerThread; ++i) {
                loop.call_soon_threadsafe(Callback{&Tally::item, &tally, (t << 32) | i});
                if (i % 1000 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
            }
        });
    }
    // The loop has no work at all: run_until must block (infinite wait) and be
    // woken by the posts.
    EXPECT_FALSE(loop.has_pending_work());
    go = true;
    loop.run_until([&] { return tally.total == kThreads * kPerThread; });
    for (auto& th : threads) th.join();
    loop.run_once(0);
    EXPECT_EQ(tally.total, kThreads * kPerThread);
    for (uint8_t h : tally.hits) ASSERT_EQ(h, 1);
    EXPECT_TRUE(tally.ordered);
    EXPECT_FALSE(loop.has_pending_work());
}

TEST_P(LoopThreadsafe, OnePostWakesAnInfiniteWait) {
    EventLoop loop(LoopOptions{nullptr, GetParam().backend, GetParam().waker});
    bool ran = false;
    auto set = [](void* ctx, uint64_t) { *static_cast<bool*>(ctx) = true; };
    auto t0 = std::chrono::steady_clock::now();
    std::thread t([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        loop.call_soon_threadsafe(Callback{set, &ran, 0});
    });
    loop.run_until([&] { return ran; });
    EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(30));
    t.join();
    EXPECT_TRUE(ran);
}

TEST_P(LoopThreadsafe, WakeupReturnsFromAnInfiniteRunOnce) {
    EventLoop loop(LoopOptions{nullptr, GetParam().backend, GetParam().waker});
    std::thread t([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        loop.wakeup();
    });
    EXPECT_EQ(loop.run_once(), 0u);
    t.join();
}

TEST_P(LoopThreadsafe, InterruptFromAnotherThreadWakesTheLoop) {
    EventLoop loop(LoopOptions{nullptr, GetParam().backend, GetParam().waker});
    std::thread t([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        loop.notify_interrupt();
    });
    EXPECT_EQ(loop.run_forever(), RunResult::Interrupted);
    t.join();
    EXPECT_TRUE(loop.take_interrupt());
    EXPECT_FALSE(loop.interrupt_pending());
}

namespace {
// The host's signal handler needs its own way to reach the loop (no globals in aio);
// this test keeps a pointer for the duration of one test.
EventLoop* g_signal_loop = nullptr;
void on_sigusr1(int) { g_signal_loop->notify_interrupt(); }
}  // namespace

TEST_P(LoopThreadsafe, InterruptFromASignalHandlerWakesTheLoop) {
    EventLoop loop(LoopOptions{nullptr, GetParam().backend, GetParam().waker});
    g_signal_loop = &loop;
    struct sigaction sa {}, old{};
    sa.sa_handler = on_sigusr1;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;  // epoll_wait/poll still return EINTR; the waker covers other threads
    ASSERT_EQ(sigaction(SIGUSR1, &sa, &old), 0);
    pthread_t self = pthread_self();
    std::thread t([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        pthread_kill(self, SIGUSR1);
    });
    EXPECT_EQ(loop.run_forever(), RunResult::Interrupted);
    t.join();
    EXPECT_TRUE(loop.take_interrupt());
    sigaction(SIGUSR1, &old, nullptr);
    g_signal_loop = nullptr;
}

INSTANTIATE_TEST_SUITE_P(Backends, LoopThreadsafe,
                         ::testing::Values(Param{Poller::Backend::Epoll, Waker::Kind::EventFd},
                                           Param{Poller::Backend::Poll, Waker::Kind::EventFd},
                                           Param{Poller::Backend::Epoll, Waker::Kind::Pipe},
                                           Param{Poller::Backend::Poll, Waker::Kind::Pipe}),
                         [](const ::testing::TestParamInfo<Param>& info) {
                             std::string s = info.param.backend == Poller::Backend::Poll ? "Poll" : "Epoll";
                             return s + (info.param.waker == Waker::Kind::Pipe ? "Pipe" : "EventFd");
                         });
