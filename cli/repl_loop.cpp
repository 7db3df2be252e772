// cli/repl_loop.cpp - ReplLoop: a small aio module (`_aio_repl`, below) owns the
// asyncio loop and the REPL helpers tasks()/cancel(), which go into builtins.
// The loop is stepped with its own _run_once, only when timeout() says work is
// due, so it never sleeps while a key may arrive.
#include "cli/repl_loop.hpp"

#include <algorithm>
#include <cmath>

#include "interpreter/generator.hpp"
#include "interpreter/load.hpp"
#include "interpreter/vm.hpp"
#include "runtime/containers.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::cli {

using namespace aio::rt;

namespace {

// Failed tasks are reported one iteration late, so that a task awaiting the one
// that failed has had its step to retrieve the exception first.
constexpr const char* kHelperSource = R"AIO(
import asyncio
from asyncio import events as _events, tasks as _tasks, futures as _futures

_loop = asyncio.new_event_loop()
asyncio.set_event_loop(_loop)
_events._set_running_loop(_loop)
_loop._running = True
_failed = []


def timeout():
    d = _loop._idle_time()
    if d == 0.0:
        return 0.0
    if _failed:
        return 0.05
    return d


def _due():
    return _loop._idle_time() == 0.0


def step(io_ready):
    # _run_once sleeps (or polls) until the next timer when nothing is due: run
    # it only when it will not block, so the prompt stays responsive.
    global _failed
    old = _failed
    if io_ready or _due():
        _loop._run_once()
    for fut in old:
        if fut._log_traceback:
            fut._log_traceback = False
            _futures._report_unretrieved(fut)
    _failed = _loop._take_exc_futures()


def fds():
    return _loop._fds()


def begin(coro):
    return _loop.create_task(coro)


def _state(t):
    if t._must_cancel or t.cancelling():
        return 'cancelling'
    if _tasks.current_task(_loop) is t:
        return 'running'
    return 'pending' if not t.done() else t._state.lower()


def _awaited(t):
    w = t._fut_waiter
    if w is None:
        return []
    if isinstance(w, _tasks.Task):
        return [w]
    return [c for c in getattr(w, '_children', ()) if isinstance(c, _tasks.Task)]


def tasks():
    """Print the live tasks as a tree of who awaits whom, with the line each is suspended at."""
    live = _tasks._all_tasks_ordered(_loop)
    awaited = set()
    for t in live:
        for c in _awaited(t):
            awaited.add(c)

    def show(t, depth, seen):
        coro = t._coro
        name = getattr(coro, '__qualname__', None) or getattr(coro, '__name__', '?')
        where = _where(coro)
        line = '  ' * depth + f'{t.get_name()}  {_state(t)}  {name}()'
        print(line + (f'  at {where}' if where else ''))
        seen.add(t)
        for c in _awaited(t):
            if c not in seen:
                show(c, depth + 1, seen)

    if not live:
        print('no tasks')
    seen = set()
    for t in live:
        if t not in awaited:
            show(t, 0, seen)


def cancel(name_or_task):
    """Cancel a task given by its name or the Task itself; returns Task.cancel()'s result."""
    if isinstance(name_or_task, str):
        for t in _tasks._all_tasks_ordered(_loop):
            if t.get_name() == name_or_task:
                return t.cancel()
        raise ValueError(f'no task named {name_or_task!r}')
    return name_or_task.cancel()
)AIO";

// _where(coro): "file:line" where a coroutine is suspended, '' if it has not started.
Value where_suspended(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs < 1 || !a.args[0].is_obj() || a.args[0].as_obj()->kind != ObjKind::Coroutine)
        return stdlib::str_value(I, "");
    auto* g = static_cast<vm::Generator*>(a.args[0].as_obj());
    if (!g->fiber() || g->fiber()->frames.empty() || g->state() == vm::GenState::Created) return stdlib::str_value(I, "");
    const vm::Frame& fr = g->fiber()->frames.at(0);
    size_t idx = fr.current_index();
    int line = idx < fr.code->lines.size() ? fr.code->lines[idx] : fr.code->firstlineno;
    std::string file = fr.code->filename ? std::string(fr.code->filename->view()) : "?";
    return stdlib::str_value(I, file + ":" + std::to_string(line));
}

}  // namespace

bool ReplLoop::start(bool force) {
    if (ns_) return true;
    if (!force && dict_get_str(I_.modules, intern(I_, "asyncio")).is_null()) return false;
    Module* m = new_module(I_, intern(I_, "_aio_repl"));
    TempRoot root(I_, m);
    dict_set_str(I_, I_.modules, intern(I_, "_aio_repl"), Value::object(m));
    stdlib::add_functions(I_, m->dict, {{"_where", where_suspended}});
    Code* code = vm::compile_or_raise(I_, kHelperSource, "<aio repl>", compiler::CompileMode::Module);
    TempRoot croot(I_, code);
    vm::run_module_code(I_, code, m->dict);
    ns_ = m->dict;
    for (const char* name : {"tasks", "cancel"}) dict_set_str(I_, I_.builtins, intern(I_, name), helper(name));
    return true;
}

Value ReplLoop::helper(const char* name) { return dict_get_str(ns_, intern(I_, name)); }

double ReplLoop::timeout() {
    if (!ns_) return -1;
    Value t = call(I_, helper("timeout"), {});
    return t.is_float() ? t.as_float() : t.is_int() ? double(t.as_int()) : -1;
}

void ReplLoop::add_fds(std::vector<pollfd>* fds) {
    if (!ns_) return;
    Value pair = call(I_, helper("fds"), {});
    if (!is_kind(pair, ObjKind::Tuple) || as<Tuple>(pair)->size != 2) return;
    for (uint32_t k = 0; k < 2; k++) {
        Value l = as<Tuple>(pair)->items()[k];
        if (!is_kind(l, ObjKind::List)) continue;
        for (uint32_t i = 0; i < as<List>(l)->size; i++) {
            Value fd = as<List>(l)->items[i];
            if (fd.is_int()) fds->push_back(pollfd{int(fd.as_int()), short(k == 0 ? POLLIN : POLLOUT), 0});
        }
    }
}

void ReplLoop::step(bool io_ready) {
    if (ns_) call(I_, helper("step"), {Value::boolean(io_ready)});
}

Value ReplLoop::run(Value coro) {
    Value task = call(I_, helper("begin"), {coro});
    TempRoot keep(I_, task);
    Str* done = intern(I_, "done");
    std::vector<pollfd> fds;
    try {
        while (!truthy(I_, call_method(I_, task, done, {}))) {
            double t = timeout();
            bool io_ready = false;
            fds.clear();
            add_fds(&fds);
            if (t != 0 || !fds.empty()) {
                int ms = t < 0 ? -1 : int(std::min(std::ceil(t * 1000.0), 60000.0));
                // EINTR (Ctrl-C) needs no handling: the VM raises at its next safepoint.
                io_ready = ::poll(fds.data(), fds.size(), ms) > 0;
            }
            step(io_ready);
        }
    } catch (Unwind&) {
        // Ctrl-C while awaiting: the entry's task is cancelled, as in
        // `python -m asyncio`, so its finally blocks run on the next steps.
        Value exc = I_.pending;
        TempRoot keep_exc(I_, exc);
        I_.pending = Value::null();
        try {
            if (!truthy(I_, call_method(I_, task, done, {}))) call_method(I_, task, intern(I_, "cancel"), {});
        } catch (Unwind&) {
            I_.pending = Value::null();
        }
        I_.pending = exc;
        throw;
    }
    return call_method(I_, task, intern(I_, "result"), {});
}

}  // namespace aio::cli
