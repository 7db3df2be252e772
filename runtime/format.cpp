// runtime/format.cpp - `str % args` and `bytes % args` (printf-style formatting): the
// argument side of it. runtime/text/percent_format parses the template and lays out
// each conversion; this file fetches the arguments (tuple, single value or mapping,
// `*` widths), converts them (str/repr/ascii/__bytes__, numbers) and reports CPython's
// messages for wrong arguments.
#include <algorithm>
#include <cmath>

#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/text/percent_format.hpp"
#include "runtime/text/str_repr.hpp"
#include "runtime/text/text_error.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::rt {

namespace {

// %s of bytes formatting: the bytes of a bytes object or of __bytes__().
std::string bytes_of(Interp& I, Value arg) {
    if (is_kind(arg, ObjKind::Bytes)) return std::string(as<Bytes>(arg)->view());
    Value m = arg.is_obj() ? lookup_type(type_of(I, arg), intern(I, "__bytes__")) : Value::null();
    if (!m.is_null()) {
        Value b = call(I, m, {arg});
        if (is_kind(b, ObjKind::Bytes)) return std::string(as<Bytes>(b)->view());
        raise_fmt(I, I.exc.TypeError, "__bytes__ returned non-bytes (type %s)", type_name(I, b).c_str());
    }
    raise_fmt(I, I.exc.TypeError,
              "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'",
              type_name(I, arg).c_str());
}

// A `*` width or precision: an int (bool counts).
int64_t star_value(Interp& I, Value v) {
    if (v.is_int()) return v.as_int();
    if (v.is_bool()) return v.as_bool() ? 1 : 0;
    raise(I, I.exc.TypeError, "* wants int");
}

// '%c': one character (str) or one byte (bytes template).
std::string char_of(Interp& I, Value arg, bool in_bytes) {
    std::string s;
    Value n = arg.is_bool() ? Value::integer(arg.as_bool() ? 1 : 0) : arg;
    if (in_bytes) {
        if (n.is_int()) {
            if (n.as_int() < 0 || n.as_int() > 255) raise(I, I.exc.OverflowError, "%c arg not in range(256)");
            s.assign(1, char(n.as_int()));
        } else if (is_kind(arg, ObjKind::Bytes) && as<Bytes>(arg)->size == 1) {
            s = std::string(as<Bytes>(arg)->view());
        } else {
            raise(I, I.exc.TypeError, "%c requires an integer in range(256) or a single byte");
        }
    } else if (n.is_int()) {
        if (n.as_int() < 0 || n.as_int() > 0x10ffff) raise(I, I.exc.OverflowError, "%c arg not in range(0x110000)");
        text::append_utf8(s, char32_t(n.as_int()));
    } else if (is_str(arg) && as_str(arg)->aux == 1) {
        s = std::string(as_str(arg)->view());
    } else {
        raise(I, I.exc.TypeError, "%c requires int or char");
    }
    return s;
}

// '%d' '%i' '%u' (which take floats too) and '%o' '%x' '%X' of [arg].
std::string int_conversion(Interp& I, Value arg, const text::PercentSpec& sp) {
    char32_t conv = sp.conversion;
    bool decimal = conv == 'd' || conv == 'i' || conv == 'u';
    arg = unbox(arg);
    int64_t v;
    if (arg.is_int() || arg.is_bool()) {
        v = arg.is_int() ? arg.as_int() : arg.as_bool();
    } else if (arg.is_float() && decimal) {
        if (!std::isfinite(arg.as_float())) raise(I, I.exc.OverflowError, "cannot convert float infinity to integer");
        v = int64_t(std::trunc(arg.as_float()));
    } else {
        raise_fmt(I, I.exc.TypeError, decimal ? "%%%c format: a real number is required, not %s"
                                              : "%%%c format: an integer is required, not %s",
                  char(conv), type_name(I, arg).c_str());
    }
    return text::format_percent_int(v, sp);
}

// The result's text (UTF-8, or raw bytes when [in_bytes]).
std::string percent_format(Interp& I, std::string_view fmt, Value args, bool in_bytes) {
    std::string out;
    bool is_tuple = is_kind(args, ObjKind::Tuple) && as<Tuple>(args)->cls == I.types.tuple;
    bool is_mapping = !is_tuple && args.is_obj() && !is_str(args) && !is_kind(args, ObjKind::Bytes) &&
                      (is_kind(args, ObjKind::Dict) || !lookup_type(type_of(I, args), I.names.__getitem__).is_null());
    uint32_t nargs = is_tuple ? as<Tuple>(args)->size : 1;
    uint32_t argi = 0;
    bool used_mapping = false;
    // After `%(key)`, the looked-up value is the only argument left (a `*` width
    // takes it) and later unkeyed specs find none, as in CPython.
    Value keyed = Value::null();
    auto next_arg = [&]() -> Value {
        if (!keyed.is_null()) {
            Value v = keyed;
            keyed = Value::null();
            return v;
        }
        if (argi >= nargs) raise(I, I.exc.TypeError, "not enough arguments for format string");
        return is_tuple ? as<Tuple>(args)->items()[argi++] : (argi++, args);
    };
    auto text_step = [&](auto&& f) {
        try {
            return f();
        } catch (const text::TextError& e) {
            raise_text_error(I, e.type, e.msg);
        }
    };
    text::PercentParser parser(fmt, {in_bytes, is_mapping});
    text::PercentPiece piece;
    while (text_step([&] { return parser.next(piece); })) {
        out.append(piece.literal);
        if (!piece.has_spec) continue;
        text::PercentSpec& sp = piece.spec;
        if (sp.has_key) {
            Value key = in_bytes ? Value::object(new_bytes(I, sp.key)) : Value::object(new_str(I, sp.key));
            keyed = getitem(I, args, key);
            argi = nargs;
            used_mapping = true;
        }
        if (sp.width_star) {
            sp.width = star_value(I, next_arg());
            if (sp.width < 0) {
                sp.left = true;
                sp.width = -sp.width;
            }
        }
        if (sp.precision_star) sp.precision = std::max<int64_t>(star_value(I, next_arg()), 0);
        Value arg = next_arg();
        char32_t conv = sp.conversion;
        if (in_bytes && conv == 'b') conv = 's';
        if (in_bytes && conv == 'r') conv = 'a';
        switch (conv) {
            case 's': case 'r': case 'a': {
                std::string s;
                if (in_bytes && conv == 's') s = bytes_of(I, arg);
                else s = conv == 's' ? str_string(I, arg) : repr_string(I, arg);
                if (conv == 'a') s = text::escape_non_ascii(s);
                out += text::format_percent_str(s, sp);
                break;
            }
            case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
                out += int_conversion(I, arg, sp);
                break;
            case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
                double d = to_double(I, arg);
                out += text::format_percent_float(d, sp);
                break;
            }
            case 'c':
                sp.precision = -1;  // '%.0c' still shows its character
                out += text::format_percent_str(char_of(I, arg, in_bytes), sp);
                break;
            default: text_step([&] { text::check_percent_conversion(sp); });
        }
    }
    if (!used_mapping && argi < nargs && !(is_mapping && !is_tuple))
        raise(I, I.exc.TypeError, in_bytes ? "not all arguments converted during bytes formatting"
                                           : "not all arguments converted during string formatting");
    return out;
}

}  // namespace

Str* str_percent_format(Interp& I, Str* fmt, Value args) {
    TempRoot r1(I, fmt), r2(I, args);
    return new_str(I, percent_format(I, fmt->view(), args, false));
}

Bytes* bytes_percent_format(Interp& I, Bytes* fmt, Value args) {
    TempRoot r1(I, fmt), r2(I, args);
    return new_bytes(I, percent_format(I, fmt->view(), args, true));
}

}  // namespace aio::rt
