// cli/interrupt.hpp - Ctrl-C (SIGINT) for the `aio` command. While code runs,
// Ctrl-C sets the VM's interrupt flag, so KeyboardInterrupt is raised at the
// next safepoint (a traceback; status 130, or back to the REPL prompt); a second
// Ctrl-C before the VM took the first ends the process at once (status 130).
// While the REPL waits for input it only sets a flag the line reader polls.
#pragma once
#include <signal.h>

#include <atomic>
#include <cstddef>

namespace aio::cli {

class Interrupt {
public:
    enum class Mode : int {
        Exit,   // print "KeyboardInterrupt", exit(130) from the handler
        Raise,  // set the VM's flag (attach()); Exit if it is still set
        Flag,   // remember it; reads blocked in poll(2) return with EINTR
    };

    // Installs the SIGINT handler (Exit mode). One Interrupt per process.
    Interrupt();
    // Restores the previous disposition.
    ~Interrupt();
    Interrupt(const Interrupt&) = delete;
    Interrupt& operator=(const Interrupt&) = delete;

    // The VM's interrupt_requested flag, for Mode::Raise, and the safepoint trigger
    // word the handler drops to 0 so that the VM looks at the flag (VMState::request_interrupt).
    void attach(std::atomic<bool>* vm_flag, std::atomic<size_t>* vm_trigger) {
        vm_trigger_.store(vm_trigger);
        vm_flag_.store(vm_flag);
    }
    void set_mode(Mode m) {
        if (m == Mode::Flag && vm_flag_.load()) vm_flag_.load()->store(false);  // a stale request
        mode_.store(int(m));
    }
    // Returns whether Ctrl-C was pressed since the last call, and clears it.
    bool take() { return pending_.exchange(false); }

private:
    static void on_signal(int);
    std::atomic<int> mode_{int(Mode::Exit)};
    std::atomic<bool> pending_{false};
    std::atomic<std::atomic<bool>*> vm_flag_{nullptr};
    std::atomic<std::atomic<size_t>*> vm_trigger_{nullptr};
    struct sigaction old_{};
};

}  // namespace aio::cli
