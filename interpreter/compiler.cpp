// interpreter/compiler.cpp - the compiler's entry point (compile) and the
// per-unit tables: constants (deduplicated by value), names, local slots and
// cells, name resolution (nameop) and the assembly of a finished Code object.
#include <cstring>

#include "interpreter/compile_unit.hpp"

namespace aio::compiler {

CompileResult compile(rt::Interp& I, const Module& mod, std::string_view filename, std::string_view source,
                      CompileMode mode, InternCache* cache) {
    CompileResult r;
    SymbolTable st;
    if (auto err = st.build(mod, filename, source, mode == CompileMode::Interactive)) {
        r.error = std::move(err);
        return r;
    }
    try {
        Compiler c(I, st, filename, source, mode, cache);
        r.code = c.compile_module(mod);
    } catch (CompileFail& f) {
        r.error = std::move(f.err);
        r.code = nullptr;
    } catch (rt::Unwind&) {
        // Allocating a constant failed (the memory limit): report, never throw.
        I.pending = rt::Value::null();
        r.error = grammar::SyntaxError{};
        r.error->type = "MemoryError";
        r.error->msg = "out of memory while compiling";
        r.error->filename = std::string(filename);
        r.code = nullptr;
    }
    return r;
}

void Compiler::fail(std::string_view msg, const Loc& loc) {
    throw CompileFail{make_syntax_error(msg, loc, filename_, source_)};
}

bool Compiler::is_top_level_await() const {
    return mode_ == CompileMode::Interactive && u_->scope->kind == ScopeKind::Module;
}

rt::Code* Compiler::compile_module(const Module& mod) {
    filename_str_ = intern(filename_);
    enter_unit(st_.top(), "<module>", 1);
    u_->qualname = "<module>";
    if (!mod.body.empty()) u_->b.line = mod.body[0]->loc.line;
    if (mode_ == CompileMode::Eval) {
        if (!mod.body.empty() && mod.body[0]->kind == StmtKind::ExprStmt) {
            expr(as<ExprStmtStmt>(mod.body[0])->value);
        } else {
            load_const(const_none());
        }
        emit(Op::RETURN_VALUE);
        return exit_unit("<module>");
    }
    List<Stmt*> stmts = mod.body;
    if (has_annotations(stmts)) emit(Op::SETUP_ANNOTATIONS);
    if (mode_ == CompileMode::Module) {
        if (const ConstantExpr* doc = docstring(stmts)) {
            LineGuard g(u_->b, stmts[0]->loc.line);
            load_const(const_value(doc));
            nameop("__doc__", Ctx::Store);
            stmts.items++;
            stmts.n--;
        }
    }
    body(stmts);
    load_const(const_none());
    emit(Op::RETURN_VALUE);
    return exit_unit("<module>");
}

// rt::intern through a per-compile cache: the same names recur in every scope,
// and the interpreter-wide table is large (slow, cache-missing probes).
rt::Str* Compiler::intern(std::string_view s) {
    if (rt::Str* const* hit = interned_.find(s)) return *hit;
    rt::Str* str = rt::intern(I_, s);
    interned_.try_emplace(str->view(), str);  // keyed on the Str's bytes: `s` may be a temporary
    return str;
}

void Compiler::enter_unit(Scope* s, std::string_view name, int firstlineno) {
    if (unit_depth_ == units_.size()) units_.push_back(std::make_unique<Unit>());
    else units_[unit_depth_]->reset();
    Unit* unit = units_[unit_depth_].get();
    unit->scope = s;
    unit->serial = ++unit_serial_;
    unit->firstlineno = firstlineno;
    unit->b.line = firstlineno;
    if (u_) unit->qualname = qualname_for(s, name);
    for (std::string_view p : s->params) {
        unit->var_map.try_emplace(p, uint32_t(unit->varnames.size()));
        unit->varnames.push_back(intern(p));
    }
    uint32_t i = 0;
    for (std::string_view c : s->cellvars) unit->cell_map.try_emplace(c, i++);
    for (std::string_view f : s->freevars) unit->cell_map.try_emplace(f, i++);
    unit_depth_++;
    u_ = unit;
}

std::string Compiler::qualname_for(Scope* s, std::string_view name) {
    // As CPython: a function declared global in its parent has a plain qualname;
    // functions nest as `f.<locals>.g`, classes and comprehensions as `C.m`.
    Unit* parent = u_;
    if (parent->scope->kind == ScopeKind::Module) return std::string(name);
    if (s->kind == ScopeKind::Function || s->kind == ScopeKind::Class) {
        std::string_view m = mangle(parent->scope->private_name, name, st_.strings());
        if (parent->scope->lookup(m) == Binding::GlobalExplicit) return std::string(name);
    }
    std::string base = parent->qualname;
    if (parent->scope->kind == ScopeKind::Function || parent->scope->kind == ScopeKind::Lambda)
        base += ".<locals>";
    return base + "." + std::string(name);
}

rt::Code* Compiler::exit_unit(std::string_view name) {
    Unit& u = *u_;
    Scope* s = u.scope;
    rt::Code* c = vm::new_code(I_);
    uint32_t nparams = s->argcount + s->kwonlyargcount + (s->has_varargs ? 1 : 0) + (s->has_varkw ? 1 : 0);
    if (!u.b.finish(c, s->function_like() ? nparams : 0)) {
        Loc loc{u.firstlineno, 0, u.firstlineno, 0};
        fail("internal compiler error: inconsistent stack depth", loc);
    }
    // Exact-size copies: the unit's vectors keep their memory for the next scope.
    c->consts.assign(u.consts.begin(), u.consts.end());
    c->names.assign(u.names.begin(), u.names.end());
    c->varnames.assign(u.varnames.begin(), u.varnames.end());
    for (std::string_view n : s->cellvars) {
        c->cellvars.push_back(intern(n));
        int32_t arg = -1;
        for (size_t i = 0; i < s->params.size(); i++)
            if (s->params[i] == n) arg = int32_t(i);
        c->cell2arg.push_back(arg);
    }
    for (std::string_view n : s->freevars) c->freevars.push_back(intern(n));
    c->argcount = s->argcount;
    c->posonlyargcount = s->posonlyargcount;
    c->kwonlyargcount = s->kwonlyargcount;
    uint32_t flags = 0;
    if (s->has_varargs) flags |= rt::kCoVarargs;
    if (s->has_varkw) flags |= rt::kCoVarkeywords;
    if (s->function_like()) {
        if (s->is_coroutine && s->is_generator) flags |= rt::kCoAsyncGenerator;
        else if (s->is_coroutine) flags |= rt::kCoCoroutine;
        else if (s->is_generator) flags |= rt::kCoGenerator;
    } else {
        flags |= rt::kCoModule;
        if (s->kind == ScopeKind::Class) flags |= rt::kCoClassBody;
        if (u.top_level_await) flags |= rt::kCoCoroutine;
    }
    c->flags = flags;
    c->name = intern(name);
    c->qualname = intern(u.qualname);
    c->filename = filename_str_;
    c->firstlineno = u.firstlineno;
    unit_depth_--;
    u_ = unit_depth_ ? units_[unit_depth_ - 1].get() : nullptr;
    return c;
}

// --- constants -----------------------------------------------------------------

uint32_t Compiler::add_const(rt::Value v, const std::string& key) {
    if (!key.empty()) {
        auto it = u_->const_map.find(key);
        if (it != u_->const_map.end()) return it->second;
    }
    uint32_t idx = uint32_t(u_->consts.size());
    u_->consts.push_back(v);
    if (!key.empty()) u_->const_map.emplace(key, idx);
    return idx;
}

// A key that tells apart values CPython keeps apart (1 vs True vs 1.0, 0.0 vs -0.0).
std::string Compiler::const_key(rt::Value v) {
    std::string k;
    switch (v.tag) {
        case rt::Tag::Null: return "";
        case rt::Tag::None: return "N";
        case rt::Tag::Bool: return v.as_bool() ? "T" : "F";
        case rt::Tag::Int: k = "i"; k.append(reinterpret_cast<const char*>(&v.u.i), 8); return k;
        case rt::Tag::Float: k = "f"; k.append(reinterpret_cast<const char*>(&v.u.f), 8); return k;
        case rt::Tag::Obj: break;
    }
    rt::Object* o = v.as_obj();
    if (o->kind == rt::ObjKind::Str) {
        k = "s";
        k += static_cast<rt::Str*>(o)->view();
        return k;
    }
    if (o->kind == rt::ObjKind::Bytes) {
        k = "b";
        k += static_cast<rt::Bytes*>(o)->view();
        return k;
    }
    if (o->kind == rt::ObjKind::Tuple) {
        auto* t = static_cast<rt::Tuple*>(o);
        k = "t(";
        for (uint32_t i = 0; i < t->size; i++) {
            std::string sub = const_key(t->items()[i]);
            if (sub.empty()) return "";
            uint32_t n = uint32_t(sub.size());
            k.append(reinterpret_cast<const char*>(&n), 4);
            k += sub;
        }
        return k;
    }
    if (v.same(I_.ellipsis)) return "E";
    return "";  // code objects: never shared
}

uint32_t Compiler::const_none() { return add_const(rt::Value::none(), "N"); }

static bool identifier_like(std::string_view s) {
    for (char c : s)
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

uint32_t Compiler::const_str(std::string_view s) {
    // String constants are the most common: looked up without building a key.
    if (const uint32_t* hit = u_->str_consts.find(s)) return *hit;
    // CPython interns identifier-like string constants.
    rt::Str* str = identifier_like(s) ? intern(s) : rt::new_str(I_, s);
    uint32_t idx = uint32_t(u_->consts.size());
    u_->consts.push_back(rt::Value::object(str));
    u_->str_consts.try_emplace(str->view(), idx);
    return idx;
}

uint32_t Compiler::const_value(const ConstantExpr* c) {
    switch (c->ckind) {
        case ConstKind::None: return const_none();
        case ConstKind::True: return add_const(rt::Value::boolean(true), "T");
        case ConstKind::False: return add_const(rt::Value::boolean(false), "F");
        case ConstKind::Ellipsis: return add_const(I_.ellipsis, "E");
        case ConstKind::Int: {
            rt::Value v = rt::Value::integer(c->i);
            return add_const(v, const_key(v));
        }
        case ConstKind::Float: {
            rt::Value v = rt::Value::number(c->f);
            return add_const(v, const_key(v));
        }
        case ConstKind::Str: return const_str(c->s);
        case ConstKind::Bytes: {
            std::string key = "b";
            key += c->s;
            auto it = u_->const_map.find(key);
            if (it != u_->const_map.end()) return it->second;
            return add_const(rt::Value::object(rt::new_bytes(I_, c->s)), key);
        }
        case ConstKind::Imag: break;
    }
    return const_none();
}

rt::Value Compiler::const_object(const ConstantExpr* c) {
    switch (c->ckind) {
        case ConstKind::None: return rt::Value::none();
        case ConstKind::True: return rt::Value::boolean(true);
        case ConstKind::False: return rt::Value::boolean(false);
        case ConstKind::Ellipsis: return I_.ellipsis;
        case ConstKind::Int: return rt::Value::integer(c->i);
        case ConstKind::Float: return rt::Value::number(c->f);
        case ConstKind::Str:
            return rt::Value::object(identifier_like(c->s) ? intern(c->s) : rt::new_str(I_, c->s));
        case ConstKind::Bytes: return rt::Value::object(rt::new_bytes(I_, c->s));
        case ConstKind::Imag: break;
    }
    return rt::Value::none();
}

// `raise Exc(msg)` for literals the runtime cannot represent (overflowing ints,
// complex numbers): the program still compiles and fails only if it gets here.
void Compiler::emit_raise_builtin(std::string_view exc, std::string_view msg) {
    emit(Op::PUSH_NULL);
    emit(Op::LOAD_GLOBAL, name_index(exc));
    load_const(const_str(msg));
    emit(Op::CALL, 1);
    emit(Op::RAISE_VARARGS, 1);
}

// --- names -----------------------------------------------------------------------

std::string_view Compiler::mangled(std::string_view n) {
    return mangle(u_->scope->private_name, n, st_.strings());
}

uint32_t Compiler::name_index(std::string_view n) {
    if (const uint32_t* hit = u_->name_map.find(n)) return *hit;
    rt::Str* s = intern(n);
    uint32_t idx = uint32_t(u_->names.size());
    u_->names.push_back(s);
    u_->name_map.try_emplace(s->view(), idx);
    return idx;
}

uint32_t Compiler::var_index(std::string_view n) {
    if (const uint32_t* hit = u_->var_map.find(n)) return *hit;
    rt::Str* s = intern(n);
    uint32_t idx = uint32_t(u_->varnames.size());
    u_->varnames.push_back(s);
    u_->var_map.try_emplace(s->view(), idx);
    return idx;
}

uint32_t Compiler::cell_index(std::string_view n) {
    const uint32_t* hit = u_->cell_map.find(n);
    if (!hit) {
        Loc loc{u_->b.line, 0, u_->b.line, 0};
        fail("internal compiler error: no cell for '" + std::string(n) + "'", loc);
    }
    return *hit;
}

void Compiler::nameop(std::string_view raw, Ctx ctx) {
    std::string_view id = mangled(raw);
    Scope* s = u_->scope;
    Symbol* sym = s->symbols.find(id);
    Binding b = sym ? sym->binding : Binding::GlobalImplicit;
    enum { Fast, Deref, Global, Name } kind = Name;
    switch (b) {
        case Binding::Local:
            kind = s->function_like() ? Fast : Name;
            break;
        case Binding::Cell:
        case Binding::Free:
            kind = Deref;
            break;
        case Binding::GlobalExplicit:
            kind = Global;
            break;
        case Binding::GlobalImplicit:
            kind = s->function_like() ? Global : Name;
            break;
    }
    // A class-local name that methods close over is still a class-namespace name.
    if (s->kind == ScopeKind::Class && sym && (sym->flags & kDefFreeClass)) kind = Name;
    // The slot, memoized on the symbol for this unit (one probe per use, not two).
    auto slot = [&](uint32_t (Compiler::*index)(std::string_view)) {
        if (!sym) return (this->*index)(id);
        if (sym->slot_unit != u_->serial) {
            sym->slot = (this->*index)(id);
            sym->slot_unit = u_->serial;
        }
        return sym->slot;
    };
    switch (kind) {
        case Fast: {
            uint32_t i = slot(&Compiler::var_index);
            emit(ctx == Ctx::Load ? Op::LOAD_FAST : ctx == Ctx::Store ? Op::STORE_FAST : Op::DELETE_FAST, i);
            return;
        }
        case Deref: {
            uint32_t i = cell_index(id);
            if (ctx == Ctx::Load)
                emit(s->kind == ScopeKind::Class ? Op::LOAD_CLASSDEREF : Op::LOAD_DEREF, i);
            else
                emit(ctx == Ctx::Store ? Op::STORE_DEREF : Op::DELETE_DEREF, i);
            return;
        }
        case Global: {
            uint32_t i = slot(&Compiler::name_index);
            emit(ctx == Ctx::Load ? Op::LOAD_GLOBAL : ctx == Ctx::Store ? Op::STORE_GLOBAL : Op::DELETE_GLOBAL, i);
            return;
        }
        case Name: {
            uint32_t i = slot(&Compiler::name_index);
            emit(ctx == Ctx::Load ? Op::LOAD_NAME : ctx == Ctx::Store ? Op::STORE_NAME : Op::DELETE_NAME, i);
            return;
        }
    }
}

}  // namespace aio::compiler
