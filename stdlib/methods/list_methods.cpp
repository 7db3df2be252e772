// stdlib/methods/list_methods.cpp - the named methods of list and tuple, and the sort
// behind list.sort() and sorted(). Sorting is stable; lists of exact ints, floats or strs
// sort in place with a native comparison, anything else sorts a rooted copy with `<`
// (rt::compare) and writes back, so an exception in a key or `<` leaves a valid list.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

using rt::List;

List* self_list(Interp& I, const CallArgs& a, const char* name) {
    return static_cast<List*>(check_self(I, a, I.types.list, name));
}

// "list.append() takes exactly one argument (0 given)" (counts exclude self).
void exactly_one(Interp& I, const CallArgs& a, const char* qualname) {
    rt::check_no_kwargs(I, a, qualname);
    if (a.nargs != 2)
        rt::raise_fmt(I, I.exc.TypeError, "%s() takes exactly one argument (%u given)", qualname, a.nargs - 1);
}

// Clamps index()'s start/stop like slice bounds.
int64_t clamp_bound(Interp& I, Value v, int64_t len, int64_t dflt) {
    if (v.is_null()) return dflt;
    int64_t i = arg_index(I, v);
    if (i < 0) { i += len; if (i < 0) i = 0; }
    return std::min(i, len);
}

Value list_append(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs == 2 && a.nkw == 0 && is_list(a.args[0])) {
        rt::list_append(I, as_list(a.args[0]), a.args[1]);
        return Value::none();
    }
    List* l = self_list(I, a, "append");
    exactly_one(I, a, "list.append");
    rt::list_append(I, l, a.args[1]);
    return Value::none();
}

Value list_extend(Interp& I, const CallArgs& a, Object*) {
    List* l = self_list(I, a, "extend");
    exactly_one(I, a, "list.extend");
    rt::list_extend(I, l, a.args[1]);
    return Value::none();
}

Value list_insert(Interp& I, const CallArgs& a, Object*) {
    List* l = self_list(I, a, "insert");
    rt::check_no_kwargs(I, a, "list.insert");
    if (a.nargs != 3) rt::raise_fmt(I, I.exc.TypeError, "insert expected 2 arguments, got %u", a.nargs - 1);
    rt::list_insert(I, l, arg_index(I, a.args[1]), a.args[2]);
    return Value::none();
}

Value list_pop(Interp& I, const CallArgs& a, Object*) {
    List* l = self_list(I, a, "pop");
    str_args(I, a, "pop", 0, 1);
    int64_t i = a.nargs > 1 ? arg_index(I, a.args[1]) : -1;
    if (l->size == 0) rt::raise(I, I.exc.IndexError, "pop from empty list");
    if (!rt::normalize_index(&i, l->size)) rt::raise(I, I.exc.IndexError, "pop index out of range");
    Value v = l->items[i];
    std::copy(l->items + i + 1, l->items + l->size, l->items + i);
    --l->size;
    return v;
}

// Position of the first item equal to x in [start, stop), or -1. Re-reads the size:
// __eq__ may shrink the list.
int64_t find_item(Interp& I, List* l, Value x, int64_t start, int64_t stop) {
    for (int64_t i = start; i < stop && i < l->size; ++i)
        if (rt::eq(I, l->items[i], x)) return i;
    return -1;
}

Value list_remove(Interp& I, const CallArgs& a, Object*) {
    List* l = self_list(I, a, "remove");
    exactly_one(I, a, "list.remove");
    int64_t i = find_item(I, l, a.args[1], 0, l->size);
    if (i < 0) rt::raise(I, I.exc.ValueError, "list.remove(x): x not in list");
    std::copy(l->items + i + 1, l->items + l->size, l->items + i);
    --l->size;
    return Value::none();
}

Value list_index(Interp& I, const CallArgs& a, Object*) {
    List* l = self_list(I, a, "index");
    str_args(I, a, "index", 1, 3);
    int64_t start = clamp_bound(I, a.nargs > 2 ? a.args[2] : Value::null(), l->size, 0);
    int64_t stop = clamp_bound(I, a.nargs > 3 ? a.args[3] : Value::null(), l->size, l->size);
    int64_t i = find_item(I, l, a.args[1], start, stop);
    if (i < 0) {
        std::string r = rt::repr(I, a.args[1])->data();
        rt::raise_fmt(I, I.exc.ValueError, "%s is not in list", r.c_str());
    }
    return Value::integer(i);
}

Value list_count(Interp& I, const CallArgs& a, Object*) {
    List* l = self_list(I, a, "count");
    exactly_one(I, a, "list.count");
    int64_t n = 0;
    for (uint32_t i = 0; i < l->size; ++i) n += rt::eq(I, l->items[i], a.args[1]);
    return Value::integer(n);
}

Value list_clear(Interp& I, const CallArgs& a, Object*) {
    List* l = self_list(I, a, "clear");
    rt::check_nargs(I, a, "list.clear", 1, 1);
    l->size = 0;
    return Value::none();
}

Value list_copy(Interp& I, const CallArgs& a, Object*) {
    List* l = self_list(I, a, "copy");
    rt::check_nargs(I, a, "list.copy", 1, 1);
    List* c = rt::new_list(I, l->size);
    for (uint32_t i = 0; i < l->size; ++i) rt::list_append(I, c, l->items[i]);
    return obj(c);
}

Value list_reverse(Interp& I, const CallArgs& a, Object*) {
    List* l = self_list(I, a, "reverse");
    rt::check_nargs(I, a, "list.reverse", 1, 1);
    std::reverse(l->items, l->items + l->size);
    return Value::none();
}

Value list_sort(Interp& I, const CallArgs& a, Object*) {
    List* l = self_list(I, a, "sort");
    Value args[2];
    bind_method_args(I, a, "sort", {"key", "reverse"}, 0, args, 0, 0);
    Value key = args[0].is_null() ? Value::null() : args[0];
    bool reverse = !args[1].is_null() && arg_index(I, args[1]) != 0;
    sort_list(I, l, key, reverse);
    return Value::none();
}

// --- tuple -----------------------------------------------------------------------------------------
Value tuple_index(Interp& I, const CallArgs& a, Object*) {
    auto* t = static_cast<rt::Tuple*>(check_self(I, a, I.types.tuple, "index"));
    str_args(I, a, "index", 1, 3);
    int64_t n = t->size;
    int64_t start = clamp_bound(I, a.nargs > 2 ? a.args[2] : Value::null(), n, 0);
    int64_t stop = clamp_bound(I, a.nargs > 3 ? a.args[3] : Value::null(), n, n);
    for (int64_t i = start; i < stop; ++i)
        if (rt::eq(I, t->items()[i], a.args[1])) return Value::integer(i);
    rt::raise(I, I.exc.ValueError, "tuple.index(x): x not in tuple");
}

Value tuple_count(Interp& I, const CallArgs& a, Object*) {
    auto* t = static_cast<rt::Tuple*>(check_self(I, a, I.types.tuple, "count"));
    exactly_one(I, a, "tuple.count");
    int64_t n = 0;
    for (uint32_t i = 0; i < t->size; ++i) n += rt::eq(I, t->items()[i], a.args[1]);
    return Value::integer(n);
}

template <class Less>
void sort_values(Value* b, Value* e, bool reverse, Less less) {
    if (reverse) std::stable_sort(b, e, [&](const Value& x, const Value& y) { return less(y, x); });
    else std::stable_sort(b, e, less);
}

}  // namespace

void sort_list(Interp& I, List* l, Value key, bool reverse) {
    if (key.is_none()) key = Value::null();
    uint32_t n = l->size;
    if (key.is_null()) {
        // Homogeneous exact ints / floats / strs: no Python code can run, sort in place.
        bool ints = true, floats = true, strs = true;
        for (uint32_t i = 0; i < n && (ints || floats || strs); ++i) {
            Value v = l->items[i];
            ints = ints && v.is_int();
            floats = floats && v.is_float() && v.as_float() == v.as_float();
            strs = strs && is_str(v) && v.as_obj()->cls == I.types.str;
        }
        if (ints) {
            sort_values(l->items, l->items + n, reverse,
                        [](const Value& x, const Value& y) { return x.as_int() < y.as_int(); });
            return;
        }
        if (floats) {
            sort_values(l->items, l->items + n, reverse,
                        [](const Value& x, const Value& y) { return x.as_float() < y.as_float(); });
            return;
        }
        if (strs) {
            sort_values(l->items, l->items + n, reverse, [](const Value& x, const Value& y) {
                return as_str(x)->view() < as_str(y)->view();
            });
            return;
        }
    }
    // General case: sort (key, index) pairs of a rooted copy; the list is emptied meanwhile
    // so a key function that mutates it is detected, as CPython does.
    rt::Tuple* vals = rt::new_tuple(I, l->items, n);
    rt::TempRoot keep_vals(I, obj(vals));
    rt::Tuple* keys = vals;
    std::optional<rt::TempRoot> keep_keys;
    if (!key.is_null()) {
        keys = rt::new_tuple(I, n);
        keep_keys.emplace(I, obj(keys));
    }
    l->size = 0;
    auto restore = [&] {
        if (l->size == 0) {
            rt::list_resize(I, l, n);
            std::copy(vals->items(), vals->items() + n, l->items);
        }
    };
    std::vector<uint32_t> order(n);
    try {
        if (!key.is_null())
            for (uint32_t i = 0; i < n; ++i) keys->items()[i] = rt::call(I, key, {vals->items()[i]});
        for (uint32_t i = 0; i < n; ++i) order[i] = i;
        const Value* k = keys->items();
        if (reverse)
            std::stable_sort(order.begin(), order.end(),
                             [&](uint32_t x, uint32_t y) { return less_than(I, k[y], k[x]); });
        else
            std::stable_sort(order.begin(), order.end(),
                             [&](uint32_t x, uint32_t y) { return less_than(I, k[x], k[y]); });
    } catch (rt::Unwind&) {
        restore();
        throw;
    }
    bool modified = l->size != 0;
    rt::list_resize(I, l, n);
    for (uint32_t i = 0; i < n; ++i) l->items[i] = vals->items()[order[i]];
    if (modified) rt::raise(I, I.exc.ValueError, "list modified during sort");
}

void install_list_methods(Interp& I) {
    add_methods(I, I.types.list, {
        {"append", list_append},
        {"extend", list_extend},
        {"insert", list_insert},
        {"pop", list_pop},
        {"remove", list_remove},
        {"index", list_index},
        {"count", list_count},
        {"clear", list_clear},
        {"copy", list_copy},
        {"reverse", list_reverse},
        {"sort", list_sort},
    });
    add_methods(I, I.types.tuple, {
        {"index", tuple_index},
        {"count", tuple_count},
    });
}

}  // namespace aio::stdlib
