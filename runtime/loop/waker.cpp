// runtime/loop: Waker — eventfd or self-pipe, both non-blocking and close-on-exec.
// Invariant: a full pipe / saturated eventfd (EAGAIN) already means "readable",
// so signal() may drop a write without losing a wake-up.
#include "runtime/loop/waker.hpp"

#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

#ifdef __linux__
#include <sys/eventfd.h>
#endif

namespace aio::loop {

namespace {

void open_pipe(int fds[2]) {
#ifdef __linux__
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
#else
    if (pipe(fds) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    for (int i = 0; i < 2; ++i) {
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
    }
#endif
}

}  // namespace

Waker::Waker(Kind kind) : kind_(kind) {
#ifdef __linux__
    if (kind_ == Kind::Auto || kind_ == Kind::EventFd) {
        int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (fd >= 0) {
            kind_ = Kind::EventFd;
            read_fd_ = write_fd_ = fd;
            return;
        }
        if (kind_ == Kind::EventFd) throw std::system_error(errno, std::generic_category(), "eventfd");
    }
#endif
    int fds[2];
    open_pipe(fds);
    kind_ = Kind::Pipe;
    read_fd_ = fds[0];
    write_fd_ = fds[1];
}

Waker::~Waker() {
    if (write_fd_ >= 0 && write_fd_ != read_fd_) close(write_fd_);
    if (read_fd_ >= 0) close(read_fd_);
}

void Waker::signal() noexcept {
    int saved = errno;
    ssize_t r;
    if (kind_ == Kind::EventFd) {
        uint64_t one = 1;
        do r = write(write_fd_, &one, sizeof one);
        while (r < 0 && errno == EINTR);
    } else {
        char one = 1;
        do r = write(write_fd_, &one, 1);
        while (r < 0 && errno == EINTR);
    }
    errno = saved;
}

void Waker::drain() noexcept {
    int saved = errno;
    char buf[256];
    for (;;) {
        ssize_t r = read(read_fd_, buf, kind_ == Kind::EventFd ? sizeof(uint64_t) : sizeof buf);
        if (r > 0 && kind_ == Kind::Pipe && r == static_cast<ssize_t>(sizeof buf)) continue;
        if (r < 0 && errno == EINTR) continue;
        break;  // eventfd: one read resets the counter; pipe: short read or EAGAIN = empty
    }
    errno = saved;
}

}  // namespace aio::loop
