// grammar/parse.cpp - the front end's entry point: copies the source once
// (NUL-terminated, into the arena), runs the bison parser over the pulled
// tokens, and turns the outcome into a ParseResult. Also the nested parse
// used for f-string fields, and the REPL's "is this entry complete?" rule.
#include <algorithm>
#include <climits>
#include <cstring>

#include "grammar/build.hpp"
#include "grammar/fstring.hpp"
#include "grammar/lexer.hpp"
#include "grammar/unicode.hpp"
#include "grammar/parse.hpp"
#include "parser.hpp"

namespace aio::grammar {

static bool run_parser(ParseCtx& ctx, Lexer& lex) {
    try {
        gen::Parser p(ctx, lex);
        int rc = p.parse();
        if (rc != 0 && !ctx.error) ctx.fail("invalid syntax", lex.last_loc().line, lex.last_loc().col + 1);
        return rc == 0 && !ctx.error;
    } catch (const std::bad_alloc&) {
        ctx.fail("too many nested parentheses", lex.last_loc().line, lex.last_loc().col + 1);
        return false;
    }
}

Expr* parse_fstring_expr(ParseCtx& ctx, const char* b, const char* e, int line, int col) {
    if (ctx.fstring_depth >= 8) {
        ctx.fail("f-string: expressions nested too deeply", line, col + 1);
        return nullptr;
    }
    std::string_view copy = ctx.arena.str(std::string_view(b, static_cast<size_t>(e - b)));
    Lexer lex(ctx, copy.data(), copy.data() + copy.size(), StartKind::FString, line, col, 1);
    Module* saved = ctx.result;
    ctx.fstring_depth++;
    bool ok = run_parser(ctx, lex);
    ctx.fstring_depth--;
    Module* m = ctx.result;
    ctx.result = saved;
    if (!ok) {
        if (ctx.error && ctx.error->msg.rfind("f-string", 0) != 0) ctx.error->msg = "f-string: " + ctx.error->msg;
        return nullptr;
    }
    return as<ExprStmtStmt>(m->body[0])->value;
}

// CPython tokenizes the rest of the file after a parser error, and an error
// the tokenizer raises there wins (`f(1 2)` then an unterminated string
// reports the string). Indentation and line-continuation problems do not
// count, and an unclosed bracket only when it opened before the error's line.
static void prefer_later_lexical_error(ParseCtx& ctx, Lexer& lex) {
    if (lex.failed() || !ctx.error) return;
    const std::string& m = ctx.error->msg;
    if (m == "unexpected indent" || m == "unexpected unindent" || m.rfind("duplicate argument", 0) == 0)
        return;
    int err_line = lex.last_loc().line;
    // CPython's parser has read one token past the second expression of
    // "Perhaps you forgot a comma?": that token's line is the error's line.
    const bool peeked = m == "invalid syntax. Perhaps you forgot a comma?";
    std::optional<SyntaxError> first = std::move(ctx.error);
    ctx.error.reset();
    LexToken t = lex.next();
    if (peeked) err_line = lex.failed() ? INT_MAX : std::max(err_line, t.loc.line);
    while (t.kind != 0 && !lex.failed()) t = lex.next();
    bool later = ctx.error && ctx.error->type == "SyntaxError" &&
                 ctx.error->msg != "unexpected character after line continuation character" &&
                 ctx.error->msg != "unexpected EOF while parsing";
    if (later && ctx.error->msg.ends_with("' was never closed")) later = ctx.error->line < err_line;
    if (!later) ctx.error = std::move(first);
}

// A compound statement typed at the REPL is complete only after a blank line.
static bool ends_with_blank_line(std::string_view s) {
    if (!s.empty() && s.back() == '\n') s.remove_suffix(1);
    size_t nl = s.find_last_of('\n');
    std::string_view last = nl == std::string_view::npos ? s : s.substr(nl + 1);
    if (nl == std::string_view::npos) return false;
    for (char c : last)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\f') return false;
    return true;
}

ParseResult parse(Arena& arena, std::string_view source, std::string_view filename, ParseMode mode) {
    ParseCtx ctx{arena, filename};
    ctx.mode = mode;
    std::string_view buf = arena.str(source);
    ctx.src = buf.data();
    ctx.src_len = buf.size();
    ParseResult r;
    if (const void* nul = std::memchr(buf.data(), 0, buf.size())) {
        // As `python3 f.py`: the line up to the NUL, no caret.
        size_t at = static_cast<size_t>(static_cast<const char*>(nul) - buf.data());
        int line = 1 + static_cast<int>(std::count(buf.data(), buf.data() + at, '\n'));
        ctx.fail("source code cannot contain null bytes", line, 0);
        r.error = ctx.error;
        size_t cut = r.error->text.find('\0');
        if (cut != std::string::npos) r.error->text.resize(cut);
        return r;
    }
    const char* why = nullptr;  // CPython's file-level message does not say why
    size_t bad = find_invalid_utf8(buf.data(), buf.size(), &why);
    if (bad < buf.size()) {
        int line = 1 + static_cast<int>(std::count(buf.data(), buf.data() + bad, '\n'));
        // CPython's message for a file that is not UTF-8 (it has no File line).
        SyntaxError e;
        e.msg = "Non-UTF-8 code starting with '\\x" + hex_lower(static_cast<unsigned char>(buf[bad])) +
                "' in file " + std::string(filename) + " on line " + std::to_string(line) +
                ", but no encoding declared; see https://peps.python.org/pep-0263/ for details";
        e.filename = std::string(filename);
        ctx.error = e;
        r.error = ctx.error;
        return r;
    }
    const char* b = buf.data();
    if (buf.size() >= 3 && std::memcmp(b, "\xEF\xBB\xBF", 3) == 0) b += 3;
    StartKind start = StartKind::File;
    if (mode == ParseMode::Eval) {
        start = StartKind::Eval;
        while (*b == ' ' || *b == '\t') b++;
    }
    Lexer lex(ctx, b, buf.data() + buf.size(), start);
    if (!run_parser(ctx, lex)) {
        if (mode != ParseMode::Interactive) prefer_later_lexical_error(ctx, lex);
        r.error = ctx.error;
        if (mode == ParseMode::Interactive && ctx.eof_incomplete) r.error->incomplete = true;
        return r;
    }
    if (mode == ParseMode::Interactive && !ctx.result->body.empty()) {
        Stmt* last = ctx.result->body[ctx.result->body.size() - 1];
        switch (last->kind) {
            case StmtKind::If: case StmtKind::While: case StmtKind::For: case StmtKind::Try:
            case StmtKind::With: case StmtKind::FunctionDef: case StmtKind::ClassDef:
                if (!ends_with_blank_line(source)) {
                    SyntaxError e;
                    e.msg = "incomplete input";
                    e.filename = std::string(filename);
                    e.line = last->loc.line;
                    e.incomplete = true;
                    r.error = e;
                    return r;
                }
                break;
            default:
                break;
        }
    }
    r.module = ctx.result;
    return r;
}

}  // namespace aio::grammar
