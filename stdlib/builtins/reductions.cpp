// stdlib/builtins/reductions.cpp - built-ins that consume an iterable: min, max, sum,
// any, all, sorted. Lists and tuples are walked by index (re-reading the size, since a
// key function may mutate them); anything else through the iterator protocol.
#include <string>

#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

// Walks [src] calling f(item) until f returns false. [src] must be rooted by the caller.
template <class F>
void for_each(Interp& I, Value src, F&& f) {
    if ((is_list(src) && src.as_obj()->cls == I.types.list) ||
        (is_tuple(src) && src.as_obj()->cls == I.types.tuple)) {
        for (uint32_t i = 0;; ++i) {
            Value v;
            if (is_list(src)) {
                rt::List* l = as_list(src);
                if (i >= l->size) return;
                v = l->items[i];
            } else {
                rt::Tuple* t = as_tuple(src);
                if (i >= t->size) return;
                v = t->items()[i];
            }
            if (!f(v)) return;
        }
    }
    Value it = rt::get_iter(I, src);
    rt::TempRoot keep(I, it);
    for (;;) {
        Value v = rt::next(I, it);
        if (v.is_null() || !f(v)) return;
    }
}

bool greater(Interp& I, Value a, Value b) {
    if (a.is_int() && b.is_int()) return a.as_int() > b.as_int();
    if (a.is_float() && b.is_float()) return a.as_float() > b.as_float();
    return rt::truthy(I, rt::compare(I, rt::CmpOpKind::Gt, a, b));
}

bool lesser(Interp& I, Value a, Value b) {
    if (a.is_int() && b.is_int()) return a.as_int() < b.as_int();
    if (a.is_float() && b.is_float()) return a.as_float() < b.as_float();
    return rt::truthy(I, rt::compare(I, rt::CmpOpKind::Lt, a, b));
}

Value min_max(Interp& I, const CallArgs& a, bool is_max) {
    const char* name = is_max ? "max" : "min";
    if (a.nargs == 0) rt::raise_fmt(I, I.exc.TypeError, "%s expected at least 1 argument, got 0", name);
    Value kw[2];
    bind_args(I, CallArgs{nullptr, 0, a.kwvalues, a.kwnames, a.nkw}, name, {"key", "default"}, 0, kw, 0, 0);
    Value key = kw[0], dflt = kw[1];
    if (a.nargs > 1 && !dflt.is_null())
        rt::raise_fmt(I, I.exc.TypeError,
                      "Cannot specify a default for %s() with multiple positional arguments", name);
    if (key.is_none()) key = Value::null();
    Scratch s(I, 3);  // 0: the source tuple (several args), 1: best item, 2: best key
    Value src = a.args[0];
    if (a.nargs > 1) {
        s[0] = obj(rt::new_tuple(I, a.args, a.nargs));
        src = s[0];
    }
    bool found = false;
    for_each(I, src, [&](Value v) {
        Value k = v;
        if (!key.is_null()) {
            rt::TempRoot keep(I, v);
            k = rt::call(I, key, {v});
        }
        if (!found) {
            found = true;
            s[1] = v;
            s[2] = k;
        } else if (is_max ? greater(I, k, s[2]) : lesser(I, k, s[2])) {
            s[1] = v;
            s[2] = k;
        }
        return true;
    });
    if (found) return s[1];
    if (!dflt.is_null()) return dflt;
    rt::raise_fmt(I, I.exc.ValueError, "%s() arg is an empty sequence", name);
}

Value builtin_min(Interp& I, const CallArgs& a, Object*) { return min_max(I, a, false); }
Value builtin_max(Interp& I, const CallArgs& a, Object*) { return min_max(I, a, true); }

Value builtin_sum(Interp& I, const CallArgs& a, Object*) {
    Value args[2];
    bind_args(I, a, "sum", {"iterable", "start"}, 1, args, 1);
    Value start = args[1].is_null() ? Value::integer(0) : args[1];
    if (is_str(start)) rt::raise(I, I.exc.TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    if (is_bytes(start)) rt::raise(I, I.exc.TypeError, "sum() can't sum bytes [use b''.join(seq) instead]");
    Scratch s(I, 1);
    s[0] = start;
    for_each(I, args[0], [&](Value v) {
        Value acc = s[0];
        if (acc.is_int() && v.is_int()) {
            int64_t r;
            if (__builtin_add_overflow(acc.as_int(), v.as_int(), &r))
                rt::raise(I, I.exc.OverflowError, "integer overflow");
            s[0] = Value::integer(r);
        } else if (acc.is_float() && v.is_float()) {
            s[0] = Value::number(acc.as_float() + v.as_float());
        } else if (acc.is_float() && v.is_int()) {
            s[0] = Value::number(acc.as_float() + static_cast<double>(v.as_int()));
        } else {
            s[0] = rt::binary_op(I, rt::BinOpKind::Add, acc, v, false);
        }
        return true;
    });
    return s[0];
}

Value builtin_any(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "any");
    rt::check_nargs(I, a, "any", 1, 1);
    bool r = false;
    for_each(I, a.args[0], [&](Value v) { return !(r = rt::truthy(I, v)); });
    return Value::boolean(r);
}

Value builtin_all(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "all");
    rt::check_nargs(I, a, "all", 1, 1);
    bool r = true;
    for_each(I, a.args[0], [&](Value v) { return (r = rt::truthy(I, v)); });
    return Value::boolean(r);
}

Value builtin_sorted(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs != 1)
        rt::raise_fmt(I, I.exc.TypeError, "sorted expected 1 argument, got %u", a.nargs);
    // sorted() hands its keywords to list.sort, whose messages they get.
    Value kw[2];
    bind_args(I, CallArgs{nullptr, 0, a.kwvalues, a.kwnames, a.nkw}, "sort", {"key", "reverse"}, 0, kw, 0, 0);
    Value key = kw[0];
    bool reverse = !kw[1].is_null() && rt::truthy(I, kw[1]);
    rt::List* l = rt::new_list(I);
    rt::TempRoot keep(I, obj(l));
    rt::list_extend(I, l, a.args[0]);
    sort_list(I, l, key, reverse);
    return obj(l);
}

}  // namespace

void install_reductions(Interp& I) {
    add_functions(I, I.builtins, {
        {"min", builtin_min},
        {"max", builtin_max},
        {"sum", builtin_sum},
        {"any", builtin_any},
        {"all", builtin_all},
        {"sorted", builtin_sorted},
    });
}

}  // namespace aio::stdlib
