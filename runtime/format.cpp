// runtime/format.cpp - `str % args` (printf-style formatting): %s %r %a %d %i %u
// %x %X %o %e %E %f %F %g %G %c %% with flags (-+ #0), width and precision
// (including *), mapping keys `%(name)s`, and CPython's error messages.
// Number layout comes from runtime/text; repr/str of arguments from the protocol.
#include <cmath>

#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/text/number_format.hpp"
#include "runtime/text/str_repr.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::rt {

namespace {

struct Spec {
    bool left = false, plus = false, space = false, alt = false, zero = false;
    int64_t width = -1, prec = -1;
    bool bytes = false;  // formatting bytes: widths count bytes, not code points
};

void pad(std::string& out, std::string body, const Spec& sp, bool numeric) {
    int64_t len = sp.bytes ? int64_t(body.size()) : int64_t(text::count_code_points(body));
    if (sp.width <= len) {
        out += body;
        return;
    }
    size_t fill = size_t(sp.width - len);
    if (sp.left) {
        out += body;
        out.append(fill, ' ');
    } else if (sp.zero && numeric) {
        // Zeros go after the sign and any 0x prefix.
        size_t p = 0;
        if (p < body.size() && (body[p] == '-' || body[p] == '+' || body[p] == ' ')) p++;
        if (p + 1 < body.size() && body[p] == '0' && (body[p + 1] == 'x' || body[p + 1] == 'X' || body[p + 1] == 'o'))
            p += 2;
        out += body.substr(0, p);
        out.append(fill, '0');
        out += body.substr(p);
    } else {
        out.append(fill, ' ');
        out += body;
    }
}

std::string sign_of(bool neg, const Spec& sp) { return neg ? "-" : sp.plus ? "+" : sp.space ? " " : ""; }

}  // namespace

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

// The printf-style engine of `str % args` and `bytes % args` (in_bytes): the result's
// text (UTF-8, or raw bytes).
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
    size_t i = 0;
    while (i < fmt.size()) {
        size_t pct = fmt.find('%', i);
        if (pct == std::string_view::npos) {
            out.append(fmt.substr(i));
            break;
        }
        out.append(fmt.substr(i, pct - i));
        i = pct + 1;
        if (i >= fmt.size()) raise(I, I.exc.ValueError, "incomplete format");
        Value arg = Value::null();
        if (fmt[i] == '(') {
            if (!is_mapping) raise(I, I.exc.TypeError, "format requires a mapping");
            size_t depth = 1, k = i + 1;
            while (k < fmt.size() && depth) {
                if (fmt[k] == '(') depth++;
                else if (fmt[k] == ')') depth--;
                k++;
            }
            if (depth) raise(I, I.exc.ValueError, "incomplete format key");
            std::string_view kt = fmt.substr(i + 1, k - i - 2);
            Value key = in_bytes ? Value::object(new_bytes(I, kt)) : Value::object(new_str(I, kt));
            keyed = getitem(I, args, key);
            argi = nargs;
            used_mapping = true;
            i = k;
        }
        Spec sp;
        sp.bytes = in_bytes;
        for (; i < fmt.size(); i++) {
            char c = fmt[i];
            if (c == '-') sp.left = true;
            else if (c == '+') sp.plus = true;
            else if (c == ' ') sp.space = true;
            else if (c == '#') sp.alt = true;
            else if (c == '0') sp.zero = true;
            else break;
        }
        auto read_num = [&](int64_t* dst) {
            if (i < fmt.size() && fmt[i] == '*') {
                Value w = next_arg();
                if (!w.is_int()) raise(I, I.exc.TypeError, "* wants int");
                *dst = w.as_int();
                i++;
                return;
            }
            if (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') {
                *dst = 0;
                while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') *dst = *dst * 10 + (fmt[i++] - '0');
            }
        };
        read_num(&sp.width);
        if (sp.width < -1) { sp.left = true; sp.width = -sp.width; }
        if (i < fmt.size() && fmt[i] == '.') {
            i++;
            sp.prec = 0;
            read_num(&sp.prec);
        }
        while (i < fmt.size() && (fmt[i] == 'l' || fmt[i] == 'h' || fmt[i] == 'L')) i++;
        if (i >= fmt.size()) raise(I, I.exc.ValueError, "incomplete format");
        char conv = fmt[i++];
        if (conv == '%' && i - 2 == pct) {
            out += '%';
            continue;
        }
        if (arg.is_null()) arg = next_arg();
        if (in_bytes && conv == 'b') conv = 's';
        if (in_bytes && conv == 'r') conv = 'a';
        switch (conv) {
            case 's': case 'r': case 'a': {
                std::string s;
                if (in_bytes && conv == 's') s = bytes_of(I, arg);
                else s = conv == 's' ? str_string(I, arg) : repr_string(I, arg);
                if (conv == 'a') s = text::escape_non_ascii(s);
                if (in_bytes && conv == 's') {
                    if (sp.prec >= 0 && int64_t(s.size()) > sp.prec) s.resize(size_t(sp.prec));
                } else if (sp.prec >= 0 && int64_t(text::count_code_points(s)) > sp.prec) {
                    s = s.substr(0, text::byte_offset(s, size_t(sp.prec)));
                }
                pad(out, s, sp, false);
                break;
            }
            case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
                int64_t v;
                arg = unbox(arg);
                if (arg.is_int() || arg.is_bool()) v = arg.is_int() ? arg.as_int() : arg.as_bool();
                else if (arg.is_float() && (conv == 'd' || conv == 'i' || conv == 'u')) {
                    if (!std::isfinite(arg.as_float()))
                        raise(I, I.exc.OverflowError, "cannot convert float infinity to integer");
                    v = int64_t(std::trunc(arg.as_float()));
                } else if (conv == 'd' || conv == 'i' || conv == 'u') {
                    raise_fmt(I, I.exc.TypeError, "%%%c format: a real number is required, not %s", conv,
                              type_name(I, arg).c_str());
                } else {
                    raise_fmt(I, I.exc.TypeError, "%%%c format: an integer is required, not %s", conv,
                              type_name(I, arg).c_str());
                }
                int base = (conv == 'x' || conv == 'X') ? 16 : conv == 'o' ? 8 : 10;
                std::string digits;
                text::append_uint(digits, text::magnitude(v), base, conv == 'X');
                if (sp.prec > int64_t(digits.size())) digits.insert(0, size_t(sp.prec) - digits.size(), '0');
                // Built with append: GCC 12 warns (falsely) about `a + b + c` here at -O3.
                std::string body = sign_of(v < 0, sp);
                if (sp.alt && base == 16) body.append(conv == 'X' ? "0X" : "0x");
                if (sp.alt && base == 8) body.append("0o");
                body.append(digits);
                pad(out, body, sp, true);
                break;
            }
            case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
                double d = to_double(I, arg);
                text::FloatLayout lay;
                lay.type = char(conv | 0x20);
                lay.upper = conv <= 'Z';
                lay.precision = sp.prec < 0 ? 6 : int(sp.prec);
                if (lay.type == 'g') {
                    // %g counts significant digits (at least one) and goes scientific
                    // from that many integer digits on: '%g' % 123456789 == '1.23457e+08'
                    if (lay.precision == 0) lay.precision = 1;
                    lay.threshold = lay.precision;
                }
                lay.alternate = sp.alt;
                lay.add_dot_zero = false;
                std::string body;
                text::render_float(body, d, lay);
                pad(out, sign_of(std::signbit(d) && !std::isnan(d), sp) + body, sp, std::isfinite(d));
                break;
            }
            case 'c': {
                std::string s;
                if (in_bytes) {
                    if (arg.is_int()) {
                        if (arg.as_int() < 0 || arg.as_int() > 255)
                            raise(I, I.exc.OverflowError, "%c arg not in range(256)");
                        s.assign(1, char(arg.as_int()));
                    } else if (is_kind(arg, ObjKind::Bytes) && as<Bytes>(arg)->size == 1) {
                        s = std::string(as<Bytes>(arg)->view());
                    } else {
                        raise(I, I.exc.TypeError, "%c requires an integer in range(256) or a single byte");
                    }
                } else if (arg.is_int()) {
                    if (arg.as_int() < 0 || arg.as_int() > 0x10ffff)
                        raise(I, I.exc.OverflowError, "%c arg not in range(0x110000)");
                    text::append_utf8(s, char32_t(arg.as_int()));
                } else if (is_str(arg) && as_str(arg)->aux == 1) {
                    s = std::string(as_str(arg)->view());
                } else {
                    raise(I, I.exc.TypeError, "%c requires int or char");
                }
                pad(out, s, sp, false);
                break;
            }
            default:
                raise_fmt(I, I.exc.ValueError, "unsupported format character '%c' (0x%x) at index %zu", conv,
                          unsigned(static_cast<unsigned char>(conv)), i - 1);
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
