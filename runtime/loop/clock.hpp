// runtime/loop: the loop's notion of time, in seconds as a double.
// MonotonicClock reads CLOCK_MONOTONIC; ManualClock is virtual time for tests:
// the loop advances it to the next deadline instead of sleeping.
// Invariant: now() never goes backwards.
#pragma once

namespace aio::loop {

// A source of monotonic time. One per loop (or shared by loops on one thread).
class Clock {
public:
    virtual ~Clock() = default;

    // Current time in seconds. Only differences are meaningful.
    virtual double now() const = 0;

    // True if the loop should advance this clock (advance_to) instead of sleeping.
    virtual bool is_virtual() const { return false; }

    // Moves a virtual clock forward to [when] (never backwards); no-op for real clocks.
    virtual void advance_to(double when) { (void)when; }
};

// CLOCK_MONOTONIC: unaffected by wall-clock changes; the same clock epoll's
// timeout runs on, so a wake-up after `deadline - now()` finds the deadline passed.
class MonotonicClock final : public Clock {
public:
    double now() const override;
};

// Virtual time, starting at [start]. Loop-thread only.
class ManualClock final : public Clock {
public:
    explicit ManualClock(double start = 0.0) : now_(start) {}

    double now() const override { return now_; }
    bool is_virtual() const override { return true; }
    void advance_to(double when) override {
        if (when > now_) now_ = when;
    }

    // Moves the clock forward by [seconds] (ignored when negative).
    void advance(double seconds) { advance_to(now_ + seconds); }

private:
    double now_;
};

}  // namespace aio::loop
