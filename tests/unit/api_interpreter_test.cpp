// aio::Interpreter: running code, globals, calls, output sinks, sys.argv,
// errors as aio::Error, isolation, and two interpreters on two threads at once.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "aio/aio.hpp"

namespace {

struct Captured {
    std::string out, err;
    aio::Options options() {
        aio::Options o;
        o.out = [this](std::string_view s) { out += s; };
        o.err = [this](std::string_view s) { err += s; };
        return o;
    }
};

TEST(ApiInterpreter, ExecEvalAndGlobals) {
    Captured c;
    aio::Interpreter in(c.options());
    in.exec("x = 40\ndef add(a, b=2):\n    return a + b\n");
    EXPECT_EQ(in.eval("x + 2").get<int>(), 42);
    EXPECT_EQ(in.global("x").get<int64_t>(), 40);
    in.set_global("y", 1.5);
    EXPECT_DOUBLE_EQ(in.eval("y * 2").get<double>(), 3.0);
    EXPECT_EQ(in.call("add", 1).get<int>(), 3);
    EXPECT_EQ(in.call("add", 1, aio::kw("b", 10)).get<int>(), 11);
    EXPECT_EQ(in.global("add")(5, 5).get<int>(), 10);
}

TEST(ApiInterpreter, OutputGoesToSinks) {
    Captured c;
    aio::Interpreter in(c.options());
    in.exec("import sys\nprint('a', 1)\nprint('b', file=sys.stderr)");
    EXPECT_EQ(c.out, "a 1\n");
    EXPECT_EQ(c.err, "b\n");
}

TEST(ApiInterpreter, ArgvAndRecursionLimit) {
    Captured c;
    aio::Options o = c.options();
    o.argv = {"game", "--fast"};
    o.recursion_limit = 50;
    aio::Interpreter in(o);
    in.exec("import sys");
    EXPECT_EQ(in.eval("sys.argv").get<std::vector<std::string>>(),
              (std::vector<std::string>{"game", "--fast"}));
    try {
        in.exec("def f(n):\n    return f(n + 1)\nf(0)\n");
        FAIL() << "no RecursionError";
    } catch (const aio::Error& e) {
        EXPECT_EQ(e.type(), "RecursionError");
    }
    EXPECT_EQ(in.eval("1 + 1").get<int>(), 2);  // the host continues
}

TEST(ApiInterpreter, ErrorsCarryTypeMessageAndTraceback) {
    Captured c;
    aio::Interpreter in(c.options());
    try {
        in.exec("def f():\n    return 1 / 0\nf()\n", "script.aio");
        FAIL();
    } catch (const aio::Error& e) {
        EXPECT_EQ(e.type(), "ZeroDivisionError");
        EXPECT_EQ(e.message(), "division by zero");
        EXPECT_NE(e.traceback().find("File \"script.aio\", line 2, in f"), std::string::npos) << e.traceback();
        EXPECT_FALSE(e.exception().empty());
        EXPECT_STREQ(e.what(), "ZeroDivisionError: division by zero");
    }
    try {
        in.exec("x = (");
        FAIL();
    } catch (const aio::Error& e) {
        EXPECT_EQ(e.type(), "SyntaxError");
    }
    EXPECT_THROW(in.global("nope"), aio::Error);
    EXPECT_THROW(in.eval("1 +* 2"), aio::Error);
    EXPECT_THROW(in.run_file("/nonexistent/x.aio"), aio::Error);
}

TEST(ApiInterpreter, RunFile) {
    std::string path = ::testing::TempDir() + "/api_run_file.aio";
    std::ofstream(path) << "result = sum(range(10))\n";
    aio::Interpreter in;
    in.run_file(path);
    EXPECT_EQ(in.global("result").get<int>(), 45);
}

TEST(ApiInterpreter, InterpretersAreIsolated) {
    aio::Interpreter a, b;
    a.exec("x = 1");
    EXPECT_THROW(b.global("x"), aio::Error);
    aio::Value v = a.eval("[1, 2]");
    { aio::Interpreter moved(std::move(a)); EXPECT_EQ(v.size(), 2u); }
    // The interpreter is gone: the handle fails cleanly.
    EXPECT_THROW(v.size(), aio::Error);
}

TEST(ApiInterpreter, TwoInterpretersOnTwoThreads) {
    auto work = [](int seed, int64_t* result) {
        aio::Interpreter in;
        in.exec("def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
                "acc = []\nfor i in range(200):\n    acc.append(str(i * " + std::to_string(seed) + "))\n");
        *result = in.eval("fib(20) + len(''.join(acc))").get<int64_t>();
    };
    int64_t r1 = 0, r2 = 0;
    std::thread t1(work, 3, &r1), t2(work, 7, &r2);
    t1.join();
    t2.join();
    aio::Interpreter check;
    check.exec("acc3 = ''.join(str(i * 3) for i in range(200))\nacc7 = ''.join(str(i * 7) for i in range(200))");
    EXPECT_EQ(r1, 6765 + check.eval("len(acc3)").get<int64_t>());
    EXPECT_EQ(r2, 6765 + check.eval("len(acc7)").get<int64_t>());
}

TEST(ApiInterpreter, ValuesSurviveGarbageCollection) {
    aio::Interpreter in;
    aio::Value keep = in.eval("[str(i) for i in range(100)]");
    in.exec("junk = [[i] * 10 for i in range(20000)]\ndel junk");
    in.collect();
    EXPECT_EQ(keep.item(99).get<std::string>(), "99");
}

}  // namespace
