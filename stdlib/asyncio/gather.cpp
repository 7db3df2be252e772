// stdlib/asyncio/gather.cpp - the per-child done callback of asyncio.gather
// (tasks.aio), native: it runs once per child, which is 200,000 times for a
// gather of 200,000 tasks. Same steps as CPython 3.11's _done_callback:
//   count the child; if the outer future is gone or done, only mark the child's
//   exception retrieved; without return_exceptions the first cancelled or failed
//   child settles the outer future; when the last child is done, the outer future
//   gets the list of results (exceptions and CancelledErrors in place with
//   return_exceptions), or a CancelledError when its cancel() was requested.
// Children may be any future-like object: native Futures are read directly,
// others through their methods.
#include <optional>
#include <utility>
#include <vector>

#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/asyncio/native.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib::asyncio {

using rt::Interp;
using rt::TempRoot;

namespace {

// The state one gather() shares between its children's callbacks.
struct GatherState {
    State* st;
    Value children;          // the child futures in argument order: a list, or gather's
                             // argument tuple itself when no argument repeats
    Value outer;             // the _GatheringFuture, Null until gather() set it
    uint64_t nfuts = 0;      // distinct children (set with the outer future)
    uint64_t nfinished = 0;
    bool return_exceptions = false;
};

GatherState& gather_of(Interp& I, Value cb) {
    if (!is_kind(cb, ObjKind::NativeFunction)) rt::raise(I, I.exc.TypeError, "expected a gather callback");
    Value d = static_cast<rt::NativeFunction*>(cb.as_obj())->data;
    return *static_cast<GatherState*>(static_cast<rt::Native*>(d.as_obj())->ptr);
}

// A native Future whose methods are the built-in ones.
FutureObj* plain_native(State& st, Value v) {
    if (!is_kind(v, ObjKind::Future)) return nullptr;
    auto* f = static_cast<FutureObj*>(v.as_obj());
    return f->cls == st.future_type || f->cls == st.task_type ? f : nullptr;
}

bool child_cancelled(Interp& I, State& st, Value fut) {
    if (FutureObj* f = plain_native(st, fut)) return f->state == FutState::Cancelled;
    return rt::truthy(I, rt::call_method(I, fut, rt::intern(I, "cancelled"), {}));
}

// fut.exception() (None when it has none); marks it retrieved.
Value child_exception(Interp& I, State& st, Value fut) {
    if (FutureObj* f = plain_native(st, fut); f && f->state == FutState::Finished) {
        f->log_tb = false;
        return f->failed() ? f->result() : Value::none();
    }
    return rt::call_method(I, fut, rt::intern(I, "exception"), {});
}

Value cancelled_error_of(Interp& I, Value fut) {
    return rt::call_method(I, fut, rt::intern(I, "_make_cancelled_error"), {});
}

Value child_result(Interp& I, State& st, Value fut) {
    if (FutureObj* f = plain_native(st, fut); f && f->state == FutState::Finished && !f->failed()) return f->result();
    return rt::call_method(I, fut, rt::intern(I, "result"), {});
}

// The results list: each child's result, exception, or a CancelledError(msg).
Value collect_results(Interp& I, State& st, GatherState& g) {
    rt::List* out = rt::new_list(I, 0);
    TempRoot keep(I, Value::object(out));
    for (uint32_t i = 0;; i++) {
        // (re-read each time: a child's method may have run script code)
        Value f;
        if (is_kind(g.children, ObjKind::Tuple)) {
            auto* t = static_cast<rt::Tuple*>(g.children.as_obj());
            if (i >= t->size) break;
            f = t->items()[i];
        } else {
            auto* l = static_cast<rt::List*>(g.children.as_obj());
            if (i >= l->size) break;
            f = l->items[i];
        }
        Value res;
        if (child_cancelled(I, st, f)) {
            Value msg = rt::getattr(I, f, rt::intern(I, "_cancel_message"));
            TempRoot km(I, msg);
            if (msg.is_none()) msg = Value::object(rt::new_str(I, ""));
            res = rt::call(I, st.cancelled_error, {msg});
        } else {
            res = child_exception(I, st, f);
            if (res.is_none()) res = child_result(I, st, f);
        }
        TempRoot kr(I, res);
        rt::list_append(I, out, res);
    }
    return Value::object(out);
}

void set_outer(Interp& I, Value outer, const char* how, Value v) {
    rt::call_method(I, outer, rt::intern(I, how), {v});
}

Value g_done_callback(Interp& I, const CallArgs& a, Object* self_fn) {
    rt::check_nargs(I, a, "_done_callback", 1, 1);
    GatherState& g = gather_of(I, Value::object(self_fn));
    State& st = *g.st;
    Value fut = a.args[0];
    g.nfinished++;
    Value outer = g.outer;
    // The outer future is gather's own _GatheringFuture: a native Future underneath.
    bool outer_done = outer.is_null() || !is_kind(outer, ObjKind::Future) ||
                      static_cast<FutureObj*>(outer.as_obj())->state != FutState::Pending;
    if (outer_done) {
        if (!child_cancelled(I, st, fut)) child_exception(I, st, fut);
        return Value::none();
    }
    if (!g.return_exceptions) {
        if (child_cancelled(I, st, fut)) {
            Value e = cancelled_error_of(I, fut);
            TempRoot ke(I, e);
            set_outer(I, outer, "set_exception", e);
            return Value::none();
        }
        Value exc = child_exception(I, st, fut);
        if (!exc.is_none()) {
            TempRoot ke(I, exc);
            set_outer(I, outer, "set_exception", exc);
            return Value::none();
        }
    }
    if (g.nfinished == g.nfuts) {
        Value results = collect_results(I, st, g);
        TempRoot kr(I, results);
        Value req = rt::getattr(I, outer, rt::intern(I, "_cancel_requested"));
        if (rt::truthy(I, req)) {
            Value e = cancelled_error_of(I, fut);
            TempRoot ke(I, e);
            set_outer(I, outer, "set_exception", e);
        } else {
            set_outer(I, outer, "set_result", results);
        }
    }
    return Value::none();
}

// gather_callback(children, return_exceptions) -> the done callback to add to each
// child; the children list fills in as gather() goes.
Value m_gather_callback(Interp& I, const CallArgs& a, Object* self_fn) {
    rt::check_nargs(I, a, "gather_callback", 2, 2);
    if (!is_kind(a.args[0], ObjKind::List)) rt::raise(I, I.exc.TypeError, "gather_callback: children must be a list");
    auto* holder = I.heap.make<rt::Native>(ObjKind::Native, I.types.native);
    auto* g = new GatherState();
    g->st = &state_of(self_fn);
    g->children = a.args[0];
    g->outer = Value::null();
    g->return_exceptions = rt::truthy(I, a.args[1]);
    holder->ptr = g;
    holder->finalize = [](void* p) { delete static_cast<GatherState*>(p); };
    holder->trace = [](Interp& in, void* p) {
        auto* s = static_cast<GatherState*>(p);
        in.heap.mark(s->children);
        in.heap.mark(s->outer);
    };
    TempRoot keep(I, Value::object(holder));
    rt::NativeFunction* f = rt::new_native(I, "_done_callback", g_done_callback, Value::object(holder));
    TempRoot kf(I, Value::object(f));
    f->qualname = rt::new_str(I, "gather.<locals>._done_callback");
    return Value::object(f);
}

// gather_started(callback, outer, nfuts): the outer future exists; [nfuts] distinct children.
Value m_gather_started(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "gather_started", 3, 3);
    GatherState& g = gather_of(I, a.args[0]);
    g.outer = a.args[1];
    g.nfuts = uint64_t(rt::to_index(I, a.args[2], "nfuts"));
    return Value::none();
}

// gather's argument -> child map for arguments compared by identity (coroutines,
// built-in futures): open addressing over one array, no allocation per argument.
// Only built when an argument repeats (has_repeats).
class IdentityMap {
public:
    explicit IdentityMap(size_t n) {
        size_t cap = 16;
        while (cap < 2 * n) cap *= 2;
        slots_.assign(cap, Slot{nullptr, Value::null()});
    }
    // The slot of [key]: its entry, or the empty slot where it goes.
    std::pair<Object*, Value>& slot(Object* key) {
        size_t mask = slots_.size() - 1;
        size_t i = (reinterpret_cast<uintptr_t>(key) >> 4) * 0x9E3779B97F4A7C15ull >> 20 & mask;
        while (slots_[i].first && slots_[i].first != key) i = (i + 1) & mask;
        return slots_[i];
    }
private:
    using Slot = std::pair<Object*, Value>;
    std::vector<Slot> slots_;
};

// Whether an object occurs twice among [args] (all objects): each is flagged in its
// header while the scan runs (nothing else runs meanwhile), so the common case of
// distinct arguments needs no map, which for 200,000 arguments was 12 MB.
bool has_repeats(rt::Tuple* args) {
    constexpr uint16_t kSeen = 0x8000;   // Object::flags bit unused by coroutines and futures
    bool repeats = false;
    uint32_t n = args->size;
    for (uint32_t i = 0; i < n && !repeats; i++) {
        Object* o = args->items()[i].as_obj();
        repeats = o->flags & kSeen;
        o->flags |= kSeen;
    }
    for (uint32_t i = 0; i < n; i++) args->items()[i].as_obj()->flags &= uint16_t(~kSeen);
    return repeats;
}

// gather_children(args, callback) -> (loop, nfuts, children), or None when an
// argument is neither a coroutine nor a built-in Future/Task (gather() then takes
// its aio path). Otherwise does gather's loop over the arguments: one child per
// distinct argument (ensure_future: a Task for a coroutine), the callback added to
// each, the children list (the callback's) filled in argument order. When no
// argument repeats, the children are the argument tuple itself, each coroutine in
// it replaced by its task: a gather of 100,000 waiting tasks held a second 1.6 MB
// copy of them at its peak. [args] is gather's own *args tuple, which binding made
// for the call and nothing but gather's frame reaches.
Value m_gather_children(Interp& I, const CallArgs& a, Object* self_fn) {
    rt::check_nargs(I, a, "gather_children", 2, 2);
    State& st = state_of(self_fn);
    if (!is_kind(a.args[0], ObjKind::Tuple)) rt::raise(I, I.exc.TypeError, "gather_children: expected a tuple");
    auto* args = static_cast<rt::Tuple*>(a.args[0].as_obj());
    for (uint32_t i = 0; i < args->size; i++) {
        Value v = args->items()[i];
        if (!is_kind(v, ObjKind::Coroutine) && !plain_native(st, v)) return Value::none();
    }
    Value cb = a.args[1];
    GatherState& g = gather_of(I, cb);
    auto* children = static_cast<rt::List*>(g.children.as_obj());
    // The loop stays reachable without a root: it is the running (or the current
    // event) loop, held by asyncio.events, and every child's core holds it.
    Value loop = Value::null();
    int plain = -1;   // whether the loop's create_task is BaseEventLoop's (asked once)
    std::optional<IdentityMap> seen;   // argument -> its child, when some repeat
    if (has_repeats(args)) seen.emplace(args->size);
    bool share = !seen;   // children == args
    if (share) g.children = a.args[0];
    else rt::list_reserve(I, children, args->size);
    uint64_t nfuts = 0;
    for (uint32_t i = 0; i < args->size; i++) {
        Value arg = args->items()[i];
        if (seen) {
            if (auto& known = seen->slot(arg.as_obj()); known.first) {
                rt::list_append(I, children, known.second);
                continue;
            }
        }
        Value fut;
        if (is_kind(arg, ObjKind::Coroutine)) {
            if (loop.is_null()) {
                loop = rt::call(I, st.get_event_loop, {});
            }
            if (plain < 0) plain = plain_create_task(I, st, loop);
            fut = plain ? new_task(I, st, loop, arg, Value::null())
                        : rt::call_method(I, loop, rt::intern(I, "create_task"), {arg});
        } else {
            auto* f = static_cast<FutureObj*>(arg.as_obj());
            if (!loop.is_null() && !f->core->loop.same(loop))
                rt::raise(I, I.exc.ValueError,
                          "The future belongs to a different loop than the one specified as the loop argument");
            fut = arg;
        }
        if (share) args->items()[i] = fut;   // reachable from here on
        else rt::list_append(I, children, fut);
        if (loop.is_null()) {
            loop = rt::getattr(I, fut, rt::intern(I, "_loop"));
        }
        nfuts++;
        if (seen) seen->slot(arg.as_obj()) = {arg.as_obj(), fut};
        if (FutureObj* f = plain_native(st, fut)) future_add_done_callback(f, cb);
        else rt::call_method(I, fut, rt::intern(I, "add_done_callback"), {cb});
    }
    return Value::object(rt::new_tuple(I, {loop, Value::integer(int64_t(nfuts)), g.children}));
}

}  // namespace

void install_gather(Interp& I, Value state_obj, rt::Dict* md) {
    add_natives(I, md, state_obj,
                {{"gather_callback", m_gather_callback}, {"gather_started", m_gather_started},
                 {"gather_children", m_gather_children}});
}

}  // namespace aio::stdlib::asyncio
