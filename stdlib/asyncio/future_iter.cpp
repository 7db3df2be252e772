// stdlib/asyncio/future_iter.cpp - a Future stepped by hand: `next(fut.__await__())`,
// `it.send(None)`, `yield from fut.__await__()` in an __await__ written as a generator.
// The VM drives `await fut` itself (future_await_step) and never asks for __await__;
// what fut.__await__() and iter(fut) return is a FutureIter (futures.aio), as in
// CPython, whose steps are _future_iter_step below. Pending, the first step yields the
// future and marks it blocking; a second one, still pending, is an error ("await wasn't
// used with future"); done, a step ends with StopIteration carrying the result (or
// raises the exception, CancelledError).
#include "runtime/protocol.hpp"
#include "stdlib/asyncio/native.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib::asyncio {

namespace {

FutureObj* future_arg(rt::Interp& I, const CallArgs& a, const char* what) {
    if (a.nargs < 1 || !is_kind(a.args[0], ObjKind::Future))
        rt::raise_fmt(I, I.exc.TypeError, "%s requires a Future object", what);
    return static_cast<FutureObj*>(a.args[0].as_obj());
}

// _future_iter_step(fut): one step of a FutureIter.
Value m_step(rt::Interp& I, const CallArgs& a, rt::Object*) {
    rt::check_nargs(I, a, "_future_iter_step", 1, 1);
    FutureObj* f = future_arg(I, a, "_future_iter_step");
    if (f->state == FutState::Pending) {
        if (f->blocking) rt::raise(I, I.exc.RuntimeError, "await wasn't used with future");
        f->blocking = true;
        return a.args[0];
    }
    Value r = rt::call_method(I, a.args[0], rt::intern(I, "result"), {});
    rt::TempRoot keep(I, r);
    rt::raise_value(I, rt::new_exception_args(I, I.exc.StopIteration, rt::new_tuple(I, {r})));
}

// _set_future_iter(cls): the FutureIter class __await__ and __iter__ make.
Value m_set_class(rt::Interp& I, const CallArgs& a, rt::Object* self_fn) {
    rt::check_nargs(I, a, "_set_future_iter", 1, 1);
    state_of(self_fn).future_iter = a.args[0];
    return Value::none();
}

Value f_await(rt::Interp& I, const CallArgs& a, rt::Object* self_fn) {
    rt::check_nargs(I, a, "__await__", 1, 1);
    future_arg(I, a, "__await__");
    Value cls = state_of(self_fn).future_iter;
    if (cls.is_null()) rt::raise(I, I.exc.RuntimeError, "asyncio.futures is not initialised");
    return rt::call(I, cls, {a.args[0]});
}

}  // namespace

void install_future_iter(rt::Interp& I, State& st, Value state_obj, rt::Dict* module) {
    for (const NativeDef& d : {NativeDef{"__await__", f_await}, NativeDef{"__iter__", f_await}}) {
        Value fn = Value::object(rt::new_native(I, d.name, d.fn, state_obj));
        rt::TempRoot keep(I, fn);
        set_type_attr(I, st.future_type, d.name, fn);
    }
    add_natives(I, module, state_obj, {{"_future_iter_step", m_step}, {"_set_future_iter", m_set_class}});
}

}  // namespace aio::stdlib::asyncio
