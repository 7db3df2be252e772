// runtime/loop: EventLoop::run_once and the thread-safe inbox.
// Invariant (no lost wake-ups): a poster that makes the inbox non-empty writes the
// waker after unlocking; the loop drains the waker before it drains the inbox, so
// an item is either taken now or its write makes the next poll return at once.
#include "runtime/loop/event_loop.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace aio::loop {

EventLoop::EventLoop(LoopOptions options)
    : clock_(options.clock ? options.clock : &own_clock_),
      ready_(options.ready_capacity),
      poller_(Poller::Options{options.backend, options.waker}) {}

EventLoop::~EventLoop() = default;

void EventLoop::call_soon_threadsafe(Callback cb) {
    bool was_empty;
    {
        std::lock_guard<std::mutex> lock(inbox_mu_);
        was_empty = inbox_.empty();
        inbox_.push_back(cb);
        if (was_empty) inbox_nonempty_.store(true, std::memory_order_release);
    }
    // Only the poster that made the inbox non-empty needs to wake the loop: the
    // others' items are taken in the same drain.
    if (was_empty) poller_.wakeup();
}

void EventLoop::take_inbox() {
    if (!inbox_nonempty_.load(std::memory_order_acquire)) return;
    {
        std::lock_guard<std::mutex> lock(inbox_mu_);
        inbox_.swap(inbox_spare_);
        inbox_nonempty_.store(false, std::memory_order_relaxed);
    }
    for (const Callback& cb : inbox_spare_) ready_.push(cb);
    inbox_spare_.clear();
}

std::size_t EventLoop::run_once(double max_timeout) {
    if (running_) throw std::logic_error("aio::loop: run_once called while the loop is running");
    running_ = true;
    struct Reset {
        bool& flag;
        ~Reset() { flag = false; }
    } reset{running_};

    // 1. How long may we wait? wake_at is absolute, so a virtual clock lands exactly
    //    on the deadline (now + (deadline - now) may round below it).
    take_inbox();
    double timeout = 0;
    double wake_at = 0;
    if (ready_.empty() && !stopping_ && !interrupt_pending()) {
        timeout = std::isnan(max_timeout) || max_timeout < 0 ? 0 : max_timeout;
        double now = clock_->now();
        wake_at = now + timeout;
        if (std::optional<double> deadline = timers_.next_deadline(); deadline && *deadline < wake_at) {
            wake_at = *deadline;
            timeout = std::max(0.0, *deadline - now);
        }
    }

    // 2. Poll. With nothing to wait for and no fds registered the syscall can only
    //    report the waker, whose items take_inbox finds anyway: skip it, so a
    //    sleep(0) ping-pong costs no syscall.
    if (timeout > 0 && clock_->is_virtual()) {
        if (poller_.size() > 0) poller_.poll(0, ready_);
        take_inbox();
        if (ready_.empty() && !interrupt_pending()) {
            if (std::isfinite(wake_at)) {
                clock_->advance_to(wake_at);
            } else {
                poller_.poll(kForever, ready_);
                take_inbox();
            }
        }
    } else if (timeout > 0 || poller_.size() > 0) {
        poller_.poll(timeout, ready_);
        take_inbox();
    }

    // 3. Due timers.
    if (timers_.heap_size() > 0) timers_.pop_due(clock_->now(), ready_);

    // 4. Run what is ready now; later additions wait for the next iteration.
    std::size_t n = ready_.size();
    for (std::size_t i = 0; i < n; ++i) ready_.pop().invoke();
    return n;
}

std::optional<double> EventLoop::run_for(double duration) {
    double end = time() + (std::isnan(duration) || duration < 0 ? 0 : duration);
    do {
        run_once(std::max(0.0, end - time()));
        if (stopping_) {
            stopping_ = false;
            break;
        }
    } while (time() < end && !interrupt_pending());
    return next_deadline();
}

std::optional<double> EventLoop::next_deadline() {
    if (!ready_.empty() || inbox_nonempty_.load(std::memory_order_acquire)) return time();
    return timers_.next_deadline();
}

bool EventLoop::has_pending_work() const {
    return !ready_.empty() || inbox_nonempty_.load(std::memory_order_acquire) || !timers_.empty() ||
           poller_.size() > 0;
}

}  // namespace aio::loop
