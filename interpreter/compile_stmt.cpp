// interpreter/compile_stmt.cpp - simple statements: assignments (plain, augmented,
// annotated), del, import, assert, raise, expression statements, and the
// dispatch of every statement kind. Each sequence matches CPython 3.11's dis.
#include "interpreter/compile_unit.hpp"

namespace aio::compiler {

const ConstantExpr* Compiler::docstring(const List<Stmt*>& stmts) {
    if (stmts.empty() || stmts[0]->kind != StmtKind::ExprStmt) return nullptr;
    Expr* v = as<ExprStmtStmt>(stmts[0])->value;
    if (v->kind != ExprKind::Constant || as<ConstantExpr>(v)->ckind != ConstKind::Str) return nullptr;
    return as<ConstantExpr>(v);
}

// Whether a module/class body needs SETUP_ANNOTATIONS: a simple annotated name
// anywhere in its statements, nested blocks included (not nested scopes).
bool Compiler::has_annotations(const List<Stmt*>& stmts) {
    for (Stmt* s : stmts) {
        switch (s->kind) {
            case StmtKind::AnnAssign:
                if (as<AnnAssignStmt>(s)->simple) return true;
                break;
            case StmtKind::For:
                if (has_annotations(as<ForStmt>(s)->body) || has_annotations(as<ForStmt>(s)->orelse)) return true;
                break;
            case StmtKind::While:
                if (has_annotations(as<WhileStmt>(s)->body) || has_annotations(as<WhileStmt>(s)->orelse)) return true;
                break;
            case StmtKind::If:
                if (has_annotations(as<IfStmt>(s)->body) || has_annotations(as<IfStmt>(s)->orelse)) return true;
                break;
            case StmtKind::With:
                if (has_annotations(as<WithStmt>(s)->body)) return true;
                break;
            case StmtKind::Try: {
                auto* t = as<TryStmt>(s);
                if (has_annotations(t->body) || has_annotations(t->orelse) || has_annotations(t->finalbody)) return true;
                for (ExceptHandler* h : t->handlers)
                    if (has_annotations(h->body)) return true;
                break;
            }
            default:
                break;
        }
    }
    return false;
}

void Compiler::body(const List<Stmt*>& stmts) {
    for (Stmt* s : stmts) stmt(s);
}

void Compiler::stmt(Stmt* s) {
    LineGuard g(u_->b, s->loc.line);
    stmt_loc_ = s->loc;
    if (++depth_ > 1000) {
        SyntaxError e = make_syntax_error("", s->loc, filename_, source_);
        e.type = "RecursionError";
        e.msg = "maximum recursion depth exceeded during compilation";
        throw CompileFail{e};
    }
    switch (s->kind) {
        case StmtKind::FunctionDef: function_def(as<FunctionDefStmt>(s)); break;
        case StmtKind::ClassDef: class_def(as<ClassDefStmt>(s)); break;
        case StmtKind::Return: return_stmt(as<ReturnStmt>(s)); break;
        case StmtKind::Delete:
            for (Expr* t : as<DeleteStmt>(s)->targets) del_target(t);
            break;
        case StmtKind::Assign: assign(as<AssignStmt>(s)); break;
        case StmtKind::AugAssign: aug_assign(as<AugAssignStmt>(s)); break;
        case StmtKind::AnnAssign: ann_assign(as<AnnAssignStmt>(s)); break;
        case StmtKind::For:
            if (as<ForStmt>(s)->is_async) async_for_stmt(as<ForStmt>(s));
            else for_stmt(as<ForStmt>(s));
            break;
        case StmtKind::While: while_stmt(as<WhileStmt>(s)); break;
        case StmtKind::If: if_stmt(as<IfStmt>(s)); break;
        case StmtKind::With: {
            auto* w = as<WithStmt>(s);
            if (w->is_async) {
                if (is_top_level_await()) u_->top_level_await = true;
                else if (!(u_->scope->kind == ScopeKind::Function && u_->scope->is_coroutine))
                    fail("'async with' outside async function", s->loc);
            }
            with_stmt(w, 0);
            break;
        }
        case StmtKind::Raise: raise_stmt(as<RaiseStmt>(s)); break;
        case StmtKind::Try: try_stmt(as<TryStmt>(s)); break;
        case StmtKind::Assert: assert_stmt(as<AssertStmt>(s)); break;
        case StmtKind::Import: import(as<ImportStmt>(s)); break;
        case StmtKind::ImportFrom: import_from(as<ImportFromStmt>(s)); break;
        case StmtKind::Global:
        case StmtKind::Nonlocal:
            break;
        case StmtKind::ExprStmt: expr_stmt(as<ExprStmtStmt>(s)); break;
        case StmtKind::Pass: emit(Op::NOP); break;
        case StmtKind::Break: break_stmt(s, false); break;
        case StmtKind::Continue: break_stmt(s, true); break;
    }
    depth_--;
}

void Compiler::expr_stmt(ExprStmtStmt* s) {
    if (mode_ == CompileMode::Interactive && u_->scope->kind == ScopeKind::Module) {
        expr(s->value);
        emit(Op::PRINT_EXPR);
        return;
    }
    // A constant statement (a docstring elsewhere, `...`) has no effect, as in CPython.
    if (s->value->kind == ExprKind::Constant) {
        emit(Op::NOP);
        return;
    }
    expr(s->value);
    emit(Op::POP_TOP);
}

void Compiler::assign(AssignStmt* s) {
    expr(s->value);
    for (uint32_t i = 0; i < s->targets.size(); i++) {
        if (i + 1 < s->targets.size()) emit(Op::COPY, 1);
        store_target(s->targets[i]);
    }
}

void Compiler::aug_assign(AugAssignStmt* s) {
    uint32_t op = uint32_t(s->op) | 16;
    Expr* t = s->target;
    LineGuard g(u_->b, t->loc.line);
    switch (t->kind) {
        case ExprKind::Name:
            nameop(as<NameExpr>(t)->id, Ctx::Load);
            expr(s->value);
            emit(Op::BINARY_OP, op);
            nameop(as<NameExpr>(t)->id, Ctx::Store);
            return;
        case ExprKind::Attribute: {
            auto* a = as<AttributeExpr>(t);
            expr(a->value);
            emit(Op::COPY, 1);
            uint32_t ni = name_index(mangled(a->attr));
            emit(Op::LOAD_ATTR, ni);
            expr(s->value);
            emit(Op::BINARY_OP, op);
            emit(Op::SWAP, 2);
            emit(Op::STORE_ATTR, ni);
            return;
        }
        case ExprKind::Subscript: {
            auto* sub = as<SubscriptExpr>(t);
            expr(sub->value);
            expr(sub->slice);
            emit(Op::COPY, 2);
            emit(Op::COPY, 2);
            emit(Op::BINARY_SUBSCR);
            expr(s->value);
            emit(Op::BINARY_OP, op);
            emit(Op::SWAP, 3);
            emit(Op::SWAP, 2);
            emit(Op::STORE_SUBSCR);
            return;
        }
        default:
            fail("'" + std::string(expr_kind_name(t->kind)) + "' is an illegal expression for augmented assignment",
                 t->loc);
    }
}

void Compiler::ann_assign(AnnAssignStmt* s) {
    bool evaluate = !u_->scope->function_like();  // 3.11: annotations of locals are not evaluated
    Expr* t = s->target;
    if (s->value) {
        expr(s->value);
        store_target(t);
    }
    if (t->kind == ExprKind::Name && s->simple) {
        if (evaluate) {
            expr(s->annotation);
            nameop("__annotations__", Ctx::Load);
            load_const(const_str(mangled(as<NameExpr>(t)->id)));
            emit(Op::STORE_SUBSCR);
        }
        return;
    }
    if (!s->value) {
        // `a.b: int` still evaluates `a` (and `a[i]` its operands), as CPython.
        if (t->kind == ExprKind::Attribute) {
            expr(as<AttributeExpr>(t)->value);
            emit(Op::POP_TOP);
        } else if (t->kind == ExprKind::Subscript) {
            expr(as<SubscriptExpr>(t)->value);
            emit(Op::POP_TOP);
            expr(as<SubscriptExpr>(t)->slice);
            emit(Op::POP_TOP);
        }
    }
    if (evaluate) {
        expr(s->annotation);
        emit(Op::POP_TOP);
    }
}

void Compiler::del_target(Expr* t) {
    LineGuard g(u_->b, t->loc.line);
    switch (t->kind) {
        case ExprKind::Name:
            nameop(as<NameExpr>(t)->id, Ctx::Del);
            return;
        case ExprKind::Attribute:
            expr(as<AttributeExpr>(t)->value);
            emit(Op::DELETE_ATTR, name_index(mangled(as<AttributeExpr>(t)->attr)));
            return;
        case ExprKind::Subscript:
            expr(as<SubscriptExpr>(t)->value);
            expr(as<SubscriptExpr>(t)->slice);
            emit(Op::DELETE_SUBSCR);
            return;
        case ExprKind::Tuple:
            for (Expr* x : as<TupleExpr>(t)->elts) del_target(x);
            return;
        case ExprKind::List:
            for (Expr* x : as<ListExpr>(t)->elts) del_target(x);
            return;
        default:
            fail("cannot delete " + std::string(expr_kind_name(t->kind)), t->loc);
    }
}

void Compiler::import(ImportStmt* s) {
    for (const Alias& a : s->names) {
        LineGuard g(u_->b, a.loc.line);
        load_const(add_const(rt::Value::integer(0), const_key(rt::Value::integer(0))));
        load_const(const_none());
        emit(Op::IMPORT_NAME, name_index(a.name));
        if (a.asname.empty()) {
            // `import a.b.c` binds the top package `a`.
            nameop(a.name.substr(0, a.name.find('.')), Ctx::Store);
            continue;
        }
        size_t dot = a.name.find('.');
        if (dot == std::string_view::npos) {
            nameop(a.asname, Ctx::Store);
            continue;
        }
        // `import a.b.c as d` walks the submodules with IMPORT_FROM (3.11).
        std::string_view rest = a.name.substr(dot + 1);
        for (;;) {
            size_t d = rest.find('.');
            std::string_view part = rest.substr(0, d);
            emit(Op::IMPORT_FROM, name_index(part));
            if (d == std::string_view::npos) break;
            emit(Op::SWAP, 2);
            emit(Op::POP_TOP);
            rest = rest.substr(d + 1);
        }
        nameop(a.asname, Ctx::Store);
        emit(Op::POP_TOP);
    }
}

void Compiler::import_from(ImportFromStmt* s) {
    rt::Value level = rt::Value::integer(s->level);
    load_const(add_const(level, const_key(level)));
    std::vector<rt::Value> names;
    for (const Alias& a : s->names) names.push_back(rt::Value::object(intern(a.name)));
    rt::Value tup = rt::Value::object(rt::new_tuple(I_, names.data(), uint32_t(names.size())));
    load_const(add_const(tup, const_key(tup)));
    emit(Op::IMPORT_NAME, name_index(s->module));
    if (s->names.size() == 1 && s->names[0].name == "*") {
        emit(Op::IMPORT_STAR);
        return;
    }
    for (const Alias& a : s->names) {
        LineGuard g(u_->b, a.loc.line);
        emit(Op::IMPORT_FROM, name_index(a.name));
        nameop(a.asname.empty() ? a.name : a.asname, Ctx::Store);
    }
    emit(Op::POP_TOP);
}

void Compiler::assert_stmt(AssertStmt* s) {
    Label end = label();
    jump_if(s->test, end, true);
    emit(Op::LOAD_ASSERTION_ERROR);
    if (s->msg) {
        // `AssertionError(msg)` through the self slot of CALL, as 3.11.
        expr(s->msg);
        emit(Op::CALL, 0);
    }
    emit(Op::RAISE_VARARGS, 1);
    bind(end);
}

void Compiler::raise_stmt(RaiseStmt* s) {
    uint32_t n = 0;
    if (s->exc) {
        expr(s->exc);
        n = 1;
        if (s->cause) {
            expr(s->cause);
            n = 2;
        }
    }
    emit(Op::RAISE_VARARGS, n);
}

}  // namespace aio::compiler
