// stdlib/methods/number_methods.cpp - the named methods and properties of int and float:
// bit_length, bit_count, to_bytes/from_bytes, conjugate, real/imag/numerator/denominator,
// float.is_integer/as_integer_ratio/hex/fromhex, __index__/__int__/__float__ for explicit calls.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "runtime/text/number_format.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

int64_t self_int(Interp& I, const CallArgs& a, const char* name) {
    if (a.nargs && is_intlike(a.args[0])) return intlike(a.args[0]);
    check_self(I, a, I.types.int_, name);
    return arg_index(I, a.args[0]);
}

double self_float(Interp& I, const CallArgs& a, const char* name) {
    if (a.nargs && a.args[0].is_float()) return a.args[0].as_float();
    check_self(I, a, I.types.float_, name);
    return rt::to_double(I, a.args[0]);
}

Value int_bit_length(Interp& I, const CallArgs& a, Object*) {
    int64_t v = self_int(I, a, "bit_length");
    str_args(I, a, "bit_length", 0, 0);
    uint64_t m = text::magnitude(v);
    return Value::integer(m ? 64 - __builtin_clzll(m) : 0);
}

Value int_bit_count(Interp& I, const CallArgs& a, Object*) {
    int64_t v = self_int(I, a, "bit_count");
    str_args(I, a, "bit_count", 0, 0);
    return Value::integer(__builtin_popcountll(text::magnitude(v)));
}

Value int_as_integer_ratio(Interp& I, const CallArgs& a, Object*) {
    int64_t v = self_int(I, a, "as_integer_ratio");
    str_args(I, a, "as_integer_ratio", 0, 0);
    return obj(rt::new_tuple(I, {Value::integer(v), Value::integer(1)}));
}

Value int_self(Interp& I, const CallArgs& a, Object*) {
    return Value::integer(self_int(I, a, "conjugate"));
}
Value int_zero(Interp& I, const CallArgs& a, Object*) {
    self_int(I, a, "imag");
    return Value::integer(0);
}
Value int_one(Interp& I, const CallArgs& a, Object*) {
    self_int(I, a, "denominator");
    return Value::integer(1);
}
Value int_float(Interp& I, const CallArgs& a, Object*) {
    return Value::number(static_cast<double>(self_int(I, a, "__float__")));
}

bool little_endian(Interp& I, Value v) {
    if (!is_str(v)) rt::raise(I, I.exc.TypeError, "to_bytes() argument 'byteorder' must be str");
    std::string_view s = as_str(v)->view();
    if (s == "little") return true;
    if (s == "big") return false;
    rt::raise(I, I.exc.ValueError, "byteorder must be either 'little' or 'big'");
}

Value int_to_bytes(Interp& I, const CallArgs& a, Object*) {
    int64_t v = self_int(I, a, "to_bytes");
    Value args[3];
    bind_method_args(I, a, "to_bytes", {"length", "byteorder", "signed"}, 0, args, 0, 2);
    int64_t len = args[0].is_null() ? 1 : arg_index(I, args[0]);
    bool little = args[1].is_null() ? false : little_endian(I, args[1]);
    bool sign = !args[2].is_null() && rt::truthy(I, args[2]);
    if (len < 0) rt::raise(I, I.exc.ValueError, "length argument must be non-negative");
    if (v < 0 && !sign) rt::raise(I, I.exc.OverflowError, "can't convert negative int to unsigned");
    // Does v fit in len bytes?
    bool fits;
    if (len >= 8) fits = true;
    else if (sign) {
        int64_t lim = int64_t(1) << (len * 8 - 1);
        fits = len > 0 ? (v >= -lim && v < lim) : v == 0;
    } else {
        fits = len > 0 ? static_cast<uint64_t>(v) < (uint64_t(1) << (len * 8)) : v == 0;
    }
    if (!fits) rt::raise(I, I.exc.OverflowError, "int too big to convert");
    std::string out(static_cast<size_t>(len), v < 0 ? '\xff' : '\0');
    uint64_t u = static_cast<uint64_t>(v);
    for (int64_t i = 0; i < len && i < 8; ++i) {
        size_t pos = little ? static_cast<size_t>(i) : static_cast<size_t>(len - 1 - i);
        out[pos] = static_cast<char>((u >> (8 * i)) & 0xff);
    }
    return obj(rt::new_bytes(I, out));
}

Value int_from_bytes(Interp& I, const CallArgs& a, Object*) {
    Value args[3];
    bind_method_args(I, a, "from_bytes", {"bytes", "byteorder", "signed"}, 1, args, 0, 2);
    std::string data;
    if (is_bytes(args[0])) {
        data = as_bytes(args[0])->view();
    } else if (is_str(args[0]) || is_intlike(args[0])) {
        // bytes(n) would make n zero bytes; from_bytes takes only a bytes-like or an iterable
        std::string tn = rt::type_name(I, args[0]);
        rt::raise_fmt(I, I.exc.TypeError, "cannot convert '%s' object to bytes", tn.c_str());
    } else {
        // bytes(x): __bytes__, or an iterable of ints in range(256), with its errors
        data = as_bytes(rt::call(I, Value::object(I.types.bytes), {args[0]}))->view();
    }
    bool little = args[1].is_null() ? false : little_endian(I, args[1]);
    bool sign = !args[2].is_null() && rt::truthy(I, args[2]);
    size_t n = data.size();
    // Leading bytes beyond 8 must be pure sign extension.
    uint64_t u = 0;
    for (size_t k = 0; k < n; ++k) {
        unsigned char c = static_cast<unsigned char>(little ? data[n - 1 - k] : data[k]);
        if (k + 8 < n) {
            unsigned char ext = (sign && (static_cast<unsigned char>(little ? data[n - 1] : data[0]) & 0x80)) ? 0xff : 0;
            if (c != ext) rt::raise(I, I.exc.OverflowError, "integer overflow");
            continue;
        }
        u = (u << 8) | c;
    }
    int64_t v;
    if (sign && n > 0 && n < 8 && (u >> (n * 8 - 1)) & 1) v = static_cast<int64_t>(u | (~uint64_t(0) << (n * 8)));
    else if (!sign && n >= 8 && (u >> 63)) rt::raise(I, I.exc.OverflowError, "integer overflow");
    else v = static_cast<int64_t>(u);
    Value r = Value::integer(v);
    if (is_type(a.args[0]) && a.args[0].as_obj() != I.types.int_) return rt::call(I, a.args[0], {r});
    return r;
}

// --- float -------------------------------------------------------------------------------------------------
Value float_is_integer(Interp& I, const CallArgs& a, Object*) {
    double d = self_float(I, a, "is_integer");
    str_args(I, a, "is_integer", 0, 0);
    return Value::boolean(std::isfinite(d) && d == std::floor(d));
}

Value float_as_integer_ratio(Interp& I, const CallArgs& a, Object*) {
    double d = self_float(I, a, "as_integer_ratio");
    str_args(I, a, "as_integer_ratio", 0, 0);
    if (std::isinf(d)) rt::raise(I, I.exc.OverflowError, "cannot convert Infinity to integer ratio");
    if (std::isnan(d)) rt::raise(I, I.exc.ValueError, "cannot convert NaN to integer ratio");
    int exp;
    double m = std::frexp(d, &exp);
    for (int i = 0; i < 300 && m != std::floor(m); ++i) { m *= 2.0; --exp; }
    // d == m * 2**exp with m integral.
    if (std::fabs(m) >= 9223372036854775808.0) rt::raise(I, I.exc.OverflowError, "integer overflow");
    int64_t num = static_cast<int64_t>(m), den = 1;
    if (exp > 0) {
        for (int i = 0; i < exp; ++i)
            if (__builtin_mul_overflow(num, 2, &num)) rt::raise(I, I.exc.OverflowError, "integer overflow");
    } else {
        if (-exp > 62) rt::raise(I, I.exc.OverflowError, "integer overflow");
        den = int64_t(1) << -exp;
    }
    return obj(rt::new_tuple(I, {Value::integer(num), Value::integer(den)}));
}

Value float_self(Interp& I, const CallArgs& a, Object*) { return Value::number(self_float(I, a, "conjugate")); }
Value float_zero(Interp& I, const CallArgs& a, Object*) {
    self_float(I, a, "imag");
    return Value::number(0.0);
}
Value float_int(Interp& I, const CallArgs& a, Object*) {
    return float_to_int_value(I, std::trunc(self_float(I, a, "__int__")));
}

Value float_hex(Interp& I, const CallArgs& a, Object*) {
    double d = self_float(I, a, "hex");
    str_args(I, a, "hex", 0, 0);
    if (std::isnan(d)) return str_value(I, "nan");
    if (std::isinf(d)) return str_value(I, d < 0 ? "-inf" : "inf");
    if (d == 0) return str_value(I, std::signbit(d) ? "-0x0.0p+0" : "0x0.0p+0");
    char buf[64];
    // CPython: normalised "0x1.<13 hex digits>p<exp>" (subnormals as 0x0.<...>p-1022).
    int exp;
    double m = std::frexp(std::fabs(d), &exp);  // m in [0.5, 1)
    m *= 2;
    --exp;
    int lead = 1;
    if (exp < -1022) {  // subnormal
        m = std::ldexp(m, exp + 1022);
        exp = -1022;
        lead = 0;
    }
    uint64_t frac = static_cast<uint64_t>(std::ldexp(m - lead, 52));
    std::snprintf(buf, sizeof buf, "%s0x%d.%013llxp%+d", d < 0 ? "-" : "", lead,
                  static_cast<unsigned long long>(frac), exp);
    return str_value(I, buf);
}

Value float_fromhex(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "fromhex", 2, 2);
    if (!is_str(a.args[1])) rt::raise(I, I.exc.TypeError, "fromhex() argument must be str");
    std::string s(as_str(a.args[1])->view());
    size_t b = s.find_first_not_of(" \t\n\r\f\v"), e = s.find_last_not_of(" \t\n\r\f\v");
    std::string t = b == std::string::npos ? "" : s.substr(b, e - b + 1);
    std::string lower;
    for (char c : t) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    std::string_view body = lower;
    bool neg = false;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) { neg = body[0] == '-'; body.remove_prefix(1); }
    double r;
    if (body == "inf" || body == "infinity") r = HUGE_VAL;
    else if (body == "nan") r = NAN;
    else {
        std::string h(body);
        if (h.rfind("0x", 0) != 0) h = "0x" + h;
        if (h.find('p') == std::string::npos) h += "p0";
        char* end = nullptr;
        r = std::strtod(h.c_str(), &end);
        if (body.empty() || !end || *end != '\0' || h.size() <= 3)
            rt::raise(I, I.exc.ValueError, "invalid hexadecimal floating-point string");
        if (std::isinf(r)) rt::raise(I, I.exc.OverflowError, "hexadecimal value too large to represent as a float");
    }
    return Value::number(neg ? -r : r);
}


}  // namespace

void install_number_methods(Interp& I) {
    add_methods(I, I.types.int_, {
        {"bit_length", int_bit_length},
        {"bit_count", int_bit_count},
        {"as_integer_ratio", int_as_integer_ratio},
        {"conjugate", int_self},
        {"to_bytes", int_to_bytes},
        {"__index__", int_self},
        {"__int__", int_self},
        {"__float__", int_float},
    });
    add_methods(I, I.types.int_, {{"from_bytes", int_from_bytes}}, Binding::Class);
    rt::add_getter(I, I.types.int_, "real", int_self);
    rt::add_getter(I, I.types.int_, "imag", int_zero);
    rt::add_getter(I, I.types.int_, "numerator", int_self);
    rt::add_getter(I, I.types.int_, "denominator", int_one);
    add_methods(I, I.types.float_, {
        {"is_integer", float_is_integer},
        {"as_integer_ratio", float_as_integer_ratio},
        {"conjugate", float_self},
        {"hex", float_hex},
        {"__float__", float_self},
        {"__int__", float_int},
    });
    add_methods(I, I.types.float_, {{"fromhex", float_fromhex}}, Binding::Class);
    rt::add_getter(I, I.types.float_, "real", float_self);
    rt::add_getter(I, I.types.float_, "imag", float_zero);
}

}  // namespace aio::stdlib
