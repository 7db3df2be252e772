// runtime/gc_pages.cpp - aligned page chunks from mmap (see gc_pages.hpp).
#include "runtime/gc_pages.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace aio::rt {

namespace {
constexpr size_t kChunk = PageSource::kPagesPerChunk * PageSource::kPageSize;

// `span` bytes of address space aligned to kChunk, mapped with `prot`; 0 on failure.
uintptr_t map_aligned(size_t span, int prot, int extra_flags) {
    void* m = mmap(nullptr, span + kChunk, prot, MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0);
    if (m == MAP_FAILED) return 0;
    auto base = reinterpret_cast<uintptr_t>(m);
    uintptr_t start = (base + kChunk - 1) & ~uintptr_t(kChunk - 1);
    uintptr_t end = start + span;
    if (start > base) munmap(m, start - base);
    if (base + span + kChunk > end) munmap(reinterpret_cast<void*>(end), base + span + kChunk - end);
    return start;
}
}  // namespace

void* PageSource::map_chunk() {
    if (!reserved_) {
        reserved_ = true;
        // PROT_NONE and MAP_NORESERVE: no memory is committed until mprotect makes a chunk usable.
        if (uintptr_t lo = map_aligned(kReserve, PROT_NONE, MAP_NORESERVE)) {
            lo_ = lo;
            span_ = kReserve;
        }
    }
    if (used_ + kChunk <= span_) {
        void* c = reinterpret_cast<void*>(lo_ + used_);
        if (mprotect(c, kChunk, PROT_READ | PROT_WRITE) == 0) {
            used_ += kChunk;
            return c;
        }
    }
    // A chunk aligned to its own size, so that the kernel can back it with
    // one transparent huge page (see the header).
    return reinterpret_cast<void*>(map_aligned(kChunk, PROT_READ | PROT_WRITE, 0));
}

void* PageSource::take() {
    if (!spare_.empty()) {
        void* p = spare_.back();
        spare_.pop_back();
        return p;
    }
    if (fresh_.empty()) {
        auto start = reinterpret_cast<uintptr_t>(map_chunk());
        if (!start) return nullptr;
#ifdef MADV_HUGEPAGE
        if (++chunks_ > small_heap_chunks_) madvise(reinterpret_cast<void*>(start), kChunk, MADV_HUGEPAGE);
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
        void* p = spare_.back();
        spare_.pop_back();
        if (owns(p)) {
            // Unmapped, the hole could be mapped again by someone else (malloc) and
            // owns() would lie about it: the page stays mapped, without its memory.
            madvise(p, kPageSize, MADV_DONTNEED);
            fresh_.push_back(p);
        } else {
            munmap(p, kPageSize);
        }
    }
}

PageSource::~PageSource() {
    trim(0);
    for (void* p : fresh_)
        if (!owns(p)) munmap(p, kPageSize);
    if (span_) munmap(reinterpret_cast<void*>(lo_), span_);
}

}  // namespace aio::rt
