// interpreter/compiler.hpp - AST -> Code. Runs the symbol-table pass (symtable)
// and then emits bytecode per scope. Compile-time errors ('return' outside
// function, 'await' outside async function, nonlocal errors, ...) come back as
// a SyntaxError in CPython's words; nothing is raised.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "interpreter/code.hpp"
#include "interpreter/name_map.hpp"

namespace aio::rt { struct Interp; }

namespace aio::compiler {

enum class CompileMode {
    Module,       // a file or -c: statements
    Interactive,  // a REPL entry: expression statements print via PRINT_EXPR; top-level await allowed (code gets kCoCoroutine when it awaits)
    Eval,         // a single expression: the code returns its value
};

struct CompileResult {
    rt::Code* code = nullptr;                   // set on success
    std::optional<grammar::SyntaxError> error;  // set on failure
};

// Names interned by earlier compiles with the same interpreter, so compiling
// many sources in a row (`aio --check`) probes the interpreter's big intern
// table once per distinct name. Valid as long as the interpreter (interned
// strings are never freed).
using InternCache = NameMap<rt::Str*>;

// `source` is used only for the text line of SyntaxErrors. `cache` is optional.
CompileResult compile(rt::Interp& I, const grammar::Module& mod, std::string_view filename,
                      std::string_view source, CompileMode mode = CompileMode::Module,
                      InternCache* cache = nullptr);

// `aio --dis`: a readable listing of `code` and, recursively, its nested code objects.
std::string disassemble(rt::Interp& I, const rt::Code* code);

}  // namespace aio::compiler
