// stdlib/methods/str_format.cpp - format(value, spec) with __format__ dispatch, the
// __format__ methods of int/float/str/object, and str.format / str.format_map.
// The format-spec mini-language itself is runtime/text/format_spec; this file parses
// replacement fields ("{0[key].attr!r:>{width}}") and resolves them against the arguments.
#include <string>

#include "runtime/text/format_spec.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

Str* spec_arg(Interp& I, const CallArgs& a, const char* name) {
    str_args(I, a, name, 1, 1);
    if (!is_str(a.args[1])) {
        std::string tn = rt::type_name(I, a.args[1]);
        rt::raise_fmt(I, I.exc.TypeError, "%s() argument must be str, not %s", name, tn.c_str());
    }
    return as_str(a.args[1]);
}

// The built-in formatting by layout, for values whose type does not override __format__.
bool format_builtin(Interp& I, Value v, std::string_view spec, std::string* out) {
    if (v.is_int()) {
        *out = text_call(I, [&] { return text::format_int(v.as_int(), spec); });
        return true;
    }
    if (v.is_bool()) {
        if (spec.empty()) *out = v.as_bool() ? "True" : "False";
        else *out = text_call(I, [&] { return text::format_int(v.as_bool(), spec, "bool"); });
        return true;
    }
    if (v.is_float()) {
        *out = text_call(I, [&] { return text::format_float(v.as_float(), spec); });
        return true;
    }
    if (is_str(v)) {
        *out = text_call(I, [&] { return text::format_str(as_str(v)->view(), spec); });
        return true;
    }
    return false;
}

Value object_format(Interp& I, Value self, Str* spec) {
    if (spec->size != 0) {
        std::string tn = rt::type_name(I, self);
        rt::raise_fmt(I, I.exc.TypeError, "unsupported format string passed to %s.__format__", tn.c_str());
    }
    return obj(rt::str(I, self));
}

Value int_format_m(Interp& I, const CallArgs& a, Object*) {
    check_self(I, a, I.types.int_, "__format__");
    Str* spec = spec_arg(I, a, "__format__");
    std::string out;
    Value v = a.args[0];
    if (spec->size) v = rt::unbox(v);
    if (!is_intlike(v)) return object_format(I, v, spec);
    format_builtin(I, v, spec->view(), &out);
    return str_value(I, out);
}

Value float_format_m(Interp& I, const CallArgs& a, Object*) {
    check_self(I, a, I.types.float_, "__format__");
    Str* spec = spec_arg(I, a, "__format__");
    Value v = spec->size ? rt::unbox(a.args[0]) : a.args[0];
    if (!v.is_float()) return object_format(I, v, spec);
    std::string out;
    format_builtin(I, v, spec->view(), &out);
    return str_value(I, out);
}

Value str_format_m(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "__format__");
    Str* spec = spec_arg(I, a, "__format__");
    if (spec->size == 0 && s->cls == I.types.str) return obj(s);
    std::string out = text_call(I, [&] { return text::format_str(s->view(), spec->view()); });
    return str_value(I, out);
}

Value object_format_m(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs == 0) rt::raise(I, I.exc.TypeError, "unbound method object.__format__() needs an argument");
    Str* spec = spec_arg(I, a, "__format__");
    return object_format(I, a.args[0], spec);
}

// --- str.format ---------------------------------------------------------------------------------------
struct FormatCtx {
    Interp& I;
    const Value* args;
    uint32_t nargs;
    const CallArgs* kw;   // keyword arguments (str.format), or nullptr
    Value mapping;        // format_map's mapping, or Null
    int auto_index = 0;   // next automatic field number; -1 once manual numbering is used
    bool manual = false;
};

[[noreturn]] void value_error(Interp& I, const char* msg) { rt::raise(I, I.exc.ValueError, msg); }

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

int64_t parse_index(std::string_view s) {
    int64_t n = 0;
    for (char c : s) {
        n = n * 10 + (c - '0');
        if (n > (int64_t(1) << 40)) return n;
    }
    return n;
}

Value lookup_arg(FormatCtx& c, std::string_view name) {
    Interp& I = c.I;
    if (name.empty()) {
        if (c.manual)
            value_error(I, "cannot switch from manual field specification to automatic field numbering");
        name = {};
        int64_t i = c.auto_index++;
        if (i >= c.nargs)
            rt::raise_fmt(I, I.exc.IndexError, "Replacement index %lld out of range for positional args tuple",
                          static_cast<long long>(i));
        return c.args[i];
    }
    if (all_digits(name)) {
        if (c.auto_index > 0)
            value_error(I, "cannot switch from automatic field numbering to manual field specification");
        c.manual = true;
        int64_t i = parse_index(name);
        if (i >= c.nargs)
            rt::raise_fmt(I, I.exc.IndexError, "Replacement index %lld out of range for positional args tuple",
                          static_cast<long long>(i));
        return c.args[i];
    }
    Value key = str_value(I, name);
    if (!c.mapping.is_null()) return rt::getitem(I, c.mapping, key);
    for (uint32_t k = 0; c.kw && k < c.kw->nkw; ++k)
        if (c.kw->kwnames[k]->view() == name) return c.kw->kwvalues[k];
    rt::raise_value(I, rt::new_exception_args(I, I.exc.KeyError, rt::new_tuple(I, {key})));
}

// Resolves "name.attr[key]..." to a value.
Value resolve_field(FormatCtx& c, std::string_view field, Scratch& tmp) {
    Interp& I = c.I;
    size_t i = 0;
    while (i < field.size() && field[i] != '.' && field[i] != '[') ++i;
    tmp[0] = lookup_arg(c, field.substr(0, i));
    while (i < field.size()) {
        if (field[i] == '.') {
            size_t j = ++i;
            while (i < field.size() && field[i] != '.' && field[i] != '[') ++i;
            if (i == j) value_error(I, "Empty attribute in format string");
            tmp[0] = rt::getattr(I, tmp[0], rt::intern(I, field.substr(j, i - j)));
        } else {  // '['
            size_t j = ++i;
            while (i < field.size() && field[i] != ']') ++i;
            if (i >= field.size()) value_error(I, "Missing ']' in format string");
            std::string_view key = field.substr(j, i - j);
            if (key.empty()) value_error(I, "Empty attribute in format string");
            ++i;
            if (i < field.size() && field[i] != '.' && field[i] != '[')
                value_error(I, "Only '.' or '[' may follow ']' in format field specifier");
            Value k = all_digits(key) ? Value::integer(parse_index(key)) : str_value(I, key);
            tmp[0] = rt::getitem(I, tmp[0], k);
        }
    }
    return tmp[0];
}

void format_into(FormatCtx& c, std::string_view fmt, std::string& out, int depth);

// One replacement field, already split into its name, conversion and spec.
void format_field(FormatCtx& c, std::string_view name, char conv, std::string_view spec, std::string& out,
                  int depth) {
    Interp& I = c.I;
    Scratch tmp(I, 2);
    Value v = resolve_field(c, name, tmp);
    switch (conv) {
        case 0: break;
        case 'r': v = obj(rt::repr(I, v)); break;
        case 's': v = obj(rt::str(I, v)); break;
        case 'a': {
            Value ascii = rt::dict_get_str(I.builtins, rt::intern(I, "ascii"));
            v = rt::call(I, ascii, {v});
            break;
        }
        default: rt::raise_fmt(I, I.exc.ValueError, "Unknown conversion specifier %c", conv);
    }
    tmp[0] = v;
    std::string spec_text;
    if (spec.find('{') != std::string_view::npos) {
        if (depth >= 1) value_error(I, "Max string recursion exceeded");
        format_into(c, spec, spec_text, depth + 1);
        spec = spec_text;
    }
    std::string piece;
    Type* t = rt::type_of(I, v);
    if (!(t->tflags & rt::kTypeHeap) && format_builtin(I, v, spec, &piece)) {
        out += piece;
        return;
    }
    out += format_value(I, v, rt::new_str(I, spec))->view();
}

void format_into(FormatCtx& c, std::string_view fmt, std::string& out, int depth) {
    Interp& I = c.I;
    size_t i = 0, n = fmt.size();
    while (i < n) {
        char ch = fmt[i];
        if (ch == '}') {
            if (i + 1 < n && fmt[i + 1] == '}') { out += '}'; i += 2; continue; }
            value_error(I, "Single '}' encountered in format string");
        }
        if (ch != '{') {
            size_t j = i;
            while (j < n && fmt[j] != '{' && fmt[j] != '}') ++j;
            out.append(fmt.substr(i, j - i));
            i = j;
            continue;
        }
        if (i + 1 < n && fmt[i + 1] == '{') { out += '{'; i += 2; continue; }
        if (i + 1 >= n) value_error(I, "Single '{' encountered in format string");
        // CPython's field parser, step by step, so malformed fields fail with its
        // messages: the name ends at '!', ':' or '}' ('[...]' may hold any of them),
        // a conversion is one character, the spec runs to the '}' that balances.
        size_t p = i + 1;
        char last = 0;
        while (p < n) {
            last = fmt[p++];
            if (last == '{') value_error(I, "unexpected '{' in field name");
            if (last == '[') {
                while (p < n && fmt[p] != ']') ++p;
                continue;
            }
            if (last == '}' || last == ':' || last == '!') break;
        }
        std::string_view name = fmt.substr(i + 1, p - 1 - (i + 1));
        char conv = 0;
        std::string_view spec;
        if (last == '!' || last == ':') {
            bool done = false;
            if (last == '!') {
                if (p >= n) value_error(I, "end of string while looking for conversion specifier");
                conv = fmt[p++];
                if (p < n) {
                    char after = fmt[p++];
                    if (after == '}') done = true;
                    else if (after != ':') value_error(I, "expected ':' after conversion specifier");
                }
            }
            if (!done) {
                size_t b = p;
                int count = 1;
                while (p < n && count > 0) {
                    if (fmt[p] == '{') ++count;
                    else if (fmt[p] == '}') --count;
                    ++p;
                }
                if (count > 0) value_error(I, "unmatched '{' in format spec");
                spec = fmt.substr(b, p - 1 - b);
            }
        } else if (last != '}') {
            value_error(I, "expected '}' before end of string");
        }
        format_field(c, name, conv, spec, out, depth);
        i = p;
    }
}

Value str_format(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "format");
    FormatCtx c{I, a.args + 1, a.nargs - 1, &a, Value::null()};
    std::string out;
    format_into(c, s->view(), out, 0);
    return str_value(I, out);
}

Value str_format_map(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "format_map");
    str_args(I, a, "format_map", 1, 1);
    FormatCtx c{I, nullptr, 0, nullptr, a.args[1]};
    std::string out;
    format_into(c, s->view(), out, 0);
    return str_value(I, out);
}

}  // namespace

Str* format_value(Interp& I, Value v, Str* spec) {
    Type* t = rt::type_of(I, v);
    Value m = rt::lookup_heap(t, I.names.__format__);
    if (m.is_null()) {
        // int/float/str.__format__ of a subclass instance: str() for an empty spec
        // (which honours a __str__/__repr__ override), else the value's own formatting.
        if (is_kind(v, ObjKind::NumberBox) || (is_str(v) && !rt::is_exact_str(I, v))) {
            if (spec->size == 0) return rt::str(I, v);
            v = rt::unbox(v);
        }
        std::string out;
        if (format_builtin(I, v, spec->view(), &out)) return rt::new_str(I, out);
        m = rt::lookup_type(t, I.names.__format__);
        if (m.is_null() || (is_kind(m, ObjKind::NativeFunction) &&
                            static_cast<rt::NativeFunction*>(m.as_obj())->fn == object_format_m))
            return as_str(object_format(I, v, spec));
    }
    rt::TempRoot keep(I, obj(spec));
    Value r = rt::call(I, m, {v, obj(spec)});
    if (!is_str(r)) {
        std::string tn = rt::type_name(I, r);
        rt::raise_fmt(I, I.exc.TypeError, "__format__ must return a str, not %s", tn.c_str());
    }
    return as_str(r);
}

void install_str_format(Interp& I) {
    add_methods(I, I.types.str, {
        {"format", str_format},
        {"format_map", str_format_map},
        {"__format__", str_format_m},
    });
    add_methods(I, I.types.int_, {{"__format__", int_format_m}});
    add_methods(I, I.types.float_, {{"__format__", float_format_m}});
    if (rt::dict_get_str(I.types.object->dict, I.names.__format__).is_null())
        add_methods(I, I.types.object, {{"__format__", object_format_m}});
}

}  // namespace aio::stdlib
