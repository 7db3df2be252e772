// stdlib/builtins/constructors.cpp - calling a built-in type: the `__new__` (and, for
// mutable containers, `__init__`) natives of int, float, str, bool, tuple, list, dict,
// set, frozenset, range, slice, bytes, type, property, staticmethod and classmethod.
// As in CPython, mutable containers are filled by __init__ so subclasses can override it;
// immutable ones are complete after __new__. Instances of subclasses keep the built-in
// layout with `cls` set to the subclass.
#include <cmath>
#include <cstring>
#include <string>

#include "runtime/text/number_parse.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

// args[0] of a __new__: the class being instantiated, a subtype of [base].
Type* new_cls(Interp& I, const CallArgs& a, Type* base) {
    std::string_view bn = base->name->view();
    if (a.nargs == 0)
        rt::raise_fmt(I, I.exc.TypeError, "%.*s.__new__(): not enough arguments",
                      static_cast<int>(bn.size()), bn.data());
    if (!is_type(a.args[0])) {
        std::string tn = rt::type_name(I, a.args[0]);
        rt::raise_fmt(I, I.exc.TypeError, "%.*s.__new__(X): X is not a type object (%s)",
                      static_cast<int>(bn.size()), bn.data(), tn.c_str());
    }
    Type* cls = as_type(a.args[0]);
    if (!rt::is_subtype(cls, base)) {
        std::string_view cn = cls->name->view();
        rt::raise_fmt(I, I.exc.TypeError, "%.*s.__new__(%.*s): %.*s is not a subtype of %.*s",
                      static_cast<int>(bn.size()), bn.data(), static_cast<int>(cn.size()), cn.data(),
                      static_cast<int>(cn.size()), cn.data(), static_cast<int>(bn.size()), bn.data());
    }
    return cls;
}

// "list expected at most 1 argument, got 2" / "list() takes no keyword arguments".
void check_simple(Interp& I, const CallArgs& r, const char* name, uint32_t max, bool kw_ok = false) {
    if (r.nkw && !kw_ok) rt::raise_fmt(I, I.exc.TypeError, "%s() takes no keyword arguments", name);
    if (r.nargs > max)
        rt::raise_fmt(I, I.exc.TypeError, "%s expected at most %u argument%s, got %u", name, max,
                      max == 1 ? "" : "s", r.nargs);
}

Value retype(Object* o, Type* cls) {
    o->cls = cls;
    return obj(o);
}

// --- numbers ------------------------------------------------------------------------------
Value int_from(Interp& I, Value x) {
    if (x.is_int()) return x;
    if (is_kind(x, ObjKind::NumberBox) && rt::lookup_heap(x.as_obj()->cls, I.names.__int__).is_null())
        return int_from(I, rt::unbox(x));
    if (x.is_bool()) return Value::integer(x.as_bool());
    if (x.is_float()) return float_to_int_value(I, std::trunc(x.as_float()));
    if (is_str(x)) {
        std::string_view s = as_str(x)->view();
        return Value::integer(text_call(I, [&] { return text::parse_int(s, 10); }));
    }
    if (is_bytes(x)) {
        std::string_view s = as_bytes(x)->view();
        return Value::integer(text_call(I, [&] { return text::parse_int(s, 10); }));
    }
    Type* t = rt::type_of(I, x);
    for (Str* name : {I.names.__int__, I.names.__index__}) {
        Value m = rt::lookup_type(t, name);
        if (m.is_null()) continue;
        Value r = rt::call(I, m, {x});
        if (is_intlike(r)) return Value::integer(intlike(r));
        std::string tn = rt::type_name(I, r);
        rt::raise_fmt(I, I.exc.TypeError, "%s returned non-int (type %s)", name->data(), tn.c_str());
    }
    Value tr = rt::lookup_type(t, rt::intern(I, "__trunc__"));
    if (!tr.is_null()) return int_from(I, rt::call(I, tr, {x}));
    std::string tn = rt::type_name(I, x);
    rt::raise_fmt(I, I.exc.TypeError,
                  "int() argument must be a string, a bytes-like object or a real number, not '%s'",
                  tn.c_str());
}

Value int_value(Interp& I, const CallArgs& r);
Value float_value(Interp& I, const CallArgs& r);

// int(...) / float(...), or for a subclass the same value boxed in an instance of it.
Value int_new(Interp& I, const CallArgs& a, Object*) {
    Type* cls = new_cls(I, a, I.types.int_);
    Value v = int_value(I, args_after_self(a));
    return cls == I.types.int_ ? v : rt::box_number(I, cls, v);
}

Value float_new(Interp& I, const CallArgs& a, Object*) {
    Type* cls = new_cls(I, a, I.types.float_);
    Value v = float_value(I, args_after_self(a));
    return cls == I.types.float_ ? v : rt::box_number(I, cls, v);
}

Value int_value(Interp& I, const CallArgs& r) {
    Value args[2];
    bind_args(I, r, "int", {"x", "base"}, 0, args, 1);
    Value x = args[0], base = args[1];
    if (x.is_null()) {
        if (!base.is_null()) rt::raise(I, I.exc.TypeError, "int() missing string argument");
        return Value::integer(0);
    }
    if (base.is_null()) return int_from(I, x);
    int64_t b = arg_index(I, base);
    if (b != 0 && (b < 2 || b > 36)) rt::raise(I, I.exc.ValueError, "int() base must be >= 2 and <= 36, or 0");
    std::string_view s;
    if (is_str(x)) s = as_str(x)->view();
    else if (is_bytes(x)) s = as_bytes(x)->view();
    else rt::raise(I, I.exc.TypeError, "int() can't convert non-string with explicit base");
    return Value::integer(text_call(I, [&] { return text::parse_int(s, static_cast<int>(b)); }));
}

// A quiet NaN with `nan`'s sign and a payload no other float('nan') had: Values
// compare floats bitwise for identity (`is`, the `x is y or x == y` of containers).
double fresh_nan(Interp& I, double nan) {
    uint64_t bits;
    std::memcpy(&bits, &nan, sizeof bits);
    constexpr uint64_t kPayload = (uint64_t(1) << 51) - 1;  // below the quiet bit
    I.nan_serial = I.nan_serial % kPayload + 1;
    bits = (bits & ~kPayload) | I.nan_serial;
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

Value float_value(Interp& I, const CallArgs& r) {
    check_simple(I, r, "float", 1);
    if (r.nargs == 0) return Value::number(0.0);
    Value x = r.args[0];
    if (is_kind(x, ObjKind::NumberBox) && rt::lookup_heap(x.as_obj()->cls, I.names.__float__).is_null())
        x = rt::unbox(x);
    if (x.is_float()) return x;
    if (is_intlike(x)) return Value::number(static_cast<double>(intlike(x)));
    if (is_str(x) || is_bytes(x)) {
        std::string_view s = is_str(x) ? as_str(x)->view() : as_bytes(x)->view();
        double d = text_call(I, [&] { return text::parse_float(s); });
        return Value::number(std::isnan(d) ? fresh_nan(I, d) : d);
    }
    Type* t = rt::type_of(I, x);
    Value m = rt::lookup_type(t, I.names.__float__);
    if (!m.is_null()) {
        Value res = rt::call(I, m, {x});
        if (res.is_float()) return res;
        std::string tn = rt::type_name(I, res);
        rt::raise_fmt(I, I.exc.TypeError, "%s.__float__ returned non-float (type %s)",
                      t->name->data(), tn.c_str());
    }
    m = rt::lookup_type(t, I.names.__index__);
    if (!m.is_null()) return Value::number(static_cast<double>(arg_index(I, x)));
    std::string tn = rt::type_name(I, x);
    rt::raise_fmt(I, I.exc.TypeError, "float() argument must be a string or a real number, not '%s'",
                  tn.c_str());
}

Value bool_new(Interp& I, const CallArgs& a, Object*) {
    new_cls(I, a, I.types.bool_);
    CallArgs r = args_after_self(a);
    check_simple(I, r, "bool", 1);
    return Value::boolean(r.nargs && rt::truthy(I, r.args[0]));
}

// --- text ------------------------------------------------------------------------------------
Value str_new(Interp& I, const CallArgs& a, Object*) {
    Type* cls = new_cls(I, a, I.types.str);
    Value args[3];
    bind_method_args(I, a, "str", {"object", "encoding", "errors"}, 0, args);
    Str* s;
    if (args[0].is_null()) {
        s = I.names.empty;
        if (cls == I.types.str) return obj(s);
    } else if (!args[1].is_null() || !args[2].is_null()) {
        std::string_view enc = codec_arg(I, args[1], "str", "encoding", "utf-8");
        std::string_view err = codec_arg(I, args[2], "str", "errors", "strict");
        if (!is_bytes(args[0])) {
            std::string tn = rt::type_name(I, args[0]);
            rt::raise_fmt(I, I.exc.TypeError, "decoding to str: need a bytes-like object, %s found",
                          tn.c_str());
        }
        Value v = bytes_decode(I, as_bytes(args[0])->view(), enc, err);
        s = as_str(v);
    } else {
        if (is_str(args[0]) && args[0].as_obj()->cls == I.types.str && cls == I.types.str) return args[0];
        s = rt::str(I, args[0]);
    }
    if (cls == I.types.str) return obj(s);
    // A fresh object (new_str shares "" and 1-byte strings, which must keep class str).
    rt::TempRoot keep(I, s);
    return obj(rt::new_subclass_str(I, cls, s));
}

Value bytes_new(Interp& I, const CallArgs& a, Object*) {
    Type* cls = new_cls(I, a, I.types.bytes);
    Value args[3];
    bind_method_args(I, a, "bytes", {"source", "encoding", "errors"}, 0, args);
    Value src = args[0];
    std::string data;
    if (src.is_null()) {
    } else if (is_str(src)) {
        if (args[1].is_null()) rt::raise(I, I.exc.TypeError, "string argument without an encoding");
        std::string_view enc = codec_arg(I, args[1], "bytes", "encoding", "utf-8");
        std::string_view err = codec_arg(I, args[2], "bytes", "errors", "strict");
        data = str_encode(I, as_str(src)->view(), enc, err);
    } else if (!args[1].is_null() || !args[2].is_null()) {
        rt::raise(I, I.exc.TypeError, args[1].is_null() ? "errors without a string argument"
                                                        : "encoding without a string argument");
    } else if (is_intlike(src)) {
        int64_t n = intlike(src);
        if (n < 0) rt::raise(I, I.exc.ValueError, "negative count");
        data.assign(static_cast<size_t>(n), '\0');
    } else if (is_bytes(src)) {
        if (cls == I.types.bytes && src.as_obj()->cls == I.types.bytes) return src;
        data = as_bytes(src)->view();
    } else {
        Value m = rt::lookup_type(rt::type_of(I, src), rt::intern(I, "__bytes__"));
        if (!m.is_null()) {
            Value r = rt::call(I, m, {src});
            if (!is_bytes(r)) rt::raise(I, I.exc.TypeError, "__bytes__ returned non-bytes");
            data = as_bytes(r)->view();
        } else {
            Value it = try_get_iter(I, src);
            if (it.is_null()) {
                std::string tn = rt::type_name(I, src);
                rt::raise_fmt(I, I.exc.TypeError, "cannot convert '%s' object to bytes", tn.c_str());
            }
            rt::TempRoot keep(I, it);
            for (Value v; !(v = rt::next(I, it)).is_null();) {
                if (!is_intlike(v) && rt::lookup_type(rt::type_of(I, v), I.names.__index__).is_null()) {
                    std::string tn = rt::type_name(I, v);
                    rt::raise_fmt(I, I.exc.TypeError, "'%s' object cannot be interpreted as an integer",
                                  tn.c_str());
                }
                int64_t b = arg_index(I, v);
                if (b < 0 || b > 255) rt::raise(I, I.exc.ValueError, "bytes must be in range(0, 256)");
                data += static_cast<char>(b);
            }
        }
    }
    rt::Bytes* b = rt::new_bytes(I, data);
    if (cls == I.types.bytes) return obj(b);
    rt::TempRoot keep(I, b);
    return obj(rt::new_subclass_bytes(I, cls, b));
}

// --- containers ------------------------------------------------------------------------------
Value tuple_new(Interp& I, const CallArgs& a, Object*) {
    Type* cls = new_cls(I, a, I.types.tuple);
    CallArgs r = args_after_self(a);
    check_simple(I, r, "tuple", 1);
    rt::Tuple* t = r.nargs ? rt::tuple_from_iterable(I, r.args[0]) : rt::new_tuple(I, 0);
    if (cls == I.types.tuple) return obj(t);
    return obj(rt::new_subclass_tuple(I, cls, t->items(), t->size));
}

Value list_new(Interp& I, const CallArgs& a, Object*) {
    Type* cls = new_cls(I, a, I.types.list);
    return retype(rt::new_list(I), cls);
}

Value list_init(Interp& I, const CallArgs& a, Object*) {
    auto* l = static_cast<rt::List*>(check_self(I, a, I.types.list, "__init__"));
    CallArgs r = args_after_self(a);
    check_simple(I, r, "list", 1);
    l->size = 0;
    if (r.nargs) rt::list_extend(I, l, r.args[0]);
    return Value::none();
}

Value dict_new(Interp& I, const CallArgs& a, Object*) {
    Type* cls = new_cls(I, a, I.types.dict);
    return retype(rt::new_dict(I), cls);
}

Value dict_init(Interp& I, const CallArgs& a, Object*) {
    auto* d = static_cast<rt::Dict*>(check_self(I, a, I.types.dict, "__init__"));
    CallArgs r = args_after_self(a);
    if (r.nargs > 1) rt::raise_fmt(I, I.exc.TypeError, "dict expected at most 1 argument, got %u", r.nargs);
    if (r.nargs) dict_update_from(I, d, r.args[0]);
    for (uint32_t k = 0; k < r.nkw; ++k) rt::dict_set(I, d, obj(r.kwnames[k]), r.kwvalues[k]);
    return Value::none();
}

Value set_new(Interp& I, const CallArgs& a, Object*) {
    Type* cls = new_cls(I, a, I.types.set);
    return retype(rt::new_set(I, false), cls);
}

Value set_init(Interp& I, const CallArgs& a, Object*) {
    auto* s = static_cast<rt::Set*>(check_self(I, a, I.types.set, "__init__"));
    CallArgs r = args_after_self(a);
    check_simple(I, r, "set", 1);
    rt::set_clear(s);  // set.__init__ empties the set first
    if (r.nargs) set_update_from(I, s, r.args[0]);
    return Value::none();
}

Value frozenset_new(Interp& I, const CallArgs& a, Object*) {
    Type* cls = new_cls(I, a, I.types.frozenset);
    CallArgs r = args_after_self(a);
    check_simple(I, r, "frozenset", 1);
    if (r.nargs && is_kind(r.args[0], ObjKind::FrozenSet) && r.args[0].as_obj()->cls == I.types.frozenset &&
        cls == I.types.frozenset)
        return r.args[0];
    rt::Set* s = rt::new_set(I, true);
    rt::TempRoot keep(I, obj(s));
    if (r.nargs) set_update_from(I, s, r.args[0]);
    return retype(s, cls);
}

Value range_new(Interp& I, const CallArgs& a, Object*) {
    new_cls(I, a, I.types.range);
    CallArgs r = args_after_self(a);
    if (r.nkw) rt::raise(I, I.exc.TypeError, "range() takes no keyword arguments");
    if (r.nargs == 0) rt::raise(I, I.exc.TypeError, "range expected at least 1 argument, got 0");
    if (r.nargs > 3) rt::raise_fmt(I, I.exc.TypeError, "range expected at most 3 arguments, got %u", r.nargs);
    int64_t start = 0, stop, step = 1;
    if (r.nargs == 1) {
        stop = arg_index(I, r.args[0]);
    } else {
        start = arg_index(I, r.args[0]);
        stop = arg_index(I, r.args[1]);
        if (r.nargs == 3) step = arg_index(I, r.args[2]);
    }
    if (step == 0) rt::raise(I, I.exc.ValueError, "range() arg 3 must not be zero");
    return obj(rt::new_range(I, start, stop, step));
}

Value slice_new(Interp& I, const CallArgs& a, Object*) {
    new_cls(I, a, I.types.slice);
    CallArgs r = args_after_self(a);
    if (r.nkw) rt::raise(I, I.exc.TypeError, "slice() takes no keyword arguments");
    if (r.nargs == 0) rt::raise(I, I.exc.TypeError, "slice expected at least 1 argument, got 0");
    if (r.nargs > 3) rt::raise_fmt(I, I.exc.TypeError, "slice expected at most 3 arguments, got %u", r.nargs);
    if (r.nargs == 1) return obj(rt::new_slice(I, Value::none(), r.args[0], Value::none()));
    return obj(rt::new_slice(I, r.args[0], r.args[1], r.nargs == 3 ? r.args[2] : Value::none()));
}

// --- type and descriptors -------------------------------------------------------------------------
Value type_new(Interp& I, const CallArgs& a, Object*) {
    new_cls(I, a, I.types.type);
    CallArgs r = args_after_self(a);
    if (r.nargs == 1 && r.nkw == 0) return obj(rt::type_of(I, r.args[0]));
    if (r.nargs != 3) rt::raise(I, I.exc.TypeError, "type() takes 1 or 3 arguments");
    if (!is_str(r.args[0])) {
        std::string tn = rt::type_name(I, r.args[0]);
        rt::raise_fmt(I, I.exc.TypeError, "type.__new__() argument 1 must be str, not %s", tn.c_str());
    }
    if (!is_tuple(r.args[1])) {
        std::string tn = rt::type_name(I, r.args[1]);
        rt::raise_fmt(I, I.exc.TypeError, "type.__new__() argument 2 must be tuple, not %s", tn.c_str());
    }
    if (!is_dict(r.args[2])) {
        std::string tn = rt::type_name(I, r.args[2]);
        rt::raise_fmt(I, I.exc.TypeError, "type.__new__() argument 3 must be dict, not %s", tn.c_str());
    }
    rt::Dict* ns = rt::dict_copy(I, as_dict(r.args[2]));
    rt::TempRoot keep(I, obj(ns));
    return obj(rt::make_class(I, rt::intern(I, as_str(r.args[0])->view()), as_tuple(r.args[1]), ns));
}

Value type_init(Interp&, const CallArgs&, Object*) { return Value::none(); }

Value property_new(Interp& I, const CallArgs& a, Object*) {
    Type* cls = new_cls(I, a, I.types.property);
    Value args[4];
    bind_method_args(I, a, "property", {"fget", "fset", "fdel", "doc"}, 0, args);
    auto* p = I.heap.make<rt::Property>(ObjKind::Property, cls);
    p->fget = args[0].is_null() ? Value::none() : args[0];
    p->fset = args[1].is_null() ? Value::none() : args[1];
    p->fdel = args[2].is_null() ? Value::none() : args[2];
    p->doc = args[3].is_null() ? Value::none() : args[3];
    if (p->doc.is_none() && !p->fget.is_none()) {
        rt::TempRoot keep(I, obj(p));
        Value d = rt::getattr_opt(I, p->fget, I.names.__doc__);
        if (!d.is_null()) p->doc = d;
    }
    return obj(p);
}

// property.getter/setter/deleter: a copy with one accessor replaced.
Value property_copy(Interp& I, const CallArgs& a, int which, const char* name) {
    auto* p = static_cast<rt::Property*>(check_self(I, a, I.types.property, name));
    rt::check_nargs(I, a, name, 2, 2);
    auto* q = I.heap.make<rt::Property>(ObjKind::Property, p->cls);
    q->fget = p->fget;
    q->fset = p->fset;
    q->fdel = p->fdel;
    q->doc = p->doc;
    (which == 0 ? q->fget : which == 1 ? q->fset : q->fdel) = a.args[1];
    return obj(q);
}
Value property_getter(Interp& I, const CallArgs& a, Object*) { return property_copy(I, a, 0, "getter"); }
Value property_setter(Interp& I, const CallArgs& a, Object*) { return property_copy(I, a, 1, "setter"); }
Value property_deleter(Interp& I, const CallArgs& a, Object*) { return property_copy(I, a, 2, "deleter"); }

Value staticmethod_new(Interp& I, const CallArgs& a, Object*) {
    Type* cls = new_cls(I, a, I.types.staticmethod);
    CallArgs r = args_after_self(a);
    if (r.nkw) rt::raise(I, I.exc.TypeError, "staticmethod() takes no keyword arguments");
    if (r.nargs != 1) rt::raise_fmt(I, I.exc.TypeError, "staticmethod expected 1 argument, got %u", r.nargs);
    auto* s = I.heap.make<rt::StaticMethod>(ObjKind::StaticMethod, cls);
    s->func = r.args[0];
    return obj(s);
}

Value classmethod_new(Interp& I, const CallArgs& a, Object*) {
    Type* cls = new_cls(I, a, I.types.classmethod);
    CallArgs r = args_after_self(a);
    if (r.nkw) rt::raise(I, I.exc.TypeError, "classmethod() takes no keyword arguments");
    if (r.nargs != 1) rt::raise_fmt(I, I.exc.TypeError, "classmethod expected 1 argument, got %u", r.nargs);
    auto* c = I.heap.make<rt::ClassMethod>(ObjKind::ClassMethod, cls);
    c->func = r.args[0];
    return obj(c);
}

// The descriptor protocol called explicitly (f.__get__(obj, cls)); attribute lookup
// binds these kinds itself (runtime/attr.cpp) and never calls these natives.
// [obj, cls] after self, with CPython's "__get__(None, None) is invalid".
void get_args(Interp& I, const CallArgs& a, Value& inst, Value& cls) {
    // CPython's slot wrapper words these with an empty function name
    if (a.nkw) rt::raise(I, I.exc.TypeError, "wrapper __get__() takes no keyword arguments");
    if (a.nargs < 2) rt::raise_fmt(I, I.exc.TypeError, " expected at least 1 argument, got %u", a.nargs - 1);
    if (a.nargs > 3) rt::raise_fmt(I, I.exc.TypeError, " expected at most 2 arguments, got %u", a.nargs - 1);
    inst = a.args[1];
    cls = a.nargs > 2 ? a.args[2] : Value::none();
    if (inst.is_none() && cls.is_none()) rt::raise(I, I.exc.TypeError, "__get__(None, None) is invalid");
}

Value function_get(Interp& I, const CallArgs& a, Object*) {
    check_self(I, a, I.types.function, "__get__");
    Value inst, cls;
    get_args(I, a, inst, cls);
    if (inst.is_none()) return a.args[0];
    return obj(rt::new_bound_method(I, a.args[0], inst));
}

Value staticmethod_get(Interp& I, const CallArgs& a, Object*) {
    auto* s = static_cast<rt::StaticMethod*>(check_self(I, a, I.types.staticmethod, "__get__"));
    Value inst, cls;
    get_args(I, a, inst, cls);
    return s->func;
}

Value classmethod_get(Interp& I, const CallArgs& a, Object*) {
    auto* c = static_cast<rt::ClassMethod*>(check_self(I, a, I.types.classmethod, "__get__"));
    Value inst, cls;
    get_args(I, a, inst, cls);
    if (cls.is_none()) cls = obj(rt::type_of(I, inst));
    return obj(rt::new_bound_method(I, c->func, cls));
}

// method(func, instance): types.MethodType.
Value method_new(Interp& I, const CallArgs& a, Object*) {
    new_cls(I, a, I.types.method);
    CallArgs r = args_after_self(a);
    if (r.nkw) rt::raise(I, I.exc.TypeError, "method() takes no keyword arguments");
    if (r.nargs != 2) rt::raise_fmt(I, I.exc.TypeError, "method expected 2 arguments, got %u", r.nargs);
    if (!is_callable(I, r.args[0])) rt::raise(I, I.exc.TypeError, "first argument must be callable");
    if (r.args[1].is_none()) rt::raise(I, I.exc.TypeError, "instance must not be None");
    return obj(rt::new_bound_method(I, r.args[0], r.args[1]));
}

// Registers `__new__` unless the runtime already gave the type one. A type whose
// instances need no __init__ (it inherits object's) is then constructed by calling
// `fn` directly (Type::construct).
void add_new(Interp& I, Type* t, rt::NativeFn fn) {
    if (!rt::dict_get_str(t->dict, I.names.__new__).is_null()) return;
    add_methods(I, t, {{"__new__", fn}}, Binding::Static);
    if (t != I.types.type && rt::dict_get_str(t->dict, I.names.__init__).is_null()) t->construct = fn;
}

void add_init(Interp& I, Type* t, rt::NativeFn fn) {
    t->construct = nullptr;  // calls must run the __init__ too
    if (!rt::dict_get_str(t->dict, I.names.__init__).is_null()) return;
    add_methods(I, t, {{"__init__", fn}});
}

}  // namespace

void install_constructors(Interp& I) {
    const rt::Types& T = I.types;
    add_new(I, T.int_, int_new);
    add_new(I, T.float_, float_new);
    add_new(I, T.bool_, bool_new);
    add_new(I, T.str, str_new);
    add_new(I, T.bytes, bytes_new);
    add_new(I, T.tuple, tuple_new);
    add_new(I, T.list, list_new);
    add_init(I, T.list, list_init);
    add_new(I, T.dict, dict_new);
    add_init(I, T.dict, dict_init);
    add_new(I, T.set, set_new);
    add_init(I, T.set, set_init);
    add_new(I, T.frozenset, frozenset_new);
    add_new(I, T.range, range_new);
    add_new(I, T.slice, slice_new);
    add_new(I, T.type, type_new);
    add_init(I, T.type, type_init);
    add_new(I, T.property, property_new);
    add_methods(I, T.property, {
        {"getter", property_getter},
        {"setter", property_setter},
        {"deleter", property_deleter},
    });
    add_new(I, T.staticmethod, staticmethod_new);
    add_new(I, T.classmethod, classmethod_new);
    add_methods(I, T.function, {{"__get__", function_get}});
    add_methods(I, T.staticmethod, {{"__get__", staticmethod_get}});
    add_methods(I, T.classmethod, {{"__get__", classmethod_get}});
    add_new(I, T.method, method_new);
}

}  // namespace aio::stdlib
