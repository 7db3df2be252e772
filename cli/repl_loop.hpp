// cli/repl_loop.hpp - the REPL's asyncio event loop. Started once asyncio is
// imported (or on the first top-level await), it stays "running" for the whole
// session: the REPL steps it while waiting for keys, and drives a top-level
// `await` entry as a Task until it is done.
#pragma once
#include <poll.h>

#include <vector>

#include "runtime/interp.hpp"

namespace aio::cli {

class ReplLoop {
public:
    explicit ReplLoop(rt::Interp& I) : I_(I) {}

    // Starts the loop when [force] or when asyncio is in sys.modules; returns
    // whether it is running. Throws rt::Unwind if asyncio cannot be set up.
    bool start(bool force);
    bool running() const { return ns_ != nullptr; }

    // Seconds until the loop has work to do; < 0 when only I/O (or nothing) can
    // bring any. Throws rt::Unwind (a pending Ctrl-C).
    double timeout();
    // Appends the loop's reader/writer descriptors (sockets).
    void add_fds(std::vector<pollfd>* fds);
    // One loop iteration if anything is due or [io_ready] (one of add_fds()'s
    // descriptors is ready); never blocks. Throws rt::Unwind.
    void step(bool io_ready);
    // Runs [coro] as a Task until it finishes; returns its result. Waits in
    // poll(2), which Ctrl-C interrupts (the loop's own sleep would not be).
    // Throws rt::Unwind.
    rt::Value run(rt::Value coro);

private:
    rt::Value helper(const char* name);
    rt::Interp& I_;
    rt::Dict* ns_ = nullptr;  // the helper module's globals (rooted by sys.modules)
};

}  // namespace aio::cli
