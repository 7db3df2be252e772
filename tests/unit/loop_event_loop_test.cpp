// tests/unit: EventLoop — iteration semantics (CPython's _run_once), timers on
// virtual time, cancellation, fds through the loop, stop/run_until/run_for,
// re-entrancy, exceptions, interrupts, independence of two loops.
#include <gtest/gtest.h>

#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "runtime/loop/event_loop.hpp"

using namespace aio::loop;

namespace {

// Records args; optionally runs a hook (for callbacks that act on the loop).
struct Log {
    std::vector<uint64_t> seen;
    static void record(void* ctx, uint64_t arg) { static_cast<Log*>(ctx)->seen.push_back(arg); }
    Callback cb(uint64_t arg) { return Callback{&Log::record, this, arg}; }
};

// A callback that runs an arbitrary test lambda (tests only; the loop never needs this).
template <class F>
struct Hook {
    F f;
    static void run(void* ctx, uint64_t arg) { static_cast<Hook*>(ctx)->f(arg); }
    Callback cb(uint64_t arg = 0) { return Callback{&Hook::run, this, arg}; }
};
template <class F>
Hook<F> hook(F f) {
    return Hook<F>{std::move(f)};
}

struct VirtualLoop : ::testing::Test {
    ManualClock clock{1000.0};
    EventLoop loop{LoopOptions{&clock}};
    Log log;
};

}  // namespace

TEST_F(VirtualLoop, CallSoonIsFifo) {
    for (uint64_t i = 0; i < 100; ++i) loop.call_soon(log.cb(i));
    EXPECT_EQ(loop.run_once(), 100u);
    ASSERT_EQ(log.seen.size(), 100u);
    for (uint64_t i = 0; i < 100; ++i) EXPECT_EQ(log.seen[i], i);
}

TEST_F(VirtualLoop, CallbacksQueuedDuringAnIterationRunInTheNext) {
    // A self-rescheduling callback: each iteration runs it exactly once.
    struct Chain {
        EventLoop* loop;
        Log* log;
        static void step(void* ctx, uint64_t n) {
            auto* c = static_cast<Chain*>(ctx);
            c->log->seen.push_back(n);
            c->loop->call_soon(Callback{&Chain::step, c, n + 1});
        }
    } chain{&loop, &log};
    loop.call_soon(Callback{&Chain::step, &chain, 0});
    loop.call_soon(log.cb(100));
    EXPECT_EQ(loop.run_once(), 2u);
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{0, 100}));
    EXPECT_EQ(loop.run_once(), 1u);
    EXPECT_EQ(loop.run_once(), 1u);
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{0, 100, 1, 2}));
    EXPECT_EQ(loop.ready_count(), 1u);
}

TEST_F(VirtualLoop, TimersRunInDeadlineOrderFifoForTies) {
    loop.call_later(0.3, log.cb(3));
    loop.call_later(0.1, log.cb(1));
    loop.call_at(loop.time() + 0.2, log.cb(20));
    loop.call_at(loop.time() + 0.2, log.cb(21));
    loop.call_later(0.1, log.cb(11));
    while (loop.has_pending_work()) loop.run_once();
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1, 11, 20, 21, 3}));
    EXPECT_DOUBLE_EQ(loop.time(), 1000.3);
}

TEST_F(VirtualLoop, ReadyCallbacksRunBeforeTimersDueInTheSameIteration) {
    loop.call_later(0, log.cb(2));
    loop.call_soon(log.cb(1));
    loop.run_once();
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1, 2}));
}

TEST_F(VirtualLoop, OneHourTimerRunsInstantly) {
    auto t0 = std::chrono::steady_clock::now();
    loop.call_later(3600.0, log.cb(1));
    loop.call_later(7200.0, log.cb(2));
    EXPECT_EQ(loop.next_deadline(), 1000.0 + 3600.0);
    loop.run_until([&] { return log.seen.size() == 2; });
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1, 2}));
    EXPECT_DOUBLE_EQ(clock.now(), 1000.0 + 7200.0);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
}

TEST_F(VirtualLoop, VirtualTimeLandsExactlyOnAwkwardDeadlines) {
    // now + (deadline - now) can round below deadline; the loop must not spin.
    for (int i = 1; i <= 100; ++i) loop.call_later(0.1 * i + 1e-9, log.cb(static_cast<uint64_t>(i)));
    std::size_t iterations = 0;
    while (loop.has_pending_work()) {
        loop.run_once();
        ++iterations;
    }
    EXPECT_EQ(log.seen.size(), 100u);
    EXPECT_LE(iterations, 200u);
}

TEST_F(VirtualLoop, CancelledTimerNeverRuns) {
    TimerHandle a = loop.call_later(1, log.cb(1));
    loop.call_later(2, log.cb(2));
    EXPECT_TRUE(loop.timer_pending(a));
    EXPECT_TRUE(loop.cancel_timer(a));
    EXPECT_FALSE(loop.timer_pending(a));
    EXPECT_EQ(loop.timer_count(), 1u);
    while (loop.has_pending_work()) loop.run_once();
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{2}));
}

TEST_F(VirtualLoop, CancellingFromInsideACallback) {
    // Three timers due in the same iteration: the first cancels the third (already
    // moved to the ready queue) and a later one; neither runs (CPython semantics).
    TimerHandle third, later;
    auto canceller = hook([&](uint64_t) {
        log.seen.push_back(1);
        EXPECT_TRUE(loop.cancel_timer(third));
        EXPECT_TRUE(loop.cancel_timer(later));
    });
    loop.call_later(1, canceller.cb());
    loop.call_later(1, log.cb(2));
    third = loop.call_later(1, log.cb(3));
    later = loop.call_later(5, log.cb(5));
    loop.call_later(6, log.cb(6));
    while (loop.has_pending_work()) loop.run_once();
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1, 2, 6}));
}

TEST_F(VirtualLoop, TimerCancellingItselfIsANoop) {
    TimerHandle self;
    auto cb = hook([&](uint64_t) {
        log.seen.push_back(1);
        EXPECT_FALSE(loop.cancel_timer(self));  // it is running: too late
    });
    self = loop.call_later(1, cb.cb());
    loop.run_once();
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1}));
}

TEST_F(VirtualLoop, MassCancellationKeepsTheLoopIdle) {
    std::vector<TimerHandle> hs;
    for (uint64_t i = 0; i < 100000; ++i) hs.push_back(loop.call_later(1.0 + static_cast<double>(i), log.cb(i)));
    for (TimerHandle h : hs) loop.cancel_timer(h);
    EXPECT_EQ(loop.timer_count(), 0u);
    EXPECT_FALSE(loop.has_pending_work());
    EXPECT_EQ(loop.next_deadline(), std::nullopt);
    EXPECT_TRUE(log.seen.empty());
}

TEST_F(VirtualLoop, StopEndsRunForeverAfterTheIteration) {
    auto stopper = hook([&](uint64_t) { loop.stop(); });
    loop.call_later(10, stopper.cb());
    loop.call_later(10, log.cb(1));  // same iteration: still runs
    loop.call_later(20, log.cb(2));
    EXPECT_EQ(loop.run_forever(), RunResult::Stopped);
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1}));
    EXPECT_FALSE(loop.is_running());
    EXPECT_EQ(loop.run_until([&] { return !log.seen.empty() && log.seen.back() == 2; }), RunResult::Done);
}

TEST_F(VirtualLoop, RunForAdvancesVirtualTimeAndReportsTheNextDeadline) {
    loop.call_later(1, log.cb(1));
    loop.call_later(5, log.cb(5));
    EXPECT_EQ(loop.run_for(2.0), 1005.0);
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1}));
    EXPECT_DOUBLE_EQ(loop.time(), 1002.0);
    loop.call_soon(log.cb(9));
    EXPECT_EQ(loop.next_deadline(), loop.time());  // ready work: now
    EXPECT_EQ(loop.run_for(0), 1005.0);
    EXPECT_EQ(loop.run_for(10), std::nullopt);
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1, 9, 5}));
}

TEST_F(VirtualLoop, HasPendingWorkCountsEveryKind) {
    EXPECT_FALSE(loop.has_pending_work());
    loop.call_soon(log.cb(0));
    EXPECT_TRUE(loop.has_pending_work());
    loop.run_once();
    EXPECT_FALSE(loop.has_pending_work());
    TimerHandle t = loop.call_later(1, log.cb(0));
    EXPECT_TRUE(loop.has_pending_work());
    loop.cancel_timer(t);
    EXPECT_FALSE(loop.has_pending_work());
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    ASSERT_EQ(loop.add_reader(fds[0], log.cb(0)), 0);
    EXPECT_TRUE(loop.has_pending_work());
    loop.remove_reader(fds[0]);
    EXPECT_FALSE(loop.has_pending_work());
    loop.call_soon_threadsafe(log.cb(0));
    EXPECT_TRUE(loop.has_pending_work());
    close(fds[0]);
    close(fds[1]);
}

TEST_F(VirtualLoop, RunOnceInsideACallbackIsRefused) {
    bool threw = false;
    auto nested = hook([&](uint64_t) {
        try {
            loop.run_once(0);
        } catch (const std::logic_error&) {
            threw = true;
        }
        EXPECT_TRUE(loop.is_running());
    });
    loop.call_soon(nested.cb());
    loop.run_once();
    EXPECT_TRUE(threw);
    EXPECT_FALSE(loop.is_running());
}

TEST_F(VirtualLoop, AThrowingCallbackLeavesTheRestQueuedInOrder) {
    auto thrower = hook([&](uint64_t) { throw std::runtime_error("boom"); });
    loop.call_soon(log.cb(1));
    loop.call_soon(thrower.cb());
    loop.call_soon(log.cb(2));
    loop.call_soon(log.cb(3));
    EXPECT_THROW(loop.run_once(), std::runtime_error);
    EXPECT_FALSE(loop.is_running());
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1}));
    loop.call_soon(log.cb(4));
    loop.run_once();
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1, 2, 3, 4}));
}

TEST_F(VirtualLoop, InterruptFlagStopsRunUntilAndIsTakenOnce) {
    auto ctrl_c = hook([&](uint64_t) { loop.notify_interrupt(); });
    loop.call_later(30, ctrl_c.cb());
    loop.call_later(60, log.cb(1));
    EXPECT_EQ(loop.run_forever(), RunResult::Interrupted);
    EXPECT_TRUE(loop.interrupt_pending());
    EXPECT_TRUE(loop.take_interrupt());
    EXPECT_FALSE(loop.take_interrupt());
    EXPECT_TRUE(log.seen.empty());
    EXPECT_EQ(loop.run_until([&] { return !log.seen.empty(); }), RunResult::Done);
}

TEST_F(VirtualLoop, MakeCallbackCallsAMember) {
    struct Task {
        std::vector<uint64_t> resumed;
        void resume(uint64_t v) { resumed.push_back(v); }
    } task;
    loop.call_soon(make_callback<&Task::resume>(&task, 42));
    loop.run_once();
    EXPECT_EQ(task.resumed, (std::vector<uint64_t>{42}));
}

// --- real clock, both backends ----------------------------------------------

namespace {
class LoopBackends : public ::testing::TestWithParam<Poller::Backend> {};
}  // namespace

TEST_P(LoopBackends, FdCallbacksThroughTheLoop) {
    EventLoop loop(LoopOptions{nullptr, GetParam()});
    Log log;
    int sv[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    // A reader that consumes and removes itself after the 3rd message.
    struct Reader {
        EventLoop* loop;
        Log* log;
        int fd;
        static void on_readable(void* ctx, uint64_t) {
            auto* r = static_cast<Reader*>(ctx);
            char buf[16];
            ssize_t n = read(r->fd, buf, sizeof buf);
            r->log->seen.push_back(static_cast<uint64_t>(n));
            if (r->log->seen.size() == 3) r->loop->remove_reader(r->fd);
        }
    } reader{&loop, &log, sv[0]};
    ASSERT_EQ(loop.add_reader(sv[0], Callback{&Reader::on_readable, &reader, 0}), 0);
    for (int i = 1; i <= 3; ++i) {
        ASSERT_EQ(write(sv[1], "abcdef", static_cast<size_t>(i)), i);
        loop.run_once(5.0);  // blocks until readable
    }
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1, 2, 3}));
    EXPECT_FALSE(loop.has_pending_work());
    // A writer fires at once on an empty socket buffer.
    ASSERT_EQ(loop.add_writer(sv[0], log.cb(99)), 0);
    loop.run_once(5.0);
    EXPECT_EQ(log.seen.back(), 99u);
    EXPECT_TRUE(loop.remove_writer(sv[0]));
    close(sv[0]);
    close(sv[1]);
}

TEST_P(LoopBackends, RemoveReaderWhileReadyInTheSameIteration) {
    EventLoop loop(LoopOptions{nullptr, GetParam()});
    Log log;
    int a[2], b[2];
    ASSERT_EQ(pipe(a), 0);
    ASSERT_EQ(pipe(b), 0);
    // Both readable in the same poll; whichever runs first removes the other.
    auto first = hook([&](uint64_t) {
        log.seen.push_back(1);
        loop.remove_reader(a[0]);
        loop.remove_reader(b[0]);
    });
    ASSERT_EQ(loop.add_reader(a[0], first.cb()), 0);
    ASSERT_EQ(loop.add_reader(b[0], first.cb()), 0);
    ASSERT_EQ(write(a[1], "x", 1), 1);
    ASSERT_EQ(write(b[1], "x", 1), 1);
    loop.run_once(1.0);
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1}));
    for (int fd : {a[0], a[1], b[0], b[1]}) close(fd);
}

TEST_P(LoopBackends, RealTimersFireAfterTheirDelay) {
    EventLoop loop(LoopOptions{nullptr, GetParam()});
    Log log;
    double t0 = loop.time();
    loop.call_later(0.02, log.cb(2));
    loop.call_later(0.01, log.cb(1));
    loop.run_until([&] { return log.seen.size() == 2; });
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1, 2}));
    EXPECT_GE(loop.time() - t0, 0.02);
    EXPECT_LT(loop.time() - t0, 2.0);
}

TEST_P(LoopBackends, RunForRealTimeWaitsTheDuration) {
    EventLoop loop(LoopOptions{nullptr, GetParam()});
    double t0 = loop.time();
    EXPECT_EQ(loop.run_for(0.03), std::nullopt);
    EXPECT_GE(loop.time() - t0, 0.03);
}

TEST_P(LoopBackends, EpollFdIsReadableWhenTheLoopHasIo) {
    EventLoop loop(LoopOptions{nullptr, GetParam()});
    if (loop.backend() != Poller::Backend::Epoll) {
        EXPECT_EQ(loop.fd(), -1);
        return;
    }
    Log log;
    int p[2];
    ASSERT_EQ(pipe(p), 0);
    ASSERT_EQ(loop.add_reader(p[0], log.cb(1)), 0);
    pollfd pfd{loop.fd(), POLLIN, 0};
    EXPECT_EQ(::poll(&pfd, 1, 0), 0);
    ASSERT_EQ(write(p[1], "x", 1), 1);
    EXPECT_EQ(::poll(&pfd, 1, 1000), 1);
    loop.run_for(0);
    EXPECT_EQ(log.seen, (std::vector<uint64_t>{1}));
    loop.remove_reader(p[0]);
    close(p[0]);
    close(p[1]);
}

TEST_P(LoopBackends, TwoLoopsOnTwoThreadsDoNotInterfere) {
    auto body = [](std::vector<uint64_t>* out) {
        EventLoop loop(LoopOptions{nullptr, GetParam()});
        Log log;
        for (uint64_t i = 0; i < 1000; ++i) loop.call_soon(log.cb(i));
        loop.call_later(0.01, log.cb(5000));
        while (loop.has_pending_work()) loop.run_once();
        *out = log.seen;
    };
    std::vector<uint64_t> a, b;
    std::thread ta(body, &a), tb(body, &b);
    ta.join();
    tb.join();
    EXPECT_EQ(a.size(), 1001u);
    EXPECT_EQ(a, b);
}

INSTANTIATE_TEST_SUITE_P(Backends, LoopBackends, ::testing::Values(Poller::Backend::Epoll, Poller::Backend::Poll),
                         [](const ::testing::TestParamInfo<Poller::Backend>& info) {
                             return std::string(info.param == Poller::Backend::Poll ? "Poll" : "Epoll");
                         });
