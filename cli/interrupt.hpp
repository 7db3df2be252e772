// cli/interrupt.hpp - Ctrl-C (SIGINT) for the `aio` command.
// While a script runs, Ctrl-C ends the process with status 130 after a
// "KeyboardInterrupt" line (the VM has no interrupt safepoint yet); while the
// REPL waits for input it only sets a flag that the line reader polls.
#pragma once
#include <signal.h>

#include <atomic>

namespace aio::cli {

class Interrupt {
public:
    enum class Mode : int {
        Exit,  // print "KeyboardInterrupt", exit(130) from the handler
        Flag,  // remember it; reads blocked in poll(2) return with EINTR
    };

    // Installs the SIGINT handler (Exit mode). One Interrupt per process.
    Interrupt();
    // Restores the previous disposition.
    ~Interrupt();
    Interrupt(const Interrupt&) = delete;
    Interrupt& operator=(const Interrupt&) = delete;

    void set_mode(Mode m) { mode_.store(int(m)); }
    // Returns whether Ctrl-C was pressed since the last call, and clears it.
    bool take() { return pending_.exchange(false); }

private:
    static void on_signal(int);
    std::atomic<int> mode_{int(Mode::Exit)};
    std::atomic<bool> pending_{false};
    struct sigaction old_{};
};

}  // namespace aio::cli
