// stdlib/asyncio/core.cpp - `_asyncio_core`: the native helpers of the asyncio package.
// Today: iscoroutinefunction (reads the code flags, which scripts cannot see), and the
// step primitive of async generators (agen_step) plus install_agen_methods, used by
// asyncio/agen.aio to give async_generator its __anext__/asend/athrow/aclose.
// Planned: native Future/Task/sleep over runtime/loop for speed (DESIGN decision 6).
#include "interpreter/code.hpp"
#include "interpreter/generator.hpp"
#include "interpreter/opcodes.hpp"
#include "interpreter/vm.hpp"
#include "runtime/protocol.hpp"
#include "stdlib/asyncio/native.hpp"
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
    bool awaiting = !vm::agen_yielded_item(g);
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

// agen_state(agen): 'created', 'suspended' (at its own yield), 'awaiting' (inside an
// await, or stepped by an `async for`: CPython's ag_running_async), 'running' or 'done'.
Value a_agen_state(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "agen_state", 1, 1);
    if (!is_kind(a.args[0], ObjKind::AsyncGenerator))
        rt::raise(I, I.exc.TypeError, "agen_state() expects an async generator");
    auto* g = static_cast<vm::Generator*>(a.args[0].as_obj());
    const char* name = "awaiting";
    switch (g->state()) {
        case vm::GenState::Created: name = "created"; break;
        case vm::GenState::Suspended: name = vm::agen_yielded_item(g) ? "suspended" : "awaiting"; break;
        case vm::GenState::Running: name = "running"; break;
        case vm::GenState::Done: name = "done"; break;
        case vm::GenState::Fused: break;
    }
    return str_value(I, name);
}

// set_agen_firstiter(fn): the hook `async for` calls with an async generator on its
// first iteration (asyncio registers it with the running loop for shutdown_asyncgens).
Value a_set_agen_firstiter(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "set_agen_firstiter", 1, 1);
    vm::state(I).agen_firstiter = a.args[0];
    return Value::none();
}

// set_agen_finalizer(fn): the hook called with an async generator an `async for`
// made and left unfinished (CPython's finalizer: asyncio schedules its aclose()).
Value a_set_agen_finalizer(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "set_agen_finalizer", 1, 1);
    vm::state(I).agen_finalizer = a.args[0];
    return Value::none();
}

// install_agen_methods(namespace_dict): copies the given functions into the
// async_generator type, where they become its methods.
Value a_install_agen_methods(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "install_agen_methods", 1, 1);
    if (!is_kind(a.args[0], ObjKind::Dict)) rt::raise(I, I.exc.TypeError, "expected a dict");
    auto* d = static_cast<rt::Dict*>(a.args[0].as_obj());
    for (const char* name : {"__aiter__", "__anext__", "asend", "athrow", "aclose", "ag_running"}) {
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
        {"set_agen_firstiter", a_set_agen_firstiter},
        {"set_agen_finalizer", a_set_agen_finalizer},
    });
    add_socket_functions(I, m->dict);
    // The native Future/Task/loop core share one State, reachable from each native.
    rt::TempRoot keep_m(I, Value::object(m));
    auto* holder = I.heap.make<rt::Native>(ObjKind::Native, I.types.native);
    auto* st = new asyncio::State();
    st->I = &I;
    st->s_cancelled = rt::intern(I, "_cancelled");
    st->s_create_task = rt::intern(I, "create_task");
    st->s_task_factory = rt::intern(I, "_task_factory");
    st->s_closed = rt::intern(I, "_closed");
    holder->ptr = st;
    holder->finalize = [](void* p) { delete static_cast<asyncio::State*>(p); };
    holder->trace = [](Interp& in, void* p) {
        auto* s = static_cast<asyncio::State*>(p);
        for (Value v : {s->sleep0, s->sleep_timer, s->cancelled_error, s->invalid_state_error, s->get_event_loop,
                        s->run_handle, s->format_callbacks, s->iscoroutine, s->last_loop, s->base_create_task,
                        s->short_repr, s->future_iter})
            in.heap.mark(v);
        in.heap.mark(s->future_type);
        in.heap.mark(s->task_type);
        in.heap.mark(s->core_type);
        in.heap.mark(s->queue_core_type);
        in.heap.mark(s->waiters_type);
    };
    Value state_obj = Value::object(holder);
    rt::dict_set_str(I, m->dict, rt::intern(I, "_state"), state_obj);
    asyncio::install_future_types(I, *st, state_obj, m->dict);
    asyncio::install_loop_core(I, *st, state_obj, m->dict);
    asyncio::install_gather(I, state_obj, m->dict);
    asyncio::install_queue_core(I, *st, state_obj, m->dict);
    asyncio::install_waiters(I, *st, state_obj, m->dict);
    asyncio::install_task_stack(I, state_obj, m->dict);
    asyncio::install_future_iter(I, *st, state_obj, m->dict);
    return m;
}

}  // namespace aio::stdlib
