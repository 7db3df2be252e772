// grammar/build_expr.cpp - expression nodes for the grammar actions (build.hpp),
// plus CPython's target checks ("cannot assign to function call", ...).
// Literal decoding (numbers, strings, f-strings) lives in literals.cpp.
#include <string>
#include <unordered_set>

#include "grammar/build.hpp"

namespace aio::grammar {

template <class T>
static T* node(ParseCtx& ctx, ExprKind k, Loc loc) {
    T* n = ctx.arena.make<T>();
    n->kind = k;
    n->loc = loc;
    return n;
}

Expr* Builder::tuple_or_single(Seq* items, bool trailing_comma, Loc loc) {
    if (items->n == 1 && !trailing_comma) return static_cast<Expr*>(items->first->v);
    return tuple(items, false, loc);
}

Expr* Builder::tuple(Seq* items, bool parenthesized, Loc loc) {
    auto* t = node<TupleExpr>(ctx, ExprKind::Tuple, loc);
    t->elts = ctx.list<Expr*>(items);
    t->parenthesized = parenthesized;
    return t;
}

Expr* Builder::paren(Expr* e, Loc) { return e; }

Expr* Builder::paren_items(Seq* items, bool trailing_comma, Loc loc) {
    if (items->n == 1 && !trailing_comma) {
        Expr* e = static_cast<Expr*>(items->first->v);
        if (e->kind == ExprKind::Name) ctx.paren_names.insert(e);
        return e;
    }
    return tuple(items, true, loc);
}

Expr* Builder::list(Seq* items, Loc loc) {
    auto* l = node<ListExpr>(ctx, ExprKind::List, loc);
    l->elts = ctx.list<Expr*>(items);
    return l;
}

Expr* Builder::set(Seq* items, Loc loc) {
    auto* s = node<SetExpr>(ctx, ExprKind::Set, loc);
    s->elts = ctx.list<Expr*>(items);
    return s;
}

// Pairs are stored as alternating key, value cells (key nullptr for **value).
Seq* Builder::dict_seq(Seq* s, Expr* key, Expr* value) {
    if (!s) s = ctx.seq();
    ctx.push(s, key);
    return ctx.push(s, value);
}

Expr* Builder::dict(Seq* pairs, Loc loc) {
    auto* d = node<DictExpr>(ctx, ExprKind::Dict, loc);
    uint32_t n = pairs ? pairs->n / 2 : 0;
    d->keys.n = d->values.n = n;
    if (n) {
        d->keys.items = static_cast<Expr**>(ctx.arena.alloc(sizeof(Expr*) * n, alignof(Expr*)));
        d->values.items = static_cast<Expr**>(ctx.arena.alloc(sizeof(Expr*) * n, alignof(Expr*)));
        uint32_t i = 0;
        for (auto* c = pairs->first; c; c = c->next->next, i++) {
            d->keys.items[i] = static_cast<Expr*>(c->v);
            d->values.items[i] = static_cast<Expr*>(c->next->v);
        }
    }
    return d;
}

Expr* Builder::comp(ExprKind k, Expr* elt, Expr* value, Seq* gens, Loc loc) {
    List<Comprehension*> g = ctx.list<Comprehension*>(gens);
    switch (k) {
        case ExprKind::ListComp: {
            auto* c = node<ListCompExpr>(ctx, k, loc);
            c->elt = elt;
            c->generators = g;
            return c;
        }
        case ExprKind::SetComp: {
            auto* c = node<SetCompExpr>(ctx, k, loc);
            c->elt = elt;
            c->generators = g;
            return c;
        }
        case ExprKind::DictComp: {
            auto* c = node<DictCompExpr>(ctx, k, loc);
            c->key = elt;
            c->value = value;
            c->generators = g;
            return c;
        }
        default: {
            auto* c = node<GeneratorExpExpr>(ctx, ExprKind::GeneratorExp, loc);
            c->elt = elt;
            c->generators = g;
            return c;
        }
    }
}

Comprehension* Builder::comprehension(Expr* target, Expr* iter, Seq* ifs, bool is_async) {
    if (!check_target(ctx, target, TargetUse::For)) return nullptr;
    auto* c = ctx.arena.make<Comprehension>();
    c->target = target;
    c->iter = iter;
    c->ifs = ctx.list<Expr*>(ifs);
    c->is_async = is_async;
    return c;
}

Expr* Builder::starred(Expr* e, Loc loc) {
    auto* s = node<StarredExpr>(ctx, ExprKind::Starred, loc);
    s->value = e;
    return s;
}

Expr* Builder::named(Expr* target, Expr* value, Loc loc) {
    if (target->kind != ExprKind::Name) {
        fail_node(std::string("cannot use assignment expressions with ") + describe_expr(target), target);
        return nullptr;
    }
    auto* n = node<NamedExprExpr>(ctx, ExprKind::NamedExpr, loc);
    n->target = target;
    n->value = value;
    return n;
}

Expr* Builder::ifexp(Expr* test, Expr* body, Expr* orelse, Loc loc) {
    auto* e = node<IfExpExpr>(ctx, ExprKind::IfExp, loc);
    e->test = test;
    e->body = body;
    e->orelse = orelse;
    return e;
}

Expr* Builder::boolop(BoolOpKind op, Seq* values, Loc loc) {
    auto* e = node<BoolOpExpr>(ctx, ExprKind::BoolOp, loc);
    e->op = op;
    e->values = ctx.list<Expr*>(values);
    return e;
}

Expr* Builder::unary(UnaryOpKind op, Expr* operand, Loc loc) {
    auto* e = node<UnaryOpExpr>(ctx, ExprKind::UnaryOp, loc);
    e->op = op;
    e->operand = operand;
    return e;
}

Expr* Builder::binop(Expr* l, BinOpKind op, Expr* r, Loc loc) {
    auto* e = node<BinOpExpr>(ctx, ExprKind::BinOp, loc);
    e->left = l;
    e->op = op;
    e->right = r;
    return e;
}

// Comparison chains are stored as alternating (op, operand) cells.
Seq* Builder::cmp_seq(Seq* s, int op, Expr* e) {
    if (!s) s = ctx.seq();
    ctx.push(s, reinterpret_cast<void*>(static_cast<intptr_t>(op)));
    return ctx.push(s, e);
}

Expr* Builder::compare(Expr* left, Seq* pairs, Loc loc) {
    auto* c = node<CompareExpr>(ctx, ExprKind::Compare, loc);
    c->left = left;
    uint32_t n = pairs->n / 2;
    c->ops.n = c->comparators.n = n;
    c->ops.items = static_cast<CmpOpKind*>(ctx.arena.alloc(sizeof(CmpOpKind) * n, alignof(CmpOpKind)));
    c->comparators.items = static_cast<Expr**>(ctx.arena.alloc(sizeof(Expr*) * n, alignof(Expr*)));
    uint32_t i = 0;
    for (auto* p = pairs->first; p; p = p->next->next, i++) {
        c->ops.items[i] = static_cast<CmpOpKind>(reinterpret_cast<intptr_t>(p->v));
        c->comparators.items[i] = static_cast<Expr*>(p->next->v);
    }
    return c;
}

Expr* Builder::await_(Expr* value, Loc loc) {
    auto* e = node<AwaitExpr>(ctx, ExprKind::Await, loc);
    e->value = value;
    return e;
}

Expr* Builder::yield(Expr* value, bool from, Loc loc) {
    if (from) {
        auto* e = node<YieldFromExpr>(ctx, ExprKind::YieldFrom, loc);
        e->value = value;
        return e;
    }
    auto* e = node<YieldExpr>(ctx, ExprKind::Yield, loc);
    e->value = value;
    return e;
}

Expr* Builder::attribute(Expr* value, Tok name, Loc loc) {
    auto* e = node<AttributeExpr>(ctx, ExprKind::Attribute, loc);
    e->value = value;
    e->attr = name.text();
    return e;
}

Expr* Builder::subscript(Expr* value, Expr* slice, Loc loc) {
    auto* e = node<SubscriptExpr>(ctx, ExprKind::Subscript, loc);
    e->value = value;
    e->slice = slice;
    return e;
}

Expr* Builder::slice(Expr* lower, Expr* upper, Expr* step, Loc loc) {
    auto* e = node<SliceExpr>(ctx, ExprKind::Slice, loc);
    e->lower = lower;
    e->upper = upper;
    e->step = step;
    return e;
}

CallItem* Builder::call_item(CallItem::Kind k, Expr* value, Expr* name, Loc loc, Loc eq) {
    auto* it = ctx.arena.make<CallItem>(CallItem{k, value, {}, loc});
    if (k == CallItem::Kw) {
        if (name->kind != ExprKind::Name) {
            if (name->kind == ExprKind::Constant &&
                (as<ConstantExpr>(name)->ckind == ConstKind::True ||
                 as<ConstantExpr>(name)->ckind == ConstKind::False ||
                 as<ConstantExpr>(name)->ckind == ConstKind::None)) {
                fail_node(std::string("cannot assign to ") + describe_expr(name), name);
            } else {
                fail_range("expression cannot contain assignment, perhaps you meant \"==\"?",
                           name->loc, eq);
            }
            return nullptr;
        }
        it->name = as<NameExpr>(name)->id;
    }
    return it;
}

// Splits call items into args/keywords with CPython's ordering errors.
// `func` is nullptr for a class's bases.
Expr* Builder::call(Expr* func, Seq* items, Loc loc, Loc parens) {
    auto* c = node<CallExpr>(ctx, ExprKind::Call, loc);
    c->func = func;
    if (!items) return c;
    Seq* args = ctx.seq();
    Seq* kws = ctx.seq();
    bool seen_kw = false, seen_dstar = false;
    for (auto* cell = items->first; cell; cell = cell->next) {
        auto* it = static_cast<CallItem*>(cell->v);
        switch (it->kind) {
            case CallItem::Gen:
                if (items->n > 1) {
                    fail_node("Generator expression must be parenthesized", it->value);
                    return nullptr;
                }
                it->value->loc = parens;  // CPython: `f(x for x in y)` spans the call's parens
                [[fallthrough]];
            case CallItem::Pos:
                // CPython puts these carets on the token after the arguments.
                if (seen_dstar || seen_kw) {
                    fail_at(seen_dstar ? "positional argument follows keyword argument unpacking"
                                       : "positional argument follows keyword argument",
                            Loc{parens.end_line, parens.end_col - 1, parens.end_line, parens.end_col});
                    return nullptr;
                }
                ctx.push(args, it->value);
                break;
            case CallItem::Star:
                if (seen_dstar) {
                    fail_at("iterable argument unpacking follows keyword argument unpacking",
                            Loc{it->loc.line, it->loc.col, it->loc.line, it->loc.col + 1});
                    return nullptr;
                }
                ctx.push(args, it->value);
                break;
            case CallItem::Kw:
            case CallItem::DoubleStar: {
                if (it->kind == CallItem::Kw) seen_kw = true; else seen_dstar = true;
                auto* k = ctx.arena.make<Keyword>(Keyword{it->name, it->value, it->loc});
                ctx.push(kws, k);
                break;
            }
        }
    }
    c->args = ctx.list<Expr*>(args);
    c->keywords = ctx.list<Keyword*>(kws);
    // CPython's compiler rejects `f(a=1, a=2)`; a hash set keeps huge calls linear.
    if (c->keywords.size() > 1) {
        std::unordered_set<std::string_view> seen;
        for (Keyword* k : c->keywords) {
            if (k->arg.empty()) continue;
            if (!seen.insert(k->arg).second) {
                fail_at(("keyword argument repeated: " + std::string(k->arg)).c_str(), k->loc);
                return nullptr;
            }
        }
    }
    return c;
}

Expr* Builder::lambda(Seq* params, Expr* body, Loc loc) {
    Arguments* a = arguments(params, true);
    if (!a) return nullptr;
    auto* e = node<LambdaExpr>(ctx, ExprKind::Lambda, loc);
    e->args = a;
    e->body = body;
    return e;
}

Expr* Builder::name(Tok t, Loc loc) {
    auto* e = node<NameExpr>(ctx, ExprKind::Name, loc);
    e->id = t.text();
    return e;
}

Expr* Builder::constant(ConstKind k, Loc loc) {
    auto* e = node<ConstantExpr>(ctx, ExprKind::Constant, loc);
    e->ckind = k;
    return e;
}

Seq* Builder::str_seq(Seq* s, Tok t, Loc loc) {
    auto* p = ctx.arena.make<StrPiece>(StrPiece{t, loc});
    return s ? ctx.push(s, p) : ctx.seq(p);
}

// ---------------------------------------------------------------------------
const char* describe_expr(const Expr* e) {
    switch (e->kind) {
        case ExprKind::Attribute: return "attribute";
        case ExprKind::Subscript: return "subscript";
        case ExprKind::Starred: return "starred";
        case ExprKind::Name: return "name";
        case ExprKind::List: return "list";
        case ExprKind::Tuple: return "tuple";
        case ExprKind::Lambda: return "lambda";
        case ExprKind::Call: return "function call";
        case ExprKind::BoolOp: case ExprKind::BinOp: case ExprKind::UnaryOp: return "expression";
        case ExprKind::GeneratorExp: return "generator expression";
        case ExprKind::Yield: case ExprKind::YieldFrom: return "yield expression";
        case ExprKind::Await: return "await expression";
        case ExprKind::ListComp: return "list comprehension";
        case ExprKind::SetComp: return "set comprehension";
        case ExprKind::DictComp: return "dict comprehension";
        case ExprKind::Dict: return "dict literal";
        case ExprKind::Set: return "set display";
        case ExprKind::JoinedStr: case ExprKind::FormattedValue: return "f-string expression";
        case ExprKind::Compare: return "comparison";
        case ExprKind::IfExp: return "conditional expression";
        case ExprKind::NamedExpr: return "named expression";
        case ExprKind::Slice: return "slice";
        case ExprKind::Constant:
            switch (as<const ConstantExpr>(e)->ckind) {
                case ConstKind::None: return "None";
                case ConstKind::True: return "True";
                case ConstKind::False: return "False";
                case ConstKind::Ellipsis: return "ellipsis";
                default: return "literal";
            }
    }
    return "expression";
}

// The first sub-expression that cannot be a target (CPython's
// _PyPegen_get_invalid_target). Depth is bounded by bracket nesting (200).
static Expr* invalid_target(Expr* e, bool del) {
    switch (e->kind) {
        case ExprKind::Name: case ExprKind::Attribute: case ExprKind::Subscript:
            return nullptr;
        case ExprKind::Tuple:
            for (Expr* x : as<TupleExpr>(e)->elts)
                if (Expr* bad = invalid_target(x, del)) return bad;
            return nullptr;
        case ExprKind::List:
            for (Expr* x : as<ListExpr>(e)->elts)
                if (Expr* bad = invalid_target(x, del)) return bad;
            return nullptr;
        case ExprKind::Starred:
            return del ? e : invalid_target(as<StarredExpr>(e)->value, del);
        default:
            return e;
    }
}

// A name or attribute __debug__ among the targets (a constant: CPython's compiler
// refuses to bind it, after the parser accepted the target).
static Expr* debug_target(Expr* e) {
    switch (e->kind) {
        case ExprKind::Name: return as<NameExpr>(e)->id == "__debug__" ? e : nullptr;
        case ExprKind::Attribute: return as<AttributeExpr>(e)->attr == "__debug__" ? e : nullptr;
        case ExprKind::Starred: return debug_target(as<StarredExpr>(e)->value);
        case ExprKind::Tuple: case ExprKind::List:
            for (Expr* x : e->kind == ExprKind::Tuple ? as<TupleExpr>(e)->elts : as<ListExpr>(e)->elts)
                if (Expr* d = debug_target(x)) return d;
            return nullptr;
        default: return nullptr;
    }
}

static bool check_debug_target(Builder& b, Expr* e, TargetUse use) {
    Expr* d = debug_target(e);
    if (!d) return true;
    b.fail_node(use == TargetUse::Del ? "cannot delete __debug__" : "cannot assign to __debug__", d);
    return false;
}

bool check_target(ParseCtx& ctx, Expr* e, TargetUse use) {
    Builder b{ctx};
    if (use == TargetUse::AugAssign || use == TargetUse::Ann) {
        if (e->kind == ExprKind::Name || e->kind == ExprKind::Attribute ||
            e->kind == ExprKind::Subscript)
            return check_debug_target(b, e, use);
        if (use == TargetUse::Ann) b.fail_node("illegal target for annotation", e);
        else b.fail_node(std::string("'") + describe_expr(e) +
                             "' is an illegal expression for augmented assignment", e);
        return false;
    }
    Expr* bad = invalid_target(e, use == TargetUse::Del);
    if (!bad) return check_debug_target(b, e, use);
    if (use == TargetUse::Del) b.fail_node(std::string("cannot delete ") + describe_expr(bad), bad);
    else b.fail_node(std::string("cannot assign to ") + describe_expr(bad), bad);
    return false;
}

}  // namespace aio::grammar
