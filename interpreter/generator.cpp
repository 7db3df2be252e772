// interpreter/generator.cpp - generators and coroutines: creation at call time,
// resumption (send/throw/close) by running their own fiber, and the methods
// scripts see. A generator delegating with YIELD_FROM stays suspended on that
// instruction, so throw() is forwarded to the inner iterator first (PEP 380).
#include "interpreter/generator.hpp"

#include "interpreter/agen_step.hpp"
#include "interpreter/vm.hpp"
#include "interpreter/vm_api.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/traceback.hpp"

namespace aio::vm {

using namespace aio::rt;

namespace {

const char* noun(Generator* g) {
    return g->kind == ObjKind::Coroutine        ? "coroutine"
           : g->kind == ObjKind::AsyncGenerator ? "async generator"
                                                : "generator";
}

void finish(Interp& I, Generator* g) {
    g->set_state(GenState::Done);
    if (Fiber* fb = g->fiber()) {
        // Frames of a suspended generator do not count towards the recursion
        // depth (see resume); compensate before popping them.
        state(I).depth += int(fb->frames.size());
        while (!fb->frames.empty()) pop_frame(I, fb);
        g->drop_fiber();
    }
}

// The largest spare chunk kept for the next resumed generator (VMState::spare_chunk).
constexpr size_t kPooledChunkMax = 4096;

bool suspended_in_yield_from(Generator* g, Value* inner) {
    if (!g->fiber() || g->fiber()->frames.empty()) return false;
    Frame& fr = g->fiber()->frames.back();
    if (!fr.parked_in_yield_from()) return false;
    *inner = fr.sp[-1];
    return true;
}

// PEP 479: a StopIteration (or, from an async generator, StopAsyncIteration) that
// escapes a generator's frame becomes RuntimeError("<noun> raised StopIteration").
void stop_iteration_to_runtime_error(Interp& I, const char* what, bool async_gen) {
    Value e = I.pending;
    if (!is_kind(e, ObjKind::Exception)) return;
    Type* t = e.as_obj()->cls;
    bool stop = is_subtype(t, I.exc.StopIteration) || (async_gen && is_subtype(t, I.exc.StopAsyncIteration));
    if (!stop) return;
    std::string msg = std::string(what) + " raised " +
                      (is_subtype(t, I.exc.StopIteration) ? "StopIteration" : "StopAsyncIteration");
    Value ne = new_exception(I, I.exc.RuntimeError, msg);
    as<Exception>(ne)->cause = e;
    as<Exception>(ne)->context = e;
    as<Exception>(ne)->suppress_context = true;
    I.pending = ne;
}

// Runs the generator's fiber; false when it raised (the exception in I.pending, the
// generator finished). Does not throw for the generator's own exceptions.
bool resume_caught(Interp& I, Generator* g, bool throwing, Resumed* r) {
    g->set_state(GenState::Running);
    VMState& vs = state(I);
    Fiber* fb = g->fiber();
    int nframes = int(fb->frames.size());
    if (vs.depth + nframes > I.recursion_limit) {
        g->set_state(GenState::Suspended);
        I.pending = new_exception(I, I.exc.RecursionError, "maximum recursion depth exceeded");
        return false;
    }
    TempRoot keep(I, g);   // while it runs, its fiber is traced (vs.resumed) but nothing may hold g
    if (vs.spare_chunk && !fb->top->next) {
        fb->adopt_spare(vs.spare_chunk);
        vs.spare_chunk = nullptr;
    }
    vs.resumed.push_back(fb);
    vs.depth += nframes;
    bool ok = run_caught(I, fb, throwing, r);
    vs.resumed.pop_back();
    if (!ok) {
        finish(I, g);
        stop_iteration_to_runtime_error(I, noun(g), g->kind == ObjKind::AsyncGenerator);
        return false;
    }
    if (r->yielded) {
        tail_await_to_caller(I, fb);
        vs.depth -= int(fb->frames.size());
        g->set_state(GenState::Suspended);
        // the chunk its awaits used goes to the next generator resumed, not to free()
        FiberChunk* spare = fb->trim_keep_spare(kPooledChunkMax);
        if (spare) {
            if (vs.spare_chunk) std::free(spare);
            else vs.spare_chunk = spare;
        }
    }
    else finish(I, g);
    return true;
}

}  // namespace

void Generator::drop_fiber() {
    if (flags & kOwnFiber) {
        embedded()->~Fiber();
        flags &= uint16_t(~kOwnFiber);
    } else {
        Fiber::destroy(fiber_);
    }
    fiber_ = nullptr;
}

namespace {

Resumed resume(Interp& I, Generator* g, bool throwing) {
    Resumed r;
    if (!resume_caught(I, g, throwing, &r)) throw Unwind{};
    return r;
}

// gen.throw(exc) for an exception instance `exc` into a generator that is not
// running; false when the generator raised (I.pending). close() goes through here
// on every early exit from a for loop, so the generator's exceptions never throw.
bool throw_caught(Interp& I, Generator* g, Value exc, Resumed* out);

// close() without throwing: false when the generator raised something other than
// GeneratorExit or StopIteration (in I.pending) or ignored GeneratorExit.
bool close_caught(Interp& I, Generator* g);

// The inner iterator a generator delegates to (yield from / await) gets `exc`
// thrown in; true when it handled it (`*out` is what it yielded or returned),
// false when the exception (its own or `exc`) is to be raised in the outer frame.
bool throw_into_inner(Interp& I, Value inner, Value exc, Resumed* out) {
    bool closing = exc.as_obj()->cls == I.exc.GeneratorExit;
    if (is_kind(inner, ObjKind::Generator) || is_kind(inner, ObjKind::Coroutine)) {
        Generator* ig = static_cast<Generator*>(inner.as_obj());
        if (ig->state() != GenState::Running && ig->state() != GenState::Fused) {
            if (!closing) return throw_caught(I, ig, exc, out);
            if (!close_caught(I, ig)) return false;
            I.pending = exc;
            return false;
        }
    }
    try {
        if (is_kind(inner, ObjKind::AsyncGenerator)) {
            // `async for` awaiting the generator's step: the throw goes into it (its
            // own yield then completes the step), except close(), which only exits here
            if (closing) {
                I.pending = exc;
                return false;
            }
            *out = agen_step(I, static_cast<Generator*>(inner.as_obj()), exc, true);
        } else if (is_kind(inner, ObjKind::Generator) || is_kind(inner, ObjKind::Coroutine)) {
            Generator* ig = static_cast<Generator*>(inner.as_obj());
            if (closing) {
                gen_close(I, ig);
                I.pending = exc;
                return false;
            }
            *out = gen_throw(I, ig, exc);
        } else {
            Value m = getattr_opt(I, inner, I.names.throw_);
            if (m.is_null()) {
                I.pending = exc;
                return false;
            }
            *out = {call(I, m, {exc}), true};
        }
    } catch (Unwind&) {
        return false;
    }
    return true;
}

bool throw_caught(Interp& I, Generator* g, Value exc, Resumed* out) {
    g->set_awaited();
    if (g->state() != GenState::Suspended) {
        finish(I, g);
        I.pending = exc;
        return false;
    }
    if (is_subtype(exc.as_obj()->cls, I.exc.GeneratorExit)) {
        // every frame the fiber awaits through is being closed
        for (Frame* f = &g->fiber()->frames.back(); f; f = f->prev)
            if (f->fused != Fused::No) f->closing = true;
    }
    Value inner;
    if (suspended_in_yield_from(g, &inner)) {
        Frame& fr = g->fiber()->frames.back();
        TempRoot keep(I, Value::object(g));
        Resumed r{};
        if (throw_into_inner(I, inner, exc, &r)) {
            if (r.yielded) {
                *out = r;
                return true;
            }
            // the inner iterator finished: continue after the YIELD_FROM with its value
            fr.sp[-1] = r.value;
            fr.ip++;
            return resume_caught(I, g, false, out);
        }
        // raise the inner's exception at the YIELD_FROM in the outer frame
        fr.sp--;
        fr.sp[0] = Value::null();
        return resume_caught(I, g, true, out);
    }
    I.pending = exc;
    return resume_caught(I, g, true, out);
}

bool close_caught(Interp& I, Generator* g) {
    if (g->state() == GenState::Running || g->state() == GenState::Fused) {
        I.pending = new_exception(I, I.exc.ValueError, std::string(noun(g)) + " already executing");
        return false;
    }
    if (g->state() == GenState::Created || g->state() == GenState::Done) {
        finish(I, g);
        return true;
    }
    Value exc = new_exception(I, I.exc.GeneratorExit, "");
    Resumed r;
    if (throw_caught(I, g, exc, &r)) {
        if (!r.yielded) return true;
        I.pending = new_exception(I, I.exc.RuntimeError, std::string(noun(g)) + " ignored GeneratorExit");
        return false;
    }
    Value e = I.pending;
    if (is_kind(e, ObjKind::Exception) &&
        (is_subtype(e.as_obj()->cls, I.exc.GeneratorExit) || is_subtype(e.as_obj()->cls, I.exc.StopIteration))) {
        I.pending = Value::null();
        return true;
    }
    return false;
}

}  // namespace

Resumed gen_send(Interp& I, Generator* g, Value sent) {
    g->set_awaited();
    switch (g->state()) {
        case GenState::Running:
        case GenState::Fused:
            raise_fmt(I, I.exc.ValueError, "%s already executing", noun(g));
        case GenState::Done:
            if (g->kind == ObjKind::Coroutine) raise(I, I.exc.RuntimeError, "cannot reuse already awaited coroutine");
            return {Value::none(), false};
        case GenState::Created:
            if (!sent.is_none())
                raise_fmt(I, I.exc.TypeError, "can't send non-None value to a just-started %s", noun(g));
            break;
        case GenState::Suspended: {
            Frame& fr = g->fiber()->frames.back();
            *fr.sp++ = sent;
            break;
        }
    }
    return resume(I, g, false);
}

Resumed gen_throw(Interp& I, Generator* g, Value exc) {
    g->set_awaited();
    if (g->state() == GenState::Running || g->state() == GenState::Fused)
        raise_fmt(I, I.exc.ValueError, "%s already executing", noun(g));
    if (is_kind(exc, ObjKind::Type)) exc = call(I, exc, {});
    if (!is_kind(exc, ObjKind::Exception))
        raise(I, I.exc.TypeError, "exceptions must be classes or instances deriving from BaseException, not " + type_name(I, exc));
    Resumed r;
    if (!throw_caught(I, g, exc, &r)) throw Unwind{};
    return r;
}

void gen_close(Interp& I, Generator* g) {
    if (!close_caught(I, g)) throw Unwind{};
}

Value generator_next(Interp& I, Object* o) {
    auto* g = static_cast<Generator*>(o);
    if (g->state() == GenState::Done) return Value::null();
    Resumed r = gen_send(I, g, Value::none());
    return r.yielded ? r.value : Value::null();
}

// The names tuple of a generator made from [f] at a call site in [origin_file]:
// the cached one of f's code when it still matches (the same objects), else a new one.
static Tuple* gen_names(Interp& I, Function* f, Str* origin_file) {
    Value file = origin_file ? Value::object(origin_file) : Value::none();
    VMState& vs = state(I);
    Tuple*& slot = vs.gen_names[(reinterpret_cast<uintptr_t>(f->code) >> 4) % vs.gen_names.size()];
    if (slot) {
        const Value* it = slot->items();
        if (it[3].as_obj() == f->code && it[0].as_obj() == f->name && it[1].as_obj() == f->qualname && it[2].same(file))
            return slot;
    }
    slot = new_tuple(I, {Value::object(f->name), Value::object(f->qualname), file, Value::object(f->code)});
    return slot;
}

Value make_generator(Interp& I, Function* f, Value* args, uint32_t nargs, Tuple* kwnames) {
    uint32_t fl = f->code->flags;
    ObjKind kind = (fl & kCoAsyncGenerator) ? ObjKind::AsyncGenerator
                   : (fl & kCoCoroutine)    ? ObjKind::Coroutine
                                            : ObjKind::Generator;
    Type* cls = kind == ObjKind::AsyncGenerator ? I.types.async_generator
                : kind == ObjKind::Coroutine    ? I.types.coroutine
                                                : I.types.generator;
    VMState& vs = state(I);
    Str* origin_file = nullptr;
    uint32_t origin_line = 0;
    if (kind == ObjKind::Coroutine && vs.current && !vs.current->frames.empty()) {
        // Where CPython's "never awaited" warning points: the statement that dropped
        // the coroutine, which for the common mistake (`f()` alone) is its creation.
        const Frame& caller = vs.current->frames.back();
        if (caller.code) {
            size_t idx = caller.current_index();
            origin_file = caller.code->filename;
            origin_line = uint32_t(idx < caller.code->lines.size() ? caller.code->lines[idx] : caller.code->firstlineno);
        }
    }
    Tuple* names = gen_names(I, f, origin_file);
    size_t values = frame_values(f->code);
    size_t embedded = Generator::embedded_bytes(values);
    bool embed = embedded <= Heap::kMaxSmall;
    auto* g = I.heap.make<Generator>(kind, cls, embed ? embedded - sizeof(Generator) : 0);
    g->names = names;
    Fiber* fb;
    if (embed) {
        fb = g->embed_fiber(values);
    } else {
        fb = Fiber::create(values);
        g->adopt_fiber(fb);
    }
    int saved_depth = vs.depth;
    try {
        Frame& fr = push_function_frame(I, fb, f, args, nargs, kwnames, nullptr);
        fr.boundary = true;
    } catch (Unwind&) {
        vs.depth = saved_depth;
        // a generator that never was: nothing to warn about or close
        g->drop_fiber();
        g->set_state(GenState::Done);
        g->set_awaited();
        throw;
    }
    // A suspended generator's frame does not count towards the recursion depth.
    vs.depth = saved_depth;
    g->set_state(GenState::Created);
    g->set_origin_line(origin_line);
    if (kind == ObjKind::Generator) vs.generators.push_back(g);
    return Value::object(g);
}

void fuse_created(Interp& I, Fiber* fb, Generator* g, Value* ret) {
    Frame& fr = push_moved_frame(I, fb, g->fiber()->frames.back());
    fr.ret = ret;
    fr.fused = Fused::Object;
    // The Created frame never counted towards the recursion depth: drop it as is.
    g->drop_fiber();
    g->set_state(GenState::Fused);
    g->set_awaited();
}

namespace {
// True when an exception at the frame's current instruction would be handled in it
// (a try, with or except around it).
bool frame_has_handler(const Frame& f) {
    uint32_t idx = uint32_t(f.current_index());
    for (const ExcEntry& e : f.code->exc_table) {
        if (e.start > idx) break;
        if (idx < e.end) return true;
    }
    return false;
}
}  // namespace

void tail_await_to_caller(Interp& I, Fiber* fb) {
    for (;;) {
        Frame& f = fb->frames.back();
        if (f.fused != Fused::Call || f.closing || f.boundary || !f.ret || !f.prev) return;
        if (!f.parked_in_yield_from() || op_of(f.ip[1]) != Op::RETURN_VALUE || frame_has_handler(f)) return;
        Frame& caller = *f.prev;
        // The caller skipped its own YIELD_FROM when it pushed this frame (ip past it,
        // current() on it, its stack ending at ret): rewind it to await the same object.
        const uint32_t* at = caller.current();
        if (op_of(*at) != Op::YIELD_FROM) return;
        f.ret[0] = f.sp[-1];
        caller.sp = f.ret + 1;
        caller.ip = at;
        pop_frame(I, fb);
    }
}

void raise_generator_exit(Interp& I) { raise_value(I, new_exception(I, I.exc.GeneratorExit, "")); }

namespace {
// Takes the borrowed async-generator frame off the top of `fb`; its generator (from the
// consumer's slot) is finished: Done, its fiber and the frame freed.
void unlink_finished_agen(Interp& I, Fiber* fb) {
    Frame* af = fb->unlink_borrowed();
    state(I).depth--;
    auto* g = static_cast<Generator*>(af->ret->as_obj());
    af->fused = Fused::No;
    af->boundary = true;
    af->ret = nullptr;
    finish(I, g);
}
}  // namespace

bool fused_frame_raised(Interp& I, Fiber* fb, Frame& f) {
    if (f.fused == Fused::AgenStep) {
        unlink_finished_agen(I, fb);
        stop_iteration_to_runtime_error(I, "async generator", true);
        return true;
    }
    fused_frame_ended(f);
    uint32_t fl = f.code->flags;
    stop_iteration_to_runtime_error(I, (fl & kCoCoroutine) ? "coroutine" : "generator", false);
    return false;
}

Value agen_frame_returned(Interp& I, Fiber* fb) {
    bool closing = fb->frames.back().closing;
    unlink_finished_agen(I, fb);
    if (closing) return new_exception(I, I.exc.GeneratorExit, "");
    return new_exception_args(I, I.exc.StopAsyncIteration, new_tuple(I, 0u));
}

bool agen_borrow(Interp& I, Fiber* fb, Generator* g, Value* ret) {
    VMState& vs = state(I);
    if (agen_borrow_at_yield(I, vs, fb, g, ret)) return true;
    if (g->state() != GenState::Created || vs.depth >= I.recursion_limit) return false;
    g->set_awaited();
    agen_link(vs, fb, g, &g->fiber()->frames.back(), ret);
    return true;
}

// --- closing generators nobody can resume any more ---------------------------------------
namespace {

// True when close() would run code of the suspended generator (its finally, __exit__
// or except clauses); closing one that would not is unobservable, so the GC skips it.
bool close_runs_code(Generator* g) {
    if (g->state() != GenState::Suspended || !g->fiber() || g->finalized()) return false;
    for (Frame* f = &g->fiber()->frames.back(); f; f = f->prev)
        if (frame_has_handler(*f)) return true;
    return false;
}

// Reports the exception a close of `g` raised (I.pending), which nobody can catch.
void report_ignored(Interp& I, Generator* g) {
    Value exc = I.pending;
    I.pending = Value::null();
    TempRoot keep(I, exc);
    std::string where;
    try {
        where = repr(I, Value::object(g))->view();
    } catch (Unwind&) {
        I.pending = Value::null();
        where = "<generator object>";
    }
    print_unraisable(I, exc, where);
}

// Closes a suspended generator nobody can resume any more (its last reference went).
// Its exceptions are reported, never raised; I.pending is kept as it was.
void close_abandoned(Interp& I, Generator* g) {
    if (g->state() != GenState::Suspended) return;
    g->set_finalized();
    Value saved = I.pending;
    I.pending = Value::null();
    TempRoot keep_exc(I, saved);
    TempRoot keep(I, g);
    Fiber* fb = g->fiber();
    if (fb->frames.single() && !frame_has_handler(fb->frames.back())) {
        // Nothing of it would run: free it without raising GeneratorExit through it,
        // closing the generators its own for loops held first.
        Frame& f = fb->frames.back();
        close_dropped_iterators(I, f.stack(), f.sp);
        if (g->state() == GenState::Suspended) finish(I, g);
    } else {
        if (!close_caught(I, g)) report_ignored(I, g);
    }
    I.pending = saved;
}

}  // namespace

namespace {

// An async generator an `async for` made and left early (break, return, an
// exception): nothing else holds it, so this is where CPython drops its last
// reference and calls the finalizer hook asyncio installed (which schedules its
// aclose() on the loop). Errors are reported, never raised; I.pending is kept.
void agen_dropped(Interp& I, Generator* g) {
    Value hook = state(I).agen_finalizer;
    if (g->state() != GenState::Suspended || !g->awaited() || hook.is_null() || hook.is_none()) return;
    Value saved = I.pending;
    I.pending = Value::null();
    TempRoot keep_exc(I, saved), keep(I, g);
    try {
        call(I, hook, {Value::object(g)});
    } catch (Unwind&) {
        report_ignored(I, g);
    }
    I.pending = saved;
}

}  // namespace

void close_dropped_iterator(Interp& I, Value it) {
    auto* g = static_cast<Generator*>(it.as_obj());
    if (g->kind == ObjKind::AsyncGenerator) agen_dropped(I, g);
    else close_abandoned(I, g);
}

void close_dropped_iterators(Interp& I, Value* lo, Value* hi) {
    for (Value* p = hi; p-- > lo;)
        if (is_loop_owned(*p)) close_dropped_iterator(I, *p);
}

void queue_unreachable_generators(Interp& I) {
    if (!I.vm) return;
    VMState& vs = state(I);
    bool queued = false;
    for (Generator* g : vs.generators) {
        if (I.heap.is_marked(g) || !close_runs_code(g)) continue;
        g->set_finalized();  // queued once; the marks below keep it (and what it holds) alive
        vs.finalize_queue.push_back(g);
        I.heap.mark(g);
        queued = true;
    }
    if (queued) I.heap.drain_gray();
    // Keep the survivors that may still need closing; the rest are swept or done.
    size_t n = 0;
    for (Generator* g : vs.generators)
        if (I.heap.is_marked(g) && !g->finalized() && g->state() != GenState::Done) vs.generators[n++] = g;
    vs.generators.resize(n);
}

void run_generator_finalizers(Interp& I) {
    if (!I.vm) return;
    VMState& vs = state(I);
    if (vs.finalize_queue.empty() || vs.finalizing) return;
    vs.finalizing = true;
    struct Reset {
        bool& flag;
        ~Reset() { flag = false; }
    } reset{vs.finalizing};
    // In creation order; a close may collect and queue more, which this loop also runs.
    for (size_t i = 0; i < vs.finalize_queue.size(); i++) close_abandoned(I, vs.finalize_queue[i]);
    vs.finalize_queue.clear();
}

void close_generators_at_exit(Interp& I) {
    if (!I.vm) return;
    VMState& vs = state(I);
    bool any = false;
    for (Generator* g : vs.generators) any = any || close_runs_code(g);
    if (!any) return;  // the usual case: no collection at exit
    // The unreachable ones first (CPython closed those when they were dropped),
    // then every one still suspended, oldest first (through the traced queue:
    // a close may drop the last reference to the next one).
    I.heap.collect();
    run_generator_finalizers(I);
    for (Generator* g : vs.generators) {
        if (!close_runs_code(g)) continue;
        g->set_finalized();
        vs.finalize_queue.push_back(g);
    }
    vs.generators.clear();
    run_generator_finalizers(I);
}

bool agen_yielded_item(Generator* g) {
    // Its own `yield` suspends the generator's frame itself at a YIELD_VALUE; an await
    // suspends at a YIELD_FROM, or deeper in a frame the await pushed (fused await).
    if (!g->fiber() || !g->fiber()->frames.single()) return false;
    return op_of(*g->fiber()->frames.back().current()) == Op::YIELD_VALUE;
}

Resumed agen_step(Interp& I, Generator* g, Value v, bool throwing) {
    Resumed r = throwing ? gen_throw(I, g, v) : gen_send(I, g, v);
    if (!r.yielded) raise_value(I, new_exception_args(I, I.exc.StopAsyncIteration, new_tuple(I, 0u)));
    if (agen_yielded_item(g)) r.yielded = false;
    return r;
}

void agen_first_iter(Interp& I, Generator* g) {
    if (g->awaited()) return;
    g->set_awaited();
    Value hook = state(I).agen_firstiter;
    if (!hook.is_null() && !hook.is_none()) call(I, hook, {Value::object(g)});
}

// --- methods ---------------------------------------------------------------------------
namespace {

Generator* self_gen(Interp& I, const CallArgs& a, const char* name) {
    if (a.nargs < 1 || !a.args[0].is_obj() ||
        (a.args[0].as_obj()->kind != ObjKind::Generator && a.args[0].as_obj()->kind != ObjKind::Coroutine &&
         a.args[0].as_obj()->kind != ObjKind::AsyncGenerator))
        raise_fmt(I, I.exc.TypeError, "descriptor '%s' requires a generator", name);
    return static_cast<Generator*>(a.args[0].as_obj());
}

[[noreturn]] void raise_stop(Interp& I, Value v) {
    Value e = new_exception_args(I, I.exc.StopIteration, new_tuple(I, {v}));
    raise_value(I, e);
}

Value m_iter(Interp&, const CallArgs& a, Object*) { return a.args[0]; }

Value m_next(Interp& I, const CallArgs& a, Object*) {
    Generator* g = self_gen(I, a, "__next__");
    if (g->state() == GenState::Done) raise_value(I, new_exception_args(I, I.exc.StopIteration, new_tuple(I, 0u)));
    Resumed r = gen_send(I, g, Value::none());
    if (r.yielded) return r.value;
    if (r.value.is_none()) raise_value(I, new_exception_args(I, I.exc.StopIteration, new_tuple(I, 0u)));
    raise_stop(I, r.value);
}

Value m_send(Interp& I, const CallArgs& a, Object*) {
    Generator* g = self_gen(I, a, "send");
    check_nargs(I, a, "send", 2, 2);
    if (g->state() == GenState::Done && g->kind != ObjKind::Coroutine)
        raise_value(I, new_exception_args(I, I.exc.StopIteration, new_tuple(I, 0u)));
    Resumed r = gen_send(I, g, a.args[1]);
    if (r.yielded) return r.value;
    if (r.value.is_none()) raise_value(I, new_exception_args(I, I.exc.StopIteration, new_tuple(I, 0u)));
    raise_stop(I, r.value);
}

Value m_throw(Interp& I, const CallArgs& a, Object*) {
    Generator* g = self_gen(I, a, "throw");
    check_nargs(I, a, "throw", 2, 4);
    Value exc = a.args[1];
    if (a.nargs >= 3 && !a.args[2].is_none() && is_kind(exc, ObjKind::Type)) {
        Value v = a.args[2];
        exc = is_kind(v, ObjKind::Exception) ? v : call(I, exc, {v});
    }
    Resumed r = gen_throw(I, g, exc);
    if (r.yielded) return r.value;
    if (r.value.is_none()) raise_value(I, new_exception_args(I, I.exc.StopIteration, new_tuple(I, 0u)));
    raise_stop(I, r.value);
}

Value m_close(Interp& I, const CallArgs& a, Object*) {
    gen_close(I, self_gen(I, a, "close"));
    return Value::none();
}

Value m_await(Interp&, const CallArgs& a, Object*) { return a.args[0]; }

Value g_name(Interp& I, const CallArgs& a, Object*) { return Value::object(self_gen(I, a, "__name__")->name()); }
Value g_qualname(Interp& I, const CallArgs& a, Object*) {
    return Value::object(self_gen(I, a, "__qualname__")->qualname());
}
Value g_running(Interp& I, const CallArgs& a, Object*) {
    return Value::boolean(self_gen(I, a, "gi_running")->state() == GenState::Running);
}
Value g_code(Interp& I, const CallArgs& a, Object*) { return Value::object(self_gen(I, a, "gi_code")->code()); }

void def(Interp& I, Type* t, const char* name, NativeFn fn) {
    dict_set_str(I, t->dict, intern(I, name), Value::object(new_native(I, name, fn)));
}

}  // namespace

void install_generator_types(Interp& I) {
    Type* g = I.types.generator;
    def(I, g, "__iter__", m_iter);
    def(I, g, "__next__", m_next);
    def(I, g, "send", m_send);
    def(I, g, "throw", m_throw);
    def(I, g, "close", m_close);
    Type* c = I.types.coroutine;
    def(I, c, "send", m_send);
    def(I, c, "throw", m_throw);
    def(I, c, "close", m_close);
    def(I, c, "__await__", m_await);
    for (Type* t : {g, c, I.types.async_generator}) {
        add_getter(I, t, "__name__", g_name);
        add_getter(I, t, "__qualname__", g_qualname);
    }
    add_getter(I, g, "gi_running", g_running);
    add_getter(I, g, "gi_code", g_code);
    add_getter(I, c, "cr_running", g_running);
    add_getter(I, c, "cr_code", g_code);
}

}  // namespace aio::vm
