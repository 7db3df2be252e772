// interpreter/compile_fold.cpp - constant folding of operators on literals, as
// CPython's AST optimizer does (`2**40`, `-2**40`, `'ab' * 3`, `1 / 3`). Beyond
// speed it is observable: a set display of constants becomes one frozenset
// constant, whose slot order is what printing the set shows, so `{2**40, -2**40}`
// only prints as in CPython when its items are folded first.
#include "interpreter/compile_unit.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

namespace aio::compiler {

namespace {
// CPython's limit on folded `str * n` / `bytes * n` results (MAX_STR_SIZE).
constexpr int64_t kMaxFoldedStr = 4096;
// Folding recurses; a long a+b+c+... chain is compiled iteratively and left unfolded.
constexpr int kMaxFoldDepth = 64;

bool is_number(rt::Value v) { return v.is_int() || v.is_float() || v.is_bool(); }

bool is_text(rt::Value v) { return rt::is_kind(v, rt::ObjKind::Str) || rt::is_kind(v, rt::ObjKind::Bytes); }

int64_t text_length(rt::Value v) {
    if (rt::is_kind(v, rt::ObjKind::Str)) return int64_t(rt::as<rt::Str>(v)->length());
    return int64_t(rt::as<rt::Bytes>(v)->size);
}

// The operand kinds CPython folds, within its size limits; everything else
// (str % x, containers, user types) is left to run.
bool foldable_operands(BinOpKind op, rt::Value a, rt::Value b) {
    if (is_number(a) && is_number(b)) return op != BinOpKind::MatMult;
    if (op == BinOpKind::Add) return is_text(a) && is_text(b);
    if (op != BinOpKind::Mult) return false;
    if (is_text(b)) std::swap(a, b);
    if (!is_text(a) || !(b.is_int() || b.is_bool())) return false;
    int64_t n = b.is_bool() ? b.as_bool() : b.as_int();
    int64_t len = text_length(a);
    return len == 0 || (n >= 0 && n <= kMaxFoldedStr / len);
}
}  // namespace

bool Compiler::fold(Expr* e, rt::Value* out, int depth) {
    if (depth > kMaxFoldDepth) return false;
    switch (e->kind) {
        case ExprKind::Constant: {
            auto* c = as<ConstantExpr>(e);
            if (!is_const(c)) return false;
            *out = const_object(c);
            return true;
        }
        case ExprKind::UnaryOp: {
            auto* u = as<UnaryOpExpr>(e);
            if (u->op == UnaryOpKind::Not) return false;
            if (u->op == UnaryOpKind::USub && u->operand->kind == ExprKind::Constant) {
                auto* c = as<ConstantExpr>(u->operand);
                if (c->ckind == ConstKind::Int && c->int_overflow && c->s == "9223372036854775808") {
                    *out = rt::Value::integer(INT64_MIN);
                    return true;
                }
            }
            rt::Value v;
            if (!fold(u->operand, &v, depth + 1) || !is_number(v)) return false;
            if (u->op == UnaryOpKind::Invert && v.is_float()) return false;
            return attempt([&] { return rt::unary_op(I_, u->op, v); }, out);
        }
        case ExprKind::BinOp: {
            auto* b = as<BinOpExpr>(e);
            rt::Value l, r;
            if (!fold(b->left, &l, depth + 1) || !fold(b->right, &r, depth + 1) || !foldable_operands(b->op, l, r)) return false;
            return attempt([&] { return rt::binary_op(I_, b->op, l, r, false); }, out);
        }
        default: return false;
    }
}

template <class F>
bool Compiler::attempt(F&& f, rt::Value* out) {
    // An operation that raises (1/0, an overflowing int) is not folded: it raises
    // when the code runs, with its line in the traceback, as in CPython.
    rt::Value saved = I_.pending;
    try {
        *out = f();
    } catch (rt::Unwind&) {
        I_.pending = saved;
        return false;
    }
    return true;
}

bool Compiler::fold_operator(Expr* e) {
    rt::Value v;
    if (!fold(e, &v)) return false;
    if (rt::is_kind(v, rt::ObjKind::Str)) load_const(const_str(rt::as<rt::Str>(v)->view()));
    else load_const(add_const(v, const_key(v)));
    return true;
}

}  // namespace aio::compiler
