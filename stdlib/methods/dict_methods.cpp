// stdlib/methods/dict_methods.cpp - the named methods of dict (get, setdefault, pop,
// popitem, keys/values/items, update, clear, copy, fromkeys) and dict_update_from,
// shared with dict(...). The views themselves are the runtime's (rt::new_dict_view).
#include <string>

#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

using rt::Dict;

Dict* self_dict(Interp& I, const CallArgs& a, const char* name) {
    if (a.nargs && is_dict(a.args[0])) return as_dict(a.args[0]);
    return static_cast<Dict*>(check_self(I, a, I.types.dict, name));
}

void count_args(Interp& I, const CallArgs& a, const char* name, uint32_t min, uint32_t max) {
    if (a.nkw) rt::raise_fmt(I, I.exc.TypeError, "dict.%s() takes no keyword arguments", name);
    uint32_t n = a.nargs - 1;
    // CPython's no-argument methods name their class: "dict.keys() takes no arguments (1 given)".
    if (max == 0 && n > 0) rt::raise_fmt(I, I.exc.TypeError, "dict.%s() takes no arguments (%u given)", name, n);
    if (n < min) rt::raise_fmt(I, I.exc.TypeError, "%s expected at least %u argument%s, got %u", name, min, min == 1 ? "" : "s", n);
    if (n > max) rt::raise_fmt(I, I.exc.TypeError, "%s expected at most %u argument%s, got %u", name, max, max == 1 ? "" : "s", n);
}

[[noreturn]] void raise_key_error(Interp& I, Value key) {
    rt::raise_value(I, rt::new_exception_args(I, I.exc.KeyError, rt::new_tuple(I, {key})));
}

Value dict_get_m(Interp& I, const CallArgs& a, Object*) {
    // d.get(k) / d.get(k, default) on a dict, as counting loops write it: the
    // argument checks below cost as much as a lookup of a str key.
    bool plain = a.nkw == 0 && (a.nargs == 2 || a.nargs == 3) && is_dict(a.args[0]);
    Dict* d = plain ? as_dict(a.args[0]) : self_dict(I, a, "get");
    if (!plain) count_args(I, a, "get", 1, 2);
    Value v = rt::dict_get(I, d, a.args[1]);
    if (!v.is_null()) return v;
    return a.nargs > 2 ? a.args[2] : Value::none();
}

Value dict_setdefault(Interp& I, const CallArgs& a, Object*) {
    Dict* d = self_dict(I, a, "setdefault");
    count_args(I, a, "setdefault", 1, 2);
    Value v = rt::dict_get(I, d, a.args[1]);
    if (!v.is_null()) return v;
    Value dflt = a.nargs > 2 ? a.args[2] : Value::none();
    rt::dict_set(I, d, a.args[1], dflt);
    return dflt;
}

Value dict_pop_m(Interp& I, const CallArgs& a, Object*) {
    Dict* d = self_dict(I, a, "pop");
    count_args(I, a, "pop", 1, 2);
    Value v = rt::dict_pop(I, d, a.args[1]);
    if (!v.is_null()) return v;
    if (a.nargs > 2) return a.args[2];
    raise_key_error(I, a.args[1]);
}

Value dict_popitem(Interp& I, const CallArgs& a, Object*) {
    Dict* d = self_dict(I, a, "popitem");
    count_args(I, a, "popitem", 0, 0);
    for (int64_t i = static_cast<int64_t>(d->nentries) - 1; i >= 0; --i) {
        rt::DictEntry& e = d->entries[i];
        if (e.key.is_null()) continue;
        Value k = e.key, v = e.value;
        rt::Tuple* t = rt::new_tuple(I, {k, v});
        rt::dict_del(I, d, k);
        return obj(t);
    }
    raise_key_error(I, str_value(I, "popitem(): dictionary is empty"));
}

Value dict_keys(Interp& I, const CallArgs& a, Object*) {
    Dict* d = self_dict(I, a, "keys");
    count_args(I, a, "keys", 0, 0);
    return rt::new_dict_view(I, d, rt::DictIterMode::Keys);
}

Value dict_values(Interp& I, const CallArgs& a, Object*) {
    Dict* d = self_dict(I, a, "values");
    count_args(I, a, "values", 0, 0);
    return rt::new_dict_view(I, d, rt::DictIterMode::Values);
}

Value dict_items(Interp& I, const CallArgs& a, Object*) {
    Dict* d = self_dict(I, a, "items");
    count_args(I, a, "items", 0, 0);
    return rt::new_dict_view(I, d, rt::DictIterMode::Items);
}

Value dict_update_m(Interp& I, const CallArgs& a, Object*) {
    Dict* d = self_dict(I, a, "update");
    if (a.nargs > 2) rt::raise_fmt(I, I.exc.TypeError, "update expected at most 1 argument, got %u", a.nargs - 1);
    if (a.nargs == 2) dict_update_from(I, d, a.args[1]);
    for (uint32_t k = 0; k < a.nkw; ++k) rt::dict_set(I, d, obj(a.kwnames[k]), a.kwvalues[k]);
    return Value::none();
}

Value dict_clear_m(Interp& I, const CallArgs& a, Object*) {
    Dict* d = self_dict(I, a, "clear");
    count_args(I, a, "clear", 0, 0);
    rt::dict_clear(I, d);
    return Value::none();
}

Value dict_copy_m(Interp& I, const CallArgs& a, Object*) {
    Dict* d = self_dict(I, a, "copy");
    count_args(I, a, "copy", 0, 0);
    return obj(rt::dict_copy(I, d));
}

// dict.fromkeys(iterable, value=None): a classmethod; a subclass gets an instance of itself.
Value dict_fromkeys(Interp& I, const CallArgs& a, Object*) {
    count_args(I, a, "fromkeys", 1, 2);
    Value cls = a.args[0];
    Value dflt = a.nargs > 2 ? a.args[2] : Value::none();
    Value res = (is_type(cls) && cls.as_obj() == I.types.dict) ? obj(rt::new_dict(I)) : rt::call(I, cls, {});
    rt::TempRoot keep(I, res);
    Value it = rt::get_iter(I, a.args[1]);
    rt::TempRoot keep_it(I, it);
    for (Value k; !(k = rt::next(I, it)).is_null();) {
        if (is_dict(res)) rt::dict_set(I, as_dict(res), k, dflt);
        else rt::setitem(I, res, k, dflt);
    }
    return res;
}

// dict_keys.isdisjoint / dict_items.isdisjoint: the view's own membership test
// (keys by hash, items by key then value) against each item of the iterable.
Value view_isdisjoint(Interp& I, const CallArgs& a, Type* view_type) {
    check_self(I, a, view_type, "isdisjoint");
    std::string qualname = std::string(view_type->name->view()) + ".isdisjoint";
    rt::check_no_kwargs(I, a, qualname.c_str());
    if (a.nargs != 2)
        rt::raise_fmt(I, I.exc.TypeError, "%s() takes exactly one argument (%u given)", qualname.c_str(), a.nargs - 1);
    Scratch s(I, 2);
    s[0] = rt::get_iter(I, a.args[1]);
    for (;;) {
        s[1] = rt::next(I, s[0]);
        if (s[1].is_null()) return Value::boolean(true);
        if (rt::contains(I, a.args[0], s[1])) return Value::boolean(false);
    }
}

Value keys_isdisjoint(Interp& I, const CallArgs& a, Object*) { return view_isdisjoint(I, a, I.types.dict_keys); }
Value items_isdisjoint(Interp& I, const CallArgs& a, Object*) { return view_isdisjoint(I, a, I.types.dict_items); }

}  // namespace

void dict_update_from(Interp& I, Dict* d, Value arg) {
    if (is_dict(arg)) {
        rt::Type* t = arg.as_obj()->cls;
        if (t == I.types.dict || rt::lookup_heap(t, I.names.keys).is_null()) {
            rt::dict_update(I, d, as_dict(arg));
            return;
        }
    }
    if (!rt::getattr_opt(I, arg, I.names.keys).is_null()) {
        Scratch s(I, 2);
        s[0] = rt::call_method(I, arg, I.names.keys, {});
        s[1] = rt::get_iter(I, s[0]);
        for (Value k; !(k = rt::next(I, s[1])).is_null();) {
            rt::TempRoot keep(I, k);
            rt::dict_set(I, d, k, rt::getitem(I, arg, k));
        }
        return;
    }
    Scratch s(I, 2);
    s[0] = rt::get_iter(I, arg);
    for (int64_t n = 0;; ++n) {
        Value item = rt::next(I, s[0]);
        if (item.is_null()) return;
        s[1] = item;
        Value k, v;
        if (is_tuple(item) || is_list(item)) {
            uint32_t len = is_tuple(item) ? as_tuple(item)->size : as_list(item)->size;
            const Value* items = is_tuple(item) ? as_tuple(item)->items() : as_list(item)->items;
            if (len != 2)
                rt::raise_fmt(I, I.exc.ValueError,
                              "dictionary update sequence element #%lld has length %u; 2 is required",
                              static_cast<long long>(n), len);
            k = items[0];
            v = items[1];
        } else {
            if (try_get_iter(I, item).is_null())
                rt::raise_fmt(I, I.exc.TypeError,
                              "cannot convert dictionary update sequence element #%lld to a sequence",
                              static_cast<long long>(n));
            rt::Tuple* t = rt::tuple_from_iterable(I, item);
            if (t->size != 2)
                rt::raise_fmt(I, I.exc.ValueError,
                              "dictionary update sequence element #%lld has length %u; 2 is required",
                              static_cast<long long>(n), t->size);
            s[1] = obj(t);
            k = t->items()[0];
            v = t->items()[1];
        }
        rt::dict_set(I, d, k, v);
    }
}

void install_dict_methods(Interp& I) {
    add_methods(I, I.types.dict, {
        {"get", dict_get_m},
        {"setdefault", dict_setdefault},
        {"pop", dict_pop_m},
        {"popitem", dict_popitem},
        {"keys", dict_keys},
        {"values", dict_values},
        {"items", dict_items},
        {"update", dict_update_m},
        {"clear", dict_clear_m},
        {"copy", dict_copy_m},
    });
    add_methods(I, I.types.dict, {{"fromkeys", dict_fromkeys}}, Binding::Class);
    add_methods(I, I.types.dict_keys, {{"isdisjoint", keys_isdisjoint}});
    add_methods(I, I.types.dict_items, {{"isdisjoint", items_isdisjoint}});
}

}  // namespace aio::stdlib
