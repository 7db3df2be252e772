// api/async.cpp - native async (def_async / Promise) over asyncio's Future, and
// the host-driven loop (run, spawn, run_once, run_for, poll_fd).
// A def_async call creates a Future on the running loop and returns it; the host
// settles the Promise from any thread, which queues the settlement in the State's
// inbox and writes its eventfd. On the loop thread, the "pump" (a callback the
// loop runs while promises are outstanding) applies settlements with
// set_result/set_exception; when the loop has nothing else to do it waits on the
// eventfd instead of spinning. The Future's done callback forgets the promise and,
// when the script cancelled the await first, runs the host's on_cancel.
#include <poll.h>
#include <unistd.h>

#include <cmath>

#include "api/state.hpp"
#include "interpreter/vm.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

namespace aio::detail {

using RV = rt::Value;

struct PromiseCore {
    StateRef state;
    rt::Object* future = nullptr;  // loop thread only; null once the future is done
    std::mutex mu;                 // guards the fields below
    bool settled = false;
    bool cancelled = false;
    std::function<void()> on_cancel;
};

namespace {

RV attr(rt::Interp& I, RV obj, std::string_view name) { return rt::getattr(I, obj, rt::intern(I, name)); }

RV import_module(State& s, std::string_view name) {
    rt::Interp& I = *s.I;
    RV from = RV::object(rt::new_tuple(I, {RV::object(rt::intern(I, "*"))}));
    rt::TempRoot keep(I, from);
    return vm::import_name(I, rt::intern(I, name), from, 0, s.main->dict);
}

// Queues [fn] for the loop thread. Any thread.
void post(State& s, std::function<void()> fn) {
    bool was_empty;
    {
        std::lock_guard<std::mutex> lock(s.inbox_mu);
        was_empty = s.inbox.empty();
        s.inbox.push_back(std::move(fn));
    }
    if (was_empty) s.signal_inbox();
}

// Applies every queued settlement (loop thread). Returns whether there were any.
bool drain(State& s) {
    uint64_t counter;
    if (s.inbox_fd >= 0) (void)!::read(s.inbox_fd, &counter, sizeof counter);
    std::deque<std::function<void()>> work;
    {
        std::lock_guard<std::mutex> lock(s.inbox_mu);
        work.swap(s.inbox);
    }
    for (auto& fn : work) {
        try {
            fn();
        } catch (rt::Unwind&) {
            s.I->pending = RV::null();  // the future was already done: nothing to settle
        } catch (const std::exception&) {
        }
    }
    return !work.empty();
}

void wait_inbox(State& s, double seconds) {
    if (s.inbox_fd < 0 || seconds <= 0) return;
    pollfd p{s.inbox_fd, POLLIN, 0};
    ::poll(&p, 1, int(std::ceil(seconds * 1000)));
}

// Seconds until the loop's first timer (infinity when none); 0 when callbacks are ready.
double loop_idle_time(rt::Interp& I, RV loop) {
    double t = rt::to_double(I, rt::call_method(I, loop, rt::intern(I, "_idle_time"), {}));
    return t < 0 ? INFINITY : t;
}

struct PumpCallable final : Callable {
    State* s;
    explicit PumpCallable(State* st) : s(st) {}
    void invoke(CallFrame& c) override {
        State& st = *s;
        rt::Interp& I = *st.I;
        RV loop = unwrap(arg(c, 0));
        if (!loop.same(st.pump_loop)) return set_result_none(c);  // a pump of an older loop
        bool got = drain(st);
        if (st.outstanding == 0 || st.host_driving) {
            st.pump_scheduled = false;
            return set_result_none(c);
        }
        if (!got) {
            // Nothing else to do until a timer: wait for the host instead of spinning.
            double idle = std::min(loop_idle_time(I, loop), 0.05);
            if (idle > 0) {
                wait_inbox(st, idle);
                drain(st);
            }
        }
        rt::call_method(I, loop, rt::intern(I, "call_soon"), {st.pump_fn, loop});
        set_result_none(c);
    }
};

struct DoneCallable final : Callable {
    State* s;
    explicit DoneCallable(State* st) : s(st) {}
    void invoke(CallFrame& c) override {
        State& st = *s;
        rt::Interp& I = *st.I;
        RV fut = unwrap(arg(c, 0));
        auto it = st.promises.find(fut.as_obj());
        if (it == st.promises.end()) return set_result_none(c);
        std::shared_ptr<PromiseCore> core = it->second;
        st.promises.erase(it);
        st.outstanding--;
        core->future = nullptr;
        std::function<void()> cb;
        if (rt::truthy(I, rt::call_method(I, fut, rt::intern(I, "cancelled"), {}))) {
            std::lock_guard<std::mutex> lock(core->mu);
            if (!core->settled) {
                core->cancelled = true;
                cb = std::move(core->on_cancel);
            }
        }
        if (cb) cb();  // exceptions propagate to the trampoline: raised in the loop's handler
        set_result_none(c);
    }
};

RV ensure_native(State& s, RV& slot, std::string_view name, std::unique_ptr<Callable> fn) {
    if (slot.is_null()) slot = unwrap(make_function(s.shared_from_this(), name, std::move(fn)));
    return slot;
}

}  // namespace

std::shared_ptr<PromiseCore> begin_async(CallFrame& c) {
    State& s = *call_state(c);
    rt::Interp& I = s.interp();
    RV events = import_module(s, "asyncio.events");
    RV loop = rt::call(I, attr(I, events, "get_running_loop"), {});
    rt::TempRoot keep_loop(I, loop);
    RV fut = rt::call_method(I, loop, rt::intern(I, "create_future"), {});
    rt::TempRoot keep_fut(I, fut);
    RV done = ensure_native(s, s.done_fn, "_aio_promise_done", std::make_unique<DoneCallable>(&s));
    rt::call_method(I, fut, rt::intern(I, "add_done_callback"), {done});
    auto core = std::make_shared<PromiseCore>();
    core->state = s.shared_from_this();
    core->future = fut.as_obj();
    s.promises[fut.as_obj()] = core;
    s.outstanding++;
    // One pump per loop: a promise left pending by an earlier asyncio.run must not
    // keep the pump on that (closed) loop while this one waits.
    if ((!s.pump_scheduled || !s.pump_loop.same(loop)) && !s.host_driving) {
        RV pump = ensure_native(s, s.pump_fn, "_aio_pump", std::make_unique<PumpCallable>(&s));
        rt::call_method(I, loop, rt::intern(I, "call_soon"), {pump, loop});
        s.pump_scheduled = true;
        s.pump_loop = loop;
    }
    set_result(c, wrap(s, fut));
    return core;
}

}  // namespace aio::detail

namespace aio {

using detail::guarded;
using detail::PromiseCore;
using detail::State;
using detail::unwrap;
using detail::wrap;
using RV = rt::Value;

namespace {

// Marks the promise settled; false when it already was (or was cancelled).
bool claim(PromiseCore& core) {
    std::lock_guard<std::mutex> lock(core.mu);
    if (core.settled || core.cancelled) return false;
    core.settled = true;
    return true;
}

}  // namespace

void Promise::resolve_with(Thunk make) {
    if (!core_ || !claim(*core_)) return;
    auto core = core_;
    detail::post(*core->state, [core, make = std::move(make)] {
        if (!core->future) return;
        State& s = *core->state;
        rt::Interp& I = *s.I;
        Value v = make ? make(core->state) : detail::make_none(core->state);
        rt::call_method(I, RV::object(core->future), rt::intern(I, "set_result"), {unwrap(v)});
    });
}

void Promise::reject(std::string type, std::string message) {
    if (!core_ || !claim(*core_)) return;
    auto core = core_;
    detail::post(*core->state, [core, type = std::move(type), message = std::move(message)] {
        if (!core->future) return;
        State& s = *core->state;
        rt::Interp& I = *s.I;
        RV t = rt::dict_get_cstr(I, I.builtins, type);
        RV exc;
        if (rt::is_kind(t, rt::ObjKind::Type) && (rt::as<rt::Type>(t)->tflags & rt::kTypeException))
            exc = rt::new_exception(I, rt::as<rt::Type>(t), message);
        else
            exc = rt::new_exception(I, I.exc.RuntimeError, type + ": " + message);
        rt::TempRoot keep(I, exc);
        rt::call_method(I, RV::object(core->future), rt::intern(I, "set_exception"), {exc});
    });
}

void Promise::on_cancel(std::function<void()> cb) {
    if (!core_) return;
    std::lock_guard<std::mutex> lock(core_->mu);
    core_->on_cancel = std::move(cb);
}

bool Promise::cancelled() const {
    if (!core_) return false;
    std::lock_guard<std::mutex> lock(core_->mu);
    return core_->cancelled;
}

Value Interpreter::run(const Value& awaitable) {
    State& s = *state_;
    return guarded(
        s,
        [&] {
            rt::Interp& I = s.interp();
            RV asyncio = detail::import_module(s, "asyncio");
            return wrap(s, rt::call(I, detail::attr(I, asyncio, "run"), {unwrap(awaitable)}));
        },
        true);
}

static RV host_loop(State& s) {
    rt::Interp& I = *s.I;
    if (s.host_loop.is_null()) {
        RV events = detail::import_module(s, "asyncio.events");
        s.host_loop = rt::call(I, detail::attr(I, events, "new_event_loop"), {});
    }
    return s.host_loop;
}

Value Interpreter::spawn(const Value& awaitable) {
    State& s = *state_;
    return guarded(s, [&] {
        rt::Interp& I = s.interp();
        RV loop = host_loop(s);
        return wrap(s, rt::call_method(I, loop, rt::intern(I, "create_task"), {unwrap(awaitable)}));
    });
}

std::optional<std::chrono::steady_clock::time_point> Interpreter::run_once() {
    State& s = *state_;
    return guarded(
        s,
        [&]() -> std::optional<std::chrono::steady_clock::time_point> {
            rt::Interp& I = s.interp();
            RV loop = host_loop(s);
            RV events = detail::import_module(s, "asyncio.events");
            RV set_running = detail::attr(I, events, "_set_running_loop");
            struct Driving {
                State& s;
                rt::Interp& I;
                RV set_running;
                ~Driving() {
                    s.host_driving = false;
                    try {
                        rt::call(I, set_running, {RV::none()});
                    } catch (rt::Unwind&) {
                        I.pending = RV::null();
                    }
                }
            };
            s.host_driving = true;
            rt::call(I, set_running, {loop});
            {
                Driving d{s, I, set_running};
                detail::drain(s);
                // Only run an iteration that has work now: _run_once would sleep until a timer.
                if (detail::loop_idle_time(I, loop) == 0) rt::call_method(I, loop, rt::intern(I, "_run_once"), {});
                I.flush_out();
            }
            double idle = detail::loop_idle_time(I, loop);
            if (std::isinf(idle)) return std::nullopt;
            return std::chrono::steady_clock::now() +
                   std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(idle));
        },
        true);
}

std::optional<std::chrono::steady_clock::time_point> Interpreter::run_for(std::chrono::milliseconds d) {
    using clock = std::chrono::steady_clock;
    auto end = clock::now() + d;
    for (;;) {
        auto next = run_once();
        auto now = clock::now();
        if (now >= end) return next;
        if (!next && state_->outstanding == 0) return next;  // only another thread could create work
        auto until = next ? std::min(*next, end) : end;
        if (until > now) detail::wait_inbox(*state_, std::chrono::duration<double>(until - now).count());
    }
}

int Interpreter::poll_fd() const { return state_ ? state_->inbox_fd : -1; }

}  // namespace aio
