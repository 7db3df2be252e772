// grammar/parser.y - bison LALR(1) grammar: tokens (lexer.re) -> AST (ast.hpp).
// Python 3.11 minus `match` and `except*`. Binary operators use precedence
// declarations; everything else is plain rules. Node construction and target
// checks live in build.cpp so the actions stay one-liners. The first error
// aborts the parse; report_syntax_error (errors.cpp) words it as CPython does.

%require "3.5"
%language "c++"
%skeleton "lalr1.cc"
%define api.namespace {aio::grammar::gen}
%define api.parser.class {Parser}
%define api.location.type {aio::grammar::Loc}
%define parse.error custom
%locations
%parse-param {aio::grammar::ParseCtx& ctx} {aio::grammar::Lexer& lex}
%lex-param {aio::grammar::Lexer& lex}
%expect 0

%code requires {
#include <istream>
#include <ostream>

#include "grammar/build.hpp"
#include "grammar/lexer.hpp"
// The skeleton includes <iostream> next, only to name std::cerr in debug code
// this parser compiles out (no parse.trace). Before GCC 13, libstdc++'s header
// puts a static std::ios_base::Init in every file that includes it, which builds
// the standard streams and all the locale's facets at each start of the command
// (~10 of an empty script's page faults). So the header's guard is set and the one
// name declared as the header declares it.
#if defined(__GLIBCXX__) && !defined(_GLIBCXX_IOSTREAM)
#define _GLIBCXX_IOSTREAM 1
namespace std {
extern ostream cerr;
}
#endif
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                        \
    do {                                                                   \
        if (N) {                                                           \
            (Cur).line = YYRHSLOC(Rhs, 1).line;                            \
            (Cur).col = YYRHSLOC(Rhs, 1).col;                              \
            (Cur).end_line = YYRHSLOC(Rhs, N).end_line;                    \
            (Cur).end_col = YYRHSLOC(Rhs, N).end_col;                      \
        } else {                                                           \
            (Cur).line = (Cur).end_line = YYRHSLOC(Rhs, 0).end_line;       \
            (Cur).col = (Cur).end_col = YYRHSLOC(Rhs, 0).end_col;          \
        }                                                                  \
    } while (0)
}

%union {
    aio::grammar::Expr* e;
    aio::grammar::Stmt* s;
    aio::grammar::Seq* q;
    aio::grammar::Tok t;
    aio::grammar::ParamItem* pi;
    aio::grammar::CallItem* ci;
    aio::grammar::Comprehension* comp;
    aio::grammar::ExceptHandler* h;
    aio::grammar::Alias* al;
    int i;
}

%code {
namespace aio::grammar::gen {
// Pulls the next token from the lexer (the parser never looks back at text).
static int yylex(Parser::value_type* v, Loc* loc, Lexer& lex) {
    LexToken t = lex.next();
    if (t.kind == Parser::token::AUGASSIGN) v->i = t.op;
    else v->t = t.tok;
    *loc = t.kind == Parser::token::NEWLINE || t.kind == Parser::token::INDENT ||
                   t.kind == Parser::token::DEDENT
               ? lex.layout_loc()
               : t.loc;
    return t.kind;
}
}  // namespace aio::grammar::gen
#define B (aio::grammar::Builder{ctx})
#define CHECK(x) do { if (!(x)) YYABORT; } while (0)
// Right-recursive expressions (`- - - x`, `not not x`, `a**b**c`, lambdas,
// conditionals) deepen the parser stack and the tree; like CPython, refuse
// absurd depths so later recursive passes stay bounded.
#define DEEP() do { if (yystack_.size() > 6000) { B.fail_at("too many nested expressions (source too complex to parse)", yylhs.location); YYABORT; } } while (0)
}

%token START_FILE START_EVAL START_FSTRING
%token <t> NAME NUMBER STRING
%token NEWLINE INDENT DEDENT ERRORTOKEN
%token FALSE NONE TRUE AND AS ASSERT ASYNC AWAIT BREAK CLASS CONTINUE DEF DEL
%token ELIF ELSE EXCEPT FINALLY FOR FROM GLOBAL IF IMPORT IN IS LAMBDA NONLOCAL
%token NOT OR PASS RAISE RETURN TRY WHILE WITH YIELD
%token POW FLOORDIV LSHIFT RSHIFT LE GE EQ NE WALRUS ARROW ELLIPSIS
%token <i> AUGASSIGN

%left '|'
%left '^'
%left '&'
%left LSHIFT RSHIFT
%left '+' '-'
%left '*' '/' '%' FLOORDIV '@'

%type <q> stmts_opt stmts stmt simple_stmts simple_list suite elif_tail else_opt finally_opt
%type <q> assign_chain names dotted_as_names import_as_names import_targets handlers
%type <q> with_items decorators param_list lparam_list tlse_items elems dict_elems
%type <q> sub_items args comp_fors comp_ifs xitems strings comp_chain or_list and_list
%type <q> params_opt lparams_opt arglist_opt
%type <s> simple_stmt compound_stmt import_stmt if_stmt while_stmt for_stmt
%type <s> try_stmt with_stmt funcdef classdef decorated async_stmt with_header
%type <e> tlse star_expr rhs namedexpr_test test or_test and_test not_test
%type <e> bexpr factor primary yield_expr lambdef
%type <e> exprlist x_item subscripts sub test_opt ret_opt decorator class_args
%type <comp> comp_for1
%type <h> handler
%type <pi> param_item tparam lparam_item
%type <ci> arg
%type <i> comp_op dots
%type <t> dotted_name
%type <al> dotted_as_name import_as_name

%%

start
    : START_FILE stmts_opt            { ctx.result = B.module($2); }
    | START_EVAL tlse nl_opt          { CHECK(B.no_pending_as()); ctx.result = B.module_expr($2, @2); CHECK(ctx.result); }
    | START_FSTRING tlse              { CHECK(B.no_pending_as()); ctx.result = B.module_expr($2, @2); CHECK(ctx.result); }
    | START_FSTRING yield_expr        { ctx.result = B.module_expr($2, @2); }
    ;
nl_opt: %empty | NEWLINE ;

stmts_opt
    : %empty                          { $$ = ctx.seq(); }
    | stmts_opt stmt                  { $$ = B.concat($1, $2); }
    ;
stmts
    : stmt                            { $$ = $1; }
    | stmts stmt                      { $$ = B.concat($1, $2); }
    ;
stmt
    : simple_stmts                    { $$ = $1; CHECK(B.no_pending_as()); }
    | compound_stmt                   { $$ = ctx.seq($1); CHECK(B.no_pending_as()); }
    ;
// One statement on a line is the common case: no list reductions for it.
simple_stmts
    : simple_stmt NEWLINE             { $$ = ctx.seq($1); }
    | simple_stmt ';' NEWLINE         { $$ = ctx.seq($1); }
    | simple_list NEWLINE             { $$ = $1; }
    | simple_list ';' NEWLINE         { $$ = $1; }
    ;
simple_list
    : simple_stmt ';' simple_stmt     { $$ = ctx.push(ctx.seq($1), $3); }
    | simple_list ';' simple_stmt     { $$ = ctx.push($1, $3); }
    ;
simple_stmt
    : tlse                            { $$ = B.expr_stmt($1, @$); CHECK($$); }
    | yield_expr                      { $$ = B.expr_stmt($1, @$); CHECK($$); }
    | tlse ':' test                   { $$ = B.ann_assign($1, $3, nullptr, @$); CHECK($$); }
    | tlse ':' test '=' rhs           { $$ = B.ann_assign($1, $3, $5, @$); CHECK($$); }
    | tlse AUGASSIGN rhs              { $$ = B.aug_assign($1, $2, $3, @$); CHECK($$); }
    | assign_chain                    { $$ = B.assign($1, @$); CHECK($$); }
    | DEL exprlist                    { $$ = B.del($2, @$); CHECK($$); }
    | PASS                            { $$ = B.simple(StmtKind::Pass, @$); }
    | BREAK                           { $$ = B.simple(StmtKind::Break, @$); }
    | CONTINUE                        { $$ = B.simple(StmtKind::Continue, @$); }
    | RETURN                          { $$ = B.ret(nullptr, @$); }
    | RETURN tlse                     { $$ = B.ret($2, @$); CHECK($$); }
    | RAISE                           { $$ = B.raise(nullptr, nullptr, @$); }
    | RAISE test                      { $$ = B.raise($2, nullptr, @$); }
    | RAISE test FROM test            { $$ = B.raise($2, $4, @$); }
    | GLOBAL names                    { $$ = B.global($2, false, @$); }
    | NONLOCAL names                  { $$ = B.global($2, true, @$); }
    | ASSERT test                     { $$ = B.assert_($2, nullptr, @$); }
    | ASSERT test ',' test            { $$ = B.assert_($2, $4, @$); }
    | import_stmt
    ;
assign_chain
    : tlse '=' rhs                    { $$ = ctx.push(ctx.seq($1), $3); }
    | assign_chain '=' rhs            { $$ = ctx.push($1, $3); }
    ;
rhs: yield_expr | tlse ;
names
    : NAME                            { $$ = B.name_seq(nullptr, $1); }
    | names ',' NAME                  { $$ = B.name_seq($1, $3); }
    ;

import_stmt
    : IMPORT dotted_as_names          { $$ = B.import($2, @$); }
    | FROM dotted_name IMPORT import_targets        { $$ = B.import_from($2, 0, $4, @$); }
    | FROM dots dotted_name IMPORT import_targets   { $$ = B.import_from($3, $2, $5, @$); }
    | FROM dots IMPORT import_targets               { $$ = B.import_from(Tok{nullptr, 0}, $2, $4, @$); }
    ;
dots
    : '.'                             { $$ = 1; }
    | ELLIPSIS                        { $$ = 3; }
    | dots '.'                        { $$ = $1 + 1; }
    | dots ELLIPSIS                   { $$ = $1 + 3; }
    ;
dotted_name
    : NAME                            { $$ = $1; }
    | dotted_name '.' NAME            { $$ = B.join_dotted($1, $3); }
    ;
dotted_as_name
    : dotted_name                     { $$ = B.alias($1, Tok{nullptr, 0}, @$); }
    | dotted_name AS NAME             { $$ = B.alias($1, $3, @$); }
    ;
dotted_as_names
    : dotted_as_name                  { $$ = ctx.seq($1); }
    | dotted_as_names ',' dotted_as_name  { $$ = ctx.push($1, $3); }
    ;
import_as_name
    : NAME                            { $$ = B.alias($1, Tok{nullptr, 0}, @$); }
    | NAME AS NAME                    { $$ = B.alias($1, $3, @$); }
    ;
import_as_names
    : import_as_name                  { $$ = ctx.seq($1); }
    | import_as_names ',' import_as_name  { $$ = ctx.push($1, $3); }
    ;
import_targets
    : '*'                             { $$ = ctx.seq(B.alias(Tok{"*", 1}, Tok{nullptr, 0}, @$)); }
    | '(' import_as_names ')'         { $$ = $2; }
    | '(' import_as_names ',' ')'     { $$ = $2; }
    | import_as_names                 { $$ = $1; }
    | import_as_names ','             { B.fail_at("trailing comma not allowed without surrounding parentheses", lex.last_loc()); YYABORT; }
    ;

compound_stmt
    : if_stmt | while_stmt | for_stmt | try_stmt | with_stmt | funcdef | classdef
    | decorated | async_stmt
    ;
suite
    : simple_stmts                    { $$ = $1; }
    | NEWLINE INDENT stmts DEDENT     { $$ = $3; }
    ;
if_stmt
    : IF namedexpr_test ':' suite elif_tail  { $$ = B.if_($2, $4, $5, @$); }
    ;
elif_tail
    : %empty                          { $$ = nullptr; }
    | ELSE ':' suite                  { $$ = $3; }
    | ELIF namedexpr_test ':' suite elif_tail  { $$ = ctx.seq(B.if_($2, $4, $5, @$)); }
    ;
else_opt
    : %empty                          { $$ = nullptr; }
    | ELSE ':' suite                  { $$ = $3; }
    ;
while_stmt
    : WHILE namedexpr_test ':' suite else_opt     { $$ = B.while_($2, $4, $5, @$); }
    ;
for_stmt
    : FOR exprlist IN tlse ':' suite else_opt    { $$ = B.for_($2, $4, $6, $7, @$); CHECK($$); }
    ;
try_stmt
    : TRY ':' suite handlers else_opt finally_opt  { $$ = B.try_($3, $4, $5, $6, @$); }
    | TRY ':' suite FINALLY ':' suite              { $$ = B.try_($3, nullptr, nullptr, $6, @$); }
    ;
finally_opt
    : %empty                          { $$ = nullptr; }
    | FINALLY ':' suite               { $$ = $3; }
    ;
handlers
    : handler                         { $$ = ctx.seq($1); }
    | handlers handler                { $$ = ctx.push($1, $2); }
    ;
handler
    : EXCEPT ':' suite                { $$ = B.handler(nullptr, Tok{nullptr, 0}, $3, @$); }
    | EXCEPT test ':' suite           { $$ = B.handler($2, Tok{nullptr, 0}, $4, @$); }
    | EXCEPT test AS NAME ':' suite   { $$ = B.handler($2, $4, $6, @$); }
    | EXCEPT test ',' tlse ':'        { B.fail_range("multiple exception types must be parenthesized", @2, @4); YYABORT; }
    ;
with_stmt
    : with_header suite               { $$ = B.with_body($1, $2, @$); }
    ;
with_header
    : WITH with_items ':'             { $$ = B.with_header($2, @$); CHECK($$); }
    ;
with_items
    : test                            { $$ = ctx.seq(B.with_as($1, nullptr, @$, false)); }
    | test AS bexpr                   { $$ = ctx.seq(B.with_as($1, $3, @$, false)); }
    | with_items ',' test             { $$ = ctx.push($1, B.with_as($3, nullptr, @3, false)); }
    | with_items ',' test AS bexpr    { $$ = ctx.push($1, B.with_as($3, $5, @$, false)); }
    ;
funcdef
    : DEF NAME '(' params_opt ')' ret_opt ':' suite  { $$ = B.funcdef($2, $4, $6, $8, @$); CHECK($$); }
    ;
ret_opt
    : %empty                          { $$ = nullptr; }
    | ARROW test                      { $$ = $2; }
    ;
params_opt
    : %empty                          { $$ = nullptr; }
    | param_list                      { $$ = $1; }
    | param_list ','                  { $$ = $1; }
    ;
param_list
    : param_item                      { $$ = ctx.seq($1); }
    | param_list ',' param_item       { $$ = ctx.push($1, $3); }
    ;
param_item
    : tparam                          { $$ = $1; }
    | tparam '=' test                 { $$ = $1; $$->deflt = $3; }
    | '*'                             { $$ = B.param(ParamItem::Star, nullptr, @$); }
    | '*' tparam                      { $$ = $2; $$->kind = ParamItem::Star; $$->loc = @$; }
    | POW tparam                      { $$ = $2; $$->kind = ParamItem::DoubleStar; $$->loc = @$; }
    | '/'                             { $$ = B.param(ParamItem::Slash, nullptr, @$); }
    ;
tparam
    : NAME                            { $$ = B.param(ParamItem::Plain, B.arg($1, nullptr, @$), @$); }
    | NAME ':' test                   { $$ = B.param(ParamItem::Plain, B.arg($1, $3, @$), @$); }
    | NAME ':' star_expr              { $$ = B.param(ParamItem::Plain, B.arg($1, $3, @$), @$); }
    ;
lambdef
    : LAMBDA lparams_opt ':' test     { DEEP(); $$ = B.lambda($2, $4, @$); CHECK($$); }
    ;
lparams_opt
    : %empty                          { $$ = nullptr; }
    | lparam_list                     { $$ = $1; }
    | lparam_list ','                 { $$ = $1; }
    ;
lparam_list
    : lparam_item                     { $$ = ctx.seq($1); }
    | lparam_list ',' lparam_item     { $$ = ctx.push($1, $3); }
    ;
lparam_item
    : NAME                            { $$ = B.param(ParamItem::Plain, B.arg($1, nullptr, @$), @$); }
    | NAME '=' test                   { $$ = B.param(ParamItem::Plain, B.arg($1, nullptr, @1), @$); $$->deflt = $3; }
    | '*'                             { $$ = B.param(ParamItem::Star, nullptr, @$); }
    | '*' NAME                        { $$ = B.param(ParamItem::Star, B.arg($2, nullptr, @2), @$); }
    | POW NAME                        { $$ = B.param(ParamItem::DoubleStar, B.arg($2, nullptr, @2), @$); }
    | '/'                             { $$ = B.param(ParamItem::Slash, nullptr, @$); }
    ;
classdef
    : CLASS NAME class_args ':' suite { $$ = B.classdef($2, $3, $5, @$); CHECK($$); }
    ;
class_args
    : %empty                          { $$ = nullptr; }
    | '(' arglist_opt ')'             { $$ = B.call(nullptr, $2, @$, @$); CHECK($$); }
    ;
decorated
    : decorators funcdef              { $$ = B.decorate($1, $2); }
    | decorators classdef             { $$ = B.decorate($1, $2); }
    | decorators ASYNC funcdef        { $$ = B.decorate($1, B.make_async($3, @2)); }
    ;
decorators
    : decorator                       { $$ = ctx.seq($1); }
    | decorators decorator            { $$ = ctx.push($1, $2); }
    ;
decorator
    : '@' namedexpr_test NEWLINE      { $$ = $2; }
    ;
async_stmt
    : ASYNC funcdef                   { $$ = B.make_async($2, @1); }
    | ASYNC with_stmt                 { $$ = B.make_async($2, @1); }
    | ASYNC for_stmt                  { $$ = B.make_async($2, @1); }
    ;

/* ---- expressions ---- */
tlse
    : tlse_items                      { $$ = B.tuple_or_single($1, false, @$); }
    | tlse_items ','                  { $$ = B.tuple_or_single($1, true, @$); }
    ;
tlse_items
    : test                            { $$ = ctx.seq($1); }
    | star_expr                       { $$ = ctx.seq($1); }
    | tlse_items ',' test             { $$ = ctx.push($1, $3); }
    | tlse_items ',' star_expr        { $$ = ctx.push($1, $3); }
    ;
star_expr
    : '*' bexpr                       { $$ = B.starred($2, @$); }
    ;
exprlist
    : xitems                          { $$ = B.tuple_or_single($1, false, @$); }
    | xitems ','                      { $$ = B.tuple_or_single($1, true, @$); }
    ;
xitems
    : x_item                          { $$ = ctx.seq($1); }
    | xitems ',' x_item               { $$ = ctx.push($1, $3); }
    ;
x_item: bexpr | star_expr ;
namedexpr_test
    : test
    | test WALRUS test                { $$ = B.named($1, $3, @$); CHECK($$); }
    ;
test
    : bexpr
    | bexpr comp_chain                { $$ = B.compare($1, $2, @$); }
    | NOT not_test                    { DEEP(); $$ = B.unary(UnaryOpKind::Not, $2, @$); }
    | and_list                        { $$ = B.boolop(BoolOpKind::And, $1, @$); }
    | or_list                         { $$ = B.boolop(BoolOpKind::Or, $1, @$); }
    | or_test IF or_test ELSE test    { DEEP(); $$ = B.ifexp($3, $1, $5, @$); }
    | lambdef
    ;
// The precedence levels below are flattened where a level would only pass a
// lone operand up (atom -> primary -> power -> factor -> bexpr -> comparison ->
// not_test -> and_test -> or_test): every unit reduction is parser work, and
// a plain name or call went through all of them. `factor`, `not_test` and
// `and_test` remain for the operands that need them; the common case is
// primary -> bexpr -> or_test -> test.
or_test
    : bexpr
    | bexpr comp_chain                { $$ = B.compare($1, $2, @$); }
    | NOT not_test                    { DEEP(); $$ = B.unary(UnaryOpKind::Not, $2, @$); }
    | and_list                        { $$ = B.boolop(BoolOpKind::And, $1, @$); }
    | or_list                         { $$ = B.boolop(BoolOpKind::Or, $1, @$); }
    ;
or_list
    : and_test OR and_test            { $$ = ctx.push(ctx.seq($1), $3); }
    | or_list OR and_test             { $$ = ctx.push($1, $3); }
    ;
and_test
    : not_test
    | and_list                        { $$ = B.boolop(BoolOpKind::And, $1, @$); }
    ;
and_list
    : not_test AND not_test           { $$ = ctx.push(ctx.seq($1), $3); }
    | and_list AND not_test           { $$ = ctx.push($1, $3); }
    ;
not_test
    : NOT not_test                    { DEEP(); $$ = B.unary(UnaryOpKind::Not, $2, @$); }
    | bexpr
    | bexpr comp_chain                { $$ = B.compare($1, $2, @$); }
    ;
comp_chain
    : comp_op bexpr                   { $$ = B.cmp_seq(nullptr, $1, $2); }
    | comp_chain comp_op bexpr        { $$ = B.cmp_seq($1, $2, $3); }
    ;
comp_op
    : '<'                             { $$ = int(CmpOpKind::Lt); }
    | '>'                             { $$ = int(CmpOpKind::Gt); }
    | EQ                              { $$ = int(CmpOpKind::Eq); }
    | NE                              { $$ = int(CmpOpKind::NotEq); }
    | LE                              { $$ = int(CmpOpKind::LtE); }
    | GE                              { $$ = int(CmpOpKind::GtE); }
    | IN                              { $$ = int(CmpOpKind::In); }
    | NOT IN                          { $$ = int(CmpOpKind::NotIn); }
    | IS                              { $$ = int(CmpOpKind::Is); }
    | IS NOT                          { $$ = int(CmpOpKind::IsNot); }
    ;
bexpr
    : primary
    | AWAIT primary                   { $$ = B.await_($2, @$); }
    | primary POW factor              { DEEP(); $$ = B.binop($1, BinOpKind::Pow, $3, @$); }
    | AWAIT primary POW factor        { DEEP(); $$ = B.binop(B.await_($2, Loc{@1.line, @1.col, @2.end_line, @2.end_col}), BinOpKind::Pow, $4, @$); }
    | '-' factor                      { DEEP(); $$ = B.unary(UnaryOpKind::USub, $2, @$); }
    | '+' factor                      { DEEP(); $$ = B.unary(UnaryOpKind::UAdd, $2, @$); }
    | '~' factor                      { DEEP(); $$ = B.unary(UnaryOpKind::Invert, $2, @$); }
    | bexpr '|' bexpr                 { $$ = B.binop($1, BinOpKind::BitOr, $3, @$); }
    | bexpr '^' bexpr                 { $$ = B.binop($1, BinOpKind::BitXor, $3, @$); }
    | bexpr '&' bexpr                 { $$ = B.binop($1, BinOpKind::BitAnd, $3, @$); }
    | bexpr LSHIFT bexpr              { $$ = B.binop($1, BinOpKind::LShift, $3, @$); }
    | bexpr RSHIFT bexpr              { $$ = B.binop($1, BinOpKind::RShift, $3, @$); }
    | bexpr '+' bexpr                 { $$ = B.binop($1, BinOpKind::Add, $3, @$); }
    | bexpr '-' bexpr                 { $$ = B.binop($1, BinOpKind::Sub, $3, @$); }
    | bexpr '*' bexpr                 { $$ = B.binop($1, BinOpKind::Mult, $3, @$); }
    | bexpr '/' bexpr                 { $$ = B.binop($1, BinOpKind::Div, $3, @$); }
    | bexpr '%' bexpr                 { $$ = B.binop($1, BinOpKind::Mod, $3, @$); }
    | bexpr FLOORDIV bexpr            { $$ = B.binop($1, BinOpKind::FloorDiv, $3, @$); }
    | bexpr '@' bexpr                 { $$ = B.binop($1, BinOpKind::MatMult, $3, @$); }
    ;
factor
    : primary
    | AWAIT primary                   { $$ = B.await_($2, @$); }
    | primary POW factor              { DEEP(); $$ = B.binop($1, BinOpKind::Pow, $3, @$); }
    | AWAIT primary POW factor        { DEEP(); $$ = B.binop(B.await_($2, Loc{@1.line, @1.col, @2.end_line, @2.end_col}), BinOpKind::Pow, $4, @$); }
    | '-' factor                      { DEEP(); $$ = B.unary(UnaryOpKind::USub, $2, @$); }
    | '+' factor                      { DEEP(); $$ = B.unary(UnaryOpKind::UAdd, $2, @$); }
    | '~' factor                      { DEEP(); $$ = B.unary(UnaryOpKind::Invert, $2, @$); }
    ;
primary
    : primary '.' NAME                { $$ = B.attribute($1, $3, @$); }
    | primary '(' arglist_opt ')'     { $$ = B.call($1, $3, @$, Loc{@2.line, @2.col, @4.end_line, @4.end_col}); CHECK($$); }
    | primary '[' subscripts ']'      { $$ = B.subscript($1, $3, @$); }
    | NAME                            { $$ = B.name($1, @$); }
    | NUMBER                          { $$ = B.number($1, @$); CHECK($$); }
    | strings                         { $$ = B.strings($1, @$); CHECK($$); }
    | NONE                            { $$ = B.constant(ConstKind::None, @$); }
    | TRUE                            { $$ = B.constant(ConstKind::True, @$); }
    | FALSE                           { $$ = B.constant(ConstKind::False, @$); }
    | ELLIPSIS                        { $$ = B.constant(ConstKind::Ellipsis, @$); }
    | '(' ')'                         { $$ = B.tuple(nullptr, true, @$); }
    | '(' yield_expr ')'              { $$ = B.paren($2, @$); ctx.paren_names.insert($2); }
    | '(' namedexpr_test comp_fors ')'    { $$ = B.comp(ExprKind::GeneratorExp, $2, nullptr, $3, @$); }
    | '(' elems ')'                   { $$ = B.paren_items($2, false, @$); }
    | '(' elems ',' ')'               { $$ = B.paren_items($2, true, @$); }
    | '[' ']'                         { $$ = B.list(nullptr, @$); }
    | '[' elems ']'                   { $$ = B.list($2, @$); CHECK($$); }
    | '[' elems ',' ']'               { $$ = B.list($2, @$); CHECK($$); }
    | '[' namedexpr_test comp_fors ']'    { $$ = B.comp(ExprKind::ListComp, $2, nullptr, $3, @$); }
    | '{' '}'                         { $$ = B.dict(nullptr, @$); }
    | '{' dict_elems '}'              { $$ = B.dict($2, @$); }
    | '{' dict_elems ',' '}'          { $$ = B.dict($2, @$); }
    | '{' elems '}'                   { $$ = B.set($2, @$); CHECK($$); }
    | '{' elems ',' '}'               { $$ = B.set($2, @$); CHECK($$); }
    | '{' namedexpr_test comp_fors '}'    { $$ = B.comp(ExprKind::SetComp, $2, nullptr, $3, @$); }
    | '{' test ':' test comp_fors '}' { $$ = B.comp(ExprKind::DictComp, $2, $4, $5, @$); }
    ;
strings
    : STRING                          { $$ = B.str_seq(nullptr, $1, @1); }
    | strings STRING                  { $$ = B.str_seq($1, $2, @2); }
    ;
elems
    : namedexpr_test                  { $$ = ctx.seq($1); }
    | star_expr                       { $$ = ctx.seq($1); }
    | test AS bexpr                   { $$ = ctx.seq(B.with_as($1, $3, @$, true)); }
    | elems ',' namedexpr_test        { $$ = ctx.push($1, $3); }
    | elems ',' star_expr             { $$ = ctx.push($1, $3); }
    | elems ',' test AS bexpr         { $$ = ctx.push($1, B.with_as($3, $5, @$, true)); }
    ;
dict_elems
    : test ':' test                   { $$ = B.dict_seq(nullptr, $1, $3); }
    | POW bexpr                       { $$ = B.dict_seq(nullptr, nullptr, $2); }
    | dict_elems ',' test ':' test    { $$ = B.dict_seq($1, $3, $5); }
    | dict_elems ',' POW bexpr        { $$ = B.dict_seq($1, nullptr, $4); }
    ;
comp_fors
    : comp_for1                       { $$ = ctx.seq($1); }
    | comp_fors comp_for1             { $$ = ctx.push($1, $2); }
    ;
comp_for1
    : FOR exprlist IN or_test comp_ifs        { $$ = B.comprehension($2, $4, $5, false); CHECK($$); }
    | ASYNC FOR exprlist IN or_test comp_ifs  { $$ = B.comprehension($3, $5, $6, true); CHECK($$); }
    ;
comp_ifs
    : %empty                          { $$ = nullptr; }
    | comp_ifs IF or_test             { $$ = $1 ? ctx.push($1, $3) : ctx.seq($3); }
    ;
subscripts
    : sub_items                       { $$ = B.tuple_or_single($1, false, @$); }
    | sub_items ','                   { $$ = B.tuple_or_single($1, true, @$); }
    ;
sub_items
    : sub                             { $$ = ctx.seq($1); }
    | sub_items ',' sub               { $$ = ctx.push($1, $3); }
    ;
sub
    : namedexpr_test
    | star_expr
    | test_opt ':' test_opt           { $$ = B.slice($1, $3, nullptr, @$); }
    | test_opt ':' test_opt ':' test_opt  { $$ = B.slice($1, $3, $5, @$); }
    ;
test_opt
    : %empty                          { $$ = nullptr; }
    | test
    ;
arglist_opt
    : %empty                          { $$ = nullptr; }
    | args                            { $$ = $1; }
    | args ','                        { $$ = $1; }
    ;
args
    : arg                             { $$ = ctx.seq($1); }
    | args ',' arg                    { $$ = ctx.push($1, $3); }
    ;
arg
    : test                            { $$ = B.call_item(CallItem::Pos, $1, nullptr, @$); }
    | test comp_fors                  { $$ = B.call_item(CallItem::Gen, B.comp(ExprKind::GeneratorExp, $1, nullptr, $2, @$), nullptr, @$); }
    | test WALRUS test                { $$ = B.call_item(CallItem::Pos, B.named($1, $3, @$), nullptr, @$); CHECK($$->value); }
    | test '=' test                   { $$ = B.call_item(CallItem::Kw, $3, $1, @$, @2); CHECK($$); }
    | '*' test                        { $$ = B.call_item(CallItem::Star, B.starred($2, @$), nullptr, @$); }
    | POW test                        { $$ = B.call_item(CallItem::DoubleStar, $2, nullptr, @$); }
    ;
yield_expr
    : YIELD                           { $$ = B.yield(nullptr, false, @$); }
    | YIELD FROM test                 { $$ = B.yield($3, true, @$); }
    | YIELD tlse                      { $$ = B.yield($2, false, @$); }
    ;

%%

namespace aio::grammar::gen {

void Parser::error(const location_type& loc, const std::string& msg) {
    ctx.fail(msg, loc.line, loc.col + 1);
}

void Parser::report_syntax_error(const context& c) const {
    symbol_kind_type expected[YYNTOKENS];
    int n = c.expected_tokens(expected, YYNTOKENS);
    auto expects = [&](int tok) {
        symbol_kind_type k = by_kind(static_cast<token_kind_type>(tok)).kind();
        for (int i = 0; i < n; i++)
            if (expected[i] == k) return true;
        return false;
    };
    Expected e;
    e.colon = expects(':');
    e.indent = expects(token::INDENT);
    e.else_ = expects(token::ELSE);
    e.lparen = expects('(');
    e.except_ = expects(token::EXCEPT) || expects(token::FINALLY);
    report_parse_error(ctx, lex, e);
}

}  // namespace aio::grammar::gen
