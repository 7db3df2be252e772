// stdlib/methods/set_methods.cpp - the named methods of set and frozenset. Results of
// union/intersection/... have the kind of self (set or frozenset). Arguments that are
// not sets are first collected into a temporary set; every set made here is rooted
// while hashing may run Python code (__hash__/__eq__ of the items).
#include <string>

#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

using rt::Set;

bool is_frozen(Set* s) { return s->kind == ObjKind::FrozenSet; }

Set* self_set(Interp& I, const CallArgs& a, const char* name, bool frozen_ok = true) {
    if (a.nargs && (is_kind(a.args[0], ObjKind::Set) || (frozen_ok && is_kind(a.args[0], ObjKind::FrozenSet))))
        return as_set(a.args[0]);
    return static_cast<Set*>(check_self(I, a, I.types.set, name));
}

void exactly_one(Interp& I, const CallArgs& a, const char* qualname) {
    rt::check_no_kwargs(I, a, qualname);
    if (a.nargs != 2)
        rt::raise_fmt(I, I.exc.TypeError, "%s() takes exactly one argument (%u given)", qualname, a.nargs - 1);
}

void no_args(Interp& I, const CallArgs& a, const char* qualname) {
    rt::check_no_kwargs(I, a, qualname);
    if (a.nargs != 1)
        rt::raise_fmt(I, I.exc.TypeError, "%s() takes no arguments (%u given)", qualname, a.nargs - 1);
}

[[noreturn]] void raise_key_error(Interp& I, Value key) {
    rt::raise_value(I, rt::new_exception_args(I, I.exc.KeyError, rt::new_tuple(I, {key})));
}

// [v] as a set: itself when it is one, else a new set of its items (caller roots it).
Set* to_set(Interp& I, Value v) {
    if (is_anyset(v)) return as_set(v);
    Set* s = rt::new_set(I, false);
    rt::TempRoot keep(I, obj(s));
    set_update_from(I, s, v);
    return s;
}


Value set_add(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "add", false);
    exactly_one(I, a, "set.add");
    rt::set_add(I, s, a.args[1]);
    return Value::none();
}

Value set_remove(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "remove", false);
    exactly_one(I, a, "set.remove");
    if (!rt::set_discard(I, s, a.args[1])) raise_key_error(I, a.args[1]);
    return Value::none();
}

Value set_discard(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "discard", false);
    exactly_one(I, a, "set.discard");
    rt::set_discard(I, s, a.args[1]);
    return Value::none();
}

Value set_pop(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "pop", false);
    no_args(I, a, "set.pop");
    Value k = rt::set_pop_item(s);
    if (k.is_null()) raise_key_error(I, str_value(I, "pop from an empty set"));
    return k;
}

Value set_clear(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "clear", false);
    no_args(I, a, "set.clear");
    rt::set_clear(s);
    return Value::none();
}

Value set_copy(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "copy");
    no_args(I, a, "set.copy");
    if (is_frozen(s) && s->cls == I.types.frozenset) return obj(s);
    return obj(rt::set_copy(I, s, is_frozen(s)));
}

Value set_update(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "update", false);
    rt::check_no_kwargs(I, a, "set.update");
    for (uint32_t i = 1; i < a.nargs; ++i) set_update_from(I, s, a.args[i]);
    return Value::none();
}

Value set_union(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "union");
    rt::check_no_kwargs(I, a, "set.union");
    Set* r = rt::set_copy(I, s, is_frozen(s));
    rt::TempRoot keep(I, obj(r));
    for (uint32_t i = 1; i < a.nargs; ++i)
        if (!(a.args[i].is_obj() && a.args[i].as_obj() == s)) rt::set_update(I, r, a.args[i]);
    return obj(r);
}

// s & others[0] & others[1] ..., each step walking the smaller side.
Set* intersection_multi(Interp& I, Set* s, const Value* others, uint32_t n) {
    if (n == 0) return rt::set_copy(I, s, is_frozen(s));
    Scratch tmp(I, 1);
    Set* r = s;
    for (uint32_t i = 0; i < n; ++i) {
        r = rt::set_intersection(I, r, others[i]);
        tmp[0] = obj(r);
    }
    return r;
}

Value set_intersection(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "intersection");
    rt::check_no_kwargs(I, a, "set.intersection");
    return obj(intersection_multi(I, s, a.args + 1, a.nargs - 1));
}

Value set_difference(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "difference");
    rt::check_no_kwargs(I, a, "set.difference");
    if (a.nargs == 1) return obj(rt::set_copy(I, s, is_frozen(s)));
    Set* r = rt::set_difference(I, s, a.args[1]);
    rt::TempRoot keep(I, obj(r));
    for (uint32_t i = 2; i < a.nargs; ++i) rt::set_difference_update(I, r, a.args[i]);
    return obj(r);
}

Value set_symmetric_difference(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "symmetric_difference");
    exactly_one(I, a, "set.symmetric_difference");
    return obj(rt::set_symmetric_difference(I, s, a.args[1]));
}

Value set_intersection_update(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "intersection_update", false);
    rt::check_no_kwargs(I, a, "set.intersection_update");
    if (a.nargs > 1) rt::set_swap_contents(s, intersection_multi(I, s, a.args + 1, a.nargs - 1));
    return Value::none();
}

Value set_difference_update(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "difference_update", false);
    rt::check_no_kwargs(I, a, "set.difference_update");
    for (uint32_t i = 1; i < a.nargs; ++i) rt::set_difference_update(I, s, a.args[i]);
    return Value::none();
}

Value set_symmetric_difference_update(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "symmetric_difference_update", false);
    exactly_one(I, a, "set.symmetric_difference_update");
    rt::set_symmetric_update(I, s, a.args[1]);
    return Value::none();
}

Value set_issubset(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "issubset");
    exactly_one(I, a, "set.issubset");
    Set* o = to_set(I, a.args[1]);
    rt::TempRoot keep(I, obj(o));
    return Value::boolean(rt::set_is_subset(I, s, o));
}

Value set_issuperset(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "issuperset");
    exactly_one(I, a, "set.issuperset");
    Set* o = to_set(I, a.args[1]);
    rt::TempRoot keep(I, obj(o));
    return Value::boolean(rt::set_is_subset(I, o, s));
}

Value set_isdisjoint(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "isdisjoint");
    exactly_one(I, a, "set.isdisjoint");
    Set* o = to_set(I, a.args[1]);
    rt::TempRoot keep(I, obj(o));
    Value k;
    for (uint32_t pos = 0; rt::set_next(o, &pos, &k);)
        if (rt::set_contains(I, s, k)) return Value::boolean(false);
    return Value::boolean(true);
}

}  // namespace

void set_update_from(Interp& I, Set* s, Value iterable) { rt::set_update(I, s, iterable); }

void install_set_methods(Interp& I) {
    // Shared by set and frozenset (read-only methods).
    for (Type* t : {I.types.set, I.types.frozenset})
        add_methods(I, t, {
            {"copy", set_copy},
            {"union", set_union},
            {"intersection", set_intersection},
            {"difference", set_difference},
            {"symmetric_difference", set_symmetric_difference},
            {"issubset", set_issubset},
            {"issuperset", set_issuperset},
            {"isdisjoint", set_isdisjoint},
        });
    add_methods(I, I.types.set, {
        {"add", set_add},
        {"remove", set_remove},
        {"discard", set_discard},
        {"pop", set_pop},
        {"clear", set_clear},
        {"update", set_update},
        {"intersection_update", set_intersection_update},
        {"difference_update", set_difference_update},
        {"symmetric_difference_update", set_symmetric_difference_update},
    });
}

}  // namespace aio::stdlib
