// interpreter/compile_unit.hpp - the code generator's internal state (private to
// interpreter/compile_*.cpp): one Unit per code object being built (a stack, as
// scopes nest) and the frame-block stack that return/break/continue unwind.
// Invariant: every emitted instruction carries the innermost active handler.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "interpreter/compile_builder.hpp"
#include "interpreter/compiler.hpp"
#include "interpreter/name_map.hpp"
#include "interpreter/symtable.hpp"
#include "runtime/protocol.hpp"

namespace aio::compiler {

using namespace grammar;
using Label = Builder::Label;

enum class Ctx { Load, Store, Del };

// Constructs that return/break/continue must leave (CPython's fblocks).
enum class FKind {
    WhileLoop, ForLoop, TryExcept, FinallyTry, FinallyEnd, With, AsyncWith,
    HandlerCleanup, PopValue, ExceptionHandler,
};

struct FBlock {
    FKind kind;
    Label cont = -1, exit = -1;          // loops
    const List<Stmt*>* final_body = nullptr;  // FinallyTry
    std::string_view name;               // HandlerCleanup: the `as` name
    size_t hstack_size = 0;              // handler-stack size before the block's handlers
    int line = 0;                        // With: the with statement's line
};

struct Unit {
    Scope* scope = nullptr;
    uint32_t serial = 0;  // unique per compiled code object (never 0): Symbol::slot_unit
    Builder b;
    std::vector<rt::Value> consts;
    std::unordered_map<std::string, uint32_t> const_map;  // non-str constants, by const_key
    NameMap<uint32_t> str_consts;  // keys view the Str's bytes
    std::vector<rt::Str*> names;
    NameMap<uint32_t> name_map;
    std::vector<rt::Str*> varnames;
    NameMap<uint32_t> var_map;
    NameMap<uint32_t> cell_map;  // cellvars, then freevars
    std::vector<FBlock> fblocks;
    std::string qualname;
    int firstlineno = 0;
    bool top_level_await = false;  // interactive module code that awaits

    // Makes a used Unit fresh again for a new scope, keeping its memory.
    void reset() {
        scope = nullptr;
        b.reset();
        consts.clear();
        const_map.clear();
        str_consts.clear();
        names.clear();
        name_map.clear();
        varnames.clear();
        var_map.clear();
        cell_map.clear();
        fblocks.clear();
        qualname.clear();
        firstlineno = 0;
        top_level_await = false;
    }
};

struct CompileFail {
    SyntaxError err;
};

class Compiler {
public:
    Compiler(rt::Interp& I, SymbolTable& st, std::string_view filename, std::string_view source, CompileMode mode,
             InternCache* cache)
        : I_(I), st_(st), filename_(filename), source_(source), mode_(mode),
          interned_(cache ? *cache : own_cache_) {}

    rt::Code* compile_module(const Module& mod);

private:
    // --- units, constants, names (compiler.cpp) ---
    void enter_unit(Scope* s, std::string_view name, int firstlineno);
    rt::Code* exit_unit(std::string_view name);
    std::string qualname_for(Scope* s, std::string_view name);
    uint32_t add_const(rt::Value v, const std::string& key);
    uint32_t const_none();
    uint32_t const_str(std::string_view s);
    uint32_t const_value(const ConstantExpr* c);
    rt::Value const_object(const ConstantExpr* c);  // the value, not added to consts
    std::string const_key(rt::Value v);
    uint32_t name_index(std::string_view n);
    uint32_t var_index(std::string_view n);
    uint32_t cell_index(std::string_view n);
    std::string_view mangled(std::string_view n);
    void nameop(std::string_view id, Ctx ctx);
    rt::Str* intern(std::string_view s);
    void emit(Op op, uint32_t arg = 0) { u_->b.emit(op, arg); }
    void jump(Op op, Label l) { u_->b.emit_jump(op, l); }
    Label label() { return u_->b.new_label(); }
    void bind(Label l) { u_->b.bind(l); }
    void load_const(uint32_t idx) { emit(Op::LOAD_CONST, idx); }
    void emit_raise_builtin(std::string_view exc, std::string_view msg);
    [[noreturn]] void fail(std::string_view msg, const Loc& loc);
    bool is_top_level_await() const;

    // --- statements (compile_stmt.cpp) ---
    void body(const List<Stmt*>& stmts);
    void stmt(Stmt* s);
    void assign(AssignStmt* s);
    void aug_assign(AugAssignStmt* s);
    void ann_assign(AnnAssignStmt* s);
    void del_target(Expr* t);
    void import(ImportStmt* s);
    void import_from(ImportFromStmt* s);
    void assert_stmt(AssertStmt* s);
    void raise_stmt(RaiseStmt* s);
    void expr_stmt(ExprStmtStmt* s);
    static bool has_annotations(const List<Stmt*>& stmts);
    static const ConstantExpr* docstring(const List<Stmt*>& stmts);

    // --- control flow (compile_control.cpp) ---
    void if_stmt(IfStmt* s);
    void while_stmt(WhileStmt* s);
    void for_stmt(ForStmt* s);
    void async_for_stmt(ForStmt* s);
    void return_stmt(ReturnStmt* s);
    void break_stmt(Stmt* s, bool is_continue);
    void try_stmt(TryStmt* s);
    void try_except(TryStmt* s);
    void try_finally(TryStmt* s);
    void with_stmt(WithStmt* s, uint32_t item);
    void push_fblock(FBlock fb);
    void pop_fblock() { u_->fblocks.pop_back(); }
    void unwind_fblock(const FBlock& fb, bool preserve_tos);
    // Unwinds every block down to (excluding) the innermost loop when
    // `loop` is non-null (it receives the loop), else all blocks.
    void unwind_fblock_stack(bool preserve_tos, const FBlock** loop, FBlock* loop_copy);
    void with_exit_call(bool is_async);
    void await_top();  // GET_AWAITABLE-less tail: LOAD_CONST None; YIELD_FROM
    // GET_AWAITABLE where; await_top(). A CALL right before becomes CALL_AWAIT.
    void await_value(uint32_t where);

    // --- expressions (compile_expr.cpp) ---
    void expr(Expr* e);
    void expr_inner(Expr* e);
    void binop_chain(BinOpExpr* e);
    void boolop(BoolOpExpr* e);
    void compare(CompareExpr* e);
    void call(CallExpr* e);
    void call_helper(uint32_t n_pre, const List<Expr*>& args, const List<Keyword*>& kws);
    void kwargs_dict(const List<Keyword*>& kws, bool& have_dict);
    void starunpack(const List<Expr*>& elts, uint32_t pushed, Op build, Op add, Op extend, bool tuple);
    void dict_display(DictExpr* e);
    void joined_str(JoinedStrExpr* e);
    void formatted_value(FormattedValueExpr* e);
    void subscript(SubscriptExpr* e, Ctx ctx);
    void slice(SliceExpr* s);
    void store_target(Expr* t);
    void unpack_target(const List<Expr*>& elts, const Loc& loc);
    void jump_if(Expr* e, Label target, bool cond);
    void constant(ConstantExpr* c);
    bool const_tuple(const List<Expr*>& elts, uint32_t* idx);
    bool is_const(Expr* e) const;
    // --- constant folding (compile_fold.cpp) ---
    bool fold(Expr* e, rt::Value* out, int depth = 0);
    bool fold_operator(Expr* e);
    template <class F> bool attempt(F&& f, rt::Value* out);
    void yield_expr(Expr* e);
    void await_expr(AwaitExpr* e);

    // --- scopes (compile_scope.cpp) ---
    void function_def(FunctionDefStmt* s);
    void lambda(LambdaExpr* e);
    void class_def(ClassDefStmt* s);
    uint32_t defaults_and_annotations(Arguments* a, Expr* returns, bool annotations);
    void make_closure(rt::Code* code, uint32_t flags);
    void make_comprehension(rt::Code* code);
    void comprehension(Expr* e, CompKind kind, const List<Comprehension*>& gens, Expr* elt, Expr* value);
    void comprehension_generator(const List<Comprehension*>& gens, uint32_t gi, CompKind kind, Expr* elt,
                                 Expr* value, uint32_t depth);
    void apply_decorators(const List<Expr*>& decos);

    rt::Interp& I_;
    SymbolTable& st_;
    std::string_view filename_, source_;
    CompileMode mode_;
    rt::Str* filename_str_ = nullptr;
    // units_[0..depth) are the active units (innermost last); finished ones stay
    // allocated for reuse by the next scope at that depth (their maps keep memory).
    std::vector<std::unique_ptr<Unit>> units_;
    size_t unit_depth_ = 0;
    uint32_t unit_serial_ = 0;
    Unit* u_ = nullptr;
    InternCache own_cache_;   // used when the caller passes no cache
    InternCache& interned_;   // intern() results (keys view the Str's bytes)
    int depth_ = 0;  // expression recursion (bounded; see expr())
    Loc stmt_loc_;   // the statement being compiled (for errors without a node)
};

// Sets the builder's line for the lifetime of the guard.
struct LineGuard {
    Builder& b;
    int saved;
    LineGuard(Builder& b_, int line) : b(b_), saved(b_.line) { if (line > 0) b.line = line; }
    ~LineGuard() { b.line = saved; }
};

}  // namespace aio::compiler
