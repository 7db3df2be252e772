// runtime/loop: the cross-thread (and signal-handler) wake-up for a sleeping poller.
// An eventfd on Linux, a non-blocking self-pipe elsewhere or on request.
// Invariant: signal() is async-signal-safe and thread-safe (one write(2), errno
// preserved); drain() runs on the loop thread only.
#pragma once

namespace aio::loop {

class Waker {
public:
    enum class Kind { Auto, EventFd, Pipe };

    // Opens the descriptor(s); throws std::system_error when the OS refuses.
    explicit Waker(Kind kind = Kind::Auto);
    ~Waker();
    Waker(const Waker&) = delete;
    Waker& operator=(const Waker&) = delete;

    // The descriptor that becomes readable after signal().
    int fd() const { return read_fd_; }
    Kind kind() const { return kind_; }

    // Makes fd() readable. Safe from any thread and from a signal handler.
    void signal() noexcept;

    // Consumes every pending signal, so fd() is no longer readable.
    void drain() noexcept;

private:
    Kind kind_;
    int read_fd_ = -1;
    int write_fd_ = -1;
};

}  // namespace aio::loop
