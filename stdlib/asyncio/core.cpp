// stdlib/asyncio/core.cpp - `_asyncio_core`: the native helpers of the asyncio package.
// Today: iscoroutinefunction (reads the code flags, which scripts cannot see), and the
// step primitive of async generators (agen_step) plus install_agen_methods, used by
// asyncio/agen.aio to give async_generator its __anext__/asend/athrow/aclose.
// Planned: native Future/Task/sleep over runtime/loop for speed (DESIGN decision 6).
#include "interpreter/code.hpp"
#include "interpreter/generator.hpp"
#include "interpreter/opcodes.hpp"
#include "runtime/protocol.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

// True for an `async def` function, also through a bound method.
Value a_iscoroutinefunction(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "iscoroutinefunction");
    rt::check_nargs(I, a, "iscoroutinefunction", 1, 1);
    Value f = a.args[0];
    if (f.is_obj() && f.as_obj()->kind == rt::ObjKind::BoundMethod)
        f = static_cast<rt::BoundMethod*>(f.as_obj())->func;
    bool yes = false;
    if (f.is_obj() && f.as_obj()->kind == rt::ObjKind::Function) {
        auto* fn = static_cast<rt::Function*>(f.as_obj());
        yes = fn->code && (fn->code->flags & rt::kCoCoroutine);
    }
    return Value::boolean(yes);
}

// agen_step(agen, throwing, value): resumes the async generator with send(value), or
// throw(value) when [throwing]. Returns (True, item) for its own `yield item`, and
// (False, x) when an `await` inside it suspended with x (to be passed up to the Task).
// A suspension is an await exactly when the frame sits on a YIELD_FROM (the VM re-runs
// that instruction on resume); a plain `yield` leaves ip just past YIELD_VALUE. When the
// generator returns, raises StopAsyncIteration.
Value a_agen_step(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "agen_step", 3, 3);
    if (!is_kind(a.args[0], ObjKind::AsyncGenerator))
        rt::raise(I, I.exc.TypeError, "agen_step() expects an async generator");
    auto* g = static_cast<vm::Generator*>(a.args[0].as_obj());
    vm::Resumed r = rt::truthy(I, a.args[1]) ? vm::gen_throw(I, g, a.args[2])
                                                 : vm::gen_send(I, g, a.args[2]);
    if (!r.yielded)
        rt::raise_value(I, rt::new_exception_args(I, I.exc.StopAsyncIteration, rt::new_tuple(I, 0u)));
    bool awaiting = false;
    if (g->fiber && !g->fiber->frames.empty()) {
        vm::Frame& fr = g->fiber->frames.back();
        awaiting = fr.ip == fr.cur && vm::op_of(*fr.cur) == vm::Op::YIELD_FROM;
    }
    rt::TempRoot keep(I, r.value);
    return Value::object(rt::new_tuple(I, {Value::boolean(!awaiting), r.value}));
}

// coro_step(coro, throwing, value): one step of a Task. Resumes the coroutine with
// send(value), or throw(value) when [throwing], and returns what it yielded. When the
// coroutine returns, the result comes back as a StopIteration instance carrying the
// value, *returned* rather than raised: completing a task costs no exception unwinding.
Value a_coro_step(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "coro_step", 3, 3);
    if (!is_kind(a.args[0], ObjKind::Coroutine))
        rt::raise(I, I.exc.TypeError, "coro_step() expects a coroutine");
    auto* g = static_cast<vm::Generator*>(a.args[0].as_obj());
    vm::Resumed r = rt::truthy(I, a.args[1]) ? vm::gen_throw(I, g, a.args[2])
                                              : vm::gen_send(I, g, a.args[2]);
    if (r.yielded) return r.value;
    rt::TempRoot keep(I, r.value);
    return rt::new_exception_args(I, I.exc.StopIteration, rt::new_tuple(I, {r.value}));
}

// agen_state(agen): 'created', 'suspended', 'running' or 'done'.
Value a_agen_state(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "agen_state", 1, 1);
    if (!is_kind(a.args[0], ObjKind::AsyncGenerator))
        rt::raise(I, I.exc.TypeError, "agen_state() expects an async generator");
    static const char* const names[] = {"created", "suspended", "running", "done"};
    auto* g = static_cast<vm::Generator*>(a.args[0].as_obj());
    return str_value(I, names[int(g->state)]);
}

// install_agen_methods(namespace_dict): copies the given functions into the
// async_generator type, where they become its methods.
Value a_install_agen_methods(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "install_agen_methods", 1, 1);
    if (!is_kind(a.args[0], ObjKind::Dict)) rt::raise(I, I.exc.TypeError, "expected a dict");
    auto* d = static_cast<rt::Dict*>(a.args[0].as_obj());
    for (const char* name : {"__aiter__", "__anext__", "asend", "athrow", "aclose"}) {
        Value v = rt::dict_get_str(d, rt::intern(I, name));
        if (!v.is_null()) set_type_attr(I, I.types.async_generator, name, v);
    }
    return Value::none();
}

}  // namespace

void add_socket_functions(Interp& I, rt::Dict* d);  // stdlib/asyncio/sockets.cpp

rt::Module* make_asyncio_core_module(Interp& I) {
    rt::Module* m = rt::new_module(I, rt::intern(I, "_asyncio_core"));
    add_functions(I, m->dict, {
        {"iscoroutinefunction", a_iscoroutinefunction},
        {"agen_step", a_agen_step},
        {"coro_step", a_coro_step},
        {"agen_state", a_agen_state},
        {"install_agen_methods", a_install_agen_methods},
    });
    add_socket_functions(I, m->dict);
    return m;
}

}  // namespace aio::stdlib
