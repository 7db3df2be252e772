// interpreter/load.hpp - source text -> runnable Code in one step (parse +
// compile), for imports, the CLI and the embedding API. Syntax errors become
// SyntaxError exception objects (with msg/filename/lineno/offset/text) raised
// as rt::Unwind, so they travel like any other exception.
#pragma once
#include <string_view>

#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "interpreter/compiler.hpp"

namespace aio::vm {

// Parses and compiles; a syntax error comes back as the diagnostic (for callers
// that print it CPython's way, like the CLI). Registers nothing.
compiler::CompileResult compile_source(rt::Interp& I, std::string_view source, std::string_view filename,
                                       compiler::CompileMode mode);

// State reused by a run of compile_source calls over many files (`aio --check`):
// the AST arena's memory and the interned-name cache. Tied to one interpreter.
struct CompileSession {
    grammar::Arena arena;
    compiler::InternCache names;
};
compiler::CompileResult compile_source(rt::Interp& I, CompileSession& session, std::string_view source,
                                       std::string_view filename, compiler::CompileMode mode);

// Parses and compiles; registers the source for tracebacks (I.sources).
rt::Code* compile_or_raise(rt::Interp& I, std::string_view source, std::string_view filename,
                           compiler::CompileMode mode);

// Builds the SyntaxError/IndentationError/TabError instance for a diagnostic.
rt::Value syntax_error_value(rt::Interp& I, const grammar::SyntaxError& e);

}  // namespace aio::vm
