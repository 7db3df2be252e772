// tests/unit/vm_native_depth_test.cpp - a run() that refuses to start because too
// many run() calls are nested raises RecursionError *in* the frame its caller pushed:
// the frame is unwound (popped, traceback entry added), so the caller's fiber is as it
// was before the push. Thrown straight out, the frame stayed pushed and every outer
// run() unwound to the wrong boundary: a `try` around the call was skipped (a flaky
// CI failure of lang/recursion_native_guard, where the C-stack limit fell between the
// caller's check and run()'s).
#include <gtest/gtest.h>

#include "interpreter/load.hpp"
#include "interpreter/vm.hpp"
#include "interpreter/vm_api.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/traceback.hpp"

using namespace aio::rt;
namespace vm = aio::vm;
namespace compiler = aio::compiler;

TEST(NativeDepth, RefusedRunUnwindsThePushedFrame) {
    Interp I;
    init_runtime(I);
    Dict* globals = new_dict(I);
    TempRoot rg(I, globals);
    auto cr = vm::compile_source(I, "def f(x):\n    return x + 1\n", "t.aio", compiler::CompileMode::Module);
    ASSERT_FALSE(cr.error);
    vm::run_module_code(I, cr.code, globals);
    Value f = dict_get_str(globals, intern(I, "f"));
    ASSERT_TRUE(is_kind(f, ObjKind::Function));

    vm::VMState& vs = vm::state(I);
    vm::Fiber* fb = vs.current;
    size_t before = fb->frames.size();
    Value arg = Value::integer(1);
    vm::Frame& fr = vm::push_function_frame(I, fb, as<Function>(f), &arg, 1, nullptr, nullptr);
    fr.boundary = true;
    int saved = vs.native_depth;
    vs.native_depth = 100000;
    bool raised = false;
    try {
        vm::run(I, fb);
    } catch (Unwind&) {
        raised = true;
    }
    vs.native_depth = saved;
    ASSERT_TRUE(raised);
    EXPECT_EQ(fb->frames.size(), before);
    Value e = I.pending;
    I.pending = Value::null();
    EXPECT_EQ(format_exception_only(I, e), "RecursionError: maximum recursion depth exceeded\n");

    // The interpreter is still usable: the same call runs normally.
    Value r = vm::call_function(I, as<Function>(f), CallArgs{&arg, 1, nullptr, nullptr, 0});
    EXPECT_EQ(r.as_int(), 2);
}
