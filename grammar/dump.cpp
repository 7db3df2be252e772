// grammar/dump.cpp - `aio --dump-ast`: one node per line, children indented,
// each with its line:col. Recursion is capped (kMaxDepth) so a pathological
// tree prints "..." instead of overflowing the C++ stack.
#include <string>

#include "grammar/dump.hpp"
#include "grammar/parse.hpp"

namespace aio::grammar {
namespace {

constexpr int kMaxDepth = 400;

// Appends without temporaries (also sidesteps a GCC 12 -Wrestrict false positive).
void cat(std::string& s, std::string_view a, std::string_view b = {}) {
    s.append(a);
    s.append(b);
}

void alias(std::string& s, const Alias& a) {
    cat(s, " ", a.name);
    if (!a.asname.empty()) cat(s, " as ", a.asname);
}

struct Dumper {
    std::string out;
    bool ends = false;

    void line(int d, const std::string& s, const Loc* loc = nullptr) {
        out.append(static_cast<size_t>(d) * 2, ' ');
        out += s;
        if (loc) {
            out += "  @";
            out += std::to_string(loc->line);
            out += ':';
            out += std::to_string(loc->col);
            if (ends) {
                out += '-';
                out += std::to_string(loc->end_line);
                out += ':';
                out += std::to_string(loc->end_col);
            }
        }
        out += '\n';
    }
    static std::string quote(std::string_view s) {
        std::string r = "'";
        for (unsigned char c : s) {
            if (c == '\\' || c == '\'') { r += '\\'; r += static_cast<char>(c); }
            else if (c == '\n') r += "\\n";
            else if (c == '\t') r += "\\t";
            else if (c < 0x20 || c == 0x7f) {
                static const char* h = "0123456789abcdef";
                r += "\\x"; r += h[c >> 4]; r += h[c & 15];
            } else r += static_cast<char>(c);
        }
        return r + "'";
    }

    void field(int d, const char* name, const Expr* e) {
        if (!e) return;
        line(d, std::string(name) + ":");
        expr(d + 1, e);
    }
    void exprs(int d, const char* name, List<Expr*> l) {
        if (l.empty()) return;
        line(d, std::string(name) + ":");
        for (Expr* e : l) {
            if (e) expr(d + 1, e);
            else line(d + 1, "None");
        }
    }
    void stmts(int d, const char* name, List<Stmt*> l) {
        if (l.empty()) return;
        line(d, std::string(name) + ":");
        for (Stmt* s : l) stmt(d + 1, s);
    }
    void args(int d, const Arguments* a) {
        if (!a) return;
        auto one = [&](const char* what, const Arg* x) {
            line(d, std::string(what) + " " + std::string(x->name), &x->loc);
            if (x->annotation) field(d + 1, "annotation", x->annotation);
        };
        for (Arg* x : a->posonlyargs) one("posonly", x);
        for (Arg* x : a->args) one("arg", x);
        if (a->vararg) one("vararg", a->vararg);
        for (Arg* x : a->kwonlyargs) one("kwonly", x);
        if (a->kwarg) one("kwarg", a->kwarg);
        exprs(d, "defaults", a->defaults);
        exprs(d, "kw_defaults", a->kw_defaults);
    }
    void comps(int d, List<Comprehension*> gens) {
        for (Comprehension* c : gens) {
            line(d, c->is_async ? "comprehension async" : "comprehension");
            field(d + 1, "target", c->target);
            field(d + 1, "iter", c->iter);
            exprs(d + 1, "ifs", c->ifs);
        }
    }

    void expr(int d, const Expr* e) {
        if (d > kMaxDepth) { line(d, "..."); return; }
        std::string head = expr_kind_name(e->kind);
        switch (e->kind) {
            case ExprKind::Name: cat(head, " ", as<const NameExpr>(e)->id); break;
            case ExprKind::Attribute: cat(head, " .", as<const AttributeExpr>(e)->attr); break;
            case ExprKind::BinOp: cat(head, " ", binop_symbol(as<const BinOpExpr>(e)->op)); break;
            case ExprKind::UnaryOp: cat(head, " ", unaryop_symbol(as<const UnaryOpExpr>(e)->op)); break;
            case ExprKind::BoolOp: head += as<const BoolOpExpr>(e)->op == BoolOpKind::And ? " and" : " or"; break;
            case ExprKind::Compare:
                for (CmpOpKind k : as<const CompareExpr>(e)->ops) cat(head, " ", cmpop_symbol(k));
                break;
            case ExprKind::FormattedValue: {
                int c = as<const FormattedValueExpr>(e)->conversion;
                if (c > 0) { head += " !"; head += static_cast<char>(c); }
                break;
            }
            case ExprKind::Constant: {
                auto* k = as<const ConstantExpr>(e);
                switch (k->ckind) {
                    case ConstKind::None: head += " None"; break;
                    case ConstKind::True: head += " True"; break;
                    case ConstKind::False: head += " False"; break;
                    case ConstKind::Ellipsis: head += " Ellipsis"; break;
                    case ConstKind::Int:
                        cat(head, " int ", k->int_overflow ? std::string(k->s) : std::to_string(k->i));
                        break;
                    case ConstKind::Float: cat(head, " float ", k->s); break;
                    case ConstKind::Imag: cat(head, " imag ", k->s); break;
                    case ConstKind::Str: cat(head, " str ", quote(k->s)); break;
                    case ConstKind::Bytes: cat(head, " bytes ", quote(k->s)); break;
                }
                break;
            }
            default: break;
        }
        line(d, head, &e->loc);
        int c = d + 1;
        switch (e->kind) {
            case ExprKind::BoolOp: exprs(c, "values", as<const BoolOpExpr>(e)->values); break;
            case ExprKind::NamedExpr:
                field(c, "target", as<const NamedExprExpr>(e)->target);
                field(c, "value", as<const NamedExprExpr>(e)->value);
                break;
            case ExprKind::BinOp:
                field(c, "left", as<const BinOpExpr>(e)->left);
                field(c, "right", as<const BinOpExpr>(e)->right);
                break;
            case ExprKind::UnaryOp: field(c, "operand", as<const UnaryOpExpr>(e)->operand); break;
            case ExprKind::Lambda:
                args(c, as<const LambdaExpr>(e)->args);
                field(c, "body", as<const LambdaExpr>(e)->body);
                break;
            case ExprKind::IfExp:
                field(c, "test", as<const IfExpExpr>(e)->test);
                field(c, "body", as<const IfExpExpr>(e)->body);
                field(c, "orelse", as<const IfExpExpr>(e)->orelse);
                break;
            case ExprKind::Dict:
                exprs(c, "keys", as<const DictExpr>(e)->keys);
                exprs(c, "values", as<const DictExpr>(e)->values);
                break;
            case ExprKind::Set: exprs(c, "elts", as<const SetExpr>(e)->elts); break;
            case ExprKind::ListComp:
                field(c, "elt", as<const ListCompExpr>(e)->elt);
                comps(c, as<const ListCompExpr>(e)->generators);
                break;
            case ExprKind::SetComp:
                field(c, "elt", as<const SetCompExpr>(e)->elt);
                comps(c, as<const SetCompExpr>(e)->generators);
                break;
            case ExprKind::GeneratorExp:
                field(c, "elt", as<const GeneratorExpExpr>(e)->elt);
                comps(c, as<const GeneratorExpExpr>(e)->generators);
                break;
            case ExprKind::DictComp:
                field(c, "key", as<const DictCompExpr>(e)->key);
                field(c, "value", as<const DictCompExpr>(e)->value);
                comps(c, as<const DictCompExpr>(e)->generators);
                break;
            case ExprKind::Await: field(c, "value", as<const AwaitExpr>(e)->value); break;
            case ExprKind::Yield: field(c, "value", as<const YieldExpr>(e)->value); break;
            case ExprKind::YieldFrom: field(c, "value", as<const YieldFromExpr>(e)->value); break;
            case ExprKind::Compare:
                field(c, "left", as<const CompareExpr>(e)->left);
                exprs(c, "comparators", as<const CompareExpr>(e)->comparators);
                break;
            case ExprKind::Call: {
                auto* call = as<const CallExpr>(e);
                field(c, "func", call->func);
                exprs(c, "args", call->args);
                for (Keyword* k : call->keywords) {
                    line(c, k->arg.empty() ? "keyword **" : "keyword " + std::string(k->arg), &k->loc);
                    expr(c + 1, k->value);
                }
                break;
            }
            case ExprKind::FormattedValue:
                field(c, "value", as<const FormattedValueExpr>(e)->value);
                field(c, "format_spec", as<const FormattedValueExpr>(e)->format_spec);
                break;
            case ExprKind::JoinedStr: exprs(c, "values", as<const JoinedStrExpr>(e)->values); break;
            case ExprKind::Attribute: field(c, "value", as<const AttributeExpr>(e)->value); break;
            case ExprKind::Subscript:
                field(c, "value", as<const SubscriptExpr>(e)->value);
                field(c, "slice", as<const SubscriptExpr>(e)->slice);
                break;
            case ExprKind::Starred: field(c, "value", as<const StarredExpr>(e)->value); break;
            case ExprKind::List: exprs(c, "elts", as<const ListExpr>(e)->elts); break;
            case ExprKind::Tuple: exprs(c, "elts", as<const TupleExpr>(e)->elts); break;
            case ExprKind::Slice:
                field(c, "lower", as<const SliceExpr>(e)->lower);
                field(c, "upper", as<const SliceExpr>(e)->upper);
                field(c, "step", as<const SliceExpr>(e)->step);
                break;
            default: break;
        }
    }

    void stmt(int d, const Stmt* s) {
        if (d > kMaxDepth) { line(d, "..."); return; }
        std::string head = stmt_kind_name(s->kind);
        switch (s->kind) {
            case StmtKind::FunctionDef: {
                auto* f = as<const FunctionDefStmt>(s);
                head = std::string(f->is_async ? "AsyncFunctionDef " : "FunctionDef ") + std::string(f->name);
                break;
            }
            case StmtKind::ClassDef: cat(head, " ", as<const ClassDefStmt>(s)->name); break;
            case StmtKind::AugAssign: cat(head, " ", binop_symbol(as<const AugAssignStmt>(s)->op)); head += '='; break;
            case StmtKind::For: if (as<const ForStmt>(s)->is_async) head = "AsyncFor"; break;
            case StmtKind::With: if (as<const WithStmt>(s)->is_async) head = "AsyncWith"; break;
            case StmtKind::Global: for (auto n : as<const GlobalStmt>(s)->names) cat(head, " ", n); break;
            case StmtKind::Nonlocal: for (auto n : as<const NonlocalStmt>(s)->names) cat(head, " ", n); break;
            case StmtKind::Import:
                for (const Alias& a : as<const ImportStmt>(s)->names)
                    alias(head, a);
                break;
            case StmtKind::ImportFrom: {
                auto* i = as<const ImportFromStmt>(s);
                head += ' ';
                head.append(static_cast<size_t>(i->level), '.');
                cat(head, i->module, " :");
                for (const Alias& a : i->names)
                    alias(head, a);
                break;
            }
            case StmtKind::AnnAssign: if (as<const AnnAssignStmt>(s)->simple) head += " simple"; break;
            default: break;
        }
        line(d, head, &s->loc);
        int c = d + 1;
        switch (s->kind) {
            case StmtKind::FunctionDef: {
                auto* f = as<const FunctionDefStmt>(s);
                exprs(c, "decorators", f->decorators);
                args(c, f->args);
                field(c, "returns", f->returns);
                stmts(c, "body", f->body);
                break;
            }
            case StmtKind::ClassDef: {
                auto* k = as<const ClassDefStmt>(s);
                exprs(c, "decorators", k->decorators);
                exprs(c, "bases", k->bases);
                for (Keyword* kw : k->keywords) {
                    line(c, kw->arg.empty() ? "keyword **" : "keyword " + std::string(kw->arg), &kw->loc);
                    expr(c + 1, kw->value);
                }
                stmts(c, "body", k->body);
                break;
            }
            case StmtKind::Return: field(c, "value", as<const ReturnStmt>(s)->value); break;
            case StmtKind::Delete: exprs(c, "targets", as<const DeleteStmt>(s)->targets); break;
            case StmtKind::Assign:
                exprs(c, "targets", as<const AssignStmt>(s)->targets);
                field(c, "value", as<const AssignStmt>(s)->value);
                break;
            case StmtKind::AugAssign:
                field(c, "target", as<const AugAssignStmt>(s)->target);
                field(c, "value", as<const AugAssignStmt>(s)->value);
                break;
            case StmtKind::AnnAssign:
                field(c, "target", as<const AnnAssignStmt>(s)->target);
                field(c, "annotation", as<const AnnAssignStmt>(s)->annotation);
                field(c, "value", as<const AnnAssignStmt>(s)->value);
                break;
            case StmtKind::For:
                field(c, "target", as<const ForStmt>(s)->target);
                field(c, "iter", as<const ForStmt>(s)->iter);
                stmts(c, "body", as<const ForStmt>(s)->body);
                stmts(c, "orelse", as<const ForStmt>(s)->orelse);
                break;
            case StmtKind::While:
                field(c, "test", as<const WhileStmt>(s)->test);
                stmts(c, "body", as<const WhileStmt>(s)->body);
                stmts(c, "orelse", as<const WhileStmt>(s)->orelse);
                break;
            case StmtKind::If:
                field(c, "test", as<const IfStmt>(s)->test);
                stmts(c, "body", as<const IfStmt>(s)->body);
                stmts(c, "orelse", as<const IfStmt>(s)->orelse);
                break;
            case StmtKind::With:
                for (const WithItem& w : as<const WithStmt>(s)->items) {
                    line(c, "withitem");
                    field(c + 1, "context_expr", w.context_expr);
                    field(c + 1, "optional_vars", w.optional_vars);
                }
                stmts(c, "body", as<const WithStmt>(s)->body);
                break;
            case StmtKind::Raise:
                field(c, "exc", as<const RaiseStmt>(s)->exc);
                field(c, "cause", as<const RaiseStmt>(s)->cause);
                break;
            case StmtKind::Try: {
                auto* t = as<const TryStmt>(s);
                stmts(c, "body", t->body);
                for (ExceptHandler* h : t->handlers) {
                    line(c, h->name.empty() ? "ExceptHandler" : "ExceptHandler as " + std::string(h->name), &h->loc);
                    field(c + 1, "type", h->type);
                    stmts(c + 1, "body", h->body);
                }
                stmts(c, "orelse", t->orelse);
                stmts(c, "finalbody", t->finalbody);
                break;
            }
            case StmtKind::Assert:
                field(c, "test", as<const AssertStmt>(s)->test);
                field(c, "msg", as<const AssertStmt>(s)->msg);
                break;
            case StmtKind::ExprStmt: expr(c, as<const ExprStmtStmt>(s)->value); break;
            default: break;
        }
    }
};

}  // namespace

std::string dump_ast_with_ends(const Module& m) {
    Dumper d;
    d.ends = true;
    d.line(0, "Module");
    for (Stmt* s : m.body) d.stmt(1, s);
    return d.out;
}

std::string dump_ast(const Module& m) {
    Dumper d;
    d.line(0, "Module");
    for (Stmt* s : m.body) d.stmt(1, s);
    return d.out;
}

}  // namespace aio::grammar
