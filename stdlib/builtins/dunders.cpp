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

// Self and argument count of a dunder of built-in type [t], checked in the words of
// CPython's slot wrappers (int.__add__, str.__len__...), which differ from methods':
// "descriptor '__add__' requires a 'int' object but received a 'str'", "expected 1
// argument, got 2". list.__getitem__ and set's/frozenset's __contains__ are methods in
// CPython, so they keep check_self's wording.
Object* slot_self(Interp& I, const CallArgs& a, Type* t, const char* name, uint32_t nargs) {
    std::string_view n = name;
    if ((t == I.types.list && n == "__getitem__") ||
        ((t == I.types.set || t == I.types.frozenset) && n == "__contains__")) {
        Object* self = check_self(I, a, t, name);
        str_args(I, a, name, nargs, nargs);
        return self;
    }
    if (a.nargs == 0)
        rt::raise_fmt(I, I.exc.TypeError, "descriptor '%s' of '%s' object needs an argument", name, t->name->data());
    if (!rt::isinstance(I, a.args[0], t)) {
        std::string tn = rt::type_name(I, a.args[0]);
        rt::raise_fmt(I, I.exc.TypeError, "descriptor '%s' requires a '%s' object but received a '%s'", name,
                      t->name->data(), tn.c_str());
    }
    if (a.nkw) rt::raise_fmt(I, I.exc.TypeError, "wrapper %s() takes no keyword arguments", name);
    if (a.nargs - 1 != nargs)
        rt::raise_fmt(I, I.exc.TypeError, "expected %u argument%s, got %u", nargs, nargs == 1 ? "" : "s", a.nargs - 1);
    return a.args[0].as_obj();
}

// The type whose dict holds the native (stored in its data slot), for slot_self.
Type* owner(Object* self_fn) { return as_type(static_cast<rt::NativeFunction*>(self_fn)->data); }

Value d_repr(Interp& I, const CallArgs& a, Object* fn) {
    slot_self(I, a, owner(fn), "__repr__", 0);
    Value p = plain(I, a.args[0]);
    rt::TempRoot keep(I, p);
    return obj(rt::repr(I, p));
}

Value d_getitem(Interp& I, const CallArgs& a, Object* fn) {
    slot_self(I, a, owner(fn), "__getitem__", 1);
    Value p = plain(I, a.args[0]);
    rt::TempRoot keep(I, p);
    return rt::getitem(I, p, a.args[1]);
}

Value d_len(Interp& I, const CallArgs& a, Object* fn) {
    slot_self(I, a, owner(fn), "__len__", 0);
    Value p = plain(I, a.args[0]);
    rt::TempRoot keep(I, p);
    return Value::integer(rt::length(I, p));
}

Value d_contains(Interp& I, const CallArgs& a, Object* fn) {
    slot_self(I, a, owner(fn), "__contains__", 1);
    Value p = plain(I, a.args[0]);
    rt::TempRoot keep(I, p);
    return Value::boolean(rt::contains(I, p, a.args[1]));
}

Value d_iter(Interp& I, const CallArgs& a, Object* fn) {
    slot_self(I, a, owner(fn), "__iter__", 0);
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
    slot_self(I, a, t, f->name->data(), 1);
    Value self = rt::unbox(a.args[0]), other = rt::unbox(a.args[1]);
    if (!numeric_ok(self, other)) return I.not_implemented;
    auto op = static_cast<rt::BinOpKind>(static_cast<rt::NativeFunction*>(fn)->ptr ? reinterpret_cast<uintptr_t>(f->ptr) - 1 : 0);
    return reflected ? rt::binary_op(I, op, other, self, false) : rt::binary_op(I, op, self, other, false);
}
Value d_binop_l(Interp& I, const CallArgs& a, Object* fn) { return d_binop(I, a, fn, false); }
Value d_binop_r(Interp& I, const CallArgs& a, Object* fn) { return d_binop(I, a, fn, true); }

Value d_unop(Interp& I, const CallArgs& a, Object* fn) {
    auto* f = static_cast<rt::NativeFunction*>(fn);
    slot_self(I, a, as_type(f->data), f->name->data(), 0);
    auto op = static_cast<rt::UnaryOpKind>(reinterpret_cast<uintptr_t>(f->ptr) - 1);
    return rt::unary_op(I, op, rt::unbox(a.args[0]));
}

// Rich comparisons (data = the type, ptr = CmpOpKind + 1). As CPython's slot wrappers,
// an operand the type's own comparison does not handle gives NotImplemented
// (int.__eq__(1, 1.0), str.__lt__('a', 1), dict.__lt__({}, {})).
bool comparable(Value self, Value other, rt::CmpOpKind op) {
    self = rt::unbox(self);
    other = rt::unbox(other);
    if (is_intlike(self) || self.is_float()) return numeric_ok(self, other);
    if (!self.is_obj() || !other.is_obj()) return false;
    ObjKind a = self.as_obj()->kind, b = other.as_obj()->kind;
    bool ordering = op != rt::CmpOpKind::Eq && op != rt::CmpOpKind::NotEq;
    if (ordering && (a == ObjKind::Dict || a == ObjKind::Range)) return false;
    if (a == ObjKind::FrozenSet) a = ObjKind::Set;
    if (b == ObjKind::FrozenSet) b = ObjKind::Set;
    return a == b;
}

Value d_compare(Interp& I, const CallArgs& a, Object* fn) {
    auto* f = static_cast<rt::NativeFunction*>(fn);
    slot_self(I, a, as_type(f->data), f->name->data(), 1);
    auto op = static_cast<rt::CmpOpKind>(reinterpret_cast<uintptr_t>(f->ptr) - 1);
    if (!comparable(a.args[0], a.args[1], op)) return I.not_implemented;
    Value x = plain(I, a.args[0]);
    rt::TempRoot k1(I, x);
    Value y = plain(I, a.args[1]);
    rt::TempRoot k2(I, y);
    return rt::compare(I, op, x, y);
}

Value d_hash(Interp& I, const CallArgs& a, Object* fn) {
    slot_self(I, a, owner(fn), "__hash__", 0);
    Value p = plain(I, a.args[0]);
    rt::TempRoot keep(I, p);
    return Value::integer(int64_t(rt::builtin_hash(I, p)));
}

Value d_bool(Interp& I, const CallArgs& a, Object* fn) {
    slot_self(I, a, owner(fn), "__bool__", 0);
    return Value::boolean(rt::truthy(I, plain(I, a.args[0])));
}

Value d_str(Interp& I, const CallArgs& a, Object* fn) {
    slot_self(I, a, owner(fn), "__str__", 0);
    return plain(I, a.args[0]);
}

// Sequence concatenation, repetition and %-formatting (data = the type, ptr = BinOpKind
// + 1): the built-in operation on a plain copy of self, with its TypeErrors
// ("can only concatenate str (not "int") to str", "can't multiply sequence by non-int").
Value d_seq_binop(Interp& I, const CallArgs& a, Object* fn) {
    auto* f = static_cast<rt::NativeFunction*>(fn);
    slot_self(I, a, as_type(f->data), f->name->data(), 1);
    auto op = static_cast<rt::BinOpKind>(reinterpret_cast<uintptr_t>(f->ptr) - 1);
    Value n = a.args[1];
    if (op == rt::BinOpKind::Mult && !is_intlike(rt::unbox(n)) &&
        rt::lookup_type(rt::type_of(I, n), I.names.__index__).is_null())
        rt::raise_fmt(I, I.exc.TypeError, "'%s' object cannot be interpreted as an integer",
                      rt::type_name(I, n).c_str());
    Value p = plain(I, a.args[0]);
    rt::TempRoot keep(I, p);
    return rt::binary_op(I, op, p, n, false);
}

// list's mutating dunders act on the list itself (a subclass's override calls them).
rt::List* self_list(Interp& I, const CallArgs& a, const char* name, uint32_t nargs) {
    auto* l = static_cast<rt::List*>(slot_self(I, a, I.types.list, name, nargs));
    return l;
}

Value list_setitem(Interp& I, const CallArgs& a, Object*) {
    rt::list_setitem(I, self_list(I, a, "__setitem__", 2), a.args[1], a.args[2]);
    return Value::none();
}

Value list_delitem(Interp& I, const CallArgs& a, Object*) {
    rt::list_delitem(I, self_list(I, a, "__delitem__", 1), a.args[1]);
    return Value::none();
}

Value list_iadd(Interp& I, const CallArgs& a, Object*) {
    rt::list_extend(I, self_list(I, a, "__iadd__", 1), a.args[1]);
    return a.args[0];
}

Value list_imul(Interp& I, const CallArgs& a, Object*) {
    rt::List* l = self_list(I, a, "__imul__", 1);
    Value p = plain(I, a.args[0]);
    rt::TempRoot keep(I, p);
    Value r = rt::binary_op(I, rt::BinOpKind::Mult, p, a.args[1], false);
    rt::TempRoot keep_r(I, r);
    rt::List* src = as_list(r);
    rt::list_resize(I, l, 0);
    for (uint32_t i = 0; i < src->size; ++i) rt::list_append(I, l, src->items[i]);
    return a.args[0];
}

Value type_mro(Interp& I, const CallArgs& a, Object*) {
    Type* t = static_cast<Type*>(check_self(I, a, I.types.type, "mro"));
    str_args(I, a, "mro", 0, 0);
    rt::List* l = rt::new_list(I, t->mro->size);
    for (uint32_t i = 0; i < t->mro->size; ++i) rt::list_append(I, l, t->mro->items()[i]);
    return obj(l);
}

// type.__subclasses__(): the direct subclasses still alive, built-in ones first
// (in the interpreter's table order), then classes in creation order.
Value type_subclasses(Interp& I, const CallArgs& a, Object*) {
    Type* t = static_cast<Type*>(check_self(I, a, I.types.type, "__subclasses__"));
    str_args(I, a, "__subclasses__", 0, 0);
    rt::List* l = rt::new_list(I, 0);
    rt::TempRoot keep(I, l);
    auto consider = [&](Type* c) {
        if (!c || !c->bases) return;
        for (uint32_t i = 0; i < c->bases->size; ++i)
            if (c->bases->items()[i].as_obj() == t) {
                rt::list_append(I, l, obj(c));
                return;
            }
    };
#define X(field, name) consider(I.types.field);
    AIO_BUILTIN_TYPES(X)
#undef X
#define X(name, base) consider(I.exc.name);
#include "runtime/exception_types.def"
#undef X
    for (size_t i = 0; i < I.heap_types.size(); ++i) consider(I.heap_types[i]);
    return obj(l);
}

// A native dunder of built-in type [t] (data = t), named "t.name" as CPython's slot wrappers.
rt::NativeFunction* qualified_native(Interp& I, Type* t, const char* name, rt::NativeFn fn) {
    rt::NativeFunction* f = rt::new_native_method(I, t, name, fn);
    f->data = obj(t);
    return f;
}

// Registers [name] -> [fn] on [t] unless the type (not a base) already has it.
void add_dunder(Interp& I, Type* t, const char* name, rt::NativeFn fn) {
    Str* key = rt::intern(I, name);
    if (!rt::dict_get_str(t->dict, key).is_null()) return;
    rt::NativeFunction* f = qualified_native(I, t, name, fn);
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
    add_methods(I, T.type, {{"mro", type_mro}, {"__subclasses__", type_subclasses}});
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
        rt::NativeFunction* f = qualified_native(I, t, name, fn);
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
    struct Cmp { const char* name; rt::CmpOpKind op; };
    static const Cmp kCmp[] = {
        {"__eq__", rt::CmpOpKind::Eq}, {"__ne__", rt::CmpOpKind::NotEq}, {"__lt__", rt::CmpOpKind::Lt},
        {"__le__", rt::CmpOpKind::LtE}, {"__gt__", rt::CmpOpKind::Gt}, {"__ge__", rt::CmpOpKind::GtE},
    };
    for (Type* t : {T.int_, T.float_, T.str, T.bytes, T.list, T.tuple, T.dict, T.set, T.frozenset, T.range})
        for (const Cmp& c : kCmp) tagged(t, c.name, d_compare, static_cast<uintptr_t>(c.op));
    for (Type* t : {T.int_, T.float_, T.str, T.bytes, T.tuple, T.frozenset, T.range})
        add_dunder(I, t, "__hash__", d_hash);
    for (Type* t : {T.int_, T.float_, T.range}) add_dunder(I, t, "__bool__", d_bool);
    add_dunder(I, T.str, "__str__", d_str);
    for (Type* t : {T.str, T.bytes, T.list, T.tuple}) {
        tagged(t, "__add__", d_seq_binop, static_cast<uintptr_t>(rt::BinOpKind::Add));
        tagged(t, "__mul__", d_seq_binop, static_cast<uintptr_t>(rt::BinOpKind::Mult));
        tagged(t, "__rmul__", d_seq_binop, static_cast<uintptr_t>(rt::BinOpKind::Mult));
    }
    for (Type* t : {T.str, T.bytes}) tagged(t, "__mod__", d_seq_binop, static_cast<uintptr_t>(rt::BinOpKind::Mod));
    add_methods(I, T.list, {{"__setitem__", list_setitem}, {"__delitem__", list_delitem},
                            {"__iadd__", list_iadd}, {"__imul__", list_imul}});
}

}  // namespace aio::stdlib
