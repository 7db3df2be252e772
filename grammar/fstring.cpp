// grammar/fstring.cpp - f-string tokens -> JoinedStr (see fstring.hpp).
// Fields follow CPython 3.11: `{expr}`, `{expr!r}`, `{expr:spec}` with nested
// `{...}` inside the spec (two levels at most), `{expr=}` keeps "expr=" as
// literal text and defaults to !r, and `{{`/`}}` are literal braces.
#include "grammar/fstring.hpp"

#include "grammar/build.hpp"
#include "grammar/literals.hpp"

namespace aio::grammar {

void FStringBuilder::advance(Cursor& c, size_t n) {
    for (size_t i = 0; i < n && c.p < c.end; i++, c.p++) {
        if (*c.p == '\n') {
            c.line++;
            c.col = 0;
        } else {
            c.col++;
        }
    }
}

bool FStringBuilder::fail(const char* msg, const Cursor&) {
    ctx_.fail(msg, piece_.end_line, piece_.end_col + 1);
    return false;
}

void FStringBuilder::flush(std::string& lit, Seq* out) {
    if (lit.empty()) return;
    auto* k = ctx_.arena.make<ConstantExpr>();
    k->kind = ExprKind::Constant;
    k->loc = whole_;
    k->ckind = ConstKind::Str;
    k->s = ctx_.arena.str(lit);
    ctx_.push(out, k);
    lit.clear();
}

bool FStringBuilder::add(Tok tok, Loc loc) {
    StrPrefix p = split_string_token(tok.text());
    piece_ = loc;
    if (!p.fmt) {
        if (p.raw) {
            lit_ += p.body;
            return true;
        }
        std::string err;
        if (!decode_escapes(p.body, false, lit_, err)) {
            ctx_.fail(err, loc.end_line, loc.end_col + 1);
            return false;
        }
        return true;
    }
    Cursor c{p.body.data(), p.body.data() + p.body.size(), loc.line,
             loc.col + static_cast<int>(p.body.data() - tok.p)};
    return parse_parts(c, p.raw, 0, lit_, values_);
}

Expr* FStringBuilder::finish() {
    flush(lit_, values_);
    auto* j = ctx_.arena.make<JoinedStrExpr>();
    j->kind = ExprKind::JoinedStr;
    j->loc = whole_;
    j->values = ctx_.list<Expr*>(values_);
    return j;
}

bool FStringBuilder::parse_parts(Cursor& c, bool raw, int depth, std::string& lit, Seq* out) {
    while (c.p < c.end) {
        char ch = *c.p;
        if (ch == '{') {
            if (c.p + 1 < c.end && c.p[1] == '{') {
                lit += '{';
                advance(c, 2);
                continue;
            }
            if (!parse_field(c, raw, depth, lit, out)) return false;
            continue;
        }
        if (ch == '}') {
            if (depth > 0) return true;
            if (c.p + 1 < c.end && c.p[1] == '}') {
                lit += '}';
                advance(c, 2);
                continue;
            }
            return fail("f-string: single '}' is not allowed", c);
        }
        const char* s = c.p;
        while (c.p < c.end && *c.p != '{' && *c.p != '}') {
            // \N{NAME} is an escape, not a field.
            if (!raw && *c.p == '\\' && c.p + 1 < c.end) {
                if (c.p[1] == 'N' && c.p + 2 < c.end && c.p[2] == '{') {
                    while (c.p < c.end && *c.p != '}') advance(c, 1);
                    if (c.p < c.end) advance(c, 1);
                    continue;
                }
                advance(c, 2);
                continue;
            }
            advance(c, 1);
        }
        std::string_view seg(s, static_cast<size_t>(c.p - s));
        if (raw) {
            lit += seg;
        } else {
            std::string err;
            if (!decode_escapes(seg, false, lit, err)) {
                ctx_.fail(err, piece_.end_line, piece_.end_col + 1);
                return false;
            }
        }
    }
    if (depth > 0) return fail("f-string: expecting '}'", c);
    return true;
}

bool FStringBuilder::parse_field(Cursor& c, bool raw, int depth, std::string& lit, Seq* out) {
    if (depth >= 2) return fail("f-string: expressions nested too deeply", c);
    advance(c, 1);  // '{'
    const char* es = c.p;
    const int eline = c.line, ecol = c.col;
    int nest = 0;
    for (;;) {
        if (c.p >= c.end) return fail("f-string: expecting '}'", c);
        char ch = *c.p;
        if (ch == '\\') return fail("f-string expression part cannot include a backslash", c);
        if (ch == '#') return fail("f-string expression part cannot include '#'", c);
        if (ch == '(' || ch == '[' || ch == '{') {
            nest++;
        } else if (ch == ')' || ch == ']' || ch == '}') {
            if (nest == 0) {
                if (ch == '}') break;
                return fail(ch == ')' ? "f-string: unmatched ')'" : "f-string: unmatched ']'", c);
            }
            nest--;
        } else if (ch == '\'' || ch == '"') {
            bool triple = c.p + 2 < c.end && c.p[1] == ch && c.p[2] == ch;
            advance(c, triple ? 3 : 1);
            for (;;) {
                if (c.p >= c.end) return fail("f-string: unterminated string", c);
                if (*c.p == ch && (!triple || (c.p + 2 < c.end && c.p[1] == ch && c.p[2] == ch))) break;
                advance(c, 1);
            }
            advance(c, triple ? 3 : 1);
            continue;
        } else if (nest == 0) {
            char next = c.p + 1 < c.end ? c.p[1] : 0;
            char prev = c.p > es ? c.p[-1] : 0;
            if (ch == '!' && next != '=') break;
            if (ch == ':') break;
            if (ch == '=' && next != '=' && prev != '=' && prev != '!' && prev != '<' && prev != '>') break;
        }
        advance(c, 1);
    }
    const char* ee = c.p;
    bool blank = true;
    for (const char* q = es; q < ee; q++)
        if (*q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\f') blank = false;
    if (blank) return fail("f-string: empty expression not allowed", c);
    Expr* value = parse_fstring_expr(ctx_, es, ee, eline, ecol);
    if (!value) return false;
    int conversion = -1;
    Expr* spec = nullptr;
    bool debug = false;
    if (*c.p == '=') {
        debug = true;
        advance(c, 1);
        while (c.p < c.end && (*c.p == ' ' || *c.p == '\t' || *c.p == '\n' || *c.p == '\r')) advance(c, 1);
        lit.append(es, static_cast<size_t>(c.p - es));
    }
    if (c.p < c.end && *c.p == '!') {
        advance(c, 1);
        if (c.p >= c.end) return fail("f-string: expecting '}'", c);
        char conv = *c.p;
        if (conv != 's' && conv != 'r' && conv != 'a')
            return fail("f-string: invalid conversion character: expected 's', 'r', or 'a'", c);
        conversion = conv;
        advance(c, 1);
    }
    if (c.p < c.end && *c.p == ':') {
        advance(c, 1);
        Seq* parts = ctx_.seq();
        std::string slit;
        if (!parse_parts(c, raw, depth + 1, slit, parts)) return false;
        flush(slit, parts);
        auto* j = ctx_.arena.make<JoinedStrExpr>();
        j->kind = ExprKind::JoinedStr;
        j->loc = whole_;
        j->values = ctx_.list<Expr*>(parts);
        spec = j;
    }
    if (c.p >= c.end || *c.p != '}') return fail("f-string: expecting '}'", c);
    advance(c, 1);
    if (debug && conversion == -1 && !spec) conversion = 'r';
    flush(lit, out);
    auto* fv = ctx_.arena.make<FormattedValueExpr>();
    fv->kind = ExprKind::FormattedValue;
    fv->loc = value->loc;
    fv->value = value;
    fv->conversion = conversion;
    fv->format_spec = spec;
    ctx_.push(out, fv);
    return true;
}

}  // namespace aio::grammar
