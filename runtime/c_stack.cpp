// runtime/c_stack.cpp - how much C stack the running thread has left, so that native
// recursion (nested run() calls, repr/compare of nested containers) raises
// RecursionError before overflowing it, whatever the frame sizes of this build.
#include <pthread.h>

#include <cstdint>

#include "runtime/rt_util.hpp"

namespace aio::rt {

namespace {

// Kept free below the limit: room for the raise itself, the handlers that run on the
// way out and a sanitizer's larger frames.
constexpr uintptr_t kMargin = 512 * 1024;

// The lowest usable address of the calling thread's stack plus the margin, or 0 when
// the system does not say.
uintptr_t compute_limit() {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
    void* addr = nullptr;
    size_t size = 0;
    int rc = pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    if (rc != 0 || !addr || size <= 2 * kMargin) return 0;
    return reinterpret_cast<uintptr_t>(addr) + kMargin;
}

}  // namespace

bool c_stack_exhausted(Interp& I) {
    char here;
    auto self = static_cast<uintptr_t>(pthread_self());
    if (I.c_stack_thread != self || I.c_stack_limit == 0) {
        I.c_stack_limit = compute_limit();
        I.c_stack_thread = self;
        if (I.c_stack_limit == 0) I.c_stack_limit = 1;  // unknown: never exhausted
    }
    return reinterpret_cast<uintptr_t>(&here) < I.c_stack_limit;
}

}  // namespace aio::rt
