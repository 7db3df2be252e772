// runtime/items.cpp - subscription (x[i], x[a:b:c], assignment and deletion),
// `in`, and index conversion. Built-in sequences and dicts are handled by kind
// with CPython's messages; classes go through __getitem__/__setitem__/
// __delitem__/__contains__ (and dict subclasses through __missing__).
#include <cmath>
#include <cstring>

#include "interpreter/vm_api.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

namespace aio::rt {

namespace {

bool heap_obj(Value v) { return v.is_obj() && (v.as_obj()->cls->tflags & kTypeHeap); }

Value heap_hook(Interp&, Value v, Str* name) {
    return heap_obj(v) ? lookup_heap(v.as_obj()->cls, name) : Value::null();
}

// Index for seq[i]: int/bool/__index__, or Null when `key` is not an index.
bool as_index(Interp& I, Value key, int64_t* out) {
    if (key.is_int()) { *out = key.as_int(); return true; }
    if (key.is_bool()) { *out = key.as_bool(); return true; }
    if (heap_obj(key)) {
        Value m = lookup_heap(key.as_obj()->cls, I.names.__index__);
        if (!m.is_null()) { *out = to_index(I, key, "index"); return true; }
        if (unbox(key).is_int()) { *out = unbox(key).as_int(); return true; }
    }
    return false;
}

[[noreturn]] void bad_index(Interp& I, const char* seq, Value key, bool slices = true) {
    if (!slices)
        raise_fmt(I, I.exc.TypeError, "%s indices must be integers, not '%s'", seq, type_name(I, key).c_str());
    raise_fmt(I, I.exc.TypeError, "%s indices must be integers or slices, not %s", seq, type_name(I, key).c_str());
}

Value slice_items(Interp& I, const Value* items, int64_t len, Slice* s, bool tuple) {
    int64_t start, stop, step;
    int64_t n = slice_indices(I, s, len, &start, &stop, &step);
    if (tuple) {
        Tuple* t = new_tuple(I, uint32_t(n));
        for (int64_t i = 0; i < n; i++) t->items()[i] = items[start + i * step];
        return Value::object(t);
    }
    List* l = new_list(I, uint32_t(n));
    for (int64_t i = 0; i < n; i++) l->items[i] = items[start + i * step];
    l->size = uint32_t(n);
    return Value::object(l);
}

Value str_getitem(Interp& I, Str* s, Value key) {
    int64_t i;
    if (as_index(I, key, &i)) {
        if (!normalize_index(&i, s->aux)) raise(I, I.exc.IndexError, "string index out of range");
        return Value::object(str_char_at(I, s, i));
    }
    if (!is_kind(key, ObjKind::Slice)) bad_index(I, "string", key, false);
    int64_t start, stop, step;
    int64_t n = slice_indices(I, as<Slice>(key), s->aux, &start, &stop, &step);
    if (step == 1) {
        size_t b = str_byte_offset(s, start), e = str_byte_offset(s, start + n);
        return Value::object(new_str(I, std::string_view(s->data() + b, e - b)));
    }
    std::string out;
    if (s->ascii) {
        for (int64_t k = 0; k < n; k++) out += s->data()[start + k * step];
    } else {
        // Decode once into code point offsets.
        std::vector<uint32_t> offs;
        std::string_view v = s->view();
        for (size_t p = 0; p < v.size();) {
            offs.push_back(uint32_t(p));
            unsigned char c = static_cast<unsigned char>(v[p]);
            p += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        }
        offs.push_back(uint32_t(v.size()));
        for (int64_t k = 0; k < n; k++) {
            int64_t idx = start + k * step;
            out.append(v.substr(offs[idx], offs[idx + 1] - offs[idx]));
        }
    }
    return Value::object(new_str(I, out));
}

void list_del_slice(Interp& I, List* l, Slice* s) {
    int64_t start, stop, step;
    int64_t n = slice_indices(I, s, l->size, &start, &stop, &step);
    if (n == 0) return;
    if (step < 0) {  // normalise to an ascending walk
        start = start + (n - 1) * step;
        step = -step;
    }
    uint32_t w = uint32_t(start);
    for (int64_t r = start; r < int64_t(l->size); r++) {
        bool deleted = r >= start && (r - start) % step == 0 && (r - start) / step < n;
        if (!deleted) l->items[w++] = l->items[r];
    }
    l->size = w;
}

void list_set_slice(Interp& I, List* l, Slice* s, Value v) {
    TempRoot r1(I, l), r2(I, v);
    // The new items, copied first (`a[1:] = a` must read the old contents).
    if (!v.is_obj()) raise(I, I.exc.TypeError, "can only assign an iterable");
    List* src = list_from_iterable(I, v);
    TempRoot r3(I, src);
    int64_t start, stop, step;
    int64_t n = slice_indices(I, s, l->size, &start, &stop, &step);
    if (step == 1) {
        int64_t old = n, add = src->size;
        int64_t size = l->size;
        int64_t nsize = size - old + add;
        if (nsize > size) list_reserve(I, l, uint32_t(nsize));
        // (no memcpy/memmove from a null buffer, even of 0 bytes: UBSan rejects it)
        if (size - start - old > 0)
            std::memmove(l->items + start + add, l->items + start + old, sizeof(Value) * size_t(size - start - old));
        if (add) std::memcpy(l->items + start, src->items, sizeof(Value) * size_t(add));
        l->size = uint32_t(nsize);
        return;
    }
    if (int64_t(src->size) != n)
        raise_fmt(I, I.exc.ValueError, "attempt to assign sequence of size %u to extended slice of size %lld",
                  src->size, (long long)n);
    for (int64_t k = 0; k < n; k++) l->items[start + k * step] = src->items[k];
}

}  // namespace

int64_t slice_indices(Interp& I, Slice* s, int64_t length, int64_t* start, int64_t* stop, int64_t* step) {
    auto idx = [&](Value v, int64_t* out) {
        if (!as_index(I, v, out))
            raise(I, I.exc.TypeError, "slice indices must be integers or None or have an __index__ method");
    };
    int64_t st = 1;
    if (!s->step.is_none()) {
        idx(s->step, &st);
        if (st == 0) raise(I, I.exc.ValueError, "slice step cannot be zero");
        if (st < -INT64_MAX) st = -INT64_MAX;
    }
    int64_t a, b;
    if (s->start.is_none()) a = st < 0 ? INT64_MAX : 0;
    else idx(s->start, &a);
    if (s->stop.is_none()) b = st < 0 ? INT64_MIN : INT64_MAX;
    else idx(s->stop, &b);
    auto adjust = [&](int64_t* x) {
        if (*x < 0) {
            *x = *x < -length ? (st < 0 ? -1 : 0) : *x + length;
        } else if (*x >= length) {
            *x = st < 0 ? length - 1 : length;
        }
    };
    adjust(&a);
    adjust(&b);
    *start = a;
    *stop = b;
    *step = st;
    if (st < 0) return b < a ? (a - b - 1) / (-st) + 1 : 0;
    return a < b ? (b - a - 1) / st + 1 : 0;
}

int64_t to_index(Interp& I, Value v, const char* what) {
    (void)what;
    if (v.is_int()) return v.as_int();
    if (v.is_bool()) return v.as_bool();
    if (heap_obj(v)) {
        Value m = lookup_heap(v.as_obj()->cls, I.names.__index__);
        if (!m.is_null()) {
            Value r = call(I, m, {v});
            if (r.is_int()) return r.as_int();
            if (r.is_bool()) return r.as_bool();
            raise_fmt(I, I.exc.TypeError, "__index__ returned non-int (type %s)", type_name(I, r).c_str());
        }
    }
    if (unbox(v).is_int()) return unbox(v).as_int();
    raise_fmt(I, I.exc.TypeError, "'%s' object cannot be interpreted as an integer", type_name(I, v).c_str());
}

double to_double(Interp& I, Value v) {
    if (v.is_float()) return v.as_float();
    if (v.is_int()) return double(v.as_int());
    if (v.is_bool()) return v.as_bool();
    if (heap_obj(v)) {
        Value m = lookup_heap(v.as_obj()->cls, I.names.__float__);
        if (!m.is_null()) {
            Value r = call(I, m, {v});
            if (r.is_float()) return r.as_float();
            raise_fmt(I, I.exc.TypeError, "%s.__float__ returned non-float (type %s)", type_name(I, v).c_str(),
                      type_name(I, r).c_str());
        }
        m = lookup_heap(v.as_obj()->cls, I.names.__index__);
        if (!m.is_null()) return double(to_index(I, v, "float"));
    }
    if (is_kind(v, ObjKind::NumberBox)) return to_double(I, unbox(v));
    raise_fmt(I, I.exc.TypeError, "must be real number, not %s", type_name(I, v).c_str());
}

Value getitem(Interp& I, Value o, Value key) {
    if (!o.is_obj()) raise_fmt(I, I.exc.TypeError, "'%s' object is not subscriptable", type_name(I, o).c_str());
    Object* ob = o.as_obj();
    if (ob->cls->tflags & kTypeHeap) {
        Value m = lookup_heap(ob->cls, I.names.__getitem__);
        if (!m.is_null()) return call(I, m, {o, key});
    }
    int64_t i;
    switch (ob->kind) {
        case ObjKind::List: {
            auto* l = static_cast<List*>(ob);
            if (as_index(I, key, &i)) {
                if (!normalize_index(&i, l->size)) raise(I, I.exc.IndexError, "list index out of range");
                return l->items[i];
            }
            if (is_kind(key, ObjKind::Slice)) return slice_items(I, l->items, l->size, as<Slice>(key), false);
            bad_index(I, "list", key);
        }
        case ObjKind::Tuple: {
            auto* t = static_cast<Tuple*>(ob);
            if (as_index(I, key, &i)) {
                if (!normalize_index(&i, t->size)) raise(I, I.exc.IndexError, "tuple index out of range");
                return t->items()[i];
            }
            if (is_kind(key, ObjKind::Slice)) return slice_items(I, t->items(), t->size, as<Slice>(key), true);
            bad_index(I, "tuple", key);
        }
        case ObjKind::Str: return str_getitem(I, static_cast<Str*>(ob), key);
        case ObjKind::Bytes: {
            auto* b = static_cast<Bytes*>(ob);
            if (as_index(I, key, &i)) {
                if (!normalize_index(&i, b->size)) raise(I, I.exc.IndexError, "index out of range");
                return Value::integer(static_cast<unsigned char>(b->data()[i]));
            }
            if (!is_kind(key, ObjKind::Slice)) bad_index(I, "byte", key);
            int64_t start, stop, step;
            int64_t n = slice_indices(I, as<Slice>(key), b->size, &start, &stop, &step);
            std::string out;
            for (int64_t k = 0; k < n; k++) out += b->data()[start + k * step];
            return Value::object(new_bytes(I, out));
        }
        case ObjKind::Range: {
            auto* r = static_cast<Range*>(ob);
            if (as_index(I, key, &i)) {
                if (!normalize_index(&i, r->length)) raise(I, I.exc.IndexError, "range object index out of range");
                return Value::integer(r->start + i * r->step);
            }
            if (!is_kind(key, ObjKind::Slice)) bad_index(I, "range", key);
            int64_t start, stop, step;
            int64_t n = slice_indices(I, as<Slice>(key), r->length, &start, &stop, &step);
            int64_t nstart = r->start + start * r->step, nstep = r->step * step;
            // CPython maps the slice's stop index too (range(10)[::-3] is range(9, -1, -3));
            // the end of the items is the fallback when that bound leaves int64.
            int64_t nstop;
            if (__builtin_mul_overflow(stop, r->step, &nstop) || __builtin_add_overflow(nstop, r->start, &nstop))
                nstop = nstart + n * nstep;
            return Value::object(new_range(I, nstart, nstop, nstep));
        }
        case ObjKind::Dict: {
            auto* d = static_cast<Dict*>(ob);
            Value v = dict_get(I, d, key);
            if (!v.is_null()) return v;
            if (ob->cls->tflags & kTypeHeap) {
                Value m = lookup_heap(ob->cls, I.names.__missing__);
                if (!m.is_null()) return call(I, m, {o, key});
            }
            I.pending = new_exception_args(I, I.exc.KeyError, new_tuple(I, {key}));
            throw Unwind{};
        }
        case ObjKind::Type: {
            Value m = lookup_type(static_cast<Type*>(ob), intern(I, "__class_getitem__"));
            if (!m.is_null()) {
                if (is_kind(m, ObjKind::ClassMethod)) m = as<ClassMethod>(m)->func;
                if (is_kind(m, ObjKind::Function)) return call(I, m, {o, key});
            }
            // list[int], dict[str, int]: a types.GenericAlias (stdlib/types.aio).
            if (!(static_cast<Type*>(ob)->tflags & kTypeHeap) && m.is_null()) {
                static const char* generic[] = {"list", "dict", "tuple", "set", "frozenset", "type"};
                for (const char* g : generic)
                    if (static_cast<Type*>(ob)->name->view() == g) {
                        TempRoot r1(I, o), r2(I, key);
                        Value alias = vm::module_attr(I, "types", intern(I, "GenericAlias"));
                        return call(I, alias, {o, key});
                    }
            }
            if (!m.is_null()) return call(I, m, {o, key});
            raise_fmt(I, I.exc.TypeError, "type '%s' is not subscriptable", static_cast<Type*>(ob)->name->data());
        }
        default: break;
    }
    if (!(ob->cls->tflags & kTypeHeap)) {
        Value m = lookup_type(ob->cls, I.names.__getitem__);
        if (!m.is_null()) return call(I, m, {o, key});
    }
    raise_fmt(I, I.exc.TypeError, "'%s' object is not subscriptable", type_name(I, o).c_str());
}

void list_setitem(Interp& I, List* l, Value key, Value v) {
    int64_t i;
    if (as_index(I, key, &i)) {
        if (!normalize_index(&i, l->size)) raise(I, I.exc.IndexError, "list assignment index out of range");
        l->items[i] = v;
        return;
    }
    if (is_kind(key, ObjKind::Slice)) return list_set_slice(I, l, as<Slice>(key), v);
    bad_index(I, "list", key);
}

void list_delitem(Interp& I, List* l, Value key) {
    int64_t i;
    if (as_index(I, key, &i)) {
        if (!normalize_index(&i, l->size)) raise(I, I.exc.IndexError, "list assignment index out of range");
        std::memmove(l->items + i, l->items + i + 1, sizeof(Value) * size_t(l->size - i - 1));
        l->size--;
        return;
    }
    if (is_kind(key, ObjKind::Slice)) return list_del_slice(I, l, as<Slice>(key));
    bad_index(I, "list", key);
}

void setitem(Interp& I, Value o, Value key, Value v) {
    if (o.is_obj()) {
        Object* ob = o.as_obj();
        Value m = heap_hook(I, o, I.names.__setitem__);
        if (!m.is_null()) {
            call(I, m, {o, key, v});
            return;
        }
        switch (ob->kind) {
            case ObjKind::List: list_setitem(I, static_cast<List*>(ob), key, v); return;
            case ObjKind::Dict: dict_set(I, static_cast<Dict*>(ob), key, v); return;
            default:
                if (!(ob->cls->tflags & kTypeHeap)) {
                    Value nm = lookup_type(ob->cls, I.names.__setitem__);
                    if (!nm.is_null()) {
                        call(I, nm, {o, key, v});
                        return;
                    }
                }
                break;
        }
    }
    raise_fmt(I, I.exc.TypeError, "'%s' object does not support item assignment", type_name(I, o).c_str());
}

void delitem(Interp& I, Value o, Value key) {
    if (o.is_obj()) {
        Object* ob = o.as_obj();
        Value m = heap_hook(I, o, I.names.__delitem__);
        if (!m.is_null()) {
            call(I, m, {o, key});
            return;
        }
        switch (ob->kind) {
            case ObjKind::List: list_delitem(I, static_cast<List*>(ob), key); return;
            case ObjKind::Dict:
                if (!dict_del(I, static_cast<Dict*>(ob), key)) {
                    I.pending = new_exception_args(I, I.exc.KeyError, new_tuple(I, {key}));
                    throw Unwind{};
                }
                return;
            default:
                if (!(ob->cls->tflags & kTypeHeap)) {
                    Value nm = lookup_type(ob->cls, I.names.__delitem__);
                    if (!nm.is_null()) {
                        call(I, nm, {o, key});
                        return;
                    }
                }
                break;
        }
    }
    raise_fmt(I, I.exc.TypeError, "'%s' object doesn't support item deletion", type_name(I, o).c_str());
}

bool contains(Interp& I, Value c, Value item) {
    if (c.is_obj()) {
        Object* ob = c.as_obj();
        Value m = heap_hook(I, c, I.names.__contains__);
        if (!m.is_null()) return truthy(I, call(I, m, {c, item}));
        switch (ob->kind) {
            case ObjKind::Dict: return !dict_get(I, static_cast<Dict*>(ob), item).is_null();
            case ObjKind::Set: case ObjKind::FrozenSet: return set_contains(I, static_cast<Set*>(ob), item);
            case ObjKind::Str: {
                if (!is_str(item))
                    raise_fmt(I, I.exc.TypeError, "'in <string>' requires string as left operand, not %s",
                              type_name(I, item).c_str());
                return static_cast<Str*>(ob)->view().find(as_str(item)->view()) != std::string_view::npos;
            }
            case ObjKind::Bytes: {
                std::string_view h = static_cast<Bytes*>(ob)->view();
                if (item.is_int()) {
                    if (item.as_int() < 0 || item.as_int() > 255) raise(I, I.exc.ValueError, "byte must be in range(0, 256)");
                    return h.find(char(item.as_int())) != std::string_view::npos;
                }
                if (is_kind(item, ObjKind::Bytes)) return h.find(as<Bytes>(item)->view()) != std::string_view::npos;
                raise_fmt(I, I.exc.TypeError, "a bytes-like object is required, not '%s'", type_name(I, item).c_str());
            }
            case ObjKind::List: {
                auto* l = static_cast<List*>(ob);
                TempRoot r1(I, c), r2(I, item);
                for (uint32_t i = 0; i < l->size; i++)
                    if (eq(I, l->items[i], item)) return true;
                return false;
            }
            case ObjKind::Tuple: {
                auto* t = static_cast<Tuple*>(ob);
                for (uint32_t i = 0; i < t->size; i++)
                    if (eq(I, t->items()[i], item)) return true;
                return false;
            }
            case ObjKind::Range: {
                auto* r = static_cast<Range*>(ob);
                int64_t x;
                if (item.is_int() || item.is_bool()) x = item.is_int() ? item.as_int() : item.as_bool();
                else if (item.is_float() && item.as_float() == std::floor(item.as_float()) &&
                         std::fabs(item.as_float()) < 9e18) x = int64_t(item.as_float());
                else break;
                if (r->length == 0) return false;
                if (r->step > 0 ? (x < r->start || x >= r->stop) : (x > r->start || x <= r->stop)) return false;
                return (x - r->start) % r->step == 0;
            }
            case ObjKind::Iterator: {
                DictIterMode mode;
                if (is_dict_view(c, &mode) && mode == DictIterMode::Keys)
                    return !dict_get(I, as<Dict>(static_cast<Iterator*>(ob)->src), item).is_null();
                if (is_dict_view(c, &mode) && mode == DictIterMode::Items) {
                    if (!is_kind(item, ObjKind::Tuple) || as<Tuple>(item)->size != 2) return false;
                    Value v = dict_get(I, as<Dict>(static_cast<Iterator*>(ob)->src), as<Tuple>(item)->items()[0]);
                    return !v.is_null() && eq(I, v, as<Tuple>(item)->items()[1]);
                }
                break;
            }
            default:
                if (!(ob->cls->tflags & kTypeHeap)) {
                    Value nm = lookup_type(ob->cls, I.names.__contains__);
                    if (!nm.is_null()) return truthy(I, call(I, nm, {c, item}));
                }
                break;
        }
    }
    // Iteration fallback.
    bool iterable = c.is_obj() && (c.as_obj()->kind == ObjKind::Iterator || c.as_obj()->kind == ObjKind::Range ||
                                   c.as_obj()->kind == ObjKind::Generator ||
                                   !lookup_type(type_of(I, c), I.names.__iter__).is_null() ||
                                   !lookup_type(type_of(I, c), I.names.__getitem__).is_null());
    if (!iterable)
        raise_fmt(I, I.exc.TypeError, "argument of type '%s' is not iterable", type_name(I, c).c_str());
    TempRoot r1(I, c), r2(I, item);
    Value it = get_iter(I, c);
    TempRoot r3(I, it);
    for (Value v; !(v = next(I, it)).is_null();)
        if (eq(I, v, item)) return true;
    return false;
}

}  // namespace aio::rt
