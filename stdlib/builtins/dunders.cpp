// stdlib/builtins/dunders.cpp - explicit dunder methods of the built-in types for code
// that names them (int.__repr__(x), hasattr(seq, '__getitem__'), super().__repr__() in a
// subclass of list), and type.mro(). The runtime implements the behaviour by kind; these
// natives reach it through rt::, after turning a subclass instance into a plain copy of
// its built-in base so the call cannot dispatch back to the subclass's override.
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

// [v] itself, or for an instance of a heap subclass a copy with the built-in layout's type.
Value plain(Interp& I, Value v) {
    if (!v.is_obj() || !(v.as_obj()->cls->tflags & rt::kTypeHeap)) return v;
    Object* o = v.as_obj();
    switch (o->kind) {
        case ObjKind::List: {
            rt::List* l = as_list(v);
            rt::List* c = rt::new_list(I, l->size);
            for (uint32_t i = 0; i < l->size; ++i) rt::list_append(I, c, l->items[i]);
            return obj(c);
        }
        case ObjKind::Tuple: return obj(rt::new_tuple(I, as_tuple(v)->items(), as_tuple(v)->size));
        case ObjKind::Str: return str_value(I, as_str(v)->view());
        case ObjKind::Bytes: return obj(rt::new_bytes(I, as_bytes(v)->view()));
        case ObjKind::Dict: return obj(rt::dict_copy(I, as_dict(v)));
        case ObjKind::Set: return obj(rt::set_copy(I, as_set(v), false));
        case ObjKind::FrozenSet: return obj(rt::set_copy(I, as_set(v), true));
        default: return v;
    }
}

// The type whose dict holds the native (stored in its data slot), for check_self.
Type* owner(Object* self_fn) { return as_type(static_cast<rt::NativeFunction*>(self_fn)->data); }

Value d_repr(Interp& I, const CallArgs& a, Object* fn) {
    check_self(I, a, owner(fn), "__repr__");
    str_args(I, a, "__repr__", 0, 0);
    Value p = plain(I, a.args[0]);
    rt::TempRoot keep(I, p);
    return obj(rt::repr(I, p));
}

Value d_getitem(Interp& I, const CallArgs& a, Object* fn) {
    check_self(I, a, owner(fn), "__getitem__");
    str_args(I, a, "__getitem__", 1, 1);
    Value p = plain(I, a.args[0]);
    rt::TempRoot keep(I, p);
    return rt::getitem(I, p, a.args[1]);
}

Value d_len(Interp& I, const CallArgs& a, Object* fn) {
    check_self(I, a, owner(fn), "__len__");
    str_args(I, a, "__len__", 0, 0);
    Value p = plain(I, a.args[0]);
    rt::TempRoot keep(I, p);
    return Value::integer(rt::length(I, p));
}

Value d_contains(Interp& I, const CallArgs& a, Object* fn) {
    check_self(I, a, owner(fn), "__contains__");
    str_args(I, a, "__contains__", 1, 1);
    Value p = plain(I, a.args[0]);
    rt::TempRoot keep(I, p);
    return Value::boolean(rt::contains(I, p, a.args[1]));
}

Value d_iter(Interp& I, const CallArgs& a, Object* fn) {
    check_self(I, a, owner(fn), "__iter__");
    str_args(I, a, "__iter__", 0, 0);
    Value p = plain(I, a.args[0]);
    rt::TempRoot keep(I, p);
    return rt::get_iter(I, p);
}

Value type_mro(Interp& I, const CallArgs& a, Object*) {
    Type* t = static_cast<Type*>(check_self(I, a, I.types.type, "mro"));
    str_args(I, a, "mro", 0, 0);
    rt::List* l = rt::new_list(I, t->mro->size);
    for (uint32_t i = 0; i < t->mro->size; ++i) rt::list_append(I, l, t->mro->items()[i]);
    return obj(l);
}

// Registers [name] -> [fn] on [t] unless the type (not a base) already has it.
void add_dunder(Interp& I, Type* t, const char* name, rt::NativeFn fn) {
    Str* key = rt::intern(I, name);
    if (!rt::dict_get_str(t->dict, key).is_null()) return;
    rt::NativeFunction* f = rt::new_native(I, name, fn, obj(t));
    rt::dict_set_str(I, t->dict, key, obj(f));
    ++t->version;
    ++I.type_epoch;
}

}  // namespace

void install_dunders(Interp& I) {
    const rt::Types& T = I.types;
    for (Type* t : {T.int_, T.float_, T.bool_, T.str, T.bytes, T.tuple, T.list, T.dict, T.set,
                    T.frozenset, T.range})
        add_dunder(I, t, "__repr__", d_repr);
    for (Type* t : {T.str, T.bytes, T.tuple, T.list, T.range}) {
        add_dunder(I, t, "__getitem__", d_getitem);
        add_dunder(I, t, "__len__", d_len);
        add_dunder(I, t, "__contains__", d_contains);
        add_dunder(I, t, "__iter__", d_iter);
    }
    for (Type* t : {T.set, T.frozenset}) {
        add_dunder(I, t, "__len__", d_len);
        add_dunder(I, t, "__contains__", d_contains);
        add_dunder(I, t, "__iter__", d_iter);
    }
    add_methods(I, T.type, {{"mro", type_mro}});
}

}  // namespace aio::stdlib
