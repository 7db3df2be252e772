// stdlib/asyncio/waiters.cpp - Waiters: a FIFO of waiter Futures (asyncio.Event's
// `_waiters`), native so that a wait costs no aio calls besides the await:
// Event.wait is `return await waiter_add(...)`, so a waiting task keeps no frame
// of wait() (vm::tail_await_to_caller) and no finally removes the Future. A waiter
// counts (Event's repr) as CPython's does until its task resumed from it; the
// Futures that stopped counting are dropped at the next set(), or when the queue
// has doubled since the last sweep (waits cancelled by wait_for timeouts).
#include <algorithm>
#include <deque>

#include "runtime/protocol.hpp"
#include "stdlib/asyncio/native.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib::asyncio {

using rt::Interp;
using rt::Type;

namespace {

struct Waiters {
    std::deque<Value> futs;
    size_t sweep_at = 16;    // drop the done Futures when the queue reaches this size
};

// Whether the waiter still counts: not done, or done but its task has not resumed yet.
bool waiting(Value v) {
    auto* f = static_cast<FutureObj*>(v.as_obj());
    return f->state == FutState::Pending || (f->state == FutState::Finished && !f->woke_task);
}

void sweep(Waiters* w) {
    std::erase_if(w->futs, [](Value v) { return !waiting(v); });
    w->sweep_at = std::max<size_t>(16, 2 * w->futs.size());
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
        for (Value v : static_cast<Waiters*>(p)->futs) in.heap.mark(v);
    };
    return Value::object(n);
}

// waiter_add(waiters, loop) -> a new pending Future of [loop], queued last.
Value m_add(Interp& I, const CallArgs& a, Object* fn) {
    Waiters* w = waiters_arg(I, a, fn, "waiter_add", 2);
    State& st = state_of(fn);
    FutureObj* f = new_future(I, st, core_of_loop(I, st, a.args[1]));
    if (w->futs.size() >= w->sweep_at) sweep(w);
    w->futs.push_back(Value::object(f));
    return Value::object(f);
}

// waiters_wake_all(waiters, result): every waiter not done yet gets [result] (Event.set).
Value m_wake_all(Interp& I, const CallArgs& a, Object* fn) {
    Waiters* w = waiters_arg(I, a, fn, "waiters_wake_all", 2);
    sweep(w);
    for (Value v : w->futs) {
        auto* f = static_cast<FutureObj*>(v.as_obj());
        if (f->state == FutState::Pending) future_set_result(I, f, a.args[1]);
    }
    return Value::none();
}

// waiters_count(waiters): how many waiters count (see the header).
Value m_count(Interp& I, const CallArgs& a, Object* fn) {
    const auto& q = waiters_arg(I, a, fn, "waiters_count", 1)->futs;
    return Value::integer(int64_t(std::count_if(q.begin(), q.end(), waiting)));
}

}  // namespace

void install_waiters(Interp& I, State& st, Value state_obj, rt::Dict* md) {
    st.waiters_type = make_core_type(I, "Waiters", state_obj, {});
    add_natives(I, md, state_obj,
                {{"waiters_new", m_new}, {"waiter_add", m_add},
                 {"waiters_wake_all", m_wake_all}, {"waiters_count", m_count}});
}

}  // namespace aio::stdlib::asyncio
