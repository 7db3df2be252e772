// stdlib/builtins/iteration.cpp - the lazy iterator types (enumerate, zip, map, filter,
// reversed, callable_iterator) and iter/next/len. Each iterator is an rt::Iterator whose
// `next` hook returns Null when exhausted, so for-loops never see a StopIteration object.
// Values pulled from one source while another source runs Python code are rooted.
#include <string>

#include "runtime/text/utf8.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

using rt::Iterator;

Value iter_dunder_next(Interp& I, const CallArgs& a, Object*);

// The step of an instance of a Python subclass of map, zip...: the class's __next__,
// which may be the built-in one (iter_dunder_next runs the native step).
Value subclass_iter_next(Interp& I, Iterator* it) {
    Value m = rt::lookup_type(it->cls, I.names.__next__);
    if (is_kind(m, ObjKind::NativeFunction) && static_cast<rt::NativeFunction*>(m.as_obj())->fn == iter_dunder_next)
        return it->native_next(I, it);
    try {
        return rt::call(I, m, {obj(it)});
    } catch (rt::Unwind&) {
        if (!rt::isinstance(I, I.pending, I.exc.StopIteration)) throw;
        I.pending = Value::null();
        return Value::null();
    }
}

Iterator* new_iterator(Interp& I, Type* cls, Value (*next)(Interp&, Iterator*), Value src) {
    auto* it = I.heap.make<Iterator>(ObjKind::Iterator, cls);
    it->next = next;
    if (cls->tflags & rt::kTypeHeap) {
        it->native_next = next;
        it->next = subclass_iter_next;
    }
    it->src = src;
    return it;
}

// --- enumerate -------------------------------------------------------------------------
Value enumerate_next(Interp& I, Iterator* it) {
    Value v = rt::next(I, it->src);
    if (v.is_null()) return v;
    int64_t n = it->pos;
    if (__builtin_add_overflow(n, 1, &it->pos)) rt::raise(I, I.exc.OverflowError, "integer overflow");
    return obj(rt::new_tuple(I, {Value::integer(n), v}));
}

// enumerate(...) itself checks its arguments by hand in CPython (a subclass goes through
// the generic binding): each keyword must be the name of the slot it lands in.
void enumerate_args(Interp& I, const CallArgs& a, Value* args) {
    CallArgs rest = args_after_self(a);
    if (as_type(a.args[0])->tflags & rt::kTypeHeap)
        return bind_args(I, rest, "enumerate", {"iterable", "start"}, 1, args);
    uint32_t total = rest.nargs + rest.nkw;
    if (rest.nargs == 0 && total == 0)
        rt::raise(I, I.exc.TypeError, "enumerate() missing required argument 'iterable'");
    if (total > 2) rt::raise_fmt(I, I.exc.TypeError, "enumerate() takes at most 2 arguments (%u given)", total);
    for (uint32_t k = 0; k < rest.nkw; ++k) {
        std::string_view kn = rest.kwnames[k]->view();
        // enumerate(start=1, iterable=x) is the one order-free case.
        uint32_t slot = rest.nargs + k;
        if (rest.nkw == 2 && rest.kwnames[0]->view() == "start") slot = 1 - k;
        if (kn != (slot == 0 ? "iterable" : "start"))
            rt::raise_fmt(I, I.exc.TypeError, "'%.*s' is an invalid keyword argument for enumerate()",
                          static_cast<int>(kn.size()), kn.data());
        args[slot] = rest.kwvalues[k];
    }
    for (uint32_t i = 0; i < rest.nargs; ++i) args[i] = rest.args[i];
    if (total == 1) args[1] = Value::null();
}

Value enumerate_new(Interp& I, const CallArgs& a, Object*) {
    Value args[2];
    enumerate_args(I, a, args);
    int64_t start = args[1].is_null() ? 0 : arg_index(I, args[1]);
    Value src = rt::get_iter(I, args[0]);
    Iterator* it = new_iterator(I, as_type(a.args[0]), enumerate_next, src);
    it->pos = start;
    return obj(it);
}

// --- zip -------------------------------------------------------------------------------
// src: a tuple of iterators; end: 1 when strict=True.
Value zip_next(Interp& I, Iterator* it) {
    rt::NativeRecursion depth(I, "", false);  // a zip of a zip of ... (not limited by CPython)
    rt::Tuple* its = as_tuple(it->src);
    uint32_t n = its->size;
    if (n == 0) return Value::null();
    rt::Tuple* out = rt::new_tuple(I, n);
    rt::TempRoot keep(I, obj(out));
    for (uint32_t i = 0; i < n; ++i) {
        Value v = rt::next(I, its->items()[i]);
        if (v.is_null()) {
            if (!it->end) return v;
            // strict: the first exhausted iterator must be the first of all of them.
            if (i > 0) {
                if (i == 1)
                    rt::raise_fmt(I, I.exc.ValueError, "zip() argument 2 is shorter than argument 1");
                rt::raise_fmt(I, I.exc.ValueError,
                              "zip() argument %u is shorter than arguments 1-%u", i + 1, i);
            }
            for (uint32_t j = 1; j < n; ++j) {
                if (!rt::next(I, its->items()[j]).is_null()) {
                    if (j == 1)
                        rt::raise_fmt(I, I.exc.ValueError, "zip() argument 2 is longer than argument 1");
                    rt::raise_fmt(I, I.exc.ValueError,
                                  "zip() argument %u is longer than arguments 1-%u", j + 1, j);
                }
            }
            return Value::null();
        }
        out->items()[i] = v;
    }
    return obj(out);
}

Value zip_new(Interp& I, const CallArgs& a, Object*) {
    Value kw[1];
    bind_args(I, CallArgs{nullptr, 0, a.kwvalues, a.kwnames, a.nkw}, "zip", {"strict"}, 0, kw, 0, 0);
    bool strict = !kw[0].is_null() && rt::truthy(I, kw[0]);
    uint32_t n = a.nargs - 1;
    rt::Tuple* its = rt::new_tuple(I, n);
    rt::TempRoot keep(I, obj(its));
    for (uint32_t i = 0; i < n; ++i) its->items()[i] = rt::get_iter(I, a.args[i + 1]);
    Iterator* it = new_iterator(I, as_type(a.args[0]), zip_next, obj(its));
    it->end = strict;
    return obj(it);
}

// --- map -------------------------------------------------------------------------------
// extra: the function; src: one iterator (pos == 1) or a tuple of iterators.
Value map_next(Interp& I, Iterator* it) {
    rt::NativeRecursion depth(I, "", false);  // a map of a map of ... (not limited by CPython)
    if (it->pos == 1) {
        Value v = rt::next(I, it->src);
        if (v.is_null()) return v;
        return rt::call(I, it->extra, {v});
    }
    rt::Tuple* its = as_tuple(it->src);
    uint32_t n = its->size;
    rt::Tuple* vals = rt::new_tuple(I, n);
    rt::TempRoot keep(I, obj(vals));
    for (uint32_t i = 0; i < n; ++i) {
        Value v = rt::next(I, its->items()[i]);
        if (v.is_null()) return v;
        vals->items()[i] = v;
    }
    CallArgs ca{vals->items(), n, nullptr, nullptr, 0};
    return rt::call(I, it->extra, ca);
}

Value map_new(Interp& I, const CallArgs& a, Object*) {
    if (a.nkw) rt::raise(I, I.exc.TypeError, "map() takes no keyword arguments");
    if (a.nargs < 3) rt::raise(I, I.exc.TypeError, "map() must have at least two arguments.");
    uint32_t n = a.nargs - 2;
    Iterator* it;
    if (n == 1) {
        Value src = rt::get_iter(I, a.args[2]);
        it = new_iterator(I, as_type(a.args[0]), map_next, src);
    } else {
        rt::Tuple* its = rt::new_tuple(I, n);
        rt::TempRoot keep(I, obj(its));
        for (uint32_t i = 0; i < n; ++i) its->items()[i] = rt::get_iter(I, a.args[i + 2]);
        it = new_iterator(I, as_type(a.args[0]), map_next, obj(its));
    }
    it->extra = a.args[1];
    it->pos = n;
    return obj(it);
}

// --- filter ----------------------------------------------------------------------------
Value filter_next(Interp& I, Iterator* it) {
    for (;;) {
        Value v = rt::next(I, it->src);
        if (v.is_null()) return v;
        if (it->extra.is_none()) {
            if (rt::truthy(I, v)) return v;
            continue;
        }
        rt::TempRoot keep(I, v);
        if (rt::truthy(I, rt::call(I, it->extra, {v}))) return v;
    }
}

Value filter_new(Interp& I, const CallArgs& a, Object*) {
    if (a.nkw) rt::raise(I, I.exc.TypeError, "filter() takes no keyword arguments");
    if (a.nargs != 3)
        rt::raise_fmt(I, I.exc.TypeError, "filter expected 2 arguments, got %u", a.nargs - 1);
    Value src = rt::get_iter(I, a.args[2]);
    Iterator* it = new_iterator(I, as_type(a.args[0]), filter_next, src);
    it->extra = a.args[1];
    return obj(it);
}

// --- reversed --------------------------------------------------------------------------
// pos: the next index to yield (counts down); for non-ASCII str, a byte offset.
Value reversed_seq_next(Interp& I, Iterator* it) {
    if (it->pos < 0) return Value::null();
    Object* o = it->src.as_obj();
    int64_t i = it->pos--;
    switch (o->kind) {
        case ObjKind::List: {
            auto* l = static_cast<rt::List*>(o);
            if (i >= l->size) { it->pos = -1; return Value::null(); }
            return l->items[i];
        }
        case ObjKind::Tuple: return static_cast<rt::Tuple*>(o)->items()[i];
        case ObjKind::Range: {
            auto* r = static_cast<rt::Range*>(o);
            return Value::integer(r->start + i * r->step);
        }
        default: break;
    }
    // Any sequence with __len__/__getitem__.
    return rt::getitem(I, it->src, Value::integer(i));
}

Value reversed_str_next(Interp& I, Iterator* it) {
    if (it->pos <= 0) return Value::null();
    std::string_view s = as_str(it->src)->view();
    text::Decoded d = text::decode_utf8_before(s, static_cast<size_t>(it->pos));
    it->pos -= d.len;
    return str_value(I, s.substr(static_cast<size_t>(it->pos), static_cast<size_t>(d.len)));
}

// extra: the rt::DictIterMode (reversed(d) and reversed(d.keys()) are Keys).
Value reversed_dict_next(Interp& I, Iterator* it) {
    rt::Dict* d = as_dict(it->src);
    if (static_cast<int64_t>(d->size) != it->end) {
        it->end = -1;
        rt::raise(I, I.exc.RuntimeError, "dictionary changed size during iteration");
    }
    while (it->pos >= 0) {
        rt::DictEntry& e = d->entries[it->pos--];
        if (e.key.is_null()) continue;
        switch (rt::DictIterMode(it->extra.as_int())) {
            case rt::DictIterMode::Keys: return e.key;
            case rt::DictIterMode::Values: return e.value;
            case rt::DictIterMode::Items: return obj(rt::new_tuple(I, {e.key, e.value}));
        }
    }
    return Value::null();
}

Value reversed_dict(Interp& I, Type* cls, rt::Dict* d, rt::DictIterMode mode) {
    Iterator* it = new_iterator(I, cls, reversed_dict_next, obj(d));
    it->pos = static_cast<int64_t>(d->nentries) - 1;
    it->end = d->size;
    it->extra = Value::integer(int64_t(mode));
    return obj(it);
}

Type* make_iter_type(Interp& I, const char* name, rt::NativeFn new_fn);

// reversed(a dict or view) has CPython's own type names; the three classes are
// made on first use and kept (rooted) in the data slot of reversed.__new__.
// (A subclass of reversed gets them too: CPython calls the dict's __reversed__.)
Type* reversed_dict_type(Interp& I, Type* cls, Object* self_fn, rt::DictIterMode mode) {
    if (!self_fn || self_fn->kind != ObjKind::NativeFunction) return cls;
    auto* f = static_cast<rt::NativeFunction*>(self_fn);
    if (!is_kind(f->data, ObjKind::Tuple)) {
        rt::Tuple* types = rt::new_tuple(I, 3);
        f->data = obj(types);
        const char* names[] = {"dict_reversekeyiterator", "dict_reversevalueiterator", "dict_reverseitemiterator"};
        for (int i = 0; i < 3; i++) types->items()[i] = obj(make_iter_type(I, names[i], nullptr));
    }
    int i = mode == rt::DictIterMode::Keys ? 0 : mode == rt::DictIterMode::Values ? 1 : 2;
    return as_type(as<rt::Tuple>(f->data)->items()[i]);
}

Value reversed_new(Interp& I, const CallArgs& a, Object* self_fn) {
    if (a.nkw) rt::raise(I, I.exc.TypeError, "reversed() takes no keyword arguments");
    if (a.nargs != 2)
        rt::raise_fmt(I, I.exc.TypeError, "reversed expected 1 argument, got %u", a.nargs - 1);
    Type* cls = as_type(a.args[0]);
    Value src = a.args[1];
    Type* t = rt::type_of(I, src);
    Value rev = rt::lookup_type(t, I.names.__reversed__);
    if (!rev.is_null() && (t->tflags & rt::kTypeHeap)) return rt::call(I, rev, {src});
    if (src.is_obj()) {
        switch (src.as_obj()->kind) {
            // list, range and dict have a __reversed__ of their own, whose iterator
            // type a subclass of reversed gets too.
            case ObjKind::List: return rt::new_reversed_list_iter(I, as_list(src));
            case ObjKind::Tuple: {
                Iterator* it = new_iterator(I, cls, reversed_seq_next, src);
                it->pos = static_cast<int64_t>(as_tuple(src)->size) - 1;
                return obj(it);
            }
            case ObjKind::Range: {
                Iterator* it = new_iterator(I, I.types.range_iterator, reversed_seq_next, src);
                it->pos = static_cast<rt::Range*>(src.as_obj())->length - 1;
                return obj(it);
            }
            case ObjKind::Str: {
                Iterator* it = new_iterator(I, cls, reversed_str_next, src);
                it->pos = as_str(src)->size;
                return obj(it);
            }
            case ObjKind::Dict:
                return reversed_dict(I, reversed_dict_type(I, cls, self_fn, rt::DictIterMode::Keys), as_dict(src),
                                     rt::DictIterMode::Keys);
            case ObjKind::Iterator: {
                rt::DictIterMode mode;
                if (rt::is_dict_view(src, &mode))
                    return reversed_dict(I, reversed_dict_type(I, cls, self_fn, mode),
                                         as_dict(static_cast<Iterator*>(src.as_obj())->src), mode);
                break;
            }
            default: break;
        }
    }
    if (!rev.is_null()) return rt::call(I, rev, {src});
    if (!rt::lookup_type(t, I.names.__getitem__).is_null() &&
        !rt::lookup_type(t, I.names.__len__).is_null() && !is_dict(src)) {
        int64_t n = rt::length(I, src);
        Iterator* it = new_iterator(I, cls, reversed_seq_next, src);
        it->pos = n - 1;
        return obj(it);
    }
    std::string tn = rt::type_name(I, src);
    rt::raise_fmt(I, I.exc.TypeError, "'%s' object is not reversible", tn.c_str());
}

// --- iter / next / len -------------------------------------------------------------------
// callable_iterator: extra is the sentinel; exhausted for good once it is seen.
Value callable_iter_next(Interp& I, Iterator* it) {
    if (it->src.is_null()) return Value::null();
    Value v = rt::call(I, it->src, {});
    rt::TempRoot keep(I, v);
    if (rt::eq(I, v, it->extra)) {
        it->src = Value::null();
        return Value::null();
    }
    return v;
}

Value builtin_iter(Interp& I, const CallArgs& a, Object* self_fn) {
    if (a.nkw) rt::raise(I, I.exc.TypeError, "iter() takes no keyword arguments");
    if (a.nargs == 0) rt::raise(I, I.exc.TypeError, "iter expected at least 1 argument, got 0");
    if (a.nargs > 2)
        rt::raise_fmt(I, I.exc.TypeError, "iter expected at most 2 arguments, got %u", a.nargs);
    if (a.nargs == 1) return rt::get_iter(I, a.args[0]);
    if (!is_callable(I, a.args[0])) rt::raise(I, I.exc.TypeError, "iter(v, w): v must be callable");
    Type* cls = as_type(static_cast<rt::NativeFunction*>(self_fn)->data);
    Iterator* it = new_iterator(I, cls, callable_iter_next, a.args[0]);
    it->extra = a.args[1];
    return obj(it);
}

bool is_iterator(Interp& I, Value v) {
    if (is_kind(v, ObjKind::Iterator) || is_kind(v, ObjKind::Generator)) return true;
    return !rt::lookup_type(rt::type_of(I, v), I.names.__next__).is_null();
}

Value builtin_next(Interp& I, const CallArgs& a, Object*) {
    if (a.nkw) rt::raise(I, I.exc.TypeError, "next() takes no keyword arguments");
    if (a.nargs == 0) rt::raise(I, I.exc.TypeError, "next expected at least 1 argument, got 0");
    if (a.nargs > 2)
        rt::raise_fmt(I, I.exc.TypeError, "next expected at most 2 arguments, got %u", a.nargs);
    if (!is_iterator(I, a.args[0])) {
        std::string tn = rt::type_name(I, a.args[0]);
        rt::raise_fmt(I, I.exc.TypeError, "'%s' object is not an iterator", tn.c_str());
    }
    if (is_kind(a.args[0], ObjKind::Generator)) {
        // A generator's __next__ raises StopIteration carrying its return value. The
        // built-in one even when an itertools class (_itertools.typed) is its type.
        Value gen_next = rt::dict_get_str(I.types.generator->dict, I.names.__next__);
        if (a.nargs == 1) return rt::call(I, gen_next, {a.args[0]});
        try {
            return rt::call(I, gen_next, {a.args[0]});
        } catch (rt::Unwind&) {
            if (!is_kind(I.pending, ObjKind::Exception) || !rt::is_subtype(I.pending.as_obj()->cls, I.exc.StopIteration))
                throw;
            I.pending = Value::null();
            return a.args[1];
        }
    }
    if (a.nargs == 1 && a.args[0].is_obj() && a.args[0].as_obj()->kind != ObjKind::Iterator) {
        // A class's __next__ (or asyncio's Future, stepped by hand): its StopIteration
        // goes through as raised, with the value it carries.
        Value m = rt::lookup_type(a.args[0].as_obj()->cls, I.names.__next__);
        if (!m.is_null()) return rt::call(I, m, {a.args[0]});
    }
    Value v = rt::next(I, a.args[0]);
    if (!v.is_null()) return v;
    if (a.nargs == 2) return a.args[1];
    raise_empty(I, I.exc.StopIteration);
}

Value builtin_len(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs != 1 || a.nkw) {
        if (a.nkw) rt::raise(I, I.exc.TypeError, "len() takes no keyword arguments");
        rt::raise_fmt(I, I.exc.TypeError, "len() takes exactly one argument (%u given)", a.nargs);
    }
    Value v = a.args[0];
    if (v.is_obj()) {
        Object* o = v.as_obj();
        switch (o->kind) {  // the hot built-in cases, without dispatch
            case ObjKind::Str: if (o->cls == I.types.str) return Value::integer(as_str(v)->length()); break;
            case ObjKind::List: if (o->cls == I.types.list) return Value::integer(as_list(v)->size); break;
            case ObjKind::Tuple: if (o->cls == I.types.tuple) return Value::integer(as_tuple(v)->size); break;
            case ObjKind::Dict: if (o->cls == I.types.dict) return Value::integer(as_dict(v)->size); break;
            default: break;
        }
    }
    return Value::integer(rt::length(I, v));
}

// __iter__/__next__ of the native iterator types, for explicit calls.
Value iter_self(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "__iter__", 1, 1);
    return a.args[0];
}

Value iter_dunder_next(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "__next__", 1, 1);
    Value v;
    if (is_kind(a.args[0], ObjKind::Iterator) && static_cast<Iterator*>(a.args[0].as_obj())->next == subclass_iter_next) {
        auto* it = static_cast<Iterator*>(a.args[0].as_obj());
        v = it->native_next(I, it);
    } else {
        v = rt::next(I, a.args[0]);
    }
    if (v.is_null()) raise_empty(I, I.exc.StopIteration);
    return v;
}

Type* make_iter_type(Interp& I, const char* name, rt::NativeFn new_fn) {
    Type* t = make_native_type(I, name, ObjKind::Iterator);
    add_methods(I, t, {{"__iter__", iter_self}, {"__next__", iter_dunder_next}});
    if (new_fn) {
        t->tflags |= rt::kTypeBaseOk;  // class E(enumerate): ... (a native step per instance)
        add_methods(I, t, {{"__new__", new_fn}}, Binding::Static);
        rt::dict_set_str(I, I.builtins, rt::intern(I, name), obj(t));
    }
    return t;
}

}  // namespace

bool is_iterator_value(Interp& I, Value v) { return is_iterator(I, v); }

void install_iteration(Interp& I) {
    make_iter_type(I, "enumerate", enumerate_new);
    make_iter_type(I, "zip", zip_new);
    make_iter_type(I, "map", map_new);
    make_iter_type(I, "filter", filter_new);
    make_iter_type(I, "reversed", reversed_new);
    Type* callable_iterator = make_iter_type(I, "callable_iterator", nullptr);
    // The runtime's own iterator types answer it.__iter__() / it.__next__() too.
    for (Type* t : {I.types.list_iterator, I.types.list_reverseiterator, I.types.tuple_iterator,
                    I.types.str_iterator, I.types.str_ascii_iterator, I.types.bytes_iterator,
                    I.types.range_iterator, I.types.set_iterator, I.types.dict_keyiterator,
                    I.types.dict_valueiterator, I.types.dict_itemiterator})
        add_methods(I, t, {{"__iter__", iter_self}, {"__next__", iter_dunder_next}});
    add_functions(I, I.builtins, {{"next", builtin_next}, {"len", builtin_len}});
    rt::dict_set_str(I, I.builtins, rt::intern(I, "iter"),
                     obj(rt::new_native(I, "iter", builtin_iter, obj(callable_iterator))));
}

}  // namespace aio::stdlib
