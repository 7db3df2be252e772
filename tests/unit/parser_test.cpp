// tests/unit/parser_test.cpp - source -> AST: node shapes, literal values,
// f-strings, locations, parse modes (eval, interactive "incomplete"), the
// CPython standard library acceptance test, and fuzz-ish inputs.
#include <gtest/gtest.h>

#include <dirent.h>
#include <sys/stat.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "grammar/parse.hpp"

namespace aio::grammar {
namespace {

// Parses `src` and returns the dump (or "ERROR: msg").
struct Parsed {
    Arena arena;
    ParseResult r;
    explicit Parsed(std::string_view src, ParseMode mode = ParseMode::File) {
        r = parse(arena, src, "t.py", mode);
    }
    bool ok() const { return r.module != nullptr; }
    std::string msg() const { return r.error ? r.error->msg : ""; }
    Stmt* stmt(size_t i = 0) const { return r.module->body[i]; }
    Expr* expr(size_t i = 0) const { return as<ExprStmtStmt>(stmt(i))->value; }
    std::string dump() const { return r.module ? dump_ast(*r.module) : "ERROR: " + msg(); }
};

Expr* value_of(Stmt* s) { return as<AssignStmt>(s)->value; }

TEST(Parser, EmptyFile) {
    Parsed p("");
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p.r.module->body.empty());
    Parsed q("\n\n# only a comment\n   \n");
    ASSERT_TRUE(q.ok());
    EXPECT_TRUE(q.r.module->body.empty());
}

TEST(Parser, PowerBindsTighterThanUnaryMinus) {
    Parsed p("-2**2\n");
    ASSERT_TRUE(p.ok());
    auto* u = as<UnaryOpExpr>(p.expr());
    ASSERT_EQ(u->kind, ExprKind::UnaryOp);
    EXPECT_EQ(u->op, UnaryOpKind::USub);
    auto* pw = as<BinOpExpr>(u->operand);
    ASSERT_EQ(pw->kind, ExprKind::BinOp);
    EXPECT_EQ(pw->op, BinOpKind::Pow);
    // ** is right-associative and its right operand may be unary
    Parsed q("2**-3**2\n");
    ASSERT_TRUE(q.ok());
    auto* top = as<BinOpExpr>(q.expr());
    EXPECT_EQ(top->left->kind, ExprKind::Constant);
    EXPECT_EQ(top->right->kind, ExprKind::UnaryOp);
}

TEST(Parser, Precedence) {
    Parsed p("a + b * c - d | e & f ^ g << h\n");
    ASSERT_TRUE(p.ok());
    auto* top = as<BinOpExpr>(p.expr());
    EXPECT_EQ(top->op, BinOpKind::BitOr);
    Parsed q("not a == b and c or d\n");
    auto* orop = as<BoolOpExpr>(q.expr());
    EXPECT_EQ(orop->op, BoolOpKind::Or);
    auto* andop = as<BoolOpExpr>(orop->values[0]);
    EXPECT_EQ(andop->op, BoolOpKind::And);
    EXPECT_EQ(as<UnaryOpExpr>(andop->values[0])->operand->kind, ExprKind::Compare);
}

TEST(Parser, BoolOpsFlattenButParenthesesNest) {
    Parsed p("a or b or c\n(a or b) or c\n");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(as<BoolOpExpr>(p.expr(0))->values.size(), 3u);
    EXPECT_EQ(as<BoolOpExpr>(p.expr(1))->values.size(), 2u);
}

TEST(Parser, ChainedComparison) {
    Parsed p("a < b <= c not in d is not e\n");
    ASSERT_TRUE(p.ok());
    auto* c = as<CompareExpr>(p.expr());
    ASSERT_EQ(c->ops.size(), 4u);
    EXPECT_EQ(c->ops[0], CmpOpKind::Lt);
    EXPECT_EQ(c->ops[1], CmpOpKind::LtE);
    EXPECT_EQ(c->ops[2], CmpOpKind::NotIn);
    EXPECT_EQ(c->ops[3], CmpOpKind::IsNot);
}

TEST(Parser, AwaitPrecedence) {
    Parsed p("async def f():\n    return -await x ** 2\n");
    ASSERT_TRUE(p.ok());
    auto* ret = as<ReturnStmt>(as<FunctionDefStmt>(p.stmt())->body[0]);
    auto* neg = as<UnaryOpExpr>(ret->value);
    auto* pw = as<BinOpExpr>(neg->operand);
    EXPECT_EQ(pw->left->kind, ExprKind::Await);
}

TEST(Parser, Assignments) {
    Parsed p("a = b = c\nx: int = 1\ny += 2\na, *b = c\n[x, y] = z\nobj.attr[1:2] = v\n(n): int\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    auto* a = as<AssignStmt>(p.stmt(0));
    EXPECT_EQ(a->targets.size(), 2u);
    auto* ann = as<AnnAssignStmt>(p.stmt(1));
    EXPECT_TRUE(ann->simple);
    EXPECT_EQ(as<AugAssignStmt>(p.stmt(2))->op, BinOpKind::Add);
    auto* t = as<TupleExpr>(as<AssignStmt>(p.stmt(3))->targets[0]);
    EXPECT_EQ(t->elts[1]->kind, ExprKind::Starred);
    EXPECT_FALSE(as<AnnAssignStmt>(p.stmt(6))->simple);
}

TEST(Parser, StarredEverywhere) {
    Parsed p("return_ = [*a, *b]\nprint(*a, sep='')\nt = *a, b\ns = {*a, 1}\nd = {**a, 'b': 1}\n"
             "def f():\n    return *a, b\n    yield *a, b\nfor x in *a, *b: pass\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    auto* call = as<CallExpr>(p.expr(1));
    EXPECT_EQ(call->args[0]->kind, ExprKind::Starred);
    EXPECT_EQ(call->keywords[0]->arg, "sep");
    auto* d = as<DictExpr>(value_of(p.stmt(4)));
    EXPECT_EQ(d->keys[0], nullptr);
    EXPECT_NE(d->keys[1], nullptr);
}

TEST(Parser, CallArguments) {
    Parsed p("f(a, b=1, *c, **d)\nf(x for x in y)\nf(a, (x for x in y))\nf(a,)\nf(x:=1)\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    auto* c = as<CallExpr>(p.expr(0));
    EXPECT_EQ(c->args.size(), 2u);
    EXPECT_EQ(c->keywords.size(), 2u);
    EXPECT_TRUE(c->keywords[1]->arg.empty());
    auto* g = as<CallExpr>(p.expr(1));
    ASSERT_EQ(g->args.size(), 1u);
    EXPECT_EQ(g->args[0]->kind, ExprKind::GeneratorExp);
    EXPECT_EQ(g->args[0]->loc.col, 1);  // CPython: the generator spans the call's parens
    EXPECT_EQ(as<CallExpr>(p.expr(4))->args[0]->kind, ExprKind::NamedExpr);
}

TEST(Parser, Slices) {
    Parsed p("a[1:2, ::3]\na[:]\na[x]\na[1:2:3]\na[::]\na[*b]\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    auto* s = as<SubscriptExpr>(p.expr(0));
    auto* t = as<TupleExpr>(s->slice);
    ASSERT_EQ(t->kind, ExprKind::Tuple);
    EXPECT_EQ(t->elts[0]->kind, ExprKind::Slice);
    auto* sl = as<SliceExpr>(t->elts[1]);
    EXPECT_EQ(sl->lower, nullptr);
    EXPECT_EQ(sl->upper, nullptr);
    EXPECT_NE(sl->step, nullptr);
    EXPECT_EQ(as<SubscriptExpr>(p.expr(2))->slice->kind, ExprKind::Name);
}

TEST(Parser, Comprehensions) {
    Parsed p("[x for x in a if x if y for z in b]\n{k: v for k, v in d}\n{x for x in s}\n"
             "async def f():\n    return [await x async for x in g()]\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    auto* l = as<ListCompExpr>(p.expr(0));
    ASSERT_EQ(l->generators.size(), 2u);
    EXPECT_EQ(l->generators[0]->ifs.size(), 2u);
    EXPECT_EQ(p.expr(1)->kind, ExprKind::DictComp);
    EXPECT_EQ(p.expr(2)->kind, ExprKind::SetComp);
    auto* ret = as<ReturnStmt>(as<FunctionDefStmt>(p.stmt(3))->body[0]);
    auto* lc = as<ListCompExpr>(ret->value);
    EXPECT_TRUE(lc->generators[0]->is_async);
    EXPECT_EQ(lc->elt->kind, ExprKind::Await);
}

TEST(Parser, LambdaAndConditional) {
    Parsed p("f = lambda a, b=1, /, c=2, *args, d, e=3, **kw: a if b else c\ng = lambda: 0\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    auto* lam = as<LambdaExpr>(value_of(p.stmt(0)));
    EXPECT_EQ(lam->args->posonlyargs.size(), 2u);
    EXPECT_EQ(lam->args->args.size(), 1u);
    EXPECT_EQ(lam->args->defaults.size(), 2u);
    ASSERT_NE(lam->args->vararg, nullptr);
    EXPECT_EQ(lam->args->kwonlyargs.size(), 2u);
    EXPECT_EQ(lam->args->kw_defaults[0], nullptr);
    EXPECT_NE(lam->args->kw_defaults[1], nullptr);
    EXPECT_EQ(lam->args->kwarg->name, "kw");
    EXPECT_EQ(lam->body->kind, ExprKind::IfExp);
}

TEST(Parser, FunctionsAndClasses) {
    Parsed p("@dec\n@a.b(c)[0]\nasync def f(x: int, *, y: str = 'a') -> bool:\n    pass\n"
             "class C(B, *bases, metaclass=M, **kw):\n    x = 1\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    auto* f = as<FunctionDefStmt>(p.stmt(0));
    EXPECT_TRUE(f->is_async);
    EXPECT_EQ(f->decorators.size(), 2u);
    EXPECT_EQ(f->loc.line, 3);  // CPython: the def line, not the decorator's
    EXPECT_NE(f->returns, nullptr);
    EXPECT_NE(f->args->args[0]->annotation, nullptr);
    auto* c = as<ClassDefStmt>(p.stmt(1));
    EXPECT_EQ(c->bases.size(), 2u);
    EXPECT_EQ(c->keywords.size(), 2u);
}

TEST(Parser, CompoundStatements) {
    Parsed p(
        "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n"
        "while x:\n    break\nelse:\n    continue\n"
        "for i, j in k:\n    pass\nelse:\n    pass\n"
        "try:\n    pass\nexcept (A, B) as e:\n    raise X from e\nexcept C:\n    raise\nelse:\n    pass\nfinally:\n    pass\n"
        "try:\n    pass\nfinally:\n    pass\n"
        "with a as b, c:\n    pass\n"
        "with (a as b, c as d,):\n    pass\n"
        "with (a, b):\n    pass\n"
        "with (a, b) as c:\n    pass\n"
        "async def g():\n    async with a as (b, c):\n        pass\n    async for x in y:\n        pass\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    auto* i = as<IfStmt>(p.stmt(0));
    ASSERT_EQ(i->orelse.size(), 1u);
    EXPECT_EQ(i->orelse[0]->kind, StmtKind::If);
    auto* t = as<TryStmt>(p.stmt(3));
    EXPECT_EQ(t->handlers.size(), 2u);
    EXPECT_EQ(t->handlers[0]->name, "e");
    EXPECT_EQ(as<WithStmt>(p.stmt(5))->items.size(), 2u);
    auto* w = as<WithStmt>(p.stmt(6));
    ASSERT_EQ(w->items.size(), 2u);
    EXPECT_NE(w->items[1].optional_vars, nullptr);
    EXPECT_EQ(as<WithStmt>(p.stmt(7))->items.size(), 2u);
    EXPECT_EQ(as<WithStmt>(p.stmt(8))->items.size(), 1u);
    auto* g = as<FunctionDefStmt>(p.stmt(9));
    EXPECT_TRUE(as<WithStmt>(g->body[0])->is_async);
    EXPECT_TRUE(as<ForStmt>(g->body[1])->is_async);
}

TEST(Parser, WithAsOutsideWithIsAnError) {
    Parsed p("x = (a as b)\n");
    EXPECT_FALSE(p.ok());
    EXPECT_EQ(p.msg(), "invalid syntax");
    EXPECT_FALSE(Parsed("(a as b)", ParseMode::Eval).ok());
    EXPECT_FALSE(Parsed("f'{(a as b)}'\n").ok());
    EXPECT_FALSE(Parsed("with (a as b) as c:\n    pass\n").ok());
}

TEST(Parser, SimpleStatements) {
    Parsed p("global a, b; nonlocal c\ndel a, b[0], c.d\nassert x, 'm'\npass; x = 1;\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    EXPECT_EQ(as<GlobalStmt>(p.stmt(0))->names.size(), 2u);
    EXPECT_EQ(p.stmt(1)->kind, StmtKind::Nonlocal);
    EXPECT_EQ(as<DeleteStmt>(p.stmt(2))->targets.size(), 3u);
    EXPECT_NE(as<AssertStmt>(p.stmt(3))->msg, nullptr);
    EXPECT_EQ(p.r.module->body.size(), 6u);
}

TEST(Parser, Imports) {
    Parsed p("import a.b.c as d, e\nfrom . import x\nfrom .. a import (b, c as cc,)\n"
             "from ...pkg.mod import *\nfrom .... import y\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    auto* i = as<ImportStmt>(p.stmt(0));
    EXPECT_EQ(i->names[0].name, "a.b.c");
    EXPECT_EQ(i->names[0].asname, "d");
    auto* f1 = as<ImportFromStmt>(p.stmt(1));
    EXPECT_EQ(f1->level, 1);
    EXPECT_TRUE(f1->module.empty());
    auto* f2 = as<ImportFromStmt>(p.stmt(2));
    EXPECT_EQ(f2->level, 2);
    EXPECT_EQ(f2->module, "a");
    EXPECT_EQ(f2->names[1].asname, "cc");
    auto* f3 = as<ImportFromStmt>(p.stmt(3));
    EXPECT_EQ(f3->level, 3);
    EXPECT_EQ(f3->module, "pkg.mod");
    EXPECT_EQ(f3->names[0].name, "*");
    EXPECT_EQ(as<ImportFromStmt>(p.stmt(4))->level, 4);
}

TEST(Parser, NumberValues) {
    Parsed p("0x_ff\n1_000\n1e-3\n.5\n2j\n0o17\n0b101\n99999999999999999999\n9223372036854775807\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    auto k = [&](size_t i) { return as<ConstantExpr>(p.expr(i)); };
    EXPECT_EQ(k(0)->i, 255);
    EXPECT_EQ(k(1)->i, 1000);
    EXPECT_DOUBLE_EQ(k(2)->f, 1e-3);
    EXPECT_DOUBLE_EQ(k(3)->f, 0.5);
    EXPECT_EQ(k(4)->ckind, ConstKind::Imag);
    EXPECT_DOUBLE_EQ(k(4)->f, 2.0);
    EXPECT_EQ(k(5)->i, 15);
    EXPECT_EQ(k(6)->i, 5);
    EXPECT_TRUE(k(7)->int_overflow);
    EXPECT_EQ(k(7)->s, "99999999999999999999");
    EXPECT_FALSE(k(8)->int_overflow);
    EXPECT_EQ(k(8)->i, INT64_MAX);
}

TEST(Parser, StringValues) {
    Parsed p(R"PY('a\tb\x41\u00e9\U0001F600\101\N{EM DASH}\q'
r'a\tb'
b'\x00\xff'
'a' "b" '''c'''
'line\
cont'
)PY");
    ASSERT_TRUE(p.ok()) << p.msg();
    auto s = [&](size_t i) { return std::string(as<ConstantExpr>(p.expr(i))->s); };
    EXPECT_EQ(s(0), "a\tbA\xC3\xA9\xF0\x9F\x98\x80" "A\xE2\x80\x94\\q");
    EXPECT_EQ(s(1), "a\\tb");
    EXPECT_EQ(as<ConstantExpr>(p.expr(2))->ckind, ConstKind::Bytes);
    EXPECT_EQ(s(2), std::string("\x00\xff", 2));
    EXPECT_EQ(s(3), "abc");
    EXPECT_EQ(s(4), "linecont");
}

TEST(Parser, FStrings) {
    Parsed p("f'a{x!r:>{width}.{prec}}b{{c}}{y=}{z = :>4}' 'tail' f\"{ {1: 2}[1] }\"\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    auto* j = as<JoinedStrExpr>(p.expr());
    ASSERT_EQ(j->kind, ExprKind::JoinedStr);
    // 'a', {x}, 'b{c}y=', {y!r}, 'z = ', {z:>4}, 'tail', {dict[1]}
    ASSERT_EQ(j->values.size(), 8u);
    EXPECT_EQ(as<ConstantExpr>(j->values[0])->s, "a");
    auto* fx = as<FormattedValueExpr>(j->values[1]);
    EXPECT_EQ(fx->conversion, 'r');
    auto* spec = as<JoinedStrExpr>(fx->format_spec);
    ASSERT_EQ(spec->values.size(), 4u);  // '>', {width}, '.', {prec}
    EXPECT_EQ(as<ConstantExpr>(j->values[2])->s, "b{c}y=");
    EXPECT_EQ(as<FormattedValueExpr>(j->values[3])->conversion, 'r');
    EXPECT_EQ(as<ConstantExpr>(j->values[4])->s, "z = ");
    EXPECT_EQ(as<FormattedValueExpr>(j->values[5])->conversion, -1);  // a spec turns off the !r default
    EXPECT_EQ(as<ConstantExpr>(j->values[6])->s, "tail");
    EXPECT_EQ(as<FormattedValueExpr>(j->values[7])->value->kind, ExprKind::Subscript);
    // field expressions carry real file positions
    EXPECT_EQ(fx->value->loc.line, 1);
    EXPECT_EQ(fx->value->loc.col, 4);
}

TEST(Parser, FStringErrors) {
    EXPECT_EQ(Parsed("f'{}'\n").msg(), "f-string: empty expression not allowed");
    EXPECT_EQ(Parsed("f'{x!z}'\n").msg(), "f-string: invalid conversion character: expected 's', 'r', or 'a'");
    EXPECT_EQ(Parsed("f'{x'\n").msg(), "f-string: expecting '}'");
    EXPECT_EQ(Parsed("f'}'\n").msg(), "f-string: single '}' is not allowed");
    EXPECT_EQ(Parsed("f'{a b}'\n").msg(), "f-string: invalid syntax. Perhaps you forgot a comma?");
    EXPECT_EQ(Parsed("f'{x:{y:{z}}}'\n").msg(), "f-string: expressions nested too deeply");
}

TEST(Parser, Locations) {
    Parsed p("x = 1\nif x:\n    y = foo(a,\n            b)\n");
    ASSERT_TRUE(p.ok());
    auto* iff = as<IfStmt>(p.stmt(1));
    EXPECT_EQ(iff->loc.line, 2);
    EXPECT_EQ(iff->loc.end_line, 4);
    auto* call = value_of(iff->body[0]);
    EXPECT_EQ(call->loc.line, 3);
    EXPECT_EQ(call->loc.col, 8);
    EXPECT_EQ(call->loc.end_line, 4);
    EXPECT_EQ(call->loc.end_col, 14);
    auto* b = as<CallExpr>(call)->args[1];
    EXPECT_EQ(b->loc.line, 4);
    EXPECT_EQ(b->loc.col, 12);
}

TEST(Parser, EvalMode) {
    Parsed p("  1 + 2, 3\n", ParseMode::Eval);
    ASSERT_TRUE(p.ok()) << p.msg();
    ASSERT_EQ(p.r.module->body.size(), 1u);
    EXPECT_EQ(p.expr()->kind, ExprKind::Tuple);
    EXPECT_FALSE(Parsed("x = 1", ParseMode::Eval).ok());
}

bool incomplete(std::string_view src) {
    Parsed p(src, ParseMode::Interactive);
    return p.r.error && p.r.error->incomplete;
}

TEST(Parser, InteractiveIncompleteInput) {
    EXPECT_TRUE(incomplete("f(1,"));
    EXPECT_TRUE(incomplete("x = [\n"));
    EXPECT_TRUE(incomplete("s = '''abc\n"));
    EXPECT_TRUE(incomplete("if x:\n"));
    EXPECT_TRUE(incomplete("if x:"));
    EXPECT_TRUE(incomplete("if x:\n    y\n"));
    EXPECT_TRUE(incomplete("def f():\n    return 1\n"));
    EXPECT_TRUE(incomplete("x = 1 + \\\n"));
    EXPECT_TRUE(incomplete("@dec\n"));
    EXPECT_TRUE(incomplete("if x:\n    pass\nelse:"));
    EXPECT_TRUE(incomplete("try:\n    pass\n"));
    // complete entries
    Parsed a("x = 1\n", ParseMode::Interactive);
    EXPECT_TRUE(a.ok());
    Parsed b("if x:\n    y\n\n", ParseMode::Interactive);
    EXPECT_TRUE(b.ok()) << b.msg();
    Parsed c("await asyncio.sleep(0)\n", ParseMode::Interactive);
    EXPECT_TRUE(c.ok());
    // real errors are not "incomplete"
    EXPECT_FALSE(incomplete("x = )\n"));
    EXPECT_FALSE(incomplete("x = 'abc\n"));
    EXPECT_FALSE(incomplete("def f(x) \n"));
    EXPECT_FALSE(incomplete("x = \n"));
}

TEST(Parser, CompilerLevelErrorsAreAccepted) {
    // The compiler, not the parser, reports these.
    Parsed p("await x\nreturn 1\nbreak\ncontinue\nyield 1\n");
    EXPECT_TRUE(p.ok()) << p.msg();
}

TEST(Parser, BomAndShebang) {
    Parsed p("\xEF\xBB\xBF#!/usr/bin/env aio\nx = 1\n");
    ASSERT_TRUE(p.ok()) << p.msg();
    EXPECT_EQ(p.stmt()->loc.line, 2);
    EXPECT_EQ(p.stmt()->loc.col, 0);
}

TEST(Parser, DumpAst) {
    Parsed p("x = f(1, 'a')\n");
    EXPECT_EQ(p.dump(),
              "Module\n"
              "  Assign  @1:0\n"
              "    targets:\n"
              "      Name x  @1:0\n"
              "    value:\n"
              "      Call  @1:4\n"
              "        func:\n"
              "          Name f  @1:4\n"
              "        args:\n"
              "          Constant int 1  @1:6\n"
              "          Constant str 'a'  @1:9\n");
}

// --- fuzz-ish inputs: always a SyntaxError or a tree, never a crash or hang ---

TEST(ParserFuzz, NestedBrackets) {
    EXPECT_EQ(Parsed(std::string(10000, '(') + "\n").msg(), "too many nested parentheses");
    EXPECT_EQ(Parsed(std::string(10000, '[') + std::string(10000, ']')).msg(), "too many nested parentheses");
    EXPECT_TRUE(Parsed("x = " + std::string(150, '(') + "1" + std::string(150, ')') + "\n").ok());
}

TEST(ParserFuzz, DeepExpressionsAreRefused) {
    EXPECT_FALSE(Parsed("x = " + std::string(100000, '-') + "1\n").ok());
    std::string nots;
    for (int i = 0; i < 50000; i++) nots += "not ";
    EXPECT_FALSE(Parsed("x = " + nots + "1\n").ok());
    EXPECT_TRUE(Parsed("x = " + std::string(1000, '-') + "1\n").ok());
}

TEST(ParserFuzz, GarbageBytes) {
    std::mt19937 rng(12345);
    for (int round = 0; round < 300; round++) {
        std::string s(static_cast<size_t>(rng() % 400), '\0');
        for (char& c : s) c = static_cast<char>(rng() % 256);
        Parsed p(s);
        EXPECT_TRUE(p.ok() || p.r.error.has_value());
        if (p.r.error) format_syntax_error(*p.r.error);
    }
    // Garbage made of Python's own tokens stresses the parser rather than the lexer.
    const char* toks[] = {"(", ")", "[", "]", "{", "}", ":", ",", "=", "x", "1", "'s'", "f'{x}'", "\n",
                          "    ", "if", "else", "for", "in", "lambda", "*", "**", "not", "await",
                          "yield", "def", "class", "with", "as", "import", "from", ".", ";", "\\\n"};
    for (int round = 0; round < 2000; round++) {
        std::string s;
        int n = static_cast<int>(rng() % 30);
        for (int i = 0; i < n; i++) { s += toks[rng() % (sizeof toks / sizeof *toks)]; s += ' '; }
        for (ParseMode m : {ParseMode::File, ParseMode::Eval, ParseMode::Interactive}) {
            Parsed p(s, m);
            EXPECT_TRUE(p.ok() || p.r.error.has_value());
            if (p.r.error) format_syntax_error(*p.r.error);
            if (p.ok()) dump_ast(*p.r.module);
        }
    }
}

TEST(ParserFuzz, NulBytesAndInvalidUtf8) {
    EXPECT_EQ(Parsed(std::string("x = 1\0\n", 7)).msg(), "source code cannot contain null bytes");
    Parsed nul(std::string("a = 2\nx = 1\0\n", 13));
    ASSERT_TRUE(nul.r.error);
    EXPECT_EQ(format_syntax_error(*nul.r.error),
              "  File \"t.py\", line 2\n    x = 1\nSyntaxError: source code cannot contain null bytes\n");
    Parsed p("x = '\xff'\n");
    EXPECT_FALSE(p.ok());
    EXPECT_EQ(p.msg(), "Non-UTF-8 code starting with '\\xff' in file t.py on line 1, but no encoding "
                       "declared; see https://peps.python.org/pep-0263/ for details");
    Parsed q("\xC3\x28 = 1\n");
    EXPECT_FALSE(q.ok());
}

TEST(ParserFuzz, UnterminatedEverything) {
    for (const char* s : {"'", "\"", "'''", "\"\"\"", "f'{", "f'{x", "(", "[", "{", "\\", "if x:",
                          "def f(", "lambda", "x = ", "class", "@", "f'{'''", "b'\\x"}) {
        Parsed p(s);
        EXPECT_FALSE(p.ok()) << s;
    }
}

TEST(ParserFuzz, LongLine) {
    std::string s = "x = '" + std::string(10'000'000, 'a') + "'\n";
    Parsed p(s);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(as<ConstantExpr>(value_of(p.stmt()))->s.size(), 10'000'000u);
    std::string sum = "x = 1";
    for (int i = 0; i < 200000; i++) sum += " + 1";
    Parsed deep(sum);
    ASSERT_TRUE(deep.ok());
    // a 200000-deep left-leaning tree: the dump is depth-capped, not a stack overflow
    EXPECT_NE(deep.dump().find("..."), std::string::npos);
    Parsed bad("x = '" + std::string(10'000'000, 'a') + "\n");
    EXPECT_EQ(bad.msg(), "unterminated string literal (detected at line 1)");
}

// --- acceptance: CPython's own standard library ---------------------------

std::vector<std::string> stdlib_files(const std::string& dir) {
    std::vector<std::string> out;
    const char* subdirs[] = {"", "asyncio", "json", "collections", "email", "http", "unittest",
                             "importlib", "logging", "concurrent/futures"};
    for (const char* sub : subdirs) {
        std::string d = dir + "/" + sub;
        DIR* dp = opendir(d.c_str());
        if (!dp) continue;
        while (dirent* e = readdir(dp)) {
            std::string n = e->d_name;
            if (n.size() < 4 || n.substr(n.size() - 3) != ".py") continue;
            // the two top-level files that use `match`
            if (!*sub && (n == "dataclasses.py" || n == "traceback.py")) continue;
            out.push_back(d + "/" + n);
        }
        closedir(dp);
    }
    return out;
}

// Files with a `match x:` line or `except*` are out of scope.
bool uses_match_or_except_star(const std::string& src) {
    std::istringstream in(src);
    std::string line;
    while (std::getline(in, line)) {
        size_t i = line.find_first_not_of(" \t");
        if (i == std::string::npos) continue;
        std::string_view l(line.data() + i, line.size() - i);
        while (!l.empty() && (l.back() == ' ' || l.back() == '\r')) l.remove_suffix(1);
        if (l.rfind("except*", 0) == 0 || l.rfind("except *", 0) == 0) return true;
        if (l.rfind("match ", 0) == 0 && !l.empty() && l.back() == ':') return true;
    }
    return false;
}

TEST(Stdlib, ParsesCPythonStandardLibrary) {
    std::vector<std::string> dirs = {"/usr/lib/python3.11", "/root/.pyenv/versions/3.11.7/lib/python3.11"};
    if (const char* env = std::getenv("AIO_STDLIB_DIR")) dirs.insert(dirs.begin(), env);
    int total = 0;
    for (const std::string& dir : dirs) {
        struct stat st;
        if (stat((dir + "/os.py").c_str(), &st) != 0) continue;
        for (const std::string& path : stdlib_files(dir)) {
            std::ifstream f(path, std::ios::binary);
            std::stringstream ss;
            ss << f.rdbuf();
            std::string src = ss.str();
            if (uses_match_or_except_star(src)) continue;
            Arena arena;
            ParseResult r = parse(arena, src, path);
            EXPECT_TRUE(r.module) << (r.error ? format_syntax_error(*r.error) : path);
            total++;
        }
    }
    if (total == 0) GTEST_SKIP() << "no CPython 3.11 standard library found";
    std::printf("parsed %d standard library files\n", total);
}

}  // namespace
}  // namespace aio::grammar
