// tests/unit/compiler_test_util.hpp - shared fixture for the compiler tests:
// parse a source string, compile it, disassemble it or get its SyntaxError.
#pragma once
#include <gtest/gtest.h>

#include <string>

#include "grammar/parse.hpp"
#include "interpreter/compiler.hpp"
#include "interpreter/symtable.hpp"
#include "runtime/interp.hpp"
#include "runtime/protocol.hpp"

namespace aio::compiler::testing {

class CompilerTest : public ::testing::Test {
protected:
    CompilerTest() { rt::init_runtime(I); }

    const grammar::Module* parse(const std::string& src, grammar::ParseMode pm = grammar::ParseMode::File) {
        sources_.push_back(src);
        auto pr = grammar::parse(arena_, sources_.back(), "t.aio", pm);
        if (pr.error) ADD_FAILURE() << "parse error: " << pr.error->msg << " at line " << pr.error->line;
        return pr.module;
    }

    CompileResult compile_src(const std::string& src, CompileMode mode = CompileMode::Module) {
        grammar::ParseMode pm = mode == CompileMode::Eval          ? grammar::ParseMode::Eval
                                : mode == CompileMode::Interactive ? grammar::ParseMode::Interactive
                                                                   : grammar::ParseMode::File;
        const grammar::Module* m = parse(src, pm);
        if (!m) return {};
        return compile(I, *m, "t.aio", sources_.back(), mode);
    }

    rt::Code* code_of(const std::string& src, CompileMode mode = CompileMode::Module) {
        CompileResult r = compile_src(src, mode);
        if (r.error) ADD_FAILURE() << "compile error: " << r.error->msg << " at line " << r.error->line;
        return r.code;
    }

    std::string dis(const std::string& src) {
        rt::Code* c = code_of(src);
        return c ? disassemble(I, c) : "";
    }

    // "msg @line:col-end_col" of the compile-time SyntaxError, or "OK".
    std::string error_of(const std::string& src, CompileMode mode = CompileMode::Module) {
        CompileResult r = compile_src(src, mode);
        if (!r.error) return "OK";
        return r.error->msg + " @" + std::to_string(r.error->line) + ":" + std::to_string(r.error->col) + "-" +
               std::to_string(r.error->end_col);
    }

    // The nested code object named `name` (depth-first), or nullptr.
    static rt::Code* find_code(rt::Code* c, std::string_view name) {
        if (!c) return nullptr;
        if (c->name && c->name->view() == name) return c;
        for (rt::Value v : c->consts)
            if (v.is_obj() && v.as_obj()->kind == rt::ObjKind::Code)
                if (rt::Code* r = find_code(static_cast<rt::Code*>(v.as_obj()), name)) return r;
        return nullptr;
    }

    rt::Interp I;
    grammar::Arena arena_;
    std::deque<std::string> sources_;
};

}  // namespace aio::compiler::testing
