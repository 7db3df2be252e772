// runtime/slots.cpp - a class's __slots__: one member descriptor per slot name and,
// when no class of the MRO has an instance dict, instances that refuse other
// attributes. Slot values live in the instance's dict slot under the slot's name
// (the descriptor is a data descriptor, so that dict is never read directly and
// the VM's instance-attribute caches never record a slot).
#include <string>

#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/text/str_methods.hpp"

namespace aio::rt {
namespace {

// fn->data: (slot name, owning class)
Str* slot_name(Object* fn) { return as_str(as<Tuple>(static_cast<NativeFunction*>(fn)->data)->items()[0]); }
Type* slot_owner(Object* fn) { return as<Type>(as<Tuple>(static_cast<NativeFunction*>(fn)->data)->items()[1]); }

// The instance's storage, after CPython's check that the descriptor applies to it.
Dict** slot_storage(Interp& I, const CallArgs& a, Object* fn) {
    Type* owner = slot_owner(fn);
    if (a.nargs == 0 || !isinstance(I, a.args[0], owner))
        raise_fmt(I, I.exc.TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                  slot_name(fn)->data(), owner->name->data(),
                  a.nargs ? type_name(I, a.args[0]).c_str() : "NoneType");
    Dict** d = a.args[0].is_obj() ? instance_dict_slot(a.args[0].as_obj()) : nullptr;
    if (!d) raise(I, I.exc.TypeError, "slot storage unavailable");
    return d;
}

Value slot_get(Interp& I, const CallArgs& a, Object* fn) {
    Dict** d = slot_storage(I, a, fn);
    Str* name = slot_name(fn);
    Value v = *d ? dict_get_str(*d, name) : Value::null();
    if (v.is_null())
        raise_fmt(I, I.exc.AttributeError, "'%s' object has no attribute '%s'", type_name(I, a.args[0]).c_str(),
                  name->data());
    return v;
}

Value slot_set(Interp& I, const CallArgs& a, Object* fn) {
    Dict** d = slot_storage(I, a, fn);
    if (!*d) *d = new_dict(I);
    dict_set_str(I, *d, slot_name(fn), a.args[1]);
    return Value::none();
}

Value slot_delete(Interp& I, const CallArgs& a, Object* fn) {
    Dict** d = slot_storage(I, a, fn);
    Str* name = slot_name(fn);
    if (!*d || !dict_del(I, *d, Value::object(name))) raise(I, I.exc.AttributeError, name->view());
    return Value::none();
}

// "__x" in class "_Point" is stored as "_Point__x" (private name mangling).
std::string mangle(std::string_view cls, std::string_view name) {
    if (name.size() < 3 || name.substr(0, 2) != "__" || name.substr(name.size() - 2) == "__") return std::string(name);
    size_t i = 0;
    while (i < cls.size() && cls[i] == '_') i++;
    if (i == cls.size()) return std::string(name);
    return "_" + std::string(cls.substr(i)) + std::string(name);
}

}  // namespace

bool install_slots(Interp& I, Type* t, Value slots) {
    TempRoot keep(I, slots);
    Tuple* names = is_str(slots) ? new_tuple(I, {slots}) : tuple_from_iterable(I, slots);
    TempRoot keep_names(I, Value::object(names));
    bool wants_dict = false;
    for (uint32_t i = 0; i < names->size; i++) {
        Value n = names->items()[i];
        if (!is_str(n))
            raise_fmt(I, I.exc.TypeError, "__slots__ items must be strings, not '%s'", type_name(I, n).c_str());
        if (!text::isidentifier(as_str(n)->view())) raise(I, I.exc.TypeError, "__slots__ must be identifiers");
    }
    for (uint32_t i = 0; i < names->size; i++) {
        std::string_view n = as_str(names->items()[i])->view();
        if (n == "__dict__") {
            wants_dict = true;
            continue;
        }
        if (n == "__weakref__") continue;
        Str* name = intern(I, mangle(t->name->view(), n));
        if (!dict_get_str(t->dict, name).is_null())
            raise_fmt(I, I.exc.ValueError, "'%s' in __slots__ conflicts with class variable", name->data());
        TempRoot keep_name(I, Value::object(name));
        Tuple* data = new_tuple(I, {Value::object(name), Value::object(t)});
        TempRoot keep_data(I, Value::object(data));
        auto* p = I.heap.make<Property>(ObjKind::Property, I.types.member_descriptor);
        p->fget = p->fset = p->fdel = p->doc = Value::none();
        TempRoot keep_p(I, Value::object(p));
        p->fget = Value::object(new_native(I, name->view(), slot_get, Value::object(data)));
        p->fset = Value::object(new_native(I, name->view(), slot_set, Value::object(data)));
        p->fdel = Value::object(new_native(I, name->view(), slot_delete, Value::object(data)));
        dict_set_str(I, t->dict, name, Value::object(p));
    }
    return wants_dict;
}

}  // namespace aio::rt
