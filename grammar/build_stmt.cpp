// grammar/build_stmt.cpp - statement nodes for the grammar actions (build.hpp).
// Parameter lists arrive as a flat list of items and are sorted into
// Arguments here, where CPython's ordering errors are reported.
#include <string>
#include <unordered_set>

#include "grammar/build.hpp"

namespace aio::grammar {

template <class T>
static T* node(ParseCtx& ctx, StmtKind k, Loc loc) {
    T* n = ctx.arena.make<T>();
    n->kind = k;
    n->loc = loc;
    return n;
}

Module* Builder::module(Seq* stmts) {
    Module* m = ctx.arena.make<Module>();
    m->body = ctx.list<Stmt*>(stmts);
    return m;
}

Module* Builder::module_expr(Expr* e, Loc loc) {
    Stmt* s = expr_stmt(e, loc);
    if (!s) return nullptr;
    Module* m = ctx.arena.make<Module>();
    m->body = ctx.list<Stmt*>(ctx.seq(s));
    return m;
}

Seq* Builder::concat(Seq* a, Seq* b) {
    if (!b || !b->n) return a;
    if (!a->n) return b;
    a->last->next = b->first;
    a->last = b->last;
    a->n += b->n;
    return a;
}

bool Builder::no_pending_as() {
    if (ctx.pending_as == 0) return true;
    fail_at("invalid syntax", ctx.pending_as_loc);
    return false;
}

Stmt* Builder::simple(StmtKind k, Loc loc) {
    switch (k) {
        case StmtKind::Pass: return node<PassStmt>(ctx, k, loc);
        case StmtKind::Break: return node<BreakStmt>(ctx, k, loc);
        default: return node<ContinueStmt>(ctx, k, loc);
    }
}

// A bare `*a` (not inside a tuple) cannot stand alone as a value.
static bool bare_starred(Builder& b, Expr* e) {
    if (!e || e->kind != ExprKind::Starred) return false;
    b.fail_node("can't use starred expression here", e);
    return true;
}

Stmt* Builder::expr_stmt(Expr* e, Loc loc) {
    if (bare_starred(*this, e)) return nullptr;
    auto* s = node<ExprStmtStmt>(ctx, StmtKind::ExprStmt, loc);
    s->value = e;
    return s;
}

static bool is_plain_bitwise(const Expr* e) {
    switch (e->kind) {
        case ExprKind::BoolOp: case ExprKind::NamedExpr: case ExprKind::Lambda:
        case ExprKind::IfExp: case ExprKind::Compare: case ExprKind::Yield:
        case ExprKind::YieldFrom: case ExprKind::List: case ExprKind::Tuple:
        case ExprKind::GeneratorExp: case ExprKind::Starred:
            return false;
        case ExprKind::UnaryOp:
            return as<const UnaryOpExpr>(e)->op != UnaryOpKind::Not;
        case ExprKind::Constant: {
            auto k = as<const ConstantExpr>(e)->ckind;
            return k != ConstKind::True && k != ConstKind::False && k != ConstKind::None;
        }
        default: return true;
    }
}

Stmt* Builder::assign(Seq* parts, Loc loc) {
    auto* s = node<AssignStmt>(ctx, StmtKind::Assign, loc);
    List<Expr*> all = ctx.list<Expr*>(parts);
    if (bare_starred(*this, all[all.n - 1])) return nullptr;
    for (uint32_t i = 0; i + 1 < all.n; i++) {
        Expr* t = all[i];
        const bool paren_yield = (t->kind == ExprKind::Yield || t->kind == ExprKind::YieldFrom) &&
                                 ctx.is_parenthesized(t);
        if ((t->kind == ExprKind::Yield || t->kind == ExprKind::YieldFrom) && !paren_yield) {
            fail_node("assignment to yield expression not possible", t);
            return nullptr;
        }
        // CPython's invalid_named_expression: `f() = 1` hints at '=='.
        if (all.n == 2 && (is_plain_bitwise(t) || paren_yield) && is_plain_bitwise(all[i + 1]) &&
            t->kind != ExprKind::Name && t->kind != ExprKind::Attribute &&
            t->kind != ExprKind::Subscript) {
            fail_node(std::string("cannot assign to ") + describe_expr(t) +
                          " here. Maybe you meant '==' instead of '='?", t);
            return nullptr;
        }
        if (!check_target(ctx, t, TargetUse::Assign)) return nullptr;
    }
    s->targets = List<Expr*>{all.items, all.n - 1};
    s->value = all[all.n - 1];
    return s;
}

Stmt* Builder::ann_assign(Expr* target, Expr* ann, Expr* value, Loc loc) {
    if (target->kind == ExprKind::Tuple || target->kind == ExprKind::List) {
        std::string msg = std::string("only single target (not ") +
                          (target->kind == ExprKind::Tuple ? "tuple" : "list") + ") can be annotated";
        ctx.fail(msg, target->loc.line, target->loc.col + 1);
        return nullptr;
    }
    if (!check_target(ctx, target, TargetUse::Ann)) return nullptr;
    auto* s = node<AnnAssignStmt>(ctx, StmtKind::AnnAssign, loc);
    s->target = target;
    s->annotation = ann;
    s->value = value;
    s->simple = target->kind == ExprKind::Name && !ctx.is_parenthesized(target);
    return s;
}

Stmt* Builder::aug_assign(Expr* target, int op, Expr* value, Loc loc) {
    if (!check_target(ctx, target, TargetUse::AugAssign)) return nullptr;
    auto* s = node<AugAssignStmt>(ctx, StmtKind::AugAssign, loc);
    s->target = target;
    s->op = static_cast<BinOpKind>(op);
    s->value = value;
    return s;
}

Stmt* Builder::del(Expr* targets, Loc loc) {
    auto* s = node<DeleteStmt>(ctx, StmtKind::Delete, loc);
    if (targets->kind == ExprKind::Tuple && !as<TupleExpr>(targets)->parenthesized)
        s->targets = as<TupleExpr>(targets)->elts;
    else
        s->targets = ctx.list<Expr*>(ctx.seq(targets));
    for (Expr* t : s->targets)
        if (!check_target(ctx, t, TargetUse::Del)) return nullptr;
    return s;
}

Stmt* Builder::ret(Expr* value, Loc loc) {
    if (bare_starred(*this, value)) return nullptr;
    auto* s = node<ReturnStmt>(ctx, StmtKind::Return, loc);
    s->value = value;
    return s;
}

Stmt* Builder::raise(Expr* exc, Expr* cause, Loc loc) {
    auto* s = node<RaiseStmt>(ctx, StmtKind::Raise, loc);
    s->exc = exc;
    s->cause = cause;
    return s;
}

Seq* Builder::name_seq(Seq* s, Tok name) {
    auto* v = ctx.arena.make<std::string_view>(name.text());
    return s ? ctx.push(s, v) : ctx.seq(v);
}

Stmt* Builder::global(Seq* names, bool nonlocal, Loc loc) {
    if (nonlocal) {
        auto* s = node<NonlocalStmt>(ctx, StmtKind::Nonlocal, loc);
        s->names = ctx.values<std::string_view>(names);
        return s;
    }
    auto* s = node<GlobalStmt>(ctx, StmtKind::Global, loc);
    s->names = ctx.values<std::string_view>(names);
    return s;
}

Stmt* Builder::assert_(Expr* test, Expr* msg, Loc loc) {
    auto* s = node<AssertStmt>(ctx, StmtKind::Assert, loc);
    s->test = test;
    s->msg = msg;
    return s;
}

Stmt* Builder::import(Seq* aliases, Loc loc) {
    auto* s = node<ImportStmt>(ctx, StmtKind::Import, loc);
    s->names = ctx.values<Alias>(aliases);
    return s;
}

Stmt* Builder::import_from(Tok module, int level, Seq* aliases, Loc loc) {
    auto* s = node<ImportFromStmt>(ctx, StmtKind::ImportFrom, loc);
    s->module = module.p ? module.text() : std::string_view{};
    s->level = level;
    s->names = ctx.values<Alias>(aliases);
    return s;
}

// `a . b` is legal; the dotted name is rebuilt without the spaces.
Tok Builder::join_dotted(Tok a, Tok b) {
    if (b.p == a.p + a.n + 1) return Tok{a.p, a.n + 1 + b.n};
    std::string s(a.text());
    s += '.';
    s += b.text();
    std::string_view v = ctx.arena.str(s);
    return Tok{v.data(), static_cast<uint32_t>(v.size())};
}

Alias* Builder::alias(Tok name, Tok asname, Loc loc) {
    return ctx.arena.make<Alias>(Alias{name.text(), asname.p ? asname.text() : std::string_view{}, loc});
}

Stmt* Builder::if_(Expr* test, Seq* body, Seq* orelse, Loc loc) {
    auto* s = node<IfStmt>(ctx, StmtKind::If, loc);
    s->test = test;
    s->body = ctx.list<Stmt*>(body);
    s->orelse = ctx.list<Stmt*>(orelse);
    return s;
}

Stmt* Builder::while_(Expr* test, Seq* body, Seq* orelse, Loc loc) {
    auto* s = node<WhileStmt>(ctx, StmtKind::While, loc);
    s->test = test;
    s->body = ctx.list<Stmt*>(body);
    s->orelse = ctx.list<Stmt*>(orelse);
    return s;
}

Stmt* Builder::for_(Expr* target, Expr* iter, Seq* body, Seq* orelse, Loc loc) {
    if (!check_target(ctx, target, TargetUse::For)) return nullptr;
    auto* s = node<ForStmt>(ctx, StmtKind::For, loc);
    s->target = target;
    s->iter = iter;
    s->body = ctx.list<Stmt*>(body);
    s->orelse = ctx.list<Stmt*>(orelse);
    s->is_async = false;
    return s;
}

Stmt* Builder::try_(Seq* body, Seq* handlers, Seq* orelse, Seq* finalbody, Loc loc) {
    auto* s = node<TryStmt>(ctx, StmtKind::Try, loc);
    s->body = ctx.list<Stmt*>(body);
    s->handlers = ctx.list<ExceptHandler*>(handlers);
    s->orelse = ctx.list<Stmt*>(orelse);
    s->finalbody = ctx.list<Stmt*>(finalbody);
    return s;
}

ExceptHandler* Builder::handler(Expr* type, Tok name, Seq* body, Loc loc) {
    auto* h = ctx.arena.make<ExceptHandler>();
    h->type = type;
    h->name = name.p ? name.text() : std::string_view{};
    h->body = ctx.list<Stmt*>(body);
    h->loc = loc;
    return h;
}

Expr* Builder::with_as(Expr* context_expr, Expr* vars, Loc loc, bool in_parens) {
    auto* w = ctx.arena.make<WithAsExpr>();
    w->kind = kWithAsKind;
    w->loc = loc;
    w->context_expr = context_expr;
    w->vars = vars;
    if (in_parens) {
        if (ctx.pending_as++ == 0) ctx.pending_as_loc = vars->loc;
    }
    return w;
}

// `with (a as b, c):` arrives as one parenthesized item whose elements are
// WithAsExpr; CPython 3.11 also reads `with (a, b):` as two items.
Stmt* Builder::with_header(Seq* items, Loc loc) {
    auto* s = node<WithStmt>(ctx, StmtKind::With, loc);
    Seq* out = ctx.seq();
    List<Expr*> raw = ctx.list<Expr*>(items);
    auto add = [&](Expr* e) -> bool {
        auto* wi = ctx.arena.make<WithItem>();
        if (e->kind == kWithAsKind) {
            auto* w = as<WithAsExpr>(e);
            wi->context_expr = w->context_expr;
            wi->optional_vars = w->vars;
        } else {
            wi->context_expr = e;
            wi->optional_vars = nullptr;
        }
        if (wi->optional_vars && !check_target(ctx, wi->optional_vars, TargetUse::With)) return false;
        ctx.push(out, wi);
        return true;
    };
    for (Expr* e : raw) {
        auto* w = as<WithAsExpr>(e);
        Expr* inner = w->context_expr;
        if (!w->vars && raw.n == 1 && inner->kind == ExprKind::Tuple &&
            as<TupleExpr>(inner)->parenthesized && !as<TupleExpr>(inner)->elts.empty()) {
            for (Expr* x : as<TupleExpr>(inner)->elts) {
                if (x->kind == kWithAsKind) ctx.pending_as--;
                if (!add(x)) return nullptr;
            }
            continue;
        }
        if (!w->vars && inner->kind == kWithAsKind) {
            ctx.pending_as--;
            if (!add(inner)) return nullptr;
            continue;
        }
        if (!add(e)) return nullptr;
    }
    s->items = ctx.values<WithItem>(out);
    s->is_async = false;
    return s;
}

Stmt* Builder::with_body(Stmt* header, Seq* body, Loc loc) {
    auto* s = as<WithStmt>(header);
    s->body = ctx.list<Stmt*>(body);
    s->loc = loc;
    return s;
}

ParamItem* Builder::param(ParamItem::Kind k, Arg* a, Loc loc) {
    return ctx.arena.make<ParamItem>(ParamItem{k, a, nullptr, loc});
}

Arg* Builder::arg(Tok name, Expr* annotation, Loc loc) {
    return ctx.arena.make<Arg>(Arg{name.text(), annotation, loc});
}

// The first parameter whose name was already used (hash set: no quadratic blowup).
static Arg* find_duplicate(Seq* posonly, Seq* pos, Arg* vararg, Seq* kwonly, Arg* kwarg) {
    std::unordered_set<std::string_view> seen;
    auto add = [&](Arg* x) { return !seen.insert(x->name).second; };
    for (Seq* s : {posonly, pos, kwonly}) {
        for (auto* c = s ? s->first : nullptr; c; c = c->next)
            if (add(static_cast<Arg*>(c->v))) return static_cast<Arg*>(c->v);
        if (s == pos && vararg && add(vararg)) return vararg;
    }
    if (kwarg && add(kwarg)) return kwarg;
    return nullptr;
}

// Sorts the written parameters into posonly / args / *vararg / kwonly / **kwarg
// and reports CPython 3.11's messages for a wrong order.
Arguments* Builder::arguments(Seq* params, bool lambda) {
    auto* a = ctx.arena.make<Arguments>();
    Seq *pos = ctx.seq(), *kwonly = ctx.seq(), *defaults = ctx.seq(), *kwdefaults = ctx.seq();
    Seq* posonly = nullptr;
    bool seen_star = false, seen_default = false;
    ParamItem* bare_star = nullptr;
    for (auto* c = params ? params->first : nullptr; c; c = c->next) {
        auto* p = static_cast<ParamItem*>(c->v);
        if (a->kwarg) {
            fail_at("arguments cannot follow var-keyword argument", p->loc);
            return nullptr;
        }
        switch (p->kind) {
            case ParamItem::Slash:
                if (posonly) { fail_at("/ may appear only once", p->loc); return nullptr; }
                if (seen_star) { fail_at("/ must be ahead of *", p->loc); return nullptr; }
                if (!pos->n) { fail_at("at least one argument must precede /", p->loc); return nullptr; }
                posonly = pos;
                pos = ctx.seq();
                break;
            case ParamItem::Star:
                if (seen_star) { fail_at("* argument may appear only once", Loc{p->loc.line, p->loc.col, p->loc.line, p->loc.col + 1}); return nullptr; }
                if (p->deflt) {
                    fail_at(lambda ? "var-positional argument cannot have default value"
                                   : "var-positional argument cannot have default value", p->loc);
                    return nullptr;
                }
                seen_star = true;
                if (p->arg) a->vararg = p->arg; else bare_star = p;
                break;
            case ParamItem::DoubleStar:
                if (p->deflt) { fail_at("var-keyword argument cannot have default value", p->loc); return nullptr; }
                if (bare_star && !kwonly->n) {
                    fail_at("named arguments must follow bare *", bare_star->loc);
                    return nullptr;
                }
                a->kwarg = p->arg;
                break;
            case ParamItem::Plain:
                if (seen_star) {
                    ctx.push(kwonly, p->arg);
                    ctx.push(kwdefaults, p->deflt);
                } else {
                    if (p->deflt) {
                        seen_default = true;
                        ctx.push(defaults, p->deflt);
                    } else if (seen_default) {
                        fail_at("non-default argument follows default argument", p->arg->loc);
                        return nullptr;
                    }
                    ctx.push(pos, p->arg);
                }
                break;
        }
    }
    if (bare_star && !kwonly->n) {
        // CPython points at the `*` in a def and at the token after it in a lambda.
        Loc l = bare_star->loc;
        if (lambda) l = Loc{l.line, l.end_col, l.line, l.end_col + 1};
        fail_at("named arguments must follow bare *", l);
        return nullptr;
    }
    // Duplicates are CPython's symtable error; checking here keeps it a SyntaxError.
    if (Arg* dup = find_duplicate(posonly, pos, a->vararg, kwonly, a->kwarg)) {
        ctx.fail("duplicate argument '" + std::string(dup->name) + "' in function definition",
                 dup->loc.line, dup->loc.col + 1, dup->loc.col + 1 + static_cast<int>(dup->name.size()));
        return nullptr;
    }
    a->posonlyargs = ctx.list<Arg*>(posonly);
    a->args = ctx.list<Arg*>(pos);
    a->kwonlyargs = ctx.list<Arg*>(kwonly);
    a->kw_defaults = ctx.list<Expr*>(kwdefaults);
    a->defaults = ctx.list<Expr*>(defaults);
    return a;
}

Stmt* Builder::funcdef(Tok name, Seq* params, Expr* returns, Seq* body, Loc loc) {
    Arguments* args = arguments(params, false);
    if (!args) return nullptr;
    auto* s = node<FunctionDefStmt>(ctx, StmtKind::FunctionDef, loc);
    s->name = name.text();
    s->args = args;
    s->body = ctx.list<Stmt*>(body);
    s->returns = returns;
    s->is_async = false;
    return s;
}

Stmt* Builder::classdef(Tok name, Expr* call, Seq* body, Loc loc) {
    if (call) {
        // `class A(x for x in y)` is not a call: CPython flags the `for`.
        for (Expr* b : as<CallExpr>(call)->args) {
            if (b->kind != ExprKind::GeneratorExp) continue;
            std::string_view text = source_line(ctx.src, ctx.src_len, b->loc.line);
            size_t at = text.find("for", static_cast<size_t>(b->loc.col));
            int col = at == std::string_view::npos ? b->loc.col : static_cast<int>(at);
            fail_at("invalid syntax", Loc{b->loc.line, col, b->loc.line, col + 3});
            return nullptr;
        }
    }
    auto* s = node<ClassDefStmt>(ctx, StmtKind::ClassDef, loc);
    s->name = name.text();
    if (call) {
        s->bases = as<CallExpr>(call)->args;
        s->keywords = as<CallExpr>(call)->keywords;
    }
    s->body = ctx.list<Stmt*>(body);
    return s;
}

Stmt* Builder::decorate(Seq* decorators, Stmt* def) {
    if (def->kind == StmtKind::FunctionDef)
        as<FunctionDefStmt>(def)->decorators = ctx.list<Expr*>(decorators);
    else
        as<ClassDefStmt>(def)->decorators = ctx.list<Expr*>(decorators);
    return def;
}

Stmt* Builder::make_async(Stmt* s, Loc async_loc) {
    s->loc.line = async_loc.line;
    s->loc.col = async_loc.col;
    if (s->kind == StmtKind::FunctionDef) as<FunctionDefStmt>(s)->is_async = true;
    else if (s->kind == StmtKind::With) as<WithStmt>(s)->is_async = true;
    else if (s->kind == StmtKind::For) as<ForStmt>(s)->is_async = true;
    return s;
}

void Builder::fail_at(const char* msg, Loc loc) {
    ctx.fail(msg, loc.line, loc.col + 1, loc.end_line == loc.line ? loc.end_col + 1 : 0);
}

void Builder::fail_range(const char* msg, Loc a, Loc b) {
    ctx.fail(msg, a.line, a.col + 1, b.end_line == a.line ? b.end_col + 1 : 0);
}

void Builder::fail_node(const std::string& msg, const Expr* e) {
    ctx.fail(msg, e->loc.line, e->loc.col + 1, e->loc.end_line == e->loc.line ? e->loc.end_col + 1 : 0);
}

}  // namespace aio::grammar
