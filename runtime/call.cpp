// runtime/call.cpp - calling any callable: Python functions (the VM), natives,
// bound methods (receiver prepended without allocating), classes (__new__ then
// __init__, with a fast path for the default object.__new__), instances with
// __call__, and staticmethod objects. Prepending uses a stack buffer for up to 8
// arguments, so method calls do not allocate.
#include "interpreter/vm_api.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

namespace aio::rt {

namespace {

[[noreturn]] void not_callable(Interp& I, Value v) {
    raise_fmt(I, I.exc.TypeError, "'%s' object is not callable", type_name(I, v).c_str());
}

Value call_type(Interp& I, Type* cls, const CallArgs& a);

}  // namespace

// Calls fn(args with `self` prepended).
template <class F>
Value with_prepended(Value self, const CallArgs& a, F&& fn) {
    Value buf[9];
    std::vector<Value> big;
    Value* args = buf;
    if (a.nargs + 1 > 9) {
        big.resize(a.nargs + 1);
        args = big.data();
    }
    args[0] = self;
    for (uint32_t i = 0; i < a.nargs; i++) args[i + 1] = a.args[i];
    return fn(CallArgs{args, a.nargs + 1, a.kwvalues, a.kwnames, a.nkw});
}

Value call_with_self(Interp& I, Value callable, Value self, const CallArgs& a) {
    return with_prepended(self, a, [&](const CallArgs& b) {
        if (is_kind(callable, ObjKind::Function)) return vm::call_function(I, as<Function>(callable), b);
        return call(I, callable, b);
    });
}

Value call(Interp& I, Value f, const CallArgs& a) {
    if (!f.is_obj()) not_callable(I, f);
    Object* o = f.as_obj();
    switch (o->kind) {
        case ObjKind::Function: return vm::call_function(I, static_cast<Function*>(o), a);
        case ObjKind::NativeFunction: {
            auto* n = static_cast<NativeFunction*>(o);
            if (n->bound.is_null()) return n->fn(I, a, o);
            return with_prepended(n->bound, a, [&](const CallArgs& b) { return n->fn(I, b, o); });
        }
        case ObjKind::BoundMethod: {
            auto* b = static_cast<BoundMethod*>(o);
            return call_with_self(I, b->func, b->self, a);
        }
        case ObjKind::Type: {
            auto* t = static_cast<Type*>(o);
            if (t->construct) return with_prepended(f, a, [&](const CallArgs& b) { return t->construct(I, b, o); });
            return call_type(I, t, a);
        }
        case ObjKind::StaticMethod: return call(I, static_cast<StaticMethod*>(o)->func, a);
        default: break;
    }
    Value c = lookup_type(o->cls, I.names.__call__);
    if (c.is_null()) not_callable(I, f);
    return call_with_self(I, c, f, a);
}

Value call(Interp& I, Value f, std::initializer_list<Value> args) {
    return call(I, f, CallArgs{args.begin(), uint32_t(args.size()), nullptr, nullptr, 0});
}

Value call_method(Interp& I, Value obj, Str* name, std::initializer_list<Value> args) {
    bool is_method = false;
    Value m = getattr_method(I, obj, name, &is_method);
    CallArgs a{args.begin(), uint32_t(args.size()), nullptr, nullptr, 0};
    if (is_method) return call_with_self(I, m, obj, a);
    return call(I, m, a);
}

namespace {

Value call_type(Interp& I, Type* cls, const CallArgs& a) {
    if (cls == I.types.type) {
        if (a.nargs == 1 && a.nkw == 0) return Value::object(type_of(I, a.args[0]));
        if (a.nargs != 3) raise(I, I.exc.TypeError, "type() takes 1 or 3 arguments");
        if (!is_str(a.args[0]))
            raise_fmt(I, I.exc.TypeError, "type.__new__() argument 1 must be str, not %s", type_name(I, a.args[0]).c_str());
        if (!is_kind(a.args[1], ObjKind::Tuple))
            raise_fmt(I, I.exc.TypeError, "type.__new__() argument 2 must be tuple, not %s", type_name(I, a.args[1]).c_str());
        if (!is_kind(a.args[2], ObjKind::Dict))
            raise_fmt(I, I.exc.TypeError, "type.__new__() argument 3 must be dict, not %s", type_name(I, a.args[2]).c_str());
        return Value::object(make_class(I, as_str(a.args[0]), as<Tuple>(a.args[1]), as<Dict>(a.args[2])));
    }
    Value nw = lookup_type(cls, I.names.__new__);
    Value init = lookup_type(cls, I.names.__init__);
    Value self;
    bool default_new = is_native_fn(nw, object_new_native);
    bool default_init = is_native_fn(init, object_init_native);
    if (default_new) {
        // object.__new__: the fast path. Excess arguments are an error only when
        // __init__ is not overridden either.
        if ((a.nargs || a.nkw) && default_init)
            raise_fmt(I, I.exc.TypeError, "%s() takes no arguments", cls->name->data());
        raise_if_abstract(I, cls);
        self = alloc_instance_of(I, cls);
    } else if (nw.is_null()) {
        raise_fmt(I, I.exc.TypeError, "cannot create '%s' instances", cls->name->data());
    } else {
        if (is_kind(nw, ObjKind::StaticMethod)) nw = as<StaticMethod>(nw)->func;
        self = call_with_self(I, nw, Value::object(cls), a);
        if (!isinstance(I, self, cls)) return self;
    }
    if (default_init) return self;
    // Built-in types whose __new__ did all the work and that have no __init__ of
    // their own (int, str, tuple, ...) inherit object.__init__: handled above.
    if (is_native_fn(init, exception_init_native) && !default_new && is_native_fn(nw, exception_new_native) &&
        a.nkw == 0)
        return self;  // BaseException.__new__ already stored args
    TempRoot root(I, self);
    Value r = call_with_self(I, init, self, a);
    if (!r.is_none())
        raise_fmt(I, I.exc.TypeError, "__init__() should return None, not '%s'", type_name(I, r).c_str());
    return self;
}

}  // namespace

}  // namespace aio::rt
