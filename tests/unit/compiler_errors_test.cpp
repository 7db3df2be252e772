// tests/unit/compiler_errors_test.cpp - every compile-time SyntaxError the
// compiler and symbol table raise, with CPython 3.11's message and position
// (line:col-end_col, 1-based, as `compile()` reports them in python3.11).
#include "tests/unit/compiler_test_util.hpp"

namespace aio::compiler::testing {

using CompilerErrors = CompilerTest;

TEST_F(CompilerErrors, OutsideFunction) {
    EXPECT_EQ(error_of("return 1"), "'return' outside function @1:1-9");
    EXPECT_EQ(error_of("x = 1\nyield x"), "'yield' outside function @2:1-8");
    EXPECT_EQ(error_of("await x"), "'await' outside function @1:1-8");
    EXPECT_EQ(error_of("class C:\n    return 1"), "'return' outside function @2:5-13");
}

TEST_F(CompilerErrors, AwaitOutsideAsync) {
    EXPECT_EQ(error_of("def f():\n    await x"), "'await' outside async function @2:5-12");
    EXPECT_EQ(error_of("async def f():\n    def g():\n        await x"), "'await' outside async function @3:9-16");
    EXPECT_EQ(error_of("lambda: await x"), "'await' outside async function @1:9-16");
    EXPECT_EQ(error_of("async def f():\n    return [await x for x in y]"), "OK");
    EXPECT_EQ(error_of("def f():\n    return [await x for x in y]"),
              "asynchronous comprehension outside of an asynchronous function @2:12-32");
    EXPECT_EQ(error_of("async def f():\n    [x async for x in y]\ndef g():\n    [x async for x in y]"),
              "asynchronous comprehension outside of an asynchronous function @4:5-25");
    EXPECT_EQ(error_of("def f():\n    async for x in y: pass"), "'async for' outside async function @2:5-27");
    EXPECT_EQ(error_of("def f():\n    async with x: pass"), "'async with' outside async function @2:5-23");
}

TEST_F(CompilerErrors, TopLevelAwaitInInteractiveMode) {
    rt::Code* c = code_of("await x\n", CompileMode::Interactive);
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(c->flags & rt::kCoCoroutine);
    rt::Code* plain = code_of("x\n", CompileMode::Interactive);
    ASSERT_NE(plain, nullptr);
    EXPECT_FALSE(plain->flags & rt::kCoCoroutine);
}

TEST_F(CompilerErrors, Loops) {
    EXPECT_EQ(error_of("break"), "'break' outside loop @1:1-6");
    EXPECT_EQ(error_of("while x:\n    def f():\n        continue"), "'continue' not properly in loop @3:9-17");
    EXPECT_EQ(error_of("for x in y:\n    class C:\n        break"), "'break' outside loop @3:9-14");
    EXPECT_EQ(error_of("for x in y:\n    try:\n        pass\n    finally:\n        break"), "OK");
}

TEST_F(CompilerErrors, Generators) {
    EXPECT_EQ(error_of("async def f():\n    yield 1\n    return 2"), "'return' with value in async generator @3:5-13");
    EXPECT_EQ(error_of("async def f():\n    yield 1\n    return"), "OK");
    EXPECT_EQ(error_of("async def f():\n    yield from x"), "'yield from' inside async function @2:5-17");
    EXPECT_EQ(error_of("[(yield) for x in y]"), "'yield' inside list comprehension @1:3-8");
    EXPECT_EQ(error_of("def f():\n    [x for x in (yield)]"), "OK");
}

TEST_F(CompilerErrors, GlobalAndNonlocal) {
    EXPECT_EQ(error_of("nonlocal x"), "nonlocal declaration not allowed at module level @1:1-11");
    EXPECT_EQ(error_of("def f():\n    nonlocal x"), "no binding for nonlocal 'x' found @2:5-15");
    EXPECT_EQ(error_of("def f(x):\n    global x"), "name 'x' is parameter and global @2:5-13");
    EXPECT_EQ(error_of("def f(x):\n    nonlocal x"), "name 'x' is parameter and nonlocal @2:5-15");
    EXPECT_EQ(error_of("def f():\n    print(x)\n    global x"), "name 'x' is used prior to global declaration @3:5-13");
    EXPECT_EQ(error_of("def f():\n    x = 1\n    global x"),
              "name 'x' is assigned to before global declaration @3:5-13");
    EXPECT_EQ(error_of("def f():\n    x: int\n    global x"), "annotated name 'x' can't be global @3:5-13");
}

TEST_F(CompilerErrors, Definitions) {
    // `def f(a, a)` is reported by the parser already.
    EXPECT_EQ(error_of("def f():\n    from m import *"), "import * only allowed at module level @2:19-20");
}

TEST_F(CompilerErrors, Walrus) {
    EXPECT_EQ(error_of("class C:\n    [y := 1 for x in z]"),
              "assignment expression within a comprehension cannot be used in a class body @2:6-7");
    EXPECT_EQ(error_of("[x := 1 for x in z]"),
              "assignment expression cannot rebind comprehension iteration variable 'x' @1:2-3");
}

TEST_F(CompilerErrors, Targets) {
    EXPECT_EQ(error_of("a, *b, *c = d"), "multiple starred expressions in assignment @1:1-10");
}

TEST_F(CompilerErrors, TooManyNestedBlocks) {
    auto nest = [](int n) {
        std::string src;
        for (int i = 0; i < n; i++) src += std::string(4 * i, ' ') + "for x" + std::to_string(i) + " in y:\n";
        return src + std::string(4 * n, ' ') + "pass\n";
    };
    EXPECT_EQ(error_of(nest(20)), "OK");
    EXPECT_EQ(error_of(nest(21)), "too many statically nested blocks @21:81-0");
}

TEST_F(CompilerErrors, SourceLineText) {
    CompileResult r = compile_src("x = 1\nif x:\n    return 2\n");
    ASSERT_TRUE(r.error.has_value());
    EXPECT_EQ(r.error->text, "    return 2");
    EXPECT_EQ(r.error->filename, "t.aio");
}

TEST_F(CompilerErrors, DeepNestingIsAnErrorNotACrash) {
    std::string src = "x = ";
    for (int i = 0; i < 5000; i++) src += "-";
    src += "1\n";
    grammar::ParseResult pr = grammar::parse(arena_, src, "t.aio");
    if (pr.error) GTEST_SKIP() << "the parser already limits nesting";
    CompileResult r = compile(I, *pr.module, "t.aio", src);
    ASSERT_TRUE(r.error.has_value());
    EXPECT_EQ(r.error->type, "RecursionError");
}

TEST_F(CompilerErrors, LongLeftDeepChainsCompile) {
    std::string src = "x = a";
    for (int i = 0; i < 100000; i++) src += "+a";
    src += "\n";
    grammar::ParseResult pr = grammar::parse(arena_, src, "t.aio");
    if (pr.error) GTEST_SKIP() << "the parser rejects the chain: " << pr.error->msg;
    CompileResult r = compile(I, *pr.module, "t.aio", src);
    EXPECT_FALSE(r.error.has_value());
}

}  // namespace aio::compiler::testing
