// grammar/diagnostic.hpp - compile-time diagnostics (syntax errors) shared by
// the lexer, the parser and the compiler, printed the way CPython prints them.
#pragma once
#include <string>

namespace aio::grammar {

struct SyntaxError {
    std::string type = "SyntaxError";  // or "IndentationError", "TabError"
    std::string msg;                   // e.g. "expected ':'"
    std::string filename;
    int line = 0;       // 1-based
    int col = 0;        // 1-based column of the caret (CPython's offset), 0 = no caret
    int end_col = 0;    // 1-based, exclusive; 0 = single caret
    std::string text;   // the offending source line, without newline ("" if none)
    bool incomplete = false;  // input ended inside an open block/bracket/string (REPL: ask for more)
};

// CPython's layout:
//   File "x.aio", line 3
//     def greet(name)
//                    ^
//   SyntaxError: expected ':'
std::string format_syntax_error(const SyntaxError& e);

}  // namespace aio::grammar
