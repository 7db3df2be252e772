// runtime/loop: MonotonicClock, CLOCK_MONOTONIC as seconds.
// Invariant: the returned value never decreases (kernel guarantee).
#include "runtime/loop/clock.hpp"

#include <time.h>

namespace aio::loop {

double MonotonicClock::now() const {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace aio::loop
