// stdlib/asyncio/future_iter.cpp - a Future stepped by hand: `next(fut.__await__())`,
// `it.send(None)`. The VM drives an awaited native Future itself (future_await_step),
// and fut.__await__() is the Future: these methods give it CPython's FutureIter steps.
// Pending, the first step yields the future and marks it blocking; a second one, still
// pending, is an error ("await wasn't used with future"); done, a step ends with
// StopIteration carrying the result (or raises the exception, CancelledError).
#include "runtime/protocol.hpp"
#include "stdlib/asyncio/native.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib::asyncio {

namespace {

FutureObj* self_of(rt::Interp& I, const CallArgs& a, const char* what) {
    if (a.nargs < 1 || !is_kind(a.args[0], ObjKind::Future))
        rt::raise_fmt(I, I.exc.TypeError, "descriptor '%s' requires a Future object", what);
    return static_cast<FutureObj*>(a.args[0].as_obj());
}

Value step(rt::Interp& I, Value self) {
    auto* f = static_cast<FutureObj*>(self.as_obj());
    if (f->state == FutState::Pending) {
        if (f->blocking) rt::raise(I, I.exc.RuntimeError, "await wasn't used with future");
        f->blocking = true;
        return self;
    }
    Value r = rt::call_method(I, self, rt::intern(I, "result"), {});
    rt::TempRoot keep(I, r);
    rt::raise_value(I, rt::new_exception_args(I, I.exc.StopIteration, rt::new_tuple(I, {r})));
}

Value f_next(rt::Interp& I, const CallArgs& a, rt::Object*) {
    rt::check_nargs(I, a, "__next__", 1, 1);
    self_of(I, a, "__next__");
    return step(I, a.args[0]);
}

Value f_send(rt::Interp& I, const CallArgs& a, rt::Object*) {
    rt::check_nargs(I, a, "send", 2, 2);
    self_of(I, a, "send");
    return step(I, a.args[0]);   // (the value sent is ignored, as by CPython's)
}

}  // namespace

void install_future_iter(rt::Interp& I, State& st, Value state_obj) {
    rt::Type* t = st.future_type;
    for (const NativeDef& d : {NativeDef{"__next__", f_next}, NativeDef{"send", f_send}}) {
        Value fn = Value::object(rt::new_native(I, d.name, d.fn, state_obj));
        rt::TempRoot keep(I, fn);
        set_type_attr(I, t, d.name, fn);
    }
}

}  // namespace aio::stdlib::asyncio
