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
        case ObjKind::NumberBox: return rt::unbox(v);
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

// int/float arithmetic dunders: data = the BinOpKind; reflected forms swap operands.
// Operands of another type give NotImplemented, as CPython's slot wrappers do.
bool numeric_ok(Value self, Value other) {
    bool self_float = self.is_float();
    return is_intlike(other) || (self_float && other.is_float());
}

Value d_binop(Interp& I, const CallArgs& a, Object* fn, bool reflected) {
    auto* f = static_cast<rt::NativeFunction*>(fn);
    Type* t = as_type(f->data);
    check_self(I, a, t, f->name->data());
    str_args(I, a, f->name->data(), 1, 1);
    Value self = rt::unbox(a.args[0]), other = rt::unbox(a.args[1]);
    if (!numeric_ok(self, other)) return I.not_implemented;
    auto op = static_cast<rt::BinOpKind>(static_cast<rt::NativeFunction*>(fn)->ptr ? reinterpret_cast<uintptr_t>(f->ptr) - 1 : 0);
    return reflected ? rt::binary_op(I, op, other, self, false) : rt::binary_op(I, op, self, other, false);
}
Value d_binop_l(Interp& I, const CallArgs& a, Object* fn) { return d_binop(I, a, fn, false); }
Value d_binop_r(Interp& I, const CallArgs& a, Object* fn) { return d_binop(I, a, fn, true); }

Value d_unop(Interp& I, const CallArgs& a, Object* fn) {
    auto* f = static_cast<rt::NativeFunction*>(fn);
    check_self(I, a, as_type(f->data), f->name->data());
    str_args(I, a, f->name->data(), 0, 0);
    auto op = static_cast<rt::UnaryOpKind>(reinterpret_cast<uintptr_t>(f->ptr) - 1);
    return rt::unary_op(I, op, rt::unbox(a.args[0]));
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
    struct Bin { const char* name; const char* rname; rt::BinOpKind op; bool int_only; };
    static const Bin kBin[] = {
        {"__add__", "__radd__", rt::BinOpKind::Add, false},
        {"__sub__", "__rsub__", rt::BinOpKind::Sub, false},
        {"__mul__", "__rmul__", rt::BinOpKind::Mult, false},
        {"__truediv__", "__rtruediv__", rt::BinOpKind::Div, false},
        {"__floordiv__", "__rfloordiv__", rt::BinOpKind::FloorDiv, false},
        {"__mod__", "__rmod__", rt::BinOpKind::Mod, false},
        {"__pow__", "__rpow__", rt::BinOpKind::Pow, false},
        {"__and__", "__rand__", rt::BinOpKind::BitAnd, true},
        {"__or__", "__ror__", rt::BinOpKind::BitOr, true},
        {"__xor__", "__rxor__", rt::BinOpKind::BitXor, true},
        {"__lshift__", "__rlshift__", rt::BinOpKind::LShift, true},
        {"__rshift__", "__rrshift__", rt::BinOpKind::RShift, true},
    };
    auto tagged = [&](Type* t, const char* name, rt::NativeFn fn, uintptr_t tag) {
        Str* key = rt::intern(I, name);
        if (!rt::dict_get_str(t->dict, key).is_null()) return;
        rt::NativeFunction* f = rt::new_native(I, name, fn, obj(t));
        f->ptr = reinterpret_cast<void*>(tag + 1);
        rt::dict_set_str(I, t->dict, key, obj(f));
        ++t->version;
        ++I.type_epoch;
    };
    for (Type* t : {T.int_, T.float_}) {
        for (const Bin& b : kBin) {
            if (b.int_only && t == T.float_) continue;
            tagged(t, b.name, d_binop_l, static_cast<uintptr_t>(b.op));
            tagged(t, b.rname, d_binop_r, static_cast<uintptr_t>(b.op));
        }
        tagged(t, "__neg__", d_unop, static_cast<uintptr_t>(rt::UnaryOpKind::USub));
        tagged(t, "__pos__", d_unop, static_cast<uintptr_t>(rt::UnaryOpKind::UAdd));
        if (t == T.int_) tagged(t, "__invert__", d_unop, static_cast<uintptr_t>(rt::UnaryOpKind::Invert));
    }
}

}  // namespace aio::stdlib
