// runtime/object.hpp - the layouts of heap objects. Every heap object starts
// with `Object` (its Python class and its GC link). `kind` names the C++
// layout; `cls` names the Python type, which differs for subclasses of
// built-ins (`class L(list)` -> kind List, cls L).
// Invariant: objects are created only through Heap::make (runtime/heap.hpp),
// so every object is on the heap's list and is traced by `trace_object`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/value.hpp"

namespace aio::rt {

// One entry per C++ layout. (name)
#define AIO_OBJECT_KINDS(X)                                                           \
    X(Type) X(Instance) X(Str) X(Bytes) X(Tuple) X(List) X(Dict) X(Set) X(FrozenSet)  \
    X(Range) X(Slice) X(Function) X(NativeFunction) X(BoundMethod) X(Code) X(Cell)    \
    X(Module) X(Exception) X(Property) X(StaticMethod) X(ClassMethod) X(Super)         \
    X(Iterator) X(Generator) X(Coroutine) X(AsyncGenerator) X(Special) X(Native)   \
    X(NumberBox) X(Future)

enum class ObjKind : uint8_t {
#define X(n) n,
    AIO_OBJECT_KINDS(X)
#undef X
};

struct Type;
struct Str;
struct Tuple;
struct Dict;
struct Interp;

struct Object {
    Type* cls;          // the Python class (type(x))
    ObjKind kind;       // the C++ layout
    uint8_t gc;         // the heap's: large-object flag and mark bit (small objects' marks are in their page)
    uint16_t flags;     // per-kind flags (e.g. Str: interned)
    uint32_t aux;       // per-kind spare (e.g. Str: code point length)
};

// --- strings and bytes -------------------------------------------------------
// UTF-8 text; `aux` holds the length in code points; bytes follow the struct.
// Where a str/bytes subclass instance keeps its __dict__: the first aligned word
// after its data ends at `end` (the allocation has room for it: kSubclassDictRoom).
inline Dict** subclass_dict_slot(char* end) {
    auto p = (reinterpret_cast<uintptr_t>(end) + alignof(Dict*) - 1) & ~uintptr_t(alignof(Dict*) - 1);
    return reinterpret_cast<Dict**>(p);
}
constexpr size_t kSubclassDictRoom = sizeof(Dict*) + alignof(Dict*) - 1;

struct Str : Object {
    uint64_t hash;      // 0 = not computed yet
    uint32_t size;      // bytes, excluding the trailing NUL
    bool ascii;         // size == code point length: O(1) indexing
    const char* data() const { return reinterpret_cast<const char*>(this + 1); }
    char* data() { return reinterpret_cast<char*>(this + 1); }
    std::string_view view() const { return {data(), size}; }
    uint32_t length() const { return aux; }
    // An instance of a str subclass (heap class; new_subclass_str) keeps its
    // __dict__ after its bytes and NUL; a plain str has no such word.
    Dict** dict_slot() { return subclass_dict_slot(data() + size + 1); }
};
// Str/Bytes flags. kSubclassInstance: an instance of a str/bytes subclass, with a
// __dict__ word after its data (new_subclass_str/new_subclass_bytes), traced by the GC.
enum : uint16_t { kStrInterned = 1, kSubclassInstance = 2 };

struct Bytes : Object {
    uint64_t hash;
    uint32_t size;
    const char* data() const { return reinterpret_cast<const char*>(this + 1); }
    char* data() { return reinterpret_cast<char*>(this + 1); }
    std::string_view view() const { return {data(), size}; }
    // As Str::dict_slot, for instances of bytes subclasses (new_subclass_bytes).
    Dict** dict_slot() { return subclass_dict_slot(data() + size + 1); }
};

// --- containers ----------------------------------------------------------------
// Immutable after construction; items follow the struct.
struct Tuple : Object {
    uint32_t size;
    uint64_t hash;  // 0 = not computed
    Value* items() { return reinterpret_cast<Value*>(this + 1); }
    const Value* items() const { return reinterpret_cast<const Value*>(this + 1); }
    // An instance of a tuple subclass (heap class; new_subclass_tuple) keeps its
    // __dict__ after its items; a plain tuple has no such word.
    Dict** dict_slot() { return reinterpret_cast<Dict**>(items() + size); }
};

struct List : Object {
    Value* items;       // malloc'd, capacity `cap`
    uint32_t size, cap;
    Dict* attrs;        // instance dict of a subclass instance, else nullptr
};

// Insertion-ordered hash table (compact layout: an index table into `entries`).
struct DictEntry {
    Value key;          // Null key = deleted entry
    Value value;
    uint64_t hash;
};
struct Dict : Object {
    DictEntry* entries;     // insertion order; deleted entries have a Null key
    uint32_t nentries;      // used slots in `entries` (incl. deleted)
    uint32_t cap_entries;
    int32_t* index;         // open-addressing table of entry indices; -1 empty, -2 dummy
    uint32_t index_size;    // power of two (0 when empty)
    uint32_t size;          // live entries
    uint64_t version;       // bumped on every mutation (iteration checks, global caches)
    Dict* attrs;            // instance dict of a subclass instance, else nullptr
};

// set and frozenset share the layout: a Dict whose values are unused.
// set/frozenset: an open-addressing table laid out and probed as CPython's, so
// iteration (and so printing) visits items in the order CPython does. Slot states:
// empty (key Null, hash 0), deleted (key Null, hash kSetDeleted), live (key set).
struct SetSlot {
    Value key;
    uint64_t hash;
};
constexpr uint64_t kSetDeleted = ~uint64_t(0);
struct Set : Object {
    SetSlot* slots;         // malloc'd, mask + 1 slots; nullptr while empty (mask 7)
    uint32_t mask;
    uint32_t used;          // live slots
    uint32_t fill;          // live + deleted slots
    uint32_t finger;        // where pop() looks next
    uint64_t hash;          // frozenset only; 0 = not computed
    Dict* attrs;
};

struct Range : Object { int64_t start, stop, step, length; };
struct Slice : Object { Value start, stop, step; };

// --- functions and classes -----------------------------------------------------
struct Code;  // interpreter/code.hpp

struct Cell : Object { Value value; };  // Null = empty cell

struct Function : Object {
    Code* code;
    Dict* globals;
    Tuple* defaults;     // may be nullptr
    Dict* kwdefaults;    // may be nullptr
    Tuple* closure;      // tuple of Cell*, may be nullptr
    Str* name;
    Str* qualname;
    Value module;        // __module__
    Value doc;           // __doc__
    Dict* attrs;         // __dict__ (created lazily), may be nullptr
    Dict* annotations;   // may be nullptr
};

// Native calling convention: positional args, then keyword args by name.
// For methods of built-in types args[0] is self.
struct CallArgs {
    const Value* args;       // nargs positional arguments
    uint32_t nargs;
    const Value* kwvalues;   // nkw keyword values
    Str* const* kwnames;     // nkw keyword names
    uint32_t nkw;
};
using NativeFn = Value (*)(Interp& I, const CallArgs& a, Object* self_fn);

struct NativeFunction : Object {
    NativeFn fn;
    Str* name;
    // A built-in type's method (new_native_method) leaves it null until asked for
    // (native_qualname): "owner.name" for the ~1000 methods made at start-up cost
    // a string each. Its `module` holds the owner type meanwhile.
    Str* qualname;
    Value bound;     // a bound receiver (prepended to args), or Null
    Value data;      // free slot for the native's own state (traced)
    void* ptr;       // untraced native state (host bindings)
    Value module;    // __module__ (None), or the owner type while qualname is null
};

struct BoundMethod : Object { Value self; Value func; };

// One slot of a type's attribute cache (lookup_type): the MRO lookup result
// for an interned name, valid while the interpreter's type epoch is unchanged.
struct TypeCacheEntry {
    Str* name;
    uint64_t epoch;
    Value value;
};
constexpr uint32_t kTypeCacheSize = 32;  // direct-mapped by name address

struct Type : Object {
    Str* name;
    Str* qualname;
    Value module;            // __module__
    Tuple* bases;
    Tuple* mro;              // includes the type itself first
    Dict* dict;              // class namespace
    ObjKind instance_kind;   // layout of instances (Instance for plain classes)
    Type* native_base;       // nearest built-in base whose layout instances use
    uint32_t tflags;         // TypeFlags
    uint64_t version;        // bumped when this type or a base changes (method caches)
    Value doc;
    const uint64_t* epoch;   // the interpreter's type epoch (Interp::type_epoch); enables `cache`
    TypeCacheEntry* cache;   // kTypeCacheSize entries, malloc'd on first lookup, or nullptr
    // Built-in types only (never inherited): calling the type is exactly this native
    // with the type as first argument (its __new__, and no __init__ to run), so a call
    // skips the __new__/__init__ lookups. The VM passes the callee's own stack slot as
    // that first argument, copying nothing.
    NativeFn construct;
};
enum TypeFlags : uint32_t {
    kTypeHeap = 1,           // created by a class statement
    kTypeBaseOk = 2,         // may be subclassed
    kTypeException = 4,      // BaseException or a subclass
    kTypeHasGetattr = 8,     // defines __getattr__ (somewhere in the MRO)
    kTypeHasSetattr = 16,    // defines __setattr__
    kTypeHasGetattribute = 32,
    kTypeNoDict = 64,        // __slots__ all the way down: instances take no other attributes
    kTypeAbstract = 128,     // a non-empty __abstractmethods__ was set (abc): object.__new__ refuses
};

// Instance of a class statement (that does not derive from a built-in container).
struct Instance : Object { Dict* attrs; };

// Instance of a subclass of int or float. Plain ints and floats are unboxed Values;
// a subclass instance needs an object for its class and attribute dict. The runtime's
// built-in behaviours (arithmetic, comparison, hash, repr, conversions) see `value`.
struct NumberBox : Object {
    Value value;             // an Int or Float Value
    Dict* attrs;
};

struct Module : Object {
    Str* name;
    Dict* dict;              // globals
};

// BaseException and subclasses.
struct TracebackEntry {
    Str* filename;
    Str* funcname;
    int line;
};
struct Exception : Object {
    Tuple* args;
    Value cause;             // __cause__ (None when unset)
    Value context;           // __context__ (None when unset)
    bool suppress_context;
    Dict* attrs;             // instance dict
    // Entries are appended as the exception propagates outward, so tb[0] is the
    // innermost frame (where it was raised); tracebacks print it reversed.
    // Allocated lazily (nullptr = no entries); owned, freed with the object.
    std::vector<TracebackEntry>* tb;
};

struct Property : Object { Value fget, fset, fdel, doc; };
struct StaticMethod : Object { Value func; };
struct ClassMethod : Object { Value func; };
struct Super : Object { Type* type; Value obj; Type* obj_type; };

// A native iterator (list/tuple/str/dict/range/map/zip/enumerate/... iterators):
// `next` returns Null when exhausted (no StopIteration object is made).
struct Iterator : Object {
    Value (*next)(Interp& I, Iterator* it);
    Value src;               // the iterated object (traced)
    Value extra;             // a second traced slot (e.g. map's function)
    Dict* attrs;             // the __dict__ of an instance of a Python subclass (map, zip...)
    int64_t pos;             // position / counter
    int64_t end;
    // An instance of a Python subclass: its built-in step, while `next` goes through
    // the class's __next__ (which the VM would otherwise bypass).
    Value (*native_next)(Interp& I, Iterator* it);
};

// Singletons that are not None/bool: NotImplemented, Ellipsis, and sentinels.
struct Special : Object { Str* name; };

// Host-owned or native-module data with an optional finaliser and tracer.
struct Native : Object {
    void* ptr;
    void (*finalize)(void* ptr);
    void (*trace)(Interp& I, void* ptr);  // may be nullptr
    Dict* attrs;
};

}  // namespace aio::rt
