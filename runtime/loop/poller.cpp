// runtime/loop: Poller — fd table, epoll and poll(2) backends, trampolines.
// A trampoline's arg packs (gen << 33) | (dir << 32) | fd; it runs the callback
// only if that registration is still current. Invariant: the waker's fd is never
// in table_ and never produces a callback; poll() just drains it.
#include "runtime/loop/poller.hpp"

#include <cerrno>
#include <climits>
#include <cmath>
#include <poll.h>
#include <system_error>
#include <unistd.h>

#ifdef __linux__
#include <sys/epoll.h>
#else
struct epoll_event {};
#endif

namespace aio::loop {

namespace {

constexpr std::size_t kMaxEvents = 256;
constexpr uint32_t kGenMask = (1u << 31) - 1;
// Like CPython, never sleep longer than a day in one call (also keeps ms in an int).
constexpr double kMaxTimeout = 86400.0;

uint8_t bit(Direction d) { return static_cast<uint8_t>(1u << static_cast<unsigned>(d)); }

int timeout_ms(double timeout) {
    if (std::isnan(timeout) || timeout <= 0) return 0;
    if (std::isinf(timeout)) return -1;
    if (timeout > kMaxTimeout) timeout = kMaxTimeout;
    // Round up, so a wake-up for a timer finds the timer due (no busy spin).
    return static_cast<int>(std::ceil(timeout * 1000.0));
}

}  // namespace

Poller::Poller(Options options) : backend_(options.backend), waker_(options.waker) {
#ifdef __linux__
    if (backend_ == Backend::Auto || backend_ == Backend::Epoll) {
        epfd_ = epoll_create1(EPOLL_CLOEXEC);
        if (epfd_ < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
        backend_ = Backend::Epoll;
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = waker_.fd();
        if (epoll_ctl(epfd_, EPOLL_CTL_ADD, waker_.fd(), &ev) != 0) {
            int err = errno;
            close(epfd_);
            throw std::system_error(err, std::generic_category(), "epoll_ctl(waker)");
        }
        events_.resize(kMaxEvents);
        return;
    }
#endif
    backend_ = Backend::Poll;
    pollfds_.push_back(pollfd{waker_.fd(), POLLIN, 0});
}

Poller::~Poller() {
    if (epfd_ >= 0) close(epfd_);
}

int Poller::update_kernel(int fd, uint8_t old_mask, uint8_t new_mask) {
    if (backend_ == Backend::Poll) {
        pollfds_dirty_ = true;
        return 0;
    }
#ifdef __linux__
    epoll_event ev{};
    ev.events = ((new_mask & 1) ? EPOLLIN : 0u) | ((new_mask & 2) ? EPOLLOUT : 0u);
    ev.data.fd = fd;
    int op = old_mask == 0 ? EPOLL_CTL_ADD : new_mask == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
    if (epoll_ctl(epfd_, op, fd, &ev) == 0) return 0;
    // The table and the kernel disagree when an fd was closed without remove()
    // (epoll forgets it) and its number reused: repair instead of failing.
    if (op == EPOLL_CTL_MOD && errno == ENOENT && epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) == 0) return 0;
    if (op == EPOLL_CTL_ADD && errno == EEXIST && epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev) == 0) return 0;
    return errno;
#else
    (void)fd, (void)old_mask, (void)new_mask;
#endif
    return 0;
}

int Poller::add(int fd, Direction dir, Callback cb) {
    if (fd < 0) return EBADF;
    if (fd == waker_.fd()) return EINVAL;
    if (static_cast<std::size_t>(fd) >= table_.size()) table_.resize(static_cast<std::size_t>(fd) + 1, Entry{});
    Entry& e = table_[fd];
    uint8_t new_mask = e.mask | bit(dir);
    // Replacing a callback re-arms the kernel too (a syscall, but rare), so a
    // stale registration left by close-without-remove gets repaired.
    if (int err = update_kernel(fd, e.mask, new_mask)) return err;
    if (new_mask != e.mask) ++registered_;
    int d = static_cast<int>(dir);
    e.mask = new_mask;
    e.cb[d] = cb;
    e.gen[d] = (e.gen[d] + 1) & kGenMask;  // a queued trampoline for the old callback now misses
    return 0;
}

bool Poller::remove(int fd, Direction dir) {
    if (!has(fd, dir)) return false;
    Entry& e = table_[fd];
    uint8_t new_mask = e.mask & ~bit(dir);
    // A failure here (the fd was already closed) leaves nothing to unwatch.
    (void)update_kernel(fd, e.mask, new_mask);
    int d = static_cast<int>(dir);
    e.mask = new_mask;
    e.cb[d] = Callback{};
    e.gen[d] = (e.gen[d] + 1) & kGenMask;
    --registered_;
    return true;
}

bool Poller::has(int fd, Direction dir) const {
    return fd >= 0 && static_cast<std::size_t>(fd) < table_.size() && (table_[fd].mask & bit(dir));
}

void Poller::queue_ready(int fd, bool readable, bool writable, ReadyQueue& out, std::size_t& n) {
    if (fd < 0 || static_cast<std::size_t>(fd) >= table_.size()) return;
    const Entry& e = table_[fd];
    uint64_t base = static_cast<uint32_t>(fd);
    if (readable && (e.mask & 1)) {
        out.push(Callback{&Poller::dispatch, this, base | (uint64_t{e.gen[0]} << 33)});
        ++n;
    }
    if (writable && (e.mask & 2)) {
        out.push(Callback{&Poller::dispatch, this, base | (uint64_t{1} << 32) | (uint64_t{e.gen[1]} << 33)});
        ++n;
    }
}

void Poller::dispatch(void* self, uint64_t arg) {
    auto* p = static_cast<Poller*>(self);
    auto fd = static_cast<uint32_t>(arg);
    int d = static_cast<int>((arg >> 32) & 1);
    auto gen = static_cast<uint32_t>(arg >> 33);
    if (fd >= p->table_.size()) return;
    const Entry& e = p->table_[fd];
    if (!(e.mask & (1u << d)) || e.gen[d] != gen) return;  // removed or replaced since it became ready
    Callback cb = e.cb[d];  // copy: the callback may grow table_
    cb.fn(cb.ctx, cb.arg);
}

void Poller::rebuild_pollfds() {
    pollfds_.resize(1);
    for (std::size_t fd = 0; fd < table_.size(); ++fd) {
        uint8_t m = table_[fd].mask;
        if (!m) continue;
        short events = static_cast<short>(((m & 1) ? POLLIN : 0) | ((m & 2) ? POLLOUT : 0));
        pollfds_.push_back(pollfd{static_cast<int>(fd), events, 0});
    }
    pollfds_dirty_ = false;
}

std::size_t Poller::poll(double timeout, ReadyQueue& out) {
    int ms = timeout_ms(timeout);
    std::size_t n = 0;
#ifdef __linux__
    if (backend_ == Backend::Epoll) {
        int got = epoll_wait(epfd_, events_.data(), static_cast<int>(events_.size()), ms);
        for (int i = 0; i < got; ++i) {
            const epoll_event& ev = events_[i];
            if (ev.data.fd == waker_.fd()) {
                waker_.drain();
                continue;
            }
            // As CPython's selectors: anything but EPOLLOUT (IN, HUP, ERR) wakes a reader,
            // anything but EPOLLIN wakes a writer.
            queue_ready(ev.data.fd, ev.events & ~uint32_t{EPOLLOUT}, ev.events & ~uint32_t{EPOLLIN}, out, n);
        }
        return n;
    }
#endif
    if (pollfds_dirty_) rebuild_pollfds();
    int got = ::poll(pollfds_.data(), static_cast<nfds_t>(pollfds_.size()), ms);
    if (got <= 0) return 0;
    if (pollfds_[0].revents) waker_.drain();
    for (std::size_t i = 1; i < pollfds_.size(); ++i) {
        short re = pollfds_[i].revents;
        if (!re) continue;
        queue_ready(pollfds_[i].fd, re & ~POLLOUT, re & ~POLLIN, out, n);
    }
    return n;
}

}  // namespace aio::loop
