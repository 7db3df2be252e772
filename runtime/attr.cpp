// runtime/attr.cpp - attribute access: getattr/setattr/delattr and LOAD_METHOD's
// getattr_method, with CPython's lookup order (data descriptors on the type, the
// instance dict, other type attributes bound as methods, then __getattr__) and
// the special attributes of built-in kinds (functions, classes, modules, ...).
// Names are interned first, so the special-name checks are pointer compares.
#include "interpreter/vm_api.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/asyncio/native.hpp"

namespace aio::rt {

namespace {

Value obj(Object* o) { return o ? Value::object(o) : Value::none(); }

// The AttributeError of a failed lookup, with CPython's `name` and `obj` attributes
// (what an uncaught error's "Did you mean" suggestion reads: runtime/traceback.cpp).
[[noreturn]] void no_attr(Interp& I, Value o, Str* name) {
    std::string msg;
    if (is_kind(o, ObjKind::Type))
        msg = "type object '" + std::string(as<Type>(o)->name->view()) + "' has no attribute '";
    else if (is_kind(o, ObjKind::Module))
        msg = "module '" + std::string(as<Module>(o)->name->view()) + "' has no attribute '";
    else
        msg = "'" + type_name(I, o) + "' object has no attribute '";
    TempRoot keep_o(I, o), keep_name(I, Value::object(name));
    Value e = new_exception(I, I.exc.AttributeError, msg + std::string(name->view()) + "'");
    TempRoot keep_e(I, e);
    auto* ex = as<Exception>(e);
    ex->attrs = new_dict(I);
    dict_set_str(I, ex->attrs, intern(I, "name"), Value::object(name));
    dict_set_str(I, ex->attrs, intern(I, "obj"), o);
    raise_value(I, e);
}

bool is_heap_instance(Object* o) { return (o->cls->tflags & kTypeHeap) != 0; }

// Where `obj.__dict__` lives, or nullptr when obj has none.
Dict** dict_slot_of(Object* o) {
    Dict** slot = instance_dict_slot(o);
    if (!slot || (o->cls->tflags & kTypeNoDict)) return nullptr;
    switch (o->kind) {
        case ObjKind::Function: case ObjKind::Exception: case ObjKind::Native: return slot;
        // asyncio's Future and Task: a subclass's dict word or a plain one's side dict
        case ObjKind::Future: return slot;
        // object() itself has no __dict__ (and takes no attributes); its subclasses do
        default: return is_heap_instance(o) ? slot : nullptr;
    }
}

// A user-defined descriptor: an instance whose class defines __get__ (and,
// for a data descriptor, __set__ or __delete__).
bool is_data_descriptor(Interp& I, Value d) {
    if (is_kind(d, ObjKind::Property)) return true;
    if (!is_kind(d, ObjKind::Instance)) return false;
    Type* dt = d.as_obj()->cls;
    return !lookup_heap(dt, I.names.__set__).is_null() || !lookup_heap(dt, I.names.__delete__).is_null();
}

// Assigning or deleting a property that has no setter/deleter. Built-in types'
// read-only attributes (native getters, add_getter) word it as CPython's getsets.
[[noreturn]] void readonly_property(Interp& I, Property* p, Type* t, Str* name, bool del) {
    if (is_kind(p->fget, ObjKind::NativeFunction) && !(t->tflags & kTypeHeap))
        raise_fmt(I, I.exc.AttributeError, "attribute '%s' of '%s' objects is not writable", name->data(),
                  t->name->data());
    raise_fmt(I, I.exc.AttributeError, "property '%s' of '%s' object has no %s", name->data(), t->name->data(),
              del ? "deleter" : "setter");
}

Value property_get(Interp& I, Property* p, Value self, Str* name) {
    if (p->fget.is_none() || p->fget.is_null())
        raise_fmt(I, I.exc.AttributeError, "property '%s' of '%s' object has no getter", name->data(),
                  type_name(I, self).c_str());
    return call(I, p->fget, {self});
}

// Binds a type attribute found for an instance (the non-data-descriptor step).
Value bind(Interp& I, Value d, Value self, Type* t) {
    if (!d.is_obj()) return d;
    switch (d.as_obj()->kind) {
        case ObjKind::Function: case ObjKind::NativeFunction:
            return Value::object(new_bound_method(I, d, self));
        case ObjKind::StaticMethod: return as<StaticMethod>(d)->func;
        case ObjKind::ClassMethod: return Value::object(new_bound_method(I, as<ClassMethod>(d)->func, Value::object(t)));
        case ObjKind::Instance: {
            Value get = lookup_heap(d.as_obj()->cls, I.names.__get__);
            if (get.is_null()) return d;
            return call(I, get, {d, self, Value::object(t)});
        }
        default: return d;
    }
}

// Attributes of built-in kinds that behave as data descriptors; Null when `name`
// is not one of them.
Value special_getattr(Interp& I, Object* o, Str* name) {
    const Names& N = I.names;
    if (name == N.__class__) return Value::object(o->cls);
    switch (o->kind) {
        case ObjKind::Function: {
            auto* f = static_cast<Function*>(o);
            if (name == N.__name__) return Value::object(f->name);
            if (name == N.__qualname__) return Value::object(f->qualname);
            if (name == N.__module__) return f->module.is_null() ? Value::none() : f->module;
            if (name == N.__doc__) return f->doc.is_null() ? Value::none() : f->doc;
            if (name->view() == "__defaults__") return obj(f->defaults);
            if (name == N.__annotations__) {
                if (!f->annotations) f->annotations = new_dict(I);
                return Value::object(f->annotations);
            }
            std::string_view n = name->view();
            if (n == "__kwdefaults__") return obj(f->kwdefaults);
            if (n == "__globals__") return obj(f->globals);
            if (n == "__closure__") return obj(f->closure);
            if (n == "__code__") return obj(reinterpret_cast<Object*>(f->code));
            return Value::null();
        }
        case ObjKind::NativeFunction: {
            auto* f = static_cast<NativeFunction*>(o);
            if (name == N.__name__) return Value::object(f->name);
            if (name == N.__qualname__) return Value::object(native_qualname(I, f));
            if (name == N.__module__) {
                native_qualname(I, f);  // frees `module` of the owner type it may hold
                return f->module.is_null() ? Value::none() : f->module;
            }
            if (name == N.__doc__) return Value::none();
            if (name->view() == "__self__") return f->bound.is_null() ? Value::none() : f->bound;
            return Value::null();
        }
        case ObjKind::BoundMethod: {
            auto* b = static_cast<BoundMethod*>(o);
            std::string_view n = name->view();
            if (n == "__self__") return b->self;
            if (n == "__func__") return b->func;
            if (name == N.__dict__ || name == N.__class__) return Value::null();
            // Everything else reads through to the function (CPython forwards too).
            return getattr_opt(I, b->func, name);
        }
        case ObjKind::Type: {
            auto* t = static_cast<Type*>(o);
            if (name == N.__name__) return Value::object(t->name);
            if (name == N.__qualname__) return Value::object(t->qualname);
            if (name == N.__mro__) return Value::object(t->mro);
            if (name == N.__bases__) return Value::object(t->bases);
            if (name == N.__dict__) {
                // A read-only view (types.mappingproxy), as CPython: writes must go
                // through setattr, which keeps the attribute caches (type_epoch) valid.
                TempRoot keep(I, Value::object(t));
                Value proxy = vm::module_attr(I, "types", intern(I, "mappingproxy"));
                return call(I, proxy, {Value::object(t->dict)});
            }
            if (name->view() == "__base__")
                return t->bases->size ? t->bases->items()[0] : Value::none();
            if (!(t->tflags & kTypeHeap)) {
                if (name == N.__module__) return t->module;
                if (name == N.__doc__) return t->doc;
            }
            return Value::null();
        }
        case ObjKind::Module: {
            if (name == N.__dict__) return Value::object(static_cast<Module*>(o)->dict);
            return Value::null();
        }
        case ObjKind::Exception: return exception_getattr(I, static_cast<Exception*>(o), name);
        case ObjKind::Property: {
            auto* p = static_cast<Property*>(o);
            std::string_view n = name->view();
            if (o->cls == I.types.member_descriptor) {
                // (a __slots__ member: its getter carries (name, owner), runtime/slots.cpp)
                Tuple* slot = as<Tuple>(as<NativeFunction>(p->fget)->data);
                if (name == N.__name__) return slot->items()[0];
                if (n == "__objclass__") return slot->items()[1];
                return Value::null();
            }
            if (n == "fget") return p->fget;
            if (n == "fset") return p->fset;
            if (n == "fdel") return p->fdel;
            if (name == N.__doc__) return p->doc.is_null() ? Value::none() : p->doc;
            return Value::null();
        }
        case ObjKind::StaticMethod: case ObjKind::ClassMethod: {
            Value f = o->kind == ObjKind::StaticMethod ? static_cast<StaticMethod*>(o)->func
                                                      : static_cast<ClassMethod*>(o)->func;
            if (name->view() == "__func__" || name == N.__wrapped__) return f;
            if (name == N.__name__ || name == N.__qualname__ || name == N.__doc__) return getattr_opt(I, f, name);
            return Value::null();
        }
        case ObjKind::Range: case ObjKind::Slice: {
            std::string_view n = name->view();
            if (o->kind == ObjKind::Range) {
                auto* r = static_cast<Range*>(o);
                if (n == "start") return Value::integer(r->start);
                if (n == "stop") return Value::integer(r->stop);
                if (n == "step") return Value::integer(r->step);
            } else {
                auto* s = static_cast<Slice*>(o);
                if (n == "start") return s->start;
                if (n == "stop") return s->stop;
                if (n == "step") return s->step;
            }
            return Value::null();
        }
        case ObjKind::Iterator:
            if (name->view() == "mapping" && is_dict_view(Value::object(o))) {
                Value proxy = vm::module_attr(I, "types", intern(I, "mappingproxy"));
                return call(I, proxy, {static_cast<Iterator*>(o)->src});
            }
            return Value::null();
        case ObjKind::Cell:
            if (name->view() == "cell_contents") {
                Value v = static_cast<Cell*>(o)->value;
                if (v.is_null()) raise(I, I.exc.ValueError, "Cell is empty");
                return v;
            }
            return Value::null();
        default: return Value::null();
    }
}

Value unboxed_special(Interp& I, Value v, Str* name) {
    if (name == I.names.__class__) return Value::object(type_of(I, v));
    if (v.is_int() || v.is_bool()) {
        int64_t i = v.is_int() ? v.as_int() : v.as_bool();
        std::string_view n = name->view();
        if (n == "real" || n == "numerator") return Value::integer(i);
        if (n == "imag") return Value::integer(0);
        if (n == "denominator") return Value::integer(1);
    } else if (v.is_float()) {
        std::string_view n = name->view();
        if (n == "real") return v;
        if (n == "imag") return Value::number(0.0);
    }
    return Value::null();
}

Value type_getattr(Interp& I, Type* t, Str* name, bool raise_missing) {
    Value special = special_getattr(I, t, name);
    if (!special.is_null()) return special;
    Value v = lookup_type(t, name);
    if (!v.is_null()) {
        if (!v.is_obj()) return v;
        switch (v.as_obj()->kind) {
            case ObjKind::StaticMethod: return as<StaticMethod>(v)->func;
            case ObjKind::ClassMethod:
                return Value::object(new_bound_method(I, as<ClassMethod>(v)->func, Value::object(t)));
            case ObjKind::Instance: {
                Value get = lookup_heap(v.as_obj()->cls, I.names.__get__);
                if (get.is_null()) return v;
                return call(I, get, {v, Value::none(), Value::object(t)});
            }
            default: return v;
        }
    }
    // Methods of `type` itself (e.g. C.mro()), bound to the class.
    Value m = dict_get_str(I.types.type->dict, name);
    if (!m.is_null()) return bind(I, m, Value::object(t), I.types.type);
    if (raise_missing) no_attr(I, Value::object(t), name);
    return Value::null();
}

Value super_getattr(Interp& I, Super* s, Str* name, bool raise_missing) {
    if (name != I.names.__class__) {
        Tuple* mro = s->obj_type->mro;
        uint32_t i = 0;
        while (i < mro->size && mro->items()[i].as_obj() != s->type) i++;
        for (i++; i < mro->size; i++) {
            Value d = dict_get_str(as<Type>(mro->items()[i])->dict, name);
            if (d.is_null()) continue;
            bool obj_is_type = s->obj.is_obj() && s->obj.as_obj() == s->obj_type;
            if (!d.is_obj()) return d;
            switch (d.as_obj()->kind) {
                case ObjKind::Function: case ObjKind::NativeFunction:
                    return obj_is_type ? d : Value::object(new_bound_method(I, d, s->obj));
                case ObjKind::StaticMethod: return as<StaticMethod>(d)->func;
                case ObjKind::ClassMethod:
                    return Value::object(new_bound_method(I, as<ClassMethod>(d)->func, Value::object(s->obj_type)));
                case ObjKind::Property:
                    if (obj_is_type) return d;
                    return property_get(I, as<Property>(d), s->obj, name);
                default: return bind(I, d, obj_is_type ? Value::none() : s->obj, s->obj_type);
            }
        }
    }
    if (name == I.names.__class__) return Value::object(I.types.super);
    if (raise_missing)
        raise_fmt(I, I.exc.AttributeError, "'super' object has no attribute '%s'", name->data());
    return Value::null();
}

}  // namespace

Value generic_getattr(Interp& I, Value o, Str* name, bool raise_missing) {
    if (!o.is_obj()) {
        Value s = unboxed_special(I, o, name);
        if (!s.is_null()) return s;
        Type* t = type_of(I, o);
        Value d = lookup_type(t, name);
        if (!d.is_null()) return bind(I, d, o, t);
        if (raise_missing) no_attr(I, o, name);
        return Value::null();
    }
    Object* ob = o.as_obj();
    switch (ob->kind) {
        case ObjKind::Type: return type_getattr(I, static_cast<Type*>(ob), name, raise_missing);
        case ObjKind::Super: return super_getattr(I, static_cast<Super*>(ob), name, raise_missing);
        case ObjKind::Module: {
            Value v = dict_get_str(static_cast<Module*>(ob)->dict, name);
            if (!v.is_null()) return v;
            break;
        }
        default: break;
    }
    Type* t = ob->cls;
    Value d = lookup_type(t, name);
    if (d.is_obj() && ob->kind != ObjKind::Instance) {
        // Built-in kinds: their own attributes first (they act as data descriptors).
        Value s = special_getattr(I, ob, name);
        if (!s.is_null()) return s;
    } else if (d.is_null()) {
        if (name == I.names.__class__) return Value::object(t);
        if (ob->kind != ObjKind::Instance) {
            Value s = special_getattr(I, ob, name);
            if (!s.is_null()) return s;
        }
    }
    if (d.is_obj() && is_data_descriptor(I, d)) {
        if (d.as_obj()->kind == ObjKind::Property) return property_get(I, as<Property>(d), o, name);
        Value get = lookup_heap(d.as_obj()->cls, I.names.__get__);
        if (!get.is_null()) return call(I, get, {d, o, Value::object(t)});
    }
    if (Dict** slot = dict_slot_of(ob)) {
        if (*slot) {
            Value v = dict_get_str(*slot, name);
            if (!v.is_null()) return v;
        }
        if (name == I.names.__dict__ && ob->kind != ObjKind::Future) {   // (CPython shows a future's none)
            if (!*slot) *slot = new_dict(I);
            return Value::object(*slot);
        }
    }
    if (!d.is_null()) return bind(I, d, o, t);
    if (ob->kind == ObjKind::Instance && name == I.names.__class__) return Value::object(t);
    if (raise_missing) no_attr(I, o, name);
    return Value::null();
}

Value getattr(Interp& I, Value o, Str* name) {
    name = interned_name(I, name);
    if (o.is_obj()) {
        Object* ob = o.as_obj();
        uint32_t fl = ob->cls->tflags;
        if (fl & (kTypeHasGetattribute | kTypeHasGetattr)) {
            TempRoot r1(I, o), r2(I, name);
            Value v;
            if (fl & kTypeHasGetattribute) {
                Value ga = lookup_type(ob->cls, I.names.__getattribute__);
                if (!(fl & kTypeHasGetattr)) return call(I, ga, {o, Value::object(name)});
                try {
                    v = call(I, ga, {o, Value::object(name)});
                } catch (Unwind&) {
                    if (!isinstance(I, I.pending, I.exc.AttributeError)) throw;
                    I.pending = Value::null();
                }
            } else {
                // An AttributeError from a descriptor (a property's getter) also
                // falls back to __getattr__, as any failure of __getattribute__.
                try {
                    v = generic_getattr(I, o, name, false);
                } catch (Unwind&) {
                    if (!isinstance(I, I.pending, I.exc.AttributeError)) throw;
                    I.pending = Value::null();
                }
            }
            if (!v.is_null()) return v;
            Value ga = lookup_type(ob->cls, I.names.__getattr__);
            return call(I, ga, {o, Value::object(name)});
        }
        if (ob->kind == ObjKind::Module) {
            Value v = dict_get_str(static_cast<Module*>(ob)->dict, name);
            if (!v.is_null()) return v;
            v = generic_getattr(I, o, name, false);
            if (!v.is_null()) return v;
            Value mg = dict_get_str(static_cast<Module*>(ob)->dict, I.names.__getattr__);
            if (!mg.is_null()) return call(I, mg, {Value::object(name)});
            no_attr(I, o, name);
        }
    }
    return generic_getattr(I, o, name, true);
}

Value getattr_opt(Interp& I, Value o, Str* name) {
    name = interned_name(I, name);
    if (o.is_obj() && o.as_obj()->kind == ObjKind::Module &&
        !(o.as_obj()->cls->tflags & (kTypeHasGetattribute | kTypeHasGetattr))) {
        // A module without __getattr__ answers without raising: `from pkg import x`
        // probes modules for names they lack (an import inside a function, each call).
        Dict* d = static_cast<Module*>(o.as_obj())->dict;
        Value v = dict_get_str(d, name);
        if (!v.is_null()) return v;
        v = generic_getattr(I, o, name, false);
        if (!v.is_null() || dict_get_str(d, I.names.__getattr__).is_null()) return v;
    }
    if (o.is_obj() && !(o.as_obj()->cls->tflags & (kTypeHasGetattribute | kTypeHasGetattr)) &&
        o.as_obj()->kind != ObjKind::Module) {
        try {
            return generic_getattr(I, o, name, false);
        } catch (Unwind&) {
            if (!isinstance(I, I.pending, I.exc.AttributeError)) throw;
            I.pending = Value::null();
            return Value::null();
        }
    }
    try {
        return getattr(I, o, name);
    } catch (Unwind&) {
        if (!isinstance(I, I.pending, I.exc.AttributeError)) throw;
        I.pending = Value::null();
        return Value::null();
    }
}

Value getattr_method(Interp& I, Value o, Str* name, bool* is_method) {
    *is_method = false;
    name = interned_name(I, name);
    if (o.is_obj()) {
        Object* ob = o.as_obj();
        Type* t = ob->cls;
        if (!(t->tflags & (kTypeHasGetattribute | kTypeHasGetattr)) && ob->kind != ObjKind::Type &&
            ob->kind != ObjKind::Module && ob->kind != ObjKind::Super) {
            Value d = lookup_type(t, name);
            if (is_kind(d, ObjKind::Function) || is_kind(d, ObjKind::NativeFunction)) {
                Dict** slot = dict_slot_of(ob);
                if (!slot || !*slot || dict_get_str(*slot, name).is_null()) {
                    *is_method = true;
                    return d;
                }
            }
        }
    } else if (!o.is_null()) {
        Value d = lookup_type(type_of(I, o), name);
        if (is_kind(d, ObjKind::NativeFunction) || is_kind(d, ObjKind::Function)) {
            *is_method = true;
            return d;
        }
    }
    return getattr(I, o, name);
}

bool attr_in_instance_dict(Interp& I, Type* t, Str* name) {
    if (t->instance_kind != ObjKind::Instance) return false;
    if (t->tflags & (kTypeHasGetattribute | kTypeHasSetattr)) return false;
    if (name == I.names.__class__ || name == I.names.__dict__) return false;
    Value d = lookup_type(t, name);
    return !is_data_descriptor(I, d);
}

bool method_lookup_cacheable(Object* o) {
    if (o->cls->tflags & (kTypeHasGetattribute | kTypeHasGetattr)) return false;
    if (o->kind == ObjKind::Type || o->kind == ObjKind::Module || o->kind == ObjKind::Super) return false;
    return o->kind == ObjKind::Instance || !dict_slot_of(o);
}

// --- setattr / delattr ------------------------------------------------------------

namespace {

void type_setattr(Interp& I, Type* t, Str* name, Value v, bool del) {
    if (!(t->tflags & kTypeHeap))
        raise_fmt(I, I.exc.TypeError, "cannot %s '%s' attribute of immutable type '%s'", del ? "delete" : "set",
                  name->data(), t->name->data());
    const Names& N = I.names;
    if (name == N.__name__ || name == N.__qualname__) {
        if (del) raise_fmt(I, I.exc.TypeError, "cannot delete '%s' attribute of type '%s'", name->data(), t->name->data());
        if (!is_str(v))
            raise_fmt(I, I.exc.TypeError, "can only assign string to %s.%s, not '%s'", t->name->data(), name->data(),
                      type_name(I, v).c_str());
        (name == N.__name__ ? t->name : t->qualname) = as_str(v);
        return;
    }
    if (name == N.__mro__ || name == N.__bases__ || name == N.__dict__)
        raise(I, I.exc.AttributeError, "readonly attribute");
    if (del) {
        if (!dict_del(I, t->dict, Value::object(name))) no_attr(I, Value::object(t), name);
    } else {
        dict_set_str(I, t->dict, name, v);
        if (name == N.__module__) t->module = v;
        if (name == N.__doc__) t->doc = v;
    }
    I.type_epoch++;
    t->version = I.type_epoch;
    update_type_flags(I, t);
    // As CPython's type: setting __abstractmethods__ (what abc computes) marks the
    // class abstract for object.__new__; it is the class's own, not inherited.
    if (name->view() == "__abstractmethods__") {
        if (!del && truthy(I, v)) t->tflags |= kTypeAbstract;
        else t->tflags &= ~uint32_t(kTypeAbstract);
    }
}

bool function_setattr(Interp& I, Function* f, Str* name, Value v, bool del) {
    const Names& N = I.names;
    if (name == N.__name__ || name == N.__qualname__) {
        if (del || !is_str(v))
            raise_fmt(I, I.exc.TypeError, "%s must be set to a string object", name->data());
        (name == N.__name__ ? f->name : f->qualname) = as_str(v);
        return true;
    }
    if (name == N.__doc__) { f->doc = del ? Value::none() : v; return true; }
    if (name == N.__module__) { f->module = del ? Value::none() : v; return true; }
    if (name->view() == "__defaults__") {
        if (del || v.is_none()) f->defaults = nullptr;
        else if (is_kind(v, ObjKind::Tuple)) f->defaults = as<Tuple>(v);
        else raise(I, I.exc.TypeError, "__defaults__ must be set to a tuple object");
        return true;
    }
    if (name->view() == "__kwdefaults__") {
        if (del || v.is_none()) f->kwdefaults = nullptr;
        else if (is_kind(v, ObjKind::Dict)) f->kwdefaults = as<Dict>(v);
        else raise(I, I.exc.TypeError, "__kwdefaults__ must be set to a dict object");
        return true;
    }
    if (name == N.__dict__) {
        if (del || !is_kind(v, ObjKind::Dict))
            raise(I, I.exc.TypeError, "__dict__ must be set to a dictionary");
        f->attrs = as<Dict>(v);
        return true;
    }
    if (name == N.__annotations__) {
        f->annotations = is_kind(v, ObjKind::Dict) ? as<Dict>(v) : nullptr;
        return true;
    }
    return false;
}

void store_attr(Interp& I, Value o, Str* name, Value v, bool del) {
    Object* ob = o.as_obj();
    Type* t = ob->cls;
    if (ob->kind == ObjKind::Type) return type_setattr(I, static_cast<Type*>(ob), name, v, del);
    if (ob->kind == ObjKind::Module) {
        Dict* d = static_cast<Module*>(ob)->dict;
        if (del) {
            if (!dict_del(I, d, Value::object(name))) no_attr(I, o, name);
        } else {
            dict_set_str(I, d, name, v);
        }
        return;
    }
    Value d = lookup_type(t, name);
    if (is_kind(d, ObjKind::Property)) {
        auto* p = as<Property>(d);
        Value fn = del ? p->fdel : p->fset;
        if (fn.is_null() || fn.is_none()) readonly_property(I, p, t, name, del);
        if (del) call(I, fn, {o});
        else call(I, fn, {o, v});
        return;
    }
    if (is_kind(d, ObjKind::Instance)) {
        Value hook = lookup_heap(d.as_obj()->cls, del ? I.names.__delete__ : I.names.__set__);
        if (!hook.is_null()) {
            if (del) call(I, hook, {d, o});
            else call(I, hook, {d, o, v});
            return;
        }
    }
    const Names& N = I.names;
    if (name == N.__class__) {
        if (del) raise(I, I.exc.TypeError, "can't delete __class__ attribute");
        if (!is_kind(v, ObjKind::Type))
            raise_fmt(I, I.exc.TypeError, "__class__ must be set to a class, not '%s' object", type_name(I, v).c_str());
        auto* nt = as<Type>(v);
        if (!(t->tflags & kTypeHeap) || !(nt->tflags & kTypeHeap) || nt->instance_kind != ob->kind)
            raise(I, I.exc.TypeError, "__class__ assignment only supported for mutable types or ModuleType subclasses");
        ob->cls = nt;
        return;
    }
    if (ob->kind == ObjKind::Exception && !del && exception_setattr(I, static_cast<Exception*>(ob), name, v)) return;
    if (ob->kind == ObjKind::Function && function_setattr(I, static_cast<Function*>(ob), name, v, del)) return;
    Dict** slot = dict_slot_of(ob);
    if (!slot && !del && ob->kind == ObjKind::Future) slot = stdlib::asyncio::future_side_dict_for_store(I, ob);
    if (!slot) {
        if (!d.is_null())
            raise_fmt(I, I.exc.AttributeError, "'%s' object attribute '%s' is read-only", t->name->data(), name->data());
        no_attr(I, o, name);
    }
    if (name == N.__dict__) {
        if (del || !is_kind(v, ObjKind::Dict))
            raise_fmt(I, I.exc.TypeError, "__dict__ must be set to a dictionary, not a '%s'", type_name(I, v).c_str());
        *slot = as<Dict>(v);
        return;
    }
    if (del) {
        if (!*slot || !dict_del(I, *slot, Value::object(name))) no_attr(I, o, name);
        return;
    }
    if (!*slot) {
        TempRoot r1(I, o), r2(I, v);
        Dict* nd = new_dict(I);
        *slot = nd;
    }
    dict_set_str(I, *slot, name, v);
}

}  // namespace

void generic_setattr(Interp& I, Value o, Str* name, Value v) {
    if (!o.is_obj()) {
        Value d = lookup_type(type_of(I, o), name);
        if (is_kind(d, ObjKind::Property)) readonly_property(I, as<Property>(d), type_of(I, o), name, false);
        if (!d.is_null())
            raise_fmt(I, I.exc.AttributeError, "'%s' object attribute '%s' is read-only", type_name(I, o).c_str(),
                      name->data());
        no_attr(I, o, name);
    }
    store_attr(I, o, name, v, false);
}

void generic_delattr(Interp& I, Value o, Str* name) {
    if (!o.is_obj()) {
        Value d = lookup_type(type_of(I, o), name);
        if (is_kind(d, ObjKind::Property)) readonly_property(I, as<Property>(d), type_of(I, o), name, true);
        if (!d.is_null())
            raise_fmt(I, I.exc.AttributeError, "'%s' object attribute '%s' is read-only", type_name(I, o).c_str(),
                      name->data());
        no_attr(I, o, name);
    }
    store_attr(I, o, name, Value::null(), true);
}

void setattr(Interp& I, Value o, Str* name, Value v) {
    name = interned_name(I, name);
    if (o.is_obj() && (o.as_obj()->cls->tflags & kTypeHasSetattr)) {
        Value hook = lookup_heap(o.as_obj()->cls, I.names.__setattr__);
        if (!hook.is_null()) {
            call(I, hook, {o, Value::object(name), v});
            return;
        }
    }
    generic_setattr(I, o, name, v);
}

void delattr(Interp& I, Value o, Str* name) {
    name = interned_name(I, name);
    if (o.is_obj() && (o.as_obj()->cls->tflags & kTypeHasSetattr)) {
        Value hook = lookup_heap(o.as_obj()->cls, I.names.__delattr__);
        if (!hook.is_null()) {
            call(I, hook, {o, Value::object(name)});
            return;
        }
    }
    generic_delattr(I, o, name);
}

}  // namespace aio::rt
