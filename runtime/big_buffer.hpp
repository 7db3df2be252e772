// runtime/big_buffer.hpp - the memory of big raw buffers (a list of a text's
// 200,000 lines: 3.2 MB of items), mapped by the buffer itself, aligned to 2 MB
// and offered to the kernel as transparent huge pages. A fresh 4 KB page costs
// a page fault (~11 us on the machines we measured, bench/words.py spent ~20 ms
// faulting in its two big lists from malloc); a huge page costs one fault per
// 2 MB. Only buffers of kBigBuffer bytes or more come from here, so the size a
// buffer was allocated with says where it goes back (Heap::free_buffer).
#pragma once
#include <cstddef>

namespace aio::rt {

struct Interp;

// Below this, malloc (or a heap cell): a 2 MB mapping for a smaller buffer would
// waste more resident memory than its faults cost.
constexpr size_t kBigBuffer = size_t(2) << 20;

// `bytes` (>= kBigBuffer) of uninitialised memory; raises MemoryError when the
// system has none.
void* big_buffer_alloc(Interp& I, size_t bytes);
// Gives back a buffer of big_buffer_alloc, with the byte count it was allocated with.
void big_buffer_free(void* p, size_t bytes);

}  // namespace aio::rt
