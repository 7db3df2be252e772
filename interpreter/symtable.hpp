// interpreter/symtable.hpp - the symbol-table pass: AST -> one Scope per module,
// class, function, lambda and comprehension, with every name classified as
// local, global (explicit/implicit), free or cell. Runs before code generation,
// which asks `Scope::lookup` how to load/store each name.
// Invariant: Scopes are owned by the SymbolTable and found by their AST node.
#pragma once
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "interpreter/name_map.hpp"

namespace aio::compiler {

enum class ScopeKind : uint8_t { Module, Class, Function, Lambda, Comprehension };
enum class CompKind : uint8_t { None, List, Set, Dict, Generator };

// How code generation accesses a name.
enum class Binding : uint8_t { Local, GlobalExplicit, GlobalImplicit, Free, Cell };

// Flags collected while walking a scope (before classification).
enum SymFlags : uint16_t {
    kDefLocal = 1,       // assigned, deleted, imported, a loop/with/except target
    kDefGlobal = 2,      // `global x`
    kDefNonlocal = 4,    // `nonlocal x` (or a comprehension's walrus target)
    kDefParam = 8,
    kUse = 16,           // read
    kDefFreeClass = 32,  // class-local name that a method also reads as free
    kDefAnnot = 64,      // `x: T` target
    kDefCompIter = 128,  // comprehension iteration variable
    kDefImport = 256,
};

struct Symbol {
    uint16_t flags = 0;
    Binding binding = Binding::GlobalImplicit;
    grammar::Loc directive;  // location of the global/nonlocal statement (errors)
    // Code generation's memo of this name's slot (varnames or names index) in
    // the code object being built for the scope; `slot_unit` says which one
    // (a scope can be compiled twice, e.g. a def inside a `finally` body).
    uint32_t slot_unit = 0;
    uint32_t slot = 0;
};

struct Scope {
    ScopeKind kind = ScopeKind::Module;
    CompKind comp = CompKind::None;
    std::string_view name;          // "f", "C", "<lambda>", "<listcomp>", "<module>"
    const void* node = nullptr;
    Scope* parent = nullptr;
    std::vector<Scope*> children;
    NameMap<Symbol> symbols;
    std::vector<std::string_view> params;  // varnames order: positional, kwonly, *args, **kwargs
    std::vector<std::string_view> cellvars, freevars;  // sorted, as CPython
    int line = 0;
    bool is_generator = false;      // contains yield (or is a generator expression)
    bool is_coroutine = false;      // async def, or an async comprehension
    bool has_await = false;         // contains await / async for / async with / async comp call
    bool needs_class_closure = false;  // class body: a method uses __class__ / super
    bool has_varargs = false, has_varkw = false;
    uint32_t argcount = 0, posonlyargcount = 0, kwonlyargcount = 0;
    std::string_view private_name;  // enclosing class name for name mangling

    bool function_like() const {
        return kind == ScopeKind::Function || kind == ScopeKind::Lambda ||
               kind == ScopeKind::Comprehension;
    }
    Binding lookup(std::string_view name) const {
        const Symbol* sym = symbols.find(name);
        return sym ? sym->binding : Binding::GlobalImplicit;
    }
    uint16_t flags_of(std::string_view name) const {
        const Symbol* sym = symbols.find(name);
        return sym ? sym->flags : 0;
    }
};

// Name mangling of `__x` inside class C: `_C__x` (as CPython). Returns `name`
// itself when no mangling applies; otherwise a string stored in `store`.
std::string_view mangle_private(std::string_view private_name, std::string_view name,
                                std::deque<std::string>& store);
inline std::string_view mangle(std::string_view private_name, std::string_view name,
                               std::deque<std::string>& store) {
    // Inline: almost no name starts with `__` inside a class.
    if (private_name.empty() || name.size() < 3 || name[0] != '_' || name[1] != '_') return name;
    return mangle_private(private_name, name, store);
}

class SymbolTable {
public:
    // Walks `mod` and classifies every name. `interactive` allows top-level await.
    std::optional<grammar::SyntaxError> build(const grammar::Module& mod, std::string_view filename,
                                              std::string_view source, bool interactive);
    Scope* top() const { return top_; }
    Scope* scope_of(const void* node) const {
        auto it = by_node_.find(node);
        return it == by_node_.end() ? nullptr : it->second;
    }
    std::deque<std::string>& strings() { return strings_; }

private:
    friend class SymtableBuilder;
    std::deque<Scope> scopes_;
    std::unordered_map<const void*, Scope*> by_node_;
    std::deque<std::string> strings_;  // mangled names
    Scope* top_ = nullptr;
};

// A SyntaxError at `loc` with the source line's text (shared with the compiler).
grammar::SyntaxError make_syntax_error(std::string_view msg, const grammar::Loc& loc,
                                       std::string_view filename, std::string_view source);

}  // namespace aio::compiler
