// runtime/set_table.cpp - set and frozenset storage. The table follows CPython's
// documented set design (open addressing, a short linear scan then perturbed
// probing, 8 slots to start, grown when 3/5 full, deleted slots kept until a
// resize), because a set's iteration order is its slot order and scripts print
// sets: {3, 1, 2} must print as {1, 2, 3}, as it does under CPython. The set
// algebra below adds items in the same order CPython's algorithms do, for the
// same reason. Keys may run __hash__/__eq__; callers keep sets rooted.
#include <cstdlib>
#include <utility>

#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

namespace aio::rt {

namespace {

constexpr uint32_t kMinSlots = 8;
constexpr uint32_t kLinearProbes = 9;
constexpr int kPerturbShift = 5;

bool live(const SetSlot& e) { return !e.key.is_null(); }

uint64_t item_hash(Interp& I, Value key) { return is_exact_str(I, key) ? str_hash(as_str(key)) : hash(I, key); }

bool is_anyset_value(Value v) { return is_kind(v, ObjKind::Set) || is_kind(v, ObjKind::FrozenSet); }

SetSlot* alloc_slots(uint32_t n) {
    auto* p = static_cast<SetSlot*>(std::calloc(n, sizeof(SetSlot)));
    if (!p) throw std::bad_alloc();
    return p;
}

void ensure_slots(Set* s) {
    if (s->slots) return;
    s->slots = alloc_slots(kMinSlots);
    s->mask = kMinSlots - 1;
}

// Places a key known to be absent into a table without deleted slots.
void insert_clean(SetSlot* slots, uint32_t mask, Value key, uint64_t h) {
    uint64_t perturb = h;
    uint64_t i = h & mask;
    for (;;) {
        SetSlot* e = &slots[i];
        if (!live(*e)) {
            e->key = key;
            e->hash = h;
            return;
        }
        if (i + kLinearProbes <= mask) {
            for (uint32_t j = 0; j < kLinearProbes; j++) {
                e++;
                if (!live(*e)) {
                    e->key = key;
                    e->hash = h;
                    return;
                }
            }
        }
        perturb >>= kPerturbShift;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

// Rebuilds the table with the smallest power-of-two size above `min_used`,
// re-inserting live keys in slot order (which is what fixes the new order).
void resize(Set* s, uint64_t min_used) {
    uint64_t n = kMinSlots;
    while (n <= min_used) n <<= 1;
    SetSlot* fresh = alloc_slots(uint32_t(n));
    if (s->slots) {
        for (uint32_t i = 0; i <= s->mask; i++)
            if (live(s->slots[i])) insert_clean(fresh, uint32_t(n - 1), s->slots[i].key, s->slots[i].hash);
        std::free(s->slots);
    }
    s->slots = fresh;
    s->mask = uint32_t(n - 1);
    s->fill = s->used;
}

uint64_t growth_target(Set* s) { return s->used > 50000 ? uint64_t(s->used) * 2 : uint64_t(s->used) * 4; }

bool keys_match(Interp& I, Value a, Value b) {
    if (a.same(b)) return true;
    if (is_exact_str(I, a) && is_exact_str(I, b)) return str_eq(as_str(a), as_str(b));
    return eq(I, a, b);
}

// The live slot holding `key`, or nullptr. __eq__ may mutate the set: restart then.
SetSlot* lookup(Interp& I, Set* s, Value key, uint64_t h) {
restart:
    if (!s->slots) return nullptr;
    uint32_t mask = s->mask;
    uint64_t perturb = h;
    uint64_t i = h & mask;
    for (;;) {
        uint32_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
        uint64_t j = i;
        for (;;) {
            SetSlot* e = &s->slots[j];
            if (!live(*e) && e->hash == 0) return nullptr;
            if (live(*e) && e->hash == h) {
                Value k = e->key;
                if (k.same(key)) return e;
                SetSlot* table = s->slots;
                bool m = keys_match(I, k, key);
                if (table != s->slots || !s->slots[j].key.same(k)) goto restart;
                if (m) return &s->slots[j];
            }
            if (probes-- == 0) break;
            j++;
        }
        perturb >>= kPerturbShift;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

// A new key goes into the last deleted slot its probe passed, else the empty
// slot that ended the probe (CPython 3.11 observably reuses the last one).
void add_entry(Interp& I, Set* s, Value key, uint64_t h) {
restart:
    ensure_slots(s);
    uint32_t mask = s->mask;
    uint64_t perturb = h;
    uint64_t i = h & mask;
    SetSlot* reuse = nullptr;
    for (;;) {
        uint32_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
        uint64_t j = i;
        for (;;) {
            SetSlot* e = &s->slots[j];
            if (!live(*e) && e->hash == kSetDeleted) reuse = e;
            if (!live(*e) && e->hash == 0) {
                if (reuse) {
                    s->used++;
                    reuse->key = key;
                    reuse->hash = h;
                    return;
                }
                s->fill++;
                s->used++;
                e->key = key;
                e->hash = h;
                if (uint64_t(s->fill) * 5 >= uint64_t(mask) * 3) resize(s, growth_target(s));
                return;
            }
            if (live(*e) && e->hash == h) {
                Value k = e->key;
                if (k.same(key)) return;
                SetSlot* table = s->slots;
                bool m = keys_match(I, k, key);
                if (m) return;
                if (table != s->slots || !s->slots[j].key.same(k)) goto restart;
                mask = s->mask;
            }
            if (probes-- == 0) break;
            j++;
        }
        perturb >>= kPerturbShift;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

bool discard_entry(Interp& I, Set* s, Value key, uint64_t h) {
    SetSlot* e = lookup(I, s, key, h);
    if (!e) return false;
    e->key = Value::null();
    e->hash = kSetDeleted;
    s->used--;
    return true;
}

// Adds every live key of `from` (CPython's merge: one resize up front; slot
// positions copied outright when the target is empty and the sizes agree).
void merge(Interp& I, Set* s, Set* from) {
    if (s == from || from->used == 0) return;
    if ((uint64_t(s->fill) + from->used) * 5 >= uint64_t(s->slots ? s->mask : kMinSlots - 1) * 3)
        resize(s, (uint64_t(s->used) + from->used) * 2);
    ensure_slots(s);
    if (s->fill == 0 && s->mask == from->mask && from->fill == from->used) {
        for (uint32_t i = 0; i <= from->mask; i++) s->slots[i] = from->slots[i];
        s->fill = from->fill;
        s->used = from->used;
        return;
    }
    if (s->fill == 0) {
        s->fill = s->used = from->used;
        for (uint32_t i = 0; i <= from->mask; i++)
            if (live(from->slots[i])) insert_clean(s->slots, s->mask, from->slots[i].key, from->slots[i].hash);
        return;
    }
    for (uint32_t i = 0; from->slots && i <= from->mask; i++) {
        SetSlot e = from->slots[i];
        if (live(e)) add_entry(I, s, e.key, e.hash);
    }
}

void update_from_dict(Interp& I, Set* s, Dict* d) {
    if ((uint64_t(s->fill) + d->size) * 5 >= uint64_t(s->slots ? s->mask : kMinSlots - 1) * 3)
        resize(s, (uint64_t(s->used) + d->size) * 2);
    for (uint32_t i = 0; i < d->nentries; i++) {
        DictEntry e = d->entries[i];
        if (!e.key.is_null()) add_entry(I, s, e.key, e.hash);
    }
}

bool is_exact_dict(Interp& I, Value v) { return is_kind(v, ObjKind::Dict) && v.as_obj()->cls == I.types.dict; }

}  // namespace

Set* new_set(Interp& I, bool frozen) {
    auto* s = I.heap.make<Set>(frozen ? ObjKind::FrozenSet : ObjKind::Set, frozen ? I.types.frozenset : I.types.set);
    s->slots = nullptr;
    s->mask = kMinSlots - 1;
    s->used = s->fill = s->finger = 0;
    s->hash = 0;
    s->attrs = nullptr;
    return s;
}

void set_add(Interp& I, Set* s, Value v) { add_entry(I, s, v, item_hash(I, v)); }

bool set_contains(Interp& I, Set* s, Value v) { return lookup(I, s, v, item_hash(I, v)) != nullptr; }

bool set_is_subset(Interp& I, Set* a, Set* b) {
    if (set_size(a) > set_size(b)) return false;
    // By index: an __eq__ run by a lookup may resize `a` (then its slots move).
    for (uint32_t i = 0; a->slots && i <= a->mask; i++) {
        SetSlot e = a->slots[i];
        if (live(e) && !lookup(I, b, e.key, e.hash)) return false;
    }
    return true;
}

bool set_discard(Interp& I, Set* s, Value v) { return discard_entry(I, s, v, item_hash(I, v)); }

bool set_next(Set* s, uint32_t* pos, Value* key) {
    if (!s->slots) return false;
    while (*pos <= s->mask) {
        const SetSlot& e = s->slots[(*pos)++];
        if (live(e)) {
            *key = e.key;
            return true;
        }
    }
    return false;
}

void set_clear(Set* s) {
    std::free(s->slots);
    s->slots = nullptr;
    s->mask = kMinSlots - 1;
    s->used = s->fill = 0;
}

void set_free_slots(Set* s) {
    std::free(s->slots);
    s->slots = nullptr;
}

Value set_pop_item(Set* s) {
    if (s->used == 0) return Value::null();
    uint32_t i = s->finger & s->mask;
    while (!live(s->slots[i])) i = i == s->mask ? 0 : i + 1;
    Value key = s->slots[i].key;
    s->slots[i].key = Value::null();
    s->slots[i].hash = kSetDeleted;
    s->used--;
    s->finger = i + 1;
    return key;
}

void set_swap_contents(Set* a, Set* b) {
    std::swap(a->slots, b->slots);
    std::swap(a->mask, b->mask);
    std::swap(a->used, b->used);
    std::swap(a->fill, b->fill);
    std::swap(a->finger, b->finger);
}

void set_update(Interp& I, Set* s, Value iterable) {
    if (is_anyset_value(iterable)) return merge(I, s, as<Set>(iterable));
    if (is_exact_dict(I, iterable)) return update_from_dict(I, s, as<Dict>(iterable));
    if (is_kind(iterable, ObjKind::List) || is_kind(iterable, ObjKind::Tuple)) {
        // Items are re-read by index: __hash__/__eq__ may mutate a list.
        for (uint32_t i = 0;; ++i) {
            Value v;
            if (is_kind(iterable, ObjKind::List)) {
                if (i >= as<List>(iterable)->size) return;
                v = as<List>(iterable)->items[i];
            } else {
                if (i >= as<Tuple>(iterable)->size) return;
                v = as<Tuple>(iterable)->items()[i];
            }
            TempRoot keep(I, v);
            set_add(I, s, v);
        }
    }
    Value it = get_iter(I, iterable);
    TempRoot keep(I, it);
    for (Value v; !(v = next(I, it)).is_null();) {
        TempRoot keep_v(I, v);
        set_add(I, s, v);
    }
}

Set* set_copy(Interp& I, Set* s, bool frozen) {
    Set* c = new_set(I, frozen);
    merge(I, c, s);
    return c;
}

Set* set_intersection(Interp& I, Set* s, Value other) {
    bool frozen = s->kind == ObjKind::FrozenSet;
    if (other.is_obj() && other.as_obj() == s) return set_copy(I, s, frozen);
    TempRoot r1(I, s), r2(I, other);
    Set* out = new_set(I, frozen);
    TempRoot r3(I, out);
    if (is_anyset_value(other)) {
        // Walk the smaller set, probe the larger.
        Set *big = s, *small = as<Set>(other);
        if (small->used > big->used) std::swap(big, small);
        for (uint32_t i = 0; small->slots && i <= small->mask; i++) {
            SetSlot e = small->slots[i];
            if (live(e) && lookup(I, big, e.key, e.hash)) add_entry(I, out, e.key, e.hash);
        }
        return out;
    }
    Value it = get_iter(I, other);
    TempRoot r4(I, it);
    for (Value v; !(v = next(I, it)).is_null();) {
        TempRoot keep(I, v);
        uint64_t h = item_hash(I, v);
        if (lookup(I, s, v, h)) add_entry(I, out, v, h);
    }
    return out;
}

void set_difference_update(Interp& I, Set* s, Value other) {
    if (other.is_obj() && other.as_obj() == s) return set_clear(s);
    TempRoot r1(I, s), r2(I, other);
    if (is_anyset_value(other)) {
        Set* o = as<Set>(other);
        for (uint32_t i = 0; o->slots && i <= o->mask; i++) {
            SetSlot e = o->slots[i];
            if (live(e)) discard_entry(I, s, e.key, e.hash);
        }
    } else {
        Value it = get_iter(I, other);
        TempRoot r3(I, it);
        for (Value v; !(v = next(I, it)).is_null();) {
            TempRoot keep(I, v);
            set_discard(I, s, v);
        }
    }
    // More than a quarter of the slots deleted: rebuild without them.
    if (uint64_t(s->fill - s->used) > s->mask / 4) resize(s, growth_target(s));
}

Set* set_difference(Interp& I, Set* s, Value other) {
    bool frozen = s->kind == ObjKind::FrozenSet;
    int64_t other_size = -1;
    if (is_anyset_value(other)) other_size = as<Set>(other)->used;
    else if (is_exact_dict(I, other)) other_size = as<Dict>(other)->size;
    if (other_size < 0 || (s->used >> 2) > other_size) {
        Set* out = set_copy(I, s, frozen);
        TempRoot keep(I, out);
        set_difference_update(I, out, other);
        return out;
    }
    TempRoot r1(I, s), r2(I, other);
    Set* out = new_set(I, frozen);
    TempRoot r3(I, out);
    for (uint32_t i = 0; s->slots && i <= s->mask; i++) {
        SetSlot e = s->slots[i];
        if (!live(e)) continue;
        bool in = is_anyset_value(other) ? lookup(I, as<Set>(other), e.key, e.hash) != nullptr
                                         : !dict_get(I, as<Dict>(other), e.key).is_null();
        if (!in) add_entry(I, out, e.key, e.hash);
    }
    return out;
}

void set_symmetric_update(Interp& I, Set* s, Value other) {
    if (other.is_obj() && other.as_obj() == s) return set_clear(s);
    TempRoot r1(I, s), r2(I, other);
    if (is_exact_dict(I, other)) {
        Dict* d = as<Dict>(other);
        for (uint32_t i = 0; i < d->nentries; i++) {
            DictEntry e = d->entries[i];
            if (!e.key.is_null() && !discard_entry(I, s, e.key, e.hash)) add_entry(I, s, e.key, e.hash);
        }
        return;
    }
    Set* o;
    if (is_anyset_value(other)) {
        o = as<Set>(other);
    } else {
        o = new_set(I);
        TempRoot keep(I, o);
        set_update(I, o, other);
    }
    TempRoot r3(I, o);
    for (uint32_t i = 0; o->slots && i <= o->mask; i++) {
        SetSlot e = o->slots[i];
        if (live(e) && !discard_entry(I, s, e.key, e.hash)) add_entry(I, s, e.key, e.hash);
    }
}

Set* set_symmetric_difference(Interp& I, Set* s, Value other) {
    TempRoot r1(I, s), r2(I, other);
    Set* out = new_set(I, s->kind == ObjKind::FrozenSet);
    TempRoot r3(I, out);
    set_update(I, out, other);
    set_symmetric_update(I, out, Value::object(s));
    return out;
}

Set* set_union(Interp& I, Set* s, Value other) {
    Set* out = set_copy(I, s, s->kind == ObjKind::FrozenSet);
    TempRoot keep(I, out);
    set_update(I, out, other);
    return out;
}

uint64_t frozenset_hash(Set* s) {
    if (s->hash) return s->hash;
    auto shuffle = [](uint64_t h) { return ((h ^ 89869747ull) ^ (h << 16)) * 3644798167ull; };
    // XOR is order-independent; empty slots hash 0 and deleted ones -1, folded in
    // by parity so that only the live items and their count matter.
    uint64_t acc = 0;
    uint32_t nslots = s->mask + 1;
    for (uint32_t i = 0; s->slots && i < nslots; i++)
        if (live(s->slots[i])) acc ^= shuffle(s->slots[i].hash);
    acc ^= (uint64_t(s->used) + 1) * 1927868237ull;
    acc ^= (acc >> 11) ^ (acc >> 25);
    acc = acc * 69069u + 907133923ull;
    if (acc == ~uint64_t(0)) acc = 590923713ull;
    if (acc == 0) acc = 1;
    s->hash = acc;
    return acc;
}

}  // namespace aio::rt
