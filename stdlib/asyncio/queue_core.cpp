// stdlib/asyncio/queue_core.cpp - QueueCore: the native state and hot path of
// asyncio.Queue (queues.aio). A put or get that need not wait is one native call
// (store or take the item, count unfinished tasks, wake the first live waiter of
// the other side); only a blocked put/get runs aio code (the waiter Future and the
// CPython 3.11 cancellation steps).
// Two modes, fixed at construction:
//   fast:    the Queue's class keeps Queue's own _init/_put/_get/qsize: the items
//            live here, in a std::deque;
//   generic: a subclass (PriorityQueue, LifoQueue, user classes) overrides one of
//            them (or empty/full): the items live in owner._queue and every step
//            calls the owner's methods, as CPython's pure-Python Queue does.
// The `empty`/`full`/`qsize` methods here are the bodies of Queue's own methods;
// put/get dispatch through the owner's (possibly overridden) ones.
// Invariant: `finished` (the Queue's Event) is set exactly when unfinished == 0; it
// is only touched at the transitions, so a put costs no Event call.
#include <deque>

#include "interpreter/code.hpp"
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

struct QueueCore {
    State* st;
    Value owner;                 // the Queue
    Value maxsize;               // as given (CPython compares it as is)
    Value finished;              // the Queue's Event (join)
    bool generic;
    int64_t unfinished = 0;
    std::deque<Value> items;     // fast mode only
    std::deque<Value> getters, putters;   // waiter Futures, FIFO
    // fast_core_of: the owner's class, checked at type epoch plain_epoch to let its
    // instances' `_core` attribute be read from their dict (traced: stays that class)
    Type* plain_cls = nullptr;
    uint64_t plain_epoch = 0;
};

QueueCore* self_queue(Interp& I, const CallArgs& a, Object* self_fn, const char* what, uint32_t nargs) {
    State& st = state_of(self_fn);
    if (a.nargs < 1 || !is_kind(a.args[0], ObjKind::Native) || a.args[0].as_obj()->cls != st.queue_core_type)
        rt::raise(I, I.exc.TypeError, "expected a QueueCore");
    rt::check_nargs(I, a, what, nargs, nargs);
    return static_cast<QueueCore*>(static_cast<rt::Native*>(a.args[0].as_obj())->ptr);
}

Value owner_call(Interp& I, QueueCore* q, const char* method, std::initializer_list<Value> args) {
    return rt::call_method(I, q->owner, rt::intern(I, method), args);
}

// The owner's qsize()/empty()/full(), which a generic subclass may override.
int64_t qsize(Interp& I, QueueCore* q) {
    if (!q->generic) return int64_t(q->items.size());
    Value n = owner_call(I, q, "qsize", {});
    if (!n.is_int()) rt::raise(I, I.exc.TypeError, "qsize() must return an int");
    return n.as_int();
}

// Queue.empty's own body (CPython: `not self._queue`).
bool empty_own(Interp& I, QueueCore* q) {
    if (!q->generic) return q->items.empty();
    return !rt::truthy(I, rt::getattr(I, q->owner, rt::intern(I, "_queue")));
}

// Queue.full's own body (CPython: maxsize <= 0 never fills; else qsize() >= maxsize).
bool full_own(Interp& I, QueueCore* q) {
    if (q->maxsize.is_int()) {
        int64_t m = q->maxsize.as_int();
        return m > 0 && qsize(I, q) >= m;
    }
    if (rt::truthy(I, rt::compare(I, rt::CmpOpKind::LtE, q->maxsize, Value::integer(0)))) return false;
    return !less_than(I, Value::integer(qsize(I, q)), q->maxsize);
}

bool empty(Interp& I, QueueCore* q) {
    return q->generic ? rt::truthy(I, owner_call(I, q, "empty", {})) : q->items.empty();
}

bool full(Interp& I, QueueCore* q) {
    return q->generic ? rt::truthy(I, owner_call(I, q, "full", {})) : full_own(I, q);
}

// _wakeup_next: the first waiter not done yet gets set_result(None).
void wakeup_next(Interp& I, QueueCore* q, std::deque<Value>& waiters) {
    while (!waiters.empty()) {
        Value w = waiters.front();
        waiters.pop_front();
        if (is_kind(w, ObjKind::Future) && w.as_obj()->cls == q->st->future_type) {
            auto* f = static_cast<FutureObj*>(w.as_obj());
            if (f->state != FutState::Pending) continue;
            future_set_result(I, f, Value::none());
            return;
        }
        TempRoot keep(I, w);
        if (rt::truthy(I, rt::call_method(I, w, rt::intern(I, "done"), {}))) continue;
        rt::call_method(I, w, rt::intern(I, "set_result"), {Value::none()});
        return;
    }
}

void remove_waiter(std::deque<Value>& waiters, Value w) {
    for (auto it = waiters.begin(); it != waiters.end(); ++it)
        if (it->is_obj() && w.is_obj() && it->as_obj() == w.as_obj()) {
            waiters.erase(it);
            return;
        }
}

// put(item) -> False when full (nothing done); else stores it (put_nowait) -> True.
Value q_put(Interp& I, const CallArgs& a, Object* fn) {
    QueueCore* q = self_queue(I, a, fn, "put", 2);
    if (full(I, q)) return Value::boolean(false);
    if (q->generic) owner_call(I, q, "_put", {a.args[1]});
    else q->items.push_back(a.args[1]);
    if (q->unfinished++ == 0) rt::call_method(I, q->finished, rt::intern(I, "clear"), {});
    wakeup_next(I, q, q->getters);
    return Value::boolean(true);
}

// get(empty_marker) -> empty_marker when empty (nothing done); else the next item
// (get_nowait).
Value q_get(Interp& I, const CallArgs& a, Object* fn) {
    QueueCore* q = self_queue(I, a, fn, "get", 2);
    if (empty(I, q)) return a.args[1];
    if (q->generic) {
        Value item = owner_call(I, q, "_get", {});
        TempRoot keep(I, item);
        wakeup_next(I, q, q->putters);
        return item;
    }
    Value item = q->items.front();   // stays queued (reachable) while the wake-up runs
    wakeup_next(I, q, q->putters);
    q->items.pop_front();
    return item;
}

// Queue.qsize's own body (CPython: len(self._queue)); full() calls the owner's qsize.
Value q_qsize(Interp& I, const CallArgs& a, Object* fn) {
    QueueCore* q = self_queue(I, a, fn, "qsize", 1);
    if (!q->generic) return Value::integer(int64_t(q->items.size()));
    return Value::integer(rt::length(I, rt::getattr(I, q->owner, rt::intern(I, "_queue"))));
}
Value q_empty(Interp& I, const CallArgs& a, Object* fn) {
    return Value::boolean(empty_own(I, self_queue(I, a, fn, "empty", 1)));
}
Value q_full(Interp& I, const CallArgs& a, Object* fn) {
    return Value::boolean(full_own(I, self_queue(I, a, fn, "full", 1)));
}

Value q_add_getter(Interp& I, const CallArgs& a, Object* fn) {
    self_queue(I, a, fn, "add_getter", 2)->getters.push_back(a.args[1]);
    return Value::none();
}
Value q_add_putter(Interp& I, const CallArgs& a, Object* fn) {
    self_queue(I, a, fn, "add_putter", 2)->putters.push_back(a.args[1]);
    return Value::none();
}
Value q_remove_getter(Interp& I, const CallArgs& a, Object* fn) {
    remove_waiter(self_queue(I, a, fn, "remove_getter", 2)->getters, a.args[1]);
    return Value::none();
}
Value q_remove_putter(Interp& I, const CallArgs& a, Object* fn) {
    remove_waiter(self_queue(I, a, fn, "remove_putter", 2)->putters, a.args[1]);
    return Value::none();
}
Value q_wake_getter(Interp& I, const CallArgs& a, Object* fn) {
    QueueCore* q = self_queue(I, a, fn, "wake_getter", 1);
    wakeup_next(I, q, q->getters);
    return Value::none();
}
Value q_wake_putter(Interp& I, const CallArgs& a, Object* fn) {
    QueueCore* q = self_queue(I, a, fn, "wake_putter", 1);
    wakeup_next(I, q, q->putters);
    return Value::none();
}

Value q_task_done(Interp& I, const CallArgs& a, Object* fn) {
    QueueCore* q = self_queue(I, a, fn, "task_done", 1);
    if (q->unfinished <= 0) rt::raise(I, I.exc.ValueError, "task_done() called too many times");
    if (--q->unfinished == 0) rt::call_method(I, q->finished, rt::intern(I, "set"), {});
    return Value::none();
}

// counts() -> (unfinished tasks, getters, putters): for join and the repr.
Value q_counts(Interp& I, const CallArgs& a, Object* fn) {
    QueueCore* q = self_queue(I, a, fn, "counts", 1);
    return Value::object(rt::new_tuple(I, {Value::integer(q->unfinished), Value::integer(int64_t(q->getters.size())),
                                           Value::integer(int64_t(q->putters.size()))}));
}

// items() -> a list of the queued items (fast mode; the repr).
Value q_items(Interp& I, const CallArgs& a, Object* fn) {
    QueueCore* q = self_queue(I, a, fn, "items", 1);
    rt::List* l = rt::new_list(I, uint32_t(q->items.size()));
    for (Value v : q->items) rt::list_append(I, l, v);
    return Value::object(l);
}

void trace_queue(Interp& I, void* p) {
    auto* q = static_cast<QueueCore*>(p);
    rt::Heap& h = I.heap;
    h.mark(q->owner);
    h.mark(q->maxsize);
    h.mark(q->finished);
    h.mark(q->plain_cls);
    for (auto* d : {&q->items, &q->getters, &q->putters})
        for (Value v : *d) h.mark(v);
}

void free_queue(void* p) { delete static_cast<QueueCore*>(p); }

// --- `await q.put(x)` / `await q.get()` without a frame (Code::await_now) ----------
// Queue.put's body is `if not _core_put(self._core, item): await ...` and get's
// `item = _core_get(self._core, _EMPTY); if item is _EMPTY: ...; return item`. When
// self._core is a plain instance attribute holding a fast-mode core and the queue need
// not wait, these do the same native step the body would and return its result;
// otherwise they return Null and the body runs (and waits, or raises, as it does).

// self._core of Queue.put/get's `self`, when a plain instance attribute holding a
// fast-mode QueueCore; else nullptr. The instance dict is scanned (a Queue's has four
// entries), and the class's check that nothing shadows the attribute is remembered.
QueueCore* fast_core_of(Interp& I, Value self) {
    if (!is_kind(self, ObjKind::Instance)) return nullptr;
    auto* inst = static_cast<rt::Instance*>(self.as_obj());
    rt::Dict* d = inst->attrs;
    if (!d) return nullptr;
    for (uint32_t i = 0; i < d->nentries; i++) {
        const rt::DictEntry& e = d->entries[i];
        if (!is_kind(e.key, ObjKind::Str) || static_cast<rt::Str*>(e.key.as_obj())->view() != "_core") continue;
        if (!is_kind(e.value, ObjKind::Native) || static_cast<rt::Native*>(e.value.as_obj())->trace != trace_queue)
            return nullptr;
        auto* q = static_cast<QueueCore*>(static_cast<rt::Native*>(e.value.as_obj())->ptr);
        if (q->generic) return nullptr;
        if (q->plain_cls != inst->cls || q->plain_epoch != I.type_epoch) {
            if (!rt::attr_in_instance_dict(I, inst->cls, static_cast<rt::Str*>(e.key.as_obj()))) return nullptr;
            q->plain_cls = inst->cls;
            q->plain_epoch = I.type_epoch;
        }
        return q;
    }
    return nullptr;
}

Value put_now(Interp& I, const CallArgs& a, Object*) {
    QueueCore* q = fast_core_of(I, a.args[0]);
    if (!q || !q->maxsize.is_int() || full_own(I, q)) return Value::null();
    q->items.push_back(a.args[1]);
    if (q->unfinished++ == 0) rt::call_method(I, q->finished, rt::intern(I, "clear"), {});
    wakeup_next(I, q, q->getters);
    return Value::none();
}

Value get_now(Interp& I, const CallArgs& a, Object*) {
    QueueCore* q = fast_core_of(I, a.args[0]);
    if (!q || q->items.empty()) return Value::null();
    Value item = q->items.front();   // stays queued (reachable) while the wake-up runs
    wakeup_next(I, q, q->putters);
    q->items.pop_front();
    return item;
}

// set_queue_await_now(Queue.put, Queue.get): gives their codes the natives above.
Value m_set_queue_await_now(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "set_queue_await_now", 2, 2);
    rt::NativeFn fns[] = {put_now, get_now};
    for (uint32_t i = 0; i < 2; i++) {
        if (!is_kind(a.args[i], ObjKind::Function)) rt::raise(I, I.exc.TypeError, "expected a function");
        rt::Code* co = static_cast<rt::Function*>(a.args[i].as_obj())->code;
        if (!(co->flags & rt::kCoCoroutine) || co->argcount != 2 - i)
            rt::raise(I, I.exc.TypeError, "expected Queue.put and Queue.get");
        co->await_now = fns[i];
    }
    return Value::none();
}

// new_queue_core(owner, maxsize, finished_event, generic) -> QueueCore
Value m_new_queue_core(Interp& I, const CallArgs& a, Object* fn) {
    rt::check_nargs(I, a, "new_queue_core", 4, 4);
    State& st = state_of(fn);
    auto* n = I.heap.make<rt::Native>(ObjKind::Native, st.queue_core_type);
    auto* q = new QueueCore();
    q->st = &st;
    q->owner = a.args[0];
    q->maxsize = a.args[1];
    q->finished = a.args[2];
    q->generic = rt::truthy(I, a.args[3]);
    n->ptr = q;
    n->finalize = free_queue;
    n->trace = trace_queue;
    return Value::object(n);
}

}  // namespace

void install_queue_core(Interp& I, State& st, Value state_obj, rt::Dict* md) {
    st.queue_core_type = make_core_type(
        I, "QueueCore", state_obj,
        {{"put", q_put}, {"get", q_get}, {"qsize", q_qsize}, {"empty", q_empty}, {"full", q_full},
         {"add_getter", q_add_getter}, {"add_putter", q_add_putter}, {"remove_getter", q_remove_getter},
         {"remove_putter", q_remove_putter}, {"wake_getter", q_wake_getter}, {"wake_putter", q_wake_putter},
         {"task_done", q_task_done}, {"counts", q_counts}, {"items", q_items}});
    // The hot two also as module functions (`queue_put(core, item)`): a global load
    // is cached, a method lookup on a native type is not.
    add_natives(I, md, state_obj, {{"new_queue_core", m_new_queue_core}, {"queue_put", q_put}, {"queue_get", q_get},
                                       {"set_queue_await_now", m_set_queue_await_now}});
}

}  // namespace aio::stdlib::asyncio
