// grammar/errors.cpp - syntax errors: recording the first one (ParseCtx::fail),
// choosing CPython 3.11's wording for a parser error from the lookahead token
// (report_parse_error), and printing them as CPython's traceback module does.
#include <cctype>
#include <string>

#include "grammar/build.hpp"
#include "grammar/lexer.hpp"
#include "grammar/unicode.hpp"
#include "parser.hpp"

namespace aio::grammar {

using T = gen::Parser::token;

std::string_view source_line(const char* src, size_t len, int line) {
    const char* p = src;
    const char* end = src + len;
    for (int l = 1; l < line && p < end; p++)
        if (*p == '\n' || (*p == '\r' && (p + 1 >= end || p[1] != '\n'))) l++;
    if (line == 1 && len >= 3 && std::string_view(src, 3) == "\xEF\xBB\xBF") p += 3;
    const char* e = p;
    while (e < end && *e != '\n' && *e != '\r') e++;
    return {p, static_cast<size_t>(e - p)};
}

// The line as CPython shows it: invalid UTF-8 becomes U+FFFD.
static std::string valid_utf8(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        int n = utf8_len(s.data() + i);
        if (c >= 0x80 && (n == 1 || i + n > s.size())) {
            out += "\xEF\xBF\xBD";
            i++;
            continue;
        }
        out.append(s.data() + i, static_cast<size_t>(n));
        i += n;
    }
    return out;
}

// Columns arrive as 1-based byte offsets; CPython reports characters.
void ParseCtx::fail(std::string msg, int line, int col1, int end_col1, const char* type) {
    if (error) return;
    SyntaxError e;
    e.type = type;
    e.msg = std::move(msg);
    e.filename = std::string(filename);
    e.line = line;
    std::string_view text = source_line(src, src_len, line);
    e.text = valid_utf8(text);
    auto to_chars = [&](int c1) {
        if (c1 <= 0) return c1;
        size_t b = static_cast<size_t>(c1 - 1);
        if (b > text.size()) return static_cast<int>(char_col(text.data(), text.data() + text.size()) + 1 + (b - text.size()));
        return char_col(text.data(), text.data() + b) + 1;
    };
    e.col = to_chars(col1);
    e.end_col = end_col1 > 0 ? to_chars(end_col1) : 0;
    error = std::move(e);
}

static bool starts_expr(int k) {
    switch (k) {
        case T::NAME: case T::NUMBER: case T::STRING: case '(': case '[': case '{':
        case '-': case '+': case '~': case T::NOT: case T::AWAIT: case T::LAMBDA:
        case T::TRUE: case T::FALSE: case T::NONE: case T::ELLIPSIS:
            return true;
        default:
            return false;
    }
}

static bool ends_expr(int k) {
    switch (k) {
        case T::NAME: case T::NUMBER: case T::STRING: case ')': case ']': case '}':
        case T::TRUE: case T::FALSE: case T::NONE: case T::ELLIPSIS:
            return true;
        default:
            return false;
    }
}

static bool is_compound_keyword(int k) {
    switch (k) {
        case T::IF: case T::ELIF: case T::ELSE: case T::WHILE: case T::FOR: case T::WITH:
        case T::TRY: case T::EXCEPT: case T::FINALLY: case T::DEF: case T::CLASS:
            return true;
        default:
            return false;
    }
}

// CPython's messages for a malformed dict display. A key without ':' counts
// only after a first element that was `k: v` or `**m` (else it is a set).
static bool report_dict_error(ParseCtx& ctx, Lexer& lex) {
    const int k = lex.last_kind();
    const bool opening = k == '(' || k == '[' || k == '{';
    const Lexer::BraceElem* e = k == '}' ? lex.closed_brace_elem() : lex.brace_elem(opening ? 1 : 0);
    if (!e || !e->all_pairs) return false;
    const Loc la = lex.last_loc();
    const Loc before = lex.before_loc();
    const bool after_colon = e->colon && e->lambdas == 0 && lex.before_kind() == ':';
    if (after_colon && (k == '}' || k == ',')) {
        ctx.fail("expression expected after dictionary key and ':'", before.line, before.col + 1,
                 before.end_col + 1);
        return true;
    }
    if (after_colon && k == '*') {
        // Underlined from the '*' to the end of the operand that follows it.
        std::string_view text = source_line(ctx.src, ctx.src_len, la.line);
        size_t end = static_cast<size_t>(la.end_col);
        while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) end++;
        while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                     text[end] == '_' || text[end] == '.'))
            end++;
        ctx.fail("cannot use a starred expression in a dictionary value", la.line, la.col + 1,
                 static_cast<int>(end) + 1);
        return true;
    }
    if (!e->first && !e->colon && !e->starstar && e->tokens > 0 && k != ':') {
        // The caret marks the last character of the key.
        ctx.fail("':' expected after dictionary key", before.end_line, before.end_col, 0);
        return true;
    }
    return false;
}

void report_parse_error(ParseCtx& ctx, Lexer& lex, const Expected& expected) {
    const bool expects_colon = expected.colon, expects_indent = expected.indent;
    if (ctx.error) return;
    const int k = lex.last_kind();
    const Loc la = lex.last_loc();
    const Loc before = lex.before_loc();
    const bool at_eof = k == 0 || (lex.at_eof() && k == T::DEDENT);
    if (ctx.mode == ParseMode::Interactive && at_eof) ctx.eof_incomplete = true;
    if (expects_indent && k != T::INDENT) {
        std::string msg = "expected an indented block after " + lex.block_header() + " on line " +
                          std::to_string(lex.block_header_line());
        if (at_eof) ctx.fail(msg, before.line, before.col + 1, -1, "IndentationError");
        else ctx.fail(msg, la.line, la.col + 1, la.end_line == la.line ? la.end_col + 1 : 0, "IndentationError");
        return;
    }
    if (k == T::INDENT) {
        ctx.fail("unexpected indent", la.line, la.col, -1, "IndentationError");
        return;
    }
    if (expects_colon && k == T::NEWLINE && is_compound_keyword(lex.line_first_kind())) {
        ctx.fail("expected ':'", before.end_line, before.end_col + 1, before.end_col + 1);
        return;
    }
    int depth = lex.depth() - (k == '(' || k == '[' || k == '{' ? 1 : 0);
    if (report_dict_error(ctx, lex)) return;
    // CPython insists on the ':' after `try`, `finally`, `else` and a def's
    // signature (`def f() x:`, `def f() -> :`), naming the token found instead.
    if (depth == 0 && k != ':' && k != T::NEWLINE) {
        const int b = lex.before_kind();
        bool keyword = (b == T::TRY || b == T::FINALLY || b == T::ELSE) && lex.line_first_kind() == b;
        if (expects_colon && (keyword || lex.in_def_header())) {
            ctx.fail("expected ':'", la.line, la.col + 1, la.end_line == la.line ? la.end_col + 1 : 0);
            return;
        }
    }
    if (depth == 0 && k == ':' && lex.before_kind() == T::ARROW) {  // only a def header has a bare ->
        ctx.fail("expected ':'", before.line, before.col + 1, before.end_col + 1);
        return;
    }
    if (expected.else_ && k != T::ELSE) {
        Loc a = lex.if_body_start();
        ctx.fail("expected 'else' after 'if' expression", a.line, a.col + 1,
                 before.end_line == a.line ? before.end_col + 1 : 0);
        return;
    }
    if (expected.except_ && k != T::EXCEPT && k != T::FINALLY) {
        Loc at = at_eof ? lex.layout_loc() : la;
        ctx.fail("expected 'except' or 'finally' block", at.line, at.col + 1,
                 at_eof ? 0 : (la.end_line == la.line ? la.end_col + 1 : 0));
        return;
    }
    if (k == T::FOR && (lex.bracket() == '[' || lex.bracket() == '{') &&
        lex.before_kind() != lex.bracket()) {
        Loc b = lex.bracket_loc();
        ctx.fail("did you forget parentheses around the comprehension target?", b.line, b.end_col + 1,
                 before.end_line == b.line ? before.end_col + 1 : 0);
        return;
    }
    if (expected.lparen && k != '(' && lex.line_first_kind() == T::DEF && lex.before_kind() == T::NAME) {
        ctx.fail("expected '('", la.line, la.col + 1, la.col + 1);
        return;
    }
    if (k == '=' && lex.before_kind() == T::NAME && lex.before2_kind() != '*' &&
        lex.before2_kind() != T::POW && lex.before2_kind() != '.') {
        // `if x = 1:` -> CPython suggests '==' or ':='; it underlines up to the
        // end of the right-hand operand, approximated by the next ':' , ')' or ','.
        std::string_view text = source_line(ctx.src, ctx.src_len, la.line);
        size_t end = text.find_first_of(":),", static_cast<size_t>(la.end_col));
        if (end == std::string_view::npos) end = text.size();
        while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) end--;
        ctx.fail("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", before.line,
                 before.col + 1, before.line == la.line ? static_cast<int>(end) + 1 : 0);
        return;
    }
    if (depth == 0 && lex.before_kind() == T::NAME && starts_expr(k)) {
        std::string_view text = source_line(ctx.src, ctx.src_len, before.line);
        std::string_view name = text.substr(static_cast<size_t>(before.col),
                                            static_cast<size_t>(before.end_col - before.col));
        if (name == "print" || name == "exec") {
            size_t end = text.find_last_not_of(" \t\r\f");
            ctx.fail("Missing parentheses in call to '" + std::string(name) + "'. Did you mean " +
                         std::string(name) + "(...)?",
                     before.line, before.col + 1, static_cast<int>(end) + 2);
            return;
        }
    }
    if (depth > 0 && starts_expr(k) && ends_expr(lex.before_kind()) && !lex.in_def_params() &&
        !(lex.before_kind() == T::NAME && k == T::STRING)) {
        Loc a = lex.expr_start();
        ctx.fail("invalid syntax. Perhaps you forgot a comma?", a.line, a.col + 1,
                 la.end_line == a.line ? la.end_col + 1 : 0);
        return;
    }
    if (k == 0) {
        ctx.fail("invalid syntax", before.line, 0);
        return;
    }
    if (k == T::NEWLINE) {
        ctx.fail("invalid syntax", la.line, la.col + 1, la.col + 1);
        return;
    }
    ctx.fail("invalid syntax", la.line, la.col + 1, la.end_line == la.line ? la.end_col + 1 : 0);
}

// The layout of CPython 3.11's C printer (pythonrun.c print_error_text), which
// is what `python3 f.py` shows: leading blanks stripped, the caret clipped to
// the end of the line and dropped when it would fall left of the text.
std::string format_syntax_error(const SyntaxError& e) {
    std::string out;
    if (e.line > 0) out = "  File \"" + e.filename + "\", line " + std::to_string(e.line) + "\n";
    if (!e.text.empty()) {
        int reps = (e.end_col > 0 && e.end_col > e.col) ? e.end_col - e.col : 1;
        if (e.type != "SyntaxError") reps = 1;  // CPython prints one caret for these
        int offset = e.col - 1;
        std::string_view t = e.text;
        while (!t.empty() && (t[0] == ' ' || t[0] == '\t' || t[0] == '\f')) {
            t.remove_prefix(1);
            offset--;
        }
        int len = char_col(t.data(), t.data() + t.size());
        if (offset > len) offset = len;
        out += "    ";
        out += t;
        out += "\n";
        if (offset >= 0 && e.col > 0) {
            out += "    ";
            out.append(static_cast<size_t>(offset), ' ');
            out.append(static_cast<size_t>(reps), '^');
            out += "\n";
        }
    }
    out += e.type + ": " + e.msg + "\n";
    return out;
}

}  // namespace aio::grammar
