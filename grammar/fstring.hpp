// grammar/fstring.hpp - f-strings: splits f"..." tokens into literal parts and
// FormattedValue fields. Each field's expression is parsed by a nested parse
// of the exact source span (so node locations are real file positions).
#pragma once
#include <string>

#include "grammar/context.hpp"

namespace aio::grammar {

class FStringBuilder {
public:
    FStringBuilder(ParseCtx& ctx, Loc whole) : ctx_(ctx), whole_(whole), values_(ctx.seq()) {}
    // Adds one string token of an adjacent-literal run (f-string or plain).
    bool add(Tok tok, Loc loc);
    // The JoinedStr for the whole run.
    Expr* finish();

private:
    struct Cursor { const char* p; const char* end; int line; int col; };
    // Parses literal text and fields until the end of the body, or (in a
    // format spec, depth > 0) until the '}' that closes the field.
    bool parse_parts(Cursor& c, bool raw, int depth, std::string& lit, Seq* out);
    bool parse_field(Cursor& c, bool raw, int depth, std::string& lit, Seq* out);
    void flush(std::string& lit, Seq* out);
    bool fail(const char* msg, const Cursor& c);
    void advance(Cursor& c, size_t n);

    ParseCtx& ctx_;
    Loc whole_;
    Seq* values_;
    std::string lit_;
    Loc piece_{};  // the token being split: CPython reports f-string errors just past it
};

// Parses `[b, e)` (an f-string field's expression, at line:col of the file)
// as `( expression )`. Returns nullptr after recording an error.
Expr* parse_fstring_expr(ParseCtx& ctx, const char* b, const char* e, int line, int col);

}  // namespace aio::grammar
