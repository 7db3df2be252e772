// runtime/rt_util.hpp - small inline helpers shared by the runtime's .cpp files
// (kind tests, casts, fast Str hashing). Internal to runtime/ and stdlib/: the
// VM may use them too, but they are not part of the embedding API.
#pragma once
#include <cstring>

#include "runtime/protocol.hpp"
#include "runtime/text/hash.hpp"

namespace aio::rt {

inline bool is_kind(Value v, ObjKind k) { return v.is_obj() && v.as_obj()->kind == k; }
template <class T> inline T* as(Value v) { return static_cast<T*>(v.as_obj()); }

inline bool is_str(Value v) { return is_kind(v, ObjKind::Str); }
// A str that is not a subclass instance: its hash and == run no script code
// (a subclass may override __hash__ or __eq__).
inline bool is_exact_str(Interp& I, Value v) { return v.is_obj() && v.as_obj()->cls == I.types.str; }

// The int/float inside an instance of a subclass of int or float; any other value as is.
// The built-in fallbacks (arithmetic, comparison, hash, conversions) call it first.
inline Value unbox(Value v) {
    return is_kind(v, ObjKind::NumberBox) ? static_cast<NumberBox*>(v.as_obj())->value : v;
}
inline Str* as_str(Value v) { return as<Str>(v); }

// Hash of a Str's bytes, cached. Never 0 (0 means "not computed"), except for ""
// whose hash is 0 as in CPython (recomputed each time), and never (uint64_t)-1
// (CPython reserves -1 as an error marker; hash() must not show it).
inline uint64_t str_hash(Str* s) {
    if (s->hash) return s->hash;
    if (s->size == 0) return 0;
    uint64_t h = text::hash_bytes(s->view());
    if (h == 0 || h == ~uint64_t(0)) h = 0x9e3779b97f4a7c15ull;
    s->hash = h;
    return h;
}

inline bool str_eq(const Str* a, const Str* b) {
    return a == b || (a->size == b->size && text::bytes_equal(a->data(), b->data(), a->size));
}

// Interns `name` when it is not interned yet, so attribute code can compare
// names by pointer against I.names.*.
inline Str* interned_name(Interp& I, Str* name) {
    return (name->flags & kStrInterned) ? name : intern(I, name->view());
}

// A Python-visible truth value.
inline Value vbool(bool b) { return Value::boolean(b); }

// The instance dict slot of layouts that have one (nullptr when the layout has none).
Dict** instance_dict_slot(Object* o);
// Puts a member descriptor into t's dict for each name of a class's __slots__ value
// (runtime/slots.cpp); true when the names include "__dict__".
bool install_slots(Interp& I, Type* t, Value slots);

// object.__new__ / object.__init__ / BaseException natives, used by call.cpp to
// recognise the default constructors (fast path: no Python-level call).
// TypeError when cls has abstract methods left (its __abstractmethods__, set by abc).
void raise_if_abstract(Interp& I, Type* cls);
Value object_new_native(Interp& I, const CallArgs& a, Object* self_fn);
Value object_init_native(Interp& I, const CallArgs& a, Object* self_fn);
Value exception_new_native(Interp& I, const CallArgs& a, Object* self_fn);
Value exception_init_native(Interp& I, const CallArgs& a, Object* self_fn);

inline bool is_native_fn(Value v, NativeFn fn) {
    return is_kind(v, ObjKind::NativeFunction) && as<NativeFunction>(v)->fn == fn;
}

// Allocates an empty instance of heap class `cls` with its native layout.
Value alloc_instance_of(Interp& I, Type* cls);

// Exceptions: fills the per-type attributes (OSError errno/strerror/filename,
// SyntaxError msg/lineno/..., ImportError name) from args.
void exception_set_args(Interp& I, Exception* e, Tuple* args);

// `lookup_type` restricted to heap classes of the MRO: the user's dunder overrides
// (built-in behaviour is implemented in C++ by kind, not looked up).
Value lookup_heap(Type* t, Str* name);

// Calls with a prepended receiver (no allocation for up to 8 arguments).
Value call_with_self(Interp& I, Value callable, Value self, const CallArgs& a);

// repr/str into a std::string (for messages).
std::string repr_string(Interp& I, Value v);
std::string str_string(Interp& I, Value v);

// Python's C3 MRO error etc. need type names of types.
inline std::string_view type_name_of(Type* t) { return t->name->view(); }

// Recomputes kTypeHasGetattr/... of a heap class from its MRO.
void update_type_flags(Interp& I, Type* t);

// Generic attribute access (object.__getattribute__/__setattr__/__delattr__),
// bypassing a class's own overrides.
Value generic_getattr(Interp& I, Value obj, Str* name, bool raise_missing);
void generic_setattr(Interp& I, Value obj, Str* name, Value v);
void generic_delattr(Interp& I, Value obj, Str* name);

// For the VM's attribute caches (interpreter/code.hpp AttrCache); the answers
// hold while I.type_epoch is unchanged.
// True when obj.name, for an object of kind Instance and class t, is both read and
// written in the instance dict alone: no __getattribute__/__setattr__ hook, no data
// descriptor `name` on t, and not __class__/__dict__.
bool attr_in_instance_dict(Interp& I, Type* t, Str* name);
// True when getattr_method(o, name), having found a function on type(o), depends on
// nothing else of o but (for kind Instance) whether its dict shadows the name.
bool method_lookup_cacheable(Object* o);

// Identity hash and the default repr `<__main__.C object at 0x...>`.
uint64_t identity_hash(Object* o);
Str* default_repr(Interp& I, Value v);

// Exception natives / helpers (exceptions.cpp).
void install_exception_methods(Interp& I);
Str* exception_str(Interp& I, Exception* e);
Str* exception_repr(Interp& I, Exception* e);
Value exception_getattr(Interp& I, Exception* e, Str* name);  // Null when not special
bool exception_setattr(Interp& I, Exception* e, Str* name, Value v);  // false when not special

// list growth used by several files.
void list_reserve(Interp& I, List* l, uint32_t cap);
// Empties a list and frees its buffer (list_reserve grows it again).
void list_release(Interp& I, List* l);

// Guards one level of native code that recurses into itself without pushing a
// Python frame (repr/compare of nested containers, nested native iterators, nested
// isinstance tuples). Such recursion would otherwise overflow the C stack on a deep
// structure: like CPython, it counts against the recursion limit and raises
// RecursionError "maximum recursion depth exceeded<where>". The limit is capped
// because a level costs far more C stack than a Python frame (which costs none);
// where CPython has no check (nested iterators) only the cap applies.
// True when the C stack of the running thread is nearly used up (less than a safety
// margin left): native code about to recurse raises RecursionError instead. Frame sizes
// vary (sanitizer builds use several times more), so counting levels alone cannot do.
bool c_stack_exhausted(Interp& I);

struct NativeRecursion {
    static constexpr int kMaxLevels = 4000;
    Interp& I;
    NativeRecursion(Interp& interp, const char* where, bool recursion_limit_applies = true) : I(interp) {
        if ((recursion_limit_applies && I.native_recursion >= I.recursion_limit) ||
            I.native_recursion >= kMaxLevels || c_stack_exhausted(I))
            raise_fmt(I, I.exc.RecursionError, "maximum recursion depth exceeded%s", where);
        ++I.native_recursion;
    }
    ~NativeRecursion() { --I.native_recursion; }
    NativeRecursion(const NativeRecursion&) = delete;
    NativeRecursion& operator=(const NativeRecursion&) = delete;
};

// Convert a runtime/text error into a Python exception.
[[noreturn]] void raise_text_error(Interp& I, const std::string& type, const std::string& msg);

}  // namespace aio::rt
