// runtime/loop: EventLoop — the interpreter's scheduler: a ready queue, a timer
// heap and a poller, driven one iteration at a time. Plain C++, independent of
// the VM: it runs opaque Callbacks. One loop per interpreter, no globals.
// Invariant: callbacks run only inside run_once, on the loop's thread, in FIFO order.
#pragma once

#include <atomic>
#include <cstddef>
#include <limits>
#include <mutex>
#include <optional>
#include <vector>

#include "runtime/loop/callback.hpp"
#include "runtime/loop/clock.hpp"
#include "runtime/loop/poller.hpp"
#include "runtime/loop/ready_queue.hpp"
#include "runtime/loop/timer_heap.hpp"

namespace aio::loop {

// "No limit" for timeouts.
inline constexpr double kForever = std::numeric_limits<double>::infinity();

struct LoopOptions {
    // The time source; nullptr means the loop's own MonotonicClock. Not owned.
    Clock* clock = nullptr;
    Poller::Backend backend = Poller::Backend::Auto;
    Waker::Kind waker = Waker::Kind::Auto;
    std::size_t ready_capacity = 256;
};

// Why run_until / run_forever returned.
enum class RunResult { Done, Stopped, Interrupted };

// The event loop. One iteration (run_once), as in CPython's BaseEventLoop._run_once:
//   1. timeout = 0 if work is ready (or stop() was called), else the time to the
//      earliest live timer, else the caller's maximum (default: forever);
//   2. poll for I/O with that timeout; queue the callbacks of ready fds and the
//      items other threads posted with call_soon_threadsafe;
//   3. move every due timer to the ready queue, in (deadline, insertion) order;
//   4. run exactly the callbacks that were ready at that point — anything queued
//      while they run waits for the next iteration.
//
// Task/loop invariant (the contract the Task machinery builds on): a task is in
// exactly one place at a time — running, queued once on the ready queue, or parked
// on exactly one wake-up source (a timer, an fd direction, a future's callback list,
// or the thread-safe inbox). Resuming is a single call_soon(Callback{resume, task, _});
// `await sleep(0)` is call_soon of itself, so it costs a ring-buffer push and pop.
// The loop never owns what a Callback's ctx points to: whoever queued it keeps it
// alive until it has run or been cancelled (cancel_timer / remove_reader / ...).
//
// Threads: everything is loop-thread only except call_soon_threadsafe, wakeup and
// notify_interrupt (the last two also async-signal-safe). Two loops on two threads
// share nothing.
class EventLoop {
public:
    // Throws std::system_error when the OS refuses an epoll/eventfd descriptor.
    explicit EventLoop(LoopOptions options = {});
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // The loop's current time in seconds (its clock's now()).
    double time() const { return clock_->now(); }
    Clock& clock() { return *clock_; }

    // Queues [cb] to run in a later iteration, after everything queued before it.
    void call_soon(Callback cb) { ready_.push(cb); }

    // Runs [cb] [delay] seconds from now (a negative delay means now).
    TimerHandle call_later(double delay, Callback cb) { return timers_.add(time() + delay, cb); }

    // Runs [cb] once time() >= [when].
    TimerHandle call_at(double when, Callback cb) { return timers_.add(when, cb); }

    // Cancels the timer [h] unless it already ran; true if it was pending. O(1).
    bool cancel_timer(TimerHandle h) { return timers_.cancel(h); }

    // Whether the timer [h] is still waiting to run.
    bool timer_pending(TimerHandle h) const { return timers_.is_pending(h); }

    // Queues [cb] from any thread and wakes the loop. Items from one thread run in
    // the order that thread posted them.
    void call_soon_threadsafe(Callback cb);

    // Wakes the loop if it is waiting for I/O. Any thread; async-signal-safe.
    void wakeup() noexcept { poller_.wakeup(); }

    // Calls [cb] whenever [fd] is readable / writable (level-triggered), replacing an
    // earlier callback. Returns 0 or an errno value (nothing registered then).
    [[nodiscard]] int add_reader(int fd, Callback cb) { return poller_.add(fd, Direction::Read, cb); }
    [[nodiscard]] int add_writer(int fd, Callback cb) { return poller_.add(fd, Direction::Write, cb); }

    // Stops watching [fd]; a callback already queued for it will not run. Returns
    // whether one was registered. Call before closing [fd].
    bool remove_reader(int fd) { return poller_.remove(fd, Direction::Read); }
    bool remove_writer(int fd) { return poller_.remove(fd, Direction::Write); }

    // One iteration (see the class comment), waiting at most [max_timeout] seconds.
    // With a virtual clock it advances the clock instead of sleeping for a timer.
    // Returns the number of callbacks it ran. If a callback throws, the exception
    // propagates and the rest of the iteration's callbacks stay first in line.
    // Throws std::logic_error when called from inside a callback.
    std::size_t run_once(double max_timeout = kForever);

    // Runs iterations until [done]() is true (checked before each), stop() is called,
    // or an interrupt is pending (left pending for take_interrupt). Blocks while there
    // is nothing to do, as CPython does: another thread may still post work.
    template <class Pred>
    RunResult run_until(Pred&& done) {
        for (;;) {
            if (done()) return RunResult::Done;
            run_once();
            if (stopping_) {
                stopping_ = false;
                return RunResult::Stopped;
            }
            if (interrupt_pending()) return RunResult::Interrupted;
        }
    }

    // Runs until stop() or an interrupt.
    RunResult run_forever() {
        return run_until([] { return false; });
    }

    // Makes run_until / run_forever / run_for return after the current iteration.
    void stop() { stopping_ = true; }
    bool is_running() const { return running_; }

    // For hosts that drive the loop: runs iterations for [duration] seconds (at least
    // one; 0 = one non-blocking iteration), or until stop() / an interrupt. Returns
    // next_deadline().
    std::optional<double> run_for(double duration);

    // When the loop next has something to do without I/O: time() if callbacks are
    // ready, else the earliest live timer's deadline, else nullopt (only I/O or
    // another thread can create work).
    std::optional<double> next_deadline();

    // Whether anything is ready, scheduled, registered or posted from another thread.
    bool has_pending_work() const;

    // Callbacks ready to run now (for tests and stats).
    std::size_t ready_count() const { return ready_.size(); }
    // Live timers.
    std::size_t timer_count() const { return timers_.size(); }

    // The epoll descriptor, readable when the loop has I/O or a wake-up; a host can
    // watch it in its own poller and call run_for(0). -1 with the poll(2) backend.
    int fd() const { return poller_.fd(); }
    Poller::Backend backend() const { return poller_.backend(); }

    // For Ctrl-C: sets the interrupt flag and wakes the loop. Async-signal-safe
    // (an atomic store and one write(2)); the host's signal handler calls it.
    void notify_interrupt() noexcept {
        interrupt_.store(true, std::memory_order_relaxed);
        poller_.wakeup();
    }
    // Returns and clears the interrupt flag.
    bool take_interrupt() noexcept { return interrupt_.exchange(false, std::memory_order_relaxed); }
    bool interrupt_pending() const noexcept { return interrupt_.load(std::memory_order_relaxed); }

private:
    void take_inbox();

    MonotonicClock own_clock_;
    Clock* clock_;
    ReadyQueue ready_;
    TimerHeap timers_;
    Poller poller_;
    bool running_ = false;
    bool stopping_ = false;
    std::atomic<bool> interrupt_{false};
    static_assert(std::atomic<bool>::is_always_lock_free, "notify_interrupt must be async-signal-safe");

    // call_soon_threadsafe: other threads append to inbox_ under inbox_mu_; the loop
    // swaps it with inbox_spare_ (so neither reallocates in steady state).
    // inbox_nonempty_ lets the loop skip the lock when nothing was posted.
    std::mutex inbox_mu_;
    std::vector<Callback> inbox_;
    std::vector<Callback> inbox_spare_;
    std::atomic<bool> inbox_nonempty_{false};
};

}  // namespace aio::loop
