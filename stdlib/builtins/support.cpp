// stdlib/builtins/support.cpp - helpers shared by the native built-ins: argument
// binding with CPython's messages, method registration, TextError conversion.
#include "stdlib/builtins/support.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

using aio::rt::TempRoot;

namespace aio::stdlib {

Value str_value(Interp& I, std::string_view s) { return obj(rt::new_str(I, s)); }

void raise_text_error(Interp& I, const text::TextError& e) {
    Type* t = I.exc.ValueError;
#define X(name, base) \
    if (e.type == #name) t = I.exc.name;
#include "runtime/exception_types.def"
#undef X
    rt::raise(I, t, e.msg);
}

namespace {

// The position of keyword [k] among names[from..n), or n.
uint32_t find_name(const char* const* names, uint32_t from, uint32_t n, std::string_view k) {
    for (uint32_t i = from; i < n; ++i)
        if (k == names[i]) return i;
    return n;
}

// A parameter list of positional-only parameters only: CPython checks it with
// _PyArg_CheckPositional, whose messages name the function without "()".
void bind_positional_only(Interp& I, const CallArgs& a, const char* fname, uint32_t n, uint32_t required,
                          Value* out) {
    if (a.nkw) rt::raise_fmt(I, I.exc.TypeError, "%s() takes no keyword arguments", fname);
    if (n == 0 && a.nargs)
        rt::raise_fmt(I, I.exc.TypeError, "%s() takes no arguments (%u given)", fname, a.nargs);
    if (a.nargs < required)
        rt::raise_fmt(I, I.exc.TypeError, "%s expected %s%u argument%s, got %u", fname,
                      required == n ? "" : "at least ", required, required == 1 ? "" : "s", a.nargs);
    if (a.nargs > n)
        rt::raise_fmt(I, I.exc.TypeError, "%s expected %s%u argument%s, got %u", fname,
                      required == n ? "" : "at most ", n, n == 1 ? "" : "s", a.nargs);
    for (uint32_t i = 0; i < n; ++i) out[i] = i < a.nargs ? a.args[i] : Value::null();
}

}  // namespace

void bind_args(Interp& I, const CallArgs& a, const char* fname,
               std::initializer_list<const char*> names_list, uint32_t required, Value* out,
               uint32_t npos_only, uint32_t maxpos) {
    const uint32_t n = static_cast<uint32_t>(names_list.size());
    const char* const* names = names_list.begin();
    if (maxpos > n) maxpos = n;
    if (npos_only >= n) return bind_positional_only(I, a, fname, n, required, out);
    // The order of checks and the texts follow CPython's _PyArg_UnpackKeywords.
    const uint32_t nargs = a.nargs;
    if (nargs + a.nkw > n)
        rt::raise_fmt(I, I.exc.TypeError, "%s() takes at most %u %sargument%s (%u given)", fname, n,
                      nargs == 0 ? "keyword " : "", n == 1 ? "" : "s", nargs + a.nkw);
    if (nargs > maxpos) {
        if (maxpos == 0) rt::raise_fmt(I, I.exc.TypeError, "%s() takes no positional arguments", fname);
        rt::raise_fmt(I, I.exc.TypeError, "%s() takes %s %u positional argument%s (%u given)", fname,
                      required < maxpos ? "at most" : "exactly", maxpos, maxpos == 1 ? "" : "s", nargs);
    }
    const uint32_t minposonly = std::min(npos_only, required);
    if (nargs < minposonly)
        rt::raise_fmt(I, I.exc.TypeError, "%s() takes %s %u positional argument%s (%u given)", fname,
                      minposonly < maxpos ? "at least" : "exactly", minposonly, minposonly == 1 ? "" : "s", nargs);
    for (uint32_t i = 0; i < n; ++i) out[i] = i < nargs ? a.args[i] : Value::null();
    uint32_t left = a.nkw;
    for (uint32_t i = std::max(nargs, npos_only); i < n && (left || i < required); ++i) {
        for (uint32_t k = 0; k < a.nkw && left; ++k) {
            if (a.kwnames[k]->view() != names[i]) continue;
            out[i] = a.kwvalues[k];
            --left;
            break;
        }
        if (out[i].is_null() && i < required)
            rt::raise_fmt(I, I.exc.TypeError, "%s() missing required argument '%s' (pos %u)", fname, names[i],
                          i + 1);
    }
    if (left == 0) return;
    for (uint32_t i = npos_only; i < nargs; ++i)
        for (uint32_t k = 0; k < a.nkw; ++k)
            if (a.kwnames[k]->view() == names[i])
                rt::raise_fmt(I, I.exc.TypeError, "argument for %s() given by name ('%s') and position (%u)", fname,
                              names[i], i + 1);
    for (uint32_t k = 0; k < a.nkw; ++k) {
        std::string_view kn = a.kwnames[k]->view();
        if (find_name(names, npos_only, n, kn) == n)
            rt::raise_fmt(I, I.exc.TypeError, "'%.*s' is an invalid keyword argument for %s()",
                          static_cast<int>(kn.size()), kn.data(), fname);
    }
}

void bind_py_args(Interp& I, const CallArgs& a, const char* fname,
                  std::initializer_list<const char*> names_list, uint32_t required, Value* out) {
    const uint32_t n = static_cast<uint32_t>(names_list.size());
    const char* const* names = names_list.begin();
    if (a.nargs > n) rt::raise_too_many_positional(I, fname, required, n, a.nargs);
    for (uint32_t i = 0; i < n; ++i) out[i] = i < a.nargs ? a.args[i] : Value::null();
    for (uint32_t k = 0; k < a.nkw; ++k) {
        std::string_view kn = a.kwnames[k]->view();
        uint32_t i = find_name(names, 0, n, kn);
        if (i == n)
            rt::raise_unexpected_keyword(I, fname, kn);
        if (!out[i].is_null()) rt::raise_multiple_values(I, fname, names[i]);
        out[i] = a.kwvalues[k];
    }
    std::vector<std::string_view> missing;
    for (uint32_t i = 0; i < required; ++i)
        if (out[i].is_null()) missing.push_back(names[i]);
    if (!missing.empty()) rt::raise_missing_args(I, fname, missing, "positional");
}

Value builtin_number(Interp& I, Value v, const char* dunder) {
    if (!is_kind(v, ObjKind::NumberBox) || !rt::lookup_heap(v.as_obj()->cls, rt::intern(I, dunder)).is_null())
        return v;
    return rt::unbox(v);
}

Object* check_self(Interp& I, const CallArgs& a, Type* t, const char* method) {
    if (a.nargs == 0)
        rt::raise_fmt(I, I.exc.TypeError, "unbound method %.*s.%s() needs an argument",
                      static_cast<int>(t->name->size), t->name->data(), method);
    Value self = a.args[0];
    if (!rt::isinstance(I, self, t)) {
        std::string tn = rt::type_name(I, self);
        rt::raise_fmt(I, I.exc.TypeError, "descriptor '%s' for '%.*s' objects doesn't apply to a '%s' object",
                      method, static_cast<int>(t->name->size), t->name->data(), tn.c_str());
    }
    return self.as_obj();
}

int64_t arg_index(Interp& I, Value v) {
    if (v.is_int()) return v.as_int();
    if (v.is_bool()) return v.as_bool() ? 1 : 0;
    Value u = builtin_number(I, v, "__index__");
    if (u.is_int()) return u.as_int();
    Value m = rt::lookup_type(rt::type_of(I, v), I.names.__index__);
    if (!m.is_null()) {
        Value r = rt::call(I, m, {v});
        if (r.is_int()) return r.as_int();
        if (r.is_bool()) return r.as_bool() ? 1 : 0;
        std::string tn = rt::type_name(I, r);
        rt::raise_fmt(I, I.exc.TypeError, "__index__ returned non-int (type %s)", tn.c_str());
    }
    std::string tn = rt::type_name(I, v);
    rt::raise_fmt(I, I.exc.TypeError, "'%s' object cannot be interpreted as an integer", tn.c_str());
}

int64_t arg_index_or(Interp& I, Value v, int64_t dflt) {
    if (v.is_null() || v.is_none()) return dflt;
    return arg_index(I, v);
}

static Value wrap_binding(Interp& I, rt::NativeFunction* f, Binding b) {
    switch (b) {
        case Binding::Method: return obj(f);
        case Binding::Static: {
            auto* s = I.heap.make<rt::StaticMethod>(ObjKind::StaticMethod, I.types.staticmethod);
            s->func = obj(f);
            return obj(s);
        }
        case Binding::Class: {
            auto* c = I.heap.make<rt::ClassMethod>(ObjKind::ClassMethod, I.types.classmethod);
            c->func = obj(f);
            return obj(c);
        }
    }
    return obj(f);
}

void add_methods(Interp& I, Type* t, std::initializer_list<MethodDef> defs, Binding binding) {
    rt::dict_reserve(I, t->dict, uint32_t(defs.size()));
    for (const MethodDef& d : defs) {
        // qualname "str.split" so repr shows <method 'split' of 'str' objects>-like names.
        rt::NativeFunction* f = rt::new_native_method(I, t, d.name, d.fn);
        rt::dict_set_str(I, t->dict, f->name, wrap_binding(I, f, binding));
    }
    ++t->version;
    ++I.type_epoch;
}

void add_functions(Interp& I, rt::Dict* d, std::initializer_list<MethodDef> defs) {
    rt::dict_reserve(I, d, uint32_t(defs.size()));
    for (const MethodDef& def : defs)
    {
        rt::NativeFunction* f = rt::new_native(I, def.name, def.fn);
        rt::dict_set_str(I, d, f->name, obj(f));
    }
}

void set_type_attr(Interp& I, Type* t, std::string_view name, Value v) {
    rt::dict_set_str(I, t->dict, rt::intern(I, name), v);
    ++t->version;
    ++I.type_epoch;
}

Type* make_native_type(Interp& I, std::string_view name, ObjKind kind) {
    rt::Dict* ns = rt::new_dict(I);
    rt::dict_set_str(I, ns, I.names.__module__, obj(I.names.builtins));
    rt::dict_set_str(I, ns, I.names.__qualname__, obj(rt::intern(I, name)));
    Type* t = rt::make_class(I, rt::intern(I, name), rt::new_tuple(I, 0), ns);
    t->tflags &= ~(rt::kTypeHeap | rt::kTypeBaseOk);
    t->instance_kind = kind;
    if (kind == ObjKind::Iterator) t->native_base = I.types.iterator;
    return t;
}

bool less_than(Interp& I, Value a, Value b) {
    if (a.is_int() && b.is_int()) return a.as_int() < b.as_int();
    if (a.is_float() && b.is_float()) return a.as_float() < b.as_float();
    if (is_str(a) && is_str(b) && a.as_obj()->cls == I.types.str && b.as_obj()->cls == I.types.str)
        return as_str(a)->view() < as_str(b)->view();  // UTF-8 byte order = code point order
    return rt::truthy(I, rt::compare(I, rt::CmpOpKind::Lt, a, b));
}

void raise_empty(Interp& I, Type* type) {
    rt::raise_value(I, rt::new_exception_args(I, type, rt::new_tuple(I, 0)));
}

void std_stream_tag(Interp&, void*) {}

int std_stream_of(Value v) {
    if (!is_kind(v, ObjKind::Native)) return 0;
    auto* n = static_cast<rt::Native*>(v.as_obj());
    if (n->trace != &std_stream_tag) return 0;
    return static_cast<int>(reinterpret_cast<uintptr_t>(n->ptr));
}

void write_std(Interp& I, int which, std::string_view s) {
    // A lone surrogate (stored as its 3-byte form, lead byte 0xED) is not UTF-8:
    // stdout writes U+DC80..U+DCFF back as bytes and refuses the others (CPython in
    // the C and C.UTF-8 locales: surrogateescape); stderr escapes it (backslashreplace).
    if (s.find('\xed') != std::string_view::npos) {
        std::string enc = str_encode(I, s, "utf-8", which == 1 ? "surrogateescape" : "backslashreplace");
        if (which == 1) I.write_out(enc);
        else I.write_err(enc);
        return;
    }
    if (which == 1) I.write_out(s);
    else I.write_err(s);
}

void write_to(Interp& I, Value file, std::string_view s) {
    if (int which = std_stream_of(file)) {
        write_std(I, which, s);
        return;
    }
    TempRoot keep(I, file);
    rt::call_method(I, file, I.names.write, {str_value(I, s)});
}

bool read_stdin_line(std::string& line) {
    line.clear();
    int c;
    while ((c = std::fgetc(stdin)) != EOF) {
        line += static_cast<char>(c);
        if (c == '\n') break;
    }
    return !line.empty();
}

Value fspath_or_null(Interp& I, Value v) {
    if (is_str(v) || is_bytes(v)) return v;
    Type* t = rt::type_of(I, v);
    Value m = rt::lookup_type(t, rt::intern(I, "__fspath__"));
    if (m.is_null()) return Value::null();
    Value p = rt::call(I, m, {v});
    if (is_str(p) || is_bytes(p)) return p;
    std::string tn = rt::type_name(I, p);
    rt::raise_fmt(I, I.exc.TypeError, "expected %s.__fspath__() to return str or bytes, not %s", t->name->data(),
                  tn.c_str());
}

Value try_get_iter(Interp& I, Value v) {
    try {
        return rt::get_iter(I, v);
    } catch (rt::Unwind&) {
        if (!rt::isinstance(I, I.pending, I.exc.TypeError)) throw;
        I.pending = Value::null();
        return Value::null();
    }
}

void str_args(Interp& I, const CallArgs& a, const char* name, uint32_t min, uint32_t max) {
    uint32_t n = a.nargs - 1;
    if (a.nkw == 0 && n >= min && n <= max) return;
    // CPython names the method's class ("str.upper()") in these messages: the built-in
    // one, also for an instance of a subclass.
    std::string qual = name;
    if (a.nargs) {
        Type* t = rt::type_of(I, a.args[0]);
        if (t->tflags & rt::kTypeHeap) t = t->native_base;
        qual = std::string(t->name->view()) + "." + name;
    }
    if (a.nkw) rt::raise_fmt(I, I.exc.TypeError, "%s() takes no keyword arguments", qual.c_str());
    if (min == max && min == 0)
        rt::raise_fmt(I, I.exc.TypeError, "%s() takes no arguments (%u given)", qual.c_str(), n);
    if (min == max && min == 1)
        rt::raise_fmt(I, I.exc.TypeError, "%s() takes exactly one argument (%u given)", qual.c_str(), n);
    if (n < min)
        rt::raise_fmt(I, I.exc.TypeError, "%s expected at least %u argument%s, got %u", name, min,
                      min == 1 ? "" : "s", n);
    rt::raise_fmt(I, I.exc.TypeError, "%s expected at most %u argument%s, got %u", name, max,
                  max == 1 ? "" : "s", n);
}

void append_repr(Interp& I, std::string& out, Value v) { out += rt::repr(I, v)->view(); }

}  // namespace aio::stdlib
