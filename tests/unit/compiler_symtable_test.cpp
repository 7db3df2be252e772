// tests/unit/compiler_symtable_test.cpp - name classification by the symbol
// table: locals, globals, cells and frees, class scopes (methods skip them),
// comprehension scopes, the implicit __class__ cell, generator/coroutine flags.
#include "tests/unit/compiler_test_util.hpp"

namespace aio::compiler::testing {

class Symtable : public CompilerTest {
protected:
    Scope* build(const std::string& src) {
        const grammar::Module* m = parse(src);
        if (!m) return nullptr;
        auto err = st.build(*m, "t.aio", sources_.back(), false);
        if (err) ADD_FAILURE() << err->msg;
        return st.top();
    }
    // The first scope named `name`, depth-first.
    static Scope* find(Scope* s, std::string_view name) {
        if (!s) return nullptr;
        if (s->name == name) return s;
        for (Scope* c : s->children)
            if (Scope* r = find(c, name)) return r;
        return nullptr;
    }
    SymbolTable st;
};

TEST_F(Symtable, LocalsAndGlobals) {
    Scope* top = build("g = 1\ndef f(a):\n    b = a\n    return g + b + h\n");
    Scope* f = find(top, "f");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->kind, ScopeKind::Function);
    EXPECT_EQ(f->lookup("a"), Binding::Local);
    EXPECT_EQ(f->lookup("b"), Binding::Local);
    EXPECT_EQ(f->lookup("g"), Binding::GlobalImplicit);
    EXPECT_EQ(f->lookup("h"), Binding::GlobalImplicit);
    EXPECT_EQ(top->lookup("g"), Binding::Local);
    EXPECT_EQ(f->params, std::vector<std::string_view>{"a"});
}

TEST_F(Symtable, CellsAndFrees) {
    Scope* top = build("def f():\n    x = 1\n    def g():\n        def h():\n            return x\n        return h\n    return g\n");
    Scope* f = find(top, "f");
    Scope* g = find(top, "g");
    Scope* h = find(top, "h");
    EXPECT_EQ(f->lookup("x"), Binding::Cell);
    EXPECT_EQ(g->lookup("x"), Binding::Free);  // passes through g
    EXPECT_EQ(h->lookup("x"), Binding::Free);
    EXPECT_EQ(f->cellvars, std::vector<std::string_view>{"x"});
    EXPECT_EQ(g->freevars, std::vector<std::string_view>{"x"});
}

TEST_F(Symtable, ExplicitGlobalAndNonlocal) {
    Scope* top = build("def f():\n    global a\n    a = 1\n    b = 2\n    def g():\n        nonlocal b\n        b = 3\n");
    Scope* f = find(top, "f");
    Scope* g = find(top, "g");
    EXPECT_EQ(f->lookup("a"), Binding::GlobalExplicit);
    EXPECT_EQ(f->lookup("b"), Binding::Cell);
    EXPECT_EQ(g->lookup("b"), Binding::Free);
}

TEST_F(Symtable, ParameterCell) {
    Scope* top = build("def f(a, b):\n    return lambda: a\n");
    Scope* f = find(top, "f");
    EXPECT_EQ(f->lookup("a"), Binding::Cell);
    EXPECT_EQ(f->lookup("b"), Binding::Local);
    rt::Code* c = find_code(code_of("def f(a, b):\n    return lambda: a\n"), "f");
    ASSERT_NE(c, nullptr);
    ASSERT_EQ(c->cell2arg.size(), 1u);
    EXPECT_EQ(c->cell2arg[0], 0);
}

TEST_F(Symtable, ClassScopeIsSkippedByMethods) {
    Scope* top = build("def f():\n    x = 1\n    class C:\n        x = 2\n        y = x\n        def m(self):\n            return x\n");
    Scope* c = find(top, "C");
    Scope* m = find(top, "m");
    EXPECT_EQ(c->kind, ScopeKind::Class);
    EXPECT_EQ(c->lookup("x"), Binding::Local);
    EXPECT_TRUE(c->flags_of("x") & kDefFreeClass);  // also passed on to m's closure
    EXPECT_EQ(m->lookup("x"), Binding::Free);       // f's x, not the class attribute
    EXPECT_EQ(find(top, "f")->lookup("x"), Binding::Cell);
}

TEST_F(Symtable, ClassDerefForFreeNamesInClassBody) {
    rt::Code* mod = code_of("def f():\n    x = 1\n    class C:\n        y = x\n");
    rt::Code* c = find_code(mod, "C");
    ASSERT_NE(c, nullptr);
    bool found = false;
    for (uint32_t w : c->code)
        if (vm::op_of(w) == vm::Op::LOAD_CLASSDEREF) found = true;
    EXPECT_TRUE(found);
}

TEST_F(Symtable, ImplicitClassCell) {
    Scope* top = build("class C(B):\n    def m(self):\n        return super().m()\n    def n(self):\n        return 1\n");
    Scope* c = find(top, "C");
    Scope* m = find(top, "m");
    Scope* n = find(top, "n");
    EXPECT_TRUE(c->needs_class_closure);
    EXPECT_EQ(c->cellvars, std::vector<std::string_view>{"__class__"});
    EXPECT_EQ(m->lookup("__class__"), Binding::Free);
    EXPECT_EQ(m->freevars, std::vector<std::string_view>{"__class__"});
    EXPECT_TRUE(n->freevars.empty());
}

TEST_F(Symtable, ComprehensionScopes) {
    Scope* top = build("def f(xs):\n    k = 2\n    return [x * k for x in xs if x]\n");
    Scope* lc = find(top, "<listcomp>");
    ASSERT_NE(lc, nullptr);
    EXPECT_EQ(lc->kind, ScopeKind::Comprehension);
    EXPECT_EQ(lc->lookup(".0"), Binding::Local);
    EXPECT_EQ(lc->lookup("x"), Binding::Local);
    EXPECT_EQ(lc->lookup("k"), Binding::Free);
    EXPECT_EQ(lc->lookup("xs"), Binding::GlobalImplicit);  // never seen: evaluated in f
    EXPECT_EQ(find(top, "f")->lookup("xs"), Binding::Local);
}

TEST_F(Symtable, WalrusBindsInEnclosingFunction) {
    Scope* top = build("def f(xs):\n    [y := x for x in xs]\n    return y\n[z := 1 for q in r]\n");
    Scope* f = find(top, "f");
    EXPECT_EQ(f->lookup("y"), Binding::Cell);
    Scope* lc = find(f, "<listcomp>");
    EXPECT_EQ(lc->lookup("y"), Binding::Free);
    Scope* top_lc = top->children.back();
    EXPECT_EQ(top_lc->lookup("z"), Binding::GlobalExplicit);
    EXPECT_EQ(top->lookup("z"), Binding::Local);
}

TEST_F(Symtable, GeneratorAndCoroutineFlags) {
    Scope* top = build(
        "def g():\n    yield 1\nasync def c():\n    await x\nasync def ag():\n    yield 1\n"
        "async def f():\n    return [await v for v in w]\ndef h():\n    return (await v for v in w)\n");
    EXPECT_TRUE(find(top, "g")->is_generator);
    EXPECT_FALSE(find(top, "g")->is_coroutine);
    EXPECT_TRUE(find(top, "c")->is_coroutine);
    EXPECT_TRUE(find(top, "ag")->is_coroutine && find(top, "ag")->is_generator);
    EXPECT_TRUE(find(find(top, "f"), "<listcomp>")->is_coroutine);
    Scope* ge = find(find(top, "h"), "<genexpr>");
    EXPECT_TRUE(ge->is_coroutine && ge->is_generator);  // an async generator expression
}

TEST_F(Symtable, NameMangling) {
    Scope* top = build("class C:\n    __x = 1\n    def m(self):\n        __y = 2\n        return self.__x\n");
    EXPECT_EQ(find(top, "C")->lookup("_C__x"), Binding::Local);
    EXPECT_EQ(find(top, "m")->lookup("_C__y"), Binding::Local);
}

}  // namespace aio::compiler::testing
