// stdlib/modules/math.cpp - the `math` module. Float functions follow CPython's error
// rules: a NaN result from a non-NaN input is "math domain error" (ValueError); an
// infinite result from finite input is "math range error" (OverflowError) for functions
// that can overflow, else a domain error. Integer functions are exact on 64-bit ints.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "runtime/text/number_format.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

[[noreturn]] void domain(Interp& I) { rt::raise(I, I.exc.ValueError, "math domain error"); }
[[noreturn]] void range_err(Interp& I) { rt::raise(I, I.exc.OverflowError, "math range error"); }
[[noreturn]] void int_overflow(Interp& I) { rt::raise(I, I.exc.OverflowError, "integer overflow"); }

double num(Interp& I, Value v) {
    if (v.is_float()) return v.as_float();
    if (is_intlike(v)) return static_cast<double>(intlike(v));
    Value m = rt::lookup_type(rt::type_of(I, v), I.names.__float__);
    if (m.is_null()) m = rt::lookup_type(rt::type_of(I, v), I.names.__index__);
    if (m.is_null()) {
        std::string tn = rt::type_name(I, v);
        rt::raise_fmt(I, I.exc.TypeError, "must be real number, not %s", tn.c_str());
    }
    return rt::to_double(I, v);
}

void nargs(Interp& I, const CallArgs& a, const char* name, uint32_t n) {
    if (a.nkw) rt::raise_fmt(I, I.exc.TypeError, "math.%s() takes no keyword arguments", name);
    if (a.nargs != n) {
        if (n == 1) rt::raise_fmt(I, I.exc.TypeError, "math.%s() takes exactly one argument (%u given)", name, a.nargs);
        rt::raise_fmt(I, I.exc.TypeError, "%s expected %u arguments, got %u", name, n, a.nargs);
    }
}

// --- one-argument float functions, driven by a table --------------------------------------------
struct Unary {
    const char* name;
    double (*fn)(double);
    bool can_overflow;
};

const Unary kUnary[] = {
    {"sqrt", [](double x) { return std::sqrt(x); }, false},
    {"exp", [](double x) { return std::exp(x); }, true},
    {"exp2", [](double x) { return std::exp2(x); }, true},
    {"cbrt", [](double x) { return std::cbrt(x); }, false},
    {"ulp", [](double x) {
         if (std::isnan(x)) return x;
         x = std::fabs(x);
         if (std::isinf(x)) return x;
         double up = std::nextafter(x, HUGE_VAL);
         return std::isinf(up) ? x - std::nextafter(x, -HUGE_VAL) : up - x;  // the largest float
     }, false},
    {"expm1", [](double x) { return std::expm1(x); }, true},
    {"log2", [](double x) { return x > 0 ? std::log2(x) : NAN; }, false},
    {"log10", [](double x) { return x > 0 ? std::log10(x) : NAN; }, false},
    {"log1p", [](double x) { return x > -1 ? std::log1p(x) : NAN; }, false},
    {"sin", [](double x) { return std::sin(x); }, false},
    {"cos", [](double x) { return std::cos(x); }, false},
    {"tan", [](double x) { return std::tan(x); }, false},
    {"asin", [](double x) { return std::asin(x); }, false},
    {"acos", [](double x) { return std::acos(x); }, false},
    {"atan", [](double x) { return std::atan(x); }, false},
    {"sinh", [](double x) { return std::sinh(x); }, true},
    {"cosh", [](double x) { return std::cosh(x); }, true},
    {"tanh", [](double x) { return std::tanh(x); }, false},
    {"asinh", [](double x) { return std::asinh(x); }, false},
    {"acosh", [](double x) { return std::acosh(x); }, false},
    {"atanh", [](double x) { return std::fabs(x) < 1 ? std::atanh(x) : NAN; }, false},
    {"fabs", [](double x) { return std::fabs(x); }, false},
    {"erf", [](double x) { return std::erf(x); }, false},
    {"erfc", [](double x) { return std::erfc(x); }, false},
    {"gamma", [](double x) { return (x <= 0 && x == std::floor(x)) ? NAN : std::tgamma(x); }, true},
    {"lgamma", [](double x) { return (x <= 0 && x == std::floor(x)) ? HUGE_VAL : std::lgamma(x); }, true},
    {"degrees", [](double x) { return x * (180.0 / M_PI); }, false},
    {"radians", [](double x) { return x * (M_PI / 180.0); }, false},
};

double checked(Interp& I, double x, double r, bool can_overflow) {
    if (std::isnan(r) && !std::isnan(x)) domain(I);
    if (std::isinf(r) && std::isfinite(x)) {
        if (can_overflow) range_err(I);
        domain(I);
    }
    return r;
}

Value math_unary(Interp& I, const CallArgs& a, Object* self_fn) {
    auto* u = static_cast<const Unary*>(static_cast<rt::NativeFunction*>(self_fn)->ptr);
    nargs(I, a, u->name, 1);
    double x = num(I, a.args[0]);
    return Value::number(checked(I, x, u->fn(x), u->can_overflow));
}

Value math_log(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "log");
    if (a.nargs < 1 || a.nargs > 2)
        rt::raise(I, I.exc.TypeError, "math.log requires 1 to 2 arguments");
    auto ln = [&](Value v) {
        double x = num(I, v);
        if (std::isnan(x)) return x;
        if (x <= 0) domain(I);
        return std::log(x);
    };
    double r = ln(a.args[0]);
    if (a.nargs == 2) {
        double b = ln(a.args[1]);
        if (b == 0) rt::raise(I, I.exc.ZeroDivisionError, "float division by zero");
        r /= b;
    }
    return Value::number(r);
}

Value math_pow(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "pow", 2);
    double x = num(I, a.args[0]), y = num(I, a.args[1]);
    double r = std::pow(x, y);
    if (std::isfinite(x) && std::isfinite(y)) {
        if (std::isnan(r)) domain(I);
        if (std::isinf(r)) {
            if (x == 0) domain(I);
            range_err(I);
        }
    }
    return Value::number(r);
}

Value math_atan2(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "atan2", 2);
    return Value::number(std::atan2(num(I, a.args[0]), num(I, a.args[1])));
}

Value math_copysign(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "copysign", 2);
    return Value::number(std::copysign(num(I, a.args[0]), num(I, a.args[1])));
}

Value math_nextafter(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "nextafter", 2);
    return Value::number(std::nextafter(num(I, a.args[0]), num(I, a.args[1])));
}

Value math_fmod(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "fmod", 2);
    double x = num(I, a.args[0]), y = num(I, a.args[1]);
    if (std::isinf(y) && std::isfinite(x)) return Value::number(x);
    double r = std::fmod(x, y);
    if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) domain(I);
    return Value::number(r);
}

Value math_remainder(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "remainder", 2);
    double x = num(I, a.args[0]), y = num(I, a.args[1]);
    double r = std::remainder(x, y);
    if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) domain(I);
    return Value::number(r);
}

Value math_ldexp(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "ldexp", 2);
    double x = num(I, a.args[0]);
    if (a.args[1].is_float()) rt::raise(I, I.exc.TypeError, "Expected an int as second argument to ldexp.");
    int64_t e = arg_index(I, a.args[1]);
    if (e > 100000) e = 100000;
    if (e < -100000) e = -100000;
    double r = std::ldexp(x, static_cast<int>(e));
    if (std::isinf(r) && std::isfinite(x)) range_err(I);
    return Value::number(r);
}

Value math_frexp(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "frexp", 1);
    double x = num(I, a.args[0]);
    int e = 0;
    double m = std::isfinite(x) ? std::frexp(x, &e) : x;
    return obj(rt::new_tuple(I, {Value::number(m), Value::integer(e)}));
}

Value math_modf(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "modf", 1);
    double x = num(I, a.args[0]), ip;
    if (std::isinf(x)) return obj(rt::new_tuple(I, {Value::number(std::copysign(0.0, x)), Value::number(x)}));
    double f = std::modf(x, &ip);
    return obj(rt::new_tuple(I, {Value::number(f), Value::number(ip)}));
}

// floor/ceil/trunc: ints pass through, floats become ints, others use the dunder.
Value rounding(Interp& I, const CallArgs& a, const char* name, const char* dunder, double (*fn)(double)) {
    nargs(I, a, name, 1);
    Value v = builtin_number(I, a.args[0], dunder);
    if (is_intlike(v)) return Value::integer(intlike(v));
    if (v.is_float()) return float_to_int_value(I, fn(v.as_float()));
    Value m = rt::lookup_type(rt::type_of(I, v), rt::intern(I, dunder));
    if (!m.is_null()) return rt::call(I, m, {v});
    return float_to_int_value(I, fn(num(I, v)));
}
Value math_floor(Interp& I, const CallArgs& a, Object*) {
    return rounding(I, a, "floor", "__floor__", [](double x) { return std::floor(x); });
}
Value math_ceil(Interp& I, const CallArgs& a, Object*) {
    return rounding(I, a, "ceil", "__ceil__", [](double x) { return std::ceil(x); });
}
Value math_trunc(Interp& I, const CallArgs& a, Object*) {
    if (a.nargs == 1 && !is_intlike(a.args[0]) && !a.args[0].is_float() &&
        rt::lookup_type(rt::type_of(I, a.args[0]), rt::intern(I, "__trunc__")).is_null()) {
        std::string tn = rt::type_name(I, a.args[0]);
        rt::raise_fmt(I, I.exc.TypeError, "type %s doesn't define __trunc__ method", tn.c_str());
    }
    return rounding(I, a, "trunc", "__trunc__", [](double x) { return std::trunc(x); });
}

Value math_isfinite(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "isfinite", 1);
    return Value::boolean(std::isfinite(num(I, a.args[0])));
}
Value math_isinf(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "isinf", 1);
    return Value::boolean(std::isinf(num(I, a.args[0])));
}
Value math_isnan(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "isnan", 1);
    return Value::boolean(std::isnan(num(I, a.args[0])));
}

Value math_isclose(Interp& I, const CallArgs& a, Object*) {
    Value args[4];
    bind_args(I, a, "isclose", {"a", "b", "rel_tol", "abs_tol"}, 2, args, 0, 2);
    double x = num(I, args[0]), y = num(I, args[1]);
    double rel = args[2].is_null() ? 1e-09 : num(I, args[2]);
    double abs_tol = args[3].is_null() ? 0.0 : num(I, args[3]);
    if (rel < 0 || abs_tol < 0) rt::raise(I, I.exc.ValueError, "tolerances must be non-negative");
    if (x == y) return Value::boolean(true);
    if (std::isinf(x) || std::isinf(y)) return Value::boolean(false);
    double diff = std::fabs(y - x);
    return Value::boolean((diff <= std::fabs(rel * y)) || (diff <= std::fabs(rel * x)) || diff <= abs_tol);
}

// The Euclidean norm of finite non-negative xs, correctly rounded in all but rare
// ties (as CPython's hypot/dist): chained std::hypot calls round once per step and
// drift an ulp away. The squares of the values scaled by a power of two (exact) are
// summed as a double-double (fma gives each square's rounding error), and one
// Newton step on the square root folds the low part in.
double vector_norm(const std::vector<double>& xs) {
    double mx = 0;
    for (double x : xs) mx = std::max(mx, x);
    if (mx == 0 || xs.size() == 1) return mx;
    int e;
    std::frexp(mx, &e);
    double hi = 0, lo = 0;
    for (double x : xs) {
        double y = std::ldexp(x, -e);
        double sq = y * y;
        double sq_err = std::fma(y, y, -sq);
        double sum = hi + sq;
        double back = sum - hi;
        lo += (hi - (sum - back)) + (sq - back) + sq_err;
        hi = sum;
    }
    double r = std::sqrt(hi);
    double rr = r * r;
    double rr_err = std::fma(r, r, -rr);
    r += ((hi - rr) - rr_err + lo) / (2 * r);
    return std::ldexp(r, e);
}

Value math_hypot(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "math.hypot");
    bool any_nan = false, any_inf = false;
    std::vector<double> xs;
    for (uint32_t i = 0; i < a.nargs; ++i) {
        double x = std::fabs(num(I, a.args[i]));
        any_nan = any_nan || std::isnan(x);
        any_inf = any_inf || std::isinf(x);
        xs.push_back(x);
    }
    if (any_inf) return Value::number(HUGE_VAL);
    if (any_nan) return Value::number(NAN);
    return Value::number(vector_norm(xs));
}

Value math_dist(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "dist", 2);
    rt::Tuple* p = rt::tuple_from_iterable(I, a.args[0]);
    rt::TempRoot kp(I, obj(p));
    rt::Tuple* q = rt::tuple_from_iterable(I, a.args[1]);
    if (p->size != q->size) rt::raise(I, I.exc.ValueError, "both points must have the same number of dimensions");
    bool inf = false, nan = false;
    std::vector<double> ds;
    for (uint32_t i = 0; i < p->size; ++i) {
        double d = std::fabs(num(I, p->items()[i]) - num(I, q->items()[i]));
        inf = inf || std::isinf(d);
        nan = nan || std::isnan(d);
        ds.push_back(d);
    }
    if (inf) return Value::number(HUGE_VAL);
    if (nan) return Value::number(NAN);
    return Value::number(vector_norm(ds));
}

// --- integer functions ----------------------------------------------------------------------------------
int64_t int_arg(Interp& I, Value v) {
    if (v.is_float()) rt::raise(I, I.exc.TypeError, "'float' object cannot be interpreted as an integer");
    return arg_index(I, v);
}

int64_t gcd2(int64_t x, int64_t y) {
    uint64_t a = text::magnitude(x), b = text::magnitude(y);
    while (b) { uint64_t t = a % b; a = b; b = t; }
    return static_cast<int64_t>(a);
}

Value math_gcd(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "math.gcd");
    int64_t g = 0;
    for (uint32_t i = 0; i < a.nargs; ++i) {
        int64_t x = int_arg(I, a.args[i]);
        if (x == INT64_MIN && g == 0) int_overflow(I);
        g = gcd2(g, x);
    }
    return Value::integer(g);
}

Value math_lcm(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "math.lcm");
    int64_t l = 1;
    for (uint32_t i = 0; i < a.nargs; ++i) {
        int64_t x = int_arg(I, a.args[i]);
        if (x == 0 || l == 0) { l = 0; continue; }
        if (x == INT64_MIN) int_overflow(I);
        x = x < 0 ? -x : x;
        int64_t g = gcd2(l, x), r;
        if (__builtin_mul_overflow(l / g, x, &r)) int_overflow(I);
        l = r;
    }
    return Value::integer(l);
}

Value math_factorial(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "factorial", 1);
    int64_t n = int_arg(I, a.args[0]);
    if (n < 0) rt::raise(I, I.exc.ValueError, "factorial() not defined for negative values");
    int64_t r = 1;
    for (int64_t i = 2; i <= n; ++i)
        if (__builtin_mul_overflow(r, i, &r)) int_overflow(I);
    return Value::integer(r);
}

Value math_comb(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "comb", 2);
    int64_t n = int_arg(I, a.args[0]), k = int_arg(I, a.args[1]);
    if (n < 0) rt::raise(I, I.exc.ValueError, "n must be a non-negative integer");
    if (k < 0) rt::raise(I, I.exc.ValueError, "k must be a non-negative integer");
    if (k > n) return Value::integer(0);
    if (k > n - k) k = n - k;
    __int128 r = 1;
    for (int64_t i = 0; i < k; ++i) {
        r = r * (n - i) / (i + 1);  // exact: r * (n-i) is divisible by i+1 at every step
        if (r > INT64_MAX) int_overflow(I);
    }
    return Value::integer(static_cast<int64_t>(r));
}

Value math_perm(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "math.perm");
    if (a.nargs < 1 || a.nargs > 2)
        rt::raise_fmt(I, I.exc.TypeError, "perm expected at most 2 arguments, got %u", a.nargs);
    int64_t n = int_arg(I, a.args[0]);
    int64_t k = (a.nargs == 2 && !a.args[1].is_none()) ? int_arg(I, a.args[1]) : n;
    if (n < 0) rt::raise(I, I.exc.ValueError, "n must be a non-negative integer");
    if (k < 0) rt::raise(I, I.exc.ValueError, "k must be a non-negative integer");
    if (k > n) return Value::integer(0);
    int64_t r = 1;
    for (int64_t i = 0; i < k; ++i)
        if (__builtin_mul_overflow(r, n - i, &r)) int_overflow(I);
    return Value::integer(r);
}

Value math_isqrt(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "isqrt", 1);
    int64_t n = int_arg(I, a.args[0]);
    if (n < 0) rt::raise(I, I.exc.ValueError, "isqrt() argument must be nonnegative");
    uint64_t r = static_cast<uint64_t>(std::sqrt(static_cast<double>(n)));
    while (static_cast<unsigned __int128>(r) * r > static_cast<uint64_t>(n)) --r;
    while (static_cast<unsigned __int128>(r + 1) * (r + 1) <= static_cast<uint64_t>(n)) ++r;
    return Value::integer(static_cast<int64_t>(r));
}

Value math_prod(Interp& I, const CallArgs& a, Object*) {
    Value args[2];
    bind_args(I, a, "prod", {"iterable", "start"}, 1, args, 1, 1);
    Scratch s(I, 2);
    s[0] = args[1].is_null() ? Value::integer(1) : args[1];
    s[1] = rt::get_iter(I, args[0]);
    for (Value v; !(v = rt::next(I, s[1])).is_null();) {
        Value acc = s[0];
        if (acc.is_int() && v.is_int()) {
            int64_t r;
            if (__builtin_mul_overflow(acc.as_int(), v.as_int(), &r)) int_overflow(I);
            s[0] = Value::integer(r);
        } else if (acc.is_float() && v.is_float()) {
            s[0] = Value::number(acc.as_float() * v.as_float());
        } else {
            s[0] = rt::binary_op(I, rt::BinOpKind::Mult, acc, v, false);
        }
    }
    return s[0];
}

// Exact float summation (Shewchuk's partials, as CPython's msum).
Value math_fsum(Interp& I, const CallArgs& a, Object*) {
    nargs(I, a, "fsum", 1);
    Value it = rt::get_iter(I, a.args[0]);
    rt::TempRoot keep(I, it);
    std::vector<double> partials;
    double special = 0, inf_sum = 0;
    for (Value v; !(v = rt::next(I, it)).is_null();) {
        double x = num(I, v), xsave = x;
        size_t i = 0;
        for (double y : partials) {
            if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
            double hi = x + y, lo = y - (hi - x);
            if (lo != 0.0) partials[i++] = lo;
            x = hi;
        }
        partials.resize(i);
        if (x != 0.0) {
            if (!std::isfinite(x)) {
                if (std::isfinite(xsave)) rt::raise(I, I.exc.OverflowError, "intermediate overflow in fsum");
                if (std::isinf(xsave)) inf_sum += xsave;
                special += xsave;
                partials.clear();
            } else {
                partials.push_back(x);
            }
        }
    }
    if (special != 0.0) {
        if (std::isnan(inf_sum)) rt::raise(I, I.exc.ValueError, "-inf + inf in fsum");
        return Value::number(special);
    }
    double hi = 0.0;
    size_t n = partials.size();
    if (n > 0) {
        double lo = 0;
        hi = partials[--n];
        while (n > 0) {
            double x = hi, y = partials[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
            double y = lo * 2, x = hi + y, yr = x - hi;
            if (y == yr) hi = x;
        }
    }
    return Value::number(hi);
}

}  // namespace

rt::Module* make_math_module(Interp& I) {
    rt::Module* m = rt::new_module(I, rt::intern(I, "math"));
    rt::Dict* d = m->dict;
    for (const Unary& u : kUnary) {
        rt::NativeFunction* f = rt::new_native(I, u.name, math_unary);
        f->ptr = const_cast<Unary*>(&u);
        rt::dict_set_str(I, d, rt::intern(I, u.name), obj(f));
    }
    add_functions(I, d, {
        {"log", math_log}, {"pow", math_pow}, {"atan2", math_atan2}, {"copysign", math_copysign}, {"nextafter", math_nextafter},
        {"fmod", math_fmod}, {"remainder", math_remainder}, {"ldexp", math_ldexp},
        {"frexp", math_frexp}, {"modf", math_modf}, {"floor", math_floor}, {"ceil", math_ceil},
        {"trunc", math_trunc}, {"isfinite", math_isfinite}, {"isinf", math_isinf},
        {"isnan", math_isnan}, {"isclose", math_isclose}, {"hypot", math_hypot},
        {"dist", math_dist}, {"gcd", math_gcd}, {"lcm", math_lcm}, {"factorial", math_factorial},
        {"comb", math_comb}, {"perm", math_perm}, {"isqrt", math_isqrt}, {"prod", math_prod},
        {"fsum", math_fsum},
    });
    auto put = [&](std::string_view name, double v) {
        rt::dict_set_str(I, d, rt::intern(I, name), Value::number(v));
    };
    put("pi", M_PI);
    put("e", M_E);
    put("tau", 2 * M_PI);
    put("inf", HUGE_VAL);
    put("nan", NAN);
    return m;
}

}  // namespace aio::stdlib
