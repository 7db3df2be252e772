// runtime/loop: TimerHeap — (deadline, seq) min-heap, slot table, lazy cancellation.
// Invariant: live_ + cancelled_ == heap_.size(); slots are recycled through
// free_slots_ and their generation bumps on every free, so stale handles miss.
#include "runtime/loop/timer_heap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aio::loop {

namespace {

// Heap order: earliest deadline first, ties broken by the lower (older) sequence
// number. Non-short-circuit operators keep it branch-free: in a sift the outcome
// is a coin flip, and mispredictions dominated the pop.
template <class E>
inline bool earlier(const E& a, const E& b) {
    return a.when < b.when || (a.when == b.when && a.seq < b.seq);
}

// Compaction is O(n); below this many cancelled entries it is not worth doing.
constexpr std::size_t kMinCompact = 16;

}  // namespace

uint32_t TimerHeap::alloc_slot() {
    if (!free_slots_.empty()) {
        uint32_t s = free_slots_.back();
        free_slots_.pop_back();
        return s;
    }
    slots_.push_back(Slot{Callback{}, 1, State::Free});
    // Keep the free list able to hold every slot, so frees never allocate.
    if (free_slots_.capacity() < slots_.capacity()) free_slots_.reserve(slots_.capacity());
    return static_cast<uint32_t>(slots_.size() - 1);
}

void TimerHeap::free_slot(uint32_t slot) {
    Slot& s = slots_[slot];
    s.state = State::Free;
    if (++s.gen == 0) s.gen = 1;  // generation 0 would let handle 0 name a timer
    free_slots_.push_back(slot);
}

TimerHandle TimerHeap::add(double when, Callback cb) {
    if (std::isnan(when)) when = -std::numeric_limits<double>::infinity();
    uint32_t slot = alloc_slot();
    Slot& s = slots_[slot];
    s.cb = cb;
    s.state = State::Pending;
    heap_.push_back(Entry{when, next_seq_++, slot});
    sift_up(heap_.size() - 1, 0);
    ++live_;
    return handle_of(slot, s.gen);
}

const TimerHeap::Slot* TimerHeap::find(TimerHandle h) const {
    uint32_t slot = static_cast<uint32_t>(h.id);
    uint32_t gen = static_cast<uint32_t>(h.id >> 32);
    if (slot >= slots_.size() || slots_[slot].gen != gen) return nullptr;
    return &slots_[slot];
}

bool TimerHeap::is_pending(TimerHandle h) const {
    const Slot* s = find(h);
    return s && (s->state == State::Pending || s->state == State::Queued);
}

bool TimerHeap::cancel(TimerHandle h) {
    const Slot* found = find(h);
    if (!found) return false;
    uint32_t slot = static_cast<uint32_t>(h.id);
    Slot& s = slots_[slot];
    switch (s.state) {
    case State::Pending:
        s.state = State::Cancelled;
        --live_;
        ++cancelled_;
        if (cancelled_ >= kMinCompact && cancelled_ * 2 > heap_.size()) compact();
        return true;
    case State::Queued:
        // Its trampoline is already in a ReadyQueue; freeing the slot makes it miss.
        free_slot(slot);
        return true;
    case State::Free:
    case State::Cancelled:
        return false;
    }
    return false;
}

void TimerHeap::sift_up(std::size_t i, std::size_t top) {
    Entry x = heap_[i];
    while (i > top) {
        std::size_t parent = (i - 1) / 2;
        if (!earlier(x, heap_[parent])) break;
        heap_[i] = heap_[parent];
        i = parent;
    }
    heap_[i] = x;
}

void TimerHeap::sift_down(std::size_t i) {
    const std::size_t top = i;
    // Floyd's variant: walk the hole down to a leaf along the earlier child (one
    // comparison per level), then sift the displaced entry up — it came from the
    // bottom, so it rarely climbs far.
    const std::size_t n = heap_.size();
    Entry x = heap_[i];
    std::size_t child;
    while ((child = 2 * i + 1) < n) {
        if (child + 1 < n) child += earlier(heap_[child + 1], heap_[child]);
        heap_[i] = heap_[child];
        i = child;
    }
    heap_[i] = x;
    sift_up(i, top);
}

void TimerHeap::pop_top() {
    heap_.front() = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0);
}

void TimerHeap::compact() {
    auto dead = [this](const Entry& e) { return slots_[e.slot].state == State::Cancelled; };
    for (const Entry& e : heap_)
        if (dead(e)) free_slot(e.slot);
    heap_.erase(std::remove_if(heap_.begin(), heap_.end(),
                               [this](const Entry& e) { return slots_[e.slot].state == State::Free; }),
                heap_.end());
    for (std::size_t i = heap_.size() / 2; i-- > 0;) sift_down(i);
    cancelled_ = 0;
}

std::optional<double> TimerHeap::next_deadline() {
    while (!heap_.empty()) {
        const Entry& top = heap_.front();
        if (slots_[top.slot].state != State::Cancelled) return top.when;
        free_slot(top.slot);
        --cancelled_;
        pop_top();
    }
    return std::nullopt;
}

std::size_t TimerHeap::pop_due(double now, ReadyQueue& out) {
    std::size_t n = 0;
    while (!heap_.empty() && heap_.front().when <= now) {
        uint32_t slot = heap_.front().slot;
        pop_top();
        Slot& s = slots_[slot];
        if (s.state == State::Cancelled) {
            free_slot(slot);
            --cancelled_;
            continue;
        }
        s.state = State::Queued;
        --live_;
        out.push(Callback{&TimerHeap::fire, this, handle_of(slot, s.gen).id});
        ++n;
    }
    return n;
}

void TimerHeap::fire(void* self, uint64_t handle) {
    auto* heap = static_cast<TimerHeap*>(self);
    uint32_t slot = static_cast<uint32_t>(handle);
    uint32_t gen = static_cast<uint32_t>(handle >> 32);
    if (slot >= heap->slots_.size()) return;
    Slot& s = heap->slots_[slot];
    if (s.gen != gen || s.state != State::Queued) return;  // cancelled after it became due
    Callback cb = s.cb;
    heap->free_slot(slot);  // before the call: the callback may add timers (slots_ may grow)
    cb.fn(cb.ctx, cb.arg);
}

}  // namespace aio::loop
