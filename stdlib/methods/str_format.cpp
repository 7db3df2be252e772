// stdlib/methods/str_format.cpp - format(value, spec) with __format__ dispatch, the
// __format__ methods of int/float/str/object, and str.format / str.format_map.
// The format-spec mini-language itself is runtime/text/format_spec; this file parses
// replacement fields ("{0[key].attr!r:>{width}}") and resolves them against the arguments.
#include <string>

#include "runtime/text/format_spec.hpp"
#include "runtime/text/format_string.hpp"
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
// runtime/text/format_string parses the template; this resolves each field against the
// arguments in CPython's order: the first name, each .attr/[key] step as it is parsed,
// the conversion, then the nested fields of the spec.
struct FormatCtx {
    Interp& I;
    const Value* args;    // str.format's positional arguments (none for format_map)
    uint32_t nargs;
    const CallArgs* kw;   // keyword arguments (str.format), or nullptr
    Value mapping;        // format_map's mapping, or Null
    text::FieldNumbering numbering;
};

[[noreturn]] void value_error(Interp& I, const char* msg) { rt::raise(I, I.exc.ValueError, msg); }

Value lookup_arg(FormatCtx& c, const text::ReplacementField& f) {
    Interp& I = c.I;
    if (f.by_index) {
        if (!c.mapping.is_null()) value_error(I, "Format string contains positional fields");
        if (f.arg_index >= c.nargs)
            rt::raise_fmt(I, I.exc.IndexError, "Replacement index %lld out of range for positional args tuple",
                          static_cast<long long>(f.arg_index));
        return c.args[f.arg_index];
    }
    Value key = str_value(I, f.arg_name);
    if (!c.mapping.is_null()) return rt::getitem(I, c.mapping, key);
    for (uint32_t k = 0; c.kw && k < c.kw->nkw; ++k)
        if (c.kw->kwnames[k]->view() == f.arg_name) return c.kw->kwvalues[k];
    rt::raise_value(I, rt::new_exception_args(I, I.exc.KeyError, rt::new_tuple(I, {key})));
}

// Resolves "name.attr[key]..." to a value (kept in tmp[0]).
Value resolve_field(FormatCtx& c, const text::ReplacementField& f, Scratch& tmp) {
    Interp& I = c.I;
    tmp[0] = lookup_arg(c, f);
    std::string_view rest = f.accessors;
    text::FieldAccessor step;
    while (text_call(I, [&] { return text::next_accessor(rest, step); })) {
        if (!step.is_item) {
            tmp[0] = rt::getattr(I, tmp[0], rt::intern(I, step.name));
        } else {
            Value k = step.key_is_int ? Value::integer(step.int_key) : str_value(I, step.name);
            tmp[0] = rt::getitem(I, tmp[0], k);
        }
    }
    return tmp[0];
}

void format_into(FormatCtx& c, std::string_view fmt, std::string& out, int depth);

void format_field(FormatCtx& c, const text::ReplacementField& f, std::string& out, int depth) {
    Interp& I = c.I;
    Scratch tmp(I, 2);
    Value v = resolve_field(c, f, tmp);
    switch (f.conversion) {
        case 0: break;
        case 'r': v = obj(rt::repr(I, v)); break;
        case 's': v = obj(rt::str(I, v)); break;
        case 'a': {
            Value ascii = rt::dict_get_str(I.builtins, rt::intern(I, "ascii"));
            v = rt::call(I, ascii, {v});
            break;
        }
        default: text_call(I, [&] { text::check_conversion(f.conversion); });
    }
    tmp[0] = v;
    std::string spec_text;
    std::string_view spec = f.spec;
    if (f.spec_needs_expanding) {
        format_into(c, spec, spec_text, depth - 1);
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

// [depth]: 2 for a whole template, one less for each level of nested fields in a spec.
void format_into(FormatCtx& c, std::string_view fmt, std::string& out, int depth) {
    text::FormatStringParser parser = text_call(c.I, [&] { return text::FormatStringParser(fmt, c.numbering, depth); });
    text::FormatPiece piece;
    while (text_call(c.I, [&] { return parser.next(piece); })) {
        out.append(piece.literal);
        if (piece.has_field) format_field(c, piece.field, out, depth);
    }
}

Value str_format(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "format");
    FormatCtx c{I, a.args + 1, a.nargs - 1, &a, Value::null(), {}};
    std::string out;
    format_into(c, s->view(), out, 2);
    return str_value(I, out);
}

Value str_format_map(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "format_map");
    str_args(I, a, "format_map", 1, 1);
    FormatCtx c{I, nullptr, 0, nullptr, a.args[1], {}};
    std::string out;
    format_into(c, s->view(), out, 2);
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
