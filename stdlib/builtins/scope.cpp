// stdlib/builtins/scope.cpp - built-ins that look at the calling frame (globals, locals,
// vars() and dir() without arguments), plus the small methods of range, slice and the
// singleton types (NoneType(), range.index/count, slice.indices).
// The caller's frame is the top frame of the current fiber: natives push no frame.
#include <algorithm>
#include <string>
#include <vector>

#include "interpreter/load.hpp"
#include "interpreter/vm.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

vm::Frame* caller_frame(Interp& I) {
    vm::Fiber* fb = vm::state(I).current;
    if (!fb || fb->frames.empty()) return nullptr;
    return &fb->frames.back();
}

Value builtin_globals(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "globals");
    rt::check_nargs(I, a, "globals", 0, 0);
    vm::Frame* f = caller_frame(I);
    return f && f->globals ? obj(f->globals) : obj(rt::new_dict(I));
}

// __import__(name, globals=None, locals=None, fromlist=(), level=0): what the import
// statement runs; the top package unless fromlist names something, as CPython.
Value builtin_import(Interp& I, const CallArgs& a, Object*) {
    Value args[5];
    bind_args(I, a, "__import__", {"name", "globals", "locals", "fromlist", "level"}, 1, args);
    if (!is_str(args[0])) rt::raise(I, I.exc.TypeError, "module name must be a string");
    int64_t level = args[4].is_null() ? 0 : arg_index(I, args[4]);
    if (level < 0) rt::raise(I, I.exc.ValueError, "level must be >= 0");
    if (as_str(args[0])->size == 0 && level == 0) rt::raise(I, I.exc.ValueError, "Empty module name");
    Value fromlist = Value::none();
    if (is_list(args[3]) && as_list(args[3])->size)
        fromlist = obj(rt::new_tuple(I, as_list(args[3])->items, as_list(args[3])->size));
    else if (is_tuple(args[3]) && as_tuple(args[3])->size)
        fromlist = args[3];
    rt::TempRoot keep(I, fromlist);
    vm::Frame* f = caller_frame(I);
    rt::Dict* globals = is_dict(args[1]) ? as_dict(args[1]) : f && f->globals ? f->globals : I.builtins;
    return vm::import_name(I, as_str(args[0]), fromlist, level, globals);
}

// locals(): the namespace of module/class bodies, else a snapshot of the bound locals
// and cells of a function frame.
rt::Dict* frame_locals(Interp& I) {
    vm::Frame* f = caller_frame(I);
    if (!f) return rt::new_dict(I);
    if (f->locals) return f->locals;
    rt::Dict* d = rt::new_dict(I);
    rt::Code* code = f->code;
    for (uint32_t i = 0; i < code->nlocals(); ++i)
        if (!f->base()[i].is_null()) rt::dict_set(I, d, obj(code->varnames[i]), f->base()[i]);
    uint32_t ncell = static_cast<uint32_t>(code->cellvars.size());
    for (uint32_t i = 0; i < code->ncells(); ++i) {
        Value c = f->cells()[i];
        if (!is_kind(c, ObjKind::Cell)) continue;
        Value v = static_cast<rt::Cell*>(c.as_obj())->value;
        Str* name = i < ncell ? code->cellvars[i] : code->freevars[i - ncell];
        if (!v.is_null()) rt::dict_set(I, d, obj(name), v);
    }
    return d;
}

// eval(source, globals=None, locals=None) / exec(...): compiles the text as "<string>"
// and runs it with the caller's namespaces, or the given ones (locals defaults to
// globals). Source text only: aio has no compile() and no code objects to pass.
Value run_source(Interp& I, const CallArgs& a, const char* fname, compiler::CompileMode mode) {
    Value args[3];
    bind_args(I, a, fname, {"source", "globals", "locals"}, 1, args);
    std::string src;
    if (is_str(args[0])) src = as_str(args[0])->view();
    else if (is_kind(args[0], ObjKind::Bytes)) src = static_cast<rt::Bytes*>(args[0].as_obj())->view();
    else rt::raise_fmt(I, I.exc.TypeError, "%s() arg 1 must be a string, bytes or code object", fname);
    if (mode == compiler::CompileMode::Eval) src.erase(0, src.find_first_not_of(" \t"));
    bool has_g = !args[1].is_null() && !args[1].is_none();
    bool has_l = !args[2].is_null() && !args[2].is_none();
    if (has_g && !is_dict(args[1])) {
        if (mode == compiler::CompileMode::Eval) rt::raise(I, I.exc.TypeError, "globals must be a dict");
        rt::raise_fmt(I, I.exc.TypeError, "exec() globals must be a dict, not %s", rt::type_name(I, args[1]).c_str());
    }
    if (has_l && !is_dict(args[2])) rt::raise(I, I.exc.TypeError, "locals must be a mapping");
    rt::Dict* globals;
    rt::Dict* locals;
    if (has_g) {
        globals = as_dict(args[1]);
        locals = has_l ? as_dict(args[2]) : globals;
    } else {
        vm::Frame* f = caller_frame(I);
        globals = f && f->globals ? f->globals : rt::new_dict(I);
        rt::TempRoot keep_g(I, globals);
        locals = has_l ? as_dict(args[2]) : frame_locals(I);
    }
    rt::TempRoot r1(I, globals), r2(I, locals);
    rt::Code* code = vm::compile_or_raise(I, src, "<string>", mode);
    rt::TempRoot r3(I, code);
    Value r = vm::run_code(I, code, globals, locals);
    return mode == compiler::CompileMode::Eval ? r : Value::none();
}

Value builtin_eval(Interp& I, const CallArgs& a, Object*) {
    return run_source(I, a, "eval", compiler::CompileMode::Eval);
}

Value builtin_exec(Interp& I, const CallArgs& a, Object*) {
    return run_source(I, a, "exec", compiler::CompileMode::Module);
}

Value builtin_locals(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "locals");
    rt::check_nargs(I, a, "locals", 0, 0);
    return obj(frame_locals(I));
}

// --- NoneType(), NotImplementedType(), ellipsis() -----------------------------------------
Value none_new(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs > 1 || a.nkw) rt::raise(I, I.exc.TypeError, "NoneType takes no arguments");
    return Value::none();
}
Value notimpl_new(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs > 1 || a.nkw) rt::raise(I, I.exc.TypeError, "NotImplementedType takes no arguments");
    return I.not_implemented;
}
Value ellipsis_new(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs > 1 || a.nkw) rt::raise(I, I.exc.TypeError, "ellipsis takes no arguments");
    return I.ellipsis;
}

// --- range -------------------------------------------------------------------------------------------
rt::Range* self_range(Interp& I, const CallArgs& a, const char* name) {
    return static_cast<rt::Range*>(check_self(I, a, I.types.range, name));
}

// Index of integer v in r, or -1.
int64_t range_find(rt::Range* r, int64_t v) {
    if (r->step > 0 ? (v < r->start || v >= r->stop) : (v > r->start || v <= r->stop)) return -1;
    __int128 off = static_cast<__int128>(v) - r->start;
    if (off % r->step != 0) return -1;
    return static_cast<int64_t>(off / r->step);
}

Value range_index(Interp& I, const CallArgs& a, Object*) {
    rt::Range* r = self_range(I, a, "index");
    str_args(I, a, "index", 1, 1);
    Value v = a.args[1];
    if (is_intlike(v)) {
        int64_t i = range_find(r, intlike(v));
        if (i >= 0) return Value::integer(i);
    } else {
        for (int64_t i = 0; i < r->length; ++i)
            if (rt::eq(I, Value::integer(r->start + i * r->step), v)) return Value::integer(i);
    }
    std::string s = rt::repr(I, v)->data();
    rt::raise_fmt(I, I.exc.ValueError, "%s is not in range", s.c_str());
}

Value range_count(Interp& I, const CallArgs& a, Object*) {
    rt::Range* r = self_range(I, a, "count");
    str_args(I, a, "count", 1, 1);
    Value v = a.args[1];
    if (is_intlike(v)) return Value::integer(range_find(r, intlike(v)) >= 0 ? 1 : 0);
    int64_t n = 0;
    for (int64_t i = 0; i < r->length; ++i) n += rt::eq(I, Value::integer(r->start + i * r->step), v);
    return Value::integer(n);
}

// --- slice ---------------------------------------------------------------------------------------------
Value slice_indices(Interp& I, const CallArgs& a, Object*) {
    auto* s = static_cast<rt::Slice*>(check_self(I, a, I.types.slice, "indices"));
    str_args(I, a, "indices", 1, 1);
    int64_t len = arg_index(I, a.args[1]);
    if (len < 0) rt::raise(I, I.exc.ValueError, "length should not be negative");
    int64_t start, stop, step;
    rt::slice_indices(I, s, len, &start, &stop, &step);
    return obj(rt::new_tuple(I, {Value::integer(start), Value::integer(stop), Value::integer(step)}));
}

// --- explicit dunders of dict (super().__getitem__(k) in dict subclasses) ----------------
// They perform the built-in behaviour directly: rt::getitem would dispatch back to the
// subclass's override and recurse.
rt::Dict* self_dict(Interp& I, const CallArgs& a, const char* name, uint32_t nargs) {
    auto* d = static_cast<rt::Dict*>(check_self(I, a, I.types.dict, name));
    str_args(I, a, name, nargs, nargs);
    return d;
}

Value dict_getitem(Interp& I, const CallArgs& a, Object*) {
    rt::Dict* d = self_dict(I, a, "__getitem__", 1);
    Value v = rt::dict_get(I, d, a.args[1]);
    if (!v.is_null()) return v;
    if (d->cls->tflags & rt::kTypeHeap) {
        Value m = rt::lookup_heap(d->cls, I.names.__missing__);
        if (!m.is_null()) return rt::call(I, m, {a.args[0], a.args[1]});
    }
    rt::raise_value(I, rt::new_exception_args(I, I.exc.KeyError, rt::new_tuple(I, {a.args[1]})));
}

Value dict_setitem(Interp& I, const CallArgs& a, Object*) {
    rt::Dict* d = self_dict(I, a, "__setitem__", 2);
    rt::dict_set(I, d, a.args[1], a.args[2]);
    return Value::none();
}

Value dict_delitem(Interp& I, const CallArgs& a, Object*) {
    rt::Dict* d = self_dict(I, a, "__delitem__", 1);
    if (!rt::dict_del(I, d, a.args[1]))
        rt::raise_value(I, rt::new_exception_args(I, I.exc.KeyError, rt::new_tuple(I, {a.args[1]})));
    return Value::none();
}

Value dict_contains(Interp& I, const CallArgs& a, Object*) {
    rt::Dict* d = self_dict(I, a, "__contains__", 1);
    return Value::boolean(!rt::dict_get(I, d, a.args[1]).is_null());
}

Value dict_len(Interp& I, const CallArgs& a, Object*) {
    return Value::integer(self_dict(I, a, "__len__", 0)->size);
}

Value dict_iter(Interp& I, const CallArgs& a, Object*) {
    return rt::new_dict_iter(I, self_dict(I, a, "__iter__", 0), rt::DictIterMode::Keys);
}

void add_new_static(Interp& I, Type* t, rt::NativeFn fn) {
    if (!t || !rt::dict_get_str(t->dict, I.names.__new__).is_null()) return;
    add_methods(I, t, {{"__new__", fn}}, Binding::Static);
}

}  // namespace

// dir() with no argument: the sorted names of the caller's scope.
Value dir_of_caller(Interp& I) {
    rt::Dict* d = frame_locals(I);
    std::vector<Str*> names;
    Value k, v;
    for (uint32_t i = 0; rt::dict_next(d, &i, &k, &v);)
        if (is_str(k)) names.push_back(as_str(k));
    std::sort(names.begin(), names.end(), [](Str* x, Str* y) { return x->view() < y->view(); });
    rt::List* l = rt::new_list(I, static_cast<uint32_t>(names.size()));
    for (Str* s : names) rt::list_append(I, l, obj(s));
    return obj(l);
}

rt::Dict* caller_locals(Interp& I) { return frame_locals(I); }

void install_scope(Interp& I) {
    add_functions(I, I.builtins, {{"globals", builtin_globals}, {"locals", builtin_locals}, {"__import__", builtin_import},
                                  {"eval", builtin_eval}, {"exec", builtin_exec}});
    add_new_static(I, I.types.none, none_new);
    add_new_static(I, I.types.not_implemented_type, notimpl_new);
    add_new_static(I, I.types.ellipsis_type, ellipsis_new);
    add_methods(I, I.types.range, {{"index", range_index}, {"count", range_count}});
    add_methods(I, I.types.slice, {{"indices", slice_indices}});
    add_methods(I, I.types.dict, {
        {"__getitem__", dict_getitem},
        {"__setitem__", dict_setitem},
        {"__delitem__", dict_delitem},
        {"__contains__", dict_contains},
        {"__len__", dict_len},
        {"__iter__", dict_iter},
    });
    // aio has no complex or memoryview; the names exist so isinstance(x, (int, complex))
    // and similar checks in library code work (nothing is ever an instance).
    for (const char* name : {"complex", "memoryview"})
        if (rt::dict_get_str(I.builtins, rt::intern(I, name)).is_null())
            rt::dict_set_str(I, I.builtins, rt::intern(I, name), obj(make_native_type(I, name, ObjKind::Instance)));
}

}  // namespace aio::stdlib
