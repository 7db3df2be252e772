// grammar/lexer.hpp - the tokenizer (lexer.re, re2c): bytes -> tokens, pulled
// one at a time by the parser. It owns the indentation stack (INDENT/DEDENT),
// the bracket stack (implicit line joining) and reports lexical errors in
// CPython's words through ParseCtx::fail. Token kinds are the bison parser's.
#pragma once
#include <vector>

#include "grammar/context.hpp"

namespace aio::grammar {

struct LexToken {
    int kind;   // a Parser::token kind, 0 at end of input
    Tok tok;    // text (NAME, NUMBER, STRING) or the operator's bytes
    int op;     // AUGASSIGN: the BinOpKind
    Loc loc;
};

class Lexer {
public:
    // Scans [begin, end) where *end == 0. `line`/`col` position `begin` in the
    // file (f-string expressions are lexed in place with an offset);
    // `depth` > 0 starts inside an implicit bracket (no NEWLINE/INDENT).
    Lexer(ParseCtx& ctx, const char* begin, const char* end, StartKind start,
          int line = 1, int col = 0, int depth = 0);

    // The next token. After an error it returns 0 (end) forever.
    LexToken next();

    // For error messages: where the previous token ended, the header that
    // wants an indented block ("'if' statement on line 3").
    // last_*: the most recent token (the parser's lookahead at an error);
    // before_*: the token before it.
    Loc last_loc() const { return prev_loc_; }
    int last_kind() const { return prev_kind_; }
    Loc before_loc() const { return before_loc_; }
    int before_kind() const { return before_kind_; }
    int before2_kind() const { return before2_kind_; }
    // The innermost open bracket ('(' '[' '{', or 0) and whether it opened a
    // `def` parameter list.
    char bracket() const { return brackets_.empty() ? 0 : brackets_.back().c; }
    Loc bracket_loc() const { return brackets_.empty() ? Loc{} : brackets_.back().loc; }
    bool in_def_params() const;
    // First token kind of the current logical line (or of the one a NEWLINE just ended).
    // Where NEWLINE / INDENT / DEDENT sit for node locations: at the end of the
    // last real token, so a block ends where its last statement ends (CPython).
    Loc layout_loc() const { return Loc{real_end_.end_line, real_end_.end_col, real_end_.end_line, real_end_.end_col}; }
    int line_first_kind() const { return line_first_kind_ != -1 ? line_first_kind_ : ended_first_kind_; }
    // Whether the current logical line is a `def` (or `async def`) header before its ':'.
    bool in_def_header() const {
        return !line_colon_ &&
               (line_first_kind_ == def_kind_ || (line_first_kind_ == async_kind_ && line_second_kind_ == def_kind_));
    }
    std::string block_header() const;
    int block_header_line() const { return header_line_; }
    // Start of the expression that ends at the current token, for
    // "Perhaps you forgot a comma?" (CPython underlines from there).
    Loc expr_start() const { return expr_start_; }
    // Start of the expression before the latest `if` (for "expected 'else'").
    Loc if_body_start() const { return if_body_start_; }
    int depth() const { return static_cast<int>(brackets_.size()) + base_depth_; }
    bool at_eof() const { return eof_; }
    bool failed() const { return failed_; }

    // The element being written at the top level of the innermost `{...}`
    // display, for CPython's dictionary messages ("':' expected after
    // dictionary key"): which separators it has seen and what came before it.
    struct BraceElem {
        bool first = true;     // no ',' yet at this level
        bool all_pairs = true; // every finished element was `k: v` or `**m`
        bool colon = false;    // this element has its key/value ':'
        bool starstar = false; // this element is `**m`
        int tokens = 0;        // tokens of this element so far
        int lambdas = 0;       // `lambda`s still waiting for their ':'
    };
    // The '{' display that the latest '}' closed.
    const BraceElem* closed_brace_elem() const { return &closed_brace_; }
    // nullptr unless the bracket `up` levels out from the innermost is a '{'.
    const BraceElem* brace_elem(size_t up = 0) const {
        if (brackets_.size() <= up) return nullptr;
        const Bracket& b = brackets_[brackets_.size() - 1 - up];
        return b.c == '{' ? &b.elem : nullptr;
    }

private:
    struct Bracket { char c; Loc loc; int line_kind; BraceElem elem{}; };
    void note_brace(int kind);
    LexToken scan();
    bool indent_line(LexToken& out);
    LexToken make(int kind, const char* b, const char* e);
    LexToken error_token();
    bool scan_string(const char* b, const char* quote, LexToken& out);
    LexToken finish_eof();
    void error_at(const char* p, std::string msg, const char* type = "SyntaxError");
    int col_of(const char* p) const {
        return static_cast<int>(p - line_start_) + (line_ == first_line_ ? col_bias_ : 0);
    }
    void note(const LexToken& t);

    ParseCtx& ctx_;
    const char* cur_;
    const char* lim_;
    const char* line_start_;
    int line_, first_line_, col_bias_;
    int base_depth_;
    int start_token_;
    bool at_bol_ = true;
    bool line_has_tokens_ = false;  // a NEWLINE is due at the end of this line
    bool eof_ = false, emitted_eof_newline_ = false;
    bool failed_ = false;
    int pending_dedents_ = 0;
    std::vector<int> indents_{0}, alt_indents_{0};
    std::vector<Bracket> brackets_;
    BraceElem closed_brace_{};
    Loc prev_loc_{};
    int prev_kind_ = -1;
    Loc before_loc_{};
    Loc real_end_{1, 0, 1, 0};
    int before_kind_ = -1;
    int before2_kind_ = -1;
    int line_first_kind_ = -1, line_second_kind_ = -1, line_first_line_ = 0;
    int ended_first_kind_ = -1;
    bool line_colon_ = false;    // a ':' outside brackets on this logical line
    int def_kind_, async_kind_;  // token kinds, set by the constructor (parser.hpp is not included here)
    int header_kind_ = -1, header_line_ = 0;
    Loc expr_start_{};
    Loc if_body_start_{};
    bool expr_start_next_ = true;
};

}  // namespace aio::grammar
