// interpreter/compile_control.cpp - control flow: if/while/for/async for,
// return/break/continue (which run the enclosing finally bodies and with-exits
// inline, as CPython 3.11 compiles them), try/except/finally and with/async with.
#include "interpreter/compile_unit.hpp"

namespace aio::compiler {

void Compiler::push_fblock(FBlock fb) {
    // CPython's CO_MAXBLOCKS: deeper nesting is a SyntaxError there too.
    if (u_->fblocks.size() >= 20) fail("too many statically nested blocks", stmt_loc_);
    u_->fblocks.push_back(fb);
}

void Compiler::await_top() {
    load_const(const_none());
    emit(Op::YIELD_FROM);
}

void Compiler::await_value(uint32_t where) {
    // Whatever path reaches the GET_AWAITABLE from that CALL awaits its result, so the
    // VM may run a coroutine function's frame at once, with no coroutine object, and
    // continue past the YIELD_FROM (opcodes.def); other paths still run all three.
    if (u_->b.last_op() == Op::CALL) u_->b.retag_last(Op::CALL_AWAIT);
    emit(Op::GET_AWAITABLE, where);
    await_top();
}

void Compiler::if_stmt(IfStmt* s) {
    Label end = label();
    Label next = s->orelse.empty() ? end : label();
    jump_if(s->test, next, false);
    body(s->body);
    if (!s->orelse.empty()) {
        jump(Op::JUMP, end);
        bind(next);
        body(s->orelse);
    }
    bind(end);
}

void Compiler::while_stmt(WhileStmt* s) {
    Label loop = label(), orelse = label(), end = label();
    bind(loop);
    jump_if(s->test, orelse, false);
    push_fblock({FKind::WhileLoop, loop, end, nullptr, {}, u_->b.handler_stack().size(), 0});
    body(s->body);
    jump(Op::JUMP, loop);
    pop_fblock();
    bind(orelse);
    body(s->orelse);
    bind(end);
}

void Compiler::for_stmt(ForStmt* s) {
    Label start = label(), cleanup = label(), end = label();
    expr(s->iter);
    emit(Op::GET_ITER);
    bind(start);
    jump(Op::FOR_ITER, cleanup);
    store_target(s->target);
    push_fblock({FKind::ForLoop, start, end, nullptr, {}, u_->b.handler_stack().size(), 0});
    body(s->body);
    jump(Op::JUMP, start);
    pop_fblock();
    bind(cleanup);
    body(s->orelse);
    bind(end);
}

void Compiler::async_for_stmt(ForStmt* s) {
    if (is_top_level_await()) u_->top_level_await = true;
    else if (!(u_->scope->kind == ScopeKind::Function && u_->scope->is_coroutine))
        fail("'async for' outside async function", s->loc);
    Label start = label(), except = label(), end = label();
    expr(s->iter);
    emit(Op::GET_AITER);
    bind(start);
    // StopAsyncIteration from __anext__ ends the loop via END_ASYNC_FOR.
    u_->b.push_handler(except, false);
    emit(Op::GET_ANEXT);
    await_top();
    u_->b.pop_handler();
    store_target(s->target);
    push_fblock({FKind::ForLoop, start, end, nullptr, {}, u_->b.handler_stack().size(), 0});
    body(s->body);
    jump(Op::JUMP, start);
    pop_fblock();
    bind(except);
    emit(Op::END_ASYNC_FOR);
    body(s->orelse);
    bind(end);
}

void Compiler::return_stmt(ReturnStmt* s) {
    Scope* sc = u_->scope;
    if (!sc->function_like()) fail("'return' outside function", s->loc);
    if (s->value && sc->is_coroutine && sc->is_generator) fail("'return' with value in async generator", s->loc);
    bool preserve = s->value && !is_const(s->value);
    if (preserve) expr(s->value);
    std::vector<int> hs = u_->b.handler_stack();
    unwind_fblock_stack(preserve, nullptr, nullptr);
    LineGuard g(u_->b, s->loc.line);
    if (!s->value) load_const(const_none());
    else if (!preserve) expr(s->value);
    emit(Op::RETURN_VALUE);
    u_->b.set_handler_stack(std::move(hs));
}

void Compiler::break_stmt(Stmt* s, bool is_continue) {
    std::vector<int> hs = u_->b.handler_stack();
    const FBlock* found = nullptr;
    FBlock loop;
    unwind_fblock_stack(false, &found, &loop);
    if (!found) fail(is_continue ? "'continue' not properly in loop" : "'break' outside loop", s->loc);
    LineGuard g(u_->b, s->loc.line);
    if (is_continue) {
        jump(Op::JUMP, loop.cont);
    } else {
        unwind_fblock(loop, false);
        jump(Op::JUMP, loop.exit);
    }
    u_->b.set_handler_stack(std::move(hs));
}

void Compiler::unwind_fblock_stack(bool preserve_tos, const FBlock** loop, FBlock* loop_copy) {
    if (u_->fblocks.empty()) return;
    FBlock top = u_->fblocks.back();
    if (loop && (top.kind == FKind::WhileLoop || top.kind == FKind::ForLoop)) {
        *loop_copy = top;
        *loop = loop_copy;
        return;
    }
    // The block is popped while its exit code is emitted, so that a return
    // inside an inlined finally body does not run that finally again.
    u_->fblocks.pop_back();
    unwind_fblock(top, preserve_tos);
    unwind_fblock_stack(preserve_tos, loop, loop_copy);
    u_->fblocks.push_back(top);
}

void Compiler::with_exit_call(bool is_async) {
    if (!is_async) {
        emit(Op::WITH_NORMAL_EXIT);
        return;
    }
    // exit(None, None, None) via CALL's self slot, then await it (3.11).
    load_const(const_none());
    load_const(const_none());
    load_const(const_none());
    emit(Op::CALL, 2);
    await_value(2);
    emit(Op::POP_TOP);
}

void Compiler::unwind_fblock(const FBlock& fb, bool preserve_tos) {
    u_->b.truncate_handlers(fb.hstack_size);
    switch (fb.kind) {
        case FKind::WhileLoop:
        case FKind::ExceptionHandler:
        case FKind::TryExcept:
            return;
        case FKind::ForLoop:
            if (preserve_tos) emit(Op::SWAP, 2);
            emit(Op::POP_ITER);  // the iterator (a generator only the loop held is closed)
            return;
        case FKind::FinallyTry: {
            if (preserve_tos) push_fblock({FKind::PopValue, -1, -1, nullptr, {}, u_->b.handler_stack().size(), 0});
            body(*fb.final_body);
            if (preserve_tos) pop_fblock();
            return;
        }
        case FKind::FinallyEnd:
            if (preserve_tos) emit(Op::SWAP, 2);
            emit(Op::POP_TOP);  // the exception
            if (preserve_tos) emit(Op::SWAP, 2);
            emit(Op::POP_EXCEPT);
            return;
        case FKind::With:
        case FKind::AsyncWith: {
            LineGuard g(u_->b, fb.line);
            if (preserve_tos) emit(Op::SWAP, 2);
            with_exit_call(fb.kind == FKind::AsyncWith);
            return;
        }
        case FKind::HandlerCleanup:
            if (preserve_tos) emit(Op::SWAP, 2);
            emit(Op::POP_EXCEPT);
            if (!fb.name.empty()) {
                load_const(const_none());
                nameop(fb.name, Ctx::Store);
                nameop(fb.name, Ctx::Del);
            }
            return;
        case FKind::PopValue:
            if (preserve_tos) emit(Op::SWAP, 2);
            emit(Op::POP_TOP);
            return;
    }
}

void Compiler::try_stmt(TryStmt* s) {
    if (!s->finalbody.empty()) try_finally(s);
    else try_except(s);
}

// try: body finally: fin  ->  body (protected), fin inline, and on exception
// PUSH_EXC_INFO; fin; RERAISE 0 with a cleanup that restores the handled exception.
void Compiler::try_finally(TryStmt* s) {
    Label handler = label(), cleanup = label(), exit = label();
    size_t hs = u_->b.handler_stack().size();
    u_->b.push_handler(handler, false);
    push_fblock({FKind::FinallyTry, -1, -1, &s->finalbody, {}, hs, 0});
    if (!s->handlers.empty()) try_except(s);
    else body(s->body);
    pop_fblock();
    u_->b.pop_handler();
    body(s->finalbody);
    jump(Op::JUMP, exit);

    bind(handler);
    u_->b.push_handler(cleanup, true);
    emit(Op::PUSH_EXC_INFO);
    push_fblock({FKind::FinallyEnd, -1, -1, nullptr, {}, hs, 0});
    body(s->finalbody);
    pop_fblock();
    emit(Op::RERAISE, 0);
    u_->b.pop_handler();
    bind(cleanup);
    emit(Op::COPY, 3);
    emit(Op::POP_EXCEPT);
    emit(Op::RERAISE, 1);
    bind(exit);
}

void Compiler::try_except(TryStmt* s) {
    Label except = label(), cleanup = label(), end = label();
    size_t hs = u_->b.handler_stack().size();
    u_->b.push_handler(except, false);
    push_fblock({FKind::TryExcept, -1, -1, nullptr, {}, hs, 0});
    emit(Op::NOP);  // the `try:` line, as 3.11
    body(s->body);
    pop_fblock();
    u_->b.pop_handler();
    body(s->orelse);
    jump(Op::JUMP, end);

    bind(except);
    u_->b.push_handler(cleanup, true);
    emit(Op::PUSH_EXC_INFO);
    push_fblock({FKind::ExceptionHandler, -1, -1, nullptr, {}, hs, 0});
    for (uint32_t i = 0; i < s->handlers.size(); i++) {
        ExceptHandler* h = s->handlers[i];
        LineGuard g(u_->b, h->loc.line);
        if (!h->type && i + 1 < s->handlers.size()) fail("default 'except:' must be last", h->loc);
        Label next = label();
        if (h->type) {
            expr(h->type);
            emit(Op::CHECK_EXC_MATCH);
            jump(Op::POP_JUMP_IF_FALSE, next);
        }
        if (!h->name.empty()) {
            Label name_cleanup = label();
            nameop(h->name, Ctx::Store);
            // `except E as e:` deletes e when the handler ends, however it ends.
            u_->b.push_handler(name_cleanup, true);
            push_fblock({FKind::HandlerCleanup, -1, -1, nullptr, h->name, hs, 0});
            body(h->body);
            pop_fblock();
            u_->b.pop_handler();
            // This path leaves the handler: the cleanup handler no longer applies.
            int cleanup_id = u_->b.pop_handler();
            emit(Op::POP_EXCEPT);
            load_const(const_none());
            nameop(h->name, Ctx::Store);
            nameop(h->name, Ctx::Del);
            jump(Op::JUMP, end);
            u_->b.repush_handler(cleanup_id);
            bind(name_cleanup);
            load_const(const_none());
            nameop(h->name, Ctx::Store);
            nameop(h->name, Ctx::Del);
            emit(Op::RERAISE, 1);
        } else {
            emit(Op::POP_TOP);
            push_fblock({FKind::HandlerCleanup, -1, -1, nullptr, {}, hs, 0});
            body(h->body);
            pop_fblock();
            int cleanup_id = u_->b.pop_handler();
            emit(Op::POP_EXCEPT);
            jump(Op::JUMP, end);
            u_->b.repush_handler(cleanup_id);
        }
        bind(next);
    }
    pop_fblock();
    emit(Op::RERAISE, 0);
    u_->b.pop_handler();
    bind(cleanup);
    emit(Op::COPY, 3);
    emit(Op::POP_EXCEPT);
    emit(Op::RERAISE, 1);
    bind(end);
}

void Compiler::with_stmt(WithStmt* s, uint32_t item) {
    const WithItem& it = s->items[item];
    bool is_async = s->is_async;
    Label final_ = label(), cleanup = label(), suppress = label(), exit = label();
    expr(it.context_expr);
    LineGuard g(u_->b, s->loc.line);
    if (is_async) {
        emit(Op::BEFORE_ASYNC_WITH);
        emit(Op::GET_AWAITABLE, 1);
        await_top();
    } else {
        emit(Op::BEFORE_WITH);
    }
    size_t hs = u_->b.handler_stack().size();
    // The handler's depth keeps the exit function but not the enter result.
    u_->b.push_handler(final_, true, -1);
    push_fblock({is_async ? FKind::AsyncWith : FKind::With, -1, -1, nullptr, {}, hs, s->loc.line});
    if (it.optional_vars) store_target(it.optional_vars);
    else emit(Op::POP_TOP);
    if (item + 1 < s->items.size()) with_stmt(s, item + 1);
    else body(s->body);
    pop_fblock();
    u_->b.pop_handler();
    with_exit_call(is_async);
    jump(Op::JUMP, exit);

    bind(final_);
    u_->b.push_handler(cleanup, true);
    emit(Op::PUSH_EXC_INFO);
    emit(Op::WITH_EXCEPT_START);
    if (is_async) {
        emit(Op::GET_AWAITABLE, 2);
        await_top();
    }
    jump(Op::POP_JUMP_IF_TRUE, suppress);
    emit(Op::RERAISE, 2);
    bind(suppress);
    emit(Op::POP_TOP);  // the exception
    u_->b.pop_handler();
    emit(Op::POP_EXCEPT);
    emit(Op::POP_TOP);  // lasti
    emit(Op::POP_TOP);  // exit
    jump(Op::JUMP, exit);
    bind(cleanup);
    emit(Op::COPY, 3);
    emit(Op::POP_EXCEPT);
    emit(Op::RERAISE, 1);
    bind(exit);
}

}  // namespace aio::compiler
