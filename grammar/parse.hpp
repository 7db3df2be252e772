// grammar/parse.hpp - the front end's entry point: source text -> AST.
// The lexer (lexer.re, re2c) feeds the parser (parser.y, bison); both report
// the first error as a SyntaxError in CPython's words.
#pragma once
#include <optional>
#include <string_view>

#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"

namespace aio::grammar {

enum class ParseMode {
    File,         // a module: statements until EOF
    Interactive,  // one REPL entry (statements); sets SyntaxError::incomplete when more input is needed
    Eval,         // a single expression (eval()); Module::body holds one ExprStmt
};

struct ParseResult {
    Module* module = nullptr;           // non-null on success
    std::optional<SyntaxError> error;   // set on failure
};

// Parses `source` (UTF-8; a leading BOM and a `#!` first line are allowed).
// Never throws for bad input; all nodes and strings are allocated in `arena`.
ParseResult parse(Arena& arena, std::string_view source, std::string_view filename,
                  ParseMode mode = ParseMode::File);

// `aio --dump-ast`: an indented, readable dump of the tree.
std::string dump_ast(const Module& m);

}  // namespace aio::grammar
