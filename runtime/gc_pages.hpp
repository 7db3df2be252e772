// runtime/gc_pages.hpp - where the heap's 64 KB pages come from: address
// space mapped a chunk at a time, aligned to the page size (so a cell finds its
// page header by masking its address), handed out page by page. Pages given
// back are kept for reuse up to what trim() allows, and unmapped beyond it:
// unmapping every empty page made each collection cycle fault its memory in
// again (bench/words.py spent as much time in the kernel as in aio). malloc's
// aligned allocation was not used: it kept ~17% more resident memory per page.
// Chunks are 2 MB, aligned to 2 MB: once the heap is past a few chunks, each
// new chunk is offered to the kernel as a transparent huge page (one page
// fault instead of 512: bench/words.py spent 0.12 s in the kernel faulting its
// heap in, 0.06 s with huge pages). A small heap keeps 4 KB pages, so that a
// small script's resident memory stays what it touches.
#pragma once
#include <cstddef>
#include <vector>

namespace aio::rt {

class PageSource {
public:
    static constexpr size_t kPageSize = 64 * 1024;
    static constexpr size_t kPagesPerChunk = 32;       // 2 MB, a huge page
    static constexpr size_t kSmallHeapChunks = 4;      // chunks mapped before huge pages are asked for

    PageSource() = default;
    ~PageSource();  // unmaps the pages not handed out (the heap gives back the rest first)
    PageSource(const PageSource&) = delete;
    PageSource& operator=(const PageSource&) = delete;

    void* take();  // nullptr when the system has no memory
    void give_back(void* page);
    // Unmaps the given-back pages beyond `keep`.
    void trim(size_t keep);

private:
    std::vector<void*> spare_;  // given back, resident: taken first
    std::vector<void*> fresh_;  // mapped, never touched: not resident
    size_t chunks_ = 0;         // chunks mapped so far
};

}  // namespace aio::rt
