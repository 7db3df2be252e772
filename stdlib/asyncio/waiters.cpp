// stdlib/asyncio/waiters.cpp - Waiters: a FIFO of waiter Futures (asyncio.Event's
// `_waiters`), native so that a wait costs no aio calls besides the await: the
// Future is made on the loop's core, removed in O(1) when it is the oldest (the
// usual case: set() wakes all in order and each woken task removes its own), and
// set() completes them all in one call.
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
};

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
    w->futs.push_back(Value::object(f));
    return Value::object(f);
}

// waiter_remove(waiters, fut): drops [fut] (O(1) when it is the oldest).
Value m_remove(Interp& I, const CallArgs& a, Object* fn) {
    Waiters* w = waiters_arg(I, a, fn, "waiter_remove", 2);
    auto& q = w->futs;
    if (!q.empty() && q.front().same(a.args[1])) {
        q.pop_front();
        return Value::none();
    }
    for (auto it = q.begin(); it != q.end(); ++it)
        if (it->same(a.args[1])) {
            q.erase(it);
            break;
        }
    return Value::none();
}

// waiters_wake_all(waiters, result): every waiter not done yet gets [result]
// (Event.set); they stay queued until their tasks remove them.
Value m_wake_all(Interp& I, const CallArgs& a, Object* fn) {
    Waiters* w = waiters_arg(I, a, fn, "waiters_wake_all", 2);
    for (Value v : w->futs) {
        auto* f = static_cast<FutureObj*>(v.as_obj());
        if (f->state == FutState::Pending) future_set_result(I, f, a.args[1]);
    }
    return Value::none();
}

Value m_count(Interp& I, const CallArgs& a, Object* fn) {
    return Value::integer(int64_t(waiters_arg(I, a, fn, "waiters_count", 1)->futs.size()));
}

}  // namespace

void install_waiters(Interp& I, State& st, Value state_obj, rt::Dict* md) {
    st.waiters_type = make_core_type(I, "Waiters", state_obj, {});
    add_natives(I, md, state_obj,
                {{"waiters_new", m_new}, {"waiter_add", m_add}, {"waiter_remove", m_remove},
                 {"waiters_wake_all", m_wake_all}, {"waiters_count", m_count}});
}

}  // namespace aio::stdlib::asyncio
