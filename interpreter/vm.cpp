// interpreter/vm.cpp - the dispatch loop. Runs the top frame of a fiber;
// Python-to-Python calls push frames and continue in the same loop (no C++
// recursion); natives are called directly. An exception unwinds through the
// code's exception table, frame by frame, until a handler or a boundary frame.
// Invariant: before an instruction can raise, allocate, call out or leave the loop
// it stores f->ip and f->sp (SYNC), so the GC (which runs only at safepoints,
// possibly inside a nested native call), tracebacks and the unwinder always see
// the current instruction (Frame::current(), ip[-1]) and the exact live stack of
// every frame. The ip a SYNC stores is past the instruction's words and may be stale
// once it jumps: the loop continues from its register, and every way out of the
// frame that resumes it later (a call, a yield, an unwind) stores ip itself.
#include <bit>
#include <cmath>
#include <cstring>

#include "interpreter/agen_step.hpp"
#include "interpreter/vm.hpp"
#include "interpreter/vm_api.hpp"
#include "runtime/containers.hpp"
#include "runtime/iter_steps.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/asyncio/native.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::vm {

using namespace aio::rt;

namespace {

// --- helpers kept out of the loop body ----------------------------------------------

// The Str* array of a KW_NAMES tuple, as CallArgs wants it.
struct KwNames {
    Str* small[8];
    std::vector<Str*> big;
    Str* const* names = nullptr;
    explicit KwNames(Tuple* t) {
        if (!t) return;
        Str** out = small;
        if (t->size > 8) {
            big.resize(t->size);
            out = big.data();
        }
        for (uint32_t i = 0; i < t->size; i++) out[i] = static_cast<Str*>(t->items()[i].as_obj());
        names = out;
    }
};

[[noreturn]] void raise_unbound_local(Interp& I, Code* co, uint32_t slot) {
    raise(I, I.exc.UnboundLocalError, "cannot access local variable '" +
                                          std::string(co->varnames[slot]->view()) +
                                          "' where it is not associated with a value");
}

[[noreturn]] void raise_name_error(Interp& I, Str* name) {
    Value e = new_exception(I, I.exc.NameError, "name '" + std::string(name->view()) + "' is not defined");
    auto* ex = as<Exception>(e);
    if (!ex->attrs) ex->attrs = new_dict(I);
    dict_set_str(I, ex->attrs, intern(I, "name"), Value::object(name));
    raise_value(I, e);
}

[[noreturn]] void raise_free_unbound(Interp& I, Code* co, uint32_t slot) {
    uint32_t ncell = uint32_t(co->cellvars.size());
    if (slot < ncell)
        raise(I, I.exc.UnboundLocalError, "cannot access local variable '" +
                                              std::string(co->cellvars[slot]->view()) +
                                              "' where it is not associated with a value");
    raise(I, I.exc.NameError, "cannot access free variable '" + std::string(co->freevars[slot - ncell]->view()) +
                                  "' where it is not associated with a value in enclosing scope");
}

// A global name absent from the globals: the builtins, then the lazily made ones.
Value load_builtin(Interp& I, Str* name) {
    Value v = dict_get_str(I.builtins, name);
    if (!v.is_null()) return v;
    v = stdlib::load_lazy_builtin(I, name);
    if (!v.is_null()) return v;
    raise_name_error(I, name);
}

Value load_global(Interp& I, Dict* globals, Str* name) {
    Value v = dict_get_str(globals, name);
    return v.is_null() ? load_builtin(I, name) : v;
}

Value load_name(Interp& I, Frame* f, Str* name) {
    if (f->locals) {
        Value v = dict_get_str(f->locals, name);
        if (!v.is_null()) return v;
    }
    return load_global(I, f->globals, name);
}

// iter() for unpacking, with CPython's message for non-iterables.
Value iter_for_unpack(Interp& I, Value seq) {
    try {
        return get_iter(I, seq);
    } catch (Unwind&) {
        Value e = I.pending;
        if (is_kind(e, ObjKind::Exception) && e.as_obj()->cls == I.exc.TypeError &&
            lookup_type(type_of(I, seq), I.names.__iter__).is_null() &&
            lookup_type(type_of(I, seq), I.names.__getitem__).is_null())
            raise(I, I.exc.TypeError, "cannot unpack non-iterable " + type_name(I, seq) + " object");
        throw;
    }
}

void unpack_sequence(Interp& I, Value seq, uint32_t n, Value* out /* out[0] becomes TOS */) {
    const Value* items = nullptr;
    uint32_t size = 0;
    if (is_kind(seq, ObjKind::Tuple) ) {
        items = as<Tuple>(seq)->items();
        size = as<Tuple>(seq)->size;
    } else if (is_kind(seq, ObjKind::List) && seq.as_obj()->cls == I.types.list) {
        items = as<List>(seq)->items;
        size = as<List>(seq)->size;
    }
    if (items) {
        if (size != n) {
            if (size > n) raise_fmt(I, I.exc.ValueError, "too many values to unpack (expected %u)", n);
            raise_fmt(I, I.exc.ValueError, "not enough values to unpack (expected %u, got %u)", n, size);
        }
        for (uint32_t i = 0; i < n; i++) out[n - 1 - i] = items[i];
        return;
    }
    Value it = iter_for_unpack(I, seq);
    TempRoot r(I, it);
    List* tmp = new_list(I, n);
    TempRoot r2(I, tmp);
    for (;;) {
        Value v = next(I, it);
        if (v.is_null()) break;
        if (tmp->size == n) raise_fmt(I, I.exc.ValueError, "too many values to unpack (expected %u)", n);
        list_append(I, tmp, v);
    }
    if (tmp->size != n)
        raise_fmt(I, I.exc.ValueError, "not enough values to unpack (expected %u, got %u)", n, tmp->size);
    for (uint32_t i = 0; i < n; i++) out[n - 1 - i] = tmp->items[i];
}

// a, *b, c = seq: writes before + 1 + after values, out[0] is TOS (the first target).
void unpack_ex(Interp& I, Value seq, uint32_t before, uint32_t after, Value* out) {
    Value it = iter_for_unpack(I, seq);
    TempRoot r0(I, it);
    List* all = list_from_iterable(I, it);
    TempRoot r(I, all);
    uint32_t n = all->size;
    if (n < before + after)
        raise_fmt(I, I.exc.ValueError, "not enough values to unpack (expected at least %u, got %u)",
                  before + after, n);
    uint32_t total = before + 1 + after;
    uint32_t k = 0;
    for (uint32_t i = 0; i < before; i++) out[total - 1 - k++] = all->items[i];
    List* mid = new_list(I, n - before - after);
    for (uint32_t i = before; i < n - after; i++) list_append(I, mid, all->items[i]);
    out[total - 1 - k++] = Value::object(mid);
    for (uint32_t i = n - after; i < n; i++) out[total - 1 - k++] = all->items[i];
}

Value format_value(Interp& I, Value v, uint32_t flags, Value spec) {
    switch (flags & 3) {
        case 1: v = Value::object(str(I, v)); break;
        case 2: v = Value::object(repr(I, v)); break;
        case 3: {
            Value a = dict_get_str(I.builtins, intern(I, "ascii"));
            v = call(I, a, {v});
            break;
        }
        default: break;
    }
    // Without a spec CPython still calls format(v, ''), i.e. __format__; only an
    // exact str (and int/float, whose format('') is str()) can skip it.
    if (spec.is_null() || (is_str(spec) && as_str(spec)->size == 0)) {
        if (is_str(v) && v.as_obj()->cls == I.types.str) return v;
        if (v.is_int() || v.is_float() || v.is_bool() || v.is_none()) return Value::object(str(I, v));
    }
    // format(v, spec) itself, not a lookup of the (replaceable) builtins name.
    return Value::object(stdlib::format_value(I, v, spec.is_null() ? I.names.empty : as_str(spec)));
}

Value make_comprehension_function(Interp& I, Frame* f, Value* sp, uint32_t ncells);

// The operands MAKE_FUNCTION pops: the code and one per flag bit (defaults,
// kwdefaults, annotations, closure), or a comprehension's code and loose cells.
constexpr uint32_t make_function_operands(uint32_t flags) {
    return (flags & 16) ? (flags >> 5) + 1 : 1 + uint32_t(std::popcount(flags & 15u));
}

// MAKE_FUNCTION: returns the function made of the operands below `top`; the caller pops
// them (make_function_operands). (`top` by value: a reference to the loop's stack
// pointer would make GCC keep it in memory, a store and a reload per instruction.)
Value make_function(Interp& I, Frame* f, const Value* top, uint32_t flags) {
    if (flags & 16) return make_comprehension_function(I, f, const_cast<Value*>(top), flags >> 5);
    const Value* sp = top;
    Code* co = static_cast<Code*>((*--sp).as_obj());
    Function* fn = I.heap.make<Function>(ObjKind::Function, I.types.function);
    fn->code = co;
    fn->globals = f->globals;
    fn->name = co->name;
    fn->qualname = co->qualname;
    fn->doc = Value::none();
    fn->module = dict_get_str(f->globals, I.names.__name__);
    if (fn->module.is_null()) fn->module = Value::none();
    if (flags & 8) fn->closure = static_cast<Tuple*>((*--sp).as_obj());
    if (flags & 4) {
        Value a = *--sp;
        fn->annotations = is_kind(a, ObjKind::Dict) ? as<Dict>(a) : nullptr;
    }
    if (flags & 2) fn->kwdefaults = static_cast<Dict*>((*--sp).as_obj());
    if (flags & 1) fn->defaults = static_cast<Tuple*>((*--sp).as_obj());
    // The compiler's convention (as CPython): a function's consts[0] is its docstring or None.
    if (!co->consts.empty() && !(co->flags & kCoModule) && is_str(co->consts[0])) fn->doc = co->consts[0];
    return Value::object(fn);
}

// MAKE_FUNCTION of a comprehension (arg 16): CPython makes a function per
// evaluation, but nothing can reach it besides the call right after, so one made
// before for the same code, globals and closure cells serves again. A list
// comprehension in a loop (bench/words.py) then allocates neither a function nor
// a closure tuple. The cache is weak: every collection empties it (trace_roots).
// `sp` is the top of the stack (code on top, the cells below it); the caller pops them.
Value make_comprehension_function(Interp& I, Frame* f, Value* sp, uint32_t ncells) {
    VMState& vs = state(I);
    auto* co = static_cast<Code*>(sp[-1].as_obj());
    Value* cells = sp - 1 - ncells;
    Function*& cached = vs.comprehension_fns[(reinterpret_cast<uintptr_t>(co) >> 4) % vs.comprehension_fns.size()];
    if (Function* fn = cached; fn && fn->code == co && fn->globals == f->globals) {
        bool same = ncells == 0 || (fn->closure && fn->closure->size == ncells);
        for (uint32_t i = 0; same && i < ncells; i++) same = fn->closure->items()[i].as_obj() == cells[i].as_obj();
        if (same) return Value::object(fn);
    }
    uint32_t flags = 0;
    if (ncells) {
        // the cells and the code stay below the frame's saved sp while the tuple is made
        Tuple* closure = new_tuple(I, ncells);
        for (uint32_t i = 0; i < ncells; i++) closure->items()[i] = cells[i];
        cells[0] = Value::object(closure);
        cells[1] = Value::object(co);
        sp = cells + 2;
        flags = 8;
    }
    Value fn = make_function(I, f, sp, flags);
    cached = static_cast<Function*>(fn.as_obj());
    return fn;
}

bool exc_matches(Interp& I, Value exc, Value type) {
    if (is_kind(type, ObjKind::Tuple)) {
        auto* t = as<Tuple>(type);
        for (uint32_t i = 0; i < t->size; i++)
            if (exc_matches(I, exc, t->items()[i])) return true;
        return false;
    }
    if (!is_kind(type, ObjKind::Type) || !(as<Type>(type)->tflags & kTypeException))
        raise(I, I.exc.TypeError, "catching classes that do not inherit from BaseException is not allowed");
    return is_subtype(type_of(I, exc), as<Type>(type));
}

// One step of `yield from`/`await` over an iterator that is not a generator:
// __next__() (or send(v)); its StopIteration ends the delegation with its value.
Resumed send_to_iterator(Interp& I, Value iter, Value sent) {
    try {
        if (sent.is_none()) return {call_method(I, iter, I.names.__next__, {}), true};
        return {call_method(I, iter, I.names.send, {sent}), true};
    } catch (Unwind&) {
        Value e = I.pending;
        if (!is_kind(e, ObjKind::Exception) || !is_subtype(e.as_obj()->cls, I.exc.StopIteration)) throw;
        I.pending = Value::null();
        Value v = getattr(I, e, I.names.value);
        return {v, false};
    }
}

// Opcode bodies that need C++ objects with destructors live in these helpers:
// the dispatch loop leaves an opcode with a computed goto, which does not run
// the destructors of the opcode block's locals.

Value concat_strings(Interp& I, const Value* items, uint32_t n) {
    std::string s;
    for (uint32_t i = 0; i < n; i++) s += as_str(items[i])->view();
    return Value::object(new_str(I, s));
}

Value call_native(Interp& I, NativeFunction* nf, Value* args, uint32_t nargs, Tuple* kwnames) {
    uint32_t nkw = kwnames ? kwnames->size : 0;
    KwNames kwn(kwnames);
    if (nf->bound.is_null()) {
        CallArgs ca{args, nargs - nkw, args + nargs - nkw, kwn.names, nkw};
        return nf->fn(I, ca, nf);
    }
    Value tmp[16];
    std::vector<Value> big;
    Value* buf = tmp;
    if (nargs + 1 > 16) {
        big.resize(nargs + 1);
        buf = big.data();
    }
    buf[0] = nf->bound;
    for (uint32_t i = 0; i < nargs; i++) buf[i + 1] = args[i];
    CallArgs ca{buf, nargs + 1 - nkw, buf + 1 + nargs - nkw, kwn.names, nkw};
    return nf->fn(I, ca, nf);
}

// A built-in type's Type::construct; args[0] is the type.
Value call_construct(Interp& I, Type* t, Value* args, uint32_t nargs, Tuple* kwnames) {
    uint32_t nkw = kwnames ? kwnames->size : 0;
    KwNames kwn(kwnames);
    CallArgs ca{args, nargs - nkw, args + nargs - nkw, kwn.names, nkw};
    return t->construct(I, ca, t);
}

Value call_generic(Interp& I, Value callable, Value* args, uint32_t nargs, Tuple* kwnames) {
    uint32_t nkw = kwnames ? kwnames->size : 0;
    KwNames kwn(kwnames);
    CallArgs ca{args, nargs - nkw, args + nargs - nkw, kwn.names, nkw};
    return rt::call(I, callable, ca);
}

// f(*args, **kwargs); the caller keeps posargs and kwargs rooted on its stack.
// `f(*items)` hands over any iterable (the compiler makes no list and tuple of it).
// Its items are passed where they lie, copied by nobody but the callee, when they
// are a tuple, or a list and the callee a script function: binding copies its
// arguments into the new frame (or coroutine) before any code can change the list.
// [fresh]: posargs is a list the compiler built for this call (`f(*[x for x in
// xs])`, `f(*[a, *b])`) that no code can reach, so no callee can change it while
// it reads the items in place, native or not; a script function's binding is its
// last use, and its buffer is freed before the function runs.
// gather(*[leaf(i) for i in range(200_000)]) made three 3.2 MB copies before gather's
// own *args tuple, all alive while gather ran.
Value call_ex(Interp& I, Value callable, Value posargs, Value kwargs, bool fresh) {
    const Value* items;
    uint32_t n;
    Tuple* pt = nullptr;
    bool is_list = is_kind(posargs, ObjKind::List);
    if (is_list && (fresh || is_kind(callable, ObjKind::Function))) {
        items = as<List>(posargs)->items;
        n = as<List>(posargs)->size;
    } else {
        pt = is_kind(posargs, ObjKind::Tuple) ? as<Tuple>(posargs) : tuple_from_iterable(I, posargs);
        items = pt->items();
        n = pt->size;
    }
    TempRoot r(I, pt ? Value::object(pt) : Value::none());
    if (kwargs.is_null()) {
        if (fresh && is_list && is_kind(callable, ObjKind::Function))
            return call_function(I, as<Function>(callable), CallArgs{items, n, nullptr, nullptr, 0}, as<List>(posargs));
        return rt::call(I, callable, CallArgs{items, n, nullptr, nullptr, 0});
    }
    std::vector<Value> all(items, items + n);
    std::vector<Str*> kwn;
    Value k, v;
    for (uint32_t pos = 0; dict_next(as<Dict>(kwargs), &pos, &k, &v);) {
        if (!is_str(k)) raise(I, I.exc.TypeError, "keywords must be strings");
        kwn.push_back(interned_name(I, as_str(k)));
        all.push_back(v);
    }
    CallArgs ca{all.data(), n, all.data() + n, kwn.data(), uint32_t(kwn.size())};
    return rt::call(I, callable, ca);
}

// Calls a context manager's __exit__-like bound method with (type, exc, tb).
Value call_exit(Interp& I, Value exit, Value exc) {
    if (exc.is_none()) return call(I, exit, {Value::none(), Value::none(), Value::none()});
    Value tb = getattr(I, exc, I.names.__traceback__);
    return call(I, exit, {Value::object(type_of(I, exc)), exc, tb});
}

// get_awaitable's `where` for GET_ANEXT (1 and 2 are GET_AWAITABLE's async-with operands).
constexpr uint32_t kAwaitFromAnext = 3;

Value get_awaitable(Interp& I, Value v, uint32_t where) {
    if (is_kind(v, ObjKind::Coroutine)) {
        // A suspended coroutine is always inside an await (it cannot yield by itself).
        GenState st = static_cast<Generator*>(v.as_obj())->state();
        if (st == GenState::Suspended || st == GenState::Fused)
            raise(I, I.exc.RuntimeError, "coroutine is being awaited already");
        return v;
    }
    if (is_kind(v, ObjKind::Future)) return v;  // asyncio's native Future: YIELD_FROM drives it
    Value m = lookup_type(type_of(I, v), I.names.__await__);
    if (m.is_null()) {
        if (where == 1)
            raise(I, I.exc.TypeError, "'async with' received an object from __aenter__ that does not implement __await__: " + type_name(I, v));
        if (where == 2)
            raise(I, I.exc.TypeError, "'async with' received an object from __aexit__ that does not implement __await__: " + type_name(I, v));
        if (where == kAwaitFromAnext)
            raise(I, I.exc.TypeError, "'async for' received an invalid object from __anext__: " + type_name(I, v));
        raise(I, I.exc.TypeError, "object " + type_name(I, v) + " can't be used in 'await' expression");
    }
    Value it = call_method(I, v, I.names.__await__, {});
    // (a coroutine's __await__() is the coroutine itself and a native Future is its own
    // iterator: YIELD_FROM drives both)
    if (!is_kind(it, ObjKind::Generator) && !is_kind(it, ObjKind::Coroutine) && !is_kind(it, ObjKind::Future) &&
        lookup_type(type_of(I, it), I.names.__next__).is_null())
        raise(I, I.exc.TypeError, "__await__() returned non-iterator of type '" + type_name(I, it) + "'");
    return it;
}

// The plain Python generator function that x.__await__ is (a Future's), or nullptr
// when awaiting x needs the general path (coroutines, natives, other callables).
Function* await_generator_function(Interp& I, Value x) {
    if (!x.is_obj() || x.as_obj()->kind != ObjKind::Instance) return nullptr;
    Value m = lookup_type(x.as_obj()->cls, I.names.__await__);
    if (!is_kind(m, ObjKind::Function)) return nullptr;
    auto* fn = as<Function>(m);
    uint32_t fl = fn->code->flags;
    if ((fl & (kCoGenerator | kCoCoroutine | kCoAsyncGenerator)) != kCoGenerator) return nullptr;
    if (fn->code->argcount != 1 || fn->code->kwonlyargcount || (fl & (kCoVarargs | kCoVarkeywords)))
        return nullptr;
    return fn;
}

void set_context(Interp&, Value exc, Value handled) {
    if (handled.is_none() || handled.is_null() || handled.same(exc)) return;
    if (!is_kind(exc, ObjKind::Exception)) return;
    auto* e = as<Exception>(exc);
    // Avoid cycles: drop handled's chain link to exc.
    Value c = handled;
    while (is_kind(c, ObjKind::Exception)) {
        auto* ce = as<Exception>(c);
        if (ce->context.same(exc)) {
            ce->context = Value::none();
            break;
        }
        c = ce->context;
    }
    if (e->context.is_none() || e->context.is_null()) e->context = handled;
}

// Fast int arithmetic; returns false to take the generic path (overflow raises there).
inline bool int_binop(BinOpKind op, int64_t a, int64_t b, Value* out) {
    int64_t r;
    switch (op) {
        case BinOpKind::Add:
            if (__builtin_add_overflow(a, b, &r)) return false;
            *out = Value::integer(r);
            return true;
        case BinOpKind::Sub:
            if (__builtin_sub_overflow(a, b, &r)) return false;
            *out = Value::integer(r);
            return true;
        case BinOpKind::Mult:
            if (__builtin_mul_overflow(a, b, &r)) return false;
            *out = Value::integer(r);
            return true;
        case BinOpKind::FloorDiv:
            if (b == 0 || (a == INT64_MIN && b == -1)) return false;
            r = a / b;
            if ((a % b != 0) && ((a < 0) != (b < 0))) r--;
            *out = Value::integer(r);
            return true;
        case BinOpKind::Mod:
            if (b == 0 || b == -1) return false;
            r = a % b;
            if (r != 0 && ((r < 0) != (b < 0))) r += b;
            *out = Value::integer(r);
            return true;
        case BinOpKind::BitAnd: *out = Value::integer(a & b); return true;
        case BinOpKind::BitOr: *out = Value::integer(a | b); return true;
        case BinOpKind::BitXor: *out = Value::integer(a ^ b); return true;
        case BinOpKind::Div:
            if (b == 0) return false;
            *out = Value::number(double(a) / double(b));
            return true;
        default: return false;
    }
}

inline bool float_binop(BinOpKind op, double a, double b, Value* out) {
    switch (op) {
        case BinOpKind::Add: *out = Value::number(a + b); return true;
        case BinOpKind::Sub: *out = Value::number(a - b); return true;
        case BinOpKind::Mult: *out = Value::number(a * b); return true;
        case BinOpKind::Div:
            if (b == 0) return false;
            *out = Value::number(a / b);
            return true;
        default: return false;
    }
}

template <class T>
inline bool compare_as(CmpOpKind op, T x, T y, bool* out) {
    switch (op) {
        case CmpOpKind::Eq: *out = x == y; return true;
        case CmpOpKind::NotEq: *out = x != y; return true;
        case CmpOpKind::Lt: *out = x < y; return true;
        case CmpOpKind::LtE: *out = x <= y; return true;
        case CmpOpKind::Gt: *out = x > y; return true;
        case CmpOpKind::GtE: *out = x >= y; return true;
        default: return false;
    }
}

// Comparison fast path for two ints or two floats; false = take rt::compare.
inline bool num_compare(CmpOpKind op, Value a, Value b, bool* out) {
    if (a.is_int() && b.is_int()) return compare_as(op, a.as_int(), b.as_int(), out);
    if (a.is_float() && b.is_float()) return compare_as(op, a.as_float(), b.as_float(), out);
    return false;
}

// A range iterator's next item in *out; false when it is exhausted (range_iter_step).
inline bool range_iter_advance(Iterator* it, int64_t* out) {
    auto* r = static_cast<Range*>(it->src.as_obj());
    int64_t pos = it->pos;
    if (pos >= r->length) return false;
    it->pos = pos + 1;
    *out = r->start + pos * r->step;
    return true;
}

inline bool fast_truthy(Interp& I, Value v, bool* out) {
    switch (v.tag) {
        case Tag::Bool: *out = v.as_bool(); return true;
        case Tag::None: *out = false; return true;
        case Tag::Int: *out = v.as_int() != 0; return true;
        case Tag::Float: *out = v.as_float() != 0; return true;
        default: break;
    }
    Object* o = v.as_obj();
    if (o->cls == I.types.list) { *out = static_cast<List*>(o)->size != 0; return true; }
    if (o->cls == I.types.str) { *out = static_cast<Str*>(o)->size != 0; return true; }
    return false;
}

// A safepoint whose one compare (Heap::safepoint_due) fired: a collection is due,
// or the embedding API's limits (VMState::interrupt_requested / budget) are armed.
// The trigger is re-armed before the interrupt flag is taken, so a request that
// races with it is either seen now or leaves the trigger at 0 for the next one.
void safepoint_slow(Interp& I, VMState& vs) {
    if (I.heap.collection_due()) I.heap.collect_at_safepoint();
    if (vs.budget < 0) I.heap.rearm_safepoints();  // a budget keeps every safepoint here
    Type* t = vs.interrupt_type ? vs.interrupt_type : I.exc.KeyboardInterrupt;
    if (vs.interrupt_requested.exchange(false)) raise(I, t, "interrupted by the host");
    if (vs.budget > 0) vs.budget--;
    else if (vs.budget == 0) raise(I, t, "instruction budget exhausted");
}

// Whether LOAD_GLOBAL's cache still holds the value of its name in `g`.
inline bool global_cache_hit(Interp& I, const GlobalCache& gc, Dict* g) {
    return gc.globals == g && gc.globals_version == g->version &&
           (gc.builtins_version == GlobalCache::kInGlobals || gc.builtins_version == I.builtins->version);
}

// LOAD_GLOBAL's cache miss: looks the name up and refills the cache.
Value load_global_miss(Interp& I, GlobalCache& gc, Dict* g, Str* name) {
    Value v = dict_get_str(g, name);
    uint64_t builtins_version = GlobalCache::kInGlobals;
    if (v.is_null()) {
        v = load_builtin(I, name);
        builtins_version = I.builtins->version;
    }
    gc.globals = g;
    gc.globals_version = g->version;
    gc.builtins_version = builtins_version;
    gc.value = v;
    return v;
}

// --- attribute caches (code.hpp AttrCache) --------------------------------------------

// (code_shape sized the caches before the code's first frame ran)
inline AttrCache& attr_cache(Code* co, uint32_t name_index) { return co->attr_cache[name_index]; }

// The cached value of obj.name when it is an Instance's dict entry, or Null.
inline Value cached_instance_attr(Interp& I, const AttrCache& c, Value o, Str* name) {
    if (!o.is_obj()) return Value::null();
    Object* ob = o.as_obj();
    // (a class fixes its instances' layout, Type::instance_kind, and the slot is
    // only recorded for Instances: the class check covers the kind)
    if (ob->cls != c.type || c.kind != AttrCacheKind::InstanceSlot || c.epoch != I.type_epoch)
        return Value::null();
    Dict* d = static_cast<Instance*>(ob)->attrs;
    if (!d || c.index >= d->nentries) return Value::null();
    const DictEntry& e = d->entries[c.index];
    if (!e.key.is_obj() || e.key.as_obj() != name) return Value::null();
    return e.value;
}

// Records where obj.name lives when it is a plain instance-dict attribute.
void fill_instance_slot(Interp& I, AttrCache& c, Value o, Str* name) {
    if (!is_kind(o, ObjKind::Instance)) return;
    Dict* d = as<Instance>(o)->attrs;
    Type* t = o.as_obj()->cls;
    if (!d || !attr_in_instance_dict(I, t, name)) return;
    int64_t ix = dict_index_str(d, name);
    if (ix < 0 || d->entries[ix].key.as_obj() != name) return;
    c.type = t;
    c.epoch = I.type_epoch;
    c.value = Value::null();
    c.index = uint32_t(ix);
    c.kind = AttrCacheKind::InstanceSlot;
}

Value load_attr_slow(Interp& I, AttrCache& c, Value o, Str* name) {
    Value v = getattr(I, o, name);
    fill_instance_slot(I, c, o, name);
    return v;
}

// STORE_ATTR's fast path: overwrite an existing instance-dict entry in place.
inline bool cached_store_attr(Interp& I, const AttrCache& c, Value o, Str* name, Value v) {
    if (!o.is_obj()) return false;
    Object* ob = o.as_obj();
    if (ob->cls != c.type || c.kind != AttrCacheKind::InstanceSlot || c.epoch != I.type_epoch)
        return false;  // (the class check covers the kind: see cached_instance_attr)
    Dict* d = static_cast<Instance*>(ob)->attrs;
    if (!d || c.index >= d->nentries) return false;
    DictEntry& e = d->entries[c.index];
    if (!e.key.is_obj() || e.key.as_obj() != name) return false;
    e.value = v;
    d->version++;
    return true;
}

void store_attr_slow(Interp& I, AttrCache& c, Value o, Str* name, Value v) {
    setattr(I, o, name, v);
    fill_instance_slot(I, c, o, name);
}

// LOAD_METHOD's fast path: the type's function, unless an Instance's dict shadows it.
inline Value cached_method(Interp& I, const AttrCache& c, Value o, Str* name) {
    if (!o.is_obj()) return Value::null();
    Object* ob = o.as_obj();
    if (ob->cls != c.type || c.epoch != I.type_epoch || c.kind != AttrCacheKind::Method) return Value::null();
    if (ob->kind == ObjKind::Instance) {
        Dict* d = static_cast<Instance*>(ob)->attrs;
        if (d && !dict_surely_lacks_str(d, name) && dict_index_str(d, name) >= 0) return Value::null();
    }
    return c.value;
}

Value load_method_slow(Interp& I, AttrCache& c, Value o, Str* name, bool* is_method) {
    Value m = getattr_method(I, o, name, is_method);
    if (*is_method && o.is_obj() && method_lookup_cacheable(o.as_obj())) {
        c.type = o.as_obj()->cls;
        c.epoch = I.type_epoch;
        c.value = m;
        c.index = 0;
        c.kind = AttrCacheKind::Method;
    }
    return m;
}

}  // namespace

void add_traceback(Interp&, Value exc, const Frame& fr) {
    if (!is_kind(exc, ObjKind::Exception)) return;
    auto* e = as<Exception>(exc);
    if (!e->tb) e->tb = new std::vector<TracebackEntry>();
    Code* co = fr.code;
    size_t idx = fr.current_index();
    int line = idx < co->lines.size() ? co->lines[idx] : co->firstlineno;
    e->tb->push_back({co->filename, co->name, line});
}

namespace {

// How execute() left the dispatch loop.
enum class Exit : uint8_t {
    Returned,  // a boundary frame returned *result
    Yielded,   // the top frame yielded *result
    Reraise,   // I.pending is re-raised at the current instruction (no new traceback entry)
    Raise,     // I.pending is raised at the current instruction, as by a throw of rt::Unwind
};

// The dispatch loop proper: runs the top frame of `fb` from its saved ip/sp.
// It has no try/catch of its own: an exception leaves it as rt::Unwind (or as
// Exit::Reraise) and run() finds the handler and re-enters. Without landing
// pads in this function the compiler keeps ip, sp and locals in registers.
Exit execute(Interp& I, Fiber* fb, VMState& vs, Value* result) {
    static const void* const kLabels[] = {
#define OP(name, effect, meaning) &&op_##name,
#include "interpreter/opcodes.def"
#undef OP
    };

    Frame* f;
    const uint32_t* ip;
    Value* sp;
    // (word-sized: arg indexes locals and constants without a zero-extending move)
    uintptr_t arg;

// The frame's code, locals, constants and names are computed from f where used, not
// kept in variables of their own: fewer values live across the loop, so GCC keeps
// ip, sp and f in registers instead of spilling them (a `code` variable cost 3-10%
// of the instructions of every benchmark in spills and reloads).
#define CODE (f->code)
#define LOCALS (f->base())
#define CONSTS (CODE->consts.data())
#define NAMES (CODE->names.data())

#define LOAD_FRAME()                        \
    do {                                    \
        f = &fb->frames.back();             \
        ip = f->ip;                         \
        sp = f->sp;                         \
    } while (0)
// A frame push_plain_frame just pushed: its registers are known without reading
// them back (it has no cells of its own, so its stack follows the closure cells).
#define ENTER_PLAIN_FRAME(nf)                                           \
    do {                                                                \
        f = (nf);                                                       \
        Code* entered = f->code;                                        \
        ip = entered->code.data();                                      \
        sp = f->base() + entered->plain_stack;                          \
    } while (0)
#define SAVE_FRAME() \
    do {             \
        f->ip = ip;  \
        f->sp = sp;  \
    } while (0)
// The opcode is read with a byte load of its own, not taken from the word's register:
// that cost a register copy and a zero-extension per instruction (GCC merges the two
// loads back unless the asm hides the byte load from it).
#if defined(__GNUC__) && defined(__x86_64__)
#define DISPATCH()                                                                   \
    do {                                                                             \
        uintptr_t op_; /* (movzbl to the 32-bit register clears the upper half) */  \
        asm("movzbl %1, %k0" : "=r"(op_) : "m"(*reinterpret_cast<const uint8_t*>(ip))); \
        arg = *ip >> 8;                                                              \
        ++ip;                                                                        \
        goto *kLabels[op_];                                                          \
    } while (0)
#else
#define DISPATCH()                      \
    do {                                \
        uint32_t word_ = *ip;           \
        ++ip;                           \
        arg = word_ >> 8;               \
        goto *kLabels[uint8_t(word_)];  \
    } while (0)
#endif
// Publishes the instruction being executed (tracebacks, the exception table: it is
// ip[-1], Frame::current) and the
// exact stack top (the GC's root scan, the unwinder) in the frame. Every instruction
// that can raise, allocate, call out (where a collection or a nested run can happen)
// or leave the loop does it first, with the stack as the instruction found it, so its
// operands stay rooted while it works. The few that can do none of that (local and
// constant loads and stores, stack shuffles, the fast paths of arithmetic, compares,
// jumps, FOR_ITER over a range or list and the plain return) skip it, or do it only on
// their slow path: two stores per instruction were a tenth of a call's instructions.
#define SYNC()          \
    do {                \
        f->ip = ip;     \
        f->sp = sp;     \
    } while (0)
#define PUSH(v) (*sp++ = (v))
#define POP() load_value(--sp)
#define TOP() (sp[-1])
#define PEEK(n) (sp[-ptrdiff_t(n)])
#define SAFEPOINT()                                             \
    do {                                                        \
        if (I.heap.safepoint_due()) [[unlikely]] {              \
            SYNC();                                             \
            safepoint_slow(I, vs);                              \
        }                                                       \
    } while (0)

    LOAD_FRAME();
    DISPATCH();
    {

    op_NOP:
        DISPATCH();
    op_POP_TOP:
        --sp;
        DISPATCH();
    op_PUSH_NULL:
        PUSH(Value::null());
        DISPATCH();
    op_COPY:
        copy_value(sp, sp - arg);
        sp++;
        DISPATCH();
    op_SWAP: {
        Value t = load_value(sp - 1);
        copy_value(sp - 1, sp - arg);
        copy_value(sp - arg, &t);
        DISPATCH();
    }
    op_LOAD_CONST:
        PUSH(CONSTS[arg]);
        DISPATCH();
    op_LOAD_FAST:  // the compiler proved the local bound (mark_unproven_loads)
        copy_value(sp++, &LOCALS[arg]);
        DISPATCH();
    op_LOAD_FAST_CHECK:
        if (LOCALS[arg].is_null()) {
            SYNC();
            raise_unbound_local(I, CODE, arg);
        }
        copy_value(sp++, &LOCALS[arg]);
        DISPATCH();
    op_STORE_FAST:
        --sp;
        copy_value(&LOCALS[arg], sp);
        DISPATCH();

    // Superinstructions (opcodes.def): the first instruction's work, then the
    // second's, whose arg is in the next word; jumping to the second's label
    // costs a direct branch instead of a dispatch.
    // Their LOAD_FASTs are proved bound: a LOAD_FAST_CHECK is never part of a pair.
    op_LOAD_FAST__LOAD_FAST: {
        // Both copies here, sp moved once: through LOAD_FAST's label the pair cost a
        // jump and a second read of the word (27 instructions; `await add(s, i)` runs two).
        uintptr_t second = *ip++ >> 8;
        copy_value(sp, &LOCALS[arg]);
        copy_value(sp + 1, &LOCALS[second]);
        sp += 2;
        DISPATCH();
    }
    op_LOAD_FAST__LOAD_CONST:
        copy_value(sp++, &LOCALS[arg]);
        PUSH(CONSTS[*ip++ >> 8]);
        DISPATCH();
    op_LOAD_CONST__LOAD_FAST: {
        uintptr_t second = *ip++ >> 8;
        sp[0] = CONSTS[arg];
        copy_value(sp + 1, &LOCALS[second]);
        sp += 2;
        DISPATCH();
    }
    op_STORE_FAST__LOAD_FAST: {
        // (the stored value's slot takes the loaded one: sp does not move; the store
        // comes first, for `x = ...; x`)
        uintptr_t second = *ip++ >> 8;
        copy_value(&LOCALS[arg], sp - 1);
        copy_value(sp - 1, &LOCALS[second]);
        DISPATCH();
    }
    op_STORE_FAST__JUMP:  // the end of a loop body
        --sp;
        copy_value(&LOCALS[arg], sp);
        arg = *ip++ >> 8;
        goto op_JUMP;
    op_POP_TOP__JUMP:
        --sp;
        arg = *ip++ >> 8;
        goto op_JUMP;
    op_PUSH_NULL__LOAD_GLOBAL: {
        // LOAD_GLOBAL's work here, the Null and the value stored together (through
        // LOAD_GLOBAL's label GCC kept arg * 4 live into every instruction's dispatch)
        arg = *ip++ >> 8;
        GlobalCache& gc = CODE->global_cache[arg];
        Value v;
        if (global_cache_hit(I, gc, f->globals)) [[likely]] {
            v = gc.value;
        } else {
            SYNC();  // ip - 1 is the LOAD_GLOBAL's word
            v = load_global_miss(I, gc, f->globals, NAMES[arg]);
        }
        sp[0] = Value::null();
        sp[1] = v;
        sp += 2;
        DISPATCH();
    }
    op_DELETE_FAST:
        if (LOCALS[arg].is_null()) {
            SYNC();
            raise_unbound_local(I, CODE, arg);
        }
        LOCALS[arg] = Value::null();
        DISPATCH();
    op_LOAD_DEREF: {
        Value v = static_cast<Cell*>(f->cells()[arg].as_obj())->value;
        if (v.is_null()) {
            SYNC();
            raise_free_unbound(I, CODE, arg);
        }
        PUSH(v);
        DISPATCH();
    }
    op_STORE_DEREF:
        static_cast<Cell*>(f->cells()[arg].as_obj())->value = POP();
        DISPATCH();
    op_DELETE_DEREF: {
        auto* c = static_cast<Cell*>(f->cells()[arg].as_obj());
        if (c->value.is_null()) {
            SYNC();
            raise_free_unbound(I, CODE, arg);
        }
        c->value = Value::null();
        DISPATCH();
    }
    op_LOAD_CLOSURE:
        PUSH(f->cells()[arg]);
        DISPATCH();
    op_LOAD_CLASSDEREF: {
        SYNC();
        uint32_t ncell = uint32_t(CODE->cellvars.size());
        Str* name = arg < ncell ? CODE->cellvars[arg] : CODE->freevars[arg - ncell];
        Value v = f->locals ? dict_get_str(f->locals, name) : Value::null();
        if (v.is_null()) {
            v = static_cast<Cell*>(f->cells()[arg].as_obj())->value;
            if (v.is_null()) raise_free_unbound(I, CODE, arg);
        }
        PUSH(v);
        DISPATCH();
    }
    op_LOAD_NAME:
        SYNC();
        PUSH(load_name(I, f, NAMES[arg]));
        DISPATCH();
    op_STORE_NAME: {
        SYNC();
        Value v = POP();
        if (f->locals) dict_set_str(I, f->locals, NAMES[arg], v);
        else dict_set_str(I, f->globals, NAMES[arg], v);
        DISPATCH();
    }
    op_DELETE_NAME: {
        SYNC();
        Dict* d = f->locals ? f->locals : f->globals;
        if (!dict_del(I, d, Value::object(NAMES[arg]))) raise_name_error(I, NAMES[arg]);
        DISPATCH();
    }
    op_LOAD_GLOBAL: {
        GlobalCache& gc = CODE->global_cache[arg];
        Dict* g = f->globals;
        if (global_cache_hit(I, gc, g)) {
            PUSH(gc.value);
            DISPATCH();
        }
        SYNC();
        PUSH(load_global_miss(I, gc, g, NAMES[arg]));
        DISPATCH();
    }
    op_STORE_GLOBAL:
        SYNC();
        dict_set_str(I, f->globals, NAMES[arg], POP());
        DISPATCH();
    op_DELETE_GLOBAL:
        SYNC();
        if (!dict_del(I, f->globals, Value::object(NAMES[arg]))) raise_name_error(I, NAMES[arg]);
        DISPATCH();

    // The attribute caches' hits neither raise nor allocate: only a miss syncs.
    op_LOAD_ATTR: {
        AttrCache& c = attr_cache(CODE, arg);
        Value v = cached_instance_attr(I, c, TOP(), NAMES[arg]);
        if (v.is_null()) {
            SYNC();
            v = load_attr_slow(I, c, TOP(), NAMES[arg]);
        }
        TOP() = v;
        DISPATCH();
    }
    op_STORE_ATTR: {
        Value obj = TOP();
        Value v = PEEK(2);
        AttrCache& c = attr_cache(CODE, arg);
        if (!cached_store_attr(I, c, obj, NAMES[arg], v)) {
            SYNC();  // obj and v stay rooted below the saved sp
            store_attr_slow(I, c, obj, NAMES[arg], v);
        }
        sp -= 2;
        DISPATCH();
    }
    op_DELETE_ATTR:
        SYNC();
        delattr(I, POP(), NAMES[arg]);
        DISPATCH();
    op_LOAD_METHOD: {
        Value obj = TOP();
        AttrCache& c = attr_cache(CODE, arg);
        Value m = cached_method(I, c, obj, NAMES[arg]);
        if (!m.is_null()) {
            TOP() = m;
            PUSH(obj);
            DISPATCH();
        }
        SYNC();
        bool is_method = false;
        m = load_method_slow(I, c, obj, NAMES[arg], &is_method);
        if (is_method) {
            TOP() = m;
            PUSH(obj);
        } else {
            TOP() = Value::null();
            PUSH(m);
        }
        DISPATCH();
    }
    op_BINARY_SUBSCR: {
        SYNC();
        Value key = POP();
        Value c = TOP();
        if (c.is_obj()) {
            Object* o = c.as_obj();
            if (key.is_int() && o->cls == I.types.list) {
                auto* l = static_cast<List*>(o);
                int64_t i = key.as_int();
                if (i < 0) i += l->size;
                if (i >= 0 && i < int64_t(l->size)) {
                    TOP() = l->items[i];
                    DISPATCH();
                }
            } else if (key.is_int() && o->cls == I.types.tuple) {
                auto* t = static_cast<Tuple*>(o);
                int64_t i = key.as_int();
                if (i < 0) i += t->size;
                if (i >= 0 && i < int64_t(t->size)) {
                    TOP() = t->items()[i];
                    DISPATCH();
                }
            } else if (o->cls == I.types.dict &&
                       (key.is_int() || is_exact_str(I, key))) {
                // An exact dict and a key whose comparisons run no script code: a
                // miss may look again in getitem, which raises the KeyError.
                Value v = dict_get(I, static_cast<Dict*>(o), key);
                if (!v.is_null()) {
                    TOP() = v;
                    DISPATCH();
                }
            }
        }
        TOP() = getitem(I, c, key);
        DISPATCH();
    }
    op_STORE_SUBSCR: {
        SYNC();
        Value key = POP();
        Value c = POP();
        Value v = POP();
        if (key.is_int() && c.is_obj() && c.as_obj()->cls == I.types.list) {
            auto* l = static_cast<List*>(c.as_obj());
            int64_t i = key.as_int();
            if (i < 0) i += l->size;
            if (i >= 0 && i < int64_t(l->size)) {
                l->items[i] = v;
                DISPATCH();
            }
        } else if (c.is_obj() && c.as_obj()->cls == I.types.dict) {
            dict_set(I, static_cast<Dict*>(c.as_obj()), key, v);
            DISPATCH();
        }
        setitem(I, c, key, v);
        DISPATCH();
    }
    op_DELETE_SUBSCR: {
        SYNC();
        Value key = POP();
        Value c = POP();
        delitem(I, c, key);
        DISPATCH();
    }
    op_BUILD_SLICE: {
        SYNC();
        Value step = arg == 3 ? POP() : Value::none();
        Value stop = POP();
        Value start = TOP();
        TOP() = Value::object(new_slice(I, start, stop, step));
        DISPATCH();
    }

    op_BINARY_OP: {
        SYNC();
        Value b = POP();
        Value a = TOP();
        auto op = BinOpKind(arg & 15);
        Value r;
        if (a.is_int() && b.is_int()) {
            if (int_binop(op, a.as_int(), b.as_int(), &r)) {
                TOP() = r;
                DISPATCH();
            }
        } else if (a.is_float() && b.is_float()) {
            if (float_binop(op, a.as_float(), b.as_float(), &r)) {
                TOP() = r;
                DISPATCH();
            }
        } else if (a.is_float() && b.is_int()) {
            if (float_binop(op, a.as_float(), double(b.as_int()), &r)) {
                TOP() = r;
                DISPATCH();
            }
        } else if (a.is_int() && b.is_float()) {
            if (float_binop(op, double(a.as_int()), b.as_float(), &r)) {
                TOP() = r;
                DISPATCH();
            }
        }
        TOP() = binary_op(I, op, a, b, (arg & 16) != 0);
        DISPATCH();
    }
    // Specialized BINARY_OPs (opcodes.def): ints and floats here, the rest through
    // BINARY_OP with the same arg.
// (The result has a's type, so only its payload is stored: the slot's tag is right.)
#define SPECIAL_BINARY_OP(kind)                                                              \
    {                                                                                        \
        Value r;                                                                             \
        Value a = PEEK(2), b = TOP();                                                        \
        if (a.is_int() && b.is_int() && int_binop(BinOpKind::kind, a.as_int(), b.as_int(), &r)) { \
            --sp;                                                                            \
            TOP().u.i = r.as_int();                                                          \
            DISPATCH();                                                                      \
        }                                                                                    \
        if (a.is_float() && b.is_float() && float_binop(BinOpKind::kind, a.as_float(), b.as_float(), &r)) { \
            --sp;                                                                            \
            TOP().u.f = r.as_float();                                                        \
            DISPATCH();                                                                      \
        }                                                                                    \
        goto op_BINARY_OP;                                                                   \
    }
    op_BINARY_ADD__STORE_FAST: {
        // Two ints: the sum goes straight into the local, never through the stack.
        // Anything else is BINARY_ADD's (same arg), which leaves the result on the
        // stack and goes on at the STORE_FAST's word.
        Value a = PEEK(2), b = TOP();
        int64_t r;
        if (a.is_int() && b.is_int() && !__builtin_add_overflow(a.as_int(), b.as_int(), &r)) {
            sp -= 2;
            LOCALS[*ip++ >> 8] = Value::integer(r);
            DISPATCH();
        }
        goto op_BINARY_ADD;
    }
    op_BINARY_ADD: SPECIAL_BINARY_OP(Add)
    op_BINARY_SUB: SPECIAL_BINARY_OP(Sub)
    op_BINARY_MUL: SPECIAL_BINARY_OP(Mult)
    op_BINARY_MOD: SPECIAL_BINARY_OP(Mod)
#undef SPECIAL_BINARY_OP
    op_UNARY_POSITIVE:
        SYNC();
        if (!TOP().is_int() && !TOP().is_float()) TOP() = unary_op(I, UnaryOpKind::UAdd, TOP());
        DISPATCH();
    op_UNARY_NEGATIVE: {
        SYNC();
        Value v = TOP();
        if (v.is_int() && v.as_int() != INT64_MIN) TOP() = Value::integer(-v.as_int());
        else if (v.is_float()) TOP() = Value::number(-v.as_float());
        else TOP() = unary_op(I, UnaryOpKind::USub, v);
        DISPATCH();
    }
    op_UNARY_NOT: {
        SYNC();
        bool t;
        if (!fast_truthy(I, TOP(), &t)) t = truthy(I, TOP());
        TOP() = Value::boolean(!t);
        DISPATCH();
    }
    op_UNARY_INVERT:
        SYNC();
        if (TOP().is_int()) TOP() = Value::integer(~TOP().as_int());
        else TOP() = unary_op(I, UnaryOpKind::Invert, TOP());
        DISPATCH();
    op_COMPARE_OP: {
        Value b = TOP();
        Value a = PEEK(2);
        bool r;
        if (num_compare(CmpOpKind(arg), a, b, &r)) {
            --sp;
            // Fused with a following conditional jump: the bool is never materialised.
            uint32_t next = *ip;
            if ((next & 0xff) == uint32_t(Op::POP_JUMP_IF_FALSE) || (next & 0xff) == uint32_t(Op::POP_JUMP_IF_TRUE)) {
                --sp;
                ip++;
                if (r == ((next & 0xff) == uint32_t(Op::POP_JUMP_IF_TRUE))) ip = jump_dest(ip, next >> 8);
                DISPATCH();
            }
            TOP() = Value::boolean(r);
            DISPATCH();
        }
        SYNC();
        --sp;
        TOP() = compare(I, CmpOpKind(arg), a, b);
        DISPATCH();
    }
    op_IS_OP: {
        Value b = POP();
        bool r = TOP().same(b);
        TOP() = Value::boolean(arg ? !r : r);
        DISPATCH();
    }
    op_CONTAINS_OP: {
        SYNC();
        Value b = POP();
        bool r = contains(I, b, TOP());
        TOP() = Value::boolean(arg ? !r : r);
        DISPATCH();
    }

    op_BUILD_TUPLE: {
        SYNC();
        Tuple* t = new_tuple(I, sp - arg, arg);
        sp -= arg;
        PUSH(Value::object(t));
        DISPATCH();
    }
    op_BUILD_LIST: {
        SYNC();
        List* l = new_list(I, arg);
        for (uint32_t i = 0; i < arg; i++) l->items[i] = sp[int(i) - int(arg)];
        l->size = arg;
        sp -= arg;
        PUSH(Value::object(l));
        DISPATCH();
    }
    op_BUILD_SET: {
        SYNC();
        Set* s = new_set(I);
        // keep the items and the set on the stack (rooted) while hashing may call Python
        Value* items = sp - arg;
        PUSH(Value::object(s));
        f->sp = sp;
        for (uint32_t i = 0; i < arg; i++) set_add(I, s, items[i]);
        sp = items;
        PUSH(Value::object(s));
        DISPATCH();
    }
    op_BUILD_MAP: {
        SYNC();
        Dict* d = new_dict(I);
        Value* items = sp - 2 * arg;
        PUSH(Value::object(d));
        f->sp = sp;
        for (uint32_t i = 0; i < arg; i++) dict_set(I, d, items[2 * i], items[2 * i + 1]);
        sp = items;
        PUSH(Value::object(d));
        DISPATCH();
    }
    op_BUILD_STRING: {
        SYNC();
        Value r = concat_strings(I, sp - arg, arg);
        sp -= arg;
        PUSH(r);
        DISPATCH();
    }
    op_LIST_APPEND: {
        SYNC();
        Value v = POP();
        list_append(I, as<List>(PEEK(arg)), v);
        DISPATCH();
    }
    op_SET_ADD: {
        SYNC();
        Value v = POP();
        set_add(I, as<Set>(PEEK(arg)), v);
        DISPATCH();
    }
    op_MAP_ADD: {
        SYNC();
        Value v = POP();
        Value k = POP();
        dict_set(I, as<Dict>(PEEK(arg)), k, v);
        DISPATCH();
    }
    op_LIST_EXTEND: {
        SYNC();
        Value it = TOP();
        if (!has_iter_protocol(I, it))  // [*x], f(a, *x), (*x,): CPython names the star
            raise(I, I.exc.TypeError, "Value after * must be an iterable, not " + type_name(I, it));
        list_extend(I, as<List>(PEEK(arg + 1)), it);
        --sp;
        DISPATCH();
    }
    op_SET_UPDATE: {
        SYNC();
        set_update(I, as<Set>(PEEK(arg + 1)), TOP());
        --sp;
        DISPATCH();
    }
    op_DICT_UPDATE:
    op_DICT_MERGE: {
        SYNC();
        Value m = TOP();
        Dict* d = as<Dict>(PEEK(arg + 1));
        bool merge = op_of(ip[-1]) == Op::DICT_MERGE;
        if (is_kind(m, ObjKind::Dict)) {
            Value k, v;
            for (uint32_t pos = 0; dict_next(as<Dict>(m), &pos, &k, &v);) {
                if (merge && !dict_get(I, d, k).is_null())
                    raise(I, I.exc.TypeError, callable_display_name(I, PEEK(arg + 3)) +
                                                  " got multiple values for keyword argument '" +
                                                  std::string(str(I, k)->view()) + "'");
                dict_set(I, d, k, v);
            }
        } else {
            Value keys_m = getattr_opt(I, m, I.names.keys);
            if (keys_m.is_null()) {
                if (merge)
                    raise(I, I.exc.TypeError, callable_display_name(I, PEEK(arg + 3)) +
                                                  " argument after ** must be a mapping, not " + type_name(I, m));
                raise(I, I.exc.TypeError, "'" + type_name(I, m) + "' object is not a mapping");
            }
            Value keys = call(I, keys_m, {});
            TempRoot r1(I, keys);
            Value it = get_iter(I, keys);
            TempRoot r2(I, it);
            for (;;) {
                Value k = next(I, it);
                if (k.is_null()) break;
                TempRoot r3(I, k);
                Value v = getitem(I, m, k);
                dict_set(I, d, k, v);
            }
        }
        --sp;
        DISPATCH();
    }
    op_LIST_TO_TUPLE: {
        SYNC();
        List* l = as<List>(TOP());
        TOP() = Value::object(new_tuple(I, l->items, l->size));
        DISPATCH();
    }
    op_FORMAT_VALUE: {
        SYNC();
        Value spec = (arg & 4) ? POP() : Value::null();
        TOP() = format_value(I, TOP(), arg, spec);
        DISPATCH();
    }

    op_UNPACK_SEQUENCE: {
        SYNC();
        Value seq = POP();
        f->sp = sp + 1;  // keep seq rooted while a generic iterable is consumed
        sp[0] = seq;
        unpack_sequence(I, seq, arg, sp);  // the results overwrite seq's slot once it is consumed
        sp += arg;
        DISPATCH();
    }
    op_UNPACK_EX: {
        SYNC();
        uint32_t before = arg & 0xff, after = arg >> 8;
        Value seq = POP();
        f->sp = sp + 1;
        sp[0] = seq;
        unpack_ex(I, seq, before, after, sp);
        sp += before + 1 + after;
        DISPATCH();
    }

    op_JUMP:
        if (arg <= kJumpBias) SAFEPOINT();  // a backward jump (or to itself)
        ip = jump_dest(ip, arg);
        DISPATCH();
    op_POP_JUMP_IF_FALSE: {
        Value v = TOP();
        bool t;
        if (!fast_truthy(I, v, &t)) {
            SYNC();
            t = truthy(I, v);
        }
        --sp;
        if (!t) ip = jump_dest(ip, arg);
        DISPATCH();
    }
    op_POP_JUMP_IF_TRUE: {
        Value v = TOP();
        bool t;
        if (!fast_truthy(I, v, &t)) {
            SYNC();
            t = truthy(I, v);
        }
        --sp;
        if (t) ip = jump_dest(ip, arg);
        DISPATCH();
    }
    op_POP_JUMP_IF_NONE:
        if (POP().is_none()) ip = jump_dest(ip, arg);
        DISPATCH();
    op_POP_JUMP_IF_NOT_NONE:
        if (!POP().is_none()) ip = jump_dest(ip, arg);
        DISPATCH();
    op_JUMP_IF_FALSE_OR_POP: {
        bool t;
        if (!fast_truthy(I, TOP(), &t)) {
            SYNC();
            t = truthy(I, TOP());
        }
        if (!t) ip = jump_dest(ip, arg);
        else --sp;
        DISPATCH();
    }
    op_JUMP_IF_TRUE_OR_POP: {
        bool t;
        if (!fast_truthy(I, TOP(), &t)) {
            SYNC();
            t = truthy(I, TOP());
        }
        if (t) ip = jump_dest(ip, arg);
        else --sp;
        DISPATCH();
    }
    op_GET_ITER:
        SYNC();
        TOP() = get_iter(I, TOP());
        DISPATCH();
    op_FOR_ITER__STORE_FAST: {
        // `for x in range(...)` / a list: the item goes straight into its local; any
        // other iterator takes FOR_ITER, which pushes it for the STORE_FAST.
        Value it = TOP();
        if (it.is_obj() && it.as_obj()->kind == ObjKind::Iterator) {
            auto* iter = static_cast<Iterator*>(it.as_obj());
            Value v;
            if (iter->next == &range_iter_next) {
                // (range_iter_step's work, without making and testing a Null first)
                int64_t x;
                if (!range_iter_advance(iter, &x)) goto for_iter_exhausted;
                LOCALS[*ip++ >> 8] = Value::integer(x);
                DISPATCH();
            }
            if (iter->next == &list_iter_next) v = list_iter_step(iter);
            else goto op_FOR_ITER;
            if (v.is_null()) {
            for_iter_exhausted:
                --sp;
                ip = jump_dest(ip, arg);
                DISPATCH();
            }
            copy_value(&LOCALS[*ip++ >> 8], &v);
            DISPATCH();
        }
        goto op_FOR_ITER;
    }
    op_FOR_ITER: {
        Value it = TOP();
        Value v;
        if (it.is_obj() && it.as_obj()->kind == ObjKind::Iterator) {
            auto* iter = static_cast<Iterator*>(it.as_obj());
            if (iter->next == &range_iter_next) v = range_iter_step(iter);
            else if (iter->next == &list_iter_next) v = list_iter_step(iter);
            else {
                SYNC();
                v = iter->next(I, iter);
            }
        } else {
            SYNC();
            v = next(I, it);
        }
        if (v.is_null()) {
            --sp;
            ip = jump_dest(ip, arg);
        } else {
            PUSH(v);
        }
        DISPATCH();
    }
    op_POP_ITER: {
        SYNC();
        Value it = POP();
        if (is_loop_owned(it)) close_dropped_iterator(I, it);
        DISPATCH();
    }
    op_RETURN_VALUE: {
        if (plain_return(*f)) [[likely]] {
            // back into the caller below it on this fiber (past its YIELD_FROM after an await)
            // (a frame without a ret is a boundary: plain_return ruled it out)
            // The value goes to *ret first: carried across the pop it cost register copies.
            Value* ret = f->ret;
            Frame* caller = f->prev;
            copy_value(ret, sp - 1);
            fb->pop_top(f);
            vs.depth--;
            f = caller;
            ip = f->ip;
            sp = ret + 1;
            DISPATCH();
        }
        SYNC();
        Value v = POP();
        bool boundary = f->boundary;
        Value* ret = f->ret;
        if (f->fused == Fused::AgenStep) {
            I.pending = agen_frame_returned(I, fb);
            return Exit::Raise;
        }
        if (f->fused != Fused::No && fused_frame_returned(*f)) {
            pop_frame(I, fb);
            raise_generator_exit(I);
        }
        pop_frame(I, fb);
        if (boundary) {
            *result = v;
            return Exit::Returned;
        }
        LOAD_FRAME();
        if (ret) {
            sp = ret;
        }
        PUSH(v);
        DISPATCH();
    }

    op_MAKE_FUNCTION: {
        SYNC();
        Value fn = make_function(I, f, sp, arg);
        sp -= make_function_operands(arg);
        PUSH(fn);
        DISPATCH();
    }
    op_KW_NAMES:
        // CALL reads it: KW_NAMES always comes right before its CALL
        DISPATCH();
    op_CALL_AWAIT: {
        // The hot case of `await f(args)`: a coroutine function (or method) called with
        // exactly its positional parameters, no keywords, nothing due at the safepoint and
        // no await_now. Its frame is pushed like a call's and returns past the await's
        // own instructions; a raise in it surfaces at the YIELD_FROM. The rest is CALL's.
        Value* slot0 = sp - arg - 2;
        Value* args = slot0 + 2;
        uint32_t nargs = arg;
        Value callee = slot0[1];
        if (!slot0[0].is_null()) {
            callee = slot0[0];
            args--;
            nargs++;
        }
        if (callee.is_obj() && callee.as_obj()->kind == ObjKind::Function && op_of(ip[-2]) != Op::KW_NAMES) {
            auto* fn = static_cast<Function*>(callee.as_obj());
            if (nargs == fn->code->await_argcount && !I.heap.safepoint_due()) {
                if (Frame* nf = push_counted_frame(I, vs, fb, fn, args, nargs, slot0, Fused::Call)) {
                    f->ip = ip + 3;  // (ip[-1] the YIELD_FROM)
                    f->sp = slot0;
                    ENTER_PLAIN_FRAME(nf);
                    DISPATCH();
                }
            }
        }
        goto op_CALL;
    }
    op_CALL: {
        SYNC();
        uint32_t nargs = arg;
        Tuple* kwnames = op_of(ip[-2]) == Op::KW_NAMES ? static_cast<Tuple*>(CONSTS[arg_of(ip[-2])].as_obj()) : nullptr;
        Value* slot0 = sp - nargs - 2;
        Value callable;
        Value* args;
        if (!slot0[0].is_null()) {
            callable = slot0[0];
            args = slot0 + 1;
            nargs++;
        } else {
            callable = slot0[1];
            args = slot0 + 2;
        }
        if (callable.is_obj()) {
            Object* co = callable.as_obj();
            if (co->kind == ObjKind::BoundMethod && slot0[0].is_null()) {
                // unpack the bound method into the call slots: [func, self, args...]
                auto* bm = static_cast<BoundMethod*>(co);
                slot0[0] = bm->func;
                slot0[1] = bm->self;
                callable = bm->func;
                args = slot0 + 1;
                nargs++;
                co = callable.is_obj() ? callable.as_obj() : co;
            }
            if (co->kind == ObjKind::Function) {
                auto* fn = static_cast<Function*>(co);
                uint32_t flags = fn->code->flags;
                if (!(flags & (kCoGenerator | kCoCoroutine | kCoAsyncGenerator))) {
                    SAFEPOINT();
                    f->ip = ip;
                    f->sp = slot0;  // the callee's arguments are copied into its frame first
                    if (!kwnames) {
                        if (Frame* nf = push_plain_frame(I, vs, fb, fn, args, nargs, slot0)) {
                            ENTER_PLAIN_FRAME(nf);
                            DISPATCH();
                        }
                    }
                    Frame& nf = push_function_frame(I, fb, fn, args, nargs, kwnames, slot0);
                    (void)nf;
                    LOAD_FRAME();
                    DISPATCH();
                }
                // The compiler marks `await f(x)` (CALL_AWAIT); `yield from g(x)` is rare
                // enough to be recognised here.
                // (ip[-1], not `word`: keeping the word alive into every instruction costs a
                // register move per dispatch)
                if (op_of(ip[-1]) == Op::CALL_AWAIT ? (flags & kCoCoroutine) != 0
                                                    : yielded_from_at_once(flags, ip, CONSTS)) {
                    // `await f(x)` / `yield from g(x)`: no generator object, the frame is
                    // pushed like a call and returns past the YIELD_FROM (DESIGN decision 4).
                    SAFEPOINT();
                    if (fn->code->await_now && !kwnames && nargs == fn->code->argcount) {
                        // a native finishes it at once (Code::await_now): no frame at all
                        Value r = fn->code->await_now(I, CallArgs{args, nargs, nullptr, nullptr, 0}, fn);
                        if (!r.is_null()) {
                            sp = slot0;
                            PUSH(r);
                            ip += 3;
                            DISPATCH();
                        }
                    }
                    // Past the YIELD_FROM once the frame is pushed (a raise in the callee
                    // surfaces at ip[-1], the YIELD_FROM); a failed binding raises at the CALL.
                    f->sp = slot0;
                    if (!kwnames) {
                        if (Frame* nf = push_plain_frame(I, vs, fb, fn, args, nargs, slot0, Fused::Call)) {
                            f->ip = ip + 3;
                            ENTER_PLAIN_FRAME(nf);
                            DISPATCH();
                        }
                    }
                    push_function_frame(I, fb, fn, args, nargs, kwnames, slot0).fused = Fused::Call;
                    f->ip = ip + 3;
                    LOAD_FRAME();
                    DISPATCH();
                }
                Value g = make_generator(I, fn, args, nargs, kwnames);
                if (iterated_at_once(ip)) static_cast<Generator*>(g.as_obj())->set_loop_owned();
                sp = slot0;
                PUSH(g);
                DISPATCH();
            }
            if (co->kind == ObjKind::NativeFunction) {
                Value r = call_native(I, static_cast<NativeFunction*>(co), args, nargs, kwnames);
                sp = slot0;
                PUSH(r);
                DISPATCH();
            }
            if (co->kind == ObjKind::Type && static_cast<Type*>(co)->construct) {
                // args[-1] is the callee's slot, i.e. the type: the constructor's first argument.
                Value r = call_construct(I, static_cast<Type*>(co), args - 1, nargs + 1, kwnames);
                sp = slot0;
                PUSH(r);
                DISPATCH();
            }
        }
        Value r = call_generic(I, callable, args, nargs, kwnames);
        sp = slot0;
        PUSH(r);
        DISPATCH();
    }
    op_CALL_FUNCTION_EX: {
        SYNC();
        Value kwargs = (arg & 1) ? POP() : Value::null();
        Value posargs = POP();
        Value callable = POP();
        Value first = POP();
        f->sp = sp + 3 + (arg & 1);  // keep them rooted
        sp[0] = first; sp[1] = callable; sp[2] = posargs;
        if (arg & 1) sp[3] = kwargs;
        if (!first.is_null()) callable = first;  // not emitted by the compiler; kept for safety
        if (!has_iter_protocol(I, posargs))
            raise(I, I.exc.TypeError, callable_display_name(I, callable) + " argument after * must be an iterable, not " +
                                          type_name(I, posargs));
        Value r = call_ex(I, callable, posargs, kwargs, arg & 2);
        PUSH(r);
        DISPATCH();
    }
    op_LOAD_BUILD_CLASS:
        PUSH(vs.build_class);
        DISPATCH();
    op_SETUP_ANNOTATIONS: {
        SYNC();
        Dict* d = f->locals ? f->locals : f->globals;
        if (dict_get_str(d, I.names.__annotations__).is_null())
            dict_set_str(I, d, I.names.__annotations__, Value::object(new_dict(I)));
        DISPATCH();
    }

    op_RAISE_VARARGS: {
        SYNC();
        if (arg == 0) {
            Value h = fb->handled;
            if (h.is_none() || h.is_null()) raise(I, I.exc.RuntimeError, "No active exception to reraise");
            I.pending = h;
            return Exit::Reraise;
        }
        Value cause = arg == 2 ? POP() : Value::null();
        Value exc = POP();
        if (!cause.is_null()) {
            // normalise exc first so the cause attaches to the instance
            Value inst = exc;
            if (is_kind(exc, ObjKind::Type)) inst = call(I, exc, {});
            if (!is_kind(inst, ObjKind::Exception))
                raise(I, I.exc.TypeError, "exceptions must derive from BaseException");
            Value c = cause;
            if (is_kind(c, ObjKind::Type)) c = call(I, c, {});
            if (!c.is_none() && !is_kind(c, ObjKind::Exception))
                raise(I, I.exc.TypeError, "exception causes must derive from BaseException");
            as<Exception>(inst)->cause = c;
            as<Exception>(inst)->suppress_context = true;
            raise_value(I, inst);
        }
        raise_value(I, exc);
    }
    op_RERAISE: {
        SYNC();
        Value exc = POP();
        // The lasti below exc (arg != 0) only matters for a frame's line; the
        // handler search starts at this instruction, as in CPython.
        if (arg) --sp;
        I.pending = exc;
        return Exit::Reraise;
    }
    op_PUSH_EXC_INFO: {
        Value exc = TOP();
        TOP() = fb->handled;
        PUSH(exc);
        fb->handled = exc;
        DISPATCH();
    }
    op_POP_EXCEPT:
        fb->handled = POP();
        if (fb->handled.is_null()) fb->handled = Value::none();
        DISPATCH();
    op_CHECK_EXC_MATCH: {
        SYNC();
        Value type = TOP();
        TOP() = Value::boolean(exc_matches(I, PEEK(2), type));
        DISPATCH();
    }
    op_LOAD_ASSERTION_ERROR:
        PUSH(Value::object(I.exc.AssertionError));
        DISPATCH();
    op_BEFORE_WITH: {
        SYNC();
        Value mgr = TOP();
        Type* t = type_of(I, mgr);
        Value enter = lookup_type(t, I.names.__enter__);
        Value exit = lookup_type(t, I.names.__exit__);
        if (enter.is_null() || exit.is_null()) {
            std::string tn = type_name(I, mgr);
            if (enter.is_null())
                raise(I, I.exc.TypeError, "'" + tn + "' object does not support the context manager protocol");
            raise(I, I.exc.TypeError, "'" + tn + "' object does not support the context manager protocol (missed __exit__ method)");
        }
        Value bound_exit = getattr(I, mgr, I.names.__exit__);
        TOP() = bound_exit;
        Value r = call_method(I, mgr, I.names.__enter__, {});
        PUSH(r);
        DISPATCH();
    }
    op_WITH_EXCEPT_START: {
        SYNC();
        Value exc = TOP();
        Value exit = PEEK(4);
        Value r = call_exit(I, exit, exc);
        PUSH(r);
        DISPATCH();
    }
    op_WITH_NORMAL_EXIT: {
        SYNC();
        Value exit = TOP();
        call_exit(I, exit, Value::none());
        --sp;
        DISPATCH();
    }

    // `ip - 1` is the YIELD_VALUE's word (a superinstruction skipped to it): the frame's
    // suspension point (agen_borrow_at_yield, agen_yielded_item, Frame::current).
#define YIELD_VALUE_BODY(v)                                                                 \
    {                                                                                       \
        SAVE_FRAME();                                                                       \
        if (f->fused == Fused::AgenStep) {                                                  \
            /* an async generator's item for the `async for` that borrowed its frame       \
               (the consumer's registers are known: no reload through the fiber) */        \
            Frame* consumer = f->prev;                                                      \
            Value* slot = f->ret;                                                           \
            agen_give_back(vs, fb, v);                                                      \
            f = consumer;                                                                   \
            ip = f->ip;                                                                     \
            sp = slot + 1;                                                                  \
            DISPATCH();                                                                     \
        }                                                                                   \
        *result = v;                                                                        \
        return Exit::Yielded;                                                               \
    }
    op_YIELD_VALUE: {
        Value v = POP();
        YIELD_VALUE_BODY(v)
    }
    op_LOAD_FAST__YIELD_VALUE: {
        // `yield x` of a local (an async generator's loop): the value skips the stack
        Value v = load_value(&LOCALS[arg]);
        ip++;
        YIELD_VALUE_BODY(v)
    }
#undef YIELD_VALUE_BODY
    op_GET_YIELD_FROM_ITER: {
        SYNC();
        Value v = TOP();
        if (!is_kind(v, ObjKind::Generator) && !is_kind(v, ObjKind::Coroutine)) TOP() = get_iter(I, v);
        DISPATCH();
    }
    op_YIELD_FROM: {
        SYNC();
        Value sent = TOP();
        Value iter = PEEK(2);
        Resumed r;
        if (is_kind(iter, ObjKind::Generator) || is_kind(iter, ObjKind::Coroutine)) {
            auto* ig = static_cast<Generator*>(iter.as_obj());
            if (ig->state() == GenState::Created && sent.is_none()) {
                // run its frame on this fiber; it returns into iter's slot, past this instruction
                f->ip = ip;
                f->sp = sp - 1;
                fuse_created(I, fb, ig, sp - 2);
                LOAD_FRAME();
                DISPATCH();
            }
            r = gen_send(I, ig, sent);
        } else if (is_kind(iter, ObjKind::AsyncGenerator)) {
            if (sent.is_none() && agen_borrow(I, fb, static_cast<Generator*>(iter.as_obj()), sp - 2)) {
                f->ip = ip;
                f->sp = sp - 1;
                LOAD_FRAME();  // its frame runs here; its yield continues past this YIELD_FROM
                DISPATCH();
            }
            r = agen_step(I, static_cast<Generator*>(iter.as_obj()), sent, false);
        } else if (is_kind(iter, ObjKind::Future)) {
            r = stdlib::asyncio::future_await_step(I, sp - 2);  // asyncio's native Future / sleep(0)
        } else if (sent.is_none() && is_kind(iter, ObjKind::Iterator)) {
            Value v = next(I, iter);
            if (v.is_null()) r = {Value::none(), false};
            else r = {v, true};
        } else {
            r = send_to_iterator(I, iter, sent);
        }
        if (r.yielded) {
            --sp;  // drop sent; resume pushes the next sent value and re-runs this instruction
            --ip;  // parked on it (Frame::parked_in_yield_from)
            SAVE_FRAME();
            *result = r.value;
            return Exit::Yielded;
        }
        sp -= 2;
        PUSH(r.value);
        DISPATCH();
    }
    op_GET_AWAITABLE: {
        SYNC();
        Value v = TOP();
        Function* aw = await_generator_function(I, v);
        if (aw && op_of(ip[0]) == Op::LOAD_CONST && CONSTS[arg_of(ip[0])].is_none() &&
            op_of(ip[1]) == Op::YIELD_FROM) {
            // `await x` whose __await__ is a generator function (Future): run it fused
            f->sp = sp - 1;
            Frame& nf = push_function_frame(I, fb, aw, sp - 1, 1, nullptr, sp - 1);
            nf.fused = Fused::Call;
            f->ip = ip + 2;  // past the YIELD_FROM, where a raise in the callee surfaces
            LOAD_FRAME();
            DISPATCH();
        }
        TOP() = get_awaitable(I, v, arg);
        DISPATCH();
    }
    op_GET_AITER: {
        SYNC();
        Value v = TOP();
        Value m = lookup_type(type_of(I, v), I.names.__aiter__);
        if (m.is_null())
            raise(I, I.exc.TypeError, "'async for' requires an object with __aiter__ method, got " + type_name(I, v));
        Value it = call_method(I, v, I.names.__aiter__, {});
        if (!is_kind(it, ObjKind::AsyncGenerator) && lookup_type(type_of(I, it), I.names.__anext__).is_null())
            raise(I, I.exc.TypeError,
                  "'async for' received an object from __aiter__ that does not implement __anext__: " + type_name(I, it));
        TOP() = it;
        DISPATCH();
    }
    op_GET_ANEXT: {
        Value v = TOP();
        if (is_kind(v, ObjKind::AsyncGenerator)) {
            // The generator is its own awaitable. The LOAD_CONST None and YIELD_FROM that
            // always follow (the compiler's await_top) step it: at once here when its frame
            // can run on this fiber (agen_step.hpp), its yield continuing past that
            // YIELD_FROM (a raise surfaces at it); else YIELD_FROM steps it (agen_step).
            // The hot case calls nothing and stores the frame's state itself.
            auto* ag = static_cast<Generator*>(v.as_obj());
            PUSH(v);
            if (Frame* af = agen_borrow_at_yield(I, vs, fb, ag, sp - 1)) {
                f->ip = ip + 2;  // (ip[-1] the YIELD_FROM)
                f->sp = sp;
                f = af;
                ip = af->ip;
                sp = af->sp;
                DISPATCH();
            }
            SYNC();
            if (!ag->awaited()) agen_first_iter(I, ag);
            if (!agen_borrow(I, fb, ag, sp - 1)) DISPATCH();
            f->ip = ip + 2;
            f->sp = sp;
            LOAD_FRAME();
            DISPATCH();
        }
        SYNC();
        Value m = lookup_type(type_of(I, v), I.names.__anext__);
        if (m.is_null())
            raise(I, I.exc.TypeError, "'async for' requires an iterator with __anext__ method, got " + type_name(I, v));
        Value aw = call_method(I, v, I.names.__anext__, {});
        PUSH(get_awaitable(I, aw, kAwaitFromAnext));
        DISPATCH();
    }
    op_END_ASYNC_FOR: {
        SYNC();
        Value exc = POP();
        if (is_kind(exc, ObjKind::Exception) && is_subtype(exc.as_obj()->cls, I.exc.StopAsyncIteration)) {
            --sp;  // the async iterator
            DISPATCH();
        }
        I.pending = exc;
        return Exit::Reraise;
    }
    op_BEFORE_ASYNC_WITH: {
        SYNC();
        Value mgr = TOP();
        Type* t = type_of(I, mgr);
        if (lookup_type(t, I.names.__aenter__).is_null() || lookup_type(t, I.names.__aexit__).is_null())
            raise(I, I.exc.TypeError, "'" + type_name(I, mgr) +
                                          "' object does not support the asynchronous context manager protocol" +
                                          (lookup_type(t, I.names.__aenter__).is_null() ? "" : " (missed __aexit__ method)"));
        TOP() = getattr(I, mgr, I.names.__aexit__);
        Value r = call_method(I, mgr, I.names.__aenter__, {});
        PUSH(get_awaitable(I, r, 1));
        DISPATCH();
    }

    op_IMPORT_NAME: {
        SYNC();
        Value fromlist = POP();
        Value level = TOP();
        TOP() = import_name(I, NAMES[arg], fromlist, level.is_int() ? level.as_int() : 0, f->globals);
        DISPATCH();
    }
    op_IMPORT_FROM: {
        SYNC();
        Value v = import_from(I, TOP(), NAMES[arg]);
        PUSH(v);
        DISPATCH();
    }
    op_IMPORT_STAR: {
        SYNC();
        Value m = POP();
        import_star(I, m, f->locals ? f->locals : f->globals);
        DISPATCH();
    }
    op_PRINT_EXPR: {
        SYNC();
        Value v = POP();
        if (!v.is_none()) {
            dict_set_str(I, I.builtins, intern(I, "_"), Value::none());
            Str* r = repr(I, v);
            I.write_out(r->view());
            I.write_out("\n");
            dict_set_str(I, I.builtins, intern(I, "_"), v);
        }
        DISPATCH();
    }

    }
#undef LOAD_FRAME
#undef SAVE_FRAME
#undef ENTER_PLAIN_FRAME
#undef CODE
#undef LOCALS
#undef CONSTS
#undef NAMES
#undef DISPATCH
#undef PUSH
#undef POP
#undef TOP
#undef PEEK
#undef SAFEPOINT
}

// Unwinds I.pending from the top frame of `fb` through the exception tables.
// With `fresh`, the exception was just raised there: its context and a
// traceback entry are added first. Returns true when a handler was found (the
// frame's ip/sp point into it), false when a boundary frame was popped.
bool unwind_to_handler(Interp& I, Fiber* fb, bool fresh) {
    Frame* f = &fb->frames.back();
    if (fresh) {
        set_context(I, I.pending, fb->handled);
        add_traceback(I, I.pending, *f);
    }
    for (;;) {
        Code* code = f->code;
        uint32_t idx = uint32_t(f->current_index());
        const ExcEntry* h = nullptr;
        for (const ExcEntry& e : code->exc_table) {
            if (idx >= e.start && idx < e.end) {
                h = &e;
                break;
            }
            if (e.start > idx) break;
        }
        if (h) {
            Value* sp = f->stack() + h->depth;
            close_dropped_iterators(I, sp, f->sp);
            Value exc = I.pending;
            I.pending = Value::null();
            if (h->lasti) *sp++ = Value::integer(idx);
            *sp++ = exc;
            f->sp = sp;
            f->ip = code->code.data() + h->target;
            return true;
        }
        close_dropped_iterators(I, f->stack(), f->sp);
        bool boundary = f->boundary;
        bool unlinked = f->fused != Fused::No && fused_frame_raised(I, fb, *f);
        if (!unlinked) pop_frame(I, fb);
        if (boundary) return false;
        f = &fb->frames.back();
        add_traceback(I, I.pending, *f);
    }
}

}  // namespace

namespace {
bool native_depth_exceeded(Interp& I) { return state(I).native_depth > 2500 || c_stack_exhausted(I); }
}  // namespace

void check_native_depth(Interp& I) {
    if (native_depth_exceeded(I)) raise(I, I.exc.RecursionError, "maximum recursion depth exceeded");
}

bool run_caught(Interp& I, Fiber* fb, bool throw_pending, Resumed* out) {
    VMState& vs = state(I);
    struct NativeDepth {
        VMState& vs;
        Fiber* saved;
        NativeDepth(VMState& v, Fiber* fb) : vs(v), saved(v.current) { vs.native_depth++; vs.current = fb; }
        ~NativeDepth() { vs.native_depth--; vs.current = saved; }
    } guard(vs, fb);

    bool raised = throw_pending, fresh = true;
    // The caller has pushed the frame to run: a RecursionError here is raised in it,
    // so that it is unwound like any other (thrown straight out, it stayed pushed and
    // every outer run() unwound to the wrong boundary). Callers check before pushing
    // too, but this frame sits deeper on the C stack than their check did.
    if (!raised && native_depth_exceeded(I)) {
        I.pending = new_exception(I, I.exc.RecursionError, "maximum recursion depth exceeded");
        raised = true;
    }
    for (;;) {
        if (raised && !unwind_to_handler(I, fb, fresh)) return false;
        Value result;
        Exit how;
        try {
            how = execute(I, fb, vs, &result);
        } catch (Unwind&) {
            // A native or helper raised: the exception is in I.pending.
            raised = fresh = true;
            continue;
        }
        if (how == Exit::Reraise || how == Exit::Raise) {
            raised = true;
            fresh = how == Exit::Raise;
            continue;
        }
        *out = Resumed{result, how == Exit::Yielded};
        return true;
    }
}

Resumed run(Interp& I, Fiber* fb, bool throw_pending) {
    Resumed r;
    if (!run_caught(I, fb, throw_pending, &r)) throw Unwind{};
    return r;
}

Value call_function(Interp& I, Function* fn, const CallArgs& a) { return call_function(I, fn, a, nullptr); }

Value call_function(Interp& I, Function* fn, const CallArgs& a, List* spent) {
    // Contiguous positional + keyword values for binding. Binding only reads them,
    // and copies them into the frame before any code runs, so values that already
    // lie contiguous are used where they are: f(*items) of 200,000 items made a
    // 3.2 MB copy that stayed alive for the whole call.
    Value tmp[16];
    std::vector<Value> big;
    uint32_t n = a.nargs + a.nkw;
    Value* buf = const_cast<Value*>(a.args);
    if (a.nkw && a.kwvalues != a.args + a.nargs) {
        buf = tmp;
        if (n > 16) {
            big.resize(n);
            buf = big.data();
        }
        for (uint32_t i = 0; i < a.nargs; i++) buf[i] = a.args[i];
        for (uint32_t i = 0; i < a.nkw; i++) buf[a.nargs + i] = a.kwvalues[i];
    }
    Tuple* kwnames = nullptr;
    if (a.nkw) {
        kwnames = new_tuple(I, a.nkw);
        for (uint32_t i = 0; i < a.nkw; i++) kwnames->items()[i] = Value::object(interned_name(I, a.kwnames[i]));
    }
    if (fn->code->flags & (kCoGenerator | kCoCoroutine | kCoAsyncGenerator)) {
        Value g = make_generator(I, fn, buf, n, kwnames);
        if (spent) list_release(I, spent);
        return g;
    }
    check_native_depth(I);
    VMState& vs = state(I);
    Fiber* fb = vs.current;
    Frame& fr = push_function_frame(I, fb, fn, buf, n, kwnames, nullptr);
    fr.boundary = true;
    if (spent) list_release(I, spent);
    return run(I, fb).value;
}

// Whether [code] or a code nested in it is an async generator (or async genexp) or
// names the anext/aiter builtins ([names]: those two, interned).
static bool needs_agen_protocol(const Code* code, Str* const (&names)[2]) {
    if (code->flags & kCoAsyncGenerator) return true;
    for (Str* n : code->names)
        if (n == names[0] || n == names[1]) return true;
    for (Value c : code->consts)
        if (is_kind(c, ObjKind::Code) && needs_agen_protocol(static_cast<const Code*>(c.as_obj()), names)) return true;
    return false;
}

Value run_module_code(Interp& I, Code* code, Dict* globals) {
    return run_code(I, code, globals, (code->flags & kCoModule) ? globals : nullptr);
}

Value run_code(Interp& I, Code* code, Dict* globals, Dict* locals) {
    check_native_depth(I);
    VMState& vs = state(I);
    // Async generators get their protocol (__aiter__, __anext__, asend, athrow, aclose)
    // and the anext/aiter builtins from asyncio.agen, written in aio. A module that
    // defines one or names those builtins imports it first, so they work without
    // `import asyncio` as in CPython; the flag is set first because asyncio's own
    // modules come through here.
    if (!vs.agen_protocol_loaded && needs_agen_protocol(code, {intern(I, "anext"), intern(I, "aiter")})) {
        vs.agen_protocol_loaded = true;
        TempRoot keep(I, code);
        import_name(I, intern(I, "asyncio.agen"), Value::none(), 0, globals);
    }
    Fiber* fb = vs.current;
    Frame& fr = push_code_frame(I, fb, code, globals, locals, nullptr);
    fr.boundary = true;
    return run(I, fb).value;
}

}  // namespace aio::vm
