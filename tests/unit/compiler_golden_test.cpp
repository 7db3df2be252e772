// tests/unit/compiler_golden_test.cpp - golden disassembly of small constructs.
// Each has the shape of `python3 -m dis` for the same source, adapted to aio's
// opcodes (no CACHE/PRECALL, absolute jump targets, WITH_NORMAL_EXIT, ...).
// Regenerate: AIO_DIS_SRC=... ctests --gtest_filter=Codegen.ScratchDump; review the diff.
#include "tests/unit/compiler_test_util.hpp"

namespace aio::compiler::testing {

using Golden = CompilerTest;

TEST_F(Golden, ChainedCompare) {
    EXPECT_EQ(dis("x = a < b < c\n"), R"(   1          0 LOAD_NAME                  0 (a)
              1 LOAD_NAME                  1 (b)
              2 SWAP                       2
              3 COPY                       2
              4 COMPARE_OP                 2 (<)
              5 JUMP_IF_FALSE_OR_POP       9 (to 9)
              6 LOAD_NAME                  2 (c)
              7 COMPARE_OP                 2 (<)
              8 JUMP                      11 (to 11)
       >>     9 SWAP                       2
             10 POP_TOP
       >>    11 STORE_NAME                 3 (x)
             12 LOAD_CONST                 0 (None)
             13 RETURN_VALUE
)");
}

TEST_F(Golden, AugmentedAttribute) {
    EXPECT_EQ(dis("a.b += 1\n"), R"(   1          0 LOAD_NAME                  0 (a)
              1 COPY                       1
              2 LOAD_ATTR                  1 (b)
              3 LOAD_CONST                 0 (1)
              4 BINARY_OP                 16 (+=)
              5 SWAP                       2
              6 STORE_ATTR                 1 (b)
              7 LOAD_CONST                 1 (None)
              8 RETURN_VALUE
)");
}

TEST_F(Golden, SubscriptAugAssign) {
    EXPECT_EQ(dis("a[i] *= 2\n"), R"(   1          0 LOAD_NAME                  0 (a)
              1 LOAD_NAME                  1 (i)
              2 COPY                       2
              3 COPY                       2
              4 BINARY_SUBSCR
              5 LOAD_CONST                 0 (2)
              6 BINARY_OP                 18 (*=)
              7 SWAP                       3
              8 SWAP                       2
              9 STORE_SUBSCR
             10 LOAD_CONST                 1 (None)
             11 RETURN_VALUE
)");
}

TEST_F(Golden, WithStatement) {
    EXPECT_EQ(dis("with m as v:\n    pass\n"), R"(   1          0 LOAD_NAME                  0 (m)
              1 BEFORE_WITH
              2 STORE_NAME                 1 (v)

   2          3 NOP

   1          4 WITH_NORMAL_EXIT
              5 JUMP                      18 (to 18)
       >>     6 PUSH_EXC_INFO
              7 WITH_EXCEPT_START
              8 POP_JUMP_IF_TRUE          10 (to 10)
              9 RERAISE                    2
       >>    10 POP_TOP
             11 POP_EXCEPT
             12 POP_TOP
             13 POP_TOP
             14 JUMP                      18 (to 18)
       >>    15 COPY                       3
             16 POP_EXCEPT
             17 RERAISE                    1
       >>    18 LOAD_CONST                 0 (None)
             19 RETURN_VALUE
ExceptionTable:
  2 to 3 -> 6 [1] lasti
  6 to 10 -> 15 [3] lasti
)");
}

TEST_F(Golden, TryFinallyReturn) {
    EXPECT_EQ(dis("def f():\n    try:\n        return g()\n    finally:\n        h()\n"), R"(   1          0 LOAD_CONST                 0 (<code object f, file "t.aio", line 1>)
              1 MAKE_FUNCTION              0
              2 STORE_NAME                 0 (f)
              3 LOAD_CONST                 1 (None)
              4 RETURN_VALUE

Disassembly of <code object f, file "t.aio", line 1>:
   3          0 PUSH_NULL
              1 LOAD_GLOBAL                0 (g)
              2 CALL                       0

   5          3 PUSH_NULL
              4 LOAD_GLOBAL                1 (h)
              5 CALL                       0
              6 POP_TOP

   3          7 RETURN_VALUE

   5          8 PUSH_NULL
              9 LOAD_GLOBAL                1 (h)
             10 CALL                       0
             11 POP_TOP

   2         12 JUMP                      22 (to 22)
       >>    13 PUSH_EXC_INFO

   5         14 PUSH_NULL
             15 LOAD_GLOBAL                1 (h)
             16 CALL                       0
             17 POP_TOP

   2         18 RERAISE                    0
       >>    19 COPY                       3
             20 POP_EXCEPT
             21 RERAISE                    1

   1   >>    22 LOAD_CONST                 0 (None)
             23 RETURN_VALUE
ExceptionTable:
  0 to 2 -> 13 [0]
  13 to 18 -> 19 [1] lasti
)");
}

TEST_F(Golden, TryExceptAs) {
    EXPECT_EQ(dis("try:\n    a()\nexcept E as e:\n    b(e)\n"), R"(   1          0 NOP

   2          1 PUSH_NULL
              2 LOAD_NAME                  0 (a)
              3 CALL                       0
              4 POP_TOP

   1          5 JUMP                      29 (to 29)
       >>     6 PUSH_EXC_INFO

   3          7 LOAD_NAME                  1 (E)
              8 CHECK_EXC_MATCH
              9 POP_JUMP_IF_FALSE         25 (to 25)
             10 STORE_NAME                 2 (e)

   4         11 PUSH_NULL
             12 LOAD_NAME                  3 (b)
             13 LOAD_NAME                  2 (e)
             14 CALL                       1
             15 POP_TOP

   3         16 POP_EXCEPT
             17 LOAD_CONST                 0 (None)
             18 STORE_NAME                 2 (e)
             19 DELETE_NAME                2 (e)
             20 JUMP                      29 (to 29)
       >>    21 LOAD_CONST                 0 (None)
             22 STORE_NAME                 2 (e)
             23 DELETE_NAME                2 (e)
             24 RERAISE                    1

   1   >>    25 RERAISE                    0
       >>    26 COPY                       3
             27 POP_EXCEPT
             28 RERAISE                    1
       >>    29 LOAD_CONST                 0 (None)
             30 RETURN_VALUE
ExceptionTable:
  0 to 4 -> 6 [0]
  6 to 10 -> 26 [1] lasti
  11 to 15 -> 21 [1] lasti
  21 to 25 -> 26 [1] lasti
)");
}

TEST_F(Golden, ForBreakElse) {
    EXPECT_EQ(dis("for x in y:\n    if x:\n        break\nelse:\n    z()\n"), R"(   1          0 LOAD_NAME                  0 (y)
              1 GET_ITER
       >>     2 FOR_ITER                   9 (to 9)
              3 STORE_NAME                 1 (x)

   2          4 LOAD_NAME                  1 (x)
              5 POP_JUMP_IF_FALSE          8 (to 8)

   3          6 POP_ITER
              7 JUMP                      13 (to 13)

   1   >>     8 JUMP                       2 (to 2)

   5   >>     9 PUSH_NULL
             10 LOAD_NAME                  2 (z)
             11 CALL                       0
             12 POP_TOP

   1   >>    13 LOAD_CONST                 0 (None)
             14 RETURN_VALUE
)");
}

TEST_F(Golden, StarCall) {
    EXPECT_EQ(dis("f(*a, b, k=1, **kw)\n"), R"(   1          0 PUSH_NULL
              1 LOAD_NAME                  0 (f)
              2 BUILD_LIST                 0
              3 LOAD_NAME                  1 (a)
              4 LIST_EXTEND                1
              5 LOAD_NAME                  2 (b)
              6 LIST_APPEND                1
              7 LIST_TO_TUPLE
              8 LOAD_CONST                 0 ('k')
              9 LOAD_CONST                 1 (1)
             10 BUILD_MAP                  1
             11 LOAD_NAME                  3 (kw)
             12 DICT_MERGE                 1
             13 CALL_FUNCTION_EX           1
             14 POP_TOP
             15 LOAD_CONST                 2 (None)
             16 RETURN_VALUE
)");
}

TEST_F(Golden, MethodCallKeywords) {
    EXPECT_EQ(dis("o.m(1, k=2)\n"), R"(   1          0 LOAD_NAME                  0 (o)
              1 LOAD_METHOD                1 (m)
              2 LOAD_CONST                 0 (1)
              3 LOAD_CONST                 1 (2)
              4 KW_NAMES                   2 (('k',))
              5 CALL                       2
              6 POP_TOP
              7 LOAD_CONST                 3 (None)
              8 RETURN_VALUE
)");
}

TEST_F(Golden, ListComp) {
    EXPECT_EQ(dis("r = [x for x in y if x]\n"), R"(   1          0 LOAD_CONST                 0 (<code object <listcomp>, file "t.aio", line 1>)
              1 MAKE_FUNCTION             16 (comprehension)
              2 LOAD_NAME                  0 (y)
              3 GET_ITER
              4 CALL                       0
              5 STORE_NAME                 1 (r)
              6 LOAD_CONST                 1 (None)
              7 RETURN_VALUE

Disassembly of <code object <listcomp>, file "t.aio", line 1>:
   1          0 BUILD_LIST                 0
              1 LOAD_FAST                  0 (.0)
       >>     2 FOR_ITER                   9 (to 9)
              3 STORE_FAST                 1 (x)
              4 LOAD_FAST                  1 (x)
              5 POP_JUMP_IF_FALSE          2 (to 2)
              6 LOAD_FAST                  1 (x)
              7 LIST_APPEND                2
              8 JUMP                       2 (to 2)
       >>     9 RETURN_VALUE
)");
}

TEST_F(Golden, ZeroArgSuper) {
    EXPECT_EQ(dis("class C(B):\n    def m(self):\n        return super().m()\n"), R"(   1          0 PUSH_NULL
              1 LOAD_BUILD_CLASS
              2 LOAD_CONST                 0 (<code object C, file "t.aio", line 1>)
              3 MAKE_FUNCTION              0
              4 LOAD_CONST                 1 ('C')
              5 LOAD_NAME                  0 (B)
              6 CALL                       3
              7 STORE_NAME                 1 (C)
              8 LOAD_CONST                 2 (None)
              9 RETURN_VALUE

Disassembly of <code object C, file "t.aio", line 1>:
   1          0 LOAD_NAME                  0 (__name__)
              1 STORE_NAME                 1 (__module__)
              2 LOAD_CONST                 0 ('C')
              3 STORE_NAME                 2 (__qualname__)

   2          4 LOAD_CLOSURE               0 (__class__)
              5 BUILD_TUPLE                1
              6 LOAD_CONST                 1 (<code object m, file "t.aio", line 2>)
              7 MAKE_FUNCTION              8 (closure)
              8 STORE_NAME                 3 (m)

   1          9 LOAD_CLOSURE               0 (__class__)
             10 COPY                       1
             11 STORE_NAME                 4 (__classcell__)
             12 RETURN_VALUE

Disassembly of <code object m, file "t.aio", line 2>:
   3          0 PUSH_NULL
              1 LOAD_GLOBAL                0 (super)
              2 CALL                       0
              3 LOAD_METHOD                1 (m)
              4 CALL                       0
              5 RETURN_VALUE

   2          6 LOAD_CONST                 0 (None)
              7 RETURN_VALUE
)");
}

TEST_F(Golden, DecoratedFunction) {
    EXPECT_EQ(dis("@d\ndef f(a, b=1, *, c=2) -> int:\n    'doc'\n    return a\n"), R"(   1          0 LOAD_NAME                  0 (d)

   2          1 LOAD_CONST                 0 ((1,))
              2 LOAD_CONST                 1 ('c')
              3 LOAD_CONST                 2 (2)
              4 BUILD_MAP                  1
              5 LOAD_CONST                 3 ('return')
              6 LOAD_NAME                  1 (int)
              7 BUILD_MAP                  1
              8 LOAD_CONST                 4 (<code object f, file "t.aio", line 1>)
              9 MAKE_FUNCTION              7 (defaults, kwdefaults, annotations)
             10 CALL                       0
             11 STORE_NAME                 2 (f)
             12 LOAD_CONST                 5 (None)
             13 RETURN_VALUE

Disassembly of <code object f, file "t.aio", line 1>:
   4          0 LOAD_FAST                  0 (a)
              1 RETURN_VALUE

   2          2 LOAD_CONST                 1 (None)
              3 RETURN_VALUE
)");
}

TEST_F(Golden, ImportForms) {
    EXPECT_EQ(dis("import a.b.c\nimport a.b as c\nfrom . import x as y\nfrom m import *\n"), R"(   1          0 LOAD_CONST                 0 (0)
              1 LOAD_CONST                 1 (None)
              2 IMPORT_NAME                0 (a.b.c)
              3 STORE_NAME                 1 (a)

   2          4 LOAD_CONST                 0 (0)
              5 LOAD_CONST                 1 (None)
              6 IMPORT_NAME                2 (a.b)
              7 IMPORT_FROM                3 (b)
              8 STORE_NAME                 4 (c)
              9 POP_TOP

   3         10 LOAD_CONST                 2 (1)
             11 LOAD_CONST                 3 (('x',))
             12 IMPORT_NAME                5
             13 IMPORT_FROM                6 (x)
             14 STORE_NAME                 7 (y)
             15 POP_TOP

   4         16 LOAD_CONST                 0 (0)
             17 LOAD_CONST                 4 (('*',))
             18 IMPORT_NAME                8 (m)
             19 IMPORT_STAR

   1         20 LOAD_CONST                 1 (None)
             21 RETURN_VALUE
)");
}

TEST_F(Golden, Unpacking) {
    EXPECT_EQ(dis("a, *b, c = d\n"), R"(   1          0 LOAD_NAME                  0 (d)
              1 UNPACK_EX                257
              2 STORE_NAME                 1 (a)
              3 STORE_NAME                 2 (b)
              4 STORE_NAME                 3 (c)
              5 LOAD_CONST                 0 (None)
              6 RETURN_VALUE
)");
}

TEST_F(Golden, AsyncFor) {
    EXPECT_EQ(dis("async def f():\n    async for x in y:\n        await x\n"), R"(   1          0 LOAD_CONST                 0 (<code object f, file "t.aio", line 1>)
              1 MAKE_FUNCTION              0
              2 STORE_NAME                 0 (f)
              3 LOAD_CONST                 1 (None)
              4 RETURN_VALUE

Disassembly of <code object f, file "t.aio", line 1>:
   2          0 LOAD_GLOBAL                0 (y)
              1 GET_AITER
       >>     2 GET_ANEXT
              3 LOAD_CONST                 0 (None)
              4 YIELD_FROM
              5 STORE_FAST                 0 (x)

   3          6 LOAD_FAST                  0 (x)
              7 GET_AWAITABLE              0
              8 LOAD_CONST                 0 (None)
              9 YIELD_FROM
             10 POP_TOP

   2         11 JUMP                       2 (to 2)
       >>    12 END_ASYNC_FOR

   1         13 LOAD_CONST                 0 (None)
             14 RETURN_VALUE
ExceptionTable:
  2 to 4 -> 12 [1]
)");
}

}  // namespace aio::compiler::testing
