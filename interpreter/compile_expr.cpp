// interpreter/compile_expr.cpp - expressions: operators (left-deep chains are
// compiled iteratively), comparisons, calls (3.11's NULL/method protocol),
// displays with starred items, f-strings, subscripts, conditional jumps,
// assignment targets, yield/await. Each follows CPython 3.11's dis output.
#include <cmath>

#include "interpreter/compile_unit.hpp"
#include "runtime/containers.hpp"

namespace aio::compiler {

namespace {
constexpr int kMaxExprDepth = 1000;

// Truthiness of a literal, or -1 when not known at compile time.
int const_truth(const ConstantExpr* c) {
    switch (c->ckind) {
        case ConstKind::None: case ConstKind::False: return 0;
        case ConstKind::True: case ConstKind::Ellipsis: return 1;
        case ConstKind::Int: return c->int_overflow ? -1 : c->i != 0;
        case ConstKind::Float: return c->f != 0.0;
        case ConstKind::Str: case ConstKind::Bytes: return !c->s.empty();
        case ConstKind::Imag: return -1;
    }
    return -1;
}

const char* target_description(ExprKind k) {
    switch (k) {
        case ExprKind::Constant: return "literal";
        case ExprKind::Call: return "function call";
        case ExprKind::BinOp: case ExprKind::UnaryOp: return "expression";
        case ExprKind::BoolOp: return "expression";
        case ExprKind::Compare: return "comparison";
        case ExprKind::Lambda: return "lambda";
        case ExprKind::IfExp: return "conditional expression";
        case ExprKind::NamedExpr: return "named expression";
        case ExprKind::Dict: return "dict literal";
        case ExprKind::Set: return "set display";
        case ExprKind::ListComp: return "list comprehension";
        case ExprKind::SetComp: return "set comprehension";
        case ExprKind::DictComp: return "dict comprehension";
        case ExprKind::GeneratorExp: return "generator expression";
        case ExprKind::Await: return "await expression";
        case ExprKind::Yield: case ExprKind::YieldFrom: return "yield expression";
        case ExprKind::JoinedStr: case ExprKind::FormattedValue: return "f-string expression";
        default: return "expression";
    }
}
}  // namespace

bool Compiler::is_const(Expr* e) const {
    if (e->kind != ExprKind::Constant) return false;
    auto* c = as<ConstantExpr>(e);
    return c->ckind != ConstKind::Imag && !(c->ckind == ConstKind::Int && c->int_overflow);
}

void Compiler::expr(Expr* e) {
    if (++depth_ > kMaxExprDepth) {
        SyntaxError err = make_syntax_error("", e->loc, filename_, source_);
        err.type = "RecursionError";
        err.msg = "maximum recursion depth exceeded during compilation";
        throw CompileFail{err};
    }
    LineGuard g(u_->b, e->loc.line);
    expr_inner(e);
    depth_--;
}

void Compiler::constant(ConstantExpr* c) {
    if (c->ckind == ConstKind::Int && c->int_overflow) {
        emit_raise_builtin("OverflowError", "integer overflow");
        return;
    }
    if (c->ckind == ConstKind::Imag) {
        emit_raise_builtin("ValueError", "complex numbers are not supported");
        return;
    }
    load_const(const_value(c));
}

bool Compiler::const_tuple(const List<Expr*>& elts, uint32_t* idx) {
    // Tuples of constants nest ({(1, 2), ()} folds whole, as CPython's AST optimizer
    // does: the set display's slot order depends on it). No safepoint runs while
    // compiling, so the items need no roots.
    // Folded operators count as constants too (-5, 2**40), as they do there.
    auto foldable = [this](auto& self, const List<Expr*>& xs) -> bool {
        rt::Value v;
        for (Expr* x : xs)
            if (!fold(x, &v) && !(x->kind == ExprKind::Tuple && self(self, as<TupleExpr>(x)->elts)))
                return false;
        return true;
    };
    if (!foldable(foldable, elts)) return false;
    auto build = [this](auto& self, const List<Expr*>& xs) -> rt::Value {
        std::vector<rt::Value> items;
        items.reserve(xs.size());
        rt::Value v;
        for (Expr* x : xs) {
            if (x->kind == ExprKind::Tuple) items.push_back(self(self, as<TupleExpr>(x)->elts));
            else if (fold(x, &v)) items.push_back(v);
        }
        return rt::Value::object(rt::new_tuple(I_, items.data(), uint32_t(items.size())));
    };
    rt::Value t = build(build, elts);
    *idx = add_const(t, const_key(t));
    return true;
}

void Compiler::expr_inner(Expr* e) {
    switch (e->kind) {
        case ExprKind::BoolOp: boolop(as<BoolOpExpr>(e)); return;
        case ExprKind::NamedExpr: {
            auto* n = as<NamedExprExpr>(e);
            expr(n->value);
            emit(Op::COPY, 1);
            store_target(n->target);
            return;
        }
        case ExprKind::BinOp: binop_chain(as<BinOpExpr>(e)); return;
        case ExprKind::UnaryOp: {
            auto* u = as<UnaryOpExpr>(e);
            if (fold_operator(u)) return;
            expr(u->operand);
            switch (u->op) {
                case UnaryOpKind::Invert: emit(Op::UNARY_INVERT); break;
                case UnaryOpKind::Not: emit(Op::UNARY_NOT); break;
                case UnaryOpKind::UAdd: emit(Op::UNARY_POSITIVE); break;
                case UnaryOpKind::USub: emit(Op::UNARY_NEGATIVE); break;
            }
            return;
        }
        case ExprKind::Lambda: lambda(as<LambdaExpr>(e)); return;
        case ExprKind::IfExp: {
            auto* x = as<IfExpExpr>(e);
            Label orelse = label(), end = label();
            jump_if(x->test, orelse, false);
            expr(x->body);
            jump(Op::JUMP, end);
            bind(orelse);
            expr(x->orelse);
            bind(end);
            return;
        }
        case ExprKind::Dict: dict_display(as<DictExpr>(e)); return;
        case ExprKind::Set: starunpack(as<SetExpr>(e)->elts, 0, Op::BUILD_SET, Op::SET_ADD, Op::SET_UPDATE, false); return;
        case ExprKind::ListComp: {
            auto* c = as<ListCompExpr>(e);
            comprehension(e, CompKind::List, c->generators, c->elt, nullptr);
            return;
        }
        case ExprKind::SetComp: {
            auto* c = as<SetCompExpr>(e);
            comprehension(e, CompKind::Set, c->generators, c->elt, nullptr);
            return;
        }
        case ExprKind::DictComp: {
            auto* c = as<DictCompExpr>(e);
            comprehension(e, CompKind::Dict, c->generators, c->key, c->value);
            return;
        }
        case ExprKind::GeneratorExp: {
            auto* c = as<GeneratorExpExpr>(e);
            comprehension(e, CompKind::Generator, c->generators, c->elt, nullptr);
            return;
        }
        case ExprKind::Await: await_expr(as<AwaitExpr>(e)); return;
        case ExprKind::Yield:
        case ExprKind::YieldFrom: yield_expr(e); return;
        case ExprKind::Compare: compare(as<CompareExpr>(e)); return;
        case ExprKind::Call: call(as<CallExpr>(e)); return;
        case ExprKind::FormattedValue: formatted_value(as<FormattedValueExpr>(e)); return;
        case ExprKind::JoinedStr: joined_str(as<JoinedStrExpr>(e)); return;
        case ExprKind::Constant: constant(as<ConstantExpr>(e)); return;
        case ExprKind::Attribute: {
            auto* a = as<AttributeExpr>(e);
            expr(a->value);
            emit(Op::LOAD_ATTR, name_index(mangled(a->attr)));
            return;
        }
        case ExprKind::Subscript: subscript(as<SubscriptExpr>(e), Ctx::Load); return;
        case ExprKind::Starred: fail("can't use starred expression here", e->loc);
        case ExprKind::Name: nameop(as<NameExpr>(e)->id, Ctx::Load); return;
        case ExprKind::List: starunpack(as<ListExpr>(e)->elts, 0, Op::BUILD_LIST, Op::LIST_APPEND, Op::LIST_EXTEND, false); return;
        case ExprKind::Tuple: {
            uint32_t idx;
            if (!as<TupleExpr>(e)->elts.empty() && const_tuple(as<TupleExpr>(e)->elts, &idx)) {
                load_const(idx);
                return;
            }
            starunpack(as<TupleExpr>(e)->elts, 0, Op::BUILD_LIST, Op::LIST_APPEND, Op::LIST_EXTEND, true);
            return;
        }
        case ExprKind::Slice: slice(as<SliceExpr>(e)); return;
    }
}

void Compiler::binop_chain(BinOpExpr* e) {
    if (fold_operator(e)) return;
    // a+b+c+... is left-deep: walk down the left spine instead of recursing.
    std::vector<BinOpExpr*> spine;
    Expr* x = e;
    while (x->kind == ExprKind::BinOp) {
        spine.push_back(as<BinOpExpr>(x));
        x = as<BinOpExpr>(x)->left;
    }
    expr(x);
    for (size_t i = spine.size(); i-- > 0;) {
        BinOpExpr* b = spine[i];
        LineGuard g(u_->b, b->loc.line);
        expr(b->right);
        emit(Op::BINARY_OP, uint32_t(b->op));
    }
}

void Compiler::boolop(BoolOpExpr* e) {
    Label end = label();
    Op jop = e->op == BoolOpKind::And ? Op::JUMP_IF_FALSE_OR_POP : Op::JUMP_IF_TRUE_OR_POP;
    for (uint32_t i = 0; i < e->values.size(); i++) {
        expr(e->values[i]);
        if (i + 1 < e->values.size()) jump(jop, end);
    }
    bind(end);
}

static void emit_cmp(Builder& b, CmpOpKind op) {
    switch (op) {
        case CmpOpKind::Is: b.emit(Op::IS_OP, 0); return;
        case CmpOpKind::IsNot: b.emit(Op::IS_OP, 1); return;
        case CmpOpKind::In: b.emit(Op::CONTAINS_OP, 0); return;
        case CmpOpKind::NotIn: b.emit(Op::CONTAINS_OP, 1); return;
        default: b.emit(Op::COMPARE_OP, uint32_t(op)); return;
    }
}

void Compiler::compare(CompareExpr* e) {
    expr(e->left);
    uint32_t n = e->ops.size();
    if (n == 1) {
        expr(e->comparators[0]);
        emit_cmp(u_->b, e->ops[0]);
        return;
    }
    // a < b < c: keep b for the next comparison; on a false link, drop it.
    Label cleanup = label(), end = label();
    for (uint32_t i = 0; i + 1 < n; i++) {
        expr(e->comparators[i]);
        emit(Op::SWAP, 2);
        emit(Op::COPY, 2);
        emit_cmp(u_->b, e->ops[i]);
        jump(Op::JUMP_IF_FALSE_OR_POP, cleanup);
    }
    expr(e->comparators[n - 1]);
    emit_cmp(u_->b, e->ops[n - 1]);
    jump(Op::JUMP, end);
    bind(cleanup);
    emit(Op::SWAP, 2);
    emit(Op::POP_TOP);
    bind(end);
}

void Compiler::jump_if(Expr* e, Label target, bool cond) {
    if (e->kind == ExprKind::UnaryOp && as<UnaryOpExpr>(e)->op == UnaryOpKind::Not) {
        LineGuard g(u_->b, e->loc.line);
        jump_if(as<UnaryOpExpr>(e)->operand, target, !cond);
        return;
    }
    if (e->kind == ExprKind::BoolOp) {
        auto* b = as<BoolOpExpr>(e);
        bool is_or = b->op == BoolOpKind::Or;
        // `a and b` jumps on the first false when looking for false; `or` mirrors.
        Label next = is_or == cond ? -1 : label();
        for (uint32_t i = 0; i + 1 < b->values.size(); i++) {
            if (is_or == cond) jump_if(b->values[i], target, cond);
            else jump_if(b->values[i], next, !cond);
        }
        jump_if(b->values[b->values.size() - 1], target, cond);
        if (next >= 0) bind(next);
        return;
    }
    if (e->kind == ExprKind::Constant) {
        int t = const_truth(as<ConstantExpr>(e));
        if (t >= 0) {
            if (bool(t) == cond) jump(Op::JUMP, target);
            return;
        }
    }
    expr(e);
    LineGuard g(u_->b, e->loc.line);
    jump(cond ? Op::POP_JUMP_IF_TRUE : Op::POP_JUMP_IF_FALSE, target);
}

// Builds a list/set/tuple from items that may include `*x` (3.11's starunpack):
// `pushed` items are already on the stack and belong at the front.
void Compiler::starunpack(const List<Expr*>& elts, uint32_t pushed, Op build, Op add, Op extend, bool tuple) {
    bool seen_star = false;
    for (Expr* x : elts)
        if (x->kind == ExprKind::Starred) seen_star = true;
    // [1, 2, 3]: extend an empty list by a constant tuple, as 3.11 folds it.
    uint32_t folded;
    if (!seen_star && !tuple && pushed == 0 && elts.size() > 2 && build != Op::BUILD_MAP &&
        const_tuple(elts, &folded)) {
        emit(build, 0);
        // {1, 2, 3}: CPython folds a set display into a frozenset constant (which its
        // constant merging rebuilds once from its own iteration order); the slot
        // order of the set built from it follows that frozenset's table.
        if (build == Op::BUILD_SET) {
            rt::Set* first = rt::new_set(I_, true);
            rt::set_update(I_, first, u_->consts[folded]);
            std::vector<rt::Value> order;
            rt::Value k;
            for (uint32_t pos = 0; rt::set_next(first, &pos, &k);) order.push_back(k);
            rt::Set* fs = rt::new_set(I_, true);
            rt::set_update(I_, fs, rt::Value::object(rt::new_tuple(I_, order.data(), uint32_t(order.size()))));
            folded = add_const(rt::Value::object(fs), "");
        }
        load_const(folded);
        emit(extend, 1);
        return;
    }
    if (!seen_star) {
        for (Expr* x : elts) expr(x);
        emit(tuple ? Op::BUILD_TUPLE : build, elts.size() + pushed);
        return;
    }
    bool built = false;
    for (uint32_t i = 0; i < elts.size(); i++) {
        Expr* x = elts[i];
        if (x->kind == ExprKind::Starred) {
            if (!built) {
                emit(build, i + pushed);
                built = true;
            }
            expr(as<StarredExpr>(x)->value);
            emit(extend, 1);
        } else {
            expr(x);
            if (built) emit(add, 1);
        }
    }
    if (tuple) emit(Op::LIST_TO_TUPLE);
}

void Compiler::dict_display(DictExpr* e) {
    bool have_dict = false;
    uint32_t n = e->values.size(), start = 0;
    auto flush = [&](uint32_t end) {
        if (end == start) return;
        for (uint32_t i = start; i < end; i++) {
            expr(e->keys[i]);
            expr(e->values[i]);
        }
        emit(Op::BUILD_MAP, end - start);
        if (have_dict) emit(Op::DICT_UPDATE, 1);
        have_dict = true;
    };
    for (uint32_t i = 0; i < n; i++) {
        if (e->keys[i]) continue;
        flush(i);
        if (!have_dict) {
            emit(Op::BUILD_MAP, 0);
            have_dict = true;
        }
        expr(e->values[i]);
        emit(Op::DICT_UPDATE, 1);
        start = i + 1;
    }
    flush(n);
    if (!have_dict) emit(Op::BUILD_MAP, 0);
}

void Compiler::call(CallExpr* e) {
    bool simple = true;
    for (Expr* a : e->args)
        if (a->kind == ExprKind::Starred) simple = false;
    for (uint32_t i = 0; i < e->keywords.size(); i++) {
        Keyword* k = e->keywords[i];
        if (k->arg.empty()) {
            simple = false;
            continue;
        }
        for (uint32_t j = 0; j < i; j++)
            if (e->keywords[j]->arg == k->arg) fail("keyword argument repeated: " + std::string(k->arg), k->loc);
    }
    if (e->func->kind == ExprKind::Attribute && simple) {
        // obj.m(args): LOAD_METHOD avoids the bound-method object (3.11).
        auto* a = as<AttributeExpr>(e->func);
        expr(a->value);
        LineGuard g(u_->b, a->loc.end_line);
        emit(Op::LOAD_METHOD, name_index(mangled(a->attr)));
        call_helper(0, e->args, e->keywords);
        return;
    }
    emit(Op::PUSH_NULL);
    expr(e->func);
    call_helper(0, e->args, e->keywords);
}

void Compiler::call_helper(uint32_t n_pre, const List<Expr*>& args, const List<Keyword*>& kws) {
    int line = u_->b.line;
    bool ex = false;
    for (Expr* a : args)
        if (a->kind == ExprKind::Starred) ex = true;
    for (Keyword* k : kws)
        if (k->arg.empty()) ex = true;
    if (!ex) {
        for (Expr* a : args) expr(a);
        for (Keyword* k : kws) expr(k->value);
        u_->b.line = line;
        if (!kws.empty()) {
            std::vector<rt::Value> names;
            for (Keyword* k : kws) names.push_back(rt::Value::object(intern(k->arg)));
            rt::Value t = rt::Value::object(rt::new_tuple(I_, names.data(), uint32_t(names.size())));
            emit(Op::KW_NAMES, add_const(t, const_key(t)));
        }
        emit(Op::CALL, n_pre + args.size() + kws.size());
        return;
    }
    // f(*[x for x in xs]), f(*[a, *b]): a list built here for the call, which no
    // code can reach, so the call may read (and free) its items in place (vm.cpp call_ex).
    bool fresh_list = false;
    if (n_pre == 0 && args.size() == 1 && args[0]->kind == ExprKind::Starred) {
        Expr* v = as<StarredExpr>(args[0])->value;
        fresh_list = v->kind == ExprKind::ListComp || v->kind == ExprKind::List;
        expr(v);  // f(*xs): CALL_FUNCTION_EX takes any iterable (3.11 too)
    } else {
        starunpack(args, n_pre, Op::BUILD_LIST, Op::LIST_APPEND, Op::LIST_EXTEND, true);
    }
    bool have_dict = false;
    if (!kws.empty()) kwargs_dict(kws, have_dict);
    u_->b.line = line;
    emit(Op::CALL_FUNCTION_EX, (have_dict ? 1 : 0) | (fresh_list ? 2 : 0));
}

void Compiler::kwargs_dict(const List<Keyword*>& kws, bool& have_dict) {
    uint32_t start = 0, n = kws.size();
    auto flush = [&](uint32_t end) {
        if (end == start) return;
        for (uint32_t i = start; i < end; i++) {
            load_const(const_str(kws[i]->arg));
            expr(kws[i]->value);
        }
        emit(Op::BUILD_MAP, end - start);
        if (have_dict) emit(Op::DICT_MERGE, 1);
        have_dict = true;
    };
    for (uint32_t i = 0; i < n; i++) {
        if (!kws[i]->arg.empty()) continue;
        flush(i);
        if (!have_dict) {
            emit(Op::BUILD_MAP, 0);
            have_dict = true;
        }
        expr(kws[i]->value);
        emit(Op::DICT_MERGE, 1);
        start = i + 1;
    }
    flush(n);
}

void Compiler::formatted_value(FormattedValueExpr* e) {
    expr(e->value);
    uint32_t arg = 0;
    if (e->conversion == 's') arg = 1;
    else if (e->conversion == 'r') arg = 2;
    else if (e->conversion == 'a') arg = 3;
    if (e->format_spec) {
        expr(e->format_spec);
        arg |= 4;
    }
    emit(Op::FORMAT_VALUE, arg);
}

void Compiler::joined_str(JoinedStrExpr* e) {
    if (e->values.size() == 1 && e->values[0]->kind == ExprKind::Constant) {
        expr(e->values[0]);
        return;
    }
    for (Expr* v : e->values) expr(v);
    if (e->values.size() != 1) emit(Op::BUILD_STRING, e->values.size());
}

void Compiler::slice(SliceExpr* s) {
    if (s->lower) expr(s->lower);
    else load_const(const_none());
    if (s->upper) expr(s->upper);
    else load_const(const_none());
    if (s->step) {
        expr(s->step);
        emit(Op::BUILD_SLICE, 3);
    } else {
        emit(Op::BUILD_SLICE, 2);
    }
}

void Compiler::subscript(SubscriptExpr* e, Ctx ctx) {
    expr(e->value);
    expr(e->slice);
    LineGuard g(u_->b, e->loc.line);
    emit(ctx == Ctx::Load ? Op::BINARY_SUBSCR : ctx == Ctx::Store ? Op::STORE_SUBSCR : Op::DELETE_SUBSCR);
}

void Compiler::store_target(Expr* t) {
    LineGuard g(u_->b, t->loc.line);
    switch (t->kind) {
        case ExprKind::Name:
            nameop(as<NameExpr>(t)->id, Ctx::Store);
            return;
        case ExprKind::Attribute:
            expr(as<AttributeExpr>(t)->value);
            emit(Op::STORE_ATTR, name_index(mangled(as<AttributeExpr>(t)->attr)));
            return;
        case ExprKind::Subscript:
            subscript(as<SubscriptExpr>(t), Ctx::Store);
            return;
        case ExprKind::Tuple:
            unpack_target(as<TupleExpr>(t)->elts, t->loc);
            return;
        case ExprKind::List:
            unpack_target(as<ListExpr>(t)->elts, t->loc);
            return;
        case ExprKind::Starred:
            fail("starred assignment target must be in a list or tuple", t->loc);
        default:
            fail(std::string("cannot assign to ") + target_description(t->kind), t->loc);
    }
}

void Compiler::unpack_target(const List<Expr*>& elts, const Loc& loc) {
    int star = -1;
    for (uint32_t i = 0; i < elts.size(); i++) {
        if (elts[i]->kind != ExprKind::Starred) continue;
        if (star >= 0) fail("multiple starred expressions in assignment", loc);
        star = int(i);
    }
    if (star >= 0) {
        uint32_t before = uint32_t(star), after = elts.size() - uint32_t(star) - 1;
        if (before >= 256 || after >= (1u << 16)) fail("too many expressions in star-unpacking assignment", loc);
        emit(Op::UNPACK_EX, before | (after << 8));
    } else {
        emit(Op::UNPACK_SEQUENCE, elts.size());
    }
    for (Expr* x : elts) store_target(x->kind == ExprKind::Starred ? as<StarredExpr>(x)->value : x);
}

void Compiler::yield_expr(Expr* e) {
    Scope* s = u_->scope;
    if (!s->function_like()) fail("'yield' outside function", e->loc);
    if (e->kind == ExprKind::Yield) {
        auto* y = as<YieldExpr>(e);
        if (y->value) expr(y->value);
        else load_const(const_none());
        emit(Op::YIELD_VALUE);
        return;
    }
    if (s->is_coroutine) fail("'yield from' inside async function", e->loc);
    expr(as<YieldFromExpr>(e)->value);
    emit(Op::GET_YIELD_FROM_ITER);
    load_const(const_none());
    emit(Op::YIELD_FROM);
}

void Compiler::await_expr(AwaitExpr* e) {
    Scope* s = u_->scope;
    if (is_top_level_await()) {
        u_->top_level_await = true;
    } else {
        if (!s->function_like()) fail("'await' outside function", e->loc);
        bool ok = (s->kind == ScopeKind::Function && s->is_coroutine) || s->kind == ScopeKind::Comprehension;
        if (!ok) fail("'await' outside async function", e->loc);
    }
    expr(e->value);
    await_value(0);
}

}  // namespace aio::compiler
