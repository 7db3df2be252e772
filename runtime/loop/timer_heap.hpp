// runtime/loop: timers, a binary min-heap of small POD entries ordered by
// (deadline, sequence number) — equal deadlines fire in insertion order, as in
// CPython. Cancellation is O(1): the timer's slot is marked and the heap entry is
// dropped lazily when it reaches the top, or by a compaction once more than half
// of the heap is cancelled. Invariant: every heap entry's slot is Pending or
// Cancelled; a slot is Queued only while its trampoline sits in a ReadyQueue.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "runtime/loop/callback.hpp"
#include "runtime/loop/ready_queue.hpp"

namespace aio::loop {

// Names one scheduled timer: (generation << 32) | slot. Zero is never a live timer,
// and a handle stays unambiguous after its timer ran (the slot's generation moved on).
struct TimerHandle {
    uint64_t id = 0;

    explicit operator bool() const { return id != 0; }
    friend bool operator==(TimerHandle, TimerHandle) = default;
};

class TimerHeap {
public:
    TimerHeap() = default;
    TimerHeap(const TimerHeap&) = delete;
    TimerHeap& operator=(const TimerHeap&) = delete;

    // Schedules [cb] at time [when] (a NaN deadline counts as already due).
    TimerHandle add(double when, Callback cb);

    // Cancels the timer [h] if it has not run yet (including when it is already due
    // and queued but not yet run). Returns whether it was pending. O(1) amortised.
    bool cancel(TimerHandle h);

    // Whether [h] is scheduled and has not run or been cancelled.
    bool is_pending(TimerHandle h) const;

    // The earliest live deadline, or nullopt when no timer is pending. Drops
    // cancelled entries that have reached the top.
    std::optional<double> next_deadline();

    // Moves every timer due at [now] (deadline <= now) into [out], in (deadline, seq)
    // order, as a trampoline that re-checks cancellation when it runs. Returns the count.
    std::size_t pop_due(double now, ReadyQueue& out);

    // Timers scheduled and not yet due or cancelled.
    std::size_t size() const { return live_; }
    bool empty() const { return live_ == 0; }

    // Entries physically in the heap, cancelled ones included (for tests and stats).
    std::size_t heap_size() const { return heap_.size(); }
    std::size_t cancelled_in_heap() const { return cancelled_; }

private:
    enum class State : uint8_t { Free, Pending, Cancelled, Queued };

    struct Entry {
        double when;
        uint64_t seq;
        uint32_t slot;
    };
    struct Slot {
        Callback cb;
        uint32_t gen;
        State state;
    };

    static void fire(void* self, uint64_t handle);
    static TimerHandle handle_of(uint32_t slot, uint32_t gen) {
        return TimerHandle{(uint64_t{gen} << 32) | slot};
    }
    const Slot* find(TimerHandle h) const;

    uint32_t alloc_slot();
    void free_slot(uint32_t slot);
    void sift_up(std::size_t i, std::size_t top);  // never above index [top]
    void sift_down(std::size_t i);                 // restores the subtree at [i]
    void pop_top();
    void compact();

    std::vector<Entry> heap_;
    std::vector<Slot> slots_;
    std::vector<uint32_t> free_slots_;
    uint64_t next_seq_ = 0;
    std::size_t live_ = 0;
    std::size_t cancelled_ = 0;
};

}  // namespace aio::loop
