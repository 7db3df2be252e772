// runtime/loop: ReadyQueue growth, the queue's only allocation.
// Invariant: after grow the items keep their FIFO order, starting at index 0.
#include "runtime/loop/ready_queue.hpp"

#include <bit>

namespace aio::loop {

ReadyQueue::ReadyQueue(std::size_t initial_capacity) {
    std::size_t cap = std::bit_ceil(initial_capacity < 16 ? std::size_t{16} : initial_capacity);
    buf_ = std::make_unique_for_overwrite<Callback[]>(cap);
    mask_ = cap - 1;
}

void ReadyQueue::grow(std::size_t min_capacity) {
    std::size_t cap = std::bit_ceil(min_capacity);
    if (cap < 2 * (mask_ + 1)) cap = 2 * (mask_ + 1);
    auto next = std::make_unique_for_overwrite<Callback[]>(cap);
    for (std::size_t i = 0; i < size_; ++i) next[i] = buf_[(head_ + i) & mask_];
    buf_ = std::move(next);
    head_ = 0;
    mask_ = cap - 1;
}

}  // namespace aio::loop
