// stdlib/asyncio/futures.cpp - the native Future and Task types of `_asyncio_core`
// (re-exported by asyncio.futures / asyncio.tasks) and the Task step.
// Invariants: see native.hpp. A Task runs one step at a time: it is either queued
// once on the ready queue, running, or parked on exactly one Future (`waiter`)
// whose callback list holds the Task itself.
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>

#include "interpreter/frame.hpp"
#include "interpreter/generator.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/asyncio/native.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib::asyncio {

using rt::Interp;
using rt::Str;
using rt::TempRoot;
using rt::Type;

namespace {

FutureObj* self_future(Interp& I, const CallArgs& a, const char* what) {
    if (a.nargs < 1 || !is_kind(a.args[0], ObjKind::Future))
        rt::raise_fmt(I, I.exc.TypeError, "descriptor '%s' requires a Future object", what);
    return static_cast<FutureObj*>(a.args[0].as_obj());
}

FutureObj* self_task(Interp& I, const CallArgs& a, const char* what) {
    FutureObj* f = self_future(I, a, what);
    if (!f->is_task) rt::raise_fmt(I, I.exc.TypeError, "descriptor '%s' requires a Task object", what);
    return f;
}

bool is_instance_of(Interp& I, Value v, Value type) {
    return is_kind(type, ObjKind::Type) && rt::isinstance(I, v, static_cast<Type*>(type.as_obj()));
}

[[noreturn]] void raise_invalid_state(Interp& I, State& st, std::string_view msg) {
    Value t = st.invalid_state_error;
    if (!is_kind(t, ObjKind::Type)) rt::raise(I, I.exc.RuntimeError, msg);
    rt::raise_value(I, rt::new_exception(I, static_cast<Type*>(t.as_obj()), msg));
}

bool exact_native(State& st, FutureObj* f) { return f->cls == st.future_type || f->cls == st.task_type; }

// Cancels [f] the way `f.cancel(msg=msg)` would, honouring subclasses' overrides
// (e.g. gather's _GatheringFuture).
bool cancel_dispatch(Interp& I, State& st, Value fut, Value msg) {
    if (is_kind(fut, ObjKind::Future) && exact_native(st, static_cast<FutureObj*>(fut.as_obj()))) {
        auto* f = static_cast<FutureObj*>(fut.as_obj());
        if (!f->is_task) return future_cancel(I, f, msg);
    }
    Value m = rt::getattr(I, fut, rt::intern(I, "cancel"));
    TempRoot keep(I, m);
    Str* kw = rt::intern(I, "msg");
    Value r = rt::call(I, m, CallArgs{nullptr, 0, &msg, &kw, 1});
    return rt::truthy(I, r);
}

// Cancels what Task [t] waits on (t.cancel(msg) while it is suspended). A shared
// waiter (an Event's, see native.hpp) is not cancelled for all its tasks: [t] alone
// leaves it and wakes from a cancelled Future of its own, as if it had waited on
// one (its callback stays behind, stale).
bool cancel_waiter(Interp& I, State& st, FutureObj* t, Value msg) {
    task_sleep_future(I, t);
    Value w = t->waiter();
    if (is_kind(w, ObjKind::Future)) {
        auto* f = static_cast<FutureObj*>(w.as_obj());
        if (f->shared && f->state == FutState::Pending) {
            if (f->shared_waiting) f->shared_waiting--;
            FutureObj* own = new_future(I, st, t->core);
            t->set_waiter(Value::object(own));   // rooted before future_cancel may allocate
            future_cancel(I, own, msg);
            t->core->push(Work::TaskWakeup, Value::object(t), Value::object(own));
            return true;
        }
    }
    return cancel_dispatch(I, st, w, msg);
}

std::string task_name(Interp& I, FutureObj* t) {
    Value name = task_own_name(I, t);
    if (name.is_null()) return "Task-" + std::to_string(t->aux);
    return rt::str_string(I, name);
}

void link_task(LoopCore* c, FutureObj* t) {
    t->next_task = nullptr;
    if (c->tasks_tail) c->tasks_tail->next_task = t;
    else c->tasks_head = t;
    c->tasks_tail = t;
}

}  // namespace

void task_init(Interp& I, State& st, FutureObj* t, Value loop, Value coro, Value name) {
    t->core = core_of_loop(I, st, loop);
    t->state = FutState::Pending;
    t->is_task = true;
    if (!is_kind(coro, ObjKind::Coroutine) && !rt::truthy(I, rt::call(I, st.iscoroutine, {coro})))
        rt::raise(I, I.exc.TypeError, "a coroutine was expected, got " + rt::repr_string(I, coro));
    // Only an unnamed Task takes a number (asyncio.create_task(name=...) takes one
    // too: m_create_task).
    if (!name.is_null() && !name.is_none()) {
        set_task_name(I, t, is_str(name) ? name : Value::object(rt::str(I, name)));
    } else if (uint64_t num = ++st.task_counter; num <= UINT32_MAX) {
        t->aux = uint32_t(num);   // formatted when asked (get_name, repr)
    } else {
        set_task_name(I, t, str_value(I, "Task-" + std::to_string(num)));
    }
    t->coro = coro;
    t->core->push(Work::TaskStep, Value::object(t), Value::null());
    link_task(t->core, t);
}

bool plain_create_task(Interp&, State& st, Value loop) {
    if (!loop.is_obj() || st.base_create_task.is_null()) return false;
    Value m = rt::lookup_type(loop.as_obj()->cls, st.s_create_task);
    if (!m.same(st.base_create_task)) return false;
    rt::Dict** d = rt::instance_dict_slot(loop.as_obj());
    if (!d || !*d) return false;
    Value factory = rt::dict_get_str(*d, st.s_task_factory);
    Value closed = rt::dict_get_str(*d, st.s_closed);
    return factory.is_none() && closed.is_bool() && !closed.as_bool();
}

Value new_task(Interp& I, State& st, Value loop, Value coro, Value name) {
    auto* t = static_cast<FutureObj*>(alloc_future(I, st.task_type, true));
    TempRoot keep(I, Value::object(t));
    task_init(I, st, t, loop, coro, name);
    return Value::object(t);
}

void add_natives(Interp& I, rt::Dict* d, Value state_obj, std::initializer_list<NativeDef> defs) {
    for (const NativeDef& def : defs) {
        rt::NativeFunction* f = rt::new_native(I, def.name, def.fn, state_obj);
        rt::dict_set_str(I, d, rt::intern(I, def.name), Value::object(f));
    }
}

Type* make_core_type(Interp& I, const char* name, Value state_obj, std::initializer_list<NativeDef> methods) {
    Type* t = make_native_type(I, name, ObjKind::Native);
    rt::TempRoot keep(I, Value::object(t));
    add_natives(I, t->dict, state_obj, methods);
    ++t->version;
    ++I.type_epoch;
    return t;
}

void future_add_done_callback(FutureObj* f, Value cb) {
    if (f->state != FutState::Pending) f->core->push(Work::Call, cb, Value::object(f));
    else f->cbs.push(cb);
}

void DoneCallbacks::push(Value cb) {
    if (!bits_ && cb.is_obj()) {  // the common single callback: no malloc
        bits_ = reinterpret_cast<uintptr_t>(cb.as_obj());
        return;
    }
    Block* m = more();
    bool wide = (m && m->wide) || !cb.is_obj();
    if (!m || m->n == m->cap || wide != bool(m->wide)) {
        uint32_t n = size();
        uint32_t cap = !m ? 4 : m->n == m->cap ? m->cap * 2 : m->cap;
        size_t item = wide ? sizeof(Value) : sizeof(rt::Object*);
        Block* b;
        if (m && wide == bool(m->wide)) {
            b = static_cast<Block*>(std::realloc(m, sizeof(Block) + item * cap));
            if (!b) throw std::bad_alloc();
        } else {
            // the first block, or object pointers widening to Values
            b = static_cast<Block*>(std::malloc(sizeof(Block) + item * cap));
            if (!b) throw std::bad_alloc();
            for (uint32_t i = 0; i < n; i++) {
                Value v = get(i);
                if (wide) b->values()[i] = v;
                else b->objects()[i] = as_object(v);
            }
            std::free(m);
        }
        b->n = n;
        b->cap = cap;
        b->wide = wide;
        b->unused = 0;
        bits_ = reinterpret_cast<uintptr_t>(b) | kBlock;
        m = b;
    }
    if (m->wide) m->values()[m->n++] = cb;
    else m->objects()[m->n++] = cb.as_obj();
}

void DoneCallbacks::release() {
    std::free(more());
    bits_ = 0;
}

// --- GC hooks -------------------------------------------------------------------------

void trace_future(Interp& I, Object* o) {
    auto* f = static_cast<FutureObj*>(o);
    rt::Heap& h = I.heap;
    if (f->core) h.mark(f->core->loop);
    h.mark(f->result());
    if (f->dict_word()) h.mark(*future_dict_slot(f));
    if (rt::SideSlots* s = future_side(I, f)) {
        h.mark(s->dict);
        h.mark(s->name);
        h.mark(s->message);
    }
    if (has_task_part(f)) h.mark(f->coro);   // (a task's waiter is its result)
    for (uint32_t i = 0, n = f->cbs.size(); i < n; i++) h.mark(f->cbs.get(i));
}

void free_future(Interp& I, Object* o) {
    auto* f = static_cast<FutureObj*>(o);
    drop_future_side(I, o);
    // A pending task is reachable from its core's list, so it is not swept while
    // the core lives; when both go at once (interpreter exit) only unlink the
    // neighbours that are still valid — none are touched after free_all.
    f->cbs.release();
}

// Whether instances of [cls] are allocated with the Task part: its built-in base
// is Task (the native Future type that derives from another one, Future).
static bool task_layout(Type* cls) {
    Type* nb = cls->native_base;
    if (!nb || !nb->bases || nb->bases->size == 0) return false;
    Value b = nb->bases->items()[0];
    return is_kind(b, ObjKind::Type) && static_cast<Type*>(b.as_obj())->instance_kind == ObjKind::Future;
}

bool has_task_part(FutureObj* f) { return f->task_part(); }

Object* alloc_future(Interp& I, Type* cls) { return alloc_future(I, cls, task_layout(cls)); }

Object* alloc_future(Interp& I, Type* cls, bool task_part) {
    bool dict = (cls->tflags & rt::kTypeHeap) != 0;
    size_t bytes = (task_part ? sizeof(FutureObj) : kFutureBytes) + (dict ? sizeof(rt::Dict*) : 0);
    auto* f = static_cast<FutureObj*>(I.heap.alloc(bytes, ObjKind::Future, cls));
    f->flags = uint16_t((task_part ? kFutureTaskPart : 0) | (dict ? kFutureDictWord : 0));
    f->state = FutState::Pending;
    f->is_task = false;
    return f;
}

// --- Future operations ------------------------------------------------------------------

void future_schedule_callbacks(FutureObj* f) {
    uint32_t n = f->cbs.size();
    if (!n) return;
    LoopCore* c = f->core;
    // (queueing runs no code: nothing adds a callback meanwhile)
    for (uint32_t i = 0; i < n; i++) {
        Value cb = f->cbs.get(i);
        if (is_kind(cb, ObjKind::Future) && static_cast<FutureObj*>(cb.as_obj())->is_task) {
            if (f->shared && !static_cast<FutureObj*>(cb.as_obj())->waits_on(f)) continue;  // stale
            c->push(Work::TaskWakeup, cb, Value::object(f));
        } else
            c->push(Work::Call, cb, Value::object(f));
    }
    f->cbs.truncate(0);
}

void future_set_result(Interp&, FutureObj* f, Value result) {
    f->put_result(result);
    f->state = FutState::Finished;
    future_schedule_callbacks(f);
}

// Remembers a failed Future or Task on its loop, which reports it at close if its
// exception is never retrieved ("Future exception was never retrieved", as CPython
// does when it collects one). Retrieved entries are dropped whenever the list
// fills its capacity, so it grows with the unretrieved failures only.
static void note_failed(FutureObj* f) {
    if (!f->core) return;
    std::vector<Value>& v = f->core->exc_futures;
    if (v.size() >= 64 && v.size() == v.capacity()) {
        size_t kept = 0;
        for (Value x : v)
            if (static_cast<FutureObj*>(x.as_obj())->log_tb) v[kept++] = x;
        v.resize(kept);
        if (kept > v.capacity() / 2) v.reserve(v.capacity() * 2);  // no re-scan on every push
    }
    v.push_back(Value::object(f));
}

void future_set_exception(Interp&, FutureObj* f, Value exc) {
    f->put_result(exc);
    f->flags |= kFutureFailed;
    f->state = FutState::Finished;
    future_schedule_callbacks(f);
    f->log_tb = true;
}

bool future_cancel(Interp&, FutureObj* f, Value msg) {
    f->log_tb = false;
    if (f->state != FutState::Pending) return false;
    f->state = FutState::Cancelled;
    f->put_result(msg);   // (a Task's message moves here from the side table)
    f->cancel_is_exc = false;
    future_schedule_callbacks(f);
    return true;
}

Value make_cancelled_error(Interp& I, FutureObj* f) {
    if (f->cancel_is_exc) {  // handed out once; the message is None
        Value e = f->result();
        f->put_result(Value::null());
        f->cancel_is_exc = false;
        if (!e.is_null() && !e.is_none()) return e;
    }
    State& st = *f->core->st;
    auto* t = static_cast<Type*>(st.cancelled_error.as_obj());
    Value msg = cancel_message_of(I, f);
    if (msg.is_null() || msg.is_none()) return rt::new_exception_args(I, t, rt::new_tuple(I, 0u));
    return rt::new_exception_args(I, t, rt::new_tuple(I, {msg}));
}

LoopCore* core_of_loop(Interp& I, State& st, Value loop) {
    // Every Task and Future of a loop asks: remember the last answer (a loop's _core
    // is set once, in its __init__).
    if (loop.is_obj() && loop.same(st.last_loop)) return st.last_core;
    Value c = rt::getattr_opt(I, loop, rt::intern(I, "_core"));
    if (!is_kind(c, ObjKind::Native) || c.as_obj()->cls != st.core_type)
        rt::raise(I, I.exc.TypeError, "asyncio: the loop has no native core (" + rt::type_name(I, loop) + ")");
    st.last_loop = loop;
    st.last_core = static_cast<LoopCore*>(static_cast<rt::Native*>(c.as_obj())->ptr);
    return st.last_core;
}

FutureObj* new_future(Interp& I, State& st, LoopCore* core) {
    auto* f = static_cast<FutureObj*>(alloc_future(I, st.future_type, false));
    f->core = core;
    return f;
}

// YIELD_FROM over a future-like native object: the VM hook.
vm::Resumed future_await_step(Interp& I, Value* slot) {
    auto* f = static_cast<FutureObj*>(slot->as_obj());
    if (f->await_mode == kAwaitYieldOnce) {
        // sleep(0): hand None to the Task (it requeues itself); next time, the result.
        if (is_kind(f->coro, ObjKind::Future)) *slot = f->coro;  // the shared sleep0's done twin
        else f->await_mode = kAwaitFuture;
        return {Value::none(), true};
    }
    if (f->await_mode == kAwaitTimer) {
        // sleep(d) of a Task: itself to the Task (parked on its timer), then None.
        *slot = f->coro;
        return {Value::object(f), true};
    }
    switch (f->state) {
        case FutState::Pending:
            f->blocking = true;
            return {*slot, true};
        case FutState::Cancelled:
            rt::raise_value(I, make_cancelled_error(I, f));
        case FutState::Finished:
            break;
    }
    f->log_tb = false;
    if (f->failed()) rt::raise_value(I, f->result());
    return {f->result(), false};
}

// --- the Task step ------------------------------------------------------------------------

namespace {

Value runtime_error(Interp& I, const std::string& msg) { return rt::new_exception(I, I.exc.RuntimeError, msg); }

void task_handle_yield(Interp& I, State& st, FutureObj* t, Value v) {
    LoopCore* c = t->core;
    if (v.same(st.sleep_timer)) {
        // sleep_awaitable put the timer's key in the waiter slot: parked
        if (!t->sleeping_on()) c->push(Work::TaskStep, Value::object(t), Value::null());  // not ours: a bare yield
        else if (t->must_cancel && cancel_waiter(I, st, t, cancel_message_of(I, t))) t->must_cancel = false;
        return;
    }
    t->set_waiter(Value::null());   // a key sleep_awaitable left there without this yield
    if (v.is_none()) {  // a bare yield (sleep(0)): the next step runs in the next iteration
        c->push(Work::TaskStep, Value::object(t), Value::null());
        return;
    }
    if (is_kind(v, ObjKind::Future)) {
        auto* f = static_cast<FutureObj*>(v.as_obj());
        if (f->core != c) {
            Value e = runtime_error(I, "Task " + rt::repr_string(I, Value::object(t)) + " got Future " +
                                           rt::repr_string(I, v) + " attached to a different loop");
            c->push(Work::TaskStep, Value::object(t), e);
        } else if (!f->blocking) {
            Value e = runtime_error(I, "yield was used instead of yield from in task " +
                                           rt::repr_string(I, Value::object(t)) + " with " + rt::repr_string(I, v));
            c->push(Work::TaskStep, Value::object(t), e);
        } else if (f == t) {
            Value e = runtime_error(I, "Task cannot await on itself: " + rt::repr_string(I, Value::object(t)));
            c->push(Work::TaskStep, Value::object(t), e);
        } else {
            f->blocking = false;
            if (f->state == FutState::Pending) {
                f->cbs.push(Value::object(t));
                if (f->shared) f->shared_waiting++;
            } else {
                c->push(Work::TaskWakeup, Value::object(t), v);
            }
            t->set_waiter(v);
            if (t->must_cancel && cancel_waiter(I, st, t, cancel_message_of(I, t))) t->must_cancel = false;
        }
        return;
    }
    Value e = runtime_error(I, "Task got bad yield: " + rt::repr_string(I, v));
    c->push(Work::TaskStep, Value::object(t), e);
}

}  // namespace

// Runs from a ready entry (run_entry), which holds [t] in the core's traced `current`
// entry for the whole step: only values made here, or not held elsewhere, get a
// TempRoot (a step with nothing to throw roots nothing but what the coroutine yields).
void task_step(Interp& I, FutureObj* t, Value exc) {
    LoopCore* c = t->core;
    State& st = *c->st;
    if (t->state != FutState::Pending)
        raise_invalid_state(I, st, "_step(): already done: " + rt::repr_string(I, Value::object(t)) + ", " +
                                       rt::repr_string(I, exc.is_null() ? Value::none() : exc));
    if (t->must_cancel) {
        if (!is_instance_of(I, exc, st.cancelled_error)) exc = make_cancelled_error(I, t);
        t->must_cancel = false;
    }
    std::optional<TempRoot> keep_exc, keep_prev;
    if (!exc.is_null()) keep_exc.emplace(I, exc);   // may be new (task_wakeup, must_cancel)
    t->set_waiter(Value::null());
    Value prev = c->current_task;
    c->current_task = Value::object(t);
    struct Restore {
        LoopCore* c;
        Value prev;
        ~Restore() { c->current_task = prev; }
    } restore{c, prev};
    if (!prev.is_null()) keep_prev.emplace(I, prev);
    vm::Resumed r{};
    try {
        if (is_kind(t->coro, ObjKind::Coroutine)) {
            auto* g = static_cast<vm::Generator*>(t->coro.as_obj());
            r = exc.is_null() ? vm::gen_send(I, g, Value::none()) : vm::gen_throw(I, g, exc);
        } else {
            // A coroutine-like object with send/throw (StopIteration carries the result).
            try {
                Value v = exc.is_null() ? rt::call_method(I, t->coro, rt::intern(I, "send"), {Value::none()})
                                        : rt::call_method(I, t->coro, rt::intern(I, "throw"), {exc});
                r = {v, true};
            } catch (rt::Unwind&) {
                Value e = I.pending;
                if (!rt::isinstance(I, e, I.exc.StopIteration)) throw;
                I.pending = Value::null();
                TempRoot keep(I, e);
                r = {rt::getattr(I, e, rt::intern(I, "value")), false};
            }
        }
    } catch (rt::Unwind&) {
        Value e = I.pending;
        I.pending = Value::null();
        TempRoot keep(I, e);
        if (is_instance_of(I, e, st.cancelled_error)) {
            future_cancel(I, t, Value::null());
            t->put_result(e);
            t->cancel_is_exc = true;
            return;
        }
        future_set_exception(I, t, e);
        if (rt::isinstance(I, e, I.exc.KeyboardInterrupt) || rt::isinstance(I, e, I.exc.SystemExit)) {
            I.pending = e;
            throw;
        }
        note_failed(t);
        return;
    }
    if (!r.yielded) {
        if (t->must_cancel) {
            t->must_cancel = false;
            future_cancel(I, t, cancel_message_of(I, t));
        } else {
            future_set_result(I, t, r.value);
        }
        return;
    }
    TempRoot keep_v(I, r.value);
    task_handle_yield(I, st, t, r.value);
}

FutureObj* task_sleep_future(Interp& I, FutureObj* t) {
    if (!t->sleeping_on()) return nullptr;
    FutureObj* f = new_future(I, *t->core->st, t->core);
    f->put_result(t->result());   // the key: the timer completes this Future now (timer_wake)
    f->sleep_timer = true;
    f->cbs.push(Value::object(t));
    t->set_waiter(Value::object(f));
    // The suspended await holds sleep_timer's finished twin: this Future takes its
    // place, so the await returns what completes it (a set_result by hand included).
    Value twin = static_cast<FutureObj*>(t->core->st->sleep_timer.as_obj())->coro;
    if (is_kind(t->coro, ObjKind::Coroutine)) {
        auto* g = static_cast<vm::Generator*>(t->coro.as_obj());
        if (g->state() == vm::GenState::Suspended && g->fiber() && !g->fiber()->frames.empty()) {
            Value* top = g->fiber()->frames.back().sp - 1;
            if (top->same(twin)) *top = Value::object(f);
        }
    }
    return f;
}

bool timer_wakes(FutureObj* t, uint64_t key) {
    if (t->state != FutState::Pending) return false;
    if (t->sleeping_on() == key) return true;
    Value w = t->waiter();
    if (!is_kind(w, ObjKind::Future)) return false;
    auto* f = static_cast<FutureObj*>(w.as_obj());
    return f->sleep_timer && f->state == FutState::Pending && f->result().is_int() && uint64_t(f->result().as_int()) == key;
}

void timer_wake(Interp& I, FutureObj* t, uint64_t key) {
    if (!timer_wakes(t, key)) return;
    if (t->sleeping_on()) {
        // what completing its Future would do: the task steps in the next iteration
        t->set_waiter(Value::null());
        t->core->push(Work::TaskStep, Value::object(t), Value::null());
    } else {
        future_set_result(I, static_cast<FutureObj*>(t->result().as_obj()), Value::none());
    }
}

void task_wakeup(Interp& I, FutureObj* t, Value fut) {
    Value exc = Value::null();
    if (is_kind(fut, ObjKind::Future)) {
        auto* f = static_cast<FutureObj*>(fut.as_obj());
        if (f->shared) {
            // a callback the task left behind (cancelled off it), or its second one
            // (it waited again after leaving): the task is no longer waiting here
            if (!t->waits_on(f)) return;
            if (f->shared_waiting) f->shared_waiting--;
        }
        if (f->state == FutState::Cancelled) {
            exc = make_cancelled_error(I, f);
        } else if (f->failed()) {
            f->log_tb = false;
            exc = f->result();
        }
    } else {
        try {
            rt::call_method(I, fut, rt::intern(I, "result"), {});
        } catch (rt::Unwind&) {
            exc = I.pending;
            I.pending = Value::null();
        }
    }
    task_step(I, t, exc);
}

// --- Future natives -----------------------------------------------------------------------

namespace {

Value f_init(Interp& I, const CallArgs& a, Object* self_fn) {
    State& st = state_of(self_fn);
    Value args[2];
    bind_args(I, a, "Future", {"self", "loop"}, 1, args, 1);
    if (a.nargs > 1) rt::raise(I, I.exc.TypeError, "Future() takes no positional arguments");
    FutureObj* f = self_future(I, a, "__init__");
    Value loop = args[1];
    if (loop.is_null() || loop.is_none()) loop = rt::call(I, st.get_event_loop, {});
    TempRoot keep(I, loop);
    f->core = core_of_loop(I, st, loop);
    f->state = FutState::Pending;
    return Value::none();
}

std::string state_word(FutureObj* f) {
    switch (f->state) {
        case FutState::Pending: return "pending";
        case FutState::Cancelled: return "cancelled";
        case FutState::Finished: return "finished";
    }
    return "?";
}

// A task's coroutine in its repr, as CPython's: "name() running at FILE:LINE" while
// it has a frame (the line it is suspended at, or its first line before it starts),
// "name() done, defined at FILE:LINE" once finished; just "name()" for other awaitables.
std::string describe_coro(Interp& I, Value coro) {
    Value qn = rt::getattr_opt(I, coro, rt::intern(I, "__qualname__"));
    std::string s = (is_str(qn) ? std::string(as_str(qn)->view()) : "?") + "()";
    if (!is_kind(coro, ObjKind::Coroutine)) return s;
    auto* g = static_cast<vm::Generator*>(coro.as_obj());
    rt::Code* code = g->code();
    std::string file = code->filename ? std::string(code->filename->view()) : "<empty co_filename>";
    if (g->state() == vm::GenState::Done || !g->fiber())
        return s + " done, defined at " + file + ":" + std::to_string(code->firstlineno);
    return s + " running at " + file + ":" + std::to_string(coro_frame_line(g));
}

// The words of repr() after the class name (CPython's _repr_info): state, a Task's
// name, coro and wait_for, then the result (clipped as reprlib.repr clips it) or the
// exception, then the callbacks.
std::string repr_info(Interp& I, State& st, FutureObj* f) {
    std::string s = state_word(f);
    if (f->is_task) {
        if (f->num_cancels > 0 && f->state == FutState::Pending) s = "cancelling";   // (3.11: cancelling())
        Value nm = str_value(I, task_name(I, f));
        TempRoot keep_nm(I, nm);
        s += " name=" + rt::repr_string(I, nm);
        s += " coro=<" + describe_coro(I, f->coro) + ">";
        task_sleep_future(I, f);
        if (is_kind(f->waiter(), ObjKind::Future)) s += " wait_for=" + rt::repr_string(I, f->waiter());
    }
    if (f->state == FutState::Finished) {
        if (f->failed()) {
            s += " exception=" + rt::repr_string(I, f->result());
        } else if (st.short_repr.is_null()) {
            s += " result=" + rt::repr_string(I, f->result());
        } else {
            Value txt = rt::call(I, st.short_repr, {f->result()});
            if (is_str(txt)) s += " result=" + std::string(as_str(txt)->view());
        }
    }
    if (uint32_t n = f->cbs.size()) {
        rt::List* l = rt::new_list(I, n);
        TempRoot keep(I, Value::object(l));
        for (uint32_t i = 0; i < f->cbs.size(); i++) {
            // a shared waiter shows one task's callback: what the task's own Future
            // would show (a Task's repr has wait_for=<Future pending cb=[...]>)
            if (f->shared && l->size) break;
            rt::list_append(I, l, f->cbs.get(i));
        }
        Value txt = rt::call(I, st.format_callbacks, {Value::object(l)});
        if (is_str(txt) && as_str(txt)->size) s += " " + std::string(as_str(txt)->view());
    }
    return s;
}

Value f_repr(Interp& I, const CallArgs& a, Object* self_fn) {
    FutureObj* f = self_future(I, a, "__repr__");
    std::string s = "<" + std::string(f->cls->name->view()) + " " + repr_info(I, state_of(self_fn), f) + ">";
    return str_value(I, s);
}

Value loop_of(FutureObj* f) { return f->core ? f->core->loop : Value::none(); }

Value f_get_loop(Interp& I, const CallArgs& a, Object*) { return loop_of(self_future(I, a, "get_loop")); }

Value f_cancel(Interp& I, const CallArgs& a, Object*) {
    Value args[2];
    bind_args(I, a, "cancel", {"self", "msg"}, 1, args);
    FutureObj* f = self_future(I, a, "cancel");
    return Value::boolean(future_cancel(I, f, args[1].is_null() ? Value::none() : args[1]));
}

Value f_cancelled(Interp& I, const CallArgs& a, Object*) {
    return Value::boolean(self_future(I, a, "cancelled")->state == FutState::Cancelled);
}

Value f_done(Interp& I, const CallArgs& a, Object*) {
    return Value::boolean(self_future(I, a, "done")->state != FutState::Pending);
}

Value f_result(Interp& I, const CallArgs& a, Object* self_fn) {
    rt::check_nargs(I, a, "result", 1, 1);
    FutureObj* f = self_future(I, a, "result");
    if (f->state == FutState::Cancelled) rt::raise_value(I, make_cancelled_error(I, f));
    if (f->state != FutState::Finished) raise_invalid_state(I, state_of(self_fn), "Result is not set.");
    f->log_tb = false;
    if (f->failed()) rt::raise_value(I, f->result());
    return f->result();
}

Value f_exception(Interp& I, const CallArgs& a, Object* self_fn) {
    rt::check_nargs(I, a, "exception", 1, 1);
    FutureObj* f = self_future(I, a, "exception");
    if (f->state == FutState::Cancelled) rt::raise_value(I, make_cancelled_error(I, f));
    if (f->state != FutState::Finished) raise_invalid_state(I, state_of(self_fn), "Exception is not set.");
    f->log_tb = false;
    return f->failed() ? f->result() : Value::none();
}

Value f_add_done_callback(Interp& I, const CallArgs& a, Object*) {
    Value args[3];
    bind_args(I, a, "add_done_callback", {"self", "fn", "context"}, 2, args, 2);
    future_add_done_callback(self_future(I, a, "add_done_callback"), args[1]);
    return Value::none();
}

Value f_remove_done_callback(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "remove_done_callback", 2, 2);
    FutureObj* f = self_future(I, a, "remove_done_callback");
    uint32_t kept = 0, n = f->cbs.size();
    for (uint32_t i = 0; i < n && i < f->cbs.size(); i++) {
        Value cb = f->cbs.get(i);
        if (cb.same(a.args[1]) || rt::eq(I, cb, a.args[1])) continue;
        f->cbs.set(kept++, cb);
    }
    f->cbs.truncate(kept);
    return Value::integer(int64_t(n - kept));
}

Value f_set_result(Interp& I, const CallArgs& a, Object* self_fn) {
    rt::check_nargs(I, a, "set_result", 2, 2);
    FutureObj* f = self_future(I, a, "set_result");
    if (f->is_task) rt::raise(I, I.exc.RuntimeError, "Task does not support set_result operation");
    if (f->state != FutState::Pending)
        raise_invalid_state(I, state_of(self_fn), "invalid state");
    future_set_result(I, f, a.args[1]);
    return Value::none();
}

Value f_set_exception(Interp& I, const CallArgs& a, Object* self_fn) {
    rt::check_nargs(I, a, "set_exception", 2, 2);
    FutureObj* f = self_future(I, a, "set_exception");
    if (f->is_task) rt::raise(I, I.exc.RuntimeError, "Task does not support set_exception operation");
    if (f->state != FutState::Pending)
        raise_invalid_state(I, state_of(self_fn), "invalid state");
    Value exc = a.args[1];
    if (is_kind(exc, ObjKind::Type)) exc = rt::call(I, exc, {});
    TempRoot keep(I, exc);
    if (is_kind(exc, ObjKind::Exception) && exc.as_obj()->cls == I.exc.StopIteration)
        rt::raise(I, I.exc.TypeError, "StopIteration interacts badly with generators and cannot be raised into a Future");
    if (!is_kind(exc, ObjKind::Exception)) rt::raise(I, I.exc.TypeError, "invalid exception object");
    future_set_exception(I, f, exc);
    note_failed(f);
    return Value::none();
}

Value f_make_cancelled_error(Interp& I, const CallArgs& a, Object*) {
    return make_cancelled_error(I, self_future(I, a, "_make_cancelled_error"));
}

// --- properties (private attributes the aio layer and the REPL read) ---

Value p_loop(Interp& I, const CallArgs& a, Object*) { return loop_of(self_future(I, a, "_loop")); }
Value p_state(Interp& I, const CallArgs& a, Object*) {
    FutureObj* f = self_future(I, a, "_state");
    static const char* const names[] = {"PENDING", "CANCELLED", "FINISHED"};
    return Value::object(rt::intern(I, names[int(f->state)]));
}
Value p_result(Interp& I, const CallArgs& a, Object*) {
    FutureObj* f = self_future(I, a, "_result");
    // (a pending sleep Future parks its result in the slot: not set yet, so None)
    return f->state != FutState::Finished || f->result().is_null() || f->failed() ? Value::none() : f->result();
}
Value p_exception(Interp& I, const CallArgs& a, Object*) {
    FutureObj* f = self_future(I, a, "_exception");
    return f->failed() ? f->result() : Value::none();
}
Value p_cancel_message(Interp& I, const CallArgs& a, Object*) {
    FutureObj* f = self_future(I, a, "_cancel_message");
    if (a.nargs > 1) {
        if (f->state == FutState::Cancelled) {
            f->put_result(a.args[1]);
            f->cancel_is_exc = false;
        } else if (!a.args[1].is_none() || future_side(I, f)) {
            future_side_make(I, f).message = a.args[1];
        }
        return Value::none();
    }
    Value msg = cancel_message_of(I, f);
    return msg.is_null() ? Value::none() : msg;
}
Value p_log_traceback(Interp& I, const CallArgs& a, Object*) {
    FutureObj* f = self_future(I, a, "_log_traceback");
    if (a.nargs > 1) {
        f->log_tb = rt::truthy(I, a.args[1]);
        return Value::none();
    }
    return Value::boolean(f->log_tb);
}
Value p_blocking(Interp& I, const CallArgs& a, Object*) {
    FutureObj* f = self_future(I, a, "_asyncio_future_blocking");
    if (a.nargs > 1) {
        f->blocking = rt::truthy(I, a.args[1]);
        return Value::none();
    }
    return Value::boolean(f->blocking);
}
Value p_callbacks(Interp& I, const CallArgs& a, Object*) {
    FutureObj* f = self_future(I, a, "_callbacks");
    rt::List* l = rt::new_list(I, f->cbs.size());
    for (uint32_t i = 0; i < f->cbs.size(); i++) rt::list_append(I, l, f->cbs.get(i));
    return Value::object(l);
}

// --- Task natives -------------------------------------------------------------------------

Value t_init(Interp& I, const CallArgs& a, Object* self_fn) {
    State& st = state_of(self_fn);
    Value args[5];
    bind_args(I, a, "Task", {"self", "coro", "loop", "name", "context"}, 2, args, 2);
    if (a.nargs > 2) rt::raise(I, I.exc.TypeError, "Task() takes exactly 1 positional argument");
    FutureObj* t = self_future(I, a, "__init__");
    if (!has_task_part(t)) rt::raise(I, I.exc.TypeError, "descriptor '__init__' requires a Task object");
    Value loop = args[2];
    if (loop.is_null() || loop.is_none()) loop = rt::call(I, st.get_event_loop, {});
    TempRoot keep(I, loop);
    task_init(I, st, t, loop, args[1], args[3]);
    return Value::none();
}

Value t_get_coro(Interp& I, const CallArgs& a, Object*) { return self_task(I, a, "get_coro")->coro; }
Value t_get_context(Interp&, const CallArgs&, Object*) { return Value::none(); }
Value t_get_name(Interp& I, const CallArgs& a, Object*) {
    FutureObj* t = self_task(I, a, "get_name");
    Value name = task_own_name(I, t);
    if (name.is_null()) {   // the same str from now on, as CPython's
        name = str_value(I, task_name(I, t));
        TempRoot keep(I, name);
        set_task_name(I, t, name);
    }
    return name;
}
Value t_set_name(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "set_name", 2, 2);
    FutureObj* t = self_task(I, a, "set_name");
    Value name = is_str(a.args[1]) ? a.args[1] : Value::object(rt::str(I, a.args[1]));
    TempRoot keep(I, name);
    set_task_name(I, t, name);
    return Value::none();
}

Value t_cancel(Interp& I, const CallArgs& a, Object* self_fn) {
    Value args[2];
    bind_args(I, a, "cancel", {"self", "msg"}, 1, args);
    FutureObj* t = self_task(I, a, "cancel");
    Value msg = args[1].is_null() ? Value::none() : args[1];
    t->log_tb = false;
    if (t->state != FutState::Pending) return Value::boolean(false);
    t->num_cancels++;
    task_sleep_future(I, t);
    if (!t->waiter().is_null()) {
        if (cancel_waiter(I, state_of(self_fn), t, msg)) return Value::boolean(true);
    }
    t->must_cancel = true;
    if (!msg.is_none() || future_side(I, t)) future_side_make(I, t).message = msg;
    return Value::boolean(true);
}

Value t_cancelling(Interp& I, const CallArgs& a, Object*) {
    return Value::integer(self_task(I, a, "cancelling")->num_cancels);
}
Value t_uncancel(Interp& I, const CallArgs& a, Object*) {
    FutureObj* t = self_task(I, a, "uncancel");
    if (t->num_cancels > 0) t->num_cancels--;
    return Value::integer(t->num_cancels);
}
Value p_coro(Interp& I, const CallArgs& a, Object*) { return self_task(I, a, "_coro")->coro; }
Value p_fut_waiter(Interp& I, const CallArgs& a, Object*) {
    FutureObj* t = self_task(I, a, "_fut_waiter");
    task_sleep_future(I, t);
    return t->waiter().is_null() ? Value::none() : t->waiter();
}
Value p_must_cancel(Interp& I, const CallArgs& a, Object*) {
    return Value::boolean(self_task(I, a, "_must_cancel")->must_cancel);
}
Value p_name(Interp& I, const CallArgs& a, Object* self_fn) { return t_get_name(I, a, self_fn); }

// create_task(coro, name, running_loop): asyncio.create_task's work when the running
// loop uses BaseEventLoop.create_task unchanged (no task factory, open): the new Task.
// None otherwise (no running loop included): create_task (tasks.aio) then calls
// loop.create_task.
Value m_create_task(Interp& I, const CallArgs& a, Object* self_fn) {
    rt::check_nargs(I, a, "create_task", 3, 3);
    State& st = state_of(self_fn);
    if (!plain_create_task(I, st, a.args[2])) return Value::none();
    // CPython's create_task makes an unnamed Task (it takes a number), then renames it.
    if (!a.args[1].is_none()) ++st.task_counter;
    return new_task(I, st, a.args[2], a.args[0], a.args[1]);
}

// sleep0() -> the shared sleep(0) awaitable: yields None once, then returns None.
Value m_sleep0(Interp& I, const CallArgs& a, Object* self_fn) {
    rt::check_nargs(I, a, "sleep0", 0, 0);
    return state_of(self_fn).sleep0;
}

// current_task(loop): the Task whose step is running on [loop], or None.
Value m_current_task(Interp& I, const CallArgs& a, Object* self_fn) {
    rt::check_nargs(I, a, "current_task", 1, 1);
    LoopCore* c = core_of_loop(I, state_of(self_fn), a.args[0]);
    return c->current_task.is_null() ? Value::none() : c->current_task;
}

// all_tasks(loop): the pending tasks of [loop], in creation order (a list).
Value m_all_tasks(Interp& I, const CallArgs& a, Object* self_fn) {
    rt::check_nargs(I, a, "all_tasks", 1, 1);
    LoopCore* c = core_of_loop(I, state_of(self_fn), a.args[0]);
    rt::List* l = rt::new_list(I, 0);
    TempRoot keep(I, Value::object(l));
    for (FutureObj* t = c->tasks_head; t; t = t->next_task)
        if (t->state == FutState::Pending) rt::list_append(I, l, Value::object(t));
    return Value::object(l);
}

// _init(CancelledError, InvalidStateError, get_event_loop, _run_handle,
//       _format_callbacks, iscoroutine, create_task, _short_repr): the aio pieces the
//       natives call.
Value m_init(Interp& I, const CallArgs& a, Object* self_fn) {
    rt::check_nargs(I, a, "_init", 8, 8);
    State& st = state_of(self_fn);
    st.cancelled_error = a.args[0];
    st.invalid_state_error = a.args[1];
    st.get_event_loop = a.args[2];
    st.run_handle = a.args[3];
    st.format_callbacks = a.args[4];
    st.iscoroutine = a.args[5];
    st.base_create_task = a.args[6];
    st.short_repr = a.args[7];
    return Value::none();
}

void def_native(Interp& I, rt::Dict* d, Value state_obj, const char* name, rt::NativeFn fn, Type* owner = nullptr) {
    rt::NativeFunction* f = rt::new_native(I, name, fn, state_obj);
    if (owner) {
        std::string q(owner->name->view());
        f->qualname = rt::new_str(I, q + "." + name);
    }
    rt::dict_set_str(I, d, rt::intern(I, name), Value::object(f));
}

void def_property(Interp& I, Type* t, Value state_obj, const char* name, rt::NativeFn get, bool settable) {
    TempRoot keep(I, Value::object(t));
    rt::NativeFunction* g = rt::new_native(I, name, get, state_obj);
    TempRoot kg(I, Value::object(g));
    auto* p = I.heap.make<rt::Property>(ObjKind::Property, I.types.property);
    p->fget = Value::object(g);
    p->fset = settable ? Value::object(g) : Value::none();
    p->fdel = Value::none();
    p->doc = Value::none();
    rt::dict_set_str(I, t->dict, rt::intern(I, name), Value::object(p));
}

Type* make_type(Interp& I, const char* name, Type* base) {
    rt::Dict* ns = rt::new_dict(I);
    TempRoot keep(I, Value::object(ns));
    rt::dict_set_str(I, ns, I.names.__module__, Value::object(rt::intern(I, "_asyncio")));
    // its name in messages (type_name), as CPython's C type
    rt::dict_set_str(I, ns, I.names.__tp_name__, str_value(I, "_asyncio." + std::string(name)));
    rt::Tuple* bases = base ? rt::new_tuple(I, {Value::object(base)}) : rt::new_tuple(I, 0u);
    TempRoot kb(I, Value::object(bases));
    Type* t = rt::make_class(I, rt::intern(I, name), bases, ns);
    t->tflags &= ~rt::kTypeHeap;
    t->instance_kind = ObjKind::Future;
    t->native_base = t;
    return t;
}

}  // namespace

void install_future_types(Interp& I, State& st, Value state_obj, rt::Dict* md) {
    Type* fut = make_type(I, "Future", nullptr);
    TempRoot k1(I, Value::object(fut));
    st.future_type = fut;
    rt::Dict* fd = fut->dict;
    struct Def { const char* name; rt::NativeFn fn; };
    for (const Def& d : {Def{"__init__", f_init}, Def{"__repr__", f_repr}, Def{"get_loop", f_get_loop},
                         Def{"cancel", f_cancel}, Def{"cancelled", f_cancelled}, Def{"done", f_done},
                         Def{"result", f_result}, Def{"exception", f_exception},
                         Def{"add_done_callback", f_add_done_callback},
                         Def{"remove_done_callback", f_remove_done_callback}, Def{"set_result", f_set_result},
                         Def{"set_exception", f_set_exception},
                         Def{"_make_cancelled_error", f_make_cancelled_error}})
        def_native(I, fd, state_obj, d.name, d.fn, fut);
    def_property(I, fut, state_obj, "_loop", p_loop, false);
    def_property(I, fut, state_obj, "_state", p_state, false);
    def_property(I, fut, state_obj, "_result", p_result, false);
    def_property(I, fut, state_obj, "_exception", p_exception, false);
    def_property(I, fut, state_obj, "_cancel_message", p_cancel_message, true);
    def_property(I, fut, state_obj, "_log_traceback", p_log_traceback, true);
    def_property(I, fut, state_obj, "_asyncio_future_blocking", p_blocking, true);
    def_property(I, fut, state_obj, "_callbacks", p_callbacks, false);

    Type* task = make_type(I, "Task", fut);
    TempRoot k2(I, Value::object(task));
    st.task_type = task;
    rt::Dict* td = task->dict;
    for (const Def& d : {Def{"__init__", t_init}, Def{"get_coro", t_get_coro}, Def{"get_context", t_get_context},
                         Def{"get_name", t_get_name}, Def{"set_name", t_set_name},
                         Def{"cancel", t_cancel}, Def{"cancelling", t_cancelling}, Def{"uncancel", t_uncancel}})
        def_native(I, td, state_obj, d.name, d.fn, task);
    def_property(I, task, state_obj, "_coro", p_coro, false);
    def_property(I, task, state_obj, "_fut_waiter", p_fut_waiter, false);
    def_property(I, task, state_obj, "_must_cancel", p_must_cancel, false);
    def_property(I, task, state_obj, "_name", p_name, false);
    ++I.type_epoch;

    // The shared awaitables of sleep(0) and of a Task's sleep(d), and their "already
    // yielded" twin (see future_await_step): finished, with the result None.
    auto finished = [&](AwaitMode mode, Value twin) {
        auto* f = static_cast<FutureObj*>(alloc_future(I, fut, true));
        f->state = FutState::Finished;
        f->put_result(Value::none());
        f->await_mode = mode;
        f->coro = twin;
        return Value::object(f);
    };
    Value done = finished(kAwaitFuture, Value::null());
    TempRoot k3(I, done);
    st.sleep0 = finished(kAwaitYieldOnce, done);
    TempRoot k4(I, st.sleep0);
    st.sleep_timer = finished(kAwaitTimer, done);

    rt::dict_set_str(I, md, rt::intern(I, "Future"), Value::object(fut));
    rt::dict_set_str(I, md, rt::intern(I, "Task"), Value::object(task));
    def_native(I, md, state_obj, "sleep0", m_sleep0);
    def_native(I, md, state_obj, "current_task", m_current_task);
    def_native(I, md, state_obj, "create_task", m_create_task);
    def_native(I, md, state_obj, "all_tasks", m_all_tasks);
    def_native(I, md, state_obj, "_init", m_init);
}

}  // namespace aio::stdlib::asyncio
