// runtime/containers.hpp - helpers over the built-in containers beyond
// protocol.hpp: iteration over dict entries, copies, views and native iterators.
// For stdlib natives (dict/list/set methods) and the VM. No dunder dispatch
// unless a function says so ("iterable" arguments go through get_iter/next).
#pragma once
#include "runtime/protocol.hpp"

namespace aio::rt {

// --- dict ------------------------------------------------------------------------
// Iterates live entries in insertion order: `for (uint32_t i = 0; dict_next(d, &i, &k, &v);)`.
bool dict_next(Dict* d, uint32_t* pos, Value* key, Value* value);
void dict_clear(Interp& I, Dict* d);
Dict* dict_copy(Interp& I, Dict* d);
void dict_update(Interp& I, Dict* d, Dict* from);
// Removes and returns the value of `key`, Null when missing.
Value dict_pop(Interp& I, Dict* d, Value key);
Value dict_get_cstr(Interp& I, Dict* d, std::string_view key);  // convenience, interns

// --- set (runtime/set_table.cpp) --------------------------------------------------
// Iterates live items in slot order (CPython's order): `for (uint32_t i = 0; set_next(s, &i, &k);)`.
bool set_next(Set* s, uint32_t* pos, Value* key);
bool set_discard(Interp& I, Set* s, Value v);   // false when missing
Value set_pop_item(Set* s);                     // Null when empty
void set_clear(Set* s);
void set_free_slots(Set* s);                    // the heap, when the set dies
void set_swap_contents(Set* a, Set* b);
inline uint32_t set_size(Set* s) { return s->used; }
// Whether every item of `a` is in `b`, looked up with the hashes `a` stored (as
// CPython does: no __hash__ runs again).
bool set_is_subset(Interp& I, Set* a, Set* b);
uint64_t frozenset_hash(Set* s);
// The set algebra, adding items in CPython's order. Results have the kind of `s`;
// `other` is any iterable unless it is a set/frozenset or dict (used directly).
void set_update(Interp& I, Set* s, Value other);
Set* set_copy(Interp& I, Set* s, bool frozen);
Set* set_union(Interp& I, Set* s, Value other);
Set* set_intersection(Interp& I, Set* s, Value other);
Set* set_difference(Interp& I, Set* s, Value other);
void set_difference_update(Interp& I, Set* s, Value other);
Set* set_symmetric_difference(Interp& I, Set* s, Value other);
void set_symmetric_update(Interp& I, Set* s, Value other);

// --- list / tuple ----------------------------------------------------------------
void list_extend(Interp& I, List* l, Value iterable);  // any iterable
void list_insert(Interp& I, List* l, int64_t index, Value v);  // index clamped as list.insert
List* list_from_iterable(Interp& I, Value iterable);
Tuple* tuple_from_iterable(Interp& I, Value iterable);  // returns tuples as they are
// l[key] = v / del l[key] (index or slice) on the list itself, whatever its class
// defines (list.__setitem__ / list.__delitem__ called by a subclass's override).
void list_setitem(Interp& I, List* l, Value key, Value v);
void list_delitem(Interp& I, List* l, Value key);
void list_resize(Interp& I, List* l, uint32_t size);    // new items are None

// --- native iterators and views ---------------------------------------------------
enum class DictIterMode : int64_t { Keys = 0, Values = 1, Items = 2 };
// dict.keys()/values()/items(): live views (len, in, iteration, repr, set ops on keys).
Value new_dict_view(Interp& I, Dict* d, DictIterMode mode);
bool is_dict_view(Value v, DictIterMode* mode = nullptr);
Value new_dict_iter(Interp& I, Dict* d, DictIterMode mode);
Value new_reversed_list_iter(Interp& I, List* l);
// A native iterator with the given step function (src and extra are traced).
Iterator* new_iterator(Interp& I, Value (*next)(Interp&, Iterator*), Value src);

// --- sequences ---------------------------------------------------------------------
// Resolves a slice against a sequence of `length` (CPython's PySlice_AdjustIndices):
// returns the number of items selected.
int64_t slice_indices(Interp& I, Slice* s, int64_t length, int64_t* start, int64_t* stop, int64_t* step);
// Normalises a possibly negative index; false when out of range.
inline bool normalize_index(int64_t* i, int64_t length) {
    if (*i < 0) *i += length;
    return *i >= 0 && *i < length;
}

// --- strings -----------------------------------------------------------------------
// Byte offset of code point `i` of `s` (O(1) when ascii).
size_t str_byte_offset(Str* s, int64_t i);
Str* str_concat(Interp& I, Str* a, Str* b);
// The code point at index i (0 <= i < length) as a 1-character string (cached for ASCII).
Str* str_char_at(Interp& I, Str* s, int64_t i);

// Percent formatting: `fmt % args` for str (args: tuple, mapping or single value).
Str* str_percent_format(Interp& I, Str* fmt, Value args);
Bytes* bytes_percent_format(Interp& I, Bytes* fmt, Value args);  // bytes % args

}  // namespace aio::rt
