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

}  // namespace aio::compiler::testing
