// stdlib/asyncio/waiters.cpp - Waiters: the waiting side of asyncio.Event
// (`_waiters`), native so that a wait costs no aio calls besides the await:
// Event.wait is `return await waiter_add(...)`, so a waiting task keeps no frame
// of wait() (vm::tail_await_to_caller) and no finally runs when it resumes.
// All the waits between two set()s share one Future (FutureBase::shared): each
// waiting task is one callback of it, 16 bytes, where a Future per wait cost 144
// (100,000 tasks on one Event: 14 MB). A cancelled task leaves that Future alone
// (futures.cpp cancel_waiter), its callback stays behind stale and is swept here
// when the callbacks have doubled since the last sweep. A waiter counts (Event's
// repr) as CPython's does until its task resumed from it.
#include <algorithm>
#include <vector>

#include "runtime/protocol.hpp"
#include "stdlib/asyncio/native.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib::asyncio {

using rt::Interp;
using rt::Type;

namespace {

struct Waiters {
    FutureObj* current = nullptr;    // the shared Future of the waits since the last set()
    std::vector<FutureObj*> woken;   // earlier ones whose tasks have not all resumed yet
    uint32_t sweep_at = 16;          // sweep current's stale callbacks when it has this many
};

bool task_left(FutureObj* f, Value cb) {
    return is_kind(cb, ObjKind::Future) && static_cast<FutureObj*>(cb.as_obj())->is_task &&
           !static_cast<FutureObj*>(cb.as_obj())->waits_on(f);
}

// Drops the callbacks of tasks that left [f] (cancelled), keeping the order.
void sweep_stale(FutureObj* f) {
    uint32_t n = 0;
    for (uint32_t i = 0, size = f->cbs.size(); i < size; i++)
        if (Value cb = f->cbs.get(i); !task_left(f, cb)) f->cbs.set(n++, cb);
    f->cbs.truncate(n);
}

// Forgets the set() Futures whose tasks all resumed.
void prune_woken(Waiters* w) {
    std::erase_if(w->woken, [](FutureObj* f) { return f->shared_waiting == 0; });
}

Waiters* waiters_arg(Interp& I, const CallArgs& a, Object* self_fn, const char* what, uint32_t nargs) {
    State& st = state_of(self_fn);
    rt::check_nargs(I, a, what, nargs, nargs);
    if (!is_kind(a.args[0], ObjKind::Native) || a.args[0].as_obj()->cls != st.waiters_type)
        rt::raise(I, I.exc.TypeError, "expected a Waiters");
    return static_cast<Waiters*>(static_cast<rt::Native*>(a.args[0].as_obj())->ptr);
}

// waiters_new() -> an empty Waiters.
Value m_new(Interp& I, const CallArgs& a, Object* fn) {
    rt::check_nargs(I, a, "waiters_new", 0, 0);
    auto* n = I.heap.make<rt::Native>(ObjKind::Native, state_of(fn).waiters_type);
    n->ptr = new Waiters();
    n->finalize = [](void* p) { delete static_cast<Waiters*>(p); };
    n->trace = [](Interp& in, void* p) {
        auto* w = static_cast<Waiters*>(p);
        in.heap.mark(w->current);
        for (FutureObj* f : w->woken) in.heap.mark(f);
    };
    return Value::object(n);
}

// waiter_add(waiters, loop) -> the pending Future the caller awaits (shared).
Value m_add(Interp& I, const CallArgs& a, Object* fn) {
    Waiters* w = waiters_arg(I, a, fn, "waiter_add", 2);
    State& st = state_of(fn);
    LoopCore* core = core_of_loop(I, st, a.args[1]);
    FutureObj* f = w->current;
    if (!f || f->state != FutState::Pending || f->core != core) {
        if (f && f->shared_waiting) w->woken.push_back(f);
        f = new_future(I, st, core);
        f->shared = true;
        w->current = f;
        w->sweep_at = 16;
    } else if (f->cbs.size() >= w->sweep_at) {
        sweep_stale(f);
        w->sweep_at = std::max<uint32_t>(16, 2 * f->cbs.size());
    }
    return Value::object(f);
}

// waiters_wake_all(waiters, result): every waiting task gets [result] (Event.set).
Value m_wake_all(Interp& I, const CallArgs& a, Object* fn) {
    Waiters* w = waiters_arg(I, a, fn, "waiters_wake_all", 2);
    prune_woken(w);
    FutureObj* f = w->current;
    if (!f) return Value::none();
    w->current = nullptr;
    if (f->state == FutState::Pending) future_set_result(I, f, a.args[1]);
    if (f->shared_waiting) w->woken.push_back(f);
    return Value::none();
}

// waiters_count(waiters): how many waiters count (see the header).
Value m_count(Interp& I, const CallArgs& a, Object* fn) {
    Waiters* w = waiters_arg(I, a, fn, "waiters_count", 1);
    prune_woken(w);
    int64_t n = w->current ? w->current->shared_waiting : 0;
    for (FutureObj* f : w->woken) n += f->shared_waiting;
    return Value::integer(n);
}

}  // namespace
void install_waiters(Interp& I, State& st, Value state_obj, rt::Dict* md) {
    st.waiters_type = make_core_type(I, "Waiters", state_obj, {});
    add_natives(I, md, state_obj,
                {{"waiters_new", m_new}, {"waiter_add", m_add},
                 {"waiters_wake_all", m_wake_all}, {"waiters_count", m_count}});
}

}  // namespace aio::stdlib::asyncio
