// tests/unit/code_image_test.cpp - code images (interpreter/code_image.hpp):
// compiling a source and loading the saved image of that compile give the same
// Code tree, field by field (names as the same interned Str*), and the same
// disassembly; for every embedded stdlib module and for a source that uses every
// field; the images built into the library are those of the current sources;
// damaged or other-version images are refused.
#include <gtest/gtest.h>

#include <string>

#include "interpreter/code_image.hpp"
#include "interpreter/compiler.hpp"
#include "interpreter/load.hpp"
#include "runtime/containers.hpp"
#include "runtime/interp.hpp"
#include "runtime/protocol.hpp"
#include "stdlib/embedded.hpp"

namespace {

using namespace aio;
using namespace aio::rt;

class CodeImage : public ::testing::Test {
protected:
    CodeImage() { init_runtime(I); }

    Code* compile(std::string_view source, std::string_view filename) {
        auto cr = vm::compile_source(I, source, filename, compiler::CompileMode::Module);
        if (cr.error) ADD_FAILURE() << filename << ": " << cr.error->msg << " at line " << cr.error->line;
        return cr.code;
    }

    // Where `a` (compiled) and `b` (loaded) differ, or "" when they do not.
    std::string diff_str(const Str* a, const Str* b, const std::string& at) {
        if (!a || !b) return a == b ? "" : at + ": null str";
        if (a->view() != b->view()) return at + ": '" + std::string(a->view()) + "' vs '" + std::string(b->view()) + "'";
        bool ia = a->flags & kStrInterned, ib = b->flags & kStrInterned;
        if (ia != ib) return at + ": interned differs for '" + std::string(a->view()) + "'";
        if (ia && a != b) return at + ": not the same interned str '" + std::string(a->view()) + "'";
        return "";
    }

    std::string diff_names(const std::vector<Str*>& a, const std::vector<Str*>& b, const std::string& at) {
        if (a.size() != b.size()) return at + ": size " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
        for (size_t i = 0; i < a.size(); i++)
            if (std::string d = diff_str(a[i], b[i], at + "[" + std::to_string(i) + "]"); !d.empty()) return d;
        return "";
    }

    std::string diff_value(Value a, Value b, const std::string& at) {
        if (a.tag != b.tag) return at + ": tag differs";
        if (!a.is_obj()) return a.same(b) ? "" : at + ": value differs";
        Object* x = a.as_obj();
        Object* y = b.as_obj();
        if (x->kind != y->kind || x->cls != y->cls) return at + ": kind differs";
        switch (x->kind) {
            case ObjKind::Str: return diff_str(static_cast<Str*>(x), static_cast<Str*>(y), at);
            case ObjKind::Bytes:
                return static_cast<Bytes*>(x)->view() == static_cast<Bytes*>(y)->view() ? "" : at + ": bytes differ";
            case ObjKind::Tuple: {
                auto* s = static_cast<Tuple*>(x);
                auto* t = static_cast<Tuple*>(y);
                if (s->size != t->size) return at + ": tuple size";
                for (uint32_t i = 0; i < s->size; i++)
                    if (std::string d = diff_value(s->items()[i], t->items()[i], at + "[" + std::to_string(i) + "]");
                        !d.empty())
                        return d;
                return "";
            }
            case ObjKind::FrozenSet: {
                auto* s = static_cast<Set*>(x);
                auto* t = static_cast<Set*>(y);
                if (s->used != t->used || s->mask != t->mask) return at + ": frozenset shape";
                Value k1, k2;
                uint32_t p1 = 0, p2 = 0;
                while (true) {
                    bool m1 = set_next(s, &p1, &k1), m2 = set_next(t, &p2, &k2);
                    if (m1 != m2 || p1 != p2) return at + ": frozenset order";
                    if (!m1) return "";
                    if (std::string d = diff_value(k1, k2, at + "{}"); !d.empty()) return d;
                }
            }
            case ObjKind::Code: return diff_code(static_cast<Code*>(x), static_cast<Code*>(y), at);
            default: return x == y ? "" : at + ": other object";  // Ellipsis: the one object
        }
    }

    std::string diff_code(const Code* a, const Code* b, std::string at) {
        at += "/" + (a->qualname ? std::string(a->qualname->view()) : "?");
#define SAME(f) \
    if (!(a->f == b->f)) return at + ": " #f " differs";
        SAME(code) SAME(lines) SAME(cell2arg) SAME(argcount) SAME(posonlyargcount) SAME(kwonlyargcount)
        SAME(stacksize) SAME(flags) SAME(firstlineno) SAME(frame_values) SAME(frame_bytes) SAME(plain_argcount) SAME(plain_nfree)
        SAME(await_now) SAME(global_cache.size()) SAME(attr_cache.size()) SAME(exc_table.size())
#undef SAME
        for (size_t i = 0; i < a->exc_table.size(); i++) {
            const ExcEntry &x = a->exc_table[i], &y = b->exc_table[i];
            if (x.start != y.start || x.end != y.end || x.target != y.target || x.depth != y.depth || x.lasti != y.lasti)
                return at + ": exc_table[" + std::to_string(i) + "] differs";
        }
        for (std::string d : {diff_str(a->name, b->name, at + " name"), diff_str(a->qualname, b->qualname, at + " qualname"),
                              diff_str(a->filename, b->filename, at + " filename"),
                              diff_names(a->names, b->names, at + " names"),
                              diff_names(a->varnames, b->varnames, at + " varnames"),
                              diff_names(a->cellvars, b->cellvars, at + " cellvars"),
                              diff_names(a->freevars, b->freevars, at + " freevars")})
            if (!d.empty()) return d;
        if (a->consts.size() != b->consts.size()) return at + ": consts size";
        for (size_t i = 0; i < a->consts.size(); i++)
            if (std::string d = diff_value(a->consts[i], b->consts[i], at + " consts[" + std::to_string(i) + "]");
                !d.empty())
                return d;
        return "";
    }

    // Saves `compiled`, loads it back and checks both are the same code.
    void expect_round_trip(Code* compiled, std::string_view what) {
        ASSERT_NE(compiled, nullptr) << what;
        std::string image = vm::save_code_image(I, compiled);
        Code* loaded = vm::load_code_image(I, image);
        ASSERT_NE(loaded, nullptr) << what;
        EXPECT_EQ(diff_code(compiled, loaded, std::string(what)), "");
        EXPECT_EQ(compiler::disassemble(I, compiled), compiler::disassemble(I, loaded)) << what;
        EXPECT_EQ(vm::save_code_image(I, loaded), image) << what;
    }

    Interp I;
};

TEST_F(CodeImage, EveryEmbeddedModuleRoundTrips) {
    int n = 0;
    for (const stdlib::EmbeddedModule* e = stdlib::kEmbeddedModules; !e->name.empty(); e++, n++)
        expect_round_trip(compile(e->source, e->filename), e->name);
    EXPECT_GT(n, 10);
}

// The library's images are those of the sources it embeds (and import uses them).
TEST_F(CodeImage, BuiltImagesAreOfTheCurrentSources) {
    for (const stdlib::EmbeddedModule* e = stdlib::kEmbeddedModules; !e->name.empty(); e++) {
        std::string_view built = stdlib::frozen_image(e->name);
        ASSERT_FALSE(built.empty()) << e->name;
        Code* compiled = compile(e->source, e->filename);
        EXPECT_EQ(built, vm::save_code_image(I, compiled)) << e->name;
        Code* loaded = vm::load_code_image(I, built);
        ASSERT_NE(loaded, nullptr) << e->name;
        EXPECT_EQ(diff_code(compiled, loaded, std::string(e->name)), "");
    }
}

// Every field with a value the stdlib might not have: so dropping one from the
// image fails here.
const char kEveryField[] = R"(
"""doc"""
import os
from json import dumps as d, loads
x = (1, -2, 3.5, -0.0, 1e300, True, False, None, ..., 'a b', 'ident', b'\x00\xff', (1, ('n',)))
s = {1, 2, 'three', 4.0}
l = [1, 2, 3]
q = 'not an identifier!'
def f(a, b, /, c, *args, k=1, m, **kw):
    def g():
        nonlocal a
        a += 1
        return a + c
    return g
async def ag(p, *, kk):
    try:
        async for i in p:
            yield i
    except (ValueError, KeyError) as e:
        raise RuntimeError('x') from e
    finally:
        await p.close()
class C(object, metaclass=type):
    __slots__ = ('a',)
    def m(self):
        return __class__
    @property
    def p(self):
        return [y for y in range(3) if y]
lam = lambda *a, **k: (a, k)
with open('x') as fh:
    pass
while x:
    break
)";

TEST_F(CodeImage, EveryFieldRoundTrips) {
    Code* c = compile(kEveryField, "<every>");
    ASSERT_NE(c, nullptr);
    // The source does reach every field (else the round trip proves little).
    bool posonly = false, kwonly = false, cell_arg = false, frees = false, handlers = false, fset = false,
         bytes = false, floats = false, plain = false, varargs = false;
    std::vector<Code*> todo{c};
    while (!todo.empty()) {
        Code* k = todo.back();
        todo.pop_back();
        posonly |= k->posonlyargcount > 0;
        kwonly |= k->kwonlyargcount > 0;
        for (int32_t a : k->cell2arg) cell_arg |= a >= 0;
        frees |= !k->freevars.empty();
        handlers |= !k->exc_table.empty();
        varargs |= (k->flags & kCoVarargs) != 0;
        // (constant tuples nest: `x = (1, ..., (1, ('n',)))` is one constant)
        std::vector<Value> consts(k->consts.begin(), k->consts.end());
        for (size_t i = 0; i < consts.size(); i++) {
            Value v = consts[i];
            if (v.is_obj() && v.as_obj()->kind == ObjKind::Tuple) {
                auto* t = static_cast<rt::Tuple*>(v.as_obj());
                for (uint32_t j = 0; j < t->size; j++) consts.push_back(t->items()[j]);
            }
            floats |= v.is_float();
            if (!v.is_obj()) continue;
            ObjKind kind = v.as_obj()->kind;
            fset |= kind == ObjKind::FrozenSet;
            bytes |= kind == ObjKind::Bytes;
            if (kind == ObjKind::Str) plain |= !(v.as_obj()->flags & kStrInterned);
            if (kind == ObjKind::Code) todo.push_back(static_cast<Code*>(v.as_obj()));
        }
    }
    EXPECT_TRUE(posonly && kwonly && cell_arg && frees && handlers && fset && bytes && floats && plain && varargs);
    expect_round_trip(c, "<every>");
}

TEST_F(CodeImage, RefusesOtherVersionsAndDamage) {
    Code* c = compile("def f(x):\n    return x + 1\n", "t.aio");
    std::string image = vm::save_code_image(I, c);
    ASSERT_NE(vm::load_code_image(I, image), nullptr);
    std::string other = image;
    uint32_t version = vm::kCodeImageVersion + 1;
    other.replace(4, 4, reinterpret_cast<const char*>(&version), 4);
    EXPECT_EQ(vm::load_code_image(I, other), nullptr);
    other = image;
    other[0] ^= 1;  // magic
    EXPECT_EQ(vm::load_code_image(I, other), nullptr);
    for (size_t cut : {size_t(0), size_t(3), size_t(11), image.size() / 2, image.size() - 1})
        EXPECT_EQ(vm::load_code_image(I, image.substr(0, cut)), nullptr) << cut;
    EXPECT_EQ(vm::load_code_image(I, image + "x"), nullptr);
}

}  // namespace
