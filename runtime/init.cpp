// runtime/init.cpp - init_runtime: bootstraps the built-in types (type and
// object first, then names, then the rest), the exception hierarchy from
// exception_types.def, the singletons, the builtins module and sys.modules,
// installs object's own methods, then hands over to the VM and the stdlib.
#include <algorithm>
#include <cstring>

#include "interpreter/vm_api.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/builtins.hpp"

namespace aio::rt {

namespace {

Type* alloc_type(Interp& I) { return I.heap.make<Type>(ObjKind::Type, nullptr); }

void setup_type(Interp& I, Type* t, const char* name, Type* base, ObjKind kind, uint32_t flags) {
    t->cls = I.types.type;
    t->name = intern(I, name);
    t->qualname = t->name;
    t->module = Value::object(I.names.builtins);
    t->doc = Value::none();
    t->dict = new_dict(I);
    t->instance_kind = kind;
    t->native_base = t;
    t->tflags = flags;
    t->version = 1;
    t->epoch = &I.type_epoch;
    if (base) {
        t->bases = new_tuple(I, {Value::object(base)});
        t->mro = new_tuple(I, base->mro->size + 1);
        t->mro->items()[0] = Value::object(t);
        for (uint32_t i = 0; i < base->mro->size; i++) t->mro->items()[i + 1] = base->mro->items()[i];
        if (kind == ObjKind::Instance || kind == base->instance_kind) t->native_base = base->native_base;
    } else {
        t->bases = new_tuple(I, 0u);
        t->mro = new_tuple(I, {Value::object(t)});
    }
}

// --- object's methods -------------------------------------------------------------

Type* self_type(Interp& I, const CallArgs& a) { return type_of(I, a.args[0]); }

Value obj_repr(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "__repr__", 1, 1);
    return Value::object(default_repr(I, a.args[0]));
}
Value obj_str(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "__str__", 1, 1);
    return Value::object(repr(I, a.args[0]));
}
Value obj_eq(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "__eq__", 2, 2);
    return a.args[0].same(a.args[1]) ? Value::boolean(true) : I.not_implemented;
}
Value obj_ne(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "__ne__", 2, 2);
    Value eqm = lookup_type(self_type(I, a), I.names.__eq__);
    Value r = eqm.is_null() ? I.not_implemented : call(I, eqm, {a.args[0], a.args[1]});
    if (r.same(I.not_implemented)) return r;
    return Value::boolean(!truthy(I, r));
}
Value obj_hash(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "__hash__", 1, 1);
    return Value::integer(int64_t(builtin_hash(I, a.args[0])));
}
Value obj_getattribute(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "__getattribute__", 2, 2);
    if (!is_str(a.args[1]))
        raise_fmt(I, I.exc.TypeError, "attribute name must be string, not '%s'", type_name(I, a.args[1]).c_str());
    return generic_getattr(I, a.args[0], interned_name(I, as_str(a.args[1])), true);
}
Value obj_setattr(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "__setattr__", 3, 3);
    if (!is_str(a.args[1]))
        raise_fmt(I, I.exc.TypeError, "attribute name must be string, not '%s'", type_name(I, a.args[1]).c_str());
    generic_setattr(I, a.args[0], interned_name(I, as_str(a.args[1])), a.args[2]);
    return Value::none();
}
Value obj_delattr(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "__delattr__", 2, 2);
    if (!is_str(a.args[1]))
        raise_fmt(I, I.exc.TypeError, "attribute name must be string, not '%s'", type_name(I, a.args[1]).c_str());
    generic_delattr(I, a.args[0], interned_name(I, as_str(a.args[1])));
    return Value::none();
}
Value obj_init_subclass(Interp& I, const CallArgs& a, Object*) {
    // Keywords of a class statement that no __init_subclass__ consumed.
    if (a.nkw && a.nargs && is_kind(a.args[0], ObjKind::Type))
        raise_fmt(I, I.exc.TypeError, "%s.__init_subclass__() takes no keyword arguments",
                  as<Type>(a.args[0])->name->data());
    return Value::none();
}
Value obj_format(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "__format__", 2, 2);
    if (!is_str(a.args[1]))
        raise_fmt(I, I.exc.TypeError, "__format__() argument must be str, not %s", type_name(I, a.args[1]).c_str());
    if (as_str(a.args[1])->size != 0)
        raise_fmt(I, I.exc.TypeError, "unsupported format string passed to %s.__format__",
                  type_name(I, a.args[0]).c_str());
    return Value::object(str(I, a.args[0]));
}

// <, <=, > and >=: NotImplemented, so that the other operand's reflected method
// (or the TypeError) decides, as CPython's object slot wrappers do.
Value obj_order(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "comparison", 2, 2);
    return I.not_implemented;
}
Value obj_subclasshook(Interp& I, const CallArgs&, Object*) { return I.not_implemented; }
Value obj_sizeof(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "__sizeof__", 1, 1);
    return Value::integer(16);  // CPython's basic object header
}
// The instance's __dict__ when it has a non-empty one, else None (3.11's default);
// (None, {slot: value}) for an instance of a class with __slots__ and no __dict__.
Value obj_getstate(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "__getstate__", 1, 1);
    Dict** slot = a.args[0].is_obj() ? instance_dict_slot(a.args[0].as_obj()) : nullptr;
    if (!slot || !*slot || !(*slot)->size) return Value::none();
    if (!(a.args[0].as_obj()->cls->tflags & kTypeNoDict)) return Value::object(*slot);
    Dict* slots = dict_copy(I, *slot);
    TempRoot keep(I, Value::object(slots));
    return Value::object(new_tuple(I, {Value::none(), Value::object(slots)}));
}
// aio has no pickle: the reduce protocol only reports that.
Value obj_reduce(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs < 1) raise(I, I.exc.TypeError, "descriptor '__reduce__' of 'object' object needs an argument");
    raise_fmt(I, I.exc.TypeError, "cannot pickle '%s' object", type_name(I, a.args[0]).c_str());
}

void add_native(Interp& I, Type* t, const char* name, NativeFn fn) {
    NativeFunction* f = new_native_method(I, t, name, fn);
    dict_set_str(I, t->dict, f->name, Value::object(f));
}

}  // namespace

void raise_if_abstract(Interp& I, Type* cls) {
    if (!(cls->tflags & kTypeAbstract)) return;
    Value am = lookup_type(cls, intern(I, "__abstractmethods__"));
    std::vector<std::string> names;
    if (is_kind(am, ObjKind::Set) || is_kind(am, ObjKind::FrozenSet)) {
        Value k;
        for (uint32_t i = 0; set_next(as<Set>(am), &i, &k);)
            if (is_str(k)) names.emplace_back(as_str(k)->view());
    }
    std::sort(names.begin(), names.end());
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    raise_fmt(I, I.exc.TypeError, "Can't instantiate abstract class %s with abstract method%s %s", cls->name->data(),
              names.size() == 1 ? "" : "s", list.c_str());
}

Value object_new_native(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs < 1) raise(I, I.exc.TypeError, "object.__new__(): not enough arguments");
    if (!is_kind(a.args[0], ObjKind::Type))
        raise_fmt(I, I.exc.TypeError, "object.__new__(X): X is not a type object (%s)", type_name(I, a.args[0]).c_str());
    auto* cls = as<Type>(a.args[0]);
    if (a.nargs > 1 || a.nkw > 0) {
        if (!is_native_fn(lookup_type(cls, I.names.__new__), object_new_native))
            raise(I, I.exc.TypeError, "object.__new__() takes exactly one argument (the type to instantiate)");
        if (is_native_fn(lookup_type(cls, I.names.__init__), object_init_native))
            raise_fmt(I, I.exc.TypeError, "%s() takes no arguments", cls->name->data());
    }
    raise_if_abstract(I, cls);
    return alloc_instance_of(I, cls);
}

Value object_init_native(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs < 1) raise(I, I.exc.TypeError, "descriptor '__init__' of 'object' object needs an argument");
    if (a.nargs > 1 || a.nkw > 0) {
        Type* t = type_of(I, a.args[0]);
        if (!is_native_fn(lookup_type(t, I.names.__init__), object_init_native))
            raise(I, I.exc.TypeError, "object.__init__() takes exactly one argument (the instance to initialize)");
        if (is_native_fn(lookup_type(t, I.names.__new__), object_new_native))
            raise_fmt(I, I.exc.TypeError, "%s.__init__() takes exactly one argument (the instance to initialize)",
                      t->name->data());
    }
    return Value::none();
}

void init_runtime(Interp& I) {
    // The built-in names, methods and types intern ~800 strings before a script
    // runs (~900 with import asyncio): a table of that size at once, not a rehash per doubling.
    I.interned.reserve(1536);
#define X(field, name) I.types.field = alloc_type(I);
    AIO_BUILTIN_TYPES(X)
#undef X
#define X(field, name) I.types.field->cls = I.types.type;
    AIO_BUILTIN_TYPES(X)
#undef X
#define N(field, text) I.names.field = intern(I, text);
#include "runtime/names.def"
#undef N
    Types& T = I.types;
    constexpr uint32_t ok = kTypeBaseOk;
    setup_type(I, T.object, "object", nullptr, ObjKind::Instance, ok);
    setup_type(I, T.type, "type", T.object, ObjKind::Type, 0);
    setup_type(I, T.none, "NoneType", T.object, ObjKind::Special, 0);
    setup_type(I, T.int_, "int", T.object, ObjKind::NumberBox, ok);
    setup_type(I, T.bool_, "bool", T.int_, ObjKind::NumberBox, 0);
    setup_type(I, T.float_, "float", T.object, ObjKind::NumberBox, ok);
    setup_type(I, T.str, "str", T.object, ObjKind::Str, ok);
    setup_type(I, T.bytes, "bytes", T.object, ObjKind::Bytes, 0);
    setup_type(I, T.tuple, "tuple", T.object, ObjKind::Tuple, ok);
    setup_type(I, T.list, "list", T.object, ObjKind::List, ok);
    setup_type(I, T.dict, "dict", T.object, ObjKind::Dict, ok);
    setup_type(I, T.set, "set", T.object, ObjKind::Set, ok);
    setup_type(I, T.frozenset, "frozenset", T.object, ObjKind::FrozenSet, ok);
    setup_type(I, T.range, "range", T.object, ObjKind::Range, 0);
    setup_type(I, T.slice, "slice", T.object, ObjKind::Slice, 0);
    setup_type(I, T.function, "function", T.object, ObjKind::Function, 0);
    setup_type(I, T.builtin_function, "builtin_function_or_method", T.object, ObjKind::NativeFunction, 0);
    setup_type(I, T.method, "method", T.object, ObjKind::BoundMethod, 0);
    setup_type(I, T.code, "code", T.object, ObjKind::Code, 0);
    setup_type(I, T.cell, "cell", T.object, ObjKind::Cell, 0);
    setup_type(I, T.module, "module", T.object, ObjKind::Module, 0);
    setup_type(I, T.property, "property", T.object, ObjKind::Property, 0);
    setup_type(I, T.staticmethod, "staticmethod", T.object, ObjKind::StaticMethod, 0);
    setup_type(I, T.classmethod, "classmethod", T.object, ObjKind::ClassMethod, 0);
    setup_type(I, T.super, "super", T.object, ObjKind::Super, 0);
    setup_type(I, T.iterator, "iterator", T.object, ObjKind::Iterator, 0);
    // The iterators of the built-in containers are native Iterators; their
    // classes only give them CPython's names (type(iter([])).__name__).
    for (auto [t, n] : {std::pair{T.list_iterator, "list_iterator"},
                        {T.list_reverseiterator, "list_reverseiterator"},
                        {T.tuple_iterator, "tuple_iterator"}, {T.str_iterator, "str_iterator"},
                        {T.str_ascii_iterator, "str_ascii_iterator"}, {T.bytes_iterator, "bytes_iterator"},
                        {T.range_iterator, "range_iterator"}, {T.set_iterator, "set_iterator"},
                        {T.dict_keyiterator, "dict_keyiterator"}, {T.dict_valueiterator, "dict_valueiterator"},
                        {T.dict_itemiterator, "dict_itemiterator"}})
        setup_type(I, t, n, T.iterator, ObjKind::Iterator, 0);
    setup_type(I, T.generator, "generator", T.object, ObjKind::Generator, 0);
    setup_type(I, T.coroutine, "coroutine", T.object, ObjKind::Coroutine, 0);
    setup_type(I, T.async_generator, "async_generator", T.object, ObjKind::AsyncGenerator, 0);
    setup_type(I, T.not_implemented_type, "NotImplementedType", T.object, ObjKind::Special, 0);
    setup_type(I, T.ellipsis_type, "ellipsis", T.object, ObjKind::Special, 0);
    setup_type(I, T.native, "native", T.object, ObjKind::Native, 0);
    setup_type(I, T.dict_keys, "dict_keys", T.object, ObjKind::Iterator, 0);
    setup_type(I, T.dict_values, "dict_values", T.object, ObjKind::Iterator, 0);
    setup_type(I, T.dict_items, "dict_items", T.object, ObjKind::Iterator, 0);
    // __slots__ descriptors: properties whose accessors read the slot (runtime/slots.cpp)
    setup_type(I, T.member_descriptor, "member_descriptor", T.object, ObjKind::Property, 0);

    // Exceptions: every base precedes its subclasses in the .def file.
    {
        struct Def { Type** slot; const char* name; const char* base; };
        const Def defs[] = {
#define X(name, base) {&I.exc.name, #name, #base},
#include "runtime/exception_types.def"
#undef X
        };
        // A base is found among the defs before it, most often one of the first
        // (Exception): a scan from the start costs less than filling a hash map.
        for (const Def& d : defs) {
            Type* base = T.object;
            for (const Def* p = defs; p != &d; p++)
                if (std::strcmp(p->name, d.base) == 0) {
                    base = *p->slot;
                    break;
                }
            *d.slot = alloc_type(I);
            setup_type(I, *d.slot, d.name, base, ObjKind::Exception, ok | kTypeException);
        }
    }

    auto special = [&](Type* t, const char* name) {
        auto* s = I.heap.make<Special>(ObjKind::Special, t);
        s->name = intern(I, name);
        return Value::object(s);
    };
    I.not_implemented = special(T.not_implemented_type, "NotImplemented");
    I.ellipsis = special(T.ellipsis_type, "Ellipsis");
    I.memory_error = as<Exception>(alloc_instance_of(I, I.exc.MemoryError));

    // object's methods (super().__init__() etc. must find them).
    add_native(I, T.object, "__new__", object_new_native);
    add_native(I, T.object, "__init__", object_init_native);
    add_native(I, T.object, "__repr__", obj_repr);
    add_native(I, T.object, "__str__", obj_str);
    add_native(I, T.object, "__eq__", obj_eq);
    add_native(I, T.object, "__ne__", obj_ne);
    add_native(I, T.object, "__hash__", obj_hash);
    add_native(I, T.object, "__getattribute__", obj_getattribute);
    add_native(I, T.object, "__setattr__", obj_setattr);
    add_native(I, T.object, "__delattr__", obj_delattr);
    add_native(I, T.object, "__format__", obj_format);
    for (const char* name : {"__lt__", "__le__", "__gt__", "__ge__"}) add_native(I, T.object, name, obj_order);
    add_native(I, T.object, "__sizeof__", obj_sizeof);
    add_native(I, T.object, "__getstate__", obj_getstate);
    add_native(I, T.object, "__reduce__", obj_reduce);
    add_native(I, T.object, "__reduce_ex__", obj_reduce);
    T.object->doc = Value::object(new_str(I,
        "The base class of the class hierarchy.\n\nWhen called, it accepts no arguments and returns a new "
        "featureless\ninstance that has no instance attributes and cannot be given any.\n"));
    for (auto [name, fn] : {std::pair<const char*, NativeFn>{"__init_subclass__", obj_init_subclass},
                            {"__subclasshook__", obj_subclasshook}}) {
        NativeFunction* f = new_native(I, name, fn);
        TempRoot keep(I, f);
        auto* cm = I.heap.make<ClassMethod>(ObjKind::ClassMethod, T.classmethod);
        cm->func = Value::object(f);
        dict_set_str(I, T.object->dict, f->name, Value::object(cm));
    }
    install_exception_methods(I);

    // The builtins module and sys.modules. Names of types and exceptions are
    // registered here so the runtime works before the stdlib fills the rest.
    Module* bm = new_module(I, I.names.builtins);
    I.builtins = bm->dict;
    I.modules = new_dict(I);
    dict_set_str(I, I.modules, I.names.builtins, Value::object(bm));
    for (Type* t : {T.type, T.object, T.bool_, T.int_, T.float_, T.str, T.bytes, T.tuple, T.list,
                    T.dict, T.set, T.frozenset, T.range, T.slice, T.property, T.staticmethod,
                    T.classmethod, T.super})
        dict_set_str(I, I.builtins, t->name, Value::object(t));
#define X(cls_, base) dict_set_str(I, I.builtins, I.exc.cls_->name, Value::object(I.exc.cls_));
#include "runtime/exception_types.def"
#undef X
    dict_set_str(I, I.builtins, intern(I, "EnvironmentError"), Value::object(I.exc.OSError));
    dict_set_str(I, I.builtins, intern(I, "IOError"), Value::object(I.exc.OSError));
    dict_set_str(I, I.builtins, intern(I, "NotImplemented"), I.not_implemented);
    dict_set_str(I, I.builtins, intern(I, "Ellipsis"), I.ellipsis);

    vm::init_vm(I);
    stdlib::install_builtins(I);
    I.type_epoch++;  // type dicts were filled directly: drop any cached lookups
}

}  // namespace aio::rt
