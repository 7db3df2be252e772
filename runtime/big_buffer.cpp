// runtime/big_buffer.cpp - huge-page buffers (see big_buffer.hpp).
#include "runtime/big_buffer.hpp"

#include <sys/mman.h>

#include <cstdint>

#include "runtime/interp.hpp"
#include "runtime/protocol.hpp"

namespace aio::rt {

namespace {

constexpr size_t kHugePage = size_t(2) << 20;
constexpr size_t kSmallPage = 4096;

size_t mapped_size(size_t bytes) { return (bytes + kSmallPage - 1) & ~(kSmallPage - 1); }

}  // namespace

void* big_buffer_alloc(Interp& I, size_t bytes) {
    // Map one huge page more than needed, then unmap the unaligned ends.
    size_t size = mapped_size(bytes);
    size_t span = size + kHugePage;
    void* m = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) raise(I, I.exc.MemoryError, "");
    auto base = reinterpret_cast<uintptr_t>(m);
    uintptr_t start = (base + kHugePage - 1) & ~uintptr_t(kHugePage - 1);
    if (start > base) munmap(m, start - base);
    if (base + span > start + size) munmap(reinterpret_cast<void*>(start + size), base + span - (start + size));
#ifdef MADV_HUGEPAGE
    // Only the huge pages the buffer fills: a partly used one would be resident
    // whole (a 3.2 MB list would keep 4 MB); the tail keeps 4 KB pages.
    madvise(reinterpret_cast<void*>(start), bytes & ~(kHugePage - 1), MADV_HUGEPAGE);
#endif
    return reinterpret_cast<void*>(start);
}

void big_buffer_free(void* p, size_t bytes) {
    if (p) munmap(p, mapped_size(bytes));
}

}  // namespace aio::rt
