// grammar/lexer.re - re2c tokenizer: source bytes -> tokens, pulled by the parser.
// Indentation (INDENT/DEDENT, TabError), bracket depth (implicit joining) and
// the "logical line" bookkeeping for CPython-style messages live here, so the
// grammar stays LALR(1). Strings are scanned whole; their contents (escapes,
// f-string fields) are decoded later by literals.cpp / fstring.cpp.
#include <cstring>
#include <string>

#include "grammar/lexer.hpp"
#include "grammar/unicode.hpp"
#include "parser.hpp"

namespace aio::grammar {

using T = gen::Parser::token;

Lexer::Lexer(ParseCtx& ctx, const char* begin, const char* end, StartKind start,
             int line, int col, int depth)
    : ctx_(ctx), cur_(begin), lim_(end), line_start_(begin), line_(line),
      first_line_(line), col_bias_(col), base_depth_(depth) {
    start_token_ = start == StartKind::File   ? T::START_FILE
                   : start == StartKind::Eval ? T::START_EVAL
                                              : T::START_FSTRING;
    at_bol_ = depth == 0;
    def_kind_ = T::DEF;
    async_kind_ = T::ASYNC;
}

void Lexer::error_at(const char* p, std::string msg, const char* type) {
    if (failed_) return;
    failed_ = true;
    ctx_.fail(std::move(msg), line_, col_of(p) + 1, 0, type);
}

LexToken Lexer::make(int kind, const char* b, const char* e) {
    LexToken t;
    t.kind = kind;
    t.tok = Tok{b, static_cast<uint32_t>(e - b)};
    t.op = 0;
    t.loc.line = t.loc.end_line = line_;
    t.loc.col = col_of(b);
    t.loc.end_col = col_of(e);
    return t;
}

LexToken Lexer::error_token() {
    LexToken t = make(0, cur_, cur_);
    return t;
}

bool Lexer::in_def_params() const {
    if (brackets_.size() != 1 || brackets_[0].c != '(') return false;
    int k = brackets_[0].line_kind;
    return k == T::DEF || (k == T::ASYNC && line_second_kind_ == T::DEF);
}

std::string Lexer::block_header() const {
    switch (header_kind_) {
        case T::IF: return "'if' statement";
        case T::ELIF: return "'elif' statement";
        case T::ELSE: return "'else' statement";
        case T::WHILE: return "'while' statement";
        case T::FOR: return "'for' statement";
        case T::WITH: return "'with' statement";
        case T::TRY: return "'try' statement";
        case T::EXCEPT: return "'except' statement";
        case T::FINALLY: return "'finally' statement";
        case T::DEF: return "function definition";
        case T::CLASS: return "class definition";
        default: return "";
    }
}

// Bookkeeping after each token: the previous token (error carets), the
// first keyword of the logical line (block headers), expression starts.
void Lexer::note(const LexToken& t) {
    int k = t.kind;
    if (k == T::NEWLINE) {
        if (prev_kind_ == ':') {
            header_kind_ = line_first_kind_ == T::ASYNC || line_first_kind_ == '@'
                               ? line_second_kind_ : line_first_kind_;
            header_line_ = line_first_line_;
        }
        ended_first_kind_ = line_first_kind_ == T::ASYNC ? line_second_kind_ : line_first_kind_;
        line_first_kind_ = -1;
        line_colon_ = false;
    } else if (k != T::INDENT && k != T::DEDENT && k > 0 && k != T::START_FILE &&
               k != T::START_EVAL && k != T::START_FSTRING) {
        if (line_first_kind_ == -1) {
            line_first_kind_ = k;
            line_second_kind_ = -1;
            line_first_line_ = t.loc.line;
        } else if (line_second_kind_ == -1) {
            line_second_kind_ = k;
        }
        if (depth() == 0) line_has_tokens_ = true;
        real_end_ = t.loc;
    }
    if (k == ':' && depth() == 0) line_colon_ = true;
    if (k == T::IF) if_body_start_ = expr_start_;
    switch (k) {
        case '(': case '[': case '{': case ',': case ':': case '=': case ';':
        case T::WALRUS: case T::AUGASSIGN: case T::NEWLINE: case T::INDENT: case T::DEDENT:
        case T::IF: case T::ELSE: case T::FOR: case T::LAMBDA: case T::RETURN: case T::YIELD:
        case T::FROM: case T::IMPORT: case T::AS: case T::ASSERT: case T::DEL: case T::WITH:
        case T::WHILE: case T::ASYNC: case T::ELIF: case T::ARROW:
            expr_start_next_ = true;
            break;
        case T::IN:
            if (prev_kind_ != T::NOT) expr_start_next_ = true;
            break;
        default:
            if (expr_start_next_) {
                expr_start_ = t.loc;
                expr_start_next_ = false;
            }
    }
    before2_kind_ = before_kind_;
    before_kind_ = prev_kind_;
    before_loc_ = prev_loc_;
    prev_kind_ = k;
    prev_loc_ = t.loc;
}

void Lexer::note_brace(int k) {
    // An opening bracket is already pushed: it is a token of the level around it.
    size_t n = brackets_.size();
    bool opening = k == '(' || k == '[' || k == '{';
    if (n < (opening ? 2u : 1u)) return;
    Bracket& b = brackets_[n - (opening ? 2 : 1)];
    if (b.c != '{') return;
    BraceElem& e = b.elem;
    if (k == ',') {
        if (e.tokens > 0) e.all_pairs = e.all_pairs && (e.colon || e.starstar);
        e.first = false;
        e.colon = e.starstar = false;
        e.tokens = e.lambdas = 0;
        return;
    }
    if (k == ':') {
        if (e.lambdas > 0) e.lambdas--;
        else e.colon = true;
    } else if (k == T::LAMBDA) {
        e.lambdas++;
    } else if (k == T::POW && e.tokens == 0) {
        e.starstar = true;
    }
    e.tokens++;
}

LexToken Lexer::next() {
    LexToken t = scan();
    if (t.kind > 0 && !brackets_.empty()) note_brace(t.kind);
    note(t);
    return t;
}

// Called at the first byte of a physical line outside brackets: measures the
// indentation and produces INDENT / DEDENT. Returns false when no token is due.
bool Lexer::indent_line(LexToken& out) {
    const char* p = cur_;
    int col = 0, alt = 0;
    for (;; p++) {
        if (*p == ' ') { col++; alt++; }
        else if (*p == '\t') { col = (col / 8 + 1) * 8; alt++; }
        else if (*p == '\f') { col = alt = 0; }
        else break;
    }
    cur_ = p;
    if (*p == '#' || *p == '\n' || *p == '\r' || p >= lim_ || *p == '\\') return false;
    if (col > indents_.back()) {
        if (alt <= alt_indents_.back()) {
            failed_ = true;
            ctx_.fail("inconsistent use of tabs and spaces in indentation", line_, 1, 0, "TabError");
            return false;
        }
        if (indents_.size() >= 100) {
            error_at(p, "too many levels of indentation", "IndentationError");
            return false;
        }
        indents_.push_back(col);
        alt_indents_.push_back(alt);
        out = make(T::INDENT, p, p);
        return true;
    }
    int n = 0;
    while (indents_.size() > 1 && col < indents_.back()) {
        indents_.pop_back();
        alt_indents_.pop_back();
        n++;
    }
    if (col != indents_.back()) {
        failed_ = true;
        // CPython puts the caret just past the end of the line.
        const char* e = p;
        while (e < lim_ && *e != '\n' && *e != '\r') e++;
        ctx_.fail("unindent does not match any outer indentation level", line_,
                  col_of(e) + 1, -1, "IndentationError");
        return false;
    }
    if (alt != alt_indents_.back()) {
        failed_ = true;
        ctx_.fail("inconsistent use of tabs and spaces in indentation", line_, 1, 0, "TabError");
        return false;
    }
    if (n == 0) return false;
    pending_dedents_ = n - 1;
    out = make(T::DEDENT, p, p);
    return true;
}

LexToken Lexer::finish_eof() {
    eof_ = true;
    cur_ = lim_;
    if (!brackets_.empty()) {
        const Bracket& b = brackets_.back();
        if (ctx_.mode == ParseMode::Interactive) ctx_.eof_incomplete = true;
        failed_ = true;
        ctx_.fail(std::string("'") + b.c + "' was never closed", b.loc.line, b.loc.col + 1);
        return error_token();
    }
    if (base_depth_ > 0) return make(0, cur_, cur_);
    if (line_has_tokens_) {
        line_has_tokens_ = false;
        LexToken t = make(T::NEWLINE, cur_, cur_);
        return t;
    }
    if (indents_.size() > 1) {
        indents_.pop_back();
        alt_indents_.pop_back();
        return make(T::DEDENT, cur_, cur_);
    }
    return make(0, cur_, cur_);
}

// Scans a string literal whose prefix starts at `b` and quote at `q`.
bool Lexer::scan_string(const char* b, const char* q, LexToken& out) {
    const char quote = *q;
    const bool triple = q[1] == quote && q[2] == quote;
    const int start_line = line_;
    const int start_col = col_of(b);
    const char* s = q + (triple ? 3 : 1);
    for (;;) {
        char c = *s;
        if (s >= lim_) {
            failed_ = true;
            int at = line_;
            // A newline just before EOF does not start a new line for CPython.
            if (s > ctx_.src && (s[-1] == '\n' || s[-1] == '\r') && at > start_line) at--;
            if (triple) {
                if (ctx_.mode == ParseMode::Interactive) ctx_.eof_incomplete = true;
                ctx_.fail("unterminated triple-quoted string literal (detected at line " +
                              std::to_string(at) + ")", start_line, start_col + 1, start_col + 1);
            } else {
                ctx_.fail("unterminated string literal (detected at line " + std::to_string(at) + ")",
                          start_line, start_col + 1, start_col + 1);
            }
            return false;
        }
        if (c == '\\') {
            s++;
            if (*s == '\r' && s[1] == '\n') s++;
            if ((*s == '\n' || *s == '\r')) {
                line_++;
                line_start_ = s + 1;
            }
            if (s < lim_) s++;
            continue;
        }
        if (c == quote) {
            if (!triple) { s++; break; }
            if (s[1] == quote && s[2] == quote) { s += 3; break; }
            s++;
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (!triple) {
                failed_ = true;
                ctx_.fail("unterminated string literal (detected at line " + std::to_string(line_) + ")",
                          start_line, start_col + 1, start_col + 1);
                return false;
            }
            if (c == '\r' && s[1] == '\n') s++;
            line_++;
            line_start_ = s + 1;
        }
        s++;
    }
    out.kind = T::STRING;
    out.tok = Tok{b, static_cast<uint32_t>(s - b)};
    out.op = 0;
    out.loc = Loc{start_line, start_col, line_, col_of(s)};
    cur_ = s;
    return true;
}

LexToken Lexer::scan() {
    if (start_token_) {
        int k = start_token_;
        start_token_ = 0;
        return make(k, cur_, cur_);
    }
    for (;;) {
        if (failed_) return error_token();
        if (pending_dedents_ > 0) {
            pending_dedents_--;
            return make(T::DEDENT, cur_, cur_);
        }
        if (at_bol_ && depth() == 0) {
            at_bol_ = false;
            LexToken t;
            if (indent_line(t)) return t;
            if (failed_) continue;
        }
        const char* p = cur_;
        while (*p == ' ') p++;  // the common separator, skipped without a DFA round
        cur_ = p;
        const char* m = p;
        const char* tok = p;
        int kind = 0;
        int op = 0;
        (void)m;
/*!re2c
        re2c:define:YYCTYPE = "unsigned char";
        re2c:define:YYCURSOR = p;
        re2c:define:YYMARKER = m;
        re2c:yyfill:enable = 0;
        re2c:indent:string = "    ";

        nl = "\r\n" | "\n" | "\r";
        u2 = [\xC2-\xDF][\x80-\xBF];
        u3 = [\xE0-\xEF][\x80-\xBF][\x80-\xBF];
        u4 = [\xF0-\xF4][\x80-\xBF][\x80-\xBF][\x80-\xBF];
        uni = u2 | u3 | u4;
        id = ([a-zA-Z_] | uni) ([a-zA-Z0-9_] | uni)*;
        digitpart = [0-9] ("_"? [0-9])*;
        dec = [1-9] ("_"? [0-9])* | "0" ("_"? "0")*;
        hex = "0" [xX] ("_"? [0-9a-fA-F])+;
        oct = "0" [oO] ("_"? [0-7])+;
        bin = "0" [bB] ("_"? [01])+;
        fraction = "." digitpart;
        exponent = [eE] [+-]? digitpart;
        pointfloat = digitpart? fraction | digitpart ".";
        float = pointfloat | (digitpart | pointfloat) exponent;
        imag = (float | digitpart) [jJ];
        sprefix = [rRuUbBfF] | [rR][bBfF] | [bBfF][rR];

        "\x00" {
            if (p - 1 >= lim_) { cur_ = lim_; return finish_eof(); }
            cur_ = p;
            error_at(p - 1, "source code cannot contain null bytes");
            continue;
        }
        [ \t\f]+ { cur_ = p; continue; }
        "#" [^\r\n\x00]* { cur_ = p; continue; }
        "\\" nl {
            if (p >= lim_) {
                // CPython: a trailing `\` at EOF wants more input.
                if (ctx_.mode == ParseMode::Interactive) ctx_.eof_incomplete = true;
                cur_ = p;
                error_at(tok + 1, "unexpected EOF while parsing");
                continue;
            }
            line_++;
            line_start_ = p;
            cur_ = p;
            continue;
        }
        "\\" {
            cur_ = p;
            if (p >= lim_ || (*p == 0 && p >= lim_)) {
                if (ctx_.mode == ParseMode::Interactive) ctx_.eof_incomplete = true;
                error_at(tok + 1, "unexpected EOF while parsing");
            } else {
                error_at(p, "unexpected character after line continuation character");
            }
            continue;
        }
        nl {
            LexToken t = make(T::NEWLINE, tok, tok);
            t.loc.end_col = t.loc.col + 1;
            line_++;
            line_start_ = p;
            cur_ = p;
            if (depth() > 0) continue;
            at_bol_ = true;
            if (!line_has_tokens_) continue;
            line_has_tokens_ = false;
            return t;
        }
        "False" { kind = T::FALSE; goto done; }
        "None" { kind = T::NONE; goto done; }
        "True" { kind = T::TRUE; goto done; }
        "and" { kind = T::AND; goto done; }
        "as" { kind = T::AS; goto done; }
        "assert" { kind = T::ASSERT; goto done; }
        "async" { kind = T::ASYNC; goto done; }
        "await" { kind = T::AWAIT; goto done; }
        "break" { kind = T::BREAK; goto done; }
        "class" { kind = T::CLASS; goto done; }
        "continue" { kind = T::CONTINUE; goto done; }
        "def" { kind = T::DEF; goto done; }
        "del" { kind = T::DEL; goto done; }
        "elif" { kind = T::ELIF; goto done; }
        "else" { kind = T::ELSE; goto done; }
        "except" { kind = T::EXCEPT; goto done; }
        "finally" { kind = T::FINALLY; goto done; }
        "for" { kind = T::FOR; goto done; }
        "from" { kind = T::FROM; goto done; }
        "global" { kind = T::GLOBAL; goto done; }
        "if" { kind = T::IF; goto done; }
        "import" { kind = T::IMPORT; goto done; }
        "in" { kind = T::IN; goto done; }
        "is" { kind = T::IS; goto done; }
        "lambda" { kind = T::LAMBDA; goto done; }
        "nonlocal" { kind = T::NONLOCAL; goto done; }
        "not" { kind = T::NOT; goto done; }
        "or" { kind = T::OR; goto done; }
        "pass" { kind = T::PASS; goto done; }
        "raise" { kind = T::RAISE; goto done; }
        "return" { kind = T::RETURN; goto done; }
        "try" { kind = T::TRY; goto done; }
        "while" { kind = T::WHILE; goto done; }
        "with" { kind = T::WITH; goto done; }
        "yield" { kind = T::YIELD; goto done; }
        [a-zA-Z_] [a-zA-Z0-9_]* { kind = T::NAME; goto done; }  // ASCII: nothing to check
        id {
            for (const char* q = tok; q < p; q++) {
                if (static_cast<unsigned char>(*q) >= 0x80) {
                    const char* bad = check_identifier(tok, p);
                    if (bad) {
                        cur_ = p;
                        uint32_t cp = decode_utf8(bad);
                        ctx_.fail("invalid character '" + std::string(bad, utf8_len(bad)) +
                                      "' (U+" + hex_upper(cp) + ")",
                                  line_, col_of(bad) + 1);
                        failed_ = true;
                        return error_token();
                    }
                    break;
                }
            }
            kind = T::NAME;
            goto done;
        }
        (dec | hex | oct | bin | float | imag) {
            unsigned char c = static_cast<unsigned char>(*p);
            if (c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                (c >= 'A' && c <= 'Z') || c >= 0x80) {
                if (!number_may_touch_keyword(p)) {
                    cur_ = p;
                    const char* what = "invalid decimal literal";
                    if (p - tok > 1 && tok[0] == '0') {
                        char b = tok[1] | 0x20;
                        if (b == 'x') what = "invalid hexadecimal literal";
                        else if (b == 'o') what = "invalid octal literal";
                        else if (b == 'b') what = "invalid binary literal";
                    }
                    bool zeros = true;
                    for (const char* q = tok; q < p; q++) zeros &= *q == '0' || *q == '_';
                    if (zeros && c >= '0' && c <= '9') {
                        failed_ = true;
                        ctx_.fail("leading zeros in decimal integer literals are not permitted; "
                                  "use an 0o prefix for octal integers", line_, col_of(tok) + 1);
                        return error_token();
                    }
                    failed_ = true;
                    if ((c >= '0' && c <= '9') && (what[8] == 'o' || what[8] == 'b')) {
                        ctx_.fail(std::string("invalid digit '") + char(c) + "' in " +
                                  (what[8] == 'o' ? "octal" : "binary") + " literal",
                                  line_, col_of(p) + 1);
                    } else {
                        ctx_.fail(what, line_, c == '_' ? col_of(p) + 1 : col_of(p));
                    }
                    return error_token();
                }
            }
            kind = T::NUMBER;
            goto done;
        }
        "0" [xXoObB] {
            cur_ = p;
            char b = tok[1] | 0x20;
            if (b != 'x' && *p >= '0' && *p <= '9') {
                error_at(p, std::string("invalid digit '") + *p + "' in " +
                                (b == 'o' ? "octal" : "binary") + " literal");
                continue;
            }
            error_at(p - 1, b == 'x' ? "invalid hexadecimal literal" : b == 'o' ? "invalid octal literal"
                                                                            : "invalid binary literal");
            continue;
        }
        sprefix? ['"] {
            LexToken t;
            if (!scan_string(tok, p - 1, t)) return error_token();
            return t;
        }
        "(" | "[" | "{" {
            if (brackets_.size() >= 200) {
                cur_ = p;
                error_at(tok, "too many nested parentheses");
                continue;
            }
            kind = static_cast<unsigned char>(*tok);
            cur_ = p;
            LexToken t = make(kind, tok, p);
            brackets_.push_back(Bracket{*tok, t.loc, line_first_kind_ == -1 ? kind : line_first_kind_});
            return t;
        }
        ")" | "]" | "}" {
            cur_ = p;
            char want = *tok == ')' ? '(' : *tok == ']' ? '[' : '{';
            if (brackets_.empty()) {
                if (base_depth_ > 0) { kind = *tok; goto done; }
                error_at(tok, std::string("unmatched '") + *tok + "'");
                continue;
            }
            if (brackets_.back().c != want) {
                const Bracket& b = brackets_.back();
                std::string msg = std::string("closing parenthesis '") + *tok +
                                  "' does not match opening parenthesis '" + b.c + "'";
                if (b.loc.line != line_) msg += " on line " + std::to_string(b.loc.line);
                error_at(tok, msg);
                continue;
            }
            if (want == '{') closed_brace_ = brackets_.back().elem;
            brackets_.pop_back();
            kind = static_cast<unsigned char>(*tok);
            goto done;
        }
        "**=" { kind = T::AUGASSIGN; op = int(BinOpKind::Pow); goto done; }
        "//=" { kind = T::AUGASSIGN; op = int(BinOpKind::FloorDiv); goto done; }
        ">>=" { kind = T::AUGASSIGN; op = int(BinOpKind::RShift); goto done; }
        "<<=" { kind = T::AUGASSIGN; op = int(BinOpKind::LShift); goto done; }
        "+=" { kind = T::AUGASSIGN; op = int(BinOpKind::Add); goto done; }
        "-=" { kind = T::AUGASSIGN; op = int(BinOpKind::Sub); goto done; }
        "*=" { kind = T::AUGASSIGN; op = int(BinOpKind::Mult); goto done; }
        "/=" { kind = T::AUGASSIGN; op = int(BinOpKind::Div); goto done; }
        "%=" { kind = T::AUGASSIGN; op = int(BinOpKind::Mod); goto done; }
        "@=" { kind = T::AUGASSIGN; op = int(BinOpKind::MatMult); goto done; }
        "&=" { kind = T::AUGASSIGN; op = int(BinOpKind::BitAnd); goto done; }
        "|=" { kind = T::AUGASSIGN; op = int(BinOpKind::BitOr); goto done; }
        "^=" { kind = T::AUGASSIGN; op = int(BinOpKind::BitXor); goto done; }
        "**" { kind = T::POW; goto done; }
        "//" { kind = T::FLOORDIV; goto done; }
        "<<" { kind = T::LSHIFT; goto done; }
        ">>" { kind = T::RSHIFT; goto done; }
        "<=" { kind = T::LE; goto done; }
        ">=" { kind = T::GE; goto done; }
        "==" { kind = T::EQ; goto done; }
        "!=" { kind = T::NE; goto done; }
        "<>" { kind = T::ERRORTOKEN; goto done; }
        ":=" { kind = T::WALRUS; goto done; }
        "->" { kind = T::ARROW; goto done; }
        "..." { kind = T::ELLIPSIS; goto done; }
        [-+*/%@&|^~<>=.,:;] { kind = static_cast<unsigned char>(*tok); goto done; }
        [!$?`] { kind = T::ERRORTOKEN; goto done; }
        * {
            cur_ = p;
            unsigned char c = static_cast<unsigned char>(*tok);
            if (c < 0x80) {
                failed_ = true;
                ctx_.fail("invalid non-printable character U+" + hex_upper(c), line_,
                          col_of(tok) + 1);
                return error_token();
            }
            failed_ = true;
            ctx_.fail("(unicode error) 'utf-8' codec can't decode byte 0x" + hex_lower(c) +
                          " in position " + std::to_string(tok - line_start_) +
                          ": invalid start byte", line_, 1);
            return error_token();
        }
*/
    done:
        cur_ = p;
        LexToken t = make(kind, tok, p);
        t.op = op;
        return t;
    }
}

}  // namespace aio::grammar
