// grammar/ast.hpp - the abstract syntax tree: what the parser (parser.y) builds
// and the compiler (interpreter/compiler) consumes.
// Shape follows CPython 3.11's `ast` module (minus `match`/`except*`), so its
// documentation describes every field. Invariant: every node lives in an Arena
// and is trivially destructible; the whole tree is freed at once with the arena.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace aio::grammar {

// A source position: 1-based line, 0-based column in bytes (as CPython's
// ast col_offset), plus the end of the node.
struct Loc {
    int line = 0, col = 0, end_line = 0, end_col = 0;
};

// Bump allocator owning every node and string of one parsed module.
class Arena {
public:
    Arena() = default;
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;

    void* alloc(size_t n, size_t align = alignof(std::max_align_t)) {
        size_t p = (used_ + align - 1) & ~(align - 1);
        if (blocks_.empty() || p + n > cap_) {
            new_block(n);
            p = 0;
        }
        used_ = p + n;
        return blocks_.back().mem.get() + p;
    }
    // Frees every node at once but keeps the memory for the next parse (a
    // checker going through many files avoids a malloc/free per block).
    void reset() {
        for (auto& b : blocks_) spare_.push_back(std::move(b));
        blocks_.clear();
        used_ = cap_ = 0;
    }
    template <class T, class... A>
    T* make(A&&... a) {
        static_assert(std::is_trivially_destructible_v<T>);
        return new (alloc(sizeof(T), alignof(T))) T{std::forward<A>(a)...};
    }
    std::string_view str(std::string_view s) {
        char* p = static_cast<char*>(alloc(s.size() + 1, 1));
        if (!s.empty()) std::memcpy(p, s.data(), s.size());
        p[s.size()] = 0;
        return {p, s.size()};
    }

private:
    static constexpr size_t kBlock = 64 * 1024;
    struct Block {
        std::unique_ptr<char[]> mem;
        size_t cap;
    };
    void new_block(size_t n);  // out of line: keeps alloc()'s fast path small enough to inline
    std::vector<Block> blocks_, spare_;
    size_t used_ = 0, cap_ = 0;
};

// An immutable arena-owned array (node lists). Built with ListBuilder.
template <class T>
struct List {
    T* items = nullptr;
    uint32_t n = 0;
    T* begin() const { return items; }
    T* end() const { return items + n; }
    uint32_t size() const { return n; }
    bool empty() const { return n == 0; }
    T& operator[](size_t i) const { return items[i]; }
};

template <class T>
List<T> make_list(Arena& a, const std::vector<T>& v) {
    List<T> l;
    l.n = static_cast<uint32_t>(v.size());
    if (l.n) {
        l.items = static_cast<T*>(a.alloc(sizeof(T) * l.n, alignof(T)));
        for (uint32_t i = 0; i < l.n; i++) new (&l.items[i]) T(v[i]);
    }
    return l;
}

// ---------------------------------------------------------------------------
// Operators
#define AIO_BINOPS(X) \
    X(Add, "+") X(Sub, "-") X(Mult, "*") X(MatMult, "@") X(Div, "/") X(Mod, "%") \
    X(Pow, "**") X(LShift, "<<") X(RShift, ">>") X(BitOr, "|") X(BitXor, "^")   \
    X(BitAnd, "&") X(FloorDiv, "//")
enum class BinOpKind : uint8_t {
#define X(n, s) n,
    AIO_BINOPS(X)
#undef X
};
#define AIO_UNARYOPS(X) X(Invert, "~") X(Not, "not") X(UAdd, "+") X(USub, "-")
enum class UnaryOpKind : uint8_t {
#define X(n, s) n,
    AIO_UNARYOPS(X)
#undef X
};
#define AIO_CMPOPS(X) \
    X(Eq, "==") X(NotEq, "!=") X(Lt, "<") X(LtE, "<=") X(Gt, ">") X(GtE, ">=") \
    X(Is, "is") X(IsNot, "is not") X(In, "in") X(NotIn, "not in")
enum class CmpOpKind : uint8_t {
#define X(n, s) n,
    AIO_CMPOPS(X)
#undef X
};
enum class BoolOpKind : uint8_t { And, Or };

// ---------------------------------------------------------------------------
// Expressions. One struct per kind, all starting with the `Expr` header.
#define AIO_EXPR_KINDS(X)                                                        \
    X(BoolOp) X(NamedExpr) X(BinOp) X(UnaryOp) X(Lambda) X(IfExp) X(Dict) X(Set) \
    X(ListComp) X(SetComp) X(DictComp) X(GeneratorExp) X(Await) X(Yield)         \
    X(YieldFrom) X(Compare) X(Call) X(FormattedValue) X(JoinedStr) X(Constant)   \
    X(Attribute) X(Subscript) X(Starred) X(Name) X(List) X(Tuple) X(Slice)

enum class ExprKind : uint8_t {
#define X(n) n,
    AIO_EXPR_KINDS(X)
#undef X
};

struct Expr {
    ExprKind kind;
    Loc loc;
};

struct Arguments;
struct Comprehension;
struct Keyword;

struct BoolOpExpr : Expr { BoolOpKind op; List<Expr*> values; };
struct NamedExprExpr : Expr { Expr* target; Expr* value; };  // target is a Name
struct BinOpExpr : Expr { Expr* left; BinOpKind op; Expr* right; };
struct UnaryOpExpr : Expr { UnaryOpKind op; Expr* operand; };
struct LambdaExpr : Expr { Arguments* args; Expr* body; };
struct IfExpExpr : Expr { Expr* test; Expr* body; Expr* orelse; };
// keys[i] == nullptr means `**values[i]`.
struct DictExpr : Expr { List<Expr*> keys; List<Expr*> values; };
struct SetExpr : Expr { List<Expr*> elts; };
struct ListCompExpr : Expr { Expr* elt; List<Comprehension*> generators; };
struct SetCompExpr : Expr { Expr* elt; List<Comprehension*> generators; };
struct DictCompExpr : Expr { Expr* key; Expr* value; List<Comprehension*> generators; };
struct GeneratorExpExpr : Expr { Expr* elt; List<Comprehension*> generators; };
struct AwaitExpr : Expr { Expr* value; };
struct YieldExpr : Expr { Expr* value; };  // value may be nullptr
struct YieldFromExpr : Expr { Expr* value; };
struct CompareExpr : Expr { Expr* left; List<CmpOpKind> ops; List<Expr*> comparators; };
// args may contain StarredExpr (`*x`); keywords with arg empty are `**x`.
struct CallExpr : Expr { Expr* func; List<Expr*> args; List<Keyword*> keywords; };
// conversion: -1 none, 's', 'r', 'a'. format_spec is a JoinedStr or nullptr.
struct FormattedValueExpr : Expr { Expr* value; int conversion; Expr* format_spec; };
// values are Constant(Str) and FormattedValue nodes.
struct JoinedStrExpr : Expr { List<Expr*> values; };

enum class ConstKind : uint8_t { None, True, False, Ellipsis, Int, Float, Imag, Str, Bytes };
struct ConstantExpr : Expr {
    ConstKind ckind;
    bool int_overflow;  // Int literal does not fit in int64 (text holds the digits)
    int64_t i;          // Int
    double f;           // Float; Imag holds the imaginary part here
    std::string_view s; // Str (UTF-8, escapes decoded), Bytes (raw bytes), Int literal text
};

struct AttributeExpr : Expr { Expr* value; std::string_view attr; };
struct SubscriptExpr : Expr { Expr* value; Expr* slice; };  // slice may be a Slice or Tuple
struct StarredExpr : Expr { Expr* value; };
struct NameExpr : Expr { std::string_view id; };
struct ListExpr : Expr { List<Expr*> elts; };
struct TupleExpr : Expr { List<Expr*> elts; bool parenthesized; };
struct SliceExpr : Expr { Expr* lower; Expr* upper; Expr* step; };  // each may be nullptr

// Checked downcast: `as<CallExpr>(e)`.
template <class T, class B>
T* as(B* node) { return static_cast<T*>(node); }

// ---------------------------------------------------------------------------
// Helpers that are not expressions or statements.
struct Arg {
    std::string_view name;
    Expr* annotation;  // may be nullptr
    Loc loc;
};
// def f(posonly, /, args, *vararg, kwonly, **kwarg)
// defaults align with the *last* entries of posonlyargs+args;
// kw_defaults[i] is nullptr when kwonlyargs[i] has no default.
struct Arguments {
    List<Arg*> posonlyargs;
    List<Arg*> args;
    Arg* vararg;  // may be nullptr
    List<Arg*> kwonlyargs;
    List<Expr*> kw_defaults;
    Arg* kwarg;  // may be nullptr
    List<Expr*> defaults;
};
struct Keyword {
    std::string_view arg;  // empty for `**value`
    Expr* value;
    Loc loc;
};
struct Comprehension {
    Expr* target;
    Expr* iter;
    List<Expr*> ifs;
    bool is_async;
};
struct Alias {
    std::string_view name;    // dotted name for `import a.b`, or "*"
    std::string_view asname;  // empty when absent
    Loc loc;
};
struct WithItem {
    Expr* context_expr;
    Expr* optional_vars;  // may be nullptr
};
struct Stmt;
struct ExceptHandler {
    Expr* type;              // may be nullptr (bare except)
    std::string_view name;   // empty when absent
    List<Stmt*> body;
    Loc loc;
};

// ---------------------------------------------------------------------------
// Statements.
#define AIO_STMT_KINDS(X)                                                          \
    X(FunctionDef) X(ClassDef) X(Return) X(Delete) X(Assign) X(AugAssign)          \
    X(AnnAssign) X(For) X(While) X(If) X(With) X(Raise) X(Try) X(Assert) X(Import) \
    X(ImportFrom) X(Global) X(Nonlocal) X(ExprStmt) X(Pass) X(Break) X(Continue)

enum class StmtKind : uint8_t {
#define X(n) n,
    AIO_STMT_KINDS(X)
#undef X
};

struct Stmt {
    StmtKind kind;
    Loc loc;
};

struct FunctionDefStmt : Stmt {
    std::string_view name;
    Arguments* args;
    List<Stmt*> body;
    List<Expr*> decorators;
    Expr* returns;  // may be nullptr
    bool is_async;
};
struct ClassDefStmt : Stmt {
    std::string_view name;
    List<Expr*> bases;  // may contain StarredExpr
    List<Keyword*> keywords;
    List<Stmt*> body;
    List<Expr*> decorators;
};
struct ReturnStmt : Stmt { Expr* value; };  // may be nullptr
struct DeleteStmt : Stmt { List<Expr*> targets; };
struct AssignStmt : Stmt { List<Expr*> targets; Expr* value; };  // a = b = value
struct AugAssignStmt : Stmt { Expr* target; BinOpKind op; Expr* value; };
struct AnnAssignStmt : Stmt { Expr* target; Expr* annotation; Expr* value; bool simple; };
struct ForStmt : Stmt { Expr* target; Expr* iter; List<Stmt*> body; List<Stmt*> orelse; bool is_async; };
struct WhileStmt : Stmt { Expr* test; List<Stmt*> body; List<Stmt*> orelse; };
struct IfStmt : Stmt { Expr* test; List<Stmt*> body; List<Stmt*> orelse; };  // elif = nested If in orelse
struct WithStmt : Stmt { List<WithItem> items; List<Stmt*> body; bool is_async; };
struct RaiseStmt : Stmt { Expr* exc; Expr* cause; };  // both may be nullptr
struct TryStmt : Stmt {
    List<Stmt*> body;
    List<ExceptHandler*> handlers;
    List<Stmt*> orelse;
    List<Stmt*> finalbody;
};
struct AssertStmt : Stmt { Expr* test; Expr* msg; };
struct ImportStmt : Stmt { List<Alias> names; };
struct ImportFromStmt : Stmt { std::string_view module; List<Alias> names; int level; };  // module may be empty
struct GlobalStmt : Stmt { List<std::string_view> names; };
struct NonlocalStmt : Stmt { List<std::string_view> names; };
struct ExprStmtStmt : Stmt { Expr* value; };
struct PassStmt : Stmt {};
struct BreakStmt : Stmt {};
struct ContinueStmt : Stmt {};

// A parsed source file. `body` is empty for an empty file.
struct Module {
    List<Stmt*> body;
};

const char* expr_kind_name(ExprKind k);
const char* stmt_kind_name(StmtKind k);
const char* binop_symbol(BinOpKind k);
const char* unaryop_symbol(UnaryOpKind k);
const char* cmpop_symbol(CmpOpKind k);

}  // namespace aio::grammar
