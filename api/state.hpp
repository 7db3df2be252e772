// api/state.hpp - detail::State: what an aio::Interpreter owns behind its pimpl
// (the rt::Interp, the handle table rooting aio::Values, bound classes, the
// def_async inbox), plus the helpers every api/*.cpp uses to cross the boundary:
// wrap/unwrap handles and turn rt::Unwind into aio::Error.
// Invariant: the handle table, the class registry and the __main__ module are
// traced by a root tracer registered in I.root_tracers for the State's lifetime.
#pragma once
#include <deque>
#include <memory>
#include <mutex>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "aio/aio.hpp"
#include "runtime/protocol.hpp"

namespace aio::detail {

struct ClassRecord {
    rt::Type* type;
    void (*destroy)(void*);
};

struct State : std::enable_shared_from_this<State> {
    std::unique_ptr<rt::Interp> I;  // null once the Interpreter is destroyed
    Options options;
    rt::Module* main = nullptr;

    // Handle table: slot -> value and reference count; free slots are reused.
    std::vector<rt::Value> slots;
    std::vector<uint32_t> refs;
    std::vector<uint32_t> free_slots;

    std::unordered_map<std::type_index, ClassRecord> classes;
    int run_depth = 0;  // nested host entries (exec inside a bound function, ...)

    // def_async: settlements posted by any thread, applied on the loop thread.
    // Guarded by inbox_mu; inbox_fd is an eventfd written when the inbox fills.
    std::mutex inbox_mu;
    std::deque<std::function<void()>> inbox;
    int inbox_fd = -1;
    uint32_t outstanding = 0;    // promises not yet settled or cancelled (loop thread)
    bool pump_scheduled = false;  // the loop callback that drains the inbox is queued...
    rt::Value pump_loop;          // ...on this loop (a finished asyncio.run leaves a stale one)
    rt::Value host_loop;          // the loop run_once/spawn drive (created lazily)
    bool host_driving = false;    // inside run_once: the pump must not wait or re-queue itself
    rt::Value pump_fn, done_fn;   // natives of api/async.cpp (created lazily)
    // Futures of def_async calls not yet done, by object (keys traced).
    std::unordered_map<rt::Object*, std::shared_ptr<PromiseCore>> promises;

    State();
    ~State();
    rt::Interp& interp();  // aio::Error when the Interpreter is gone
    void shutdown();

    uint32_t root(rt::Value v);
    void unroot(uint32_t slot);
    void trace(rt::Interp& I);
    // Wakes a loop waiting in the pump (any thread).
    void signal_inbox();
};

// A handle for [v] (roots it).
Value wrap(State& s, rt::Value v);
// The raw value behind [v]; aio::Error for an empty or dead handle.
rt::Value unwrap(const Value& v);
State& state_of(const Value& v);

// Builds the aio::Error for the exception in I.pending (and clears it).
Error take_error(State& s);
// Raises [e] in the script (its exception object when it came from this interpreter).
[[noreturn]] void raise_in_script(State& s, const Error& e);

// Arms the instruction budget and clears a stale interrupt for a new top-level run.
void reset_limits(State& s);

// Runs [f] with the runtime's exceptions mapped to aio::Error. [top] resets the
// instruction budget when this is the outermost entry from the host.
template <class F> auto guarded(State& s, F&& f, bool top = false) -> decltype(f()) {
    rt::Interp& I = s.interp();
    struct Depth {
        State& s;
        explicit Depth(State& st) : s(st) { s.run_depth++; }
        ~Depth() { s.run_depth--; }
    } depth(s);
    if (top && s.run_depth == 1) reset_limits(s);
    try {
        return f();
    } catch (rt::Unwind&) {
        throw take_error(s);
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        (void)I;
        throw Error("RuntimeError", e.what());
    }
}
}  // namespace aio::detail
