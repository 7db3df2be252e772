// runtime/protocol.hpp - the object protocol: what the VM and every native
// function use to create objects and to operate on values (attributes, calls,
// operators, iteration, hashing) with Python's dunder dispatch.
// Error channel: a failing operation stores the exception in `I.pending` and
// throws rt::Unwind; the VM catches it at the native boundary and unwinds
// frames through the exception table. Nothing else is thrown across the runtime.
#pragma once
#include <initializer_list>
#include <string>
#include <vector>
#include <string_view>

#include "grammar/ast.hpp"
#include "runtime/interp.hpp"

namespace aio::rt {

using grammar::BinOpKind;
using grammar::CmpOpKind;
using grammar::UnaryOpKind;

// Thrown (by value) after `I.pending` holds the exception instance.
struct Unwind {};

// --- raising -------------------------------------------------------------------
[[noreturn]] void raise(Interp& I, Type* type, std::string_view msg);
[[noreturn]] void raise_fmt(Interp& I, Type* type, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));
[[noreturn]] void raise_value(Interp& I, Value exc_or_type);  // `raise X` semantics
// TypeError "f() missing 2 required positional arguments: 'a' and 'b'" (kind is
// "positional" or "keyword-only"): Python-level signatures, the script functions'
// and the built-ins CPython writes in Python (os.getenv).
[[noreturn]] void raise_missing_args(Interp& I, std::string_view fname, const std::vector<std::string_view>& names,
                                     const char* kind);
// TypeError "f() takes from 1 to 2 positional arguments but 3 were given" (min == max
// drops the "from": the signature has no defaults); kwonly_given > 0 adds CPython's
// "3 positional arguments (and 1 keyword-only argument) were given".
[[noreturn]] void raise_too_many_positional(Interp& I, std::string_view fname, uint32_t min, uint32_t max,
                                            uint32_t given, uint32_t kwonly_given = 0);
// TypeError "f() got multiple values for argument 'x'"
[[noreturn]] void raise_multiple_values(Interp& I, std::string_view fname, std::string_view name);
// TypeError "f() got an unexpected keyword argument 'x'"
[[noreturn]] void raise_unexpected_keyword(Interp& I, std::string_view fname, std::string_view name);
Value new_exception(Interp& I, Type* type, std::string_view msg);
Value new_exception_args(Interp& I, Type* type, Tuple* args);
// TypeError "unsupported operand type(s) for +: 'int' and 'str'"
[[noreturn]] void raise_binop_error(Interp& I, BinOpKind op, Value a, Value b, bool inplace);

// --- creating objects -------------------------------------------------------------
Str* new_str(Interp& I, std::string_view utf8);        // validates nothing; utf8 must be valid
Str* new_ascii_str(Interp& I, std::string_view ascii);  // utf8 known to be all ASCII (no scan)
// A str of `size` bytes to fill in place (data()), then finish with str_finish
// (ascii: known to be ASCII, skips the scan). Saves building a std::string first.
Str* new_str_buffer(Interp& I, size_t size);
void str_finish(Str* s, bool known_ascii);
Str* intern(Interp& I, std::string_view utf8);          // one Str per text per interpreter
Bytes* new_bytes(Interp& I, std::string_view data);
Tuple* new_tuple(Interp& I, uint32_t n);                // items are None
Tuple* new_tuple(Interp& I, std::initializer_list<Value> items);
Tuple* new_tuple(Interp& I, const Value* items, uint32_t n);
// Instances of str/bytes subclass `cls` equal to `value` (fresh objects), with room for their __dict__.
Str* new_subclass_str(Interp& I, Type* cls, Str* value);
Bytes* new_subclass_bytes(Interp& I, Type* cls, Bytes* value);
// An instance of tuple subclass `cls` holding `items`, with room for its __dict__.
Tuple* new_subclass_tuple(Interp& I, Type* cls, const Value* items, uint32_t n);
List* new_list(Interp& I, uint32_t reserve = 0);
Dict* new_dict(Interp& I);
Set* new_set(Interp& I, bool frozen = false);
Value new_float_or_int_value(double d);
Cell* new_cell(Interp& I, Value v);
Module* new_module(Interp& I, Str* name);
Instance* new_instance(Interp& I, Type* cls);
// An instance of `cls` (a subclass of int or float) holding the Int/Float `v`.
Value box_number(Interp& I, Type* cls, Value v);
NativeFunction* new_native(Interp& I, std::string_view name, NativeFn fn, Value data = Value::null());
// A method of built-in type `owner`: its qualname "owner.name" is made when first asked for.
NativeFunction* new_native_method(Interp& I, Type* owner, std::string_view name, NativeFn fn);
// f's __qualname__ (made now for a method of new_native_method).
Str* native_qualname(Interp& I, NativeFunction* f);
// Defines the read-only data attribute `name` of built-in type `t`: a property whose getter is `fn`.
void add_getter(Interp& I, Type* t, std::string_view name, NativeFn fn);
BoundMethod* new_bound_method(Interp& I, Value func, Value self);
Range* new_range(Interp& I, int64_t start, int64_t stop, int64_t step);
Slice* new_slice(Interp& I, Value start, Value stop, Value step);

// Creates a class: computes the C3 MRO (TypeError "Cannot create a consistent
// method resolution order (MRO) for bases A, B"), picks the layout from the
// built-in base, copies `ns` into the class dict, sets __module__/__qualname__,
// wraps plain-function __new__/__init_subclass__ like CPython. `bases` empty => (object,).
// `class_kw`: the keywords of the class statement (class C(B, tag=1)), given to the
// __init_subclass__ of the nearest base that defines one.
Type* make_class(Interp& I, Str* name, Tuple* bases, Dict* ns, const CallArgs* class_kw = nullptr);

// --- containers (no dunder dispatch: the built-in behaviour) --------------------
void list_append(Interp& I, List* l, Value v);
Value dict_get(Interp& I, Dict* d, Value key);                // Null when missing
Value dict_get_str(Dict* d, Str* key);                         // fast path: Str keys by identity+content
int64_t dict_index_str(Dict* d, Str* key);                     // its entry index (d->entries), or -1
// True when `key` is surely absent: the dict is empty, or the first slot its
// (already computed) hash probes is empty. False means "look it up".
// Walks the probe sequence comparing hashes only (no key compares, no call): true when
// no entry has key's hash. Used before a method call, where the instance dict almost
// never holds the method's name.
inline bool dict_surely_lacks_str(const Dict* d, const Str* key) {
    if (d->size == 0) return true;
    uint64_t h = key->hash;
    if (h == 0) return false;  // not hashed yet: let the caller look it up
    uint32_t mask = d->index_size - 1, i = uint32_t(h) & mask;
    for (uint64_t perturb = h;;) {
        int32_t ix = d->index[i];
        if (ix == -1) return true;                           // empty slot: absent
        if (ix >= 0 && d->entries[ix].hash == h) return false;  // maybe present
        perturb >>= 5;
        i = uint32_t(i * 5 + perturb + 1) & mask;
    }
}
void dict_set(Interp& I, Dict* d, Value key, Value v);
void dict_set_str(Interp& I, Dict* d, Str* key, Value v);
// Makes room for `more` insertions into `d` without a resize, for code that fills a
// dict of known size (a type's methods at start-up): one table instead of one per
// doubling, each left to malloc.
void dict_reserve(Interp& I, Dict* d, uint32_t more);
bool dict_del(Interp& I, Dict* d, Value key);                  // false when missing
void set_add(Interp& I, Set* s, Value v);
bool set_contains(Interp& I, Set* s, Value v);

// --- the protocol (with dunder dispatch for instances) ----------------------------
Type* type_of(Interp& I, Value v);
bool is_subtype(Type* t, Type* base);
bool isinstance(Interp& I, Value v, Type* t);
Value lookup_type(Type* t, Str* name);            // through the MRO; Null when missing (no binding)

bool truthy(Interp& I, Value v);
Str* repr(Interp& I, Value v);
Str* str(Interp& I, Value v);
std::string type_name(Interp& I, Value v);        // "int", "MyClass"
uint64_t hash(Interp& I, Value v);
uint64_t builtin_hash(Interp& I, Value v);        // hash() by layout, ignoring a class's __hash__ (object.__hash__)                // TypeError "unhashable type: 'list'"
bool eq(Interp& I, Value a, Value b);             // ==, with identity shortcut
Value compare(Interp& I, CmpOpKind op, Value a, Value b);   // rich comparison incl. in/is
Value binary_op(Interp& I, BinOpKind op, Value a, Value b, bool inplace);
Value unary_op(Interp& I, UnaryOpKind op, Value v);

Value getattr(Interp& I, Value obj, Str* name);          // AttributeError as CPython words it
Value getattr_opt(Interp& I, Value obj, Str* name);      // Null instead of AttributeError
void setattr(Interp& I, Value obj, Str* name, Value v);
void delattr(Interp& I, Value obj, Str* name);
// For LOAD_METHOD: when `obj.name` is a plain function found on the type,
// returns it unbound and sets *is_method; otherwise returns getattr's result.
Value getattr_method(Interp& I, Value obj, Str* name, bool* is_method);

Value getitem(Interp& I, Value obj, Value key);
void setitem(Interp& I, Value obj, Value key, Value v);
void delitem(Interp& I, Value obj, Value key);
bool contains(Interp& I, Value container, Value item);
int64_t length(Interp& I, Value v);                 // TypeError "object of type 'int' has no len()"

Value get_iter(Interp& I, Value v);                 // TypeError "'int' object is not iterable"
// Whether get_iter would find an iteration protocol (__iter__ or a sequence __getitem__):
// the test CPython makes before its "argument after * must be an iterable" messages.
bool has_iter_protocol(Interp& I, Value v);
// CPython's name of a callable in call errors: "module.qualname()", or "qualname()" for
// built-ins ("print()", "__main__.C.m()").
std::string callable_display_name(Interp& I, Value fn);
Value next(Interp& I, Value iter);                  // Null when exhausted (StopIteration swallowed)

// Calls anything callable. Python functions run in the VM (vm::call_function);
// may collect garbage: root what you hold (TempRoot).
Value call(Interp& I, Value callable, const CallArgs& a);
Value call(Interp& I, Value callable, std::initializer_list<Value> args);
Value call_method(Interp& I, Value obj, Str* name, std::initializer_list<Value> args);

// Index conversion for sequences (__index__, bool, int): TypeError otherwise.
int64_t to_index(Interp& I, Value v, const char* what);
double to_double(Interp& I, Value v);               // int/float/bool or __float__

// Argument checking for natives: "f() takes exactly one argument (2 given)", etc.
// [qualname] is what CPython shows in its "takes" messages ("math.sqrt", "str.upper",
// "len"); its "expected" messages use only the part after the last dot.
void check_nargs(Interp& I, const CallArgs& a, const char* qualname, uint32_t min, uint32_t max);
void check_no_kwargs(Interp& I, const CallArgs& a, const char* qualname);
// Finds keyword `name` in a (Null when absent).
Value kwarg(const CallArgs& a, std::string_view name);

// --- setup ----------------------------------------------------------------------
// Creates the built-in types, exception classes, names and the builtins module.
void init_runtime(Interp& I);

}  // namespace aio::rt
