// runtime/gc_pages.cpp - aligned page chunks from mmap (see gc_pages.hpp).
#include "runtime/gc_pages.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace aio::rt {

void* PageSource::take() {
    if (!spare_.empty()) {
        void* p = spare_.back();
        spare_.pop_back();
        return p;
    }
    if (fresh_.empty()) {
        // A chunk aligned to its own size, so that the kernel can back it with
        // one transparent huge page (see the header).
        constexpr size_t kChunk = kPagesPerChunk * kPageSize;
        size_t span = 2 * kChunk;
        void* m = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) return nullptr;
        auto base = reinterpret_cast<uintptr_t>(m);
        uintptr_t start = (base + kChunk - 1) & ~uintptr_t(kChunk - 1);
        uintptr_t end = start + kChunk;
        if (start > base) munmap(m, start - base);
        if (base + span > end) munmap(reinterpret_cast<void*>(end), base + span - end);
#ifdef MADV_HUGEPAGE
        if (++chunks_ > kSmallHeapChunks) madvise(reinterpret_cast<void*>(start), kChunk, MADV_HUGEPAGE);
#endif
        // Lowest address last: taken first.
        for (size_t i = kPagesPerChunk; i-- > 0;) fresh_.push_back(reinterpret_cast<void*>(start + i * kPageSize));
    }
    void* p = fresh_.back();
    fresh_.pop_back();
    return p;
}

void PageSource::give_back(void* page) { spare_.push_back(page); }

void PageSource::trim(size_t keep) {
    while (spare_.size() > keep) {
        munmap(spare_.back(), kPageSize);
        spare_.pop_back();
    }
}

PageSource::~PageSource() {
    trim(0);
    for (void* p : fresh_) munmap(p, kPageSize);
}

}  // namespace aio::rt
