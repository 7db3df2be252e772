// tests/unit/lexer_test.cpp - the tokenizer on its own: token kinds and text,
// INDENT/DEDENT, implicit joining, numbers, strings, locations, lexical errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "grammar/lexer.hpp"
#include "parser.hpp"

namespace aio::grammar {
namespace {

using T = gen::Parser::token;

struct Lexed {
    std::vector<int> kinds;
    std::vector<std::string> texts;
    std::vector<Loc> locs;
    std::optional<SyntaxError> error;
};

Lexed lex(std::string_view src) {
    Arena arena;
    ParseCtx ctx(arena, "t.py");
    std::string_view buf = arena.str(src);
    ctx.src = buf.data();
    ctx.src_len = buf.size();
    Lexer lx(ctx, buf.data(), buf.data() + buf.size(), StartKind::File);
    Lexed out;
    lx.next();  // the start token
    for (int i = 0; i < 100000; i++) {
        LexToken t = lx.next();
        if (t.kind == 0) break;
        out.kinds.push_back(t.kind);
        out.texts.emplace_back(t.tok.text());
        out.locs.push_back(t.loc);
    }
    out.error = ctx.error;
    return out;
}

TEST(Lexer, SimpleStatement) {
    Lexed l = lex("x = 1 + 2.5\n");
    std::vector<int> want = {T::NAME, '=', T::NUMBER, '+', T::NUMBER, T::NEWLINE};
    EXPECT_EQ(l.kinds, want);
    EXPECT_EQ(l.texts[0], "x");
    EXPECT_EQ(l.texts[4], "2.5");
    EXPECT_FALSE(l.error);
}

TEST(Lexer, Locations) {
    Lexed l = lex("a = 1\nif b:\n    cc = 'x'\n");
    // cc on line 3, column 4 (0-based bytes), ends at 6
    size_t i = 0;
    while (l.texts[i] != "cc") i++;
    EXPECT_EQ(l.locs[i].line, 3);
    EXPECT_EQ(l.locs[i].col, 4);
    EXPECT_EQ(l.locs[i].end_col, 6);
    EXPECT_EQ(l.locs[i + 2].col, 9);  // the string
}

TEST(Lexer, IndentDedent) {
    Lexed l = lex("if a:\n    b\n    if c:\n        d\ne\n");
    std::vector<int> want = {T::IF, T::NAME, ':', T::NEWLINE, T::INDENT, T::NAME, T::NEWLINE,
                             T::IF, T::NAME, ':', T::NEWLINE, T::INDENT, T::NAME, T::NEWLINE,
                             T::DEDENT, T::DEDENT, T::NAME, T::NEWLINE};
    EXPECT_EQ(l.kinds, want);
}

TEST(Lexer, DedentsAtEofWithoutNewline) {
    Lexed l = lex("if a:\n  b");
    std::vector<int> want = {T::IF, T::NAME, ':', T::NEWLINE, T::INDENT, T::NAME, T::NEWLINE, T::DEDENT};
    EXPECT_EQ(l.kinds, want);
}

TEST(Lexer, BlankLinesAndCommentsMakeNoTokens) {
    Lexed l = lex("a\n\n   \n# c\n    # indented comment\nb  # trailing\n");
    std::vector<int> want = {T::NAME, T::NEWLINE, T::NAME, T::NEWLINE};
    EXPECT_EQ(l.kinds, want);
}

TEST(Lexer, ImplicitJoiningAndBackslash) {
    Lexed l = lex("x = (1,\n     2)\ny = 1 + \\\n  2\n");
    std::vector<int> want = {T::NAME, '=', '(', T::NUMBER, ',', T::NUMBER, ')', T::NEWLINE,
                             T::NAME, '=', T::NUMBER, '+', T::NUMBER, T::NEWLINE};
    EXPECT_EQ(l.kinds, want);
}

TEST(Lexer, TabsCountToMultipleOfEight) {
    // A tab and 8 spaces reach the same column, but only by assuming a tab
    // size, so CPython calls the mix ambiguous.
    Lexed mixed = lex("if a:\n\tb\n        c\n");
    ASSERT_TRUE(mixed.error.has_value());
    EXPECT_EQ(mixed.error->type, "TabError");
    EXPECT_EQ(mixed.error->msg, "inconsistent use of tabs and spaces in indentation");
    Lexed tabs = lex("if a:\n\tb\n\tc\n");
    EXPECT_FALSE(tabs.error);
}

TEST(Lexer, UnindentMismatch) {
    Lexed l = lex("if a:\n    b\n  c\n");
    ASSERT_TRUE(l.error);
    EXPECT_EQ(l.error->type, "IndentationError");
    EXPECT_EQ(l.error->msg, "unindent does not match any outer indentation level");
    EXPECT_EQ(l.error->line, 3);
}

TEST(Lexer, NumberForms) {
    for (const char* n : {"0x_ff", "1_000", "1e-3", ".5", "1j", "0o17", "0b1010", "1.5J", "10.",
                          "1E+10", "0", "00", "123456789012345678901234567890", "0XABC", "1_0.0_1e1_0"}) {
        Lexed l = lex(std::string(n) + "\n");
        ASSERT_FALSE(l.error) << n;
        ASSERT_EQ(l.kinds.size(), 2u) << n;
        EXPECT_EQ(l.kinds[0], T::NUMBER) << n;
        EXPECT_EQ(l.texts[0], n);
    }
}

TEST(Lexer, NumberTouchingKeywordIsAllowed) {
    Lexed l = lex("x = 1if y else 2\n");
    EXPECT_FALSE(l.error);
}

TEST(Lexer, StringPrefixesAnyCase) {
    for (const char* s : {"'a'", "\"a\"", "r'a'", "b'a'", "f'a'", "rb'a'", "br'a'", "fr'a'", "rf'a'",
                          "u'a'", "R'a'", "B'a'", "F'a'", "Rb'a'", "bR'a'", "'''a'''", "\"\"\"a\nb\"\"\""}) {
        Lexed l = lex(std::string(s) + "\n");
        ASSERT_FALSE(l.error) << s;
        ASSERT_EQ(l.kinds.size(), 2u) << s;
        EXPECT_EQ(l.kinds[0], T::STRING) << s;
        EXPECT_EQ(l.texts[0], s);
    }
}

TEST(Lexer, TripleQuotedStringSpansLines) {
    Lexed l = lex("x = '''a\nb\nc''' + y\n");
    ASSERT_FALSE(l.error);
    EXPECT_EQ(l.kinds[2], T::STRING);
    EXPECT_EQ(l.locs[2].line, 1);
    EXPECT_EQ(l.locs[2].end_line, 3);
    EXPECT_EQ(l.locs[4].line, 3);  // y
    EXPECT_EQ(l.locs[4].col, 7);
}

TEST(Lexer, SoftKeywordsAreNames) {
    Lexed l = lex("match case _ type\n");
    std::vector<int> want = {T::NAME, T::NAME, T::NAME, T::NAME, T::NEWLINE};
    EXPECT_EQ(l.kinds, want);
}

TEST(Lexer, KeywordsAndOperators) {
    Lexed l = lex("async await lambda x: a ** b // c -> d := e ... f @= g != h <= i >>= j\n");
    std::vector<int> want = {T::ASYNC, T::AWAIT, T::LAMBDA, T::NAME, ':', T::NAME, T::POW, T::NAME,
                             T::FLOORDIV, T::NAME, T::ARROW, T::NAME, T::WALRUS, T::NAME, T::ELLIPSIS,
                             T::NAME, T::AUGASSIGN, T::NAME, T::NE, T::NAME, T::LE, T::NAME,
                             T::AUGASSIGN, T::NAME, T::NEWLINE};
    EXPECT_EQ(l.kinds, want);
}

TEST(Lexer, Utf8IdentifiersAndShebang) {
    Lexed m = lex("#!/usr/bin/env aio\nnaïve = café\nπ = 3\n");
    EXPECT_FALSE(m.error);
    EXPECT_EQ(m.texts[0], "naïve");
    EXPECT_EQ(m.texts[2], "café");
    EXPECT_EQ(m.kinds[4], T::NAME);
}

TEST(Lexer, InvalidCharacter) {
    Lexed l = lex("x = 1 € 2\n");
    ASSERT_TRUE(l.error);
    EXPECT_EQ(l.error->msg, "invalid character '€' (U+20AC)");
    EXPECT_EQ(l.error->col, 7);
}

TEST(Lexer, UnterminatedStrings) {
    Lexed a = lex("x = 'abc\ny = 1\n");
    ASSERT_TRUE(a.error);
    EXPECT_EQ(a.error->msg, "unterminated string literal (detected at line 1)");
    Lexed b = lex("x = '''abc\n\ny\n");
    ASSERT_TRUE(b.error);
    EXPECT_EQ(b.error->msg, "unterminated triple-quoted string literal (detected at line 3)");
    EXPECT_EQ(b.error->line, 1);
}

TEST(Lexer, Brackets) {
    Lexed a = lex("f(1,\n2\n");
    ASSERT_TRUE(a.error);
    EXPECT_EQ(a.error->msg, "'(' was never closed");
    Lexed b = lex("x)\n");
    ASSERT_TRUE(b.error);
    EXPECT_EQ(b.error->msg, "unmatched ')'");
    Lexed c = lex("f(1]\n");
    ASSERT_TRUE(c.error);
    EXPECT_EQ(c.error->msg, "closing parenthesis ']' does not match opening parenthesis '('");
    Lexed d = lex("f(1,\n2]\n");
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->msg, "closing parenthesis ']' does not match opening parenthesis '(' on line 1");
}

TEST(Lexer, TooManyNestedParentheses) {
    Lexed l = lex(std::string(10000, '(') + std::string(10000, ')') + "\n");
    ASSERT_TRUE(l.error);
    EXPECT_EQ(l.error->msg, "too many nested parentheses");
    EXPECT_FALSE(lex(std::string(199, '[') + std::string(199, ']') + "\n").error);
}

}  // namespace
}  // namespace aio::grammar
