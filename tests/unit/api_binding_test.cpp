// Binding C++ to scripts: def() with deduced signatures (TypeError naming the
// argument on a mismatch), C++ exceptions as script exceptions, bind_class<T>
// (constructors, methods, properties, __repr__), and native modules.
#include <gtest/gtest.h>

#include "aio/aio.hpp"

namespace {

int add(int a, int b) { return a + b; }

struct Vec {
    double x = 0, y = 0;
    Vec() = default;
    Vec(double x_, double y_) : x(x_), y(y_) {}
    double length2() const { return x * x + y * y; }
    void scale(double k) { x *= k; y *= k; }
    Vec plus(const Vec& o) const { return {x + o.x, y + o.y}; }
};

std::string error_of(aio::Interpreter& in, std::string_view code) {
    try {
        in.exec(code);
    } catch (const aio::Error& e) {
        return e.type() + ": " + e.message();
    }
    return "no error";
}

TEST(ApiBinding, DefDeducesSignatures) {
    aio::Interpreter in;
    in.def("add", add);
    in.def("greet", [](const std::string& who, std::optional<int> times) {
        std::string s;
        for (int i = 0; i < times.value_or(1); i++) s += "hi " + who + ";";
        return s;
    });
    in.def("total", [](const std::vector<double>& xs) {
        double t = 0;
        for (double x : xs) t += x;
        return t;
    });
    in.def("nothing", [] {});
    EXPECT_EQ(in.eval("add(2, 3)").get<int>(), 5);
    EXPECT_EQ(in.eval("greet('bob')").get<std::string>(), "hi bob;");
    EXPECT_EQ(in.eval("greet('bob', 2)").get<std::string>(), "hi bob;hi bob;");
    EXPECT_DOUBLE_EQ(in.eval("total([1, 2.5])").get<double>(), 3.5);
    EXPECT_TRUE(in.eval("nothing()").is_none());
}

TEST(ApiBinding, WrongArgumentsAreTypeErrors) {
    aio::Interpreter in;
    in.def("add", add);
    in.def("total", [](const std::vector<double>& xs) { return xs.size(); });
    EXPECT_EQ(error_of(in, "add(1, 'x')"), "TypeError: add() argument 2 must be int, not str");
    EXPECT_EQ(error_of(in, "total(5)"), "TypeError: total() argument 1 must be list, not int");
    EXPECT_EQ(error_of(in, "add(1)").substr(0, 14), "TypeError: add");
    EXPECT_EQ(error_of(in, "add(1, 2, 3)").substr(0, 14), "TypeError: add");
    EXPECT_EQ(error_of(in, "add(1, b=2)"), "TypeError: add() takes no keyword arguments");
    EXPECT_EQ(error_of(in, "add(2**40, 1)").substr(0, 13), "OverflowError");
    // Scripts can catch them like any other exception.
    in.exec("try:\n    add('a', 1)\nexcept TypeError as e:\n    msg = str(e)\n");
    EXPECT_EQ(in.global("msg").get<std::string>(), "add() argument 1 must be int, not str");
}

TEST(ApiBinding, CppExceptionsBecomeScriptExceptions) {
    aio::Interpreter in;
    in.def("check", [](int x) {
        if (x < 0) throw aio::Error("ValueError", "negative");
        if (x == 0) throw std::runtime_error("zero");
        return x;
    });
    EXPECT_EQ(error_of(in, "check(-1)"), "ValueError: negative");
    EXPECT_EQ(error_of(in, "check(0)"), "RuntimeError: zero");
    in.exec("try:\n    check(-1)\nexcept ValueError:\n    ok = True\n");
    EXPECT_TRUE(in.global("ok").get<bool>());
    // An error raised by a script function called from C++ keeps its type through C++.
    in.exec("def boom():\n    raise KeyError('k')\n");
    in.def("call_it", [](aio::Value f) { return f(); });
    EXPECT_EQ(error_of(in, "call_it(boom)"), "KeyError: 'k'");
}

TEST(ApiBinding, Classes) {
    aio::Interpreter in;
    in.bind_class<Vec>("Vec")
        .init<>()
        .init<double, double>()
        .def("length2", &Vec::length2)
        .def("scale", &Vec::scale)
        .def("plus", &Vec::plus)
        .property("x", &Vec::x)
        .property("y", &Vec::y)
        .property_readonly("norm2", [](const Vec& v) { return v.length2(); })
        .repr([](const Vec& v) { return "Vec(" + std::to_string(int(v.x)) + ", " + std::to_string(int(v.y)) + ")"; });
    in.def("make_vec", [](double x) { return Vec{x, x}; });
    in.def("len2", [](const Vec& v) { return v.length2(); });
    in.def("bump", [](Vec& v) { v.x += 1; });
    in.exec("v = Vec(3, 4)\nv.scale(2)\nw = v.plus(Vec(1, 1))\nv.x = 1\nbump(v)\n");
    EXPECT_DOUBLE_EQ(in.eval("v.length2()").get<double>(), 4 + 64);
    EXPECT_DOUBLE_EQ(in.eval("v.x").get<double>(), 2);
    EXPECT_EQ(in.eval("repr(w)").get<std::string>(), "Vec(7, 9)");
    EXPECT_DOUBLE_EQ(in.eval("w.norm2").get<double>(), 49 + 81);
    EXPECT_DOUBLE_EQ(in.eval("len2(make_vec(2))").get<double>(), 8);
    EXPECT_DOUBLE_EQ(in.eval("Vec().length2()").get<double>(), 0);
    EXPECT_TRUE(in.eval("isinstance(v, Vec)").get<bool>());
    EXPECT_EQ(in.global("w").get<Vec>().x, 7);
    EXPECT_EQ(error_of(in, "len2(5)"), "TypeError: len2() argument 1 must be Vec, not int");
    EXPECT_EQ(error_of(in, "v.plus(3)"), "TypeError: plus() argument 1 must be Vec, not int");
    EXPECT_EQ(error_of(in, "Vec(1, 'a')"), "TypeError: Vec() argument 2 must be float, not str");
    EXPECT_EQ(error_of(in, "Vec(1)").substr(0, 15), "TypeError: Vec(");
    EXPECT_EQ(error_of(in, "v.norm2 = 1").substr(0, 14), "AttributeError");
    // A script subclass of a bound class.
    in.exec("class V3(Vec):\n    def sum(self):\n        return self.x + self.y\nz = V3(1, 2).sum()\n");
    EXPECT_DOUBLE_EQ(in.global("z").get<double>(), 3);
}

TEST(ApiBinding, NativeModules) {
    aio::Interpreter in;
    int counter = 0;
    in.module("game").def("tick", [&counter](int n) { return counter += n; }).set("VERSION", "1.0");
    in.exec("import game\nfrom game import tick\ntick(2)\ngame.tick(3)\nv = game.VERSION\n");
    EXPECT_EQ(counter, 5);
    EXPECT_EQ(in.global("v").get<std::string>(), "1.0");
}

}  // namespace

namespace {

TEST(ApiBinding, ReentrantCallsFromBoundFunctions) {
    aio::Interpreter in;
    in.def("nested", [&in](int x) {
        in.exec("inner = " + std::to_string(x) + " * 2");
        return in.eval("inner + 1").get<int>();
    });
    in.def("nested_fail", [&in] { in.exec("raise IndexError('deep')"); });
    EXPECT_EQ(in.eval("nested(20)").get<int>(), 41);
    in.exec("try:\n    nested_fail()\nexcept IndexError as e:\n    caught = str(e)\n");
    EXPECT_EQ(in.global("caught").get<std::string>(), "deep");
}

TEST(ApiBinding, ErrorsOutliveTheirInterpreter) {
    std::optional<aio::Error> kept;
    {
        aio::Interpreter in;
        try {
            in.exec("raise ValueError('late')");
        } catch (const aio::Error& e) {
            kept = e;
        }
    }
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->type(), "ValueError");
    EXPECT_THROW(kept->exception().str(), aio::Error);  // the object is gone, cleanly
}

}  // namespace
