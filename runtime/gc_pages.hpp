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
// small script's resident memory stays what it touches — unless the owner asks
// for huge pages from the start (huge_pages_from_start: the `aio` command, whose
// process has one interpreter; an embedder's many small states keep 4 KB pages).
// The chunks come from one reserved range of address space (kReserve, no memory
// behind it until a chunk is made usable), so owns() tells a cell of a page from
// any other address with one compare: the collector marks a string without
// reading its header (Heap::mark). Past the range, chunks are mapped anywhere.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace aio::rt {

class PageSource {
public:
    static constexpr size_t kPageSize = 64 * 1024;
    static constexpr size_t kPagesPerChunk = 32;       // 2 MB, a huge page
    static constexpr size_t kSmallHeapChunks = 4;      // chunks mapped before huge pages are asked for
    static constexpr size_t kReserve = size_t(32) << 30;  // address space only: 32 GB of 128 TB

    PageSource() = default;
    ~PageSource();  // unmaps the pages not handed out (the heap gives back the rest first)
    PageSource(const PageSource&) = delete;
    PageSource& operator=(const PageSource&) = delete;

    void* take();  // nullptr when the system has no memory
    // Every chunk, the first one too, is offered as a transparent huge page. On the
    // virtual machines we measure on a 4 KB page fault costs ~15 us, and an empty
    // script's start-up touched ~65 pages of its first chunk; a huge page is one fault.
    // Call before the first take().
    void huge_pages_from_start() { small_heap_chunks_ = 0; }
    void give_back(void* page);
    // Releases the memory of the given-back pages beyond `keep`.
    void trim(size_t keep);
    // Whether p lies in the reserved range: in a page handed out, when it is an object.
    bool owns(const void* p) const { return reinterpret_cast<uintptr_t>(p) - lo_ < span_; }

private:
    void* map_chunk();  // a new chunk's address, nullptr when the system has no memory

    std::vector<void*> spare_;  // given back, resident: taken first
    std::vector<void*> fresh_;  // mapped, never touched (or released): not resident
    size_t chunks_ = 0;         // chunks mapped so far
    size_t small_heap_chunks_ = kSmallHeapChunks;  // chunks mapped before huge pages are asked for
    uintptr_t lo_ = 0;          // the reserved range [lo_, lo_ + span_), empty until the first take()
    size_t span_ = 0;
    size_t used_ = 0;           // bytes of the range made usable, from lo_
    bool reserved_ = false;     // the reservation was tried
};

}  // namespace aio::rt
