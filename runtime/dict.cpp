// runtime/dict.cpp - the insertion-ordered compact hash table behind dict, set,
// frozenset, class namespaces, instance dicts and module globals.
// Layout: `entries` in insertion order (deleted = Null key) + an open-addressing
// `index` of entry numbers (-1 empty, -2 dummy), probed CPython-style with a
// perturbed step. Invariant: used index slots == nentries <= cap_entries < index_size.
#include <algorithm>
#include <cstdlib>

#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

namespace aio::rt {

namespace {

constexpr int32_t kEmpty = -1, kDummy = -2;

// Key equality with the fast paths that avoid calling Python code.
inline bool keys_equal(Interp& I, Value a, Value b) {
    if (a.same(b)) return true;
    if (is_exact_str(I, a) && is_exact_str(I, b)) return str_eq(as_str(a), as_str(b));
    return eq(I, a, b);
}

struct Probe {
    int64_t entry;   // entry index, or -1 when missing
    uint32_t slot;   // index slot holding it, or the slot to insert at
};

// What a probe's comparison says of an entry of equal hash.
enum class Match { No, Yes, Again };

// Walks the probe sequence of hash h: `match(ix)` judges each entry of equal
// hash; Again stops the walk (returned as entry -2).
template <class Judge>
inline Probe probe(Dict* d, uint64_t h, Judge match) {
    uint32_t mask = d->index_size - 1;
    uint32_t i = uint32_t(h) & mask;
    uint64_t perturb = h;
    int64_t first_dummy = -1;
    for (;;) {
        int32_t ix = d->index[i];
        if (ix == kEmpty) return {-1, first_dummy >= 0 ? uint32_t(first_dummy) : i};
        if (ix == kDummy) {
            if (first_dummy < 0) first_dummy = i;
        } else if (d->entries[ix].hash == h) {
            Match m = match(ix);
            if (m == Match::Yes) return {ix, i};
            if (m == Match::Again) return {-2, i};
        }
        perturb >>= 5;
        i = uint32_t(i * 5 + perturb + 1) & mask;
    }
}

// Any key, compared as Python does: __eq__ may run script code that changes
// the table, and then the probe starts over.
Probe find_any(Interp& I, Dict* d, Value key, uint64_t h) {
    for (;;) {
        Probe p = probe(d, h, [&](int32_t ix) {
            Value k = d->entries[ix].key;
            if (k.same(key)) return Match::Yes;
            uint64_t version = d->version;
            DictEntry* entries = d->entries;
            if (keys_equal(I, key, k)) return Match::Yes;
            return d->version != version || d->entries != entries ? Match::Again : Match::No;
        });
        if (p.entry != -2) return p;
    }
}

// The probe for an exact str key (most lookups: names, words): a stored key
// of equal hash that is an exact str too compares by bytes, with no script
// code, so the table cannot change under the probe. A key of equal hash of
// any other kind (a str subclass with its own __eq__, an int) leaves to
// find_any, which compares as Python does.
inline Probe find(Interp& I, Dict* d, Value key, uint64_t h) {
    if (!is_exact_str(I, key)) return find_any(I, d, key, h);
    const Str* ks = as_str(key);
    Probe p = probe(d, h, [&](int32_t ix) {
        Value k = d->entries[ix].key;
        if (!is_exact_str(I, k)) return Match::Again;
        return str_eq(ks, as_str(k)) ? Match::Yes : Match::No;
    });
    return p.entry == -2 ? find_any(I, d, key, h) : p;
}

void resize(Interp& I, Dict* d, uint32_t min_live) {
    uint32_t isize = 8;
    while (isize * 2 / 3 < min_live + 1 || isize * 2 / 3 < 5) isize *= 2;
    uint32_t cap = isize * 2 / 3;
    ptrdiff_t old_bytes = ptrdiff_t(d->cap_entries) * ptrdiff_t(sizeof(DictEntry)) +
                          ptrdiff_t(d->index_size) * ptrdiff_t(sizeof(int32_t));
    ptrdiff_t new_bytes = ptrdiff_t(cap) * ptrdiff_t(sizeof(DictEntry)) + ptrdiff_t(isize) * ptrdiff_t(sizeof(int32_t));
    I.heap.note_external(new_bytes - old_bytes);
    auto* entries = static_cast<DictEntry*>(std::malloc(sizeof(DictEntry) * cap));
    auto* index = static_cast<int32_t*>(std::malloc(sizeof(int32_t) * isize));
    if (!entries || !index) {
        std::free(entries);
        std::free(index);
        I.heap.note_external(old_bytes - new_bytes);
        I.pending = Value::object(I.memory_error);
        throw Unwind{};
    }
    for (uint32_t k = 0; k < isize; k++) index[k] = kEmpty;
    uint32_t n = 0, mask = isize - 1;
    for (uint32_t k = 0; k < d->nentries; k++) {
        DictEntry& e = d->entries[k];
        if (e.key.is_null()) continue;
        entries[n] = e;
        uint32_t i = uint32_t(e.hash) & mask;
        uint64_t perturb = e.hash;
        while (index[i] != kEmpty) {
            perturb >>= 5;
            i = uint32_t(i * 5 + perturb + 1) & mask;
        }
        index[i] = int32_t(n);
        n++;
    }
    std::free(d->entries);
    std::free(d->index);
    d->entries = entries;
    d->index = index;
    d->nentries = n;
    d->cap_entries = cap;
    d->index_size = isize;
}

inline uint64_t key_hash(Interp& I, Value key) {
    return is_exact_str(I, key) ? str_hash(as_str(key)) : hash(I, key);
}

void insert_new(Interp& I, Dict* d, Value key, Value v, uint64_t h, uint32_t slot) {
    if (d->nentries >= d->cap_entries) {
        resize(I, d, d->size * 2 > 8 ? d->size * 2 : 8);
        Probe p = find(I, d, key, h);
        slot = p.slot;
    }
    d->index[slot] = int32_t(d->nentries);
    d->entries[d->nentries++] = DictEntry{key, v, h};
    d->size++;
    d->version++;
}

}  // namespace

Dict* new_dict(Interp& I) { return I.heap.make<Dict>(ObjKind::Dict, I.types.dict); }

void dict_reserve(Interp& I, Dict* d, uint32_t more) {
    if (d->nentries + uint64_t(more) <= d->cap_entries) return;
    // At least double, as insert_new would: reserving a few at a time stays amortised.
    uint64_t want = std::max<uint64_t>(uint64_t(d->size) + more, uint64_t(d->size) * 2);
    resize(I, d, uint32_t(std::min<uint64_t>(want, 0x3fffffffu)));
}

Value dict_get(Interp& I, Dict* d, Value key) {
    uint64_t h = key_hash(I, key);
    if (d->size == 0) return Value::null();
    Probe p = find(I, d, key, h);
    return p.entry < 0 ? Value::null() : d->entries[p.entry].value;
}

int64_t dict_index_str(Dict* d, Str* key) {
    if (d->size == 0) return -1;
    uint64_t h = str_hash(key);
    uint32_t mask = d->index_size - 1;
    uint32_t i = uint32_t(h) & mask;
    uint64_t perturb = h;
    for (;;) {
        int32_t ix = d->index[i];
        if (ix == kEmpty) return -1;
        if (ix >= 0) {
            DictEntry& e = d->entries[ix];
            if (e.hash == h && is_str(e.key) && str_eq(as_str(e.key), key)) return ix;
        }
        perturb >>= 5;
        i = uint32_t(i * 5 + perturb + 1) & mask;
    }
}

Value dict_get_str(Dict* d, Str* key) {
    int64_t ix = dict_index_str(d, key);
    return ix < 0 ? Value::null() : d->entries[ix].value;
}

void dict_set(Interp& I, Dict* d, Value key, Value v) {
    uint64_t h = key_hash(I, key);
    if (d->index_size == 0) resize(I, d, 0);
    Probe p = find(I, d, key, h);
    if (p.entry >= 0) {
        d->entries[p.entry].value = v;
        d->version++;
        return;
    }
    insert_new(I, d, key, v, h, p.slot);
}

void dict_set_str(Interp& I, Dict* d, Str* key, Value v) { dict_set(I, d, Value::object(key), v); }

bool dict_del(Interp& I, Dict* d, Value key) {
    uint64_t h = key_hash(I, key);
    if (d->size == 0) return false;
    Probe p = find(I, d, key, h);
    if (p.entry < 0) return false;
    d->index[p.slot] = kDummy;
    d->entries[p.entry].key = Value::null();
    d->entries[p.entry].value = Value::null();
    d->size--;
    d->version++;
    return true;
}

Value dict_pop(Interp& I, Dict* d, Value key) {
    uint64_t h = key_hash(I, key);
    if (d->size == 0) return Value::null();
    Probe p = find(I, d, key, h);
    if (p.entry < 0) return Value::null();
    Value v = d->entries[p.entry].value;
    d->index[p.slot] = kDummy;
    d->entries[p.entry].key = Value::null();
    d->entries[p.entry].value = Value::null();
    d->size--;
    d->version++;
    return v;
}

bool dict_next(Dict* d, uint32_t* pos, Value* key, Value* value) {
    while (*pos < d->nentries) {
        DictEntry& e = d->entries[(*pos)++];
        if (e.key.is_null()) continue;
        if (key) *key = e.key;
        if (value) *value = e.value;
        return true;
    }
    return false;
}

void dict_clear(Interp& I, Dict* d) {
    I.heap.note_external(-(ptrdiff_t(d->cap_entries) * ptrdiff_t(sizeof(DictEntry)) +
                           ptrdiff_t(d->index_size) * ptrdiff_t(sizeof(int32_t))));
    std::free(d->entries);
    std::free(d->index);
    d->entries = nullptr;
    d->index = nullptr;
    d->nentries = d->cap_entries = d->index_size = d->size = 0;
    d->version++;
}

Dict* dict_copy(Interp& I, Dict* d) {
    Dict* c = new_dict(I);
    dict_update(I, c, d);
    return c;
}

void dict_update(Interp& I, Dict* d, Dict* from) {
    if (from->size == 0) return;
    if (d->index_size == 0 || d->cap_entries - d->nentries < from->size) resize(I, d, d->size + from->size);
    for (uint32_t k = 0; k < from->nentries; k++) {
        DictEntry e = from->entries[k];
        if (e.key.is_null()) continue;
        Probe p = find(I, d, e.key, e.hash);
        if (p.entry >= 0) {
            d->entries[p.entry].value = e.value;
            d->version++;
        } else {
            insert_new(I, d, e.key, e.value, e.hash, p.slot);
        }
    }
}

Value dict_get_cstr(Interp& I, Dict* d, std::string_view key) { return dict_get_str(d, intern(I, key)); }

}  // namespace aio::rt
