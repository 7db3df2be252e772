// interpreter/vm_support.cpp - the VM's services to the runtime: creating Code
// objects, GC tracing of frames/fibers and VM-owned objects, __build_class__,
// and super() (whose zero-argument form reads the caller's frame).
#include <new>

#include "interpreter/vm.hpp"
#include "interpreter/vm_api.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/traceback.hpp"

namespace aio::vm {

using namespace aio::rt;

Code* new_code(Interp& I) {
    Object* o = I.heap.alloc(sizeof(Code), ObjKind::Code, I.types.code);
    Object header = *o;
    auto* c = new (o) Code();
    static_cast<Object&>(*c) = header;
    return c;
}

namespace {

void trace_fiber(Interp& I, Fiber* fb) {
    Heap& h = I.heap;
    h.mark(fb->handled);
    // To the null prev: an async generator's frame borrowed by a consumer (Fused::AgenStep)
    // is linked on the consumer's list, and while it is, the walk from the generator's
    // own fiber goes on into the consumer's frames too (marked twice, which is harmless).
    for (Frame* f = fb->frames.empty() ? nullptr : &fb->frames.back(); f; f = f->prev) {
        Frame& fr = *f;
        h.mark(fr.code);
        h.mark(fr.globals);
        h.mark(fr.locals);
        for (Value* p = fr.base(); p < fr.sp; p++) h.mark(*p);
    }
}

}  // namespace

void trace_roots(Interp& I) {
    if (!I.vm) return;
    VMState& vs = state(I);
    trace_fiber(I, &vs.main);
    for (Fiber* fb : vs.resumed) trace_fiber(I, fb);
    if (vs.current != &vs.main) trace_fiber(I, vs.current);
    I.heap.mark(vs.build_class);
    I.heap.mark(vs.agen_firstiter);
    I.heap.mark(vs.agen_finalizer);
    I.heap.mark(vs.traceback_type);
    for (Generator* g : vs.finalize_queue) I.heap.mark(g);
    for (Tuple* t : vs.gen_names) I.heap.mark(t);
    vs.comprehension_fns.fill(nullptr);
}

void trace_object(Interp& I, Object* o) {
    Heap& h = I.heap;
    switch (o->kind) {
        case ObjKind::Code: {
            auto* c = static_cast<Code*>(o);
            for (Value v : c->consts) h.mark(v);
            for (Str* s : c->names) h.mark(s);
            for (Str* s : c->varnames) h.mark(s);
            for (Str* s : c->cellvars) h.mark(s);
            for (Str* s : c->freevars) h.mark(s);
            for (const GlobalCache& gc : c->global_cache) {
                h.mark(gc.globals);
                h.mark(gc.value);
            }
            for (const AttrCache& ac : c->attr_cache) {
                h.mark(ac.type);
                h.mark(ac.value);
            }
            h.mark(c->name);
            h.mark(c->qualname);
            h.mark(c->filename);
            break;
        }
        case ObjKind::Generator:
        case ObjKind::Coroutine:
        case ObjKind::AsyncGenerator: {
            auto* g = static_cast<Generator*>(o);
            h.mark(g->names);
            if (Fiber* fb = g->fiber()) trace_fiber(I, fb);
            break;
        }
        default: break;
    }
}

// CPython's three lines: "file:line: RuntimeWarning: ...", the source line, the tracemalloc hint.
static std::string never_awaited_warning(Interp& I, Generator* g) {
    std::string msg = "RuntimeWarning: coroutine '" + std::string(g->qualname()->view()) + "' was never awaited\n";
    Str* origin = g->origin_file();
    if (!origin) return msg;
    std::string out = std::string(origin->view()) + ":" + std::to_string(g->origin_line()) + ": " + msg;
    std::string src = source_line_text(I, origin->view(), int(g->origin_line()));
    if (!src.empty()) out += "  " + src + "\n";
    return out + "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n";
}

void finalize_object(Interp& I, Object* o) {
    switch (o->kind) {
        case ObjKind::Code: static_cast<Code*>(o)->~Code(); break;
        case ObjKind::Generator:
        case ObjKind::Coroutine:
        case ObjKind::AsyncGenerator: {
            auto* g = static_cast<Generator*>(o);
            if (g->kind == ObjKind::Coroutine && !g->awaited() && g->state() == GenState::Created && I.vm) {
                std::string warning = never_awaited_warning(I, g);
                if (state(I).warned.insert(warning).second) I.write_err(warning);
            }
            // The fiber's frames are not popped through pop_frame: it is not on any chain.
            g->drop_fiber();
            break;
        }
        default: break;
    }
}

// --- __build_class__ ------------------------------------------------------------------
namespace {

// PEP 560: a base that is not a class but has __mro_entries__ (list[int], a typing
// alias) is replaced by the classes that method returns. [bases] itself when none is.
Tuple* resolve_mro_entries(Interp& I, Tuple* bases) {
    Str* name = intern(I, "__mro_entries__");
    List* out = new_list(I, bases->size);  // the bases with entries spliced in
    TempRoot keep(I, out);
    bool changed = false;
    for (uint32_t i = 0; i < bases->size; i++) {
        Value b = bases->items()[i];
        Value m = is_kind(b, ObjKind::Type) ? Value::null() : getattr_opt(I, b, name);
        if (m.is_null()) {
            list_append(I, out, b);
            continue;
        }
        Value r = call(I, m, {Value::object(bases)});
        if (!is_kind(r, ObjKind::Tuple)) raise(I, I.exc.TypeError, "__mro_entries__ must return a tuple");
        for (uint32_t k = 0; k < as<Tuple>(r)->size; k++) list_append(I, out, as<Tuple>(r)->items()[k]);
        changed = true;
    }
    return changed ? new_tuple(I, out->items, out->size) : bases;
}

Value build_class(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs < 2) raise(I, I.exc.TypeError, "__build_class__: not enough arguments");
    if (!is_kind(a.args[0], ObjKind::Function)) raise(I, I.exc.TypeError, "__build_class__: func must be a function");
    if (!is_str(a.args[1])) raise(I, I.exc.TypeError, "__build_class__: name is not a string");
    Function* body = as<Function>(a.args[0]);
    Str* name = as_str(a.args[1]);
    Tuple* orig_bases = new_tuple(I, a.args + 2, a.nargs - 2);
    TempRoot r0(I, orig_bases);
    Tuple* bases = resolve_mro_entries(I, orig_bases);
    TempRoot r1(I, bases);
    Dict* ns = new_dict(I);
    TempRoot r2(I, ns);
    if (bases != orig_bases) dict_set_str(I, ns, intern(I, "__orig_bases__"), Value::object(orig_bases));
    check_native_depth(I);
    VMState& vs = state(I);
    Fiber* fb = vs.current;
    Frame& fr = push_code_frame(I, fb, body->code, body->globals, ns, body->closure);
    fr.boundary = true;
    run(I, fb);
    Str* cc = intern(I, "__classcell__");
    Value cell = dict_get_str(ns, cc);
    if (!cell.is_null()) dict_del(I, ns, Value::object(cc));
    // The class statement's keywords but metaclass= go to __init_subclass__.
    std::vector<Value> kwv;
    std::vector<Str*> kwn;
    Value meta = Value::null();
    for (uint32_t k = 0; k < a.nkw; k++) {
        if (a.kwnames[k]->view() == "metaclass") {
            meta = a.kwvalues[k];
            continue;
        }
        kwv.push_back(a.kwvalues[k]);
        kwn.push_back(a.kwnames[k]);
    }
    CallArgs class_kw{nullptr, 0, kwv.data(), kwn.data(), uint32_t(kwv.size())};
    Value made;
    if (!meta.is_null() && !meta.same(Value::object(I.types.type))) {
        // Classes are all of type `type` (no metaclasses), but a metaclass= that is
        // some other callable is called with (name, bases, namespace, **kw), as in
        // CPython: abc.ABCMeta is such a stand-in.
        TempRoot r3(I, cell);
        Value margs[3] = {Value::object(name), Value::object(bases), Value::object(ns)};
        made = call(I, meta, CallArgs{margs, 3, kwv.data(), kwn.data(), uint32_t(kwv.size())});
    } else {
        made = Value::object(make_class(I, name, bases, ns, &class_kw));
    }
    if (is_kind(cell, ObjKind::Cell)) as<Cell>(cell)->value = made;
    return made;
}

// super(type, obj) / super(): the object the runtime's getattr resolves through.
Value super_new(Interp& I, const CallArgs& a, Object*) {
    Type* type = nullptr;
    Value obj;
    if (a.nargs <= 1) {
        current_super_args(I, &type, &obj);
    } else {
        if (!is_kind(a.args[1], ObjKind::Type))
            raise(I, I.exc.TypeError, "super() argument 1 must be a type, not " + type_name(I, a.args[1]));
        type = as<Type>(a.args[1]);
        obj = a.nargs >= 3 ? a.args[2] : Value::none();
    }
    Type* obj_type;
    if (is_kind(obj, ObjKind::Type) && is_subtype(as<Type>(obj), type)) obj_type = as<Type>(obj);
    else if (is_subtype(type_of(I, obj), type)) obj_type = type_of(I, obj);
    else raise(I, I.exc.TypeError, "super(type, obj): obj must be an instance or subtype of type");
    auto* s = I.heap.make<Super>(ObjKind::Super, I.types.super);
    s->type = type;
    s->obj = obj;
    s->obj_type = obj_type;
    return Value::object(s);
}

Value super_init(Interp&, const CallArgs&, Object*) { return Value::none(); }

}  // namespace

void current_super_args(Interp& I, Type** type, Value* obj) {
    VMState& vs = state(I);
    Fiber* fb = vs.current;
    if (fb->frames.empty()) raise(I, I.exc.RuntimeError, "super(): no arguments");
    Frame& fr = fb->frames.back();
    Code* co = fr.code;
    if (co->argcount == 0 && !(co->flags & kCoVarargs)) raise(I, I.exc.RuntimeError, "super(): no arguments");
    Value first = fr.base()[0];
    // the first argument may live in a cell when a closure captured it
    for (size_t i = 0; i < co->cellvars.size(); i++) {
        if (!co->cell2arg.empty() && co->cell2arg[i] == 0) first = static_cast<Cell*>(fr.cells()[i].as_obj())->value;
    }
    if (first.is_null()) raise(I, I.exc.RuntimeError, "super(): arg[0] deleted");
    uint32_t ncell = uint32_t(co->cellvars.size());
    for (size_t i = 0; i < co->freevars.size(); i++) {
        if (co->freevars[i]->view() == "__class__") {
            Value c = static_cast<Cell*>(fr.cells()[ncell + i].as_obj())->value;
            if (!is_kind(c, ObjKind::Type)) raise(I, I.exc.RuntimeError, "super(): empty __class__ cell");
            *type = as<Type>(c);
            *obj = first;
            return;
        }
    }
    raise(I, I.exc.RuntimeError, "super(): __class__ cell not found");
}

Value make_build_class(Interp& I) { return Value::object(new_native(I, "__build_class__", build_class)); }

void install_super(Interp& I) {
    Type* t = I.types.super;
    dict_set_str(I, t->dict, I.names.__new__, Value::object(new_native(I, "__new__", super_new)));
    dict_set_str(I, t->dict, I.names.__init__, Value::object(new_native(I, "__init__", super_init)));
}

Value make_traceback(Interp& I, Exception* e) {
    VMState& vs = state(I);
    if (!vs.traceback_type) {
        Dict* ns = new_dict(I);
        TempRoot r(I, ns);
        dict_set_str(I, ns, I.names.__module__, Value::object(I.names.builtins));
        vs.traceback_type = make_class(I, intern(I, "traceback"), new_tuple(I, 0u), ns);
    }
    // tb[0] is the innermost entry; the traceback chain starts at the outermost.
    Value next = Value::none();
    for (size_t i = 0; i < e->tb->size(); i++) {
        const TracebackEntry& te = (*e->tb)[i];
        TempRoot keep_next(I, next);
        Instance* tb = new_instance(I, vs.traceback_type);
        TempRoot r(I, tb);
        // Straight into a fresh instance dict: `with` blocks build one per exception
        // they see (__exit__'s third argument), generators closed early included.
        Dict* d = new_dict(I);
        tb->attrs = d;
        dict_set_str(I, d, I.names.tb_lineno, Value::integer(te.line));
        dict_set_str(I, d, I.names.tb_next, next);
        dict_set_str(I, d, I.names.tb_frame, Value::none());
        next = Value::object(tb);
    }
    return next;
}

void init_vm(Interp& I) {
    I.vm.reset(new VMState());
    I.vm->safepoint_trigger = &I.heap.safepoint_trigger();
    state(I).build_class = make_build_class(I);
    install_super(I);
    install_generator_types(I);
    install_code_type(I);
}

}  // namespace aio::vm

void aio::rt::Interp::VMStateDeleter::operator()(aio::vm::VMState* p) const { delete p; }
