// runtime/exceptions.cpp - exception objects: creation, raising (I.pending +
// throw Unwind), the natives of BaseException (__new__/__init__/__str__/__repr__,
// with_traceback, add_note), the per-class attributes computed from args
// (StopIteration.value, SystemExit.code, OSError.errno/strerror/filename,
// SyntaxError.msg/lineno/..., ImportError.name), and native argument checks.
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "interpreter/vm_api.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::rt {

Value new_exception_args(Interp& I, Type* type, Tuple* args) {
    auto* e = as<Exception>(alloc_instance_of(I, type));
    exception_set_args(I, e, args);
    return Value::object(e);
}

Value new_exception(Interp& I, Type* type, std::string_view msg) {
    Str* s = new_str(I, msg);
    Tuple* args = new_tuple(I, {Value::object(s)});
    auto* e = as<Exception>(alloc_instance_of(I, type));
    e->args = args;
    return Value::object(e);
}

void raise(Interp& I, Type* type, std::string_view msg) {
    I.pending = new_exception(I, type, msg);
    throw Unwind{};
}

void raise_missing_args(Interp& I, std::string_view fname, const std::vector<std::string_view>& names,
                        const char* kind) {
    std::string list;
    size_t n = names.size();
    for (size_t i = 0; i < n; i++) {
        std::string q = "'" + std::string(names[i]) + "'";
        if (i == 0) list = q;
        else if (i == n - 1) list += (n > 2 ? ", and " : " and ") + q;
        else list += ", " + q;
    }
    raise(I, I.exc.TypeError, std::string(fname) + "() missing " + std::to_string(n) + " required " + kind +
                                  " argument" + (n == 1 ? "" : "s") + ": " + list);
}

void raise_too_many_positional(Interp& I, std::string_view fname, uint32_t min, uint32_t max, uint32_t given,
                               uint32_t kwonly_given) {
    std::string takes = min == max ? std::to_string(max) : "from " + std::to_string(min) + " to " + std::to_string(max);
    bool plural = min != max || max != 1;
    std::string msg = std::string(fname) + "() takes " + takes + " positional argument" + (plural ? "s" : "") +
                      " but " + std::to_string(given);
    if (kwonly_given) {
        msg += std::string(" positional argument") + (given == 1 ? "" : "s") + " (and " + std::to_string(kwonly_given) +
               " keyword-only argument" + (kwonly_given == 1 ? "" : "s") + ") were given";
    } else {
        msg += given == 1 ? " was given" : " were given";
    }
    raise(I, I.exc.TypeError, msg);
}

void raise_multiple_values(Interp& I, std::string_view fname, std::string_view name) {
    raise(I, I.exc.TypeError, std::string(fname) + "() got multiple values for argument '" + std::string(name) + "'");
}

void raise_unexpected_keyword(Interp& I, std::string_view fname, std::string_view name) {
    raise(I, I.exc.TypeError,
          std::string(fname) + "() got an unexpected keyword argument '" + std::string(name) + "'");
}

void raise_fmt(Interp& I, Type* type, const char* fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n >= int(sizeof buf)) {
        std::string big(size_t(n) + 1, '\0');
        va_start(ap, fmt);
        std::vsnprintf(big.data(), big.size(), fmt, ap);
        va_end(ap);
        big.resize(size_t(n));
        raise(I, type, big);
    }
    raise(I, type, std::string_view(buf, n < 0 ? 0 : size_t(n)));
}

void raise_value(Interp& I, Value v) {
    if (is_kind(v, ObjKind::Type) && (as<Type>(v)->tflags & kTypeException)) {
        Value e = call(I, v, CallArgs{nullptr, 0, nullptr, nullptr, 0});
        if (!is_kind(e, ObjKind::Exception)) {
            raise_fmt(I, I.exc.TypeError,
                      "calling %s should have returned an instance of BaseException, not %s",
                      repr_string(I, v).c_str(), type_name(I, e).c_str());
        }
        I.pending = e;
        throw Unwind{};
    }
    if (is_kind(v, ObjKind::Exception)) {
        I.pending = v;
        throw Unwind{};
    }
    raise(I, I.exc.TypeError, "exceptions must derive from BaseException");
}

void raise_text_error(Interp& I, const std::string& type, const std::string& msg) {
    Value t = dict_get_str(I.builtins, intern(I, type));
    Type* tt = is_kind(t, ObjKind::Type) ? as<Type>(t) : I.exc.ValueError;
    raise(I, tt, msg);
}

// --- argument checks for natives ----------------------------------------------------

void check_nargs(Interp& I, const CallArgs& a, const char* qualname, uint32_t min, uint32_t max) {
    if (a.nargs >= min && a.nargs <= max) return;
    // "math.sqrt() takes exactly one argument" but "atan2 expected 2 arguments", as CPython.
    const char* fname = qualname;
    if (const char* dot = std::strrchr(qualname, '.')) fname = dot + 1;
    if (min == max) {
        if (min == 0) raise_fmt(I, I.exc.TypeError, "%s() takes no arguments (%u given)", qualname, a.nargs);
        if (min == 1) raise_fmt(I, I.exc.TypeError, "%s() takes exactly one argument (%u given)", qualname, a.nargs);
        raise_fmt(I, I.exc.TypeError, "%s expected %u arguments, got %u", fname, min, a.nargs);
    }
    if (a.nargs < min)
        raise_fmt(I, I.exc.TypeError, "%s expected at least %u argument%s, got %u", fname, min,
                  min == 1 ? "" : "s", a.nargs);
    raise_fmt(I, I.exc.TypeError, "%s expected at most %u argument%s, got %u", fname, max,
              max == 1 ? "" : "s", a.nargs);
}

void check_no_kwargs(Interp& I, const CallArgs& a, const char* fname) {
    if (a.nkw) raise_fmt(I, I.exc.TypeError, "%s() takes no keyword arguments", fname);
}

Value kwarg(const CallArgs& a, std::string_view name) {
    for (uint32_t i = 0; i < a.nkw; i++)
        if (a.kwnames[i]->view() == name) return a.kwvalues[i];
    return Value::null();
}

// --- per-class attributes ----------------------------------------------------------

namespace {

Type* oserror_subclass(Interp& I, int64_t err) {
    switch (err) {
        case ENOENT: return I.exc.FileNotFoundError;
        case EEXIST: return I.exc.FileExistsError;
        case EACCES: case EPERM: return I.exc.PermissionError;
        case EISDIR: return I.exc.IsADirectoryError;
        case ENOTDIR: return I.exc.NotADirectoryError;
        case ECONNREFUSED: return I.exc.ConnectionRefusedError;
        case ECONNRESET: return I.exc.ConnectionResetError;
        case ECONNABORTED: return I.exc.ConnectionAbortedError;
        case EPIPE: case ESHUTDOWN: return I.exc.BrokenPipeError;
        case ETIMEDOUT: return I.exc.TimeoutError;
        case EAGAIN: case EALREADY: case EINPROGRESS: return I.exc.BlockingIOError;
        case EINTR: return I.exc.InterruptedError;
        case ESRCH: return I.exc.ProcessLookupError;
        case ECHILD: return I.exc.ChildProcessError;
        default: return nullptr;
    }
}

Value attr_or(Exception* e, Str* name) {
    return e->attrs ? dict_get_str(e->attrs, name) : Value::null();
}

Value arg_or_none(Exception* e, uint32_t i) {
    return e->args && e->args->size > i ? e->args->items()[i] : Value::none();
}

bool is_sub(Exception* e, Type* t) { return is_subtype(e->cls, t); }

Value self_exc(Interp& I, const CallArgs& a, const char* what) {
    if (a.nargs < 1 || !is_kind(a.args[0], ObjKind::Exception))
        raise_fmt(I, I.exc.TypeError, "descriptor '%s' requires a 'BaseException' object", what);
    return a.args[0];
}

void set_attr(Interp& I, Exception* e, const char* name, Value v) {
    if (!e->attrs) e->attrs = new_dict(I);
    dict_set_str(I, e->attrs, intern(I, name), v);
}

}  // namespace

void exception_set_args(Interp& I, Exception* e, Tuple* args) {
    e->args = args;
    // OSError(errno, strerror, filename[, winerror, filename2]): the filenames leave args.
    if (is_sub(e, I.exc.OSError) && args->size >= 3 && args->size <= 5) {
        TempRoot r(I, e);
        set_attr(I, e, "filename", args->items()[2]);
        if (args->size == 5) set_attr(I, e, "filename2", args->items()[4]);
        e->args = new_tuple(I, args->items(), 2);
    }
}

Value exception_getattr(Interp& I, Exception* e, Str* name) {
    const Names& N = I.names;
    if (name == N.args) return Value::object(e->args);
    if (name == N.__cause__) return e->cause;
    if (name == N.__context__) return e->context;
    if (name == N.__suppress_context__) return Value::boolean(e->suppress_context);
    if (name == N.__traceback__) {
        Value v = attr_or(e, name);
        if (!v.is_null()) return v;
        return e->tb && !e->tb->empty() ? vm::make_traceback(I, e) : Value::none();
    }
    std::string_view n = name->view();
    if (is_sub(e, I.exc.StopIteration) && n == "value") {
        Value v = attr_or(e, name);
        return v.is_null() ? arg_or_none(e, 0) : v;
    }
    if (is_sub(e, I.exc.SystemExit) && n == "code") {
        if (e->args->size == 0) return Value::none();
        return e->args->size == 1 ? e->args->items()[0] : Value::object(e->args);
    }
    if (is_sub(e, I.exc.OSError) && (n == "errno" || n == "strerror" || n == "filename" || n == "filename2")) {
        Value v = attr_or(e, name);
        if (!v.is_null()) return v;
        if (e->args->size >= 2 && (n == "errno" || n == "strerror")) return e->args->items()[n == "errno" ? 0 : 1];
        return Value::none();
    }
    if ((is_sub(e, I.exc.UnicodeEncodeError) || is_sub(e, I.exc.UnicodeDecodeError)) && e->args->size == 5 &&
        (n == "encoding" || n == "object" || n == "start" || n == "end" || n == "reason")) {
        Value v = attr_or(e, name);
        if (!v.is_null()) return v;
        int i = n == "encoding" ? 0 : n == "object" ? 1 : n == "start" ? 2 : n == "end" ? 3 : 4;
        return e->args->items()[i];
    }
    // Set by the failing lookup (runtime/attr.cpp, the VM's NameError); None otherwise.
    if ((is_sub(e, I.exc.AttributeError) && (n == "name" || n == "obj")) || (is_sub(e, I.exc.NameError) && n == "name")) {
        Value v = attr_or(e, name);
        return v.is_null() ? Value::none() : v;
    }
    if (is_sub(e, I.exc.ImportError) && (n == "name" || n == "path" || n == "msg")) {
        Value v = attr_or(e, name);
        if (!v.is_null()) return v;
        return n == "msg" ? arg_or_none(e, 0) : Value::none();
    }
    if (is_sub(e, I.exc.SyntaxError) &&
        (n == "msg" || n == "filename" || n == "lineno" || n == "offset" || n == "text" ||
         n == "end_lineno" || n == "end_offset" || n == "print_file_and_line")) {
        Value v = attr_or(e, name);
        if (!v.is_null()) return v;
        if (n == "msg") return arg_or_none(e, 0);
        Value info = arg_or_none(e, 1);
        if (e->args->size == 2 && is_kind(info, ObjKind::Tuple)) {
            auto* t = as<Tuple>(info);
            const char* keys[] = {"filename", "lineno", "offset", "text", "end_lineno", "end_offset"};
            for (uint32_t i = 0; i < 6 && i < t->size; i++)
                if (n == keys[i]) return t->items()[i];
        }
        return Value::none();
    }
    return Value::null();
}

bool exception_setattr(Interp& I, Exception* e, Str* name, Value v) {
    const Names& N = I.names;
    if (name == N.args) {
        e->args = tuple_from_iterable(I, v);
        return true;
    }
    if (name == N.__cause__) {
        if (!v.is_none() && !is_kind(v, ObjKind::Exception))
            raise(I, I.exc.TypeError, "exception cause must be None or derive from BaseException");
        e->cause = v;
        e->suppress_context = true;
        return true;
    }
    if (name == N.__context__) {
        if (!v.is_none() && !is_kind(v, ObjKind::Exception))
            raise(I, I.exc.TypeError, "exception context must be None or derive from BaseException");
        e->context = v;
        return true;
    }
    if (name == N.__suppress_context__) {
        e->suppress_context = truthy(I, v);
        return true;
    }
    return false;
}

namespace {

// str() of UnicodeEncodeError/UnicodeDecodeError made with CPython's five arguments
// (encoding, object, start, end, reason); nullptr when `e` is not one of those.
Str* unicode_error_str(Interp& I, Exception* e) {
    Tuple* args = e->args;
    bool enc = is_sub(e, I.exc.UnicodeEncodeError), dec = is_sub(e, I.exc.UnicodeDecodeError);
    if ((!enc && !dec) || args->size != 5) return nullptr;
    const Value* a = args->items();
    if (!is_str(a[0]) || !a[2].is_int() || !a[3].is_int() || !is_str(a[4])) return nullptr;
    if (enc ? !is_str(a[1]) : !is_kind(a[1], ObjKind::Bytes)) return nullptr;
    int64_t start = a[2].as_int(), end = a[3].as_int();
    std::string s = "'" + std::string(as_str(a[0])->view()) + "' codec can't " + (enc ? "encode " : "decode ");
    char buf[64];
    if (end == start + 1 && start >= 0) {
        if (dec) {
            std::string_view b = as<Bytes>(a[1])->view();
            if (size_t(start) >= b.size()) return nullptr;
            std::snprintf(buf, sizeof buf, "byte 0x%02x", unsigned(static_cast<unsigned char>(b[size_t(start)])));
            s += buf;
        } else {
            Str* text = as_str(a[1]);
            if (start >= int64_t(text->length())) return nullptr;
            uint32_t cp = text::decode_utf8(text->view(), str_byte_offset(text, start)).cp;
            std::snprintf(buf, sizeof buf, cp < 0x100 ? "character '\\x%02x'" : cp < 0x10000 ? "character '\\u%04x'"
                                                                                        : "character '\\U%08x'", cp);
            s += buf;
        }
        s += " in position " + std::to_string(start);
    } else {
        s += std::string(enc ? "characters" : "bytes") + " in position " + std::to_string(start) + "-" +
             std::to_string(end - 1);
    }
    s += ": " + std::string(as_str(a[4])->view());
    return new_str(I, s);
}

}  // namespace

Str* exception_str(Interp& I, Exception* e) {
    Tuple* args = e->args;
    if (is_sub(e, I.exc.KeyError) && args->size == 1) return repr(I, args->items()[0]);
    if (Str* u = unicode_error_str(I, e)) return u;
    if (is_sub(e, I.exc.OSError) && args->size >= 2) {
        std::string s = "[Errno " + str_string(I, args->items()[0]) + "] " + str_string(I, args->items()[1]);
        Value fn = attr_or(e, intern(I, "filename"));
        if (!fn.is_null() && !fn.is_none()) {
            s += ": " + repr_string(I, fn);
            Value fn2 = attr_or(e, intern(I, "filename2"));
            if (!fn2.is_null() && !fn2.is_none()) s += " -> " + repr_string(I, fn2);
        }
        return new_str(I, s);
    }
    if (is_sub(e, I.exc.SyntaxError) && args->size == 2 && is_kind(args->items()[1], ObjKind::Tuple)) {
        Value fname = exception_getattr(I, e, intern(I, "filename"));
        Value line = exception_getattr(I, e, intern(I, "lineno"));
        std::string s = str_string(I, args->items()[0]);
        bool has_file = is_str(fname), has_line = line.is_int();
        if (has_file || has_line) {
            s += " (";
            if (has_file) {
                std::string_view f = as_str(fname)->view();
                size_t slash = f.rfind('/');
                s += slash == std::string_view::npos ? f : f.substr(slash + 1);
            }
            if (has_line) s += (has_file ? ", line " : "line ") + std::to_string(line.as_int());
            s += ")";
        }
        return new_str(I, s);
    }
    if (args->size == 0) return I.names.empty;
    if (args->size == 1) return str(I, args->items()[0]);
    return str(I, Value::object(args));
}

Str* exception_repr(Interp& I, Exception* e) {
    std::string s(e->cls->name->view());
    if (e->args->size == 1) {
        s += "(" + repr_string(I, e->args->items()[0]) + ")";
    } else {
        s += repr_string(I, Value::object(e->args));
    }
    return new_str(I, s);
}

// --- BaseException's natives ----------------------------------------------------------

Value exception_new_native(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs < 1 || !is_kind(a.args[0], ObjKind::Type))
        raise(I, I.exc.TypeError, "BaseException.__new__(X): X is not a type object");
    auto* cls = as<Type>(a.args[0]);
    if (!is_subtype(cls, I.exc.BaseException))
        raise_fmt(I, I.exc.TypeError, "BaseException.__new__(%s): %s is not a subtype of BaseException",
                  cls->name->data(), cls->name->data());
    // OSError(errno, ...) picks the subclass for the errno, as CPython.
    if (cls == I.exc.OSError && a.nargs >= 3 && a.args[1].is_int()) {
        if (Type* sub = oserror_subclass(I, a.args[1].as_int())) cls = sub;
    }
    Tuple* args = new_tuple(I, a.args + 1, a.nargs - 1);
    return new_exception_args(I, cls, args);
}

Value exception_init_native(Interp& I, const CallArgs& a, Object*) {
    auto* e = as<Exception>(self_exc(I, a, "__init__"));
    if (a.nkw) {
        // The three families that take keyword-only attributes (CPython 3.11).
        const char* family = nullptr;
        std::string_view k1, k2;
        if (is_sub(e, I.exc.ImportError)) family = "ImportError", k1 = "name", k2 = "path";
        else if (is_sub(e, I.exc.AttributeError)) family = "AttributeError", k1 = "name", k2 = "obj";
        else if (is_sub(e, I.exc.NameError)) family = "NameError", k1 = "name";
        if (!family) raise_fmt(I, I.exc.TypeError, "%s() takes no keyword arguments", e->cls->name->data());
        for (uint32_t i = 0; i < a.nkw; i++) {
            std::string_view k = a.kwnames[i]->view();
            if (k != k1 && (k2.empty() || k != k2))
                raise_fmt(I, I.exc.TypeError, "'%s' is an invalid keyword argument for %s()",
                          a.kwnames[i]->data(), family);
            set_attr(I, e, a.kwnames[i]->data(), a.kwvalues[i]);
        }
    }
    // OSError(errno, strerror, filename): __new__ already split the filename off args.
    uint32_t n = a.nargs - 1;
    if (!(is_sub(e, I.exc.OSError) && n >= 3 && n <= 5)) exception_set_args(I, e, new_tuple(I, a.args + 1, n));
    return Value::none();
}

namespace {

Value exc_str_native(Interp& I, const CallArgs& a, Object*) {
    return Value::object(exception_str(I, as<Exception>(self_exc(I, a, "__str__"))));
}
Value exc_repr_native(Interp& I, const CallArgs& a, Object*) {
    return Value::object(exception_repr(I, as<Exception>(self_exc(I, a, "__repr__"))));
}
Value exc_with_traceback(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "with_traceback", 2, 2);
    return self_exc(I, a, "with_traceback");
}
Value exc_add_note(Interp& I, const CallArgs& a, Object*) {
    check_nargs(I, a, "add_note", 2, 2);
    auto* e = as<Exception>(self_exc(I, a, "add_note"));
    if (!is_str(a.args[1]))
        raise_fmt(I, I.exc.TypeError, "note must be a str, not '%s'", type_name(I, a.args[1]).c_str());
    Str* key = intern(I, "__notes__");
    Value notes = attr_or(e, key);
    if (notes.is_null()) {
        notes = Value::object(new_list(I));
        set_attr(I, e, "__notes__", notes);
    }
    if (!is_kind(notes, ObjKind::List)) raise(I, I.exc.TypeError, "Cannot add note: __notes__ is not a list");
    list_append(I, as<List>(notes), a.args[1]);
    return Value::none();
}

void add(Interp& I, Type* t, const char* name, NativeFn fn) {
    NativeFunction* f = new_native_method(I, I.exc.BaseException, name, fn);
    dict_set_str(I, t->dict, f->name, Value::object(f));
}

}  // namespace

void install_exception_methods(Interp& I) {
    Type* b = I.exc.BaseException;
    add(I, b, "__new__", exception_new_native);
    add(I, b, "__init__", exception_init_native);
    add(I, b, "__str__", exc_str_native);
    add(I, b, "__repr__", exc_repr_native);
    add(I, b, "with_traceback", exc_with_traceback);
    add(I, b, "add_note", exc_add_note);
}

}  // namespace aio::rt
