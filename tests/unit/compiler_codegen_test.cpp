// tests/unit/compiler_codegen_test.cpp - golden disassembly of small constructs
// (compare with `python3 -m dis`: the same shape, adapted to aio's opcodes),
// stack depth of nested constructs, and exception-table ranges.
#include "tests/unit/compiler_test_util.hpp"

namespace aio::compiler::testing {

using Codegen = CompilerTest;

TEST_F(Codegen, ScratchDump) {
    const char* src = std::getenv("AIO_DIS_SRC");
    if (!src) GTEST_SKIP();
    std::printf("%s", dis(src).c_str());
}

// Stack sizes equal CPython 3.11's co_stacksize for the same sources.
TEST_F(Codegen, StackDepthOfNestedConstructs) {
    EXPECT_EQ(code_of("f(a, b, g(c, d))\n")->stacksize, 8u);
    rt::Code* f = find_code(code_of("def f():\n    for x in y:\n        with m:\n            pass\n"), "f");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->stacksize, 7u);  // iterator, exit, lasti, prev, lasti, exc, copy
    rt::Code* g = find_code(code_of("def g():\n    try:\n        return g()\n    finally:\n        h()\n"), "g");
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->stacksize, 4u);
    EXPECT_EQ(code_of("x = [1, [2, [3, y]]]\n")->stacksize, 4u);
}

TEST_F(Codegen, StackDepthMatchesCPython) {
    struct Case { const char* src; uint32_t cpython; };
    // co_stacksize of the same functions under CPython 3.11 (nested_comp: the
    // outer comprehension call; aio has no PRECALL/NULL-pushing LOAD_GLOBAL, so
    // a few are smaller but never larger than needed).
    const Case cases[] = {
        {"async def f():\n    async with a as b, c:\n        pass\n", 7},
        {"async def f():\n    async for x in y:\n        pass\n", 3},
        {"def f():\n    try:\n        a()\n    except E as e:\n        b(e)\n", 4},
        {"def f():\n    return f'{a!r:>{w}} {b}'\n", 3},
        {"def f():\n    return g(*a, b, k=1, **kw)\n", 6},  // CPython: 5 (BUILD_MAP's dict above its items)
        {"def f():\n    return o.m(1, 2, k=3, j=4)\n", 6},
        {"def f():\n    return {**d, 'k': 1, 'j': [1, 2, 3]}\n", 6},  // CPython: 4 (BUILD_CONST_KEY_MAP)
        {"def f():\n    return a < b < c < d\n", 3},
    };
    for (const Case& c : cases) {
        rt::Code* f = find_code(code_of(c.src), "f");
        ASSERT_NE(f, nullptr) << c.src;
        EXPECT_EQ(f->stacksize, c.cpython) << c.src;
    }
}

// A frame has no slot above its value stack: BUILD_MAP and BUILD_SET root the new
// dict/set above their items while hashing them, one more than CPython counts.
TEST_F(Codegen, StackDepthCoversTransientPushes) {
    rt::Code* m = find_code(code_of("def f():\n    return {a: b}\n"), "f");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->stacksize, 3u);
    rt::Code* s = find_code(code_of("def f():\n    return {a, b}\n"), "f");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->stacksize, 3u);
    rt::Code* e = find_code(code_of("def f():\n    return {}\n"), "f");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->stacksize, 1u);
}

TEST_F(Codegen, DeepLeftChainHasSmallStack) {
    std::string src = "x = a";
    for (int i = 0; i < 1000; i++) src += " + a";
    rt::Code* c = code_of(src + "\n");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->stacksize, 2u);
}

// try/finally with a return inside: the return runs an inline copy of the
// finally body outside the protected range; the exceptional copy is guarded by
// a cleanup handler (lasti) that restores the previously handled exception.
TEST_F(Codegen, ExceptionTableOfTryFinallyWithReturn) {
    rt::Code* g = find_code(code_of("def g():\n    try:\n        return g()\n    finally:\n        h()\n"), "g");
    ASSERT_NE(g, nullptr);
    ASSERT_EQ(g->exc_table.size(), 2u);
    const rt::ExcEntry& body = g->exc_table[0];
    EXPECT_EQ(body.start, 0u);
    EXPECT_EQ(body.end, 3u);  // PUSH_NULL, LOAD_GLOBAL g, CALL: not the inline finally
    EXPECT_EQ(body.depth, 0u);
    EXPECT_FALSE(body.lasti);
    EXPECT_EQ(vm::op_of(g->code[body.target]), vm::Op::PUSH_EXC_INFO);
    const rt::ExcEntry& cleanup = g->exc_table[1];
    EXPECT_EQ(cleanup.start, body.target);
    EXPECT_EQ(cleanup.depth, 1u);
    EXPECT_TRUE(cleanup.lasti);
    EXPECT_EQ(vm::op_of(g->code[cleanup.end - 1]), vm::Op::RERAISE);
    EXPECT_EQ(vm::op_of(g->code[cleanup.target]), vm::Op::COPY);
    // The inline finally (before RETURN_VALUE) is not covered by any entry.
    for (uint32_t i = 3; i < body.target; i++)
        for (const rt::ExcEntry& e : g->exc_table) EXPECT_FALSE(i >= e.start && i < e.end) << i;
}

TEST_F(Codegen, ExceptionTableEntriesAreSortedAndDisjoint) {
    rt::Code* c = code_of(
        "try:\n    with a as b, c as d:\n        for x in y:\n            try:\n                continue\n"
        "            finally:\n                break\nexcept E as e:\n    pass\nfinally:\n    z()\n");
    ASSERT_NE(c, nullptr);
    for (size_t i = 1; i < c->exc_table.size(); i++) EXPECT_LE(c->exc_table[i - 1].end, c->exc_table[i].start);
    for (const rt::ExcEntry& e : c->exc_table) {
        EXPECT_LT(e.start, e.end);
        EXPECT_LT(e.target, c->code.size());
    }
}

TEST_F(Codegen, FlagsAndNames) {
    rt::Code* m = code_of(
        "def f(a, *args, k, **kw):\n    def g():\n        return a\n    return g\n"
        "async def c(): pass\nasync def ag():\n    yield 1\ndef gen():\n    yield 1\nclass K:\n    def m(self): pass\n");
    ASSERT_NE(m, nullptr);
    EXPECT_TRUE(m->flags & rt::kCoModule);
    rt::Code* f = find_code(m, "f");
    EXPECT_EQ(f->flags & (rt::kCoVarargs | rt::kCoVarkeywords), uint32_t(rt::kCoVarargs | rt::kCoVarkeywords));
    EXPECT_EQ(f->argcount, 1u);
    EXPECT_EQ(f->kwonlyargcount, 1u);
    ASSERT_GE(f->varnames.size(), 4u);
    EXPECT_EQ(f->varnames[0]->view(), "a");
    EXPECT_EQ(f->varnames[1]->view(), "k");
    EXPECT_EQ(f->varnames[2]->view(), "args");
    EXPECT_EQ(f->varnames[3]->view(), "kw");
    EXPECT_EQ(find_code(m, "g")->qualname->view(), "f.<locals>.g");
    EXPECT_TRUE(find_code(m, "c")->flags & rt::kCoCoroutine);
    EXPECT_TRUE(find_code(m, "ag")->flags & rt::kCoAsyncGenerator);
    EXPECT_TRUE(find_code(m, "gen")->flags & rt::kCoGenerator);
    EXPECT_TRUE(find_code(m, "K")->flags & rt::kCoClassBody);
    EXPECT_EQ(find_code(m, "m")->qualname->view(), "K.m");
}

TEST_F(Codegen, FunctionDocstringIsFirstConstant) {
    rt::Code* m = code_of("def f():\n    'the doc'\n    return 'x'\ndef g():\n    return 'x'\n");
    rt::Code* f = find_code(m, "f");
    rt::Code* g = find_code(m, "g");
    ASSERT_TRUE(f->consts[0].is_obj());
    EXPECT_EQ(static_cast<rt::Str*>(f->consts[0].as_obj())->view(), "the doc");
    EXPECT_TRUE(g->consts[0].is_none());
}

TEST_F(Codegen, InteractivePrintsExpressionStatements) {
    rt::Code* c = code_of("x = 2\nx * 21\nfor i in y: i\n\n", CompileMode::Interactive);
    ASSERT_NE(c, nullptr);
    int prints = 0;
    for (uint32_t w : c->code) prints += vm::op_of(w) == vm::Op::PRINT_EXPR;
    EXPECT_EQ(prints, 2);
    rt::Code* m = code_of("x * 21\n");
    for (uint32_t w : m->code) EXPECT_NE(vm::op_of(w), vm::Op::PRINT_EXPR);
}

TEST_F(Codegen, EvalReturnsTheValue) {
    rt::Code* c = code_of("1 + x", CompileMode::Eval);
    ASSERT_NE(c, nullptr);
    ASSERT_GE(c->code.size(), 2u);
    EXPECT_EQ(vm::op_of(c->code.back()), vm::Op::RETURN_VALUE);
    EXPECT_EQ(vm::op_of(c->code[c->code.size() - 2]), vm::Op::BINARY_ADD);
}

// The last pass specializes BINARY_OP for + - * % (in-place forms too, same arg);
// other operators stay BINARY_OP, and the disassembler shows the general form. An
// addition stored into a local (`a += b`) is fused with its STORE_FAST.
TEST_F(Codegen, BinaryOpsAreSpecialized) {
    rt::Code* c = code_of("def f(a, b):\n    a += b\n    return a - b, a * b, a % b, a / b, a ** b\n");
    ASSERT_NE(c, nullptr);
    std::vector<vm::Op> ops;
    for (const rt::Value& k : c->consts) {
        if (!k.is_obj() || k.as_obj()->kind != rt::ObjKind::Code) continue;
        for (uint32_t w : static_cast<rt::Code*>(k.as_obj())->code) {
            vm::Op op = vm::op_of(w);
            if (vm::unfused(op) == vm::Op::BINARY_OP) ops.push_back(op);
        }
    }
    std::vector<vm::Op> want = {vm::Op::BINARY_ADD__STORE_FAST, vm::Op::BINARY_SUB, vm::Op::BINARY_MUL,
                                vm::Op::BINARY_MOD, vm::Op::BINARY_OP, vm::Op::BINARY_OP};
    EXPECT_EQ(ops, want);
}

// Loads of locals bound on every path (parameters, earlier assignments) are
// LOAD_FAST, which the VM runs without a test; the others LOAD_FAST_CHECK, which
// the disassembler shows as LOAD_FAST.
TEST_F(Codegen, OnlyUnprovenLocalLoadsAreChecked) {
    rt::Code* c = code_of(
        "def f(a, *r, k=1, **kw):\n"
        "    b = a\n"
        "    if a:\n"
        "        c = 1\n"
        "    print(a, r, k, kw, b, c)\n"
        "    del b\n"
        "    try:\n"
        "        d = 1\n"
        "        e = 2\n"
        "    except Exception:\n"
        "        print(d)\n"
        "    return b, e\n");
    ASSERT_NE(c, nullptr);
    rt::Code* f = nullptr;
    for (const rt::Value& k : c->consts)
        if (k.is_obj() && k.as_obj()->kind == rt::ObjKind::Code) f = static_cast<rt::Code*>(k.as_obj());
    ASSERT_NE(f, nullptr);
    std::string checked, unchecked;
    for (uint32_t w : f->code) {
        vm::Op op = vm::op_of(w);
        auto name = [&] { return std::string(f->varnames.at(vm::arg_of(w))->view()) + " "; };
        if (op == vm::Op::LOAD_FAST_CHECK) checked += name();
        // (superinstructions start with LOAD_FAST only when it is proved)
        if (op == vm::Op::LOAD_FAST || op == vm::Op::LOAD_FAST__LOAD_FAST || op == vm::Op::LOAD_FAST__LOAD_CONST)
            unchecked += name();
    }
    EXPECT_EQ(checked, "c d b e ");
    EXPECT_EQ(unchecked, "a a a r k kw b ");
    EXPECT_EQ(disassemble(I, f).find("LOAD_FAST_CHECK"), std::string::npos);
}

TEST_F(Codegen, UnrepresentableLiteralsCompileToARaise) {
    rt::Code* c = code_of("x = 99999999999999999999999\ny = 1j\n");
    ASSERT_NE(c, nullptr);
    std::string d = disassemble(I, c);
    EXPECT_NE(d.find("OverflowError"), std::string::npos);
    EXPECT_NE(d.find("'integer overflow'"), std::string::npos);
    EXPECT_NE(d.find("complex numbers are not supported"), std::string::npos);
    EXPECT_EQ(code_of("x = -9223372036854775808\n")->consts[0].as_int(), INT64_MIN);
}

}  // namespace aio::compiler::testing
