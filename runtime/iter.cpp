// runtime/iter.cpp - iteration: get_iter/next, the native iterators of the
// built-in containers (list, tuple, str by code point, bytes, dict and its views,
// set, range, reversed list), the sequence-protocol fallback (__getitem__ until
// IndexError), and dict views (Iterator objects with next == nullptr).
#include "interpreter/vm_api.hpp"
#include "runtime/containers.hpp"
#include "runtime/iter_steps.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::rt {

Value list_iter_next(Interp&, Iterator* it) { return list_iter_step(it); }
Value range_iter_next(Interp&, Iterator* it) { return range_iter_step(it); }

namespace {

Value reversed_list_next(Interp&, Iterator* it) {
    auto* l = as<List>(it->src);
    if (it->pos < 0 || it->pos >= int64_t(l->size)) {
        it->pos = -1;
        return Value::null();
    }
    return l->items[it->pos--];
}

Value tuple_next(Interp&, Iterator* it) {
    auto* t = as<Tuple>(it->src);
    if (it->pos >= int64_t(t->size)) return Value::null();
    return t->items()[it->pos++];
}

Value str_next(Interp& I, Iterator* it) {
    Str* s = as_str(it->src);
    if (it->pos >= int64_t(s->size)) return Value::null();
    if (s->ascii) return Value::object(intern(I, std::string_view(s->data() + it->pos++, 1)));
    auto d = text::decode_utf8(s->view(), size_t(it->pos));
    Str* c = new_str(I, std::string_view(s->data() + it->pos, size_t(d.len)));
    it->pos += d.len;
    return Value::object(c);
}

Value bytes_next(Interp&, Iterator* it) {
    auto* b = as<Bytes>(it->src);
    if (it->pos >= int64_t(b->size)) return Value::null();
    return Value::integer(static_cast<unsigned char>(b->data()[it->pos++]));
}

Value dict_iter_next(Interp& I, Iterator* it) {
    auto* d = as<Dict>(it->src);
    if (int64_t(d->size) != it->end) {
        it->end = -1;  // stays broken, as CPython
        raise(I, I.exc.RuntimeError, "dictionary changed size during iteration");
    }
    while (it->pos < int64_t(d->nentries)) {
        DictEntry& e = d->entries[it->pos++];
        if (e.key.is_null()) continue;
        switch (DictIterMode(it->extra.as_int())) {
            case DictIterMode::Keys: return e.key;
            case DictIterMode::Values: return e.value;
            case DictIterMode::Items: return Value::object(new_tuple(I, {e.key, e.value}));
        }
    }
    return Value::null();
}

Value set_next(Interp& I, Iterator* it) {
    auto* s = as<Set>(it->src);
    if (int64_t(s->used) != it->end) {
        it->end = -1;
        raise(I, I.exc.RuntimeError, "Set changed size during iteration");
    }
    uint32_t pos = uint32_t(it->pos);
    Value k;
    bool more = set_next(s, &pos, &k);
    it->pos = pos;
    return more ? k : Value::null();
}

// The sequence protocol: obj[0], obj[1], ... until IndexError or StopIteration.
Value seq_next(Interp& I, Iterator* it) {
    if (it->pos < 0) return Value::null();
    TempRoot r(I, it);
    try {
        return getitem(I, it->src, Value::integer(it->pos++));
    } catch (Unwind&) {
        if (isinstance(I, I.pending, I.exc.IndexError) || isinstance(I, I.pending, I.exc.StopIteration)) {
            I.pending = Value::null();
            it->pos = -1;
            return Value::null();
        }
        throw;
    }
}

// A type's __next__, if it has one (heap classes and stdlib types).
Value next_method(Interp& I, Type* t) {
    if (t->tflags & kTypeHeap) return lookup_heap(t, I.names.__next__);
    return lookup_type(t, I.names.__next__);
}

}  // namespace

Iterator* new_iterator(Interp& I, Value (*fn)(Interp&, Iterator*), Value src) {
    auto* it = I.heap.make<Iterator>(ObjKind::Iterator, I.types.iterator);
    it->next = fn;
    it->src = src;
    return it;
}

namespace {
// Gives a fresh native iterator its CPython class (for type(...).__name__).
Value typed_iter(Iterator* it, Type* cls) {
    it->cls = cls;
    return Value::object(it);
}
}  // namespace

Value new_dict_iter(Interp& I, Dict* d, DictIterMode mode) {
    Iterator* it = new_iterator(I, dict_iter_next, Value::object(d));
    it->cls = mode == DictIterMode::Keys     ? I.types.dict_keyiterator
              : mode == DictIterMode::Values ? I.types.dict_valueiterator
                                             : I.types.dict_itemiterator;
    it->extra = Value::integer(int64_t(mode));
    it->end = d->size;
    return Value::object(it);
}

Value new_reversed_list_iter(Interp& I, List* l) {
    Iterator* it = new_iterator(I, reversed_list_next, Value::object(l));
    it->cls = I.types.list_reverseiterator;
    it->pos = int64_t(l->size) - 1;
    return Value::object(it);
}

Value new_dict_view(Interp& I, Dict* d, DictIterMode mode) {
    Type* t = mode == DictIterMode::Keys ? I.types.dict_keys
            : mode == DictIterMode::Values ? I.types.dict_values : I.types.dict_items;
    auto* v = I.heap.make<Iterator>(ObjKind::Iterator, t);
    v->src = Value::object(d);
    v->pos = int64_t(mode);
    return Value::object(v);
}

bool is_dict_view(Value v, DictIterMode* mode) {
    if (!is_kind(v, ObjKind::Iterator)) return false;
    auto* it = as<Iterator>(v);
    if (it->next || !is_kind(it->src, ObjKind::Dict)) return false;
    if (mode) *mode = DictIterMode(it->pos);
    return true;
}

Value get_iter(Interp& I, Value v) {
    if (!v.is_obj()) raise_fmt(I, I.exc.TypeError, "'%s' object is not iterable", type_name(I, v).c_str());
    Object* o = v.as_obj();
    Type* t = o->cls;
    if (t->tflags & kTypeHeap) {
        Value m = lookup_heap(t, I.names.__iter__);
        if (!m.is_null()) {
            if (m.is_none()) raise_fmt(I, I.exc.TypeError, "'%s' object is not iterable", t->name->data());
            Value it = call(I, m, {v});
            if (!is_kind(it, ObjKind::Iterator) && !is_kind(it, ObjKind::Generator) &&
                next_method(I, type_of(I, it)).is_null())
                raise_fmt(I, I.exc.TypeError, "iter() returned non-iterator of type '%s'", type_name(I, it).c_str());
            return it;
        }
    }
    switch (o->kind) {
        case ObjKind::List: return typed_iter(new_iterator(I, list_iter_next, v), I.types.list_iterator);
        case ObjKind::Tuple: return typed_iter(new_iterator(I, tuple_next, v), I.types.tuple_iterator);
        case ObjKind::Str:
            return typed_iter(new_iterator(I, str_next, v), static_cast<Str*>(o)->ascii ? I.types.str_ascii_iterator
                                                                                      : I.types.str_iterator);
        case ObjKind::Bytes: return typed_iter(new_iterator(I, bytes_next, v), I.types.bytes_iterator);
        case ObjKind::Range: return typed_iter(new_iterator(I, range_iter_next, v), I.types.range_iterator);
        case ObjKind::Dict: return new_dict_iter(I, static_cast<Dict*>(o), DictIterMode::Keys);
        case ObjKind::Set: case ObjKind::FrozenSet: {
            Iterator* it = new_iterator(I, set_next, v);
            it->cls = I.types.set_iterator;
            it->end = static_cast<Set*>(o)->used;
            return Value::object(it);
        }
        case ObjKind::Iterator: {
            DictIterMode mode;
            if (is_dict_view(v, &mode)) return new_dict_iter(I, as<Dict>(static_cast<Iterator*>(o)->src), mode);
            return v;
        }
        case ObjKind::Generator: return v;
        default: break;
    }
    Value m = (t->tflags & kTypeHeap) ? Value::null() : lookup_type(t, I.names.__iter__);
    if (!m.is_null()) return call(I, m, {v});
    Value gi = (t->tflags & kTypeHeap) ? lookup_heap(t, I.names.__getitem__) : lookup_type(t, I.names.__getitem__);
    if (!gi.is_null() && o->kind != ObjKind::Type) return Value::object(new_iterator(I, seq_next, v));
    raise_fmt(I, I.exc.TypeError, "'%s' object is not iterable", t->name->data());
}

bool has_iter_protocol(Interp& I, Value v) {
    if (!v.is_obj()) return false;
    Object* o = v.as_obj();
    switch (o->kind) {
        case ObjKind::List: case ObjKind::Tuple: case ObjKind::Str: case ObjKind::Bytes: case ObjKind::Range:
        case ObjKind::Dict: case ObjKind::Set: case ObjKind::FrozenSet: case ObjKind::Iterator:
        case ObjKind::Generator:
            return true;
        default: break;
    }
    Type* t = o->cls;
    bool heap = t->tflags & kTypeHeap;
    if (!(heap ? lookup_heap(t, I.names.__iter__) : lookup_type(t, I.names.__iter__)).is_null()) return true;
    if (o->kind == ObjKind::Type) return false;
    return !(heap ? lookup_heap(t, I.names.__getitem__) : lookup_type(t, I.names.__getitem__)).is_null();
}

std::string callable_display_name(Interp& I, Value fn) {
    Value qn = getattr_opt(I, fn, I.names.__qualname__);
    if (!is_str(qn)) return type_name(I, fn) + " object";
    Value mod = getattr_opt(I, fn, I.names.__module__);
    std::string out;
    if (is_str(mod) && as_str(mod)->view() != "builtins") out = std::string(as_str(mod)->view()) + ".";
    return out + std::string(as_str(qn)->view()) + "()";
}

Value next(Interp& I, Value it) {
    if (it.is_obj()) {
        Object* o = it.as_obj();
        if (o->kind == ObjKind::Iterator && static_cast<Iterator*>(o)->next)
            return static_cast<Iterator*>(o)->next(I, static_cast<Iterator*>(o));
        if (o->kind == ObjKind::Generator) return vm::generator_next(I, o);
        Value m = next_method(I, o->cls);
        if (!m.is_null()) {
            try {
                return call(I, m, {it});
            } catch (Unwind&) {
                if (!isinstance(I, I.pending, I.exc.StopIteration)) throw;
                I.pending = Value::null();
                return Value::null();
            }
        }
    }
    raise_fmt(I, I.exc.TypeError, "'%s' object is not an iterator", type_name(I, it).c_str());
}

}  // namespace aio::rt
