// aio/aio.hpp - the embedding API: the only header a host program includes.
// An aio::Interpreter owns one isolated interpreter (heap, modules, event loop);
// aio::Value is a rooted handle to one of its values; C++ callables and classes
// are bound with def() / bind_class<T>() / module(); def_async() binds host
// operations that scripts await and that the host settles later, from any thread.
// Error policy: every failure reaches the host as aio::Error; nothing else is
// thrown across the API, and the library never aborts or exits the process.
// Threads: an Interpreter is used by one thread at a time; any number live in one
// process and share nothing. Only interrupt() and Promise are thread-safe.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeindex>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <vector>

namespace aio {

class Interpreter;
class Value;
class Promise;

namespace detail {
struct State;       // the interpreter behind every handle (api/state.hpp)
struct CallFrame;   // one native call in progress (api/native.cpp)
struct PromiseCore; // the shared state of one def_async call (api/async.cpp)
using StateRef = std::shared_ptr<State>;
}  // namespace detail

// A rooted handle to a value of one interpreter: while any copy exists the
// garbage collector keeps the value alive. An empty Value (default-constructed)
// belongs to no interpreter. A Value may outlive its Interpreter; every use of it
// then fails with aio::Error("RuntimeError", ...).
class Value {
public:
    // An empty handle (not None: see Interpreter::none()).
    Value() = default;
    ~Value();
    Value(const Value& other);
    Value& operator=(const Value& other);
    Value(Value&& other) noexcept;
    Value& operator=(Value&& other) noexcept;

    // Whether this handle refers to no value at all.
    bool empty() const { return !state_; }
    // Whether the value is None.
    bool is_none() const;
    // Whether the value converts to [T] (see get<T>): exact for scalars and
    // strings, structural for containers.
    template <class T> bool is() const;
    // Converts the value to [T]; aio::Error("TypeError", ...) when it does not fit.
    template <class T> T get() const;

    // The attribute [name] (`value.name`).
    Value attr(std::string_view name) const;
    // Whether the attribute [name] exists (hasattr).
    bool has_attr(std::string_view name) const;
    // Sets the attribute [name] to [v] (`value.name = v`).
    template <class T> void set_attr(std::string_view name, T&& v) const;
    // The item [key] (`value[key]`).
    template <class K> Value item(K&& key) const;
    // Same as item(key).
    template <class K> Value operator[](K&& key) const { return item(std::forward<K>(key)); }
    // Sets the item [key] to [v] (`value[key] = v`).
    template <class K, class T> void set_item(K&& key, T&& v) const;
    // Calls the value with positional arguments and aio::kw(...) keyword arguments.
    template <class... A> Value operator()(A&&... args) const;
    // Calls the method [name] (`value.name(args...)`).
    template <class... A> Value call_method(std::string_view name, A&&... args) const;

    // len(value).
    std::size_t size() const;
    // str(value) and repr(value).
    std::string str() const;
    std::string repr() const;
    // type(value).__name__.
    std::string type_name() const;
    // Identity (`a is b`).
    bool same(const Value& other) const;
    // Truth value (`bool(value)`).
    bool truthy() const;

    // Internal: the interpreter and the handle slot (for the library and templates).
    const detail::StateRef& state() const { return state_; }
    std::uint32_t slot() const { return slot_; }
    Value(detail::StateRef state, std::uint32_t slot) : state_(std::move(state)), slot_(slot) {}

private:
    detail::StateRef state_;
    std::uint32_t slot_ = 0;
};

// A failure reported to the host: a Python exception (type name, message and the
// formatted traceback, as CPython prints it) or a misuse of the API. Bound C++
// functions may throw it to raise that exception in the script.
class Error : public std::exception {
public:
    // An error of Python type [type] (e.g. "ValueError") with [message].
    Error(std::string type, std::string message, std::string traceback = {}, Value exception = {});
    // The Python exception type's name, e.g. "ZeroDivisionError".
    const std::string& type() const noexcept { return type_; }
    // str() of the exception.
    const std::string& message() const noexcept { return message_; }
    // The traceback as the `aio` command would print it (empty for API misuse).
    const std::string& traceback() const noexcept { return traceback_; }
    // The exception object, when a script raised it (else empty).
    const Value& exception() const noexcept { return exception_; }
    // "Type: message".
    const char* what() const noexcept override { return what_.c_str(); }

private:
    std::string type_, message_, traceback_, what_;
    Value exception_;
};

// A keyword argument for Value::operator() and Interpreter::call: kw("sep", ", ").
template <class T> struct Kw {
    std::string_view name;
    T value;
};
// Makes a keyword argument named [name].
template <class T> Kw<std::decay_t<T>> kw(std::string_view name, T&& value) {
    return {name, std::forward<T>(value)};
}

// ---------------------------------------------------------------------------
// Library primitives the templates below are built on (defined in api/*.cpp).
// They throw aio::Error on failure, never anything else.
namespace detail {

// What a value is, for the converters.
enum class Kind { Empty, None, Bool, Int, Float, Str, Bytes, List, Tuple, Dict, Set, Callable, Other };

Kind kind_of(const Value& v);
Value make_none(const StateRef& s);
Value make_bool(const StateRef& s, bool b);
Value make_int(const StateRef& s, std::int64_t i);
Value make_float(const StateRef& s, double d);
Value make_str(const StateRef& s, std::string_view utf8);
Value make_list(const StateRef& s, const std::vector<Value>& items);
Value make_tuple(const StateRef& s, const std::vector<Value>& items);
Value make_dict(const StateRef& s, const std::vector<std::pair<Value, Value>>& items);
std::int64_t as_int(const Value& v);           // int or bool
double as_float(const Value& v);               // float, int or bool
bool as_bool(const Value& v);                  // bool only
std::string_view as_str(const Value& v);       // str (view lives as long as v)
std::vector<Value> elements(const Value& v);   // list, tuple, set or any iterable
std::vector<std::pair<Value, Value>> dict_items(const Value& v);
[[noreturn]] void conversion_error(const Value& v, const char* expected);

Value get_attr(const Value& obj, std::string_view name);
bool has_attr(const Value& obj, std::string_view name);
void set_attr(const Value& obj, std::string_view name, const Value& v);
Value get_item(const Value& obj, const Value& key);
void set_item(const Value& obj, const Value& key, const Value& v);
Value call(const Value& fn, const std::vector<Value>& args,
           const std::vector<std::pair<std::string_view, Value>>& kwargs);

// A C++ callable bound into an interpreter. invoke() reads the arguments of the
// current call and stores the result; it may throw aio::Error (raised in the script)
// or any std::exception (raised as RuntimeError).
struct Callable {
    virtual ~Callable() = default;
    virtual void invoke(CallFrame& call) = 0;
};
// A built-in function object named [name] that runs [fn] (owned by the function object).
Value make_function(const StateRef& s, std::string_view name, std::unique_ptr<Callable> fn);

// Access to the arguments of one native call (CallFrame is opaque).
std::size_t arg_count(const CallFrame& c);
std::string_view call_name(const CallFrame& c);
const StateRef& call_state(const CallFrame& c);
Value arg(CallFrame& c, std::size_t i);
std::int64_t arg_int(CallFrame& c, std::size_t i);     // TypeError naming the argument
double arg_float(CallFrame& c, std::size_t i);
bool arg_bool(CallFrame& c, std::size_t i);
std::string_view arg_str(CallFrame& c, std::size_t i);
[[noreturn]] void arg_error(CallFrame& c, std::size_t i, const char* expected);
// The same, naming the bound class registered for [type] when there is one.
[[noreturn]] void arg_error_for(CallFrame& c, std::size_t i, std::type_index type, const char* expected);
// Arity check: TypeError "f() takes from 1 to 2 positional arguments but 3 were given".
void check_arity(CallFrame& c, std::size_t min, std::size_t max);
void set_result(CallFrame& c, const Value& v);
void set_result_int(CallFrame& c, std::int64_t i);
void set_result_float(CallFrame& c, double d);
void set_result_none(CallFrame& c);

// bind_class support: one registered C++ type per (interpreter, std::type_index).
Value make_class(const StateRef& s, std::string_view name, std::type_index type, void (*destroy)(void*));
void class_set(const Value& cls, std::string_view name, const Value& v);
// Marks a bound function as a method: argument 0 is the receiver (error messages skip it).
void mark_method(const Value& fn);
void class_property(const Value& cls, std::string_view name, const Value& getter, const Value& setter);
void* arg_instance(CallFrame& c, std::size_t i, std::type_index type);  // TypeError when not a T
Value wrap_instance(const StateRef& s, std::type_index type, void* obj);  // takes ownership
bool is_instance(const Value& v, std::type_index type);
void* instance_ptr(const Value& v, std::type_index type);
// __new__: the class being instantiated is argument 0; stores the new instance.
void set_new_instance(CallFrame& c, std::type_index type, void* obj);

// def_async support.
std::shared_ptr<PromiseCore> begin_async(CallFrame& c);   // creates the Future, sets it as the result

// Function traits: the signature of a callable.
template <class F> struct Signature : Signature<decltype(&F::operator())> {};
template <class R, class... A> struct Signature<R (*)(A...)> {
    using Result = R;
    using Args = std::tuple<A...>;
};
template <class R, class... A> struct Signature<R(A...)> : Signature<R (*)(A...)> {};
template <class C, class R, class... A> struct Signature<R (C::*)(A...)> : Signature<R (*)(A...)> {};
template <class C, class R, class... A> struct Signature<R (C::*)(A...) const> : Signature<R (*)(A...)> {};
template <class C, class R, class... A> struct Signature<R (C::*)(A...) noexcept> : Signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) const noexcept> : Signature<R (*)(A...)> {};
template <class R, class... A> struct Signature<R (*)(A...) noexcept> : Signature<R (*)(A...)> {};

template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};
template <class T> struct IsKw : std::false_type {};
template <class T> struct IsVector : std::false_type {};
template <class T, class A> struct IsVector<std::vector<T, A>> : std::true_type {};
template <class T> struct IsMap : std::false_type {};
template <class K, class V, class C, class A> struct IsMap<std::map<K, V, C, A>> : std::true_type {};
template <class K, class V, class H, class E, class A> struct IsMap<std::unordered_map<K, V, H, E, A>> : std::true_type {};
template <class T> struct IsTupleLike : std::false_type {};
template <class... T> struct IsTupleLike<std::tuple<T...>> : std::true_type {};
template <class A, class B> struct IsTupleLike<std::pair<A, B>> : std::true_type {};
template <class T> struct IsFunction : std::false_type {};
template <class F> struct IsFunction<std::function<F>> : std::true_type {};
template <class T> struct IsKw<Kw<T>> : std::true_type {};

}  // namespace detail

// ---------------------------------------------------------------------------
// Conversions between C++ and script values. Specialise Convert<T> for your
// own types with: static Value to(const detail::StateRef&, const T&);
// static bool check(const Value&); static T from(const Value&).
template <class T, class Enable = void> struct Convert;

namespace detail {
template <class T> struct IsBoundClass : std::integral_constant<bool, std::is_class_v<T>> {};
template <class T> Value to_value(const StateRef& s, T&& v);
template <class T> T from_value(const Value& v);
template <class T> bool check_value(const Value& v);
}  // namespace detail

// aio::Value passes through unchanged.
template <> struct Convert<Value> {
    static Value to(const detail::StateRef&, const Value& v) { return v; }
    static bool check(const Value& v) { return !v.empty(); }
    static Value from(const Value& v) { return v; }
};

// bool (exactly bool: 1 is not a bool).
template <> struct Convert<bool> {
    static Value to(const detail::StateRef& s, bool b) { return detail::make_bool(s, b); }
    static bool check(const Value& v) { return detail::kind_of(v) == detail::Kind::Bool; }
    static bool from(const Value& v) { return detail::as_bool(v); }
};

// Integers: range-checked (OverflowError when the value does not fit).
template <class T>
struct Convert<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
    static Value to(const detail::StateRef& s, T i) { return detail::make_int(s, static_cast<std::int64_t>(i)); }
    static bool check(const Value& v) {
        detail::Kind k = detail::kind_of(v);
        return k == detail::Kind::Int || k == detail::Kind::Bool;
    }
    static T from(const Value& v) { return narrow(detail::as_int(v)); }
    static T narrow(std::int64_t i) {
        if constexpr (std::is_unsigned_v<T>) {
            if (i < 0 || static_cast<std::uint64_t>(i) > std::numeric_limits<T>::max())
                throw Error("OverflowError", "Python int too large to convert to C++ integer");
        } else if constexpr (sizeof(T) < sizeof(std::int64_t)) {
            if (i < std::numeric_limits<T>::min() || i > std::numeric_limits<T>::max())
                throw Error("OverflowError", "Python int too large to convert to C++ integer");
        }
        return static_cast<T>(i);
    }
};

// Floating point: accepts int too, as Python does.
template <class T> struct Convert<T, std::enable_if_t<std::is_floating_point_v<T>>> {
    static Value to(const detail::StateRef& s, T d) { return detail::make_float(s, static_cast<double>(d)); }
    static bool check(const Value& v) {
        detail::Kind k = detail::kind_of(v);
        return k == detail::Kind::Float || k == detail::Kind::Int || k == detail::Kind::Bool;
    }
    static T from(const Value& v) { return static_cast<T>(detail::as_float(v)); }
};

// Text: std::string (owned copy), std::string_view (valid while the Value lives), const char*.
template <> struct Convert<std::string> {
    static Value to(const detail::StateRef& s, const std::string& t) { return detail::make_str(s, t); }
    static bool check(const Value& v) { return detail::kind_of(v) == detail::Kind::Str; }
    static std::string from(const Value& v) { return std::string(detail::as_str(v)); }
};
template <> struct Convert<std::string_view> {
    static Value to(const detail::StateRef& s, std::string_view t) { return detail::make_str(s, t); }
    static bool check(const Value& v) { return detail::kind_of(v) == detail::Kind::Str; }
    static std::string_view from(const Value& v) { return detail::as_str(v); }
};
template <> struct Convert<const char*> {
    static Value to(const detail::StateRef& s, const char* t) { return detail::make_str(s, t); }
};

// nullptr <-> None.
template <> struct Convert<std::nullptr_t> {
    static Value to(const detail::StateRef& s, std::nullptr_t) { return detail::make_none(s); }
    static bool check(const Value& v) { return detail::kind_of(v) == detail::Kind::None; }
    static std::nullptr_t from(const Value& v) {
        if (!check(v)) detail::conversion_error(v, "None");
        return nullptr;
    }
};

// std::optional<T>: None <-> nullopt.
template <class T> struct Convert<std::optional<T>> {
    static Value to(const detail::StateRef& s, const std::optional<T>& o) {
        return o ? detail::to_value(s, *o) : detail::make_none(s);
    }
    static bool check(const Value& v) { return v.is_none() || detail::check_value<T>(v); }
    static std::optional<T> from(const Value& v) {
        if (v.is_none()) return std::nullopt;
        return detail::from_value<T>(v);
    }
};

// std::vector<T> <-> list (from: any list, tuple, set or iterable).
template <class T> struct Convert<std::vector<T>> {
    static Value to(const detail::StateRef& s, const std::vector<T>& xs) {
        std::vector<Value> items;
        items.reserve(xs.size());
        for (const auto& x : xs) items.push_back(detail::to_value(s, x));
        return detail::make_list(s, items);
    }
    static bool check(const Value& v) {
        detail::Kind k = detail::kind_of(v);
        if (k != detail::Kind::List && k != detail::Kind::Tuple) return false;
        for (const Value& x : detail::elements(v))
            if (!detail::check_value<T>(x)) return false;
        return true;
    }
    static std::vector<T> from(const Value& v) {
        std::vector<T> out;
        for (const Value& x : detail::elements(v)) out.push_back(detail::from_value<T>(x));
        return out;
    }
};

// std::map / std::unordered_map <-> dict.
template <class M> struct ConvertMap {
    using K = typename M::key_type;
    using V = typename M::mapped_type;
    static Value to(const detail::StateRef& s, const M& m) {
        std::vector<std::pair<Value, Value>> items;
        for (const auto& [k, v] : m) items.emplace_back(detail::to_value(s, k), detail::to_value(s, v));
        return detail::make_dict(s, items);
    }
    static bool check(const Value& v) {
        if (detail::kind_of(v) != detail::Kind::Dict) return false;
        for (const auto& [k, x] : detail::dict_items(v))
            if (!detail::check_value<K>(k) || !detail::check_value<V>(x)) return false;
        return true;
    }
    static M from(const Value& v) {
        M out;
        for (const auto& [k, x] : detail::dict_items(v)) out.emplace(detail::from_value<K>(k), detail::from_value<V>(x));
        return out;
    }
};
template <class K, class V, class C, class A> struct Convert<std::map<K, V, C, A>> : ConvertMap<std::map<K, V, C, A>> {};
template <class K, class V, class H, class E, class A>
struct Convert<std::unordered_map<K, V, H, E, A>> : ConvertMap<std::unordered_map<K, V, H, E, A>> {};

// std::tuple / std::pair <-> tuple (from: a tuple or list of the same length).
template <class... T> struct Convert<std::tuple<T...>> {
    static Value to(const detail::StateRef& s, const std::tuple<T...>& t) {
        std::vector<Value> items;
        std::apply([&](const auto&... x) { (items.push_back(detail::to_value(s, x)), ...); }, t);
        return detail::make_tuple(s, items);
    }
    static bool check(const Value& v) {
        detail::Kind k = detail::kind_of(v);
        if (k != detail::Kind::Tuple && k != detail::Kind::List) return false;
        auto xs = detail::elements(v);
        return xs.size() == sizeof...(T) && check_all(xs, std::index_sequence_for<T...>{});
    }
    static std::tuple<T...> from(const Value& v) {
        auto xs = detail::elements(v);
        if (xs.size() != sizeof...(T)) detail::conversion_error(v, "tuple of the right length");
        return from_all(xs, std::index_sequence_for<T...>{});
    }
    template <std::size_t... I> static bool check_all(const std::vector<Value>& xs, std::index_sequence<I...>) {
        return (detail::check_value<T>(xs[I]) && ...);
    }
    template <std::size_t... I>
    static std::tuple<T...> from_all(const std::vector<Value>& xs, std::index_sequence<I...>) {
        return std::tuple<T...>(detail::from_value<T>(xs[I])...);
    }
};
template <class A, class B> struct Convert<std::pair<A, B>> {
    static Value to(const detail::StateRef& s, const std::pair<A, B>& p) {
        return Convert<std::tuple<A, B>>::to(s, std::tuple<A, B>(p.first, p.second));
    }
    static bool check(const Value& v) { return Convert<std::tuple<A, B>>::check(v); }
    static std::pair<A, B> from(const Value& v) {
        auto t = Convert<std::tuple<A, B>>::from(v);
        return {std::get<0>(t), std::get<1>(t)};
    }
};

namespace detail {
template <class F> Value make_bound(const StateRef& s, std::string_view name, F&& f);
}

// std::function <-> callable: to() binds the C++ function; from() wraps the
// script callable (calling it converts the arguments and the result).
template <class R, class... A> struct Convert<std::function<R(A...)>> {
    static Value to(const detail::StateRef& s, const std::function<R(A...)>& f) {
        return detail::make_bound(s, "<lambda>", f);
    }
    static bool check(const Value& v) { return detail::kind_of(v) == detail::Kind::Callable; }
    static std::function<R(A...)> from(const Value& v) {
        if (!check(v)) detail::conversion_error(v, "callable");
        return [v](A... args) -> R {
            Value r = v(std::forward<A>(args)...);
            if constexpr (!std::is_void_v<R>) return r.template get<R>();
        };
    }
};

// Instances of classes bound with bind_class<T>() (any other class type without
// its own Convert): to() copies [T] into a new instance; from() copies it out.
// Bound functions take T& / const T& / T* to share the instance instead.
template <class T, class Enable> struct Convert {
    static Value to(const detail::StateRef& s, const T& t) { return detail::wrap_instance(s, typeid(T), new T(t)); }
    static bool check(const Value& v) { return detail::is_instance(v, typeid(T)); }
    static T from(const Value& v) { return *static_cast<T*>(detail::instance_ptr(v, typeid(T))); }
};

namespace detail {

template <class T> using Bare = std::remove_cv_t<std::remove_reference_t<T>>;
// String literals and char arrays convert as text.
template <class T> using ConvFor = std::conditional_t<std::is_array_v<Bare<T>> || std::is_same_v<std::decay_t<T>, char*>,
                                                      const char*, Bare<T>>;

// What the script should have passed, for TypeError messages.
template <class T> const char* type_label() {
    if constexpr (std::is_same_v<T, bool>) return "bool";
    else if constexpr (std::is_integral_v<T>) return "int";
    else if constexpr (std::is_floating_point_v<T>) return "float";
    else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>) return "str";
    else if constexpr (std::is_same_v<T, std::nullptr_t>) return "None";
    else if constexpr (IsOptional<T>::value) return type_label<typename T::value_type>();
    else if constexpr (IsVector<T>::value) return "list";
    else if constexpr (IsMap<T>::value) return "dict";
    else if constexpr (IsTupleLike<T>::value) return "tuple";
    else if constexpr (IsFunction<T>::value) return "callable";
    else if constexpr (std::is_same_v<T, Value>) return "a value";
    else return "an instance of the bound class";
}

template <class T> Value to_value(const StateRef& s, T&& v) {
    return Convert<ConvFor<T>>::to(s, std::forward<T>(v));
}
template <class T> T from_value(const Value& v) {
    if (v.empty()) throw Error("RuntimeError", "conversion of an empty aio::Value");
    if (!Convert<T>::check(v)) conversion_error(v, type_label<T>());
    return Convert<T>::from(v);
}
template <class T> bool check_value(const Value& v) { return !v.empty() && Convert<T>::check(v); }

// A class-typed argument taken by reference: the bound instance itself, or a
// converted temporary for other class types (std::vector<int>&, ...).
template <class T> struct RefArg {
    T* ptr = nullptr;
    std::optional<T> owned;
    operator T&() { return ptr ? *ptr : *owned; }
};

// One argument of a bound call, converted to parameter type P. Errors are
// TypeErrors naming the argument ("f() argument 2 must be int, not str").
template <class P> struct ArgReader {
    using T = Bare<P>;
    static decltype(auto) read(CallFrame& c, std::size_t i) {
        if constexpr (std::is_same_v<T, Value>) {
            return arg(c, i);
        } else if constexpr (std::is_same_v<T, bool>) {
            return arg_bool(c, i);
        } else if constexpr (std::is_integral_v<T>) {
            return Convert<T>::narrow(arg_int(c, i));
        } else if constexpr (std::is_floating_point_v<T>) {
            return static_cast<T>(arg_float(c, i));
        } else if constexpr (std::is_same_v<T, std::string_view>) {
            return arg_str(c, i);
        } else if constexpr (std::is_same_v<T, std::string>) {
            return std::string(arg_str(c, i));
        } else if constexpr (IsOptional<T>::value) {
            using U = typename T::value_type;
            if (i >= arg_count(c) || arg(c, i).is_none()) return T{};
            return T{ArgReader<U>::read(c, i)};
        } else if constexpr (std::is_pointer_v<T> && std::is_class_v<std::remove_pointer_t<T>>) {
            using U = std::remove_cv_t<std::remove_pointer_t<T>>;
            return static_cast<U*>(arg_instance(c, i, typeid(U)));
        } else if constexpr (std::is_lvalue_reference_v<P> && std::is_class_v<T>) {
            Value v = arg(c, i);
            if (is_instance(v, typeid(T))) return RefArg<T>{static_cast<T*>(instance_ptr(v, typeid(T))), {}};
            if constexpr (std::is_copy_constructible_v<T>) {
                if (Convert<T>::check(v)) return RefArg<T>{nullptr, Convert<T>::from(v)};
            }
            arg_error_for(c, i, typeid(T), type_label<T>());
        } else {
            Value v = arg(c, i);
            if (!Convert<T>::check(v)) arg_error_for(c, i, typeid(T), type_label<T>());
            return Convert<T>::from(v);
        }
    }
};

// Stores a C++ result as the call's result.
template <class R> void put_result(CallFrame& c, R&& r) {
    using T = Bare<R>;
    if constexpr (std::is_same_v<T, bool>) set_result(c, make_bool(call_state(c), r));
    else if constexpr (std::is_integral_v<T>) set_result_int(c, static_cast<std::int64_t>(r));
    else if constexpr (std::is_floating_point_v<T>) set_result_float(c, static_cast<double>(r));
    else set_result(c, to_value(call_state(c), std::forward<R>(r)));
}

// Number of parameters before the trailing std::optional ones (those may be omitted).
template <class Tuple, std::size_t N = std::tuple_size_v<Tuple>> constexpr std::size_t required_args() {
    if constexpr (N == 0) return 0;
    else if constexpr (IsOptional<Bare<std::tuple_element_t<N - 1, Tuple>>>::value) return required_args<Tuple, N - 1>();
    else return N;
}

// Calls [f] with the call's arguments starting at [first] converted to the
// parameter types of Args, and stores its result.
template <class F, class Args, std::size_t... I>
void invoke_with(F& f, CallFrame& c, std::size_t first, std::index_sequence<I...>) {
    using R = decltype(f(ArgReader<std::tuple_element_t<I, Args>>::read(c, first + I)...));
    // Arguments are read left to right (braced init), so errors name the first bad one.
    std::tuple<decltype(ArgReader<std::tuple_element_t<I, Args>>::read(c, first + I))...> args{
        ArgReader<std::tuple_element_t<I, Args>>::read(c, first + I)...};
    if constexpr (std::is_void_v<R>) {
        std::apply(f, std::move(args));
        set_result_none(c);
    } else {
        put_result(c, std::apply(f, std::move(args)));
    }
}

// A bound C++ callable: checks the arity, converts, calls.
template <class F> struct FunctionCallable final : Callable {
    F f;
    explicit FunctionCallable(F fn) : f(std::move(fn)) {}
    void invoke(CallFrame& c) override {
        using Args = typename Signature<F>::Args;
        constexpr std::size_t n = std::tuple_size_v<Args>;
        check_arity(c, required_args<Args>(), n);
        invoke_with<F, Args>(f, c, 0, std::make_index_sequence<n>{});
    }
};

template <class F> Value make_bound(const StateRef& s, std::string_view name, F&& f) {
    using Fn = std::decay_t<F>;
    return make_function(s, name, std::make_unique<FunctionCallable<Fn>>(Fn(std::forward<F>(f))));
}

// Splits call arguments into positional values and keyword arguments.
template <class A>
void collect_arg(const StateRef& s, std::vector<Value>& pos, std::vector<std::pair<std::string_view, Value>>& kws,
                 A&& a) {
    if constexpr (IsKw<Bare<A>>::value) kws.emplace_back(a.name, to_value(s, a.value));
    else pos.push_back(to_value(s, std::forward<A>(a)));
}

}  // namespace detail

template <class T> bool Value::is() const { return detail::check_value<T>(*this); }
template <class T> T Value::get() const { return detail::from_value<T>(*this); }
template <class T> void Value::set_attr(std::string_view name, T&& v) const {
    detail::set_attr(*this, name, detail::to_value(state_, std::forward<T>(v)));
}
template <class K> Value Value::item(K&& key) const {
    return detail::get_item(*this, detail::to_value(state_, std::forward<K>(key)));
}
template <class K, class T> void Value::set_item(K&& key, T&& v) const {
    detail::set_item(*this, detail::to_value(state_, std::forward<K>(key)), detail::to_value(state_, std::forward<T>(v)));
}
template <class... A> Value Value::operator()(A&&... args) const {
    std::vector<Value> pos;
    std::vector<std::pair<std::string_view, Value>> kws;
    (detail::collect_arg(state_, pos, kws, std::forward<A>(args)), ...);
    return detail::call(*this, pos, kws);
}
template <class... A> Value Value::call_method(std::string_view name, A&&... args) const {
    return attr(name)(std::forward<A>(args)...);
}

// ---------------------------------------------------------------------------
// Native async: the handle a def_async function receives. Settle it exactly once,
// from any thread; the awaiting script resumes on its interpreter's loop.
// Later settlements (and settlements after the script cancelled) are ignored.
class Promise {
public:
    // Completes the await with [v] (converted on the calling thread into a C++-side
    // copy; the script value is created on the loop thread).
    template <class T> void resolve(T&& v) { resolve_with(make_thunk(std::forward<T>(v))); }
    // Completes the await with None.
    void resolve() { resolve_with(nullptr); }
    // Fails the await with a [type] exception (e.g. "ValueError") carrying [message].
    void reject(std::string type, std::string message);
    // Registers [cb] to run (on the loop thread) if the script cancels the await
    // before the promise is settled. Set it before handing the promise to other threads.
    void on_cancel(std::function<void()> cb);
    // Whether the script cancelled the await.
    bool cancelled() const;

    explicit Promise(std::shared_ptr<detail::PromiseCore> core) : core_(std::move(core)) {}

private:
    using Thunk = std::function<Value(const detail::StateRef&)>;
    template <class T> static Thunk make_thunk(T&& v) {
        return [x = std::decay_t<T>(std::forward<T>(v))](const detail::StateRef& s) { return detail::to_value(s, x); };
    }
    void resolve_with(Thunk make);
    std::shared_ptr<detail::PromiseCore> core_;
};

namespace detail {
// A def_async callable: the first parameter is the Promise; the rest are converted.
template <class F> struct AsyncCallable final : Callable {
    F f;
    explicit AsyncCallable(F fn) : f(std::move(fn)) {}
    template <std::size_t... I> static auto rest_of(std::index_sequence<I...>)
        -> std::tuple<std::tuple_element_t<I + 1, typename Signature<F>::Args>...>;
    void invoke(CallFrame& c) override {
        using All = typename Signature<F>::Args;
        static_assert(std::tuple_size_v<All> >= 1 && std::is_same_v<Bare<std::tuple_element_t<0, All>>, Promise>,
                      "def_async: the first parameter must be aio::Promise");
        using Rest = decltype(rest_of(std::make_index_sequence<std::tuple_size_v<All> - 1>{}));
        constexpr std::size_t n = std::tuple_size_v<Rest>;
        check_arity(c, required_args<Rest>(), n);
        call_rest<Rest>(c, std::make_index_sequence<n>{});
    }
    template <class Rest, std::size_t... I> void call_rest(CallFrame& c, std::index_sequence<I...>) {
        std::tuple<decltype(ArgReader<std::tuple_element_t<I, Rest>>::read(c, I))...> args{
            ArgReader<std::tuple_element_t<I, Rest>>::read(c, I)...};
        Promise p(begin_async(c));
        // A throwing host function fails the await (the script already holds the future).
        try {
            std::apply([&](auto&&... a) { f(p, std::forward<decltype(a)>(a)...); }, std::move(args));
        } catch (const Error& e) {
            p.reject(e.type(), e.message());
        } catch (const std::exception& e) {
            p.reject("RuntimeError", e.what());
        }
    }
};
// Constructs a T from the arguments after `cls` (argument 0 of __new__).
template <class T, class... A, std::size_t... I> T* construct(CallFrame& c, std::index_sequence<I...>) {
    std::tuple<decltype(ArgReader<A>::read(c, 1 + I))...> args{ArgReader<A>::read(c, 1 + I)...};
    return std::apply([](auto&&... a) { return new T(std::forward<decltype(a)>(a)...); }, std::move(args));
}
}  // namespace detail

// ---------------------------------------------------------------------------
// A C++ type exposed to scripts as a class (from Interpreter::bind_class<T>).
// Every definer returns *this so that a binding reads as one statement.
template <class T> class Class {
public:
    Class(detail::StateRef s, Value cls) : state_(std::move(s)), cls_(std::move(cls)) {}

    // Adds the constructor T(A...); several may be added (chosen by argument count).
    template <class... A> Class& init() {
        ctors_->push_back({sizeof...(A), [](detail::CallFrame& c) {
                               detail::set_new_instance(c, typeid(T), detail::construct<T, A...>(c, std::index_sequence_for<A...>{}));
                           }});
        return *this;
    }

    // Adds the method [name]: a member function pointer, or any callable whose first
    // parameter is T& / const T& (the receiver).
    template <class F> Class& def(std::string_view name, F f) {
        detail::class_set(cls_, name, method_value(name, f));
        return *this;
    }

    // Adds the read/write property [name] over the data member [m].
    template <class M> Class& property(std::string_view name, M T::*m) {
        static_assert(!std::is_function_v<M>, "property(name, &T::member): use property(name, getter, setter) for methods");
        Value get = detail::make_bound(state_, name, [m](const T& self) { return self.*m; });
        Value set = detail::make_bound(state_, name, [m](T& self, M v) { self.*m = std::move(v); });
        detail::class_property(cls_, name, get, set);
        return *this;
    }
    // Adds the property [name] with a getter (callable taking const T&) and an optional setter.
    template <class G, class S> Class& property(std::string_view name, G get, S set) {
        detail::class_property(cls_, name, method_value(name, get), method_value(name, set));
        return *this;
    }
    // Adds the read-only property [name].
    template <class G> Class& property_readonly(std::string_view name, G get) {
        detail::class_property(cls_, name, method_value(name, get), Value{});
        return *this;
    }
    // Sets __repr__ from a callable taking const T& and returning a string.
    template <class F> Class& repr(F f) { return def("__repr__", std::move(f)); }

    // The class object.
    const Value& type() const { return cls_; }

private:
    template <class F> Value method_value(std::string_view name, F f) {
        if constexpr (std::is_member_function_pointer_v<F>) {
            return detail::make_bound(state_, name, member_lambda(f, (typename detail::Signature<F>::Args*)nullptr));
        } else {
            return detail::make_bound(state_, name, std::move(f));
        }
    }
    template <class F, class... A> static auto member_lambda(F f, std::tuple<A...>*) {
        return [f](T& self, A... a) { return (self.*f)(std::forward<A>(a)...); };
    }

    struct Ctor {
        std::size_t arity;
        std::function<void(detail::CallFrame&)> make;
    };
    detail::StateRef state_;
    Value cls_;
    std::shared_ptr<std::vector<Ctor>> ctors_ = std::make_shared<std::vector<Ctor>>();
    friend class Interpreter;
};

// A native module (from Interpreter::module): scripts `import` it by name.
class Module {
public:
    Module(detail::StateRef s, Value m) : state_(std::move(s)), module_(std::move(m)) {}
    // Binds the C++ callable [f] as the module function [name].
    template <class F> Module& def(std::string_view name, F&& f) {
        module_.set_attr(name, detail::make_bound(state_, name, std::forward<F>(f)));
        return *this;
    }
    // Binds the asynchronous operation [f] (see Interpreter::def_async).
    template <class F> Module& def_async(std::string_view name, F&& f) {
        module_.set_attr(name, detail::make_function(state_, name,
                                                     std::make_unique<detail::AsyncCallable<std::decay_t<F>>>(std::forward<F>(f))));
        return *this;
    }
    // Sets the module attribute [name] to [v].
    template <class T> Module& set(std::string_view name, T&& v) {
        module_.set_attr(name, std::forward<T>(v));
        return *this;
    }
    // The module object.
    const Value& value() const { return module_; }

private:
    detail::StateRef state_;
    Value module_;
};

// Where print() output and tracebacks go: called with each chunk of text.
using OutputSink = std::function<void(std::string_view)>;

// How an Interpreter is set up. Defaults: output to the process's stdout/stderr,
// no limits, every module importable.
struct Options {
    // Receives what scripts print (stdout); empty = the process's stdout.
    OutputSink out;
    // Receives stderr text (warnings, unraisable exceptions); empty = the process's stderr.
    OutputSink err;
    // sys.argv.
    std::vector<std::string> argv;
    // Folders searched by `import` for .aio files (sys.path).
    std::vector<std::string> path;
    // Maximum depth of Python calls before RecursionError.
    int recursion_limit = 1000;
    // Heap limit in bytes (0 = none): exceeding it raises MemoryError in the script.
    std::size_t memory_limit = 0;
    // Sandbox: when set, only these modules (and their submodules) can be imported,
    // sys.path is empty (no files are imported), and `open` is not a builtin.
    std::optional<std::vector<std::string>> allowed_modules;
    // Safepoints (loop iterations and calls) each top-level run may execute before
    // the script is stopped with interrupt_exception (0 = unlimited).
    std::uint64_t instruction_budget = 0;
    // The built-in exception interrupt() and the budget raise.
    std::string interrupt_exception = "KeyboardInterrupt";
};

// One isolated interpreter. Not copyable; movable.
class Interpreter {
public:
    // Creates an interpreter; throws aio::Error when the options cannot be applied
    // (an unknown interrupt_exception, an allowed module that fails to import).
    explicit Interpreter(Options options = {});
    // Destroys the heap and everything in it; Values still held fail cleanly afterwards.
    ~Interpreter();
    // Moving transfers the interpreter; the moved-from object may only be destroyed.
    Interpreter(Interpreter&&) noexcept;
    Interpreter& operator=(Interpreter&&) noexcept;
    Interpreter(const Interpreter&) = delete;
    Interpreter& operator=(const Interpreter&) = delete;

    // Runs [source] as module code in __main__'s namespace; [name] is the file name
    // shown in tracebacks.
    void exec(std::string_view source, std::string_view name = "<string>");
    // Evaluates the expression [expr] in __main__'s namespace.
    Value eval(std::string_view expr);
    // Runs the file at [path] in __main__'s namespace (its folder joins sys.path).
    void run_file(const std::string& path);
    // Calls [fn] (a Value or the name of a global) with C++ arguments and aio::kw(...).
    template <class... A> Value call(const Value& fn, A&&... args) { return fn(std::forward<A>(args)...); }
    template <class... A> Value call(std::string_view global_name, A&&... args) {
        return global(global_name)(std::forward<A>(args)...);
    }
    // Runs [awaitable] (a coroutine object, or a Value naming an async function's
    // call result) to completion on the interpreter's event loop: asyncio.run semantics.
    Value run(const Value& awaitable);

    // The global [name] of __main__ (aio::Error NameError when missing).
    Value global(std::string_view name);
    // Sets the global [name] of __main__ to [v].
    template <class T> void set_global(std::string_view name, T&& v) {
        set_global_value(name, value(std::forward<T>(v)));
    }
    // Imports the module [name] as `import name` would.
    Value import(std::string_view name);
    // None.
    Value none();
    // Converts a C++ value into a script value of this interpreter.
    template <class T> Value value(T&& v) { return detail::to_value(state_, std::forward<T>(v)); }

    // Binds the C++ callable [f] as the builtin-like global [name] of __main__.
    // Argument types are deduced; a mismatch raises TypeError naming the argument.
    template <class F> void def(std::string_view name, F&& f) {
        set_global_value(name, detail::make_bound(state_, name, std::forward<F>(f)));
    }
    // Binds an asynchronous host operation: [f] receives an aio::Promise and the
    // converted arguments, and returns at once; the script awaits the result, which
    // the host provides later through the Promise, from any thread.
    template <class F> void def_async(std::string_view name, F&& f) {
        set_global_value(name, detail::make_function(state_, name,
                                                     std::make_unique<detail::AsyncCallable<std::decay_t<F>>>(std::forward<F>(f))));
    }
    // Exposes the C++ type [T] as the class [name] (a global of __main__).
    template <class T> Class<T> bind_class(std::string_view name) {
        Value cls = detail::make_class(state_, name, typeid(T), [](void* p) { delete static_cast<T*>(p); });
        Class<T> c(state_, cls);
        auto ctors = c.ctors_;
        install_new(cls, make_ctor_dispatch<T>(ctors));
        set_global_value(name, cls);
        return c;
    }
    // Creates (or returns) the native module [name], importable by scripts.
    Module module(std::string_view name);

    // Host-driven event loop: runs ready callbacks and due timers once without
    // blocking; returns the loop's next timer deadline (nullopt: nothing scheduled).
    std::optional<std::chrono::steady_clock::time_point> run_once();
    // Runs the loop for about [d] (returning early when nothing is left to do).
    std::optional<std::chrono::steady_clock::time_point> run_for(std::chrono::milliseconds d);
    // Schedules [awaitable] as a task on the host-driven loop (see run_once); returns the Task.
    Value spawn(const Value& awaitable);
    // A file descriptor that becomes readable when a Promise is settled: a host
    // that owns its poller watches it and then calls run_once().
    int poll_fd() const;

    // Stops the running script: at its next safepoint it raises interrupt_exception.
    // Thread-safe; a no-op when nothing runs (the flag waits for the next run).
    void interrupt();
    // Sets the instruction budget for the following runs (0 = unlimited).
    void set_instruction_budget(std::uint64_t safepoints);
    // Bytes currently allocated by the script heap.
    std::size_t memory_in_use() const;
    // Runs a full garbage collection.
    void collect();

    // Internal: the interpreter behind the handle (for the templates above).
    const detail::StateRef& state() const { return state_; }

private:
    void set_global_value(std::string_view name, const Value& v);
    void install_new(const Value& cls, std::unique_ptr<detail::Callable> ctor);
    template <class T> static std::unique_ptr<detail::Callable> make_ctor_dispatch(
        std::shared_ptr<std::vector<typename Class<T>::Ctor>> ctors);
    detail::StateRef state_;
};

// ---------------------------------------------------------------------------
namespace detail {
// __new__(cls, *args) of a bound class: picks the constructor by argument count.
template <class T, class Ctors> struct CtorDispatch final : Callable {
    Ctors ctors;
    explicit CtorDispatch(Ctors c) : ctors(std::move(c)) {}
    void invoke(CallFrame& c) override {
        std::size_t n = arg_count(c) - 1;  // minus cls
        for (auto& ctor : *ctors)
            if (ctor.arity == n) return ctor.make(c);
        std::string name(call_name(c));
        if (ctors->empty()) throw Error("TypeError", "cannot create '" + name + "' instances (no init<>() bound)");
        throw Error("TypeError", name + "() takes " + std::to_string(ctors->front().arity) + " arguments (" +
                                     std::to_string(n) + " given)");
    }
};
}  // namespace detail

template <class T>
std::unique_ptr<detail::Callable> Interpreter::make_ctor_dispatch(std::shared_ptr<std::vector<typename Class<T>::Ctor>> ctors) {
    return std::make_unique<detail::CtorDispatch<T, decltype(ctors)>>(ctors);
}

}  // namespace aio
