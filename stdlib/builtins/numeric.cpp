// stdlib/builtins/numeric.cpp - numeric and character built-ins: abs, round, divmod,
// pow, hex/oct/bin, chr/ord, hash, id, repr, ascii, format.
// round(float, n) is correctly rounded (half-even on the exact binary value) by letting
// printf produce the exact decimal digits, as CPython's dtoa-based rounding does.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "runtime/text/number_format.hpp"
#include "runtime/text/utf8.hpp"
#include "runtime/text/str_repr.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

[[noreturn]] void overflow(Interp& I) { rt::raise(I, I.exc.OverflowError, "integer overflow"); }

Value builtin_abs(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "abs");
    rt::check_nargs(I, a, "abs", 1, 1);
    Value v = builtin_number(I, a.args[0], "__abs__");
    if (v.is_int()) {
        if (v.as_int() == INT64_MIN) overflow(I);
        return Value::integer(v.as_int() < 0 ? -v.as_int() : v.as_int());
    }
    if (v.is_float()) return Value::number(std::fabs(v.as_float()));
    if (v.is_bool()) return Value::integer(v.as_bool());
    Value m = rt::lookup_type(rt::type_of(I, v), I.names.__abs__);
    if (m.is_null()) {
        std::string tn = rt::type_name(I, v);
        rt::raise_fmt(I, I.exc.TypeError, "bad operand type for abs(): '%s'", tn.c_str());
    }
    return rt::call(I, m, {v});
}

// float -> int with CPython's errors (round(), math.floor, int(float)).
Value float_to_int(Interp& I, double d) {
    if (std::isinf(d)) rt::raise(I, I.exc.OverflowError, "cannot convert float infinity to integer");
    if (std::isnan(d)) rt::raise(I, I.exc.ValueError, "cannot convert float NaN to integer");
    if (d >= 9223372036854775808.0 || d < -9223372036854775808.0) overflow(I);
    return Value::integer(static_cast<int64_t>(d));
}

// Rounds x half-even to a multiple of 10**k (k >= 1).
Value round_int(Interp& I, int64_t x, int64_t k) {
    if (k > 18) return Value::integer(0);
    int64_t p = 1;
    for (int64_t i = 0; i < k; ++i) p *= 10;
    int64_t r = x % p;
    if (r < 0) r += p;  // Python's modulo: 0 <= r < p
    __int128 q = static_cast<__int128>(x) - r;
    __int128 twice = static_cast<__int128>(r) * 2;
    if (twice > p || (twice == p && ((q / p) % 2 != 0))) q += p;
    if (q > INT64_MAX || q < INT64_MIN) overflow(I);
    return Value::integer(static_cast<int64_t>(q));
}

double round_float(Interp& I, double x, int64_t nd) {
    if (!std::isfinite(x) || x == 0.0) return x;
    if (nd > 323) return x;
    if (nd < -308) return std::copysign(0.0, x);
    std::string buf;
    if (nd >= 0) {
        buf.resize(400 + static_cast<size_t>(nd));
        int n = std::snprintf(buf.data(), buf.size(), "%.*f", static_cast<int>(nd), x);
        buf.resize(static_cast<size_t>(n));
    } else {
        // The integer part's exact digits, rounded half-even at 10**-nd; the fraction
        // only matters as "above zero" when the kept digits sit exactly on a half.
        double ip = std::trunc(x);
        double frac = std::fabs(x - ip);
        buf.resize(400);
        int n = std::snprintf(buf.data(), buf.size(), "%.0f", std::fabs(ip));
        buf.resize(static_cast<size_t>(n));
        size_t k = static_cast<size_t>(-nd);
        if (k > buf.size()) {
            buf = "0";
        } else {
            std::string head = buf.substr(0, buf.size() - k), tail = buf.substr(buf.size() - k);
            int cmp;  // tail+frac vs 5000...
            std::string half = "5" + std::string(k - 1, '0');
            cmp = tail.compare(half);
            if (cmp == 0 && frac > 0) cmp = 1;
            bool up = cmp > 0 || (cmp == 0 && !head.empty() && ((head.back() - '0') % 2 == 1));
            if (head.empty()) head = "0";
            if (up) {
                int i = static_cast<int>(head.size()) - 1;
                while (i >= 0 && head[static_cast<size_t>(i)] == '9') head[static_cast<size_t>(i--)] = '0';
                if (i < 0) head.insert(head.begin(), '1');
                else ++head[static_cast<size_t>(i)];
            }
            buf = head + std::string(k, '0');
        }
        if (x < 0) buf.insert(buf.begin(), '-');
    }
    double r = std::strtod(buf.c_str(), nullptr);
    if (std::isinf(r)) rt::raise(I, I.exc.OverflowError, "rounded value too large to represent");
    return r;
}

Value builtin_round(Interp& I, const CallArgs& a, Object*) {
    Value args[2];
    bind_args(I, a, "round", {"number", "ndigits"}, 1, args);
    Value x = builtin_number(I, args[0], "__round__");
    Value nd = args[1].is_null() ? Value::none() : args[1];
    if (x.is_float()) {
        if (nd.is_none()) return float_to_int(I, std::nearbyint(x.as_float()));
        return Value::number(round_float(I, x.as_float(), arg_index(I, nd)));
    }
    if (is_intlike(x)) {
        if (nd.is_none()) return Value::integer(intlike(x));
        int64_t k = arg_index(I, nd);
        if (k >= 0) return Value::integer(intlike(x));
        return round_int(I, intlike(x), -k);
    }
    Value m = rt::lookup_type(rt::type_of(I, x), I.names.__round__);
    if (m.is_null()) {
        std::string tn = rt::type_name(I, x);
        rt::raise_fmt(I, I.exc.TypeError, "type %s doesn't define __round__ method", tn.c_str());
    }
    if (nd.is_none() && args[1].is_null()) return rt::call(I, m, {x});
    return rt::call(I, m, {x, nd});
}

Value builtin_divmod(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "divmod");
    if (a.nargs != 2) rt::raise_fmt(I, I.exc.TypeError, "divmod expected 2 arguments, got %u", a.nargs);
    Value x = builtin_number(I, a.args[0], "__divmod__"), y = builtin_number(I, a.args[1], "__rdivmod__");
    if (is_intlike(x) && is_intlike(y)) {
        int64_t p = intlike(x), q = intlike(y);
        if (q == 0) rt::raise(I, I.exc.ZeroDivisionError, "integer division or modulo by zero");
        if (p == INT64_MIN && q == -1) overflow(I);
        int64_t d = p / q, m = p % q;
        if (m != 0 && ((m < 0) != (q < 0))) { --d; m += q; }
        return obj(rt::new_tuple(I, {Value::integer(d), Value::integer(m)}));
    }
    bool xnum = is_intlike(x) || x.is_float(), ynum = is_intlike(y) || y.is_float();
    if (xnum && ynum) {
        if (rt::to_double(I, y) == 0.0) rt::raise(I, I.exc.ZeroDivisionError, "float divmod()");
        Value d = rt::binary_op(I, rt::BinOpKind::FloorDiv, x, y, false);
        Value m = rt::binary_op(I, rt::BinOpKind::Mod, x, y, false);
        return obj(rt::new_tuple(I, {d, m}));
    }
    static constexpr std::string_view kNames[2] = {"__divmod__", "__rdivmod__"};
    Value f = rt::lookup_type(rt::type_of(I, x), rt::intern(I, kNames[0]));
    if (!f.is_null()) {
        Value r = rt::call(I, f, {x, y});
        if (!r.same(I.not_implemented)) return r;
    }
    Value g = rt::lookup_type(rt::type_of(I, y), rt::intern(I, kNames[1]));
    if (!g.is_null()) {
        Value r = rt::call(I, g, {y, x});
        if (!r.same(I.not_implemented)) return r;
    }
    std::string tx = rt::type_name(I, x), ty = rt::type_name(I, y);
    rt::raise_fmt(I, I.exc.TypeError, "unsupported operand type(s) for divmod(): '%s' and '%s'",
                  tx.c_str(), ty.c_str());
}

// Modular inverse of b mod m (m > 0), via the extended Euclid algorithm.
bool mod_inverse(int64_t b, int64_t m, int64_t* out) {
    __int128 t = 0, newt = 1, r = m, newr = ((b % m) + m) % m;
    while (newr != 0) {
        __int128 q = r / newr;
        __int128 tmp = t - q * newt; t = newt; newt = tmp;
        tmp = r - q * newr; r = newr; newr = tmp;
    }
    if (r != 1) return false;
    if (t < 0) t += m;
    *out = static_cast<int64_t>(t);
    return true;
}

Value builtin_pow(Interp& I, const CallArgs& a, Object*) {
    Value args[3];
    bind_args(I, a, "pow", {"base", "exp", "mod"}, 2, args);
    if (args[2].is_null() || args[2].is_none())
        return rt::binary_op(I, rt::BinOpKind::Pow, args[0], args[1], false);
    if (args[0].is_obj() && (args[0].as_obj()->cls->tflags & rt::kTypeHeap)) {
        // A class's __pow__(self, exp, mod) (three-argument pow has no reflected form).
        Value m = rt::lookup_heap(args[0].as_obj()->cls, I.names.__pow__);
        if (!m.is_null()) {
            Value r = rt::call(I, m, {args[0], args[1], args[2]});
            if (!r.same(I.not_implemented)) return r;
        }
    }
    for (Value& v : args) v = rt::unbox(v);
    if (!is_intlike(args[0]) || !is_intlike(args[1]) || !is_intlike(args[2])) {
        auto number = [](Value v) { return is_intlike(v) || v.is_float(); };
        if (!number(args[0]) || !number(args[1]) || !number(args[2])) {
            std::string t0 = rt::type_name(I, args[0]), t1 = rt::type_name(I, args[1]), t2 = rt::type_name(I, args[2]);
            rt::raise_fmt(I, I.exc.TypeError, "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                          t0.c_str(), t1.c_str(), t2.c_str());
        }
        rt::raise(I, I.exc.TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
    }
    int64_t b = intlike(args[0]), e = intlike(args[1]), m = intlike(args[2]);
    if (m == 0) rt::raise(I, I.exc.ValueError, "pow() 3rd argument cannot be 0");
    bool neg_mod = m < 0;
    if (m == INT64_MIN) overflow(I);
    uint64_t mm = static_cast<uint64_t>(neg_mod ? -m : m);
    if (e < 0) {
        int64_t inv;
        if (!mod_inverse(b, static_cast<int64_t>(mm), &inv))
            rt::raise(I, I.exc.ValueError, "base is not invertible for the given modulus");
        b = inv;
        e = e == INT64_MIN ? INT64_MAX : -e;  // INT64_MIN: no practical difference mod m
    }
    __int128 base = ((static_cast<__int128>(b) % mm) + mm) % mm, r = 1 % mm;
    for (uint64_t k = static_cast<uint64_t>(e); k; k >>= 1) {
        if (k & 1) r = (r * base) % mm;
        base = (base * base) % mm;
    }
    int64_t res = static_cast<int64_t>(r);
    if (neg_mod && res != 0) res -= static_cast<int64_t>(mm);  // the result takes the modulus' sign
    return Value::integer(res);
}

int64_t index_arg(Interp& I, const CallArgs& a, const char* name) {
    rt::check_no_kwargs(I, a, name);
    rt::check_nargs(I, a, name, 1, 1);
    return arg_index(I, a.args[0]);
}

Value builtin_hex(Interp& I, const CallArgs& a, Object*) {
    return str_value(I, text::int_to_hex(index_arg(I, a, "hex")));
}
Value builtin_oct(Interp& I, const CallArgs& a, Object*) {
    return str_value(I, text::int_to_oct(index_arg(I, a, "oct")));
}
Value builtin_bin(Interp& I, const CallArgs& a, Object*) {
    return str_value(I, text::int_to_bin(index_arg(I, a, "bin")));
}

Value builtin_chr(Interp& I, const CallArgs& a, Object*) {
    int64_t c = index_arg(I, a, "chr");
    if (c < 0 || c > 0x10ffff) rt::raise(I, I.exc.ValueError, "chr() arg not in range(0x110000)");
    char buf[4];
    int n = text::encode_utf8(static_cast<char32_t>(c), buf);
    return str_value(I, std::string_view(buf, static_cast<size_t>(n)));
}

Value builtin_ord(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "ord");
    rt::check_nargs(I, a, "ord", 1, 1);
    Value v = a.args[0];
    if (is_str(v)) {
        Str* s = as_str(v);
        if (s->length() != 1)
            rt::raise_fmt(I, I.exc.TypeError, "ord() expected a character, but string of length %u found",
                          s->length());
        return Value::integer(text::decode_utf8(s->view(), 0).cp);
    }
    if (is_bytes(v)) {
        rt::Bytes* b = as_bytes(v);
        if (b->size != 1)
            rt::raise_fmt(I, I.exc.TypeError, "ord() expected a character, but string of length %u found",
                          b->size);
        return Value::integer(static_cast<unsigned char>(b->data()[0]));
    }
    std::string tn = rt::type_name(I, v);
    rt::raise_fmt(I, I.exc.TypeError, "ord() expected string of length 1, but %s found", tn.c_str());
}

Value builtin_hash(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "hash");
    rt::check_nargs(I, a, "hash", 1, 1);
    return Value::integer(static_cast<int64_t>(rt::hash(I, a.args[0])));
}

// id(): the address for heap objects; unboxed values get a stable odd number derived
// from their payload (addresses are even, so the two never collide).
Value builtin_id(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "id");
    rt::check_nargs(I, a, "id", 1, 1);
    Value v = a.args[0];
    if (v.is_obj()) return Value::integer(static_cast<int64_t>(reinterpret_cast<intptr_t>(v.as_obj())));
    uint64_t bits = static_cast<uint64_t>(v.u.i);
    uint64_t h = (bits * 0x9e3779b97f4a7c15ull) ^ (static_cast<uint64_t>(v.tag) << 56);
    return Value::integer(static_cast<int64_t>((h >> 2) | 1));
}

Value builtin_repr(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "repr");
    rt::check_nargs(I, a, "repr", 1, 1);
    return obj(rt::repr(I, a.args[0]));
}

Value builtin_ascii(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "ascii");
    rt::check_nargs(I, a, "ascii", 1, 1);
    Str* r = rt::repr(I, a.args[0]);
    if (r->ascii) return obj(r);
    return str_value(I, text::escape_non_ascii(r->view()));
}

Value builtin_format(Interp& I, const CallArgs& a, Object*) {
    Value args[2];
    bind_args(I, a, "format", {"value", "format_spec"}, 1, args, 2);
    Str* spec = I.names.empty;
    if (!args[1].is_null()) {
        if (!is_str(args[1])) {
            std::string tn = rt::type_name(I, args[1]);
            rt::raise_fmt(I, I.exc.TypeError, "format() argument 2 must be str, not %s", tn.c_str());
        }
        spec = as_str(args[1]);
    }
    return obj(format_value(I, args[0], spec));
}

}  // namespace

Value float_to_int_value(Interp& I, double d) { return float_to_int(I, d); }

void install_numeric(Interp& I) {
    add_functions(I, I.builtins, {
        {"abs", builtin_abs},
        {"round", builtin_round},
        {"divmod", builtin_divmod},
        {"pow", builtin_pow},
        {"hex", builtin_hex},
        {"oct", builtin_oct},
        {"bin", builtin_bin},
        {"chr", builtin_chr},
        {"ord", builtin_ord},
        {"hash", builtin_hash},
        {"id", builtin_id},
        {"repr", builtin_repr},
        {"ascii", builtin_ascii},
        {"format", builtin_format},
    });
}

}  // namespace aio::stdlib
