// runtime/objects.cpp - creation functions for the small built-in objects
// (tuple, list, cell, module, instance, native function, bound method, range,
// slice) and the list primitives every other file uses (append, reserve, extend).
// List buffers are malloc'd and reported to the heap with note_external.
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/asyncio/native.hpp"

namespace aio::rt {

Tuple* new_tuple(Interp& I, uint32_t n) {
    auto* t = I.heap.make_filled<Tuple>(ObjKind::Tuple, I.types.tuple, sizeof(Value) * size_t(n));
    t->size = n;
    for (uint32_t i = 0; i < n; i++) t->items()[i] = Value::none();
    return t;
}

Tuple* new_tuple(Interp& I, const Value* items, uint32_t n) {
    auto* t = I.heap.make_filled<Tuple>(ObjKind::Tuple, I.types.tuple, sizeof(Value) * size_t(n));
    t->size = n;
    for (uint32_t i = 0; i < n; i++) t->items()[i] = items[i];
    return t;
}

Tuple* new_subclass_tuple(Interp& I, Type* cls, const Value* items, uint32_t n) {
    auto* t = I.heap.make<Tuple>(ObjKind::Tuple, cls, sizeof(Value) * size_t(n) + sizeof(Dict*));
    t->size = n;
    for (uint32_t i = 0; i < n; i++) t->items()[i] = items[i];
    *t->dict_slot() = nullptr;
    return t;
}

Tuple* new_tuple(Interp& I, std::initializer_list<Value> items) {
    return new_tuple(I, items.begin(), uint32_t(items.size()));
}

void list_reserve(Interp& I, List* l, uint32_t cap) {
    if (cap <= l->cap) return;
    uint64_t ncap = l->cap < 4 ? 4 : uint64_t(l->cap) + (l->cap >> 1);
    if (ncap < cap) ncap = cap;
    if (ncap > 0x7fffffffu) raise(I, I.exc.MemoryError, "");
    I.heap.note_external(ptrdiff_t(ncap - l->cap) * ptrdiff_t(sizeof(Value)));
    Value* items;
    if (ncap * sizeof(Value) > Heap::kMaxBuffer && l->cap * sizeof(Value) > Heap::kMaxBuffer) {
        items = static_cast<Value*>(std::realloc(l->items, sizeof(Value) * ncap));
    } else {
        // small buffers are heap cells (see Heap::alloc_buffer): move by hand
        // (at most kMaxBuffer / 8 items: a loop, not a memcpy call)
        items = static_cast<Value*>(I.heap.alloc_buffer(sizeof(Value) * ncap));
        for (uint32_t i = 0; i < l->size; i++) items[i] = l->items[i];
        I.heap.free_buffer(l->items, sizeof(Value) * l->cap);
    }
    if (!items) {
        I.heap.note_external(-ptrdiff_t(ncap - l->cap) * ptrdiff_t(sizeof(Value)));
        raise(I, I.exc.MemoryError, "");
    }
    l->items = items;
    l->cap = uint32_t(ncap);
}

void list_release(Interp& I, List* l) {
    I.heap.free_buffer(l->items, sizeof(Value) * l->cap);
    I.heap.note_external(-ptrdiff_t(l->cap) * ptrdiff_t(sizeof(Value)));
    l->items = nullptr;
    l->size = l->cap = 0;
}

List* new_list(Interp& I, uint32_t reserve) {
    auto* l = I.heap.make<List>(ObjKind::List, I.types.list);
    if (reserve) list_reserve(I, l, reserve);
    return l;
}

void list_append(Interp& I, List* l, Value v) {
    if (l->size == l->cap) list_reserve(I, l, l->size + 1);
    l->items[l->size++] = v;
}

void list_resize(Interp& I, List* l, uint32_t size) {
    list_reserve(I, l, size);
    for (uint32_t i = l->size; i < size; i++) l->items[i] = Value::none();
    l->size = size;
}

void list_insert(Interp& I, List* l, int64_t index, Value v) {
    int64_t n = l->size;
    if (index < 0) index = std::max<int64_t>(0, index + n);
    if (index > n) index = n;
    list_append(I, l, v);
    for (int64_t i = n; i > index; i--) l->items[i] = l->items[i - 1];
    l->items[index] = v;
}

void list_extend(Interp& I, List* l, Value iterable) {
    if (is_kind(iterable, ObjKind::List) || is_kind(iterable, ObjKind::Tuple)) {
        bool is_list = is_kind(iterable, ObjKind::List);
        uint32_t n = is_list ? as<List>(iterable)->size : as<Tuple>(iterable)->size;
        list_reserve(I, l, l->size + n);
        // Re-read items after reserve: `l.extend(l)` reads the buffer just grown.
        const Value* src = is_list ? as<List>(iterable)->items : as<Tuple>(iterable)->items();
        for (uint32_t i = 0; i < n; i++) l->items[l->size + i] = src[i];
        l->size += n;
        return;
    }
    TempRoot r1(I, l), r2(I, iterable);
    Value it = get_iter(I, iterable);
    TempRoot r3(I, it);
    for (;;) {
        Value v = next(I, it);
        if (v.is_null()) break;
        list_append(I, l, v);
    }
}

List* list_from_iterable(Interp& I, Value iterable) {
    List* l = new_list(I);
    list_extend(I, l, iterable);
    return l;
}

Tuple* tuple_from_iterable(Interp& I, Value iterable) {
    if (is_kind(iterable, ObjKind::Tuple) && as<Tuple>(iterable)->cls == I.types.tuple) return as<Tuple>(iterable);
    if (is_kind(iterable, ObjKind::List)) return new_tuple(I, as<List>(iterable)->items, as<List>(iterable)->size);
    List* l = list_from_iterable(I, iterable);
    return new_tuple(I, l->items, l->size);
}

Value new_float_or_int_value(double d) {
    if (std::isfinite(d) && d == std::floor(d) && d >= -9.2233720368547758e18 && d < 9.2233720368547758e18)
        return Value::integer(int64_t(d));
    return Value::number(d);
}

Cell* new_cell(Interp& I, Value v) {
    auto* c = I.heap.make<Cell>(ObjKind::Cell, I.types.cell);
    c->value = v;
    return c;
}

Module* new_module(Interp& I, Str* name) {
    Dict* d = new_dict(I);
    auto* m = I.heap.make<Module>(ObjKind::Module, I.types.module);
    m->name = name;
    m->dict = d;
    dict_set_str(I, d, I.names.__name__, Value::object(name));
    dict_set_str(I, d, I.names.__doc__, Value::none());
    return m;
}

Instance* new_instance(Interp& I, Type* cls) {
    return I.heap.make<Instance>(ObjKind::Instance, cls);
}

NativeFunction* new_native(Interp& I, std::string_view name, NativeFn fn, Value data) {
    Str* n = intern(I, name);
    auto* f = I.heap.make<NativeFunction>(ObjKind::NativeFunction, I.types.builtin_function);
    f->fn = fn;
    f->name = n;
    f->qualname = n;
    f->data = data;
    f->module = Value::none();
    return f;
}

NativeFunction* new_native_method(Interp& I, Type* owner, std::string_view name, NativeFn fn) {
    NativeFunction* f = new_native(I, name, fn);
    f->qualname = nullptr;
    f->module = Value::object(owner);  // (NativeFunction stays 96 bytes: no field of its own)
    return f;
}

Str* native_qualname(Interp& I, NativeFunction* f) {
    if (!f->qualname) {
        if (!is_kind(f->module, ObjKind::Type)) return f->name;
        std::string q(as<Type>(f->module)->name->view());
        q += '.';
        q += f->name->view();
        f->qualname = new_str(I, q);
        f->module = Value::none();
    }
    return f->qualname;
}

void add_getter(Interp& I, Type* t, std::string_view name, NativeFn fn) {
    NativeFunction* get = new_native(I, name, fn);
    TempRoot keep(I, get);
    auto* p = I.heap.make<Property>(ObjKind::Property, I.types.property);
    p->fget = Value::object(get);
    p->fset = Value::none();
    p->fdel = Value::none();
    p->doc = Value::none();
    TempRoot keep_p(I, p);
    dict_set_str(I, t->dict, intern(I, name), Value::object(p));
}

BoundMethod* new_bound_method(Interp& I, Value func, Value self) {
    // A built-in bound to its receiver ([].append) is CPython's builtin_function_or_method,
    // not a method object.
    Type* cls = is_kind(func, ObjKind::NativeFunction) ? I.types.builtin_function : I.types.method;
    auto* b = I.heap.make<BoundMethod>(ObjKind::BoundMethod, cls);
    b->func = func;
    b->self = self;
    return b;
}

Range* new_range(Interp& I, int64_t start, int64_t stop, int64_t step) {
    if (step == 0) raise(I, I.exc.ValueError, "range() arg 3 must not be zero");
    auto* r = I.heap.make<Range>(ObjKind::Range, I.types.range);
    r->start = start;
    r->stop = stop;
    r->step = step;
    __int128 len = 0;
    if (step == 1 && start < stop) len = (__int128)stop - start;  // no 128-bit division
    else if (step > 0 && start < stop) len = ((__int128)stop - start - 1) / step + 1;
    else if (step < 0 && start > stop) len = ((__int128)start - stop - 1) / -(__int128)step + 1;
    r->length = int64_t(len);
    return r;
}

Slice* new_slice(Interp& I, Value start, Value stop, Value step) {
    auto* s = I.heap.make<Slice>(ObjKind::Slice, I.types.slice);
    s->start = start.is_null() ? Value::none() : start;
    s->stop = stop.is_null() ? Value::none() : stop;
    s->step = step.is_null() ? Value::none() : step;
    return s;
}

Value box_number(Interp& I, Type* cls, Value v) {
    auto* b = I.heap.make<NumberBox>(ObjKind::NumberBox, cls);
    b->value = v;
    b->attrs = nullptr;
    return Value::object(b);
}

Dict** instance_dict_slot(Object* o) {
    switch (o->kind) {
        case ObjKind::Instance: return &static_cast<Instance*>(o)->attrs;
        case ObjKind::NumberBox: return &static_cast<NumberBox*>(o)->attrs;
        case ObjKind::List: return &static_cast<List*>(o)->attrs;
        case ObjKind::Tuple:
            return (o->cls->tflags & kTypeHeap) ? static_cast<Tuple*>(o)->dict_slot() : nullptr;
        case ObjKind::Str:
            return (o->flags & kSubclassInstance) ? static_cast<Str*>(o)->dict_slot() : nullptr;
        case ObjKind::Bytes:
            return (o->flags & kSubclassInstance) ? static_cast<Bytes*>(o)->dict_slot() : nullptr;
        case ObjKind::Dict: return &static_cast<Dict*>(o)->attrs;
        case ObjKind::Set: case ObjKind::FrozenSet: return &static_cast<Set*>(o)->attrs;
        case ObjKind::Exception: return &static_cast<Exception*>(o)->attrs;
        case ObjKind::Function: return &static_cast<Function*>(o)->attrs;
        case ObjKind::Native: return &static_cast<Native*>(o)->attrs;
        case ObjKind::Future: return stdlib::asyncio::future_dict_slot(static_cast<stdlib::asyncio::FutureObj*>(o));
        case ObjKind::Iterator:
            return (o->cls->tflags & kTypeHeap) ? &static_cast<Iterator*>(o)->attrs : nullptr;
        default: return nullptr;
    }
}

Value alloc_instance_of(Interp& I, Type* cls) {
    switch (cls->instance_kind) {
        case ObjKind::Instance: return Value::object(new_instance(I, cls));
        case ObjKind::NumberBox:
            return box_number(I, cls, cls->native_base == I.types.float_ ? Value::number(0.0) : Value::integer(0));
        case ObjKind::List: {
            List* l = new_list(I);
            l->cls = cls;
            return Value::object(l);
        }
        case ObjKind::Dict: {
            Dict* d = new_dict(I);
            d->cls = cls;
            return Value::object(d);
        }
        case ObjKind::Set: case ObjKind::FrozenSet: {
            Set* s = new_set(I, cls->instance_kind == ObjKind::FrozenSet);
            s->cls = cls;
            return Value::object(s);
        }
        case ObjKind::Exception: {
            auto* e = I.heap.make<Exception>(ObjKind::Exception, cls);
            e->args = new_tuple(I, 0u);
            e->cause = Value::none();
            e->context = Value::none();
            return Value::object(e);
        }
        case ObjKind::Future: return Value::object(stdlib::asyncio::alloc_future(I, cls));
        default:
            raise_fmt(I, I.exc.TypeError, "cannot create '%s' instances", cls->name->data());
    }
}

}  // namespace aio::rt
