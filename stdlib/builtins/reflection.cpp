// stdlib/builtins/reflection.cpp - introspection built-ins: isinstance, issubclass,
// getattr/setattr/hasattr/delattr, callable, vars, dir.
// Attribute access goes through the runtime's protocol (descriptors, __getattr__), so
// these are thin: argument checks with CPython's messages, then one rt:: call.
#include <algorithm>
#include <string>
#include <vector>

#include "interpreter/vm_api.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

// The classes of `int | None` (a types.UnionType) as a tuple, or Null for anything else.
// A parameterized generic (list[int]) is refused as CPython does.
Value union_classes(Interp& I, Value cls, const char* fn) {
    if (!cls.is_obj() || !(cls.as_obj()->cls->tflags & rt::kTypeHeap)) return Value::null();
    rt::TempRoot keep(I, cls);
    Value ut = vm::module_attr(I, "types", rt::intern(I, "UnionType"));
    if (is_type(ut) && rt::isinstance(I, cls, as_type(ut))) return rt::getattr(I, cls, rt::intern(I, "__args__"));
    Value ga = vm::module_attr(I, "types", rt::intern(I, "GenericAlias"));
    if (is_type(ga) && rt::isinstance(I, cls, as_type(ga)))
        rt::raise_fmt(I, I.exc.TypeError, "%s() argument 2 cannot be a parameterized generic", fn);
    return Value::null();
}

// Nested tuples of classes are allowed at any depth.
bool isinstance_any(Interp& I, Value v, Value cls) {
    if (is_type(cls)) return rt::isinstance(I, v, as_type(cls));
    if (is_tuple(cls)) {
        rt::NativeRecursion depth(I, " in __instancecheck__");
        rt::Tuple* t = as_tuple(cls);
        for (uint32_t i = 0; i < t->size; ++i)
            if (isinstance_any(I, v, t->items()[i])) return true;
        return false;
    }
    Value classes = union_classes(I, cls, "isinstance");
    if (!classes.is_null()) return isinstance_any(I, v, classes);
    rt::raise(I, I.exc.TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union");
}

bool issubclass_any(Interp& I, Type* t, Value cls) {
    if (is_type(cls)) return rt::is_subtype(t, as_type(cls));
    if (is_tuple(cls)) {
        rt::NativeRecursion depth(I, " in __subclasscheck__");
        rt::Tuple* tu = as_tuple(cls);
        for (uint32_t i = 0; i < tu->size; ++i)
            if (issubclass_any(I, t, tu->items()[i])) return true;
        return false;
    }
    Value classes = union_classes(I, cls, "issubclass");
    if (!classes.is_null()) return issubclass_any(I, t, classes);
    rt::raise(I, I.exc.TypeError,
              "issubclass() arg 2 must be a class, a tuple of classes, or a union");
}

Value builtin_isinstance(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "isinstance");
    if (a.nargs != 2) rt::raise_fmt(I, I.exc.TypeError, "isinstance expected 2 arguments, got %u", a.nargs);
    return Value::boolean(isinstance_any(I, a.args[0], a.args[1]));
}

Value builtin_issubclass(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "issubclass");
    if (a.nargs != 2) rt::raise_fmt(I, I.exc.TypeError, "issubclass expected 2 arguments, got %u", a.nargs);
    if (!is_type(a.args[0])) rt::raise(I, I.exc.TypeError, "issubclass() arg 1 must be a class");
    return Value::boolean(issubclass_any(I, as_type(a.args[0]), a.args[1]));
}

Str* attr_name(Interp& I, Value v) {
    if (!is_str(v)) {
        std::string tn = rt::type_name(I, v);
        rt::raise_fmt(I, I.exc.TypeError, "attribute name must be string, not '%s'", tn.c_str());
    }
    return rt::interned_name(I, as_str(v));
}

void check_count(Interp& I, const CallArgs& a, const char* name, uint32_t min, uint32_t max) {
    rt::check_no_kwargs(I, a, name);
    rt::check_nargs(I, a, name, min, max);
}

Value builtin_getattr(Interp& I, const CallArgs& a, Object*) {
    check_count(I, a, "getattr", 2, 3);
    Str* name = attr_name(I, a.args[1]);
    if (a.nargs == 2) return rt::getattr(I, a.args[0], name);
    Value v = rt::getattr_opt(I, a.args[0], name);
    return v.is_null() ? a.args[2] : v;
}

Value builtin_hasattr(Interp& I, const CallArgs& a, Object*) {
    check_count(I, a, "hasattr", 2, 2);
    Str* name = attr_name(I, a.args[1]);
    return Value::boolean(!rt::getattr_opt(I, a.args[0], name).is_null());
}

Value builtin_setattr(Interp& I, const CallArgs& a, Object*) {
    check_count(I, a, "setattr", 3, 3);
    rt::setattr(I, a.args[0], attr_name(I, a.args[1]), a.args[2]);
    return Value::none();
}

Value builtin_delattr(Interp& I, const CallArgs& a, Object*) {
    check_count(I, a, "delattr", 2, 2);
    rt::delattr(I, a.args[0], attr_name(I, a.args[1]));
    return Value::none();
}

Value builtin_callable(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "callable");
    if (a.nargs != 1)
        rt::raise_fmt(I, I.exc.TypeError, "callable() takes exactly one argument (%u given)", a.nargs);
    return Value::boolean(is_callable(I, a.args[0]));
}

Value builtin_vars(Interp& I, const CallArgs& a, Object*) {
    check_count(I, a, "vars", 0, 1);
    if (a.nargs == 0) return obj(caller_locals(I));
    Value d = rt::getattr_opt(I, a.args[0], I.names.__dict__);
    if (d.is_null()) rt::raise(I, I.exc.TypeError, "vars() argument must have __dict__ attribute");
    return d;
}

void add_keys(std::vector<Str*>& out, rt::Dict* d) {
    if (!d) return;
    Value k, v;
    for (uint32_t i = 0; rt::dict_next(d, &i, &k, &v);)
        if (is_str(k)) out.push_back(as_str(k));
}

void add_type_keys(std::vector<Str*>& out, Type* t) {
    for (uint32_t i = 0; i < t->mro->size; ++i) add_keys(out, as_type(t->mro->items()[i])->dict);
}

// The names CPython's classes have as descriptors that aio implements without a
// dict entry: __class__ and __doc__ everywhere; for classes made by a class
// statement, __dict__ and __weakref__ (unless __slots__ or the built-in base rules them out).
void add_descriptor_names(Interp& I, std::vector<Str*>& out, Type* t) {
    out.push_back(I.names.__class__);
    out.push_back(I.names.__doc__);
    if (!(t->tflags & rt::kTypeHeap)) return;
    bool dict = false;
    for (uint32_t i = 0; i < t->mro->size; ++i) {
        Type* c = as_type(t->mro->items()[i]);
        if (!(c->tflags & rt::kTypeHeap)) break;
        if (rt::dict_get_str(c->dict, rt::intern(I, "__slots__")).is_null()) dict = true;
    }
    const rt::Types& T = I.types;
    Type* base = t->native_base;
    if (dict || rt::is_subtype(t, I.exc.BaseException)) out.push_back(I.names.__dict__);
    if (dict && base != T.int_ && base != T.bool_ && base != T.bytes && base != T.tuple && base != T.set &&
        base != T.frozenset)
        out.push_back(rt::intern(I, "__weakref__"));
}

// The sorted, de-duplicated attribute names of `v` (object.__dir__ and dir()).
rt::List* default_dir(Interp& I, Value v) {
    std::vector<Str*> names;
    if (is_kind(v, ObjKind::Module)) {
        add_keys(names, static_cast<rt::Module*>(v.as_obj())->dict);
    } else if (is_type(v)) {
        add_type_keys(names, as_type(v));
        add_descriptor_names(I, names, as_type(v));
    } else {
        if (v.is_obj()) {
            rt::Dict** slot = rt::instance_dict_slot(v.as_obj());
            if (slot) add_keys(names, *slot);
        }
        Type* t = rt::type_of(I, v);
        add_type_keys(names, t);
        add_descriptor_names(I, names, t);
    }
    std::sort(names.begin(), names.end(), [](Str* x, Str* y) { return x->view() < y->view(); });
    names.erase(std::unique(names.begin(), names.end(),
                            [](Str* x, Str* y) { return x->view() == y->view(); }),
                names.end());
    rt::List* l = rt::new_list(I, static_cast<uint32_t>(names.size()));
    for (Str* s : names) rt::list_append(I, l, obj(s));
    return l;
}

Value object_dir(Interp& I, const CallArgs& a, Object*) {
    check_count(I, a, "__dir__", 1, 1);
    return obj(default_dir(I, a.args[0]));
}

Value builtin_dir(Interp& I, const CallArgs& a, Object*) {
    check_count(I, a, "dir", 0, 1);
    if (a.nargs == 0) return dir_of_caller(I);
    Value v = a.args[0];
    Value custom = rt::lookup_heap(rt::type_of(I, v), rt::intern(I, "__dir__"));
    if (custom.is_null()) return obj(default_dir(I, v));
    rt::List* l = rt::list_from_iterable(I, rt::call(I, custom, {v}));
    rt::TempRoot keep(I, obj(l));
    sort_list(I, l, Value::null(), false);
    return obj(l);
}

}  // namespace

bool is_callable(Interp& I, Value v) {
    if (!v.is_obj()) return false;
    switch (v.as_obj()->kind) {
        case ObjKind::Function: case ObjKind::NativeFunction: case ObjKind::BoundMethod:
        case ObjKind::Type: case ObjKind::StaticMethod:
            return true;
        default: break;
    }
    return !rt::lookup_type(rt::type_of(I, v), I.names.__call__).is_null();
}

void install_reflection(Interp& I) {
    add_functions(I, I.builtins, {
        {"isinstance", builtin_isinstance},
        {"issubclass", builtin_issubclass},
        {"getattr", builtin_getattr},
        {"hasattr", builtin_hasattr},
        {"setattr", builtin_setattr},
        {"delattr", builtin_delattr},
        {"callable", builtin_callable},
        {"vars", builtin_vars},
        {"dir", builtin_dir},
    });
    add_methods(I, I.types.object, {{"__dir__", object_dir}});
}

}  // namespace aio::stdlib
