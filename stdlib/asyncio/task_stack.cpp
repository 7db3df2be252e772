// stdlib/asyncio/task_stack.cpp - what Task.get_stack()/print_stack() (tasks.aio)
// show. aio has no frame objects: `task_frames(task)` describes the frames as tuples
// (filename, lineno, name, source line), and tasks.aio wraps them. As CPython's:
// a task whose coroutine has not finished shows its coroutine's own frame (at its
// `def` line before it starts, at the suspended await after); a finished one the
// frames of its exception's traceback, outermost first; otherwise nothing.
#include "interpreter/frame.hpp"
#include "interpreter/generator.hpp"
#include "runtime/traceback.hpp"
#include "stdlib/asyncio/native.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib::asyncio {

int32_t coro_frame_line(vm::Generator* g) {
    rt::Code* code = g->code();
    int32_t line = code->firstlineno;
    if (g->state() != vm::GenState::Created && g->fiber() && !g->fiber()->frames.empty()) {
        const vm::Frame& fr = g->fiber()->frames.at(0);  // the coroutine's own frame (awaits push above it)
        if (fr.code == code && fr.current_index() < code->lines.size()) line = code->lines[fr.current_index()];
    }
    return line;
}

namespace {

Value frame_entry(rt::Interp& I, rt::Str* file, int32_t line, rt::Str* name) {
    Value f = file ? Value::object(file) : str_value(I, "<unknown>");
    rt::TempRoot k1(I, f);
    Value n = name ? Value::object(name) : str_value(I, "?");
    rt::TempRoot k2(I, n);
    Value src = str_value(I, rt::source_line_text(I, rt::as_str(f)->view(), line));
    rt::TempRoot k3(I, src);
    return Value::object(rt::new_tuple(I, {f, Value::integer(line), n, src}));
}

Value m_task_frames(rt::Interp& I, const CallArgs& a, rt::Object*) {
    rt::check_nargs(I, a, "task_frames", 1, 1);
    if (!is_kind(a.args[0], ObjKind::Future) || !static_cast<FutureObj*>(a.args[0].as_obj())->is_task)
        rt::raise(I, I.exc.TypeError, "task_frames() expects a Task");
    auto* t = static_cast<FutureObj*>(a.args[0].as_obj());
    rt::List* out = rt::new_list(I, 0);
    rt::TempRoot keep(I, Value::object(out));
    Value coro = t->coro;
    if (is_kind(coro, ObjKind::Coroutine)) {
        auto* g = static_cast<vm::Generator*>(coro.as_obj());
        if (g->state() != vm::GenState::Done && g->fiber()) {
            rt::list_append(I, out, frame_entry(I, g->code()->filename, coro_frame_line(g), g->code()->name));
            return Value::object(out);
        }
    }
    Value exc = t->exception();
    if (is_kind(exc, ObjKind::Exception)) {
        auto* e = static_cast<rt::Exception*>(exc.as_obj());
        if (e->tb)
            for (size_t i = e->tb->size(); i-- > 0;) {   // (innermost first)
                const rt::TracebackEntry& te = (*e->tb)[i];
                rt::list_append(I, out, frame_entry(I, te.filename, te.line, te.funcname));
            }
    }
    return Value::object(out);
}

// task_method(name, fn): puts fn into the Task type as method [name].
Value m_task_method(rt::Interp& I, const CallArgs& a, rt::Object* self_fn) {
    rt::check_nargs(I, a, "task_method", 2, 2);
    if (!is_str(a.args[0])) rt::raise(I, I.exc.TypeError, "task_method() expects a name");
    set_type_attr(I, state_of(self_fn).task_type, rt::as_str(a.args[0])->view(), a.args[1]);
    return Value::none();
}

}  // namespace

void install_task_stack(rt::Interp& I, Value state_obj, rt::Dict* module_dict) {
    add_natives(I, module_dict, state_obj, {{"task_frames", m_task_frames}, {"task_method", m_task_method}});
}

}  // namespace aio::stdlib::asyncio
