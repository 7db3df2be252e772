// tests/unit/builtins_core_test.cpp - the native built-ins called directly (no VM
// frames): built-in functions from I.builtins, methods from the type dicts, and the
// math/sys modules. Every expected result and message is CPython 3.11's.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "runtime/containers.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/traceback.hpp"
#include "stdlib/builtins.hpp"

using namespace aio::rt;

namespace {

struct Builtins : ::testing::Test {
    Interp I;
    void SetUp() override { init_runtime(I); }
    Value S(std::string_view s) { return Value::object(new_str(I, s)); }
    static Value N(int64_t i) { return Value::integer(i); }
    static Value F(double d) { return Value::number(d); }
    std::string R(Value v) { return std::string(repr(I, v)->view()); }
    Value B(std::string_view name) { return dict_get_str(I.builtins, intern(I, name)); }
    Value M(Type* t, std::string_view name) { return dict_get_str(t->dict, intern(I, name)); }
    // Calls f(args..., **kw) with keyword names as Str*.
    Value callkw(Value f, std::vector<Value> args, std::vector<std::pair<std::string, Value>> kw) {
        std::vector<Value> vals;
        std::vector<Str*> names;
        for (auto& [k, v] : kw) {
            names.push_back(intern(I, k));
            vals.push_back(v);
        }
        CallArgs a{args.data(), uint32_t(args.size()), vals.data(), names.data(), uint32_t(kw.size())};
        return call(I, f, a);
    }
    template <class Fn>
    std::string err(Fn&& f) {
        try {
            f();
        } catch (Unwind&) {
            Value e = I.pending;
            I.pending = Value::null();
            std::string s = format_exception_only(I, e);
            if (!s.empty() && s.back() == '\n') s.pop_back();
            return s;
        }
        return "";
    }
    Value module(const char* name) {
        for (const aio::stdlib::NativeModuleDef* d = aio::stdlib::kNativeModules; !d->name.empty(); ++d)
            if (d->name == name) return Value::object(d->make(I));
        return Value::null();
    }
};

TEST_F(Builtins, LenRangeSorted) {
    Value l = Value::object(new_list(I));
    for (int64_t v : {3, 1, 2}) list_append(I, as<List>(l), N(v));
    EXPECT_EQ(R(call(I, B("len"), {l})), "3");
    EXPECT_EQ(R(call(I, B("sorted"), {l})), "[1, 2, 3]");
    EXPECT_EQ(R(callkw(B("sorted"), {l}, {{"reverse", Value::boolean(true)}})), "[3, 2, 1]");
    EXPECT_EQ(R(call(I, B("list"), {call(I, B("range"), {N(1), N(10), N(3)})})), "[1, 4, 7]");
    EXPECT_EQ(err([&] { call(I, B("range"), {N(1), N(2), N(0)}); }), "ValueError: range() arg 3 must not be zero");
    EXPECT_EQ(err([&] { call(I, B("max"), {Value::object(new_list(I))}); }), "ValueError: max() arg is an empty sequence");
}

TEST_F(Builtins, RoundIsCorrectlyRounded) {
    EXPECT_EQ(R(call(I, B("round"), {F(2.675), N(2)})), "2.67");
    EXPECT_EQ(R(call(I, B("round"), {F(0.125), N(2)})), "0.12");
    EXPECT_EQ(R(call(I, B("round"), {F(2.5)})), "2");
    EXPECT_EQ(R(call(I, B("round"), {N(1250), N(-2)})), "1200");
    EXPECT_EQ(R(call(I, B("round"), {F(1234.5), N(-1)})), "1230.0");
    EXPECT_EQ(err([&] { call(I, B("round"), {F(INFINITY)}); }),
              "OverflowError: cannot convert float infinity to integer");
}

TEST_F(Builtins, StrMethods) {
    EXPECT_EQ(R(call(I, M(I.types.str, "split"), {S("a,b,,c"), S(",")})), "['a', 'b', '', 'c']");
    EXPECT_EQ(R(call(I, M(I.types.str, "split"), {S("  x  y ")})), "['x', 'y']");
    EXPECT_EQ(R(call(I, M(I.types.str, "rsplit"), {S("a,b,c"), S(","), N(1)})), "['a,b', 'c']");
    EXPECT_EQ(R(call(I, M(I.types.str, "title"), {S("hello world")})), "'Hello World'");
    EXPECT_EQ(R(call(I, M(I.types.str, "upper"), {S("straße")})), "'STRASSE'");
    EXPECT_EQ(R(call(I, M(I.types.str, "center"), {S("ab"), N(7), S("*")})), "'***ab**'");
    EXPECT_EQ(R(call(I, M(I.types.str, "find"), {S("héllo"), S("l")})), "2");
    EXPECT_EQ(err([&] { call(I, M(I.types.str, "index"), {S("abc"), S("z")}); }), "ValueError: substring not found");
}

TEST_F(Builtins, StrFormat) {
    EXPECT_EQ(R(call(I, M(I.types.str, "format"), {S("{1}-{0:>4}"), N(7), S("x")})), "'x-   7'");
    EXPECT_EQ(R(call(I, B("format"), {F(1234.5), S(",.2f")})), "'1,234.50'");
    EXPECT_EQ(err([&] { call(I, M(I.types.str, "format"), {S("{} {}"), N(1)}); }),
              "IndexError: Replacement index 1 out of range for positional args tuple");
    EXPECT_EQ(err([&] { call(I, B("format"), {Value::none(), S("x")}); }),
              "TypeError: unsupported format string passed to NoneType.__format__");
}

TEST_F(Builtins, Constructors) {
    EXPECT_EQ(R(call(I, B("int"), {S(" 12 ")})), "12");
    EXPECT_EQ(R(callkw(B("int"), {S("ff")}, {{"base", N(16)}})), "255");
    EXPECT_EQ(R(call(I, B("float"), {S("inf")})), "inf");
    EXPECT_EQ(R(call(I, B("tuple"), {S("ab")})), "('a', 'b')");
    EXPECT_EQ(err([&] { call(I, B("int"), {S("x")}); }), "ValueError: invalid literal for int() with base 10: 'x'");
}

TEST_F(Builtins, ListMethods) {
    Value l = call(I, B("list"), {S("cab")});
    call(I, M(I.types.list, "sort"), {l});
    EXPECT_EQ(R(l), "['a', 'b', 'c']");
    EXPECT_EQ(err([&] { call(I, M(I.types.list, "remove"), {l, N(5)}); }), "ValueError: list.remove(x): x not in list");
    EXPECT_EQ(err([&] { call(I, M(I.types.list, "index"), {l, N(5)}); }), "ValueError: 5 is not in list");
}

TEST_F(Builtins, MathModule) {
    Value m = module("math");
    auto fn = [&](const char* name) { return dict_get_str(as<Module>(m)->dict, intern(I, name)); };
    Value l = Value::object(new_list(I));
    for (int i = 0; i < 10; ++i) list_append(I, as<List>(l), F(0.1));
    EXPECT_EQ(R(call(I, fn("fsum"), {l})), "1.0");
    EXPECT_EQ(R(call(I, fn("floor"), {F(-2.5)})), "-3");
    EXPECT_EQ(R(call(I, fn("comb"), {N(10), N(3)})), "120");
    EXPECT_EQ(err([&] { call(I, fn("sqrt"), {F(-1)}); }), "ValueError: math domain error");
    EXPECT_EQ(err([&] { call(I, fn("factorial"), {N(-1)}); }),
              "ValueError: factorial() not defined for negative values");
}

TEST_F(Builtins, SysModule) {
    Value sys = Value::object(I.sys_module);
    EXPECT_EQ(R(getattr(I, sys, intern(I, "maxsize"))), "9223372036854775807");
    EXPECT_EQ(R(call(I, getattr(I, sys, intern(I, "getrecursionlimit")), {})), "1000");
}

}  // namespace
