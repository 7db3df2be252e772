// api/native.cpp - C++ callables and classes as script objects. A bound callable
// is a NativeFunction whose `ptr` is a FnBox (the detail::Callable, its name and
// the interpreter) and whose traced `data` is a Native that owns the box, so the
// box lives exactly as long as the function object. Calls go through one
// trampoline that maps C++ exceptions to script exceptions.
#include "api/state.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

namespace aio::detail {

using RV = rt::Value;

struct FnBox {
    std::unique_ptr<Callable> fn;
    std::string name;
    std::size_t offset = 0;  // 1 for methods and __new__: argument 0 is the receiver
    StateRef state;  // released when the heap frees the function (at the latest in State::shutdown)
};

// One native call in progress: the box, the raw arguments and the result.
struct CallFrame {
    FnBox* box;
    const rt::CallArgs* a;
    RV result;
    rt::Interp& I() { return *box->state->I; }
};

namespace {

RV trampoline(rt::Interp& I, const rt::CallArgs& a, rt::Object* self_fn) {
    auto* box = static_cast<FnBox*>(static_cast<rt::NativeFunction*>(self_fn)->ptr);
    if (a.nkw) rt::raise_fmt(I, I.exc.TypeError, "%s() takes no keyword arguments", box->name.c_str());
    CallFrame frame{box, &a, RV::none()};
    try {
        box->fn->invoke(frame);
    } catch (rt::Unwind&) {
        throw;
    } catch (const Error& e) {
        raise_in_script(*box->state, e);
    } catch (const std::exception& e) {
        rt::raise(I, I.exc.RuntimeError, e.what());
    } catch (...) {
        rt::raise(I, I.exc.RuntimeError, "unknown C++ exception in " + box->name + "()");
    }
    return frame.result;
}

void delete_box(void* p) { delete static_cast<FnBox*>(p); }

rt::NativeFunction* new_bound_native(State& s, std::string_view name, std::unique_ptr<Callable> fn) {
    rt::Interp& I = s.interp();
    auto* box = new FnBox{std::move(fn), std::string(name), 0, s.shared_from_this()};
    rt::Native* owner;
    try {
        owner = I.heap.make<rt::Native>(rt::ObjKind::Native, I.types.native);
    } catch (...) {
        delete box;
        throw;
    }
    owner->ptr = box;
    owner->finalize = delete_box;
    rt::TempRoot keep(I, owner);
    rt::NativeFunction* f = rt::new_native(I, name, trampoline, RV::object(owner));
    f->ptr = box;
    return f;
}

const ClassRecord* record_for(State& s, std::type_index type) {
    auto it = s.classes.find(type);
    return it == s.classes.end() ? nullptr : &it->second;
}

void* instance_of(State& s, RV v, std::type_index type) {
    const ClassRecord* rec = record_for(s, type);
    if (!rec || !rt::is_kind(v, rt::ObjKind::Native)) return nullptr;
    auto* n = rt::as<rt::Native>(v);
    return rt::is_subtype(n->cls, rec->type) ? n->ptr : nullptr;
}

}  // namespace

Value make_function(const StateRef& s, std::string_view name, std::unique_ptr<Callable> fn) {
    return guarded(*s, [&] { return wrap(*s, RV::object(new_bound_native(*s, name, std::move(fn)))); });
}

std::size_t arg_count(const CallFrame& c) { return c.a->nargs; }
std::string_view call_name(const CallFrame& c) { return c.box->name; }
const StateRef& call_state(const CallFrame& c) { return c.box->state; }

Value arg(CallFrame& c, std::size_t i) { return wrap(*c.box->state, c.a->args[i]); }

[[noreturn]] void arg_error(CallFrame& c, std::size_t i, const char* expected) {
    rt::Interp& I = c.I();
    RV v = i < c.a->nargs ? c.a->args[i] : RV::none();
    // Methods and __new__ count the receiver as argument 0 internally; scripts do not see it.
    rt::raise_fmt(I, I.exc.TypeError, "%s() argument %zu must be %s, not %s", c.box->name.c_str(), i + 1 - c.box->offset, expected,
                  rt::type_name(I, v).c_str());
}

[[noreturn]] void arg_error_for(CallFrame& c, std::size_t i, std::type_index type, const char* expected) {
    const ClassRecord* rec = record_for(*c.box->state, type);
    if (!rec) arg_error(c, i, expected);
    std::string name(rec->type->name->view());
    arg_error(c, i, name.c_str());
}

std::int64_t arg_int(CallFrame& c, std::size_t i) {
    RV v = c.a->args[i];
    if (v.is_int()) return v.as_int();
    if (v.is_bool()) return v.as_bool();
    arg_error(c, i, "int");
}

double arg_float(CallFrame& c, std::size_t i) {
    RV v = c.a->args[i];
    if (v.is_float()) return v.as_float();
    if (v.is_int()) return double(v.as_int());
    if (v.is_bool()) return v.as_bool();
    arg_error(c, i, "float");
}

bool arg_bool(CallFrame& c, std::size_t i) {
    RV v = c.a->args[i];
    if (v.is_bool()) return v.as_bool();
    arg_error(c, i, "bool");
}

std::string_view arg_str(CallFrame& c, std::size_t i) {
    RV v = c.a->args[i];
    if (rt::is_str(v)) return rt::as_str(v)->view();
    arg_error(c, i, "str");
}

void check_arity(CallFrame& c, std::size_t min, std::size_t max) {
    rt::check_nargs(c.I(), *c.a, c.box->name.c_str(), uint32_t(min), uint32_t(max));
}

void set_result(CallFrame& c, const Value& v) { c.result = unwrap(v); }
void set_result_int(CallFrame& c, std::int64_t i) { c.result = RV::integer(i); }
void set_result_float(CallFrame& c, double d) { c.result = RV::number(d); }
void set_result_none(CallFrame& c) { c.result = RV::none(); }

// --- classes ------------------------------------------------------------------------

Value make_class(const StateRef& s, std::string_view name, std::type_index type, void (*destroy)(void*)) {
    return guarded(*s, [&] {
        rt::Interp& I = s->interp();
        rt::Dict* ns = rt::new_dict(I);
        rt::TempRoot keep(I, ns);
        rt::dict_set_str(I, ns, I.names.__module__, RV::object(rt::intern(I, "__main__")));
        rt::Type* t = rt::make_class(I, rt::intern(I, name), rt::new_tuple(I, 0u), ns);
        s->classes[type] = ClassRecord{t, destroy};
        return wrap(*s, RV::object(t));
    });
}

void mark_method(const Value& fn) {
    RV f = unwrap(fn);
    if (rt::is_kind(f, rt::ObjKind::NativeFunction) && rt::as<rt::NativeFunction>(f)->fn == trampoline)
        static_cast<FnBox*>(rt::as<rt::NativeFunction>(f)->ptr)->offset = 1;
}

void class_set(const Value& cls, std::string_view name, const Value& v) {
    mark_method(v);
    detail::set_attr(cls, name, v);
}

void class_property(const Value& cls, std::string_view name, const Value& getter, const Value& setter) {
    State& s = state_of(cls);
    guarded(s, [&] {
        rt::Interp& I = s.interp();
        auto* p = I.heap.make<rt::Property>(rt::ObjKind::Property, I.types.property);
        if (!getter.empty()) mark_method(getter);
        if (!setter.empty()) mark_method(setter);
        p->fget = getter.empty() ? RV::none() : unwrap(getter);
        p->fset = setter.empty() ? RV::none() : unwrap(setter);
        p->fdel = RV::none();
        p->doc = RV::none();
        rt::TempRoot keep(I, p);
        rt::setattr(I, unwrap(cls), rt::intern(I, name), RV::object(p));
    });
}

void* arg_instance(CallFrame& c, std::size_t i, std::type_index type) {
    State& s = *c.box->state;
    if (void* p = instance_of(s, c.a->args[i], type)) return p;
    const ClassRecord* rec = record_for(s, type);
    (void)rec;
    arg_error_for(c, i, type, "an instance of a bound class");
}

bool is_instance(const Value& v, std::type_index type) {
    State& s = state_of(v);
    return instance_of(s, unwrap(v), type) != nullptr;
}

void* instance_ptr(const Value& v, std::type_index type) {
    State& s = state_of(v);
    if (void* p = instance_of(s, unwrap(v), type)) return p;
    conversion_error(v, "an instance of the bound class");
}

namespace {
rt::Native* new_instance(State& s, rt::Type* cls, void* obj, void (*destroy)(void*)) {
    rt::Interp& I = s.interp();
    rt::Native* n;
    try {
        n = I.heap.make<rt::Native>(rt::ObjKind::Native, cls);
    } catch (...) {
        destroy(obj);
        throw;
    }
    n->ptr = obj;
    n->finalize = destroy;
    return n;
}
}  // namespace

Value wrap_instance(const StateRef& s, std::type_index type, void* obj) {
    const ClassRecord* rec = record_for(*s, type);
    if (!rec) throw Error("TypeError", std::string("C++ type ") + type.name() + " is not bound (bind_class)");
    return guarded(*s, [&] { return wrap(*s, RV::object(new_instance(*s, rec->type, obj, rec->destroy))); });
}

void set_new_instance(CallFrame& c, std::type_index type, void* obj) {
    State& s = *c.box->state;
    const ClassRecord* rec = record_for(s, type);
    RV cls = c.a->args[0];
    // cls is the bound class or a script subclass of it (`class Hero(Entity)`).
    rt::Type* t = rt::is_kind(cls, rt::ObjKind::Type) && rt::is_subtype(rt::as<rt::Type>(cls), rec->type)
                      ? rt::as<rt::Type>(cls)
                      : rec->type;
    c.result = RV::object(new_instance(s, t, obj, rec->destroy));
}

}  // namespace aio::detail
