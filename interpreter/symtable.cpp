// interpreter/symtable.cpp - builds the Scopes (one walk over the AST) and then
// classifies every name (analyze), the way CPython 3.11's symtable does:
// function locals bind names for nested functions, class bodies do not (except
// the implicit __class__ cell), comprehensions are functions of their own.
#include "interpreter/symtable.hpp"

#include <algorithm>

namespace aio::compiler {

using namespace grammar;

namespace {
struct SymFail {
    SyntaxError err;
};
constexpr int kMaxDepth = 1000;
}  // namespace

SyntaxError make_syntax_error(std::string_view msg, const Loc& loc, std::string_view filename,
                              std::string_view source) {
    SyntaxError e;
    e.msg = std::string(msg);
    e.filename = std::string(filename);
    e.line = loc.line;
    e.col = loc.col + 1;
    e.end_col = (loc.end_line == loc.line && loc.end_col > loc.col) ? loc.end_col + 1 : 0;
    // The text of line `loc.line`.
    size_t pos = 0;
    for (int l = 1; l < loc.line && pos < source.size(); l++) {
        size_t nl = source.find('\n', pos);
        if (nl == std::string_view::npos) { pos = source.size(); break; }
        pos = nl + 1;
    }
    if (pos < source.size()) {
        size_t nl = source.find('\n', pos);
        std::string_view text = source.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        e.text = std::string(text);
    }
    return e;
}

std::string_view mangle_private(std::string_view priv, std::string_view name, std::deque<std::string>& store) {
    if (name.substr(name.size() - 2) == "__") return name;
    if (name.find('.') != std::string_view::npos) return name;
    size_t i = 0;
    while (i < priv.size() && priv[i] == '_') i++;
    if (i == priv.size()) return name;  // class name of only underscores
    store.push_back("_" + std::string(priv.substr(i)) + std::string(name));
    return store.back();
}

enum class Ctx { Load, Store, Del };

class SymtableBuilder {
public:
    SymtableBuilder(SymbolTable& st, std::string_view filename, std::string_view source, bool interactive)
        : st_(st), filename_(filename), source_(source), interactive_(interactive) {}

    void run(const Module& mod) {
        Scope* s = new_scope(ScopeKind::Module, "<module>", &mod, 1);
        st_.top_ = s;
        cur_ = s;
        for (Stmt* x : mod.body) stmt(x);
        analyze(s, nullptr);
    }

private:
    [[noreturn]] void fail(std::string_view msg, const Loc& loc) {
        throw SymFail{make_syntax_error(msg, loc, filename_, source_)};
    }
    std::string fmt(const char* pre, std::string_view name, const char* post) {
        return std::string(pre) + std::string(name) + post;
    }

    Scope* new_scope(ScopeKind k, std::string_view name, const void* node, int line) {
        st_.scopes_.emplace_back();
        Scope* s = &st_.scopes_.back();
        s->kind = k;
        s->name = name;
        s->node = node;
        s->parent = cur_;
        s->line = line;
        if (cur_) {
            cur_->children.push_back(s);
            s->private_name = cur_->private_name;
        }
        // Inside a class body (and everything nested in it) `__x` is mangled with the class name.
        if (k == ScopeKind::Class) s->private_name = name;
        st_.by_node_[node] = s;
        return s;
    }

    std::string_view mangled(std::string_view n) { return mangle(cur_->private_name, n, st_.strings_); }

    Symbol& add(std::string_view name, uint16_t flag, Scope* s = nullptr) {
        Symbol& sym = (s ? s : cur_)->symbols[name];
        sym.flags |= flag;
        return sym;
    }

    void add_param(Arg* a) {
        std::string_view n = mangled(a->name);
        Symbol& s = cur_->symbols[n];
        if (s.flags & kDefParam) fail(fmt("duplicate argument '", a->name, "' in function definition"), a->loc);
        s.flags |= kDefParam;
        cur_->params.push_back(n);
    }

    void params(Arguments* a) {
        for (Arg* x : a->posonlyargs) add_param(x);
        for (Arg* x : a->args) add_param(x);
        for (Arg* x : a->kwonlyargs) add_param(x);
        if (a->vararg) add_param(a->vararg);
        if (a->kwarg) add_param(a->kwarg);
        cur_->posonlyargcount = a->posonlyargs.size();
        cur_->argcount = a->posonlyargs.size() + a->args.size();
        cur_->kwonlyargcount = a->kwonlyargs.size();
        cur_->has_varargs = a->vararg != nullptr;
        cur_->has_varkw = a->kwarg != nullptr;
    }

    void defaults_and_annotations(Arguments* a, Expr* returns, bool annotations) {
        for (Expr* d : a->defaults) expr(d);
        for (Expr* d : a->kw_defaults)
            if (d) expr(d);
        if (!annotations) return;
        auto ann = [&](Arg* x) { if (x && x->annotation) expr(x->annotation); };
        for (Arg* x : a->posonlyargs) ann(x);
        for (Arg* x : a->args) ann(x);
        ann(a->vararg);
        for (Arg* x : a->kwonlyargs) ann(x);
        ann(a->kwarg);
        if (returns) expr(returns);
    }

    void body(const List<Stmt*>& b) {
        for (Stmt* x : b) stmt(x);
    }

    void stmt(Stmt* s) {
        DepthGuard g(*this, s->loc);
        switch (s->kind) {
            case StmtKind::FunctionDef: {
                auto* f = as<FunctionDefStmt>(s);
                add(mangled(f->name), kDefLocal);
                defaults_and_annotations(f->args, f->returns, true);
                for (Expr* d : f->decorators) expr(d);
                Scope* saved = cur_;
                cur_ = new_scope(ScopeKind::Function, f->name, f, s->loc.line);
                cur_->is_coroutine = f->is_async;
                params(f->args);
                body(f->body);
                cur_ = saved;
                break;
            }
            case StmtKind::ClassDef: {
                auto* c = as<ClassDefStmt>(s);
                add(mangled(c->name), kDefLocal);
                for (Expr* b : c->bases) expr(b);
                for (Keyword* k : c->keywords) expr(k->value);
                for (Expr* d : c->decorators) expr(d);
                Scope* saved = cur_;
                cur_ = new_scope(ScopeKind::Class, c->name, c, s->loc.line);
                body(c->body);
                cur_ = saved;
                break;
            }
            case StmtKind::Return:
                if (auto* v = as<ReturnStmt>(s)->value) expr(v);
                break;
            case StmtKind::Delete:
                for (Expr* t : as<DeleteStmt>(s)->targets) expr(t, Ctx::Del);
                break;
            case StmtKind::Assign: {
                auto* a = as<AssignStmt>(s);
                for (Expr* t : a->targets) expr(t, Ctx::Store);
                expr(a->value);
                break;
            }
            case StmtKind::AugAssign: {
                auto* a = as<AugAssignStmt>(s);
                if (a->target->kind == ExprKind::Name) {
                    std::string_view n = mangled(as<NameExpr>(a->target)->id);
                    add(n, kDefLocal | kUse);
                } else {
                    expr(a->target, Ctx::Load);
                }
                expr(a->value);
                break;
            }
            case StmtKind::AnnAssign: {
                auto* a = as<AnnAssignStmt>(s);
                if (a->target->kind == ExprKind::Name) {
                    std::string_view n = mangled(as<NameExpr>(a->target)->id);
                    uint16_t cur = cur_->flags_of(n);
                    if ((cur & (kDefGlobal | kDefNonlocal)) && a->simple)
                        fail(fmt("annotated name '", n, (cur & kDefGlobal) ? "' can't be global" : "' can't be nonlocal"),
                             s->loc);
                    if (a->simple) add(n, kDefAnnot | kDefLocal);
                    else if (a->value) expr(a->target, Ctx::Store);
                } else {
                    expr(a->target, Ctx::Load);
                }
                // Annotations are evaluated only in module and class bodies (3.11).
                if (!cur_->function_like()) expr(a->annotation);
                if (a->value) expr(a->value);
                break;
            }
            case StmtKind::For: {
                auto* f = as<ForStmt>(s);
                expr(f->target, Ctx::Store);
                expr(f->iter);
                body(f->body);
                body(f->orelse);
                if (f->is_async) cur_->has_await = true;
                break;
            }
            case StmtKind::While: {
                auto* w = as<WhileStmt>(s);
                expr(w->test);
                body(w->body);
                body(w->orelse);
                break;
            }
            case StmtKind::If: {
                auto* w = as<IfStmt>(s);
                expr(w->test);
                body(w->body);
                body(w->orelse);
                break;
            }
            case StmtKind::With: {
                auto* w = as<WithStmt>(s);
                for (const WithItem& it : w->items) {
                    expr(it.context_expr);
                    if (it.optional_vars) expr(it.optional_vars, Ctx::Store);
                }
                body(w->body);
                if (w->is_async) cur_->has_await = true;
                break;
            }
            case StmtKind::Raise: {
                auto* r = as<RaiseStmt>(s);
                if (r->exc) expr(r->exc);
                if (r->cause) expr(r->cause);
                break;
            }
            case StmtKind::Try: {
                auto* t = as<TryStmt>(s);
                body(t->body);
                body(t->orelse);
                for (ExceptHandler* h : t->handlers) {
                    if (h->type) expr(h->type);
                    if (!h->name.empty()) add(mangled(h->name), kDefLocal);
                    body(h->body);
                }
                body(t->finalbody);
                break;
            }
            case StmtKind::Assert: {
                auto* a = as<AssertStmt>(s);
                expr(a->test);
                if (a->msg) expr(a->msg);
                break;
            }
            case StmtKind::Import:
                for (const Alias& a : as<ImportStmt>(s)->names) {
                    std::string_view n = a.asname.empty() ? a.name.substr(0, a.name.find('.')) : a.asname;
                    add(mangled(n), kDefLocal | kDefImport);
                }
                break;
            case StmtKind::ImportFrom:
                for (const Alias& a : as<ImportFromStmt>(s)->names) {
                    if (a.name == "*") {
                        if (cur_->kind != ScopeKind::Module) fail("import * only allowed at module level", a.loc);
                        continue;
                    }
                    std::string_view n = a.asname.empty() ? a.name : a.asname;
                    add(mangled(n), kDefLocal | kDefImport);
                }
                break;
            case StmtKind::Global:
                for (std::string_view raw : as<GlobalStmt>(s)->names) {
                    std::string_view n = mangled(raw);
                    uint16_t cur = cur_->flags_of(n);
                    if (cur & (kDefParam | kDefLocal | kUse | kDefAnnot)) {
                        const char* post = (cur & kDefParam) ? "' is parameter and global"
                                         : (cur & kUse)      ? "' is used prior to global declaration"
                                         : (cur & kDefAnnot) ? "' can't be global"
                                                             : "' is assigned to before global declaration";
                        fail(fmt((cur & kDefAnnot) && !(cur & (kDefParam | kUse)) ? "annotated name '" : "name '", raw, post),
                             s->loc);
                    }
                    Symbol& sym = add(n, kDefGlobal);
                    sym.directive = s->loc;
                }
                break;
            case StmtKind::Nonlocal:
                for (std::string_view raw : as<NonlocalStmt>(s)->names) {
                    std::string_view n = mangled(raw);
                    if (cur_->kind == ScopeKind::Module)
                        fail("nonlocal declaration not allowed at module level", s->loc);
                    uint16_t cur = cur_->flags_of(n);
                    if (cur & (kDefParam | kDefLocal | kUse | kDefAnnot)) {
                        const char* post = (cur & kDefParam) ? "' is parameter and nonlocal"
                                         : (cur & kUse)      ? "' is used prior to nonlocal declaration"
                                         : (cur & kDefAnnot) ? "' can't be nonlocal"
                                                             : "' is assigned to before nonlocal declaration";
                        fail(fmt((cur & kDefAnnot) && !(cur & (kDefParam | kUse)) ? "annotated name '" : "name '", raw, post),
                             s->loc);
                    }
                    Symbol& sym = add(n, kDefNonlocal);
                    sym.directive = s->loc;
                }
                break;
            case StmtKind::ExprStmt:
                expr(as<ExprStmtStmt>(s)->value);
                break;
            case StmtKind::Pass:
            case StmtKind::Break:
            case StmtKind::Continue:
                break;
        }
    }

    struct DepthGuard {
        SymtableBuilder& b;
        DepthGuard(SymtableBuilder& b_, const Loc& loc) : b(b_) {
            if (++b.depth_ > kMaxDepth) {
                SyntaxError e = make_syntax_error("too many nested expressions or statements", loc, b.filename_, b.source_);
                e.type = "RecursionError";
                e.msg = "maximum recursion depth exceeded during compilation";
                throw SymFail{e};
            }
        }
        ~DepthGuard() { b.depth_--; }
    };

    void name(NameExpr* n, Ctx ctx) {
        std::string_view id = mangled(n->id);
        if (ctx == Ctx::Load) {
            add(id, kUse);
            // Zero-argument super() needs the __class__ cell (as CPython).
            if (cur_->function_like() && n->id == "super") add("__class__", kUse);
        } else {
            add(id, kDefLocal);
        }
    }

    void comprehension(Expr* e, std::string_view nm, CompKind kind, const List<Comprehension*>& gens,
                       Expr* elt, Expr* value) {
        // The first iterable is evaluated in the enclosing scope.
        expr(gens[0]->iter);
        Scope* saved = cur_;
        cur_ = new_scope(ScopeKind::Comprehension, nm, e, e->loc.line);
        cur_->comp = kind;
        cur_->is_generator = kind == CompKind::Generator;
        cur_->symbols[".0"].flags |= kDefParam;
        cur_->params.push_back(".0");
        cur_->argcount = 1;
        for (uint32_t i = 0; i < gens.size(); i++) {
            Comprehension* g = gens[i];
            if (i > 0) expr(g->iter);
            comp_target(g->target);
            for (Expr* c : g->ifs) expr(c);
            if (g->is_async) cur_->is_coroutine = true;
        }
        if (value) expr(value);
        expr(elt);
        if (cur_->has_await) cur_->is_coroutine = true;
        bool coro = cur_->is_coroutine && kind != CompKind::Generator;
        cur_ = saved;
        // Calling a coroutine comprehension awaits it in the enclosing scope.
        if (coro) cur_->has_await = true;
    }

    void comp_target(Expr* t) {
        if (t->kind == ExprKind::Name) {
            add(mangled(as<NameExpr>(t)->id), kDefLocal | kDefCompIter);
            return;
        }
        if (t->kind == ExprKind::Tuple || t->kind == ExprKind::List) {
            const auto& elts = t->kind == ExprKind::Tuple ? as<TupleExpr>(t)->elts : as<ListExpr>(t)->elts;
            for (Expr* x : elts) comp_target(x);
            return;
        }
        if (t->kind == ExprKind::Starred) return comp_target(as<StarredExpr>(t)->value);
        expr(t, Ctx::Store);
    }

    void walrus(NamedExprExpr* ne) {
        std::string_view id = mangled(as<NameExpr>(ne->target)->id);
        if (cur_->kind != ScopeKind::Comprehension) {
            add(id, kDefLocal);
            return;
        }
        if (cur_->flags_of(id) & kDefCompIter)
            fail(fmt("assignment expression cannot rebind comprehension iteration variable '", id, "'"), ne->target->loc);
        // Binds in the nearest enclosing scope that is not a comprehension.
        Scope* s = cur_;
        while (s->kind == ScopeKind::Comprehension) {
            if (s->flags_of(id) & kDefCompIter)
                fail(fmt("assignment expression cannot rebind comprehension iteration variable '", id, "'"), ne->target->loc);
            s = s->parent;
        }
        if (s->kind == ScopeKind::Class)
            fail("assignment expression within a comprehension cannot be used in a class body", ne->target->loc);
        bool global = s->kind == ScopeKind::Module || (s->flags_of(id) & kDefGlobal);
        for (Scope* c = cur_; c != s; c = c->parent) add(id, global ? kDefGlobal : kDefNonlocal, c);
        add(id, s->kind == ScopeKind::Module ? kDefLocal : kDefLocal, s);
    }

    void expr(Expr* e, Ctx ctx = Ctx::Load) {
        DepthGuard g(*this, e->loc);
        switch (e->kind) {
            case ExprKind::BoolOp:
                for (Expr* v : as<BoolOpExpr>(e)->values) expr(v);
                break;
            case ExprKind::NamedExpr: {
                auto* ne = as<NamedExprExpr>(e);
                expr(ne->value);
                walrus(ne);
                break;
            }
            case ExprKind::BinOp: {
                // Left-deep chains (a+b+c+...) are walked iteratively.
                std::vector<Expr*> rights;
                Expr* x = e;
                while (x->kind == ExprKind::BinOp) {
                    rights.push_back(as<BinOpExpr>(x)->right);
                    x = as<BinOpExpr>(x)->left;
                }
                expr(x);
                for (size_t i = rights.size(); i-- > 0;) expr(rights[i]);
                break;
            }
            case ExprKind::UnaryOp:
                expr(as<UnaryOpExpr>(e)->operand);
                break;
            case ExprKind::Lambda: {
                auto* l = as<LambdaExpr>(e);
                defaults_and_annotations(l->args, nullptr, false);
                Scope* saved = cur_;
                cur_ = new_scope(ScopeKind::Lambda, "<lambda>", l, e->loc.line);
                params(l->args);
                expr(l->body);
                cur_ = saved;
                break;
            }
            case ExprKind::IfExp: {
                auto* x = as<IfExpExpr>(e);
                expr(x->test);
                expr(x->body);
                expr(x->orelse);
                break;
            }
            case ExprKind::Dict: {
                auto* d = as<DictExpr>(e);
                for (uint32_t i = 0; i < d->values.size(); i++) {
                    if (d->keys[i]) expr(d->keys[i]);
                    expr(d->values[i]);
                }
                break;
            }
            case ExprKind::Set:
                for (Expr* x : as<SetExpr>(e)->elts) expr(x);
                break;
            case ExprKind::ListComp: {
                auto* c = as<ListCompExpr>(e);
                comprehension(e, "<listcomp>", CompKind::List, c->generators, c->elt, nullptr);
                break;
            }
            case ExprKind::SetComp: {
                auto* c = as<SetCompExpr>(e);
                comprehension(e, "<setcomp>", CompKind::Set, c->generators, c->elt, nullptr);
                break;
            }
            case ExprKind::DictComp: {
                auto* c = as<DictCompExpr>(e);
                comprehension(e, "<dictcomp>", CompKind::Dict, c->generators, c->key, c->value);
                break;
            }
            case ExprKind::GeneratorExp: {
                auto* c = as<GeneratorExpExpr>(e);
                comprehension(e, "<genexpr>", CompKind::Generator, c->generators, c->elt, nullptr);
                break;
            }
            case ExprKind::Await:
                expr(as<AwaitExpr>(e)->value);
                cur_->has_await = true;
                break;
            case ExprKind::Yield:
            case ExprKind::YieldFrom: {
                Expr* v = e->kind == ExprKind::Yield ? as<YieldExpr>(e)->value : as<YieldFromExpr>(e)->value;
                if (v) expr(v);
                if (cur_->kind == ScopeKind::Comprehension) {
                    static const char* const kWhat[] = {"", "list comprehension", "set comprehension",
                                                        "dict comprehension", "generator expression"};
                    fail(std::string("'yield' inside ") + kWhat[int(cur_->comp)], e->loc);
                }
                if (cur_->function_like()) cur_->is_generator = true;
                break;
            }
            case ExprKind::Compare: {
                auto* c = as<CompareExpr>(e);
                expr(c->left);
                for (Expr* x : c->comparators) expr(x);
                break;
            }
            case ExprKind::Call: {
                auto* c = as<CallExpr>(e);
                expr(c->func);
                for (Expr* a : c->args) expr(a);
                for (Keyword* k : c->keywords) expr(k->value);
                break;
            }
            case ExprKind::FormattedValue: {
                auto* f = as<FormattedValueExpr>(e);
                expr(f->value);
                if (f->format_spec) expr(f->format_spec);
                break;
            }
            case ExprKind::JoinedStr:
                for (Expr* x : as<JoinedStrExpr>(e)->values) expr(x);
                break;
            case ExprKind::Constant:
                break;
            case ExprKind::Attribute:
                expr(as<AttributeExpr>(e)->value);
                break;
            case ExprKind::Subscript: {
                auto* s = as<SubscriptExpr>(e);
                expr(s->value);
                expr(s->slice);
                break;
            }
            case ExprKind::Starred:
                expr(as<StarredExpr>(e)->value, ctx);
                break;
            case ExprKind::Name:
                name(as<NameExpr>(e), ctx);
                break;
            case ExprKind::List:
                for (Expr* x : as<ListExpr>(e)->elts) expr(x, ctx);
                break;
            case ExprKind::Tuple:
                for (Expr* x : as<TupleExpr>(e)->elts) expr(x, ctx);
                break;
            case ExprKind::Slice: {
                auto* s = as<SliceExpr>(e);
                if (s->lower) expr(s->lower);
                if (s->upper) expr(s->upper);
                if (s->step) expr(s->step);
                break;
            }
        }
    }

    // --- classification ---------------------------------------------------------

    // Returns the names free in `s` (to be provided by enclosing function scopes).
    NameSet analyze(Scope* s, const NameSet* bound) {
        NameSet free;
        NameSet local;
        for (auto& [n, sym] : s->symbols) {
            if (sym.flags & kDefGlobal) {
                if (sym.flags & kDefNonlocal) fail(fmt("name '", n, "' is nonlocal and global"), sym.directive);
                sym.binding = Binding::GlobalExplicit;
            } else if (sym.flags & kDefNonlocal) {
                if (!bound || !bound->contains(n)) fail(fmt("no binding for nonlocal '", n, "' found"), sym.directive);
                sym.binding = Binding::Free;
                free.insert(n);
            } else if (sym.flags & (kDefLocal | kDefParam | kDefImport | kDefAnnot)) {
                sym.binding = Binding::Local;
                local.insert(n);
            } else if (bound && bound->contains(n)) {
                sym.binding = Binding::Free;
                free.insert(n);
            } else {
                sym.binding = Binding::GlobalImplicit;
            }
        }
        // What nested scopes may close over (built only when there are nested scopes).
        NameSet child_bound;
        if (!s->children.empty()) {
            if (s->function_like()) {
                if (bound)
                    for (std::string_view n : *bound)
                        if (s->lookup(n) != Binding::GlobalExplicit) child_bound.insert(n);
                for (std::string_view n : local) child_bound.insert(n);
            } else if (s->kind == ScopeKind::Class) {
                if (bound)
                    for (std::string_view n : *bound) child_bound.insert(n);
                child_bound.insert("__class__");
            }
        }
        NameSet child_free;
        for (Scope* c : s->children) {
            NameSet f = analyze(c, s->kind == ScopeKind::Module ? nullptr : &child_bound);
            for (std::string_view n : f) child_free.insert(n);
        }
        for (std::string_view n : child_free) {
            if (s->kind == ScopeKind::Class && n == "__class__") {
                s->needs_class_closure = true;
                continue;
            }
            Symbol* sym = s->symbols.find(n);
            if (s->function_like() && sym && sym->binding == Binding::Local) {
                sym->binding = Binding::Cell;
                continue;
            }
            if (s->kind == ScopeKind::Class && sym && sym->binding == Binding::Local) {
                sym->flags |= kDefFreeClass;
                free.insert(n);
                continue;
            }
            if (sym && sym->binding == Binding::Free) continue;
            if (sym && sym->binding == Binding::GlobalExplicit) continue;
            // Passes through this scope to a nested one.
            s->symbols[n].binding = Binding::Free;
            free.insert(n);
        }
        for (auto& [n, sym] : s->symbols) {
            if (sym.binding == Binding::Cell) s->cellvars.push_back(n);
            else if (sym.binding == Binding::Free || (sym.flags & kDefFreeClass)) s->freevars.push_back(n);
        }
        if (s->needs_class_closure) s->cellvars.push_back("__class__");
        std::sort(s->cellvars.begin(), s->cellvars.end());
        std::sort(s->freevars.begin(), s->freevars.end());
        return free;
    }

    SymbolTable& st_;
    std::string_view filename_, source_;
    bool interactive_;
    Scope* cur_ = nullptr;
    int depth_ = 0;
};

std::optional<SyntaxError> SymbolTable::build(const Module& mod, std::string_view filename,
                                              std::string_view source, bool interactive) {
    try {
        SymtableBuilder b(*this, filename, source, interactive);
        b.run(mod);
    } catch (SymFail& f) {
        return f.err;
    }
    return std::nullopt;
}

}  // namespace aio::compiler
