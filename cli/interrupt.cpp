// cli/interrupt.cpp - the SIGINT handler. A signal handler receives no user
// pointer, so the one live Interrupt is reached through a single static pointer
// (`active`); it is set by the constructor and cleared by the destructor, and the
// handler only touches its atomics and async-signal-safe calls (write, _exit).
#include "cli/interrupt.hpp"

#include <unistd.h>

namespace aio::cli {

namespace {
std::atomic<Interrupt*> active{nullptr};
}  // namespace

Interrupt::Interrupt() {
    active.store(this);
    struct sigaction sa {};
    sa.sa_handler = &Interrupt::on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a poll(2) waiting for input must return EINTR
    sigaction(SIGINT, &sa, &old_);
}

Interrupt::~Interrupt() {
    sigaction(SIGINT, &old_, nullptr);
    active.store(nullptr);
}

void Interrupt::on_signal(int) {
    Interrupt* self = active.load();
    if (!self) return;
    int mode = self->mode_.load();
    if (mode == int(Mode::Raise)) {
        std::atomic<bool>* flag = self->vm_flag_.load();
        // Not yet taken by the VM (blocked in a system call, or ignoring it): quit.
        if (flag && !flag->exchange(true)) {
            if (std::atomic<size_t>* trigger = self->vm_trigger_.load()) trigger->store(0);
            return;
        }
        mode = int(Mode::Exit);
    }
    if (mode == int(Mode::Exit)) {
        // Python's status for death by SIGINT (128 + 2). Buffered stdout cannot
        // be flushed safely from a signal handler: it is lost, as with kill -INT.
        static const char msg[] = "\nKeyboardInterrupt\n";
        ssize_t n = ::write(2, msg, sizeof msg - 1);
        (void)n;
        ::_exit(130);
    }
    self->pending_.store(true);
}

}  // namespace aio::cli
