// stdlib/builtins/support.hpp - shared helpers of the native built-ins (internal to
// stdlib/): type tests on Values, argument binding with CPython's messages, method
// tables, and turning runtime/text's TextError into a Python exception.
// Invariant: helpers here never call back into the VM, so they need no rooting.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "runtime/containers.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/text/text_error.hpp"
#include "runtime/text/unicode_class.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::stdlib {

using rt::CallArgs;
using rt::Interp;
using rt::Object;
using rt::ObjKind;
using rt::Str;
using rt::Type;
using rt::Value;

// --- Value kinds -------------------------------------------------------------------
// is_kind, is_str, as_str come from runtime/rt_util.hpp (found by ADL on Value too).
using rt::as_str;
using rt::is_kind;
using rt::is_str;
inline bool is_bytes(Value v) { return is_kind(v, ObjKind::Bytes); }
inline bool is_tuple(Value v) { return is_kind(v, ObjKind::Tuple); }
inline bool is_list(Value v) { return is_kind(v, ObjKind::List); }
inline bool is_dict(Value v) { return is_kind(v, ObjKind::Dict); }
inline bool is_type(Value v) { return is_kind(v, ObjKind::Type); }
inline bool is_anyset(Value v) { return is_kind(v, ObjKind::Set) || is_kind(v, ObjKind::FrozenSet); }
inline rt::Bytes* as_bytes(Value v) { return static_cast<rt::Bytes*>(v.as_obj()); }
inline rt::Tuple* as_tuple(Value v) { return static_cast<rt::Tuple*>(v.as_obj()); }
inline rt::List* as_list(Value v) { return static_cast<rt::List*>(v.as_obj()); }
inline rt::Dict* as_dict(Value v) { return static_cast<rt::Dict*>(v.as_obj()); }
inline rt::Set* as_set(Value v) { return static_cast<rt::Set*>(v.as_obj()); }
inline Type* as_type(Value v) { return static_cast<Type*>(v.as_obj()); }
inline Value obj(Object* o) { return Value::object(o); }

// An int in the Python sense: int or bool (bool is an int subclass).
inline bool is_intlike(Value v) { return v.is_int() || v.is_bool(); }
// For an instance of an int/float subclass that does not override `dunder`, its plain
// value (so int's behaviour applies); any other value as is.
Value builtin_number(Interp& I, Value v, const char* dunder);
inline int64_t intlike(Value v) { return v.is_bool() ? (v.as_bool() ? 1 : 0) : v.as_int(); }

Value str_value(Interp& I, std::string_view s);  // a new str (ASCII/UTF-8 text)

// --- errors --------------------------------------------------------------------------
// Raises the Python exception a runtime/text function reported.
[[noreturn]] void raise_text_error(Interp& I, const text::TextError& e);

// Runs [f] (a runtime/text call) and converts a TextError into a Python exception.
template <class F>
auto text_call(Interp& I, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const text::TextError& e) {
        raise_text_error(I, e);
    }
}

// --- arguments -----------------------------------------------------------------------
// Binds positional then keyword arguments of [a] to [names] with CPython's rules and
// messages for argument-clinic built-ins: out[i] is Null when not given. Parameters
// before [npos_only] cannot be passed by keyword, those from [maxpos] on only by
// keyword; the first [required] must be present. When all are positional-only the
// messages are _PyArg_CheckPositional's ("format expected at least 1 argument, got 0").
constexpr uint32_t kAllPositional = UINT32_MAX;
void bind_args(Interp& I, const CallArgs& a, const char* fname,
               std::initializer_list<const char*> names, uint32_t required, Value* out,
               uint32_t npos_only = 0, uint32_t maxpos = kAllPositional);

// bind_args for a native standing in for a function CPython writes in Python
// (os.getenv): the interpreter's messages ("getenv() missing 1 required positional
// argument: 'key'").
void bind_py_args(Interp& I, const CallArgs& a, const char* fname,
                  std::initializer_list<const char*> names, uint32_t required, Value* out);

// The arguments of a method call after its first one (self, or cls of a constructor).
inline CallArgs args_after_self(const CallArgs& a) {
    return CallArgs{a.args + 1, a.nargs - 1, a.kwvalues, a.kwnames, a.nkw};
}
// bind_args for a method's arguments after self (the caller checked self first).
inline void bind_method_args(Interp& I, const CallArgs& a, const char* fname,
                             std::initializer_list<const char*> names, uint32_t required, Value* out,
                             uint32_t npos_only = 0, uint32_t maxpos = kAllPositional) {
    bind_args(I, args_after_self(a), fname, names, required, out, npos_only, maxpos);
}

// Self of a method of a built-in type, checked: "descriptor 'split' for 'str' objects
// doesn't apply to a 'int' object".
Object* check_self(Interp& I, const CallArgs& a, Type* t, const char* method);

// An int argument (int, bool or __index__), with [what] naming it in errors.
int64_t arg_index(Interp& I, Value v);
// An optional int argument that may also be None (slice-like positions).
int64_t arg_index_or(Interp& I, Value v, int64_t dflt);

// --- registration ----------------------------------------------------------------------
struct MethodDef {
    const char* name;
    rt::NativeFn fn;
};
enum class Binding { Method, Static, Class };

// Puts natives named by [defs] into type [t]'s dict (one table per type).
void add_methods(Interp& I, Type* t, std::initializer_list<MethodDef> defs,
                 Binding binding = Binding::Method);
// Puts natives into a namespace dict (the builtins, a module's globals).
void add_functions(Interp& I, rt::Dict* d, std::initializer_list<MethodDef> defs);
// The dict of a Type (its namespace) as a Dict*.
void set_type_attr(Interp& I, Type* t, std::string_view name, Value v);

// A native-only type (map, zip, dict_keys...) laid out as [kind], not subclassable.
Type* make_native_type(Interp& I, std::string_view name, ObjKind kind);

// Rooted scratch slots for a native that calls back into the VM (rt::call, repr,
// compare on instances...) while holding values it created or extracted.
class Scratch {
public:
    Scratch(Interp& I, uint32_t n) : t_(rt::new_tuple(I, n)), root_(I, Value::object(t_)) {}
    Value& operator[](uint32_t i) { return t_->items()[i]; }
private:
    rt::Tuple* t_;
    rt::TempRoot root_;
};

// a < b with fast paths for int/float/str (the hot cases of sort, min, max).
bool less_than(Interp& I, Value a, Value b);

// Raises [type] with no arguments (StopIteration(), SystemExit()).
[[noreturn]] void raise_empty(Interp& I, Type* type);

// sys.stdout / sys.stderr are Native objects tagged by this tracer; ptr is 1 or 2.
void std_stream_tag(Interp& I, void* ptr);
// 1 for the interpreter's stdout object, 2 for stderr, 0 for anything else.
int std_stream_of(Value v);
// Writes [s] to [file]: the interpreter's streams directly, else file.write(s).
// Writes text to sys.stdout (1) or sys.stderr (2) with their error handlers.
void write_std(Interp& I, int which, std::string_view s);
void write_to(Interp& I, Value file, std::string_view s);
// Reads one line of the process's stdin into [line] (with its "\n"; a "\r" stays, as
// CPython's sys.stdin does not translate newlines on POSIX); false at end of input.
// input() and sys.stdin both read through C stdio, so mixing them keeps the line order.
bool read_stdin_line(std::string& line);

// callable(v) (reflection.cpp) and "has __next__" (iteration.cpp).
bool is_callable(Interp& I, Value v);
bool is_iterator_value(Interp& I, Value v);

// float -> int with CPython's errors (infinity: OverflowError, NaN: ValueError).
Value float_to_int_value(Interp& I, double d);

// dict(arg)/dict.update(arg): a mapping (keys() + [key]) or an iterable of pairs.
void dict_update_from(Interp& I, rt::Dict* d, Value arg);
// set.update(iterable) for one iterable (also builds frozensets).
void set_update_from(Interp& I, rt::Set* s, Value iterable);
// str.encode / bytes.decode for the codecs aio knows (utf-8, ascii, latin-1).
std::string str_encode(Interp& I, std::string_view s, std::string_view encoding,
                       std::string_view errors);
Value bytes_decode(Interp& I, std::string_view b, std::string_view encoding,
                   std::string_view errors);
// The `encoding`/`errors` argument [v] of fn(): [dflt] when omitted, else a str
// ("fn() argument 'encoding' must be str, not int").
std::string_view codec_arg(Interp& I, Value v, const char* fn, const char* argname, std::string_view dflt);

// os.fspath(v) for the path arguments of open() and os: a str or bytes as is, else
// what type(v).__fspath__ returns (a TypeError unless str or bytes); Null when v's
// type has no __fspath__ (the caller words that TypeError).
Value fspath_or_null(Interp& I, Value v);

// iter(v), or Null when v is not iterable (the TypeError is dropped).
Value try_get_iter(Interp& I, Value v);

// Sorts [l] in place (stable; key calls rooted; "list modified during sort").
void sort_list(Interp& I, rt::List* l, Value key, bool reverse);

// --- str methods (stdlib/methods/str_*.cpp) ---------------------------------------------
// Self of a str method, checked.
inline Str* self_str(Interp& I, const CallArgs& a, const char* name) {
    if (a.nargs && is_str(a.args[0])) return as_str(a.args[0]);
    return static_cast<Str*>(check_self(I, a, I.types.str, name));
}
// Positional-only argument count check for methods (counts exclude self):
// "find expected at least 1 argument, got 0", "split() takes no keyword arguments".
void str_args(Interp& I, const CallArgs& a, const char* name, uint32_t min, uint32_t max);
// Code point index of byte offset [bytes] of [s], where [prefix] is s's first [bytes] bytes.
inline int64_t cp_index(Str* s, std::string_view prefix, size_t bytes) {
    return s->ascii ? static_cast<int64_t>(bytes) : static_cast<int64_t>(text::count_code_points(prefix));
}
void install_str_search(Interp& I);
enum class Codec { Utf8, Utf8Sig, Ascii, Latin1, Utf16, Utf16LE, Utf16BE, Utf32, Utf32LE, Utf32BE, Unknown };
// The codec a Python encoding name means ("UTF8", "latin_1", "utf-16-le"...).
Codec codec_of(Interp& I, std::string_view name);
// Raises UnicodeEncodeError (encoding) or UnicodeDecodeError with CPython's five
// arguments: codec name, the str (code points) or bytes (bytes) being converted,
// the failing range [start, end) and the reason; str() of it formats the message.
[[noreturn]] void raise_unicode_error(Interp& I, bool encoding, std::string_view codec, Value object, int64_t start,
                                      int64_t end, std::string_view reason);
// The error handlers (errors=...) of the codecs, each called on one failure.
// Decoding bytes [start, end) of [b]: appends the replacement to [out] ("ignore",
// "replace", "backslashreplace", "surrogateescape", UTF-8's "surrogatepass") and
// returns where decoding resumes, or raises UnicodeDecodeError ("strict"), or
// LookupError for a handler name CPython does not know.
size_t decode_error_handler(Interp& I, std::string& out, std::string_view b, size_t start, size_t end,
                          std::string_view codec, std::string_view reason, std::string_view errors);
// Encoding code point [cp] that the codec cannot: appends the replacement bytes to [out]
// and returns true, or returns false when the caller must raise UnicodeEncodeError
// ("strict", or a handler that cannot handle cp). [utf8]: the codec is UTF-8
// ("surrogatepass" applies).
bool encode_error_handler(Interp& I, std::string& out, char32_t cp, std::string_view errors, bool utf8);
// UTF-16 and UTF-32 (stdlib/methods/wide_codecs.cpp): their units are not bytes.
bool is_wide_codec(Codec c);
std::string wide_encode(Interp& I, std::string_view utf8, Codec c, std::string_view errors);
Value wide_decode(Interp& I, std::string_view b, Codec c, std::string_view errors);

// --- text -----------------------------------------------------------------------------
// Appends repr(v)/str(v) to [out].
void append_repr(Interp& I, std::string& out, Value v);

// Per-part installers (each file registers its own table). Called by install_builtins.
void install_print(Interp& I);
void install_iteration(Interp& I);
void install_numeric(Interp& I);
void install_reductions(Interp& I);
void install_reflection(Interp& I);
void install_scope(Interp& I);
void install_dunders(Interp& I);
// The caller's scope (scope.cpp): dir() and vars()/locals() without arguments.
Value dir_of_caller(Interp& I);
rt::Dict* caller_locals(Interp& I);
void install_constructors(Interp& I);
void install_str_methods(Interp& I);
void install_str_format(Interp& I);
void install_list_methods(Interp& I);
void install_dict_methods(Interp& I);
void install_set_methods(Interp& I);
void install_bytes_methods(Interp& I);
// --- bytes methods (stdlib/methods/bytes_*.cpp) -------------------------------------------
// Self of a bytes method, checked.
inline rt::Bytes* self_bytes(Interp& I, const CallArgs& a, const char* name) {
    if (a.nargs && is_bytes(a.args[0])) return as_bytes(a.args[0]);
    return static_cast<rt::Bytes*>(check_self(I, a, I.types.bytes, name));
}
inline Value bytes_value(Interp& I, std::string_view s) { return obj(rt::new_bytes(I, s)); }
// A bytes argument ("a bytes-like object is required, not 'str'").
std::string_view bytes_arg(Interp& I, Value v);
using text::is_ascii_space;  // bytes.isspace()'s whitespace (runtime/text/unicode_class.hpp)
// The ASCII text methods of bytes (bytes_text.cpp): case, is*, padding, expandtabs, splitlines.
void install_bytes_text_methods(Interp& I);
void install_number_methods(Interp& I);

// format(value, spec) with __format__ dispatch (str_format.cpp).
Str* format_value(Interp& I, Value v, Str* spec);

}  // namespace aio::stdlib
