// stdlib/asyncio/loop_core.cpp - LoopCore: the native half of BaseEventLoop
// (events.aio): the ready queue, the timer heap, fd readers/writers and one loop
// iteration (_run_once), in CPython's order:
//   1. wait: poll the fds (or just sleep, whole milliseconds rounded up like epoll)
//      until the first timer, not at all when work is ready or stop() was called;
//   2. move due timers to the ready queue in (deadline, creation) order;
//   3. run exactly the entries ready now; what they schedule waits for the next
//      iteration.
// Timers are dropped lazily: a cancelled TimerHandle, a sleep whose future is
// already done or a sleeping task woken otherwise stays in the heap until it
// reaches the top (or a compaction).
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/asyncio/native.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib::asyncio {

using rt::Interp;
using rt::TempRoot;
using rt::Type;

namespace {

double now() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

LoopCore* self_core(Interp& I, const CallArgs& a, Object* self_fn) {
    State& st = state_of(self_fn);
    if (a.nargs < 1 || !is_kind(a.args[0], ObjKind::Native) || a.args[0].as_obj()->cls != st.core_type)
        rt::raise(I, I.exc.TypeError, "expected a LoopCore");
    return static_cast<LoopCore*>(static_cast<rt::Native*>(a.args[0].as_obj())->ptr);
}

bool timer_later(const Timer& x, const Timer& y) { return x.when > y.when || (x.when == y.when && x.key > y.key); }

// Whether a timer entry will do nothing when it fires.
bool timer_dead(LoopCore* c, const Timer& t) {
    if (t.kind() == TimerKind::SetResult) return static_cast<FutureObj*>(t.obj)->state != FutState::Pending;
    if (t.kind() == TimerKind::WakeTask) return !timer_wakes(static_cast<FutureObj*>(t.obj), t.key);
    rt::Dict** slot = rt::instance_dict_slot(t.obj);
    if (!slot || !*slot) return false;
    Value flag = rt::dict_get_str(*slot, c->st->s_cancelled);
    return flag.is_bool() && flag.as_bool();
}

uint64_t push_timer(LoopCore* c, double when, rt::Object* obj, TimerKind kind) {
    uint64_t key = ++c->timer_seq << 2 | uint64_t(kind);
    c->timers.push_back(Timer{when, key, obj});
    std::push_heap(c->timers.begin(), c->timers.end(), timer_later);
    return key;
}

void pop_timer(LoopCore* c) {
    std::pop_heap(c->timers.begin(), c->timers.end(), timer_later);
    c->timers.pop_back();
}

// Drops dead timers from the top, or rebuilds the heap when most of it is dead.
void prune_timers(LoopCore* c) {
    if (c->timers_cancelled > 64 && c->timers_cancelled * 2 > c->timers.size()) {
        auto& v = c->timers;
        v.erase(std::remove_if(v.begin(), v.end(), [&](const Timer& t) { return timer_dead(c, t); }), v.end());
        std::make_heap(v.begin(), v.end(), timer_later);
        c->timers_cancelled = 0;
        return;
    }
    while (!c->timers.empty() && timer_dead(c, c->timers.front())) {
        if (c->timers.front().kind() == TimerKind::Handle && c->timers_cancelled) c->timers_cancelled--;
        pop_timer(c);
    }
}

void wait_io(Interp& I, LoopCore* c, int ms) {
    std::vector<pollfd> fds;
    fds.reserve(c->readers.size() + c->writers.size());
    for (auto& r : c->readers) fds.push_back(pollfd{r.first, POLLIN, 0});
    size_t nread = fds.size();
    for (auto& w : c->writers) fds.push_back(pollfd{w.first, POLLOUT, 0});
    I.flush_out();
    int n = ::poll(fds.data(), fds.size(), ms);  // EINTR: Ctrl-C is raised at the next safepoint
    if (n <= 0) return;
    // Snapshot the handles first: a fd may be registered for both directions.
    for (size_t i = 0; i < fds.size(); i++) {
        if (!fds[i].revents) continue;
        auto& list = i < nread ? c->readers : c->writers;
        for (auto& e : list)
            if (e.first == fds[i].fd) {
                c->push(Work::Call, c->st->run_handle, e.second);
                break;
            }
    }
}

void run_entry(Interp& I, const Entry& e) {
    switch (e.work) {
        case Work::Call: rt::call(I, e.a(), {e.b()}); break;
        case Work::TaskStep: task_step(I, static_cast<FutureObj*>(e.a().as_obj()), e.b()); break;
        case Work::TaskWakeup: task_wakeup(I, static_cast<FutureObj*>(e.a().as_obj()), e.b()); break;
        case Work::SetResult: {
            auto* f = static_cast<FutureObj*>(e.a().as_obj());
            if (f->state == FutState::Pending) future_set_result(I, f, f->result());  // parked there (Timer)
            break;
        }
        case Work::TimerWake: timer_wake(I, static_cast<FutureObj*>(e.a().as_obj()), uint64_t(e.b().as_int())); break;
    }
}

// Reports an exception of a ready entry through loop._report_callback_error(fn, arg, exc).
void report(Interp& I, LoopCore* c, const Entry& e, Value exc) {
    TempRoot keep(I, exc);
    Value fn = e.a(), arg = e.b();
    if (e.work != Work::Call) arg = Value::none();
    rt::call_method(I, c->loop, rt::intern(I, "_report_callback_error"), {fn, arg.is_null() ? Value::none() : arg, exc});
}

void run_once(Interp& I, LoopCore* c) {
    if (c->in_run_once) rt::raise(I, I.exc.RuntimeError, "This event loop is already running");
    prune_timers(c);
    bool idle = c->ready.empty() && !c->stopping;
    if (!c->readers.empty() || !c->writers.empty()) {
        int ms = -1;
        if (!idle) ms = 0;
        else if (!c->timers.empty()) ms = int(std::ceil(std::max(0.0, c->timers.front().when - now()) * 1e3));
        wait_io(I, c, ms);
    } else if (idle && !c->timers.empty()) {
        double delay = c->timers.front().when - now();
        if (delay > 0) {
            // Whole milliseconds rounded up, as epoll waits: timers a few microseconds
            // apart then fire in one iteration, as in CPython.
            I.flush_out();
            ::poll(nullptr, 0, int(std::ceil(delay * 1e3)));
        }
    }
    if (!c->timers.empty()) {
        double end = now() + 1e-9;
        while (!c->timers.empty() && c->timers.front().when < end) {
            Timer t = c->timers.front();
            pop_timer(c);
            if (timer_dead(c, t)) {
                if (t.kind() == TimerKind::Handle && c->timers_cancelled) c->timers_cancelled--;
                continue;
            }
            switch (t.kind()) {
                case TimerKind::SetResult: c->push(Work::SetResult, Value::object(t.obj), Value::null()); break;
                // (checked again when it runs: an entry before it may wake or cancel the task)
                case TimerKind::WakeTask:
                    c->push(Work::TimerWake, Value::object(t.obj), Value::integer(int64_t(t.key)));
                    break;
                case TimerKind::Handle: c->push(Work::Call, c->st->run_handle, Value::object(t.obj)); break;
            }
        }
    }
    // Exactly the entries ready now.
    c->in_run_once = true;
    struct Leave {
        LoopCore* c;
        ~Leave() {
            c->in_run_once = false;
            c->in_iteration = 0;   // what is left of it runs first next time (an interrupt)
            c->current = Entry(Work::Call, Value::null(), Value::null());
        }
    } leave{c};
    for (c->in_iteration = c->ready.size(); c->in_iteration > 0;) {
        c->in_iteration--;
        c->current = c->ready.pop_front();
        try {
            run_entry(I, c->current);
        } catch (rt::Unwind&) {
            Value exc = I.pending;
            I.pending = Value::null();
            if (rt::isinstance(I, exc, I.exc.KeyboardInterrupt) || rt::isinstance(I, exc, I.exc.SystemExit)) {
                I.pending = exc;   // the rest of this iteration stays first in line
                throw;
            }
            report(I, c, c->current, exc);   // if that raises, the rest stays first too
        }
    }
}

double as_seconds(Interp& I, Value v) { return rt::to_double(I, v); }

int as_fd(Interp& I, Value v) {
    if (!v.is_int()) rt::raise(I, I.exc.TypeError, "file descriptor must be an int");
    return int(v.as_int());
}

bool remove_fd(std::vector<std::pair<int, Value>>& list, int fd) {
    for (auto it = list.begin(); it != list.end(); ++it)
        if (it->first == fd) {
            list.erase(it);
            return true;
        }
    return false;
}

void set_fd(std::vector<std::pair<int, Value>>& list, int fd, Value h) {
    for (auto& e : list)
        if (e.first == fd) {
            e.second = h;
            return;
        }
    list.emplace_back(fd, h);
}

// --- LoopCore methods -----------------------------------------------------------------

Value c_run_once(Interp& I, const CallArgs& a, Object* fn) {
    run_once(I, self_core(I, a, fn));
    return Value::none();
}

Value c_run_forever(Interp& I, const CallArgs& a, Object* fn) {
    LoopCore* c = self_core(I, a, fn);
    struct Reset {
        LoopCore* c;
        ~Reset() { c->stopping = false; }
    } reset{c};
    for (;;) {
        run_once(I, c);
        if (c->stopping) break;
    }
    return Value::none();
}

Value c_stop(Interp& I, const CallArgs& a, Object* fn) {
    self_core(I, a, fn)->stopping = true;
    return Value::none();
}

Value c_time(Interp&, const CallArgs&, Object*) { return Value::number(now()); }

// push(fn, arg): fn(arg) in the next iteration.
Value c_push(Interp& I, const CallArgs& a, Object* fn) {
    rt::check_nargs(I, a, "push", 3, 3);
    self_core(I, a, fn)->push(Work::Call, a.args[1], a.args[2]);
    return Value::none();
}

// add_timer(when, handle): _run_handle(handle) once time() >= when.
Value c_add_timer(Interp& I, const CallArgs& a, Object* fn) {
    rt::check_nargs(I, a, "add_timer", 3, 3);
    LoopCore* c = self_core(I, a, fn);
    double when = as_seconds(I, a.args[1]);
    if (!a.args[2].is_obj()) rt::raise(I, I.exc.TypeError, "add_timer expects a TimerHandle");
    push_timer(c, when, a.args[2].as_obj(), TimerKind::Handle);
    return Value::none();
}

Value c_timer_cancelled(Interp& I, const CallArgs& a, Object* fn) {
    self_core(I, a, fn)->timers_cancelled++;
    return Value::none();
}

// sleep_awaitable(delay, result, running_loop): what asyncio.sleep(delay > 0) awaits
// (CPython: RuntimeError without a running loop). Called by the running Task for a
// None result: the shared sleep_timer, which parks the Task on a timer that wakes it
// (no Future: 48 bytes less per sleeping task; task_sleep_future makes the one CPython
// would show when asked). Otherwise a Future that a timer completes with [result].
Value m_sleep_awaitable(Interp& I, const CallArgs& a, Object* fn) {
    rt::check_nargs(I, a, "sleep", 3, 3);
    State& st = state_of(fn);
    Value delay = a.args[0];
    if (a.args[2].is_none()) rt::raise(I, I.exc.RuntimeError, "no running event loop");
    LoopCore* c = core_of_loop(I, st, a.args[2]);
    double d = as_seconds(I, delay);
    if (a.args[1].is_none() && is_kind(c->current_task, ObjKind::Future)) {
        auto* t = static_cast<FutureObj*>(c->current_task.as_obj());
        // (task_step cleared the waiter slot; the Task's yield of sleep_timer keeps it)
        t->put_result(Value::integer(int64_t(push_timer(c, now() + d, t, TimerKind::WakeTask))));
        return st.sleep_timer;
    }
    FutureObj* f = new_future(I, st, c);
    f->put_result(a.args[1]);   // the result set_result will give it (Timer); hidden while pending
    push_timer(c, now() + d, f, TimerKind::SetResult);
    return Value::object(f);
}

Value c_add_reader(Interp& I, const CallArgs& a, Object* fn) {
    rt::check_nargs(I, a, "add_reader", 3, 3);
    set_fd(self_core(I, a, fn)->readers, as_fd(I, a.args[1]), a.args[2]);
    return Value::none();
}
Value c_add_writer(Interp& I, const CallArgs& a, Object* fn) {
    rt::check_nargs(I, a, "add_writer", 3, 3);
    set_fd(self_core(I, a, fn)->writers, as_fd(I, a.args[1]), a.args[2]);
    return Value::none();
}
Value c_remove_reader(Interp& I, const CallArgs& a, Object* fn) {
    rt::check_nargs(I, a, "remove_reader", 2, 2);
    return Value::boolean(remove_fd(self_core(I, a, fn)->readers, as_fd(I, a.args[1])));
}
Value c_remove_writer(Interp& I, const CallArgs& a, Object* fn) {
    rt::check_nargs(I, a, "remove_writer", 2, 2);
    return Value::boolean(remove_fd(self_core(I, a, fn)->writers, as_fd(I, a.args[1])));
}
Value c_get_reader(Interp& I, const CallArgs& a, Object* fn) {
    rt::check_nargs(I, a, "get_reader", 2, 2);
    int fd = as_fd(I, a.args[1]);
    for (auto& e : self_core(I, a, fn)->readers)
        if (e.first == fd) return e.second;
    return Value::none();
}
Value c_get_writer(Interp& I, const CallArgs& a, Object* fn) {
    rt::check_nargs(I, a, "get_writer", 2, 2);
    int fd = as_fd(I, a.args[1]);
    for (auto& e : self_core(I, a, fn)->writers)
        if (e.first == fd) return e.second;
    return Value::none();
}

// fds() -> (reader fds, writer fds)
Value c_fds(Interp& I, const CallArgs& a, Object* fn) {
    LoopCore* c = self_core(I, a, fn);
    rt::List* r = rt::new_list(I, 0);
    TempRoot k1(I, Value::object(r));
    rt::List* w = rt::new_list(I, 0);
    TempRoot k2(I, Value::object(w));
    for (auto& e : c->readers) rt::list_append(I, r, Value::integer(e.first));
    for (auto& e : c->writers) rt::list_append(I, w, Value::integer(e.first));
    return Value::object(rt::new_tuple(I, {Value::object(r), Value::object(w)}));
}

// idle_time() -> 0.0 when work is ready, the seconds until the first live timer, or
// -1.0 when only I/O (or another thread) can create work.
Value c_idle_time(Interp& I, const CallArgs& a, Object* fn) {
    LoopCore* c = self_core(I, a, fn);
    if (c->has_ready() || c->stopping) return Value::number(0.0);
    prune_timers(c);
    if (c->timers.empty()) return Value::number(-1.0);
    return Value::number(std::max(0.0, c->timers.front().when - now()));
}

// has_work() -> whether anything is ready or scheduled (timers, fds).
Value c_has_work(Interp& I, const CallArgs& a, Object* fn) {
    LoopCore* c = self_core(I, a, fn);
    prune_timers(c);
    return Value::boolean(c->has_ready() || !c->timers.empty() || !c->readers.empty() || !c->writers.empty());
}

Value c_take_exc_futures(Interp& I, const CallArgs& a, Object* fn) {
    LoopCore* c = self_core(I, a, fn);
    rt::List* l = rt::new_list(I, uint32_t(c->exc_futures.size()));
    for (Value v : c->exc_futures) rt::list_append(I, l, v);
    c->exc_futures.clear();
    return Value::object(l);
}

// clear(): drops every queued entry and timer (loop.close()).
Value c_clear(Interp& I, const CallArgs& a, Object* fn) {
    LoopCore* c = self_core(I, a, fn);
    c->ready.clear();
    c->in_iteration = 0;
    c->timers.clear();
    c->timers_cancelled = 0;
    return Value::none();
}

Value c_current_task(Interp& I, const CallArgs& a, Object* fn) {
    LoopCore* c = self_core(I, a, fn);
    return c->current_task.is_null() ? Value::none() : c->current_task;
}

void trace_core(Interp& I, void* p) {
    auto* c = static_cast<LoopCore*>(p);
    rt::Heap& h = I.heap;
    h.mark(c->loop);
    h.mark(c->current_task);
    c->ready.for_each([&](const Entry& e) { h.mark(e.a()); h.mark(e.b()); });
    h.mark(c->current.a());
    h.mark(c->current.b());
    for (const Timer& t : c->timers) h.mark(t.obj);
    for (auto& e : c->readers) h.mark(e.second);
    for (auto& e : c->writers) h.mark(e.second);
    for (Value v : c->exc_futures) h.mark(v);
    // The pending tasks stay; the done ones leave the list (they finished since the
    // last collection), to live on only if something else holds them.
    FutureObj* last = nullptr;
    for (FutureObj** link = &c->tasks_head; FutureObj* t = *link;) {
        if (t->state != FutState::Pending) {
            *link = t->next_task;
            t->next_task = nullptr;
            continue;
        }
        h.mark(t);
        last = t;
        link = &t->next_task;
    }
    c->tasks_tail = last;
}

// Tasks still linked are swept in the same collection (the core is reachable from
// any live task through its loop), so neither side touches the other when freed.
void free_core(void* p) { delete static_cast<LoopCore*>(p); }

// new_loop_core(loop) -> the LoopCore of BaseEventLoop [loop].
Value m_new_loop_core(Interp& I, const CallArgs& a, Object* fn) {
    rt::check_nargs(I, a, "new_loop_core", 1, 1);
    State& st = state_of(fn);
    auto* n = I.heap.make<rt::Native>(ObjKind::Native, st.core_type);
    auto* c = new LoopCore();
    c->st = &st;
    c->loop = a.args[0];
    n->ptr = c;
    n->finalize = free_core;
    n->trace = trace_core;
    return Value::object(n);
}

}  // namespace

void install_loop_core(Interp& I, State& st, Value state_obj, rt::Dict* md) {
    st.core_type = make_core_type(
        I, "LoopCore", state_obj,
        {{"run_once", c_run_once}, {"run_forever", c_run_forever}, {"stop", c_stop}, {"time", c_time},
         {"push", c_push}, {"add_timer", c_add_timer}, {"timer_cancelled", c_timer_cancelled},
         {"add_reader", c_add_reader}, {"add_writer", c_add_writer}, {"remove_reader", c_remove_reader},
         {"remove_writer", c_remove_writer}, {"get_reader", c_get_reader}, {"get_writer", c_get_writer},
         {"fds", c_fds}, {"idle_time", c_idle_time}, {"has_work", c_has_work},
         {"take_exc_futures", c_take_exc_futures}, {"clear", c_clear}, {"current_task", c_current_task}});
    add_natives(I, md, state_obj, {{"new_loop_core", m_new_loop_core}, {"sleep_awaitable", m_sleep_awaitable}});
}

}  // namespace aio::stdlib::asyncio
