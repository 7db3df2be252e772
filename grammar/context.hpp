// grammar/context.hpp - state shared by one parse: the arena, the first error,
// and the small arena-allocated helper types the grammar actions build
// before they become AST nodes (token spans, growable sequences, parameter
// and argument items). Nothing here outlives the Arena.
#pragma once
#include <optional>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/parse.hpp"

namespace aio::grammar {

// A token's text (a span of the NUL-terminated source copy) and position.
struct Tok {
    const char* p;
    uint32_t n;
    std::string_view text() const { return {p, n}; }
};

// An append-only list of pointers in the arena; turned into List<T> once
// a rule is complete. Cells are bump-allocated, so appending never copies.
struct Seq {
    struct Cell {
        void* v;
        Cell* next;
    };
    Cell* first = nullptr;
    Cell* last = nullptr;
    uint32_t n = 0;
};

// Internal start tokens select the grammar's entry (bison has one start symbol).
enum class StartKind { File, Eval, FString };

// One formal parameter as written, before the order rules are checked.
struct ParamItem {
    enum Kind : uint8_t { Plain, Star, DoubleStar, Slash } kind;
    Arg* arg;       // nullptr for a bare `*` or `/`
    Expr* deflt;    // default value, may be nullptr
    Loc loc;
};

// One call argument as written (positional, *x, name=x, **x, generator).
struct CallItem {
    enum Kind : uint8_t { Pos, Star, Kw, DoubleStar, Gen } kind;
    Expr* value;
    std::string_view name;
    Loc loc;
};

// A `x as y` item seen inside parentheses; only a `with` header may use it
// (this is how `with (a as b, c as d):` stays LALR(1)).
struct WithAsExpr : Expr {
    Expr* context_expr;
    Expr* vars;
};
constexpr ExprKind kWithAsKind = static_cast<ExprKind>(250);

struct ParseCtx {
    ParseCtx(Arena& a, std::string_view file) : arena(a), filename(file) {}
    Arena& arena;
    std::string_view filename;
    const char* src = nullptr;  // NUL-terminated copy of the whole source
    size_t src_len = 0;
    ParseMode mode = ParseMode::File;
    int fstring_depth = 0;       // nesting of f-string sub-parses
    std::optional<SyntaxError> error;
    bool eof_incomplete = false;  // the lexer hit EOF inside a bracket / string / `\`
    Module* result = nullptr;
    int pending_as = 0;           // WithAsExpr nodes not yet claimed by a `with`
    Loc pending_as_loc{};
    // Names and yields written in parentheses: `(x): int` is not "simple" and
    // `(yield) = 1` gets the "Maybe you meant '=='" hint. (The AST has no flag.)
    std::unordered_set<const Expr*> paren_names;
    bool is_parenthesized(const Expr* e) const { return paren_names.count(e) != 0; }

    // Records the first error only; later ones are consequences.
    void fail(std::string msg, int line, int col1, int end_col1 = 0,
              const char* type = "SyntaxError");

    Seq* seq() { return arena.make<Seq>(); }
    Seq* seq(void* first) { Seq* s = seq(); push(s, first); return s; }
    Seq* push(Seq* s, void* v) {
        auto* c = arena.make<Seq::Cell>(Seq::Cell{v, nullptr});
        if (s->last) s->last->next = c; else s->first = c;
        s->last = c;
        s->n++;
        return s;
    }
    template <class T>
    List<T> list(const Seq* s) {
        List<T> l;
        if (!s || !s->n) return l;
        l.n = s->n;
        l.items = static_cast<T*>(arena.alloc(sizeof(T) * l.n, alignof(T)));
        uint32_t i = 0;
        for (auto* c = s->first; c; c = c->next) l.items[i++] = static_cast<T>(c->v);
        return l;
    }
    // For value lists (Alias, WithItem, CmpOpKind, names): cells hold T*.
    template <class T>
    List<T> values(const Seq* s) {
        List<T> l;
        if (!s || !s->n) return l;
        l.n = s->n;
        l.items = static_cast<T*>(arena.alloc(sizeof(T) * l.n, alignof(T)));
        uint32_t i = 0;
        for (auto* c = s->first; c; c = c->next) new (&l.items[i++]) T(*static_cast<T*>(c->v));
        return l;
    }
};

// The line `line` (1-based) of the source, without its newline.
std::string_view source_line(const char* src, size_t len, int line);

}  // namespace aio::grammar
