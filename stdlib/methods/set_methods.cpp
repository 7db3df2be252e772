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

Set* new_like(Interp& I, Set* self) { return rt::new_set(I, is_frozen(self)); }

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
    Value k, v;
    uint32_t pos = 0;
    if (!rt::dict_next(s->table, &pos, &k, &v)) raise_key_error(I, str_value(I, "pop from an empty set"));
    rt::set_discard(I, s, k);
    return k;
}

Value set_clear(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "clear", false);
    no_args(I, a, "set.clear");
    rt::dict_clear(I, s->table);
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
    for (uint32_t i = 1; i < a.nargs; ++i) set_update_from(I, r, a.args[i]);
    return obj(r);
}

// Items of [s] that are in every one of others (or, with [keep_if_in] false, in none).
Set* filter_set(Interp& I, Set* s, const Value* others, uint32_t n, bool keep_if_in) {
    Scratch tmp(I, n + 1);
    for (uint32_t i = 0; i < n; ++i) tmp[i] = obj(to_set(I, others[i]));
    Set* r = new_like(I, s);
    tmp[n] = obj(r);
    Value k, v;
    for (uint32_t pos = 0; rt::dict_next(s->table, &pos, &k, &v);) {
        bool keep = true;
        for (uint32_t i = 0; i < n && keep; ++i) {
            bool in = rt::set_contains(I, as_set(tmp[i]), k);
            keep = keep_if_in ? in : !in;
        }
        if (keep) rt::set_add(I, r, k);
    }
    return r;
}

Value set_intersection(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "intersection");
    rt::check_no_kwargs(I, a, "set.intersection");
    if (a.nargs == 1) return obj(rt::set_copy(I, s, is_frozen(s)));
    return obj(filter_set(I, s, a.args + 1, a.nargs - 1, true));
}

Value set_difference(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "difference");
    rt::check_no_kwargs(I, a, "set.difference");
    return obj(filter_set(I, s, a.args + 1, a.nargs - 1, false));
}

Set* symmetric(Interp& I, Set* s, Value other) {
    Scratch tmp(I, 2);
    Set* o = to_set(I, other);
    tmp[0] = obj(o);
    Set* r = rt::set_copy(I, s, is_frozen(s));
    tmp[1] = obj(r);
    Value k, v;
    for (uint32_t pos = 0; rt::dict_next(o->table, &pos, &k, &v);)
        if (!rt::set_discard(I, r, k)) rt::set_add(I, r, k);
    return r;
}

Value set_symmetric_difference(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "symmetric_difference");
    exactly_one(I, a, "set.symmetric_difference");
    return obj(symmetric(I, s, a.args[1]));
}

// The _update forms compute the result, then swap its table into self.
Value set_intersection_update(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "intersection_update", false);
    rt::check_no_kwargs(I, a, "set.intersection_update");
    if (a.nargs > 1) s->table = filter_set(I, s, a.args + 1, a.nargs - 1, true)->table;
    return Value::none();
}

Value set_difference_update(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "difference_update", false);
    rt::check_no_kwargs(I, a, "set.difference_update");
    if (a.nargs > 1) s->table = filter_set(I, s, a.args + 1, a.nargs - 1, false)->table;
    return Value::none();
}

Value set_symmetric_difference_update(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "symmetric_difference_update", false);
    exactly_one(I, a, "set.symmetric_difference_update");
    s->table = symmetric(I, s, a.args[1])->table;
    return Value::none();
}

Value set_issubset(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "issubset");
    exactly_one(I, a, "set.issubset");
    Set* o = to_set(I, a.args[1]);
    rt::TempRoot keep(I, obj(o));
    if (rt::set_size(s) > rt::set_size(o)) return Value::boolean(false);
    Value k, v;
    for (uint32_t pos = 0; rt::dict_next(s->table, &pos, &k, &v);)
        if (!rt::set_contains(I, o, k)) return Value::boolean(false);
    return Value::boolean(true);
}

Value set_issuperset(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "issuperset");
    exactly_one(I, a, "set.issuperset");
    Set* o = to_set(I, a.args[1]);
    rt::TempRoot keep(I, obj(o));
    Value k, v;
    for (uint32_t pos = 0; rt::dict_next(o->table, &pos, &k, &v);)
        if (!rt::set_contains(I, s, k)) return Value::boolean(false);
    return Value::boolean(true);
}

Value set_isdisjoint(Interp& I, const CallArgs& a, Object*) {
    Set* s = self_set(I, a, "isdisjoint");
    exactly_one(I, a, "set.isdisjoint");
    Set* o = to_set(I, a.args[1]);
    rt::TempRoot keep(I, obj(o));
    Value k, v;
    for (uint32_t pos = 0; rt::dict_next(o->table, &pos, &k, &v);)
        if (rt::set_contains(I, s, k)) return Value::boolean(false);
    return Value::boolean(true);
}

}  // namespace

void set_update_from(Interp& I, Set* s, Value iterable) {
    if (is_anyset(iterable)) {
        Value k, v;
        Set* o = as_set(iterable);
        for (uint32_t pos = 0; rt::dict_next(o->table, &pos, &k, &v);) rt::set_add(I, s, k);
        return;
    }
    if (is_list(iterable) || is_tuple(iterable)) {
        for (uint32_t i = 0;; ++i) {
            Value v;
            if (is_list(iterable)) {
                if (i >= as_list(iterable)->size) return;
                v = as_list(iterable)->items[i];
            } else {
                if (i >= as_tuple(iterable)->size) return;
                v = as_tuple(iterable)->items()[i];
            }
            rt::set_add(I, s, v);
        }
    }
    Value it = rt::get_iter(I, iterable);
    rt::TempRoot keep(I, it);
    for (Value v; !(v = rt::next(I, it)).is_null();) {
        rt::TempRoot keep_v(I, v);
        rt::set_add(I, s, v);
    }
}

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
