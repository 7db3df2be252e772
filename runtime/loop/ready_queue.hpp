// runtime/loop: the ready queue, a growable ring buffer of Callbacks.
// FIFO; push and pop are a store/load and an index update. Capacity is a power
// of two and only grows (doubling), so steady-state push/pop never allocate.
// Invariant: the live items are buf_[(head_ + i) & mask_] for i in [0, size_).
#pragma once

#include <cstddef>
#include <memory>

#include "runtime/loop/callback.hpp"

namespace aio::loop {

class ReadyQueue {
public:
    // Creates a queue holding [initial_capacity] items (rounded up to a power of two, min 16)
    // before its first growth.
    explicit ReadyQueue(std::size_t initial_capacity = 64);

    ReadyQueue(const ReadyQueue&) = delete;
    ReadyQueue& operator=(const ReadyQueue&) = delete;

    // Appends [cb] at the back; grows (the only allocation) when full.
    void push(Callback cb) {
        if (size_ == mask_ + 1) grow(size_ + 1);
        buf_[(head_ + size_) & mask_] = cb;
        ++size_;
    }

    // Removes and returns the front item. Precondition: !empty().
    Callback pop() {
        Callback cb = buf_[head_];
        head_ = (head_ + 1) & mask_;
        --size_;
        return cb;
    }

    // The front item. Precondition: !empty().
    const Callback& front() const { return buf_[head_]; }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::size_t capacity() const { return mask_ + 1; }

    // Makes room for [n] items without further growth.
    void reserve(std::size_t n) {
        if (n > mask_ + 1) grow(n);
    }

    // Drops every item (capacity is kept).
    void clear() { head_ = size_ = 0; }

private:
    void grow(std::size_t min_capacity);

    std::unique_ptr<Callback[]> buf_;
    std::size_t head_ = 0;
    std::size_t size_ = 0;
    std::size_t mask_ = 0;
};

}  // namespace aio::loop
