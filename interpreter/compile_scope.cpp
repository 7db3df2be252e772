// interpreter/compile_scope.cpp - constructs that make a new code object:
// def/async def, lambda, class bodies and comprehensions (each a function of
// its own, called with the first iterator as 3.11 does), and their closures.
#include "interpreter/compile_unit.hpp"

namespace aio::compiler {

uint32_t Compiler::defaults_and_annotations(Arguments* a, Expr* returns, bool annotations) {
    uint32_t flags = 0;
    if (!a->defaults.empty()) {
        uint32_t idx;
        if (const_tuple(a->defaults, &idx)) {
            load_const(idx);
        } else {
            for (Expr* d : a->defaults) expr(d);
            emit(Op::BUILD_TUPLE, a->defaults.size());
        }
        flags |= 1;
    }
    uint32_t nkw = 0;
    for (uint32_t i = 0; i < a->kwonlyargs.size(); i++) {
        if (!a->kw_defaults[i]) continue;
        load_const(const_str(mangled(a->kwonlyargs[i]->name)));
        expr(a->kw_defaults[i]);
        nkw++;
    }
    if (nkw) {
        emit(Op::BUILD_MAP, nkw);
        flags |= 2;
    }
    if (annotations) {
        // Evaluated now, in CPython 3.11's order: args, posonly, *args, kwonly, **kw, return.
        uint32_t n = 0;
        auto ann = [&](Arg* x) {
            if (!x || !x->annotation) return;
            load_const(const_str(mangled(x->name)));
            expr(x->annotation);
            n++;
        };
        for (Arg* x : a->args) ann(x);
        for (Arg* x : a->posonlyargs) ann(x);
        ann(a->vararg);
        for (Arg* x : a->kwonlyargs) ann(x);
        ann(a->kwarg);
        if (returns) {
            load_const(const_str("return"));
            expr(returns);
            n++;
        }
        if (n) {
            emit(Op::BUILD_MAP, n);
            flags |= 4;
        }
    }
    return flags;
}

// A comprehension's function is called at once and never reaches the script, so
// the VM may reuse the one an earlier evaluation made (make_comprehension_function):
// its cells stay loose on the stack for that comparison instead of forming a tuple.
void Compiler::make_comprehension(rt::Code* code) {
    for (rt::Str* f : code->freevars) emit(Op::LOAD_CLOSURE, cell_index(f->view()));
    load_const(add_const(rt::Value::object(code), ""));
    emit(Op::MAKE_FUNCTION, 16 | uint32_t(code->freevars.size()) << 5);
}

void Compiler::make_closure(rt::Code* code, uint32_t flags) {
    if (!code->freevars.empty()) {
        for (rt::Str* f : code->freevars) emit(Op::LOAD_CLOSURE, cell_index(f->view()));
        emit(Op::BUILD_TUPLE, uint32_t(code->freevars.size()));
        flags |= 8;
    }
    load_const(add_const(rt::Value::object(code), ""));
    emit(Op::MAKE_FUNCTION, flags);
}

void Compiler::apply_decorators(const List<Expr*>& decos) {
    // Each decorator was pushed before the function; CALL 0 with the function in
    // the self slot calls the innermost (last pushed) first.
    // The calls carry the def/class statement's line, as in 3.11.
    for (uint32_t i = 0; i < decos.size(); i++) emit(Op::CALL, 0);
}

void Compiler::function_def(FunctionDefStmt* s) {
    for (Expr* d : s->decorators) expr(d);
    int firstlineno = s->decorators.empty() ? s->loc.line : s->decorators[0]->loc.line;
    uint32_t flags = defaults_and_annotations(s->args, s->returns, true);
    Scope* fs = st_.scope_of(s);
    enter_unit(fs, s->name, firstlineno);
    u_->b.line = s->loc.line;
    // Function convention (as CPython): consts[0] is the docstring or None.
    List<Stmt*> stmts = s->body;
    if (const ConstantExpr* doc = docstring(stmts)) {
        const_value(doc);
        stmts.items++;
        stmts.n--;
    } else {
        const_none();
    }
    body(stmts);
    load_const(const_none());
    emit(Op::RETURN_VALUE);
    rt::Code* code = exit_unit(s->name);
    LineGuard g(u_->b, s->loc.line);
    make_closure(code, flags);
    apply_decorators(s->decorators);
    nameop(s->name, Ctx::Store);
}

void Compiler::lambda(LambdaExpr* e) {
    uint32_t flags = defaults_and_annotations(e->args, nullptr, false);
    enter_unit(st_.scope_of(e), "<lambda>", e->loc.line);
    const_none();  // consts[0]: a lambda has no docstring
    expr(e->body);
    if (u_->scope->is_generator) {
        // A generator lambda's value is the yields'; it returns None (as CPython).
        emit(Op::POP_TOP);
        load_const(const_none());
    }
    emit(Op::RETURN_VALUE);
    rt::Code* code = exit_unit("<lambda>");
    make_closure(code, flags);
}

void Compiler::class_def(ClassDefStmt* s) {
    for (Expr* d : s->decorators) expr(d);
    int firstlineno = s->decorators.empty() ? s->loc.line : s->decorators[0]->loc.line;
    Scope* cs = st_.scope_of(s);
    enter_unit(cs, s->name, firstlineno);
    u_->b.line = s->loc.line;
    // Class body prologue as 3.11: __module__, __qualname__, annotations, __doc__.
    emit(Op::LOAD_NAME, name_index("__name__"));
    emit(Op::STORE_NAME, name_index("__module__"));
    load_const(const_str(u_->qualname));
    emit(Op::STORE_NAME, name_index("__qualname__"));
    List<Stmt*> stmts = s->body;
    if (has_annotations(stmts)) emit(Op::SETUP_ANNOTATIONS);
    if (const ConstantExpr* doc = docstring(stmts)) {
        LineGuard g(u_->b, stmts[0]->loc.line);
        load_const(const_value(doc));
        emit(Op::STORE_NAME, name_index("__doc__"));
        stmts.items++;
        stmts.n--;
    }
    body(stmts);
    if (cs->needs_class_closure) {
        // The __class__ cell goes to type() as __classcell__ so that it can be
        // filled with the new class (zero-argument super()).
        emit(Op::LOAD_CLOSURE, cell_index("__class__"));
        emit(Op::COPY, 1);
        emit(Op::STORE_NAME, name_index("__classcell__"));
    } else {
        load_const(const_none());
    }
    emit(Op::RETURN_VALUE);
    rt::Code* code = exit_unit(s->name);
    LineGuard g(u_->b, s->loc.line);
    emit(Op::PUSH_NULL);
    emit(Op::LOAD_BUILD_CLASS);
    make_closure(code, 0);
    load_const(const_str(s->name));
    call_helper(2, s->bases, s->keywords);
    apply_decorators(s->decorators);
    nameop(s->name, Ctx::Store);
}

void Compiler::comprehension(Expr* e, CompKind kind, const List<Comprehension*>& gens, Expr* elt, Expr* value) {
    Scope* cs = st_.scope_of(e);
    bool awaited = cs->is_coroutine && kind != CompKind::Generator;
    if (awaited) {
        Scope* p = u_->scope;
        bool ok = (p->kind == ScopeKind::Function && p->is_coroutine) || p->kind == ScopeKind::Comprehension ||
                  is_top_level_await();
        if (!ok) fail("asynchronous comprehension outside of an asynchronous function", e->loc);
        if (is_top_level_await()) u_->top_level_await = true;
    }
    std::string_view name = cs->name;
    enter_unit(cs, name, e->loc.line);
    switch (kind) {
        case CompKind::List: emit(Op::BUILD_LIST, 0); break;
        case CompKind::Set: emit(Op::BUILD_SET, 0); break;
        case CompKind::Dict: emit(Op::BUILD_MAP, 0); break;
        default: break;
    }
    comprehension_generator(gens, 0, kind, elt, value, 0);
    if (kind == CompKind::Generator) load_const(const_none());
    emit(Op::RETURN_VALUE);
    rt::Code* code = exit_unit(name);
    make_comprehension(code);
    // The first iterable is evaluated here, in the enclosing scope.
    expr(gens[0]->iter);
    emit(gens[0]->is_async ? Op::GET_AITER : Op::GET_ITER);
    emit(Op::CALL, 0);
    if (awaited) {
        await_value(0);
    }
}

void Compiler::comprehension_generator(const List<Comprehension*>& gens, uint32_t gi, CompKind kind, Expr* elt,
                                       Expr* value, uint32_t depth) {
    Comprehension* g = gens[gi];
    Label start = label(), anchor = label();
    if (gi == 0) {
        emit(Op::LOAD_FAST, var_index(".0"));
    } else {
        expr(g->iter);
        emit(g->is_async ? Op::GET_AITER : Op::GET_ITER);
    }
    bind(start);
    if (g->is_async) {
        u_->b.push_handler(anchor, false);
        emit(Op::GET_ANEXT);
        await_top();
        u_->b.pop_handler();
    } else {
        jump(Op::FOR_ITER, anchor);
    }
    store_target(g->target);
    for (Expr* cond : g->ifs) jump_if(cond, start, false);
    depth++;
    if (gi + 1 < gens.size()) {
        comprehension_generator(gens, gi + 1, kind, elt, value, depth);
    } else {
        switch (kind) {
            case CompKind::Generator:
                expr(elt);
                emit(Op::YIELD_VALUE);
                emit(Op::POP_TOP);
                break;
            case CompKind::List:
                expr(elt);
                emit(Op::LIST_APPEND, depth + 1);
                break;
            case CompKind::Set:
                expr(elt);
                emit(Op::SET_ADD, depth + 1);
                break;
            case CompKind::Dict:
                expr(elt);
                expr(value);
                emit(Op::MAP_ADD, depth + 1);
                break;
            case CompKind::None:
                break;
        }
    }
    jump(Op::JUMP, start);
    bind(anchor);
    if (g->is_async) emit(Op::END_ASYNC_FOR);
}

}  // namespace aio::compiler
