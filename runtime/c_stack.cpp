// runtime/c_stack.cpp - how much C stack the running thread has left, so that native
// recursion (nested run() calls, repr/compare of nested containers) raises
// RecursionError before overflowing it, whatever the frame sizes of this build.
#include <pthread.h>
#include <sys/auxv.h>
#include <sys/resource.h>

#include <cstdint>
#include <cstring>

#include "runtime/rt_util.hpp"

namespace aio::rt {

namespace {

// Kept free below the limit: room for the raise itself, the handlers that run on the
// way out and a sanitizer's larger frames.
constexpr uintptr_t kMargin = 512 * 1024;

// The main thread's stack (lowest usable address and size) when `here` (an address
// on the calling thread's stack) lies in it, else {0, 0}. glibc's pthread_getattr_np answers the
// same for the main thread by reading /proc/self/maps with sscanf, which cost about a
// tenth of an empty script's start (several page faults and 0.2 ms). The kernel puts
// the program's file name (AT_EXECFN) at the top of that stack, followed by one null
// pointer, and lets the stack grow to RLIMIT_STACK below its top; glibc takes the same
// size (it also caps it at the gap to the mapping below, which the kernel keeps
// larger than the limit unless the limit is unlimited: then we ask glibc).
struct StackRange {
    uintptr_t low;
    uintptr_t size;
};

StackRange main_thread_stack(uintptr_t here) {
    auto execfn = static_cast<uintptr_t>(getauxval(AT_EXECFN));
    rlimit rl{};
    if (!execfn || getrlimit(RLIMIT_STACK, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return {0, 0};
    constexpr uintptr_t kPage = 4096;  // the top is page-aligned on every page size this rounds up to
    uintptr_t end = execfn + std::strlen(reinterpret_cast<const char*>(execfn)) + 1 + sizeof(void*);
    uintptr_t top = (end + kPage - 1) & ~(kPage - 1);
    uintptr_t size = uintptr_t(rl.rlim_cur) & ~(kPage - 1);
    if (size >= top || here >= top || here < top - size) return {0, 0};  // not the main thread's stack
    return {top - size, size};
}

// The lowest usable address of the calling thread's stack plus the margin, or 0 when
// the system does not say.
uintptr_t compute_limit(uintptr_t here) {
    auto [low, size] = main_thread_stack(here);
    if (!low) {
        pthread_attr_t attr;
        if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
        void* addr = nullptr;
        size_t n = 0;
        int rc = pthread_attr_getstack(&attr, &addr, &n);
        pthread_attr_destroy(&attr);
        if (rc != 0 || !addr) return 0;
        low = reinterpret_cast<uintptr_t>(addr);
        size = n;
    }
    if (size <= 2 * kMargin) return 0;
    return low + kMargin;
}

}  // namespace

bool c_stack_exhausted(Interp& I) {
    char here;
    auto self = static_cast<uintptr_t>(pthread_self());
    if (I.c_stack_thread != self || I.c_stack_limit == 0) {
        I.c_stack_limit = compute_limit(reinterpret_cast<uintptr_t>(&here));
        I.c_stack_thread = self;
        if (I.c_stack_limit == 0) I.c_stack_limit = 1;  // unknown: never exhausted
    }
    return reinterpret_cast<uintptr_t>(&here) < I.c_stack_limit;
}

}  // namespace aio::rt
