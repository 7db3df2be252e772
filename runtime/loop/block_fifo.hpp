// runtime/loop: BlockFifo, a FIFO of trivially copyable items in fixed-size blocks.
// Why not a ring buffer or a vector: a queue that briefly holds 200,000 entries (a
// gather of that many tasks makes each runnable at once) costs exactly its items
// plus one block, never a doubled buffer, and growing copies nothing (a doubling
// buffer holds the old and the new array at once: 1.5x-3x the items at the peak).
// Blocks the front releases are reused at the back: one spare is kept, so a queue
// that oscillates around a block boundary does not malloc and free in turn.
// Blocks come from malloc, or with kMapped straight from mmap: a queue that held
// 200,000 entries for a moment then gives their memory back to the system (freed
// malloc blocks among live allocations stay resident: 24 bytes a task that was
// ever queued, for a program that creates 50,000 tasks and leaves them suspended).
// Invariant: items are [head_->items[hi_], ...] through the block list to
// tail_->items[ti_ - 1]; size_ counts them; head_ == tail_ when one block holds all.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>

namespace aio::loop {

template <class T, std::size_t kBlockBytes = 8192, bool kMapped = false>
class BlockFifo {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    BlockFifo() = default;
    ~BlockFifo() {
        release(head_);
        free_block(spare_);
    }
    BlockFifo(const BlockFifo&) = delete;
    BlockFifo& operator=(const BlockFifo&) = delete;

    // (always inlined: asyncio queues a ready entry per task step; as a call it cost
    // 20 instructions more each, when the inliner ran out of budget for its unit)
    [[gnu::always_inline]] void push_back(const T& item) {
        if (ti_ == kPerBlock || !tail_) add_block();
        tail_->items[ti_++] = item;
        size_++;
    }
    // Removes and returns the front item. Precondition: !empty().
    T pop_front() {
        T item = head_->items[hi_++];
        if (--size_ == 0) {
            hi_ = ti_ = 0;  // empty (head_ == tail_): restart at the block's start
        } else if (hi_ == kPerBlock) {
            Block* b = head_;
            head_ = b->next;
            hi_ = 0;
            recycle(b);
        }
        return item;
    }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // Drops every item (keeps one block).
    void clear() {
        if (!head_) return;
        release(head_->next);
        head_->next = nullptr;
        tail_ = head_;
        hi_ = ti_ = size_ = 0;
    }
    // Calls f(item) for every item, front to back.
    template <class F>
    void for_each(F&& f) const {
        for (Block* b = head_; b; b = b->next) {
            std::size_t from = b == head_ ? hi_ : 0, to = b == tail_ ? ti_ : kPerBlock;
            for (std::size_t i = from; i < to; i++) f(b->items[i]);
        }
    }

    static constexpr std::size_t kPerBlock = (kBlockBytes - sizeof(void*)) / sizeof(T);

private:
    struct Block {
        Block* next;
        T items[kPerBlock];
    };

    void add_block() {
        Block* b = spare_;
        if (b) {
            spare_ = nullptr;
        } else {
            b = new_block();
        }
        b->next = nullptr;
        if (tail_) tail_->next = b;
        else head_ = b;
        tail_ = b;
        ti_ = 0;
    }
    void recycle(Block* b) {
        if (spare_) free_block(b);
        else spare_ = b;
    }
    static Block* new_block() {
        void* p;
        if constexpr (kMapped) {
            p = mmap(nullptr, sizeof(Block), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED) throw std::bad_alloc();
        } else {
            p = std::malloc(sizeof(Block));
            if (!p) throw std::bad_alloc();
        }
        return static_cast<Block*>(p);
    }
    static void free_block(Block* b) {
        if (!b) return;
        if constexpr (kMapped) munmap(b, sizeof(Block));
        else std::free(b);
    }
    void release(Block* b) {
        while (b) {
            Block* n = b->next;
            recycle(b);
            b = n;
        }
    }

    Block* head_ = nullptr;
    Block* tail_ = nullptr;
    Block* spare_ = nullptr;
    std::size_t hi_ = 0, ti_ = 0;  // next item to pop in head_, next free slot in tail_
    std::size_t size_ = 0;
};

}  // namespace aio::loop
