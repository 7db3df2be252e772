// runtime/type.cpp - Python classes: type_of/is_subtype, lookup through the MRO,
// and make_class (the `class` statement): C3 linearisation with CPython's error
// text, the instance layout inherited from the first built-in base, and the
// class-creation hooks (__set_name__, __init_subclass__, implicit staticmethod).
#include <cstdlib>
#include <algorithm>

#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

namespace aio::rt {

Type* type_of(Interp& I, Value v) {
    switch (v.tag) {
        case Tag::Obj: return v.as_obj()->cls;
        case Tag::Int: return I.types.int_;
        case Tag::Float: return I.types.float_;
        case Tag::Bool: return I.types.bool_;
        default: return I.types.none;
    }
}

bool is_subtype(Type* t, Type* base) {
    if (t == base) return true;
    if (!t->mro) return false;
    const Value* m = t->mro->items();
    for (uint32_t i = 1; i < t->mro->size; i++)
        if (m[i].as_obj() == base) return true;
    return false;
}

bool isinstance(Interp& I, Value v, Type* t) { return is_subtype(type_of(I, v), t); }

namespace {
Value lookup_type_uncached(Type* t, Str* name) {
    Tuple* mro = t->mro;
    if (!mro) return t->dict ? dict_get_str(t->dict, name) : Value::null();
    const Value* m = mro->items();
    for (uint32_t i = 0; i < mro->size; i++) {
        Value v = dict_get_str(static_cast<Type*>(m[i].as_obj())->dict, name);
        if (!v.is_null()) return v;
    }
    return Value::null();
}
}  // namespace

// Attribute lookups through the MRO are the hot path of every method call and
// attribute access; a small per-type cache keyed by interned name and checked
// against the interpreter's type epoch (bumped on any class change) skips them.
// Only interned names are cached: they are never freed, so the key stays valid.
Value lookup_type(Type* t, Str* name) {
    if (!t->epoch || !(name->flags & kStrInterned)) return lookup_type_uncached(t, name);
    if (!t->cache) t->cache = static_cast<TypeCacheEntry*>(std::calloc(kTypeCacheSize, sizeof(TypeCacheEntry)));
    TypeCacheEntry& e = t->cache[(reinterpret_cast<uintptr_t>(name) >> 4) % kTypeCacheSize];
    uint64_t epoch = *t->epoch;
    if (e.name == name && e.epoch == epoch) return e.value;
    Value v = lookup_type_uncached(t, name);
    e.name = name;
    e.epoch = epoch;
    e.value = v;
    return v;
}

Value lookup_heap(Type* t, Str* name) {
    if (!(t->tflags & kTypeHeap)) return Value::null();
    const Value* m = t->mro->items();
    for (uint32_t i = 0; i < t->mro->size; i++) {
        auto* c = static_cast<Type*>(m[i].as_obj());
        if (!(c->tflags & kTypeHeap)) break;  // built-in behaviour is implemented by kind
        Value v = dict_get_str(c->dict, name);
        if (!v.is_null()) return v;
    }
    return Value::null();
}

namespace {

// C3: merge the bases' MROs and the base list, taking the first head that is in
// no other list's tail.
Tuple* compute_mro(Interp& I, Type* cls, Tuple* bases) {
    std::vector<std::vector<Type*>> seqs;
    for (uint32_t i = 0; i < bases->size; i++) {
        auto* b = as<Type>(bases->items()[i]);
        std::vector<Type*> s;
        for (uint32_t k = 0; k < b->mro->size; k++) s.push_back(as<Type>(b->mro->items()[k]));
        seqs.push_back(std::move(s));
    }
    std::vector<Type*> bl;
    for (uint32_t i = 0; i < bases->size; i++) bl.push_back(as<Type>(bases->items()[i]));
    seqs.push_back(bl);
    std::vector<size_t> pos(seqs.size(), 0);
    std::vector<Type*> out{cls};
    for (;;) {
        bool any = false;
        Type* pick = nullptr;
        for (size_t s = 0; s < seqs.size() && !pick; s++) {
            if (pos[s] >= seqs[s].size()) continue;
            any = true;
            Type* cand = seqs[s][pos[s]];
            bool in_tail = false;
            for (size_t o = 0; o < seqs.size() && !in_tail; o++)
                for (size_t k = pos[o] + 1; k < seqs[o].size(); k++)
                    if (seqs[o][k] == cand) { in_tail = true; break; }
            if (!in_tail) pick = cand;
        }
        if (!any) break;
        if (!pick) {
            std::string msg = "Cannot create a consistent method resolution\norder (MRO) for bases ";
            std::vector<Type*> heads;
            for (size_t s = 0; s < seqs.size(); s++)
                if (pos[s] < seqs[s].size() && std::find(heads.begin(), heads.end(), seqs[s][pos[s]]) == heads.end())
                    heads.push_back(seqs[s][pos[s]]);
            for (size_t k = 0; k < heads.size(); k++) {
                if (k) msg += ", ";
                msg += heads[k]->name->view();
            }
            raise(I, I.exc.TypeError, msg);
        }
        out.push_back(pick);
        for (size_t s = 0; s < seqs.size(); s++)
            if (pos[s] < seqs[s].size() && seqs[s][pos[s]] == pick) pos[s]++;
    }
    Tuple* t = new_tuple(I, uint32_t(out.size()));
    for (size_t k = 0; k < out.size(); k++) t->items()[k] = Value::object(out[k]);
    return t;
}

bool mro_defines(Type* t, Str* name) {
    for (uint32_t i = 0; i < t->mro->size; i++) {
        auto* c = static_cast<Type*>(t->mro->items()[i].as_obj());
        if ((c->tflags & kTypeHeap) && !dict_get_str(c->dict, name).is_null()) return true;
    }
    return false;
}

}  // namespace

void update_type_flags(Interp& I, Type* t) {
    t->tflags &= ~uint32_t(kTypeHasGetattr | kTypeHasSetattr | kTypeHasGetattribute);
    if (mro_defines(t, I.names.__getattr__)) t->tflags |= kTypeHasGetattr;
    if (mro_defines(t, I.names.__setattr__) || mro_defines(t, I.names.__delattr__)) t->tflags |= kTypeHasSetattr;
    if (mro_defines(t, I.names.__getattribute__)) t->tflags |= kTypeHasGetattribute;
}

Type* make_class(Interp& I, Str* name, Tuple* bases, Dict* ns, const CallArgs* class_kw) {
    TempRoot r1(I, name), r2(I, bases), r3(I, ns);
    if (!bases || bases->size == 0) {
        bases = new_tuple(I, {Value::object(I.types.object)});
    }
    TempRoot r4(I, bases);
    Type* layout_base = nullptr;
    ObjKind kind = ObjKind::Instance;
    for (uint32_t i = 0; i < bases->size; i++) {
        Value b = bases->items()[i];
        if (!is_kind(b, ObjKind::Type)) raise(I, I.exc.TypeError, "bases must be types");
        auto* bt = as<Type>(b);
        if (!(bt->tflags & kTypeBaseOk))
            raise_fmt(I, I.exc.TypeError, "type '%s' is not an acceptable base type", bt->name->data());
        for (uint32_t k = 0; k < i; k++)
            if (bases->items()[k].as_obj() == bt)
                raise_fmt(I, I.exc.TypeError, "duplicate base class %s", bt->name->data());
        ObjKind bk = bt->instance_kind;
        if (bk != ObjKind::Instance) {
            if (kind != ObjKind::Instance && (kind != bk || layout_base != bt->native_base))
                raise(I, I.exc.TypeError, "multiple bases have instance lay-out conflict");
            if (kind == ObjKind::Instance) layout_base = bt->native_base;
            kind = bk;
        }
    }
    auto* t = I.heap.make<Type>(ObjKind::Type, I.types.type);
    TempRoot r5(I, t);
    t->name = name;
    t->qualname = name;
    t->module = Value::none();
    t->doc = Value::none();
    t->bases = bases;
    t->instance_kind = kind;
    t->native_base = layout_base ? layout_base : I.types.object;
    t->tflags = kTypeHeap | kTypeBaseOk;
    t->epoch = &I.type_epoch;
    t->dict = new_dict(I);
    t->mro = compute_mro(I, t, bases);
    I.heap_types.push_back(t);
    for (uint32_t i = 0; i < bases->size; i++)
        if (as<Type>(bases->items()[i])->tflags & kTypeException) t->tflags |= kTypeException;

    // The namespace, with CPython's adjustments.
    Dict* d = t->dict;
    Value qual = dict_get_str(ns, I.names.__qualname__);
    uint32_t pos = 0;
    Value k, v;
    while (dict_next(ns, &pos, &k, &v)) {
        if (is_str(k) && str_eq(as_str(k), I.names.__qualname__)) continue;
        dict_set(I, d, k, v);
    }
    if (!qual.is_null()) {
        if (!is_str(qual))
            raise_fmt(I, I.exc.TypeError, "type __qualname__ must be a str, not %s", type_name(I, qual).c_str());
        t->qualname = as_str(qual);
    }
    Value mod = dict_get_str(d, I.names.__module__);
    if (mod.is_null()) {
        mod = Value::object(I.names.__main__);
        dict_set_str(I, d, I.names.__module__, mod);
    }
    t->module = mod;
    Value doc = dict_get_str(d, I.names.__doc__);
    if (doc.is_null()) dict_set_str(I, d, I.names.__doc__, Value::none());
    else t->doc = doc;
    // Defining __eq__ without __hash__ makes instances unhashable.
    if (!dict_get_str(d, I.names.__eq__).is_null() && dict_get_str(d, I.names.__hash__).is_null())
        dict_set_str(I, d, I.names.__hash__, Value::none());
    // __new__ is an implicit staticmethod, __init_subclass__ an implicit classmethod.
    Value nw = dict_get_str(d, I.names.__new__);
    if (is_kind(nw, ObjKind::Function)) {
        auto* sm = I.heap.make<StaticMethod>(ObjKind::StaticMethod, I.types.staticmethod);
        sm->func = nw;
        dict_set_str(I, d, I.names.__new__, Value::object(sm));
    }
    Value isc = dict_get_str(d, I.names.__init_subclass__);
    if (is_kind(isc, ObjKind::Function)) {
        auto* cm = I.heap.make<ClassMethod>(ObjKind::ClassMethod, I.types.classmethod);
        cm->func = isc;
        dict_set_str(I, d, I.names.__init_subclass__, Value::object(cm));
    }
    Value slots = dict_get_str(d, intern(I, "__slots__"));
    if (!slots.is_null()) {
        bool keeps_dict = install_slots(I, t, slots);
        // Instances lose their __dict__ only when every base's instances lack one too.
        for (uint32_t i = 0; i < bases->size && !keeps_dict; i++) {
            auto* bt = as<Type>(bases->items()[i]);
            keeps_dict = bt != I.types.object && !(bt->tflags & kTypeNoDict);
        }
        if (!keeps_dict && kind == ObjKind::Instance) t->tflags |= kTypeNoDict;
    }
    update_type_flags(I, t);
    I.type_epoch++;
    t->version = I.type_epoch;

    // __set_name__ on descriptors of the namespace (a snapshot: hooks may mutate it).
    List* items = new_list(I);
    TempRoot r6(I, items);
    pos = 0;
    while (dict_next(d, &pos, &k, &v)) {
        if (!v.is_obj() || v.as_obj()->kind != ObjKind::Instance) continue;
        list_append(I, items, k);
        list_append(I, items, v);
    }
    for (uint32_t i = 0; i + 1 < items->size; i += 2) {
        Value attr = items->items[i + 1];
        Value hook = lookup_heap(type_of(I, attr), I.names.__set_name__);
        if (hook.is_null()) continue;
        Value args[3] = {attr, Value::object(t), items->items[i]};
        call(I, hook, CallArgs{args, 3, nullptr, nullptr, 0});
    }
    // __init_subclass__ of the nearest base that defines one (object's does nothing).
    Value self = Value::object(t);
    CallArgs hook_args{&self, 1, nullptr, nullptr, 0};
    if (class_kw) {
        hook_args.kwvalues = class_kw->kwvalues;
        hook_args.kwnames = class_kw->kwnames;
        hook_args.nkw = class_kw->nkw;
    }
    bool called = false;
    for (uint32_t i = 1; i < t->mro->size && !called; i++) {
        auto* c = as<Type>(t->mro->items()[i]);
        if (!(c->tflags & kTypeHeap)) continue;
        Value h = dict_get_str(c->dict, I.names.__init_subclass__);
        if (h.is_null()) continue;
        if (is_kind(h, ObjKind::ClassMethod)) h = as<ClassMethod>(h)->func;
        call(I, h, hook_args);
        called = true;
    }
    if (!called && hook_args.nkw)
        raise_fmt(I, I.exc.TypeError, "%s.__init_subclass__() takes no keyword arguments", t->name->data());
    return t;
}

}  // namespace aio::rt
