// runtime/loop: I/O readiness — epoll on Linux, poll(2) as a fallback (or on
// request, for tests) — behind one interface, plus the Waker other threads use.
// Each (fd, direction) holds one Callback. poll() queues a trampoline per ready
// direction; the trampoline re-checks the registration when it runs, so removing
// or replacing a callback after its fd became ready stops the old one (CPython's
// Handle.cancel()). Invariant: table_[fd].mask mirrors what the kernel watches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/loop/callback.hpp"
#include "runtime/loop/ready_queue.hpp"
#include "runtime/loop/waker.hpp"

struct epoll_event;
struct pollfd;

namespace aio::loop {

enum class Direction : uint8_t { Read = 0, Write = 1 };

class Poller {
public:
    enum class Backend { Auto, Epoll, Poll };
    struct Options {
        Backend backend = Backend::Auto;
        Waker::Kind waker = Waker::Kind::Auto;
    };

    // Opens the backend and the waker; throws std::system_error when the OS refuses.
    explicit Poller(Options options);
    Poller() : Poller(Options{}) {}
    ~Poller();
    Poller(const Poller&) = delete;
    Poller& operator=(const Poller&) = delete;

    // Watches [fd] for [dir] and calls [cb] when it is ready (level-triggered).
    // Replaces an earlier callback for the same (fd, dir). Returns 0 or an errno
    // (EBADF, EPERM for a regular file under epoll, ...); on error nothing changes.
    [[nodiscard]] int add(int fd, Direction dir, Callback cb);

    // Stops watching [fd] for [dir]. Returns whether a callback was registered.
    // Call it before closing [fd].
    bool remove(int fd, Direction dir);

    // Whether a callback is registered for (fd, dir).
    bool has(int fd, Direction dir) const;

    // Number of registered (fd, direction) pairs, the waker excluded.
    std::size_t size() const { return registered_; }

    // Waits up to [timeout] seconds (0, negative or NaN = don't block; infinity =
    // no limit; rounded up to whole milliseconds) for readiness, drains the waker,
    // and pushes one trampoline per ready registered direction onto [out],
    // reader before writer. Returns the number pushed. EINTR counts as a wake-up.
    std::size_t poll(double timeout, ReadyQueue& out);

    // Wakes a poll() in progress (or makes the next one return at once).
    // Thread-safe and async-signal-safe.
    void wakeup() noexcept { waker_.signal(); }

    // The epoll descriptor (readable when poll() would find work), or -1 for the
    // poll(2) backend.
    int fd() const { return epfd_; }

    Backend backend() const { return backend_; }
    const Waker& waker() const { return waker_; }

private:
    struct Entry {
        Callback cb[2];
        uint32_t gen[2];
        uint8_t mask;  // bit 0: read, bit 1: write
    };

    static void dispatch(void* self, uint64_t arg);
    int update_kernel(int fd, uint8_t old_mask, uint8_t new_mask);
    void queue_ready(int fd, bool readable, bool writable, ReadyQueue& out, std::size_t& n);
    void rebuild_pollfds();

    Backend backend_;
    Waker waker_;
    int epfd_ = -1;
    std::vector<Entry> table_;        // indexed by fd
    std::size_t registered_ = 0;
    std::vector<epoll_event> events_;  // epoll backend: the result buffer
    std::vector<pollfd> pollfds_;      // poll backend: [0] is the waker
    bool pollfds_dirty_ = true;
};

}  // namespace aio::loop
