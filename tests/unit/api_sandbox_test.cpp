// Sandbox and limits: module allow-list, no `open`, memory limit, instruction
// budget, interrupt() from another thread, recursion limit. After each stop the
// host goes on using the same interpreter.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "aio/aio.hpp"

namespace {

std::string error_type(aio::Interpreter& in, std::string_view code) {
    try {
        in.exec(code);
    } catch (const aio::Error& e) {
        return e.type();
    }
    return "no error";
}

TEST(ApiSandbox, AllowListAndNoOpen) {
    aio::Options o;
    o.allowed_modules = std::vector<std::string>{"math", "json"};
    aio::Interpreter in(o);
    EXPECT_EQ(error_type(in, "import math\nx = math.sqrt(16)"), "no error");
    EXPECT_EQ(error_type(in, "import json\ny = json.dumps([1])"), "no error");
    EXPECT_EQ(error_type(in, "import os"), "ModuleNotFoundError");
    EXPECT_EQ(error_type(in, "import sys"), "ModuleNotFoundError");
    EXPECT_EQ(error_type(in, "import time"), "ModuleNotFoundError");
    EXPECT_EQ(error_type(in, "open('/etc/passwd')"), "NameError");
    // Host-registered native modules stay importable.
    in.module("game").def("f", [] { return 1; });
    EXPECT_EQ(error_type(in, "import game\nz = game.f()"), "no error");
    EXPECT_EQ(in.global("x").get<double>(), 4.0);
}

TEST(ApiSandbox, MemoryLimitRaisesMemoryError) {
    aio::Options o;
    o.memory_limit = 64 << 20;
    aio::Interpreter in(o);
    EXPECT_EQ(error_type(in, "x = [0] * 10**9"), "MemoryError");
    EXPECT_EQ(error_type(in, "y = [0] * 1000"), "no error");
    EXPECT_EQ(error_type(in, "def fill():\n    acc = []\n    while True:\n        acc.append([0] * 10000)\nfill()\n"),
              "MemoryError");
    // The garbage of the failed run is freed: the interpreter is usable again.
    EXPECT_LT(in.memory_in_use(), std::size_t(32) << 20);
    EXPECT_EQ(in.eval("len(y)").get<int>(), 1000);
}

TEST(ApiSandbox, InstructionBudgetStopsInfiniteLoops) {
    aio::Options o;
    o.instruction_budget = 100000;
    aio::Interpreter in(o);
    EXPECT_EQ(error_type(in, "while True: pass"), "KeyboardInterrupt");
    // Catching it does not help: the budget stays spent for this run.
    EXPECT_EQ(error_type(in, "while True:\n    try:\n        while True: pass\n    except BaseException:\n        pass\n"),
              "KeyboardInterrupt");
    // Each run gets a fresh budget.
    EXPECT_EQ(error_type(in, "s = 0\nfor i in range(1000):\n    s += i\n"), "no error");
    EXPECT_EQ(in.global("s").get<int>(), 499500);
}

// Safepoints test one word, the heap's collection trigger, which a budget holds at 0:
// the collections a garbage-making loop runs must not re-arm it.
TEST(ApiSandbox, InstructionBudgetOutlivesCollections) {
    aio::Options o;
    o.instruction_budget = 100000;
    aio::Interpreter in(o);
    EXPECT_EQ(error_type(in, "while True:\n    x = [0] * 1000\n"), "KeyboardInterrupt");
    EXPECT_EQ(in.eval("1 + 1").get<int>(), 2);
}

TEST(ApiSandbox, ChosenInterruptException) {
    aio::Options o;
    o.instruction_budget = 1000;
    o.interrupt_exception = "TimeoutError";
    aio::Interpreter in(o);
    EXPECT_EQ(error_type(in, "while True: pass"), "TimeoutError");
    aio::Options bad;
    bad.interrupt_exception = "NotAnException";
    EXPECT_THROW(aio::Interpreter{bad}, aio::Error);
}

TEST(ApiSandbox, InterruptFromAnotherThread) {
    aio::Interpreter in;
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        in.interrupt();
    });
    EXPECT_EQ(error_type(in, "while True: pass"), "KeyboardInterrupt");
    stopper.join();
    EXPECT_EQ(in.eval("1 + 1").get<int>(), 2);
}

TEST(ApiSandbox, InterruptWhileCollecting) {
    aio::Interpreter in;
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        in.interrupt();
    });
    EXPECT_EQ(error_type(in, "while True:\n    x = [0] * 1000\n"), "KeyboardInterrupt");
    stopper.join();
    // The interrupt was taken once: the safepoints are back on their fast path.
    EXPECT_EQ(error_type(in, "s = 0\nfor i in range(100000):\n    s += i\n"), "no error");
}

TEST(ApiSandbox, RecursionError) {
    aio::Interpreter in;
    EXPECT_EQ(error_type(in, "def f():\n    return f()\nf()"), "RecursionError");
    EXPECT_EQ(in.eval("2").get<int>(), 2);
}

}  // namespace
