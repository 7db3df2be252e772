// grammar/ast.cpp - the arena's block refill, and the names of AST kinds and
// operators (expansions of the X-macro tables in ast.hpp), for dumps, the
// disassembler and messages.
#include "grammar/ast.hpp"

namespace aio::grammar {

void Arena::new_block(size_t n) {
    size_t want = n > kBlock ? n : kBlock;
    for (size_t i = 0; i < spare_.size(); i++) {
        if (spare_[i].cap >= want) {
            blocks_.push_back(std::move(spare_[i]));
            spare_.erase(spare_.begin() + long(i));
            cap_ = blocks_.back().cap;
            return;
        }
    }
    blocks_.push_back(Block{std::unique_ptr<char[]>(new char[want]), want});
    cap_ = want;
}

const char* expr_kind_name(ExprKind k) {
    switch (k) {
#define X(n) case ExprKind::n: return #n;
        AIO_EXPR_KINDS(X)
#undef X
    }
    return "?";
}

const char* stmt_kind_name(StmtKind k) {
    switch (k) {
#define X(n) case StmtKind::n: return #n;
        AIO_STMT_KINDS(X)
#undef X
    }
    return "?";
}

const char* binop_symbol(BinOpKind k) {
    switch (k) {
#define X(n, s) case BinOpKind::n: return s;
        AIO_BINOPS(X)
#undef X
    }
    return "?";
}

const char* unaryop_symbol(UnaryOpKind k) {
    switch (k) {
#define X(n, s) case UnaryOpKind::n: return s;
        AIO_UNARYOPS(X)
#undef X
    }
    return "?";
}

const char* cmpop_symbol(CmpOpKind k) {
    switch (k) {
#define X(n, s) case CmpOpKind::n: return s;
        AIO_CMPOPS(X)
#undef X
    }
    return "?";
}

}  // namespace aio::grammar
