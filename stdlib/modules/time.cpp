// stdlib/modules/time.cpp - `_time`, the native half of the `time` module (stdlib/time.aio):
// clocks (time, monotonic, perf_counter, process_time and their _ns forms), blocking sleep,
// and gmtime/localtime/strftime/mktime over 9-tuples (struct_time's fields; struct_time
// itself is a tuple subclass).
#include <cerrno>
#include <cmath>
#include <ctime>
#include <string>

#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

int64_t clock_ns(clockid_t id) {
    timespec ts{};
    clock_gettime(id, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

void no_args(Interp& I, const CallArgs& a, const char* name) {
    std::string qual = std::string("time.") + name;
    rt::check_no_kwargs(I, a, qual.c_str());
    rt::check_nargs(I, a, qual.c_str(), 0, 0);
}

Value t_time(Interp& I, const CallArgs& a, Object*) {
    no_args(I, a, "time");
    return Value::number(static_cast<double>(clock_ns(CLOCK_REALTIME)) * 1e-9);
}
Value t_time_ns(Interp& I, const CallArgs& a, Object*) {
    no_args(I, a, "time_ns");
    return Value::integer(clock_ns(CLOCK_REALTIME));
}
Value t_monotonic(Interp& I, const CallArgs& a, Object*) {
    no_args(I, a, "monotonic");
    return Value::number(static_cast<double>(clock_ns(CLOCK_MONOTONIC)) * 1e-9);
}
Value t_monotonic_ns(Interp& I, const CallArgs& a, Object*) {
    no_args(I, a, "monotonic_ns");
    return Value::integer(clock_ns(CLOCK_MONOTONIC));
}
Value t_process_time(Interp& I, const CallArgs& a, Object*) {
    no_args(I, a, "process_time");
    return Value::number(static_cast<double>(clock_ns(CLOCK_PROCESS_CPUTIME_ID)) * 1e-9);
}
Value t_process_time_ns(Interp& I, const CallArgs& a, Object*) {
    no_args(I, a, "process_time_ns");
    return Value::integer(clock_ns(CLOCK_PROCESS_CPUTIME_ID));
}

Value t_sleep(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "time.sleep");
    rt::check_nargs(I, a, "time.sleep", 1, 1);
    Value v = a.args[0];
    if (!v.is_float() && !is_intlike(v)) {
        std::string tn = rt::type_name(I, v);
        rt::raise_fmt(I, I.exc.TypeError, "'%s' object cannot be interpreted as an integer", tn.c_str());
    }
    double secs = v.is_float() ? v.as_float() : static_cast<double>(intlike(v));
    if (std::isnan(secs)) rt::raise(I, I.exc.ValueError, "Invalid value NaN (not a number)");
    if (secs < 0) rt::raise(I, I.exc.ValueError, "sleep length must be non-negative");
    I.flush_out();
    timespec ts{static_cast<time_t>(secs), static_cast<long>((secs - std::floor(secs)) * 1e9)};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
    return Value::none();
}

Value tm_tuple(Interp& I, const std::tm& t) {
    int wday = (t.tm_wday + 6) % 7;  // Python: Monday == 0
    return obj(rt::new_tuple(I, {Value::integer(t.tm_year + 1900), Value::integer(t.tm_mon + 1),
                                 Value::integer(t.tm_mday), Value::integer(t.tm_hour),
                                 Value::integer(t.tm_min), Value::integer(t.tm_sec), Value::integer(wday),
                                 Value::integer(t.tm_yday + 1), Value::integer(t.tm_isdst)}));
}

std::tm from_tuple(Interp& I, Value v, const char* fname) {
    if (!is_kind(v, ObjKind::Tuple)) rt::raise(I, I.exc.TypeError, "Tuple or struct_time argument required");
    auto* t = static_cast<rt::Tuple*>(v.as_obj());
    if (t->size != 9) rt::raise_fmt(I, I.exc.TypeError, "%s(): illegal time tuple argument", fname);
    int64_t f[9];
    for (int i = 0; i < 9; ++i) f[i] = arg_index(I, t->items()[i]);
    std::tm r{};
    r.tm_year = static_cast<int>(f[0] - 1900);
    r.tm_mon = static_cast<int>(f[1] - 1);
    r.tm_mday = static_cast<int>(f[2]);
    r.tm_hour = static_cast<int>(f[3]);
    r.tm_min = static_cast<int>(f[4]);
    r.tm_sec = static_cast<int>(f[5]);
    r.tm_wday = static_cast<int>((f[6] + 1) % 7);
    r.tm_yday = static_cast<int>(f[7] - 1);
    r.tm_isdst = static_cast<int>(f[8]);
    return r;
}

time_t secs_arg(Interp& I, const CallArgs& a) {
    if (a.nargs == 0 || a.args[0].is_none()) return std::time(nullptr);
    double d = rt::to_double(I, a.args[0]);
    if (!std::isfinite(d)) rt::raise(I, I.exc.OverflowError, "timestamp out of range for platform time_t");
    return static_cast<time_t>(std::floor(d));
}

Value t_gmtime(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "gmtime", 0, 1);
    time_t s = secs_arg(I, a);
    std::tm t{};
    gmtime_r(&s, &t);
    return tm_tuple(I, t);
}

Value t_localtime(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "localtime", 0, 1);
    time_t s = secs_arg(I, a);
    std::tm t{};
    localtime_r(&s, &t);
    return tm_tuple(I, t);
}

Value t_mktime(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "mktime", 1, 1);
    std::tm t = from_tuple(I, a.args[0], "mktime");
    return Value::number(static_cast<double>(std::mktime(&t)));
}

Value t_strftime(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "strftime", 1, 2);
    if (!is_str(a.args[0])) {
        std::string tn = rt::type_name(I, a.args[0]);
        rt::raise_fmt(I, I.exc.TypeError, "strftime() argument 1 must be str, not %s", tn.c_str());
    }
    std::tm t{};
    if (a.nargs == 2) {
        t = from_tuple(I, a.args[1], "strftime");
    } else {
        time_t s = std::time(nullptr);
        localtime_r(&s, &t);
    }
    std::string fmt(as_str(a.args[0])->view());
    if (fmt.empty()) return str_value(I, "");
    std::string buf(256 + fmt.size() * 8, '\0');
    size_t n = std::strftime(buf.data(), buf.size(), fmt.c_str(), &t);
    buf.resize(n);
    return str_value(I, buf);
}

}  // namespace

rt::Module* make_time_module(Interp& I) {
    rt::Module* m = rt::new_module(I, rt::intern(I, "_time"));
    add_functions(I, m->dict, {
        {"time", t_time},
        {"time_ns", t_time_ns},
        {"monotonic", t_monotonic},
        {"monotonic_ns", t_monotonic_ns},
        {"perf_counter", t_monotonic},
        {"perf_counter_ns", t_monotonic_ns},
        {"process_time", t_process_time},
        {"process_time_ns", t_process_time_ns},
        {"sleep", t_sleep},
        {"gmtime", t_gmtime},
        {"localtime", t_localtime},
        {"mktime", t_mktime},
        {"strftime", t_strftime},
    });
    return m;
}

}  // namespace aio::stdlib
