// grammar/build.hpp - node construction for the grammar actions (parser.y).
// Each function takes the parts a rule matched and returns an arena node, or
// nullptr after recording a SyntaxError (the action then aborts the parse).
// Target validity (CPython's "cannot assign to ..." family) is checked here.
#pragma once
#include "grammar/context.hpp"

namespace aio::grammar {

class Lexer;

// One string token in an adjacent-literal run ("a" f"b" 'c').
struct StrPiece {
    Tok tok;
    Loc loc;
};

struct Builder {
    ParseCtx& ctx;

    // modules and statement lists
    Module* module(Seq* stmts);
    Module* module_expr(Expr* e, Loc loc);
    Seq* concat(Seq* a, Seq* b);
    bool no_pending_as();

    // simple statements
    Stmt* simple(StmtKind k, Loc loc);
    Stmt* expr_stmt(Expr* e, Loc loc);
    Stmt* assign(Seq* parts, Loc loc);
    Stmt* ann_assign(Expr* target, Expr* ann, Expr* value, Loc loc);
    Stmt* aug_assign(Expr* target, int op, Expr* value, Loc loc);
    Stmt* del(Expr* targets, Loc loc);
    Stmt* ret(Expr* value, Loc loc);
    Stmt* raise(Expr* exc, Expr* cause, Loc loc);
    Stmt* global(Seq* names, bool nonlocal, Loc loc);
    Stmt* assert_(Expr* test, Expr* msg, Loc loc);
    Seq* name_seq(Seq* s, Tok name);
    Stmt* import(Seq* aliases, Loc loc);
    Stmt* import_from(Tok module, int level, Seq* aliases, Loc loc);
    Tok join_dotted(Tok a, Tok b);
    Alias* alias(Tok name, Tok asname, Loc loc);

    // compound statements
    Stmt* if_(Expr* test, Seq* body, Seq* orelse, Loc loc);
    Stmt* while_(Expr* test, Seq* body, Seq* orelse, Loc loc);
    Stmt* for_(Expr* target, Expr* iter, Seq* body, Seq* orelse, Loc loc);
    Stmt* try_(Seq* body, Seq* handlers, Seq* orelse, Seq* finalbody, Loc loc);
    ExceptHandler* handler(Expr* type, Tok name, Seq* body, Loc loc);
    Expr* with_as(Expr* context_expr, Expr* vars, Loc loc, bool in_parens);
    Stmt* with_header(Seq* items, Loc loc);
    Stmt* with_body(Stmt* header, Seq* body, Loc loc);
    Stmt* funcdef(Tok name, Seq* params, Expr* returns, Seq* body, Loc loc);
    Stmt* classdef(Tok name, Expr* call, Seq* body, Loc loc);
    Stmt* decorate(Seq* decorators, Stmt* def);
    Stmt* make_async(Stmt* s, Loc async_loc);
    ParamItem* param(ParamItem::Kind k, Arg* arg, Loc loc);
    Arg* arg(Tok name, Expr* annotation, Loc loc);
    Arguments* arguments(Seq* params, bool lambda);

    // expressions
    Expr* tuple_or_single(Seq* items, bool trailing_comma, Loc loc);
    Expr* tuple(Seq* items, bool parenthesized, Loc loc);
    Expr* paren(Expr* e, Loc loc);
    Expr* paren_items(Seq* items, bool trailing_comma, Loc loc);
    Expr* list(Seq* items, Loc loc);
    Expr* set(Seq* items, Loc loc);
    Expr* dict(Seq* pairs, Loc loc);
    Seq* dict_seq(Seq* s, Expr* key, Expr* value);
    Expr* comp(ExprKind k, Expr* elt, Expr* value, Seq* gens, Loc loc);
    Comprehension* comprehension(Expr* target, Expr* iter, Seq* ifs, bool is_async);
    Expr* starred(Expr* e, Loc loc);
    Expr* named(Expr* target, Expr* value, Loc loc);
    Expr* ifexp(Expr* test, Expr* body, Expr* orelse, Loc loc);
    Expr* boolop(BoolOpKind op, Seq* values, Loc loc);
    Expr* unary(UnaryOpKind op, Expr* e, Loc loc);
    Expr* binop(Expr* l, BinOpKind op, Expr* r, Loc loc);
    Seq* cmp_seq(Seq* s, int op, Expr* e);
    Expr* compare(Expr* left, Seq* pairs, Loc loc);
    Expr* await_(Expr* e, Loc loc);
    Expr* yield(Expr* value, bool from, Loc loc);
    Expr* attribute(Expr* e, Tok name, Loc loc);
    Expr* subscript(Expr* e, Expr* slice, Loc loc);
    Expr* slice(Expr* lower, Expr* upper, Expr* step, Loc loc);
    Expr* call(Expr* func, Seq* items, Loc loc, Loc parens);
    CallItem* call_item(CallItem::Kind k, Expr* value, Expr* name, Loc loc, Loc eq = {});
    Expr* lambda(Seq* params, Expr* body, Loc loc);
    Expr* name(Tok t, Loc loc);
    Expr* constant(ConstKind k, Loc loc);
    Expr* number(Tok t, Loc loc);
    Seq* str_seq(Seq* s, Tok t, Loc loc);
    Expr* strings(Seq* pieces, Loc loc);

    // errors
    void fail_at(const char* msg, Loc loc);
    void fail_range(const char* msg, Loc a, Loc b);
    void fail_node(const std::string& msg, const Expr* e);
};

// Target checks. Return false after recording CPython's message.
enum class TargetUse { Assign, AugAssign, Del, For, With, Named, Ann };
bool check_target(ParseCtx& ctx, Expr* e, TargetUse use);
// CPython's noun for an expression kind ("function call", "literal", ...).
const char* describe_expr(const Expr* e);

// Called by the parser on a syntax error (parser.y): picks CPython's message
// from the lookahead token and what the parser expected.
struct Expected {
    bool colon = false, indent = false, else_ = false, lparen = false, except_ = false;
};
void report_parse_error(ParseCtx& ctx, Lexer& lex, const Expected& expected);

}  // namespace aio::grammar
