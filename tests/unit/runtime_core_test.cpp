// tests/unit/runtime_core_test.cpp - the runtime core without the VM: dict/list/
// str primitives, hashing, comparison, operators, repr, classes (C3), exceptions
// and the GC. Every expected message is CPython 3.11's.
#include <gtest/gtest.h>

#include <cmath>

#include "runtime/containers.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/traceback.hpp"

using namespace aio::rt;

namespace {

struct RT : ::testing::Test {
    Interp I;
    void SetUp() override { init_runtime(I); }
    Value S(std::string_view s) { return Value::object(new_str(I, s)); }
    static Value N(int64_t i) { return Value::integer(i); }
    static Value F(double d) { return Value::number(d); }
    std::string R(Value v) { return std::string(repr(I, v)->view()); }
    // The "Type: message" of the exception `f` raises ("" when it does not raise).
    template <class Fn>
    std::string err(Fn&& f) {
        try {
            f();
        } catch (Unwind&) {
            Value e = I.pending;
            I.pending = Value::null();
            std::string s = format_exception_only(I, e);
            if (!s.empty() && s.back() == '\n') s.pop_back();
            return s;
        }
        return "";
    }
    Value op(BinOpKind k, Value a, Value b) { return binary_op(I, k, a, b, false); }
};

TEST_F(RT, DictInsertDeleteOrderResize) {
    Dict* d = new_dict(I);
    for (int i = 0; i < 1000; i++) dict_set(I, d, N(i), N(i * 2));
    EXPECT_EQ(d->size, 1000u);
    for (int i = 0; i < 1000; i += 2) EXPECT_TRUE(dict_del(I, d, N(i)));
    EXPECT_FALSE(dict_del(I, d, N(0)));
    EXPECT_EQ(d->size, 500u);
    uint32_t pos = 0;
    Value k, v;
    int expect = 1;
    while (dict_next(d, &pos, &k, &v)) {
        EXPECT_EQ(k.as_int(), expect);
        EXPECT_EQ(v.as_int(), expect * 2);
        expect += 2;
    }
    for (int i = 0; i < 1000; i++) dict_set(I, d, N(i), N(-i));  // reinsert after dummies
    EXPECT_EQ(d->size, 1000u);
    EXPECT_EQ(dict_get(I, d, N(999)).as_int(), -999);
}

TEST_F(RT, DictStrKeysAndNumericEquality) {
    Dict* d = new_dict(I);
    dict_set(I, d, S("hello world, a long key"), N(1));
    Str* probe = new_str(I, "hello world, a long key");
    EXPECT_EQ(dict_get_str(d, probe).as_int(), 1);
    dict_set(I, d, N(1), S("int"));
    dict_set(I, d, F(1.0), S("float"));  // 1 == 1.0: same key, value replaced
    dict_set(I, d, Value::boolean(true), S("bool"));
    EXPECT_EQ(d->size, 2u);
    EXPECT_EQ(R(Value::object(d)), "{'hello world, a long key': 1, 1: 'bool'}");
    EXPECT_EQ(err([&] { dict_set(I, d, Value::object(new_list(I)), N(0)); }), "TypeError: unhashable type: 'list'");
}

TEST_F(RT, StrInterningAndLength) {
    Str* a = intern(I, "abc");
    EXPECT_EQ(a, intern(I, "abc"));
    EXPECT_NE(new_str(I, "abcd"), new_str(I, "abcd"));
    Str* u = new_str(I, "h\xc3\xa9llo");
    EXPECT_EQ(u->length(), 5u);
    EXPECT_FALSE(u->ascii);
    EXPECT_EQ(R(getitem(I, Value::object(u), N(1))), "'\xc3\xa9'");
    EXPECT_EQ(R(getitem(I, Value::object(u), Value::object(new_slice(I, Value::none(), Value::none(), N(-1))))),
              "'oll\xc3\xa9h'");
}

TEST_F(RT, HashInvariants) {
    EXPECT_EQ(hash(I, N(-1)), uint64_t(-2));
    EXPECT_EQ(hash(I, N(5)), hash(I, F(5.0)));
    EXPECT_EQ(hash(I, Value::boolean(true)), hash(I, N(1)));
    EXPECT_EQ(hash(I, S("xyz")), hash(I, Value::object(intern(I, "xyz"))));
    Tuple* t1 = new_tuple(I, {N(1), S("a")});
    Tuple* t2 = new_tuple(I, {F(1.0), S("a")});
    EXPECT_EQ(hash(I, Value::object(t1)), hash(I, Value::object(t2)));
}

TEST_F(RT, CompareAcrossTypes) {
    EXPECT_TRUE(compare(I, CmpOpKind::Eq, N(1), F(1.0)).as_bool());
    EXPECT_TRUE(compare(I, CmpOpKind::Lt, N(9007199254740993), F(9007199254740994.0)).as_bool());
    EXPECT_TRUE(compare(I, CmpOpKind::Lt, S("abc"), S("abd")).as_bool());
    Value l1 = Value::object(new_tuple(I, {N(1), N(2)}));
    Value l2 = Value::object(new_tuple(I, {N(1), N(3)}));
    EXPECT_TRUE(compare(I, CmpOpKind::Lt, l1, l2).as_bool());
    EXPECT_FALSE(compare(I, CmpOpKind::Eq, N(1), S("1")).as_bool());
    EXPECT_EQ(err([&] { compare(I, CmpOpKind::Lt, N(1), S("a")); }),
              "TypeError: '<' not supported between instances of 'int' and 'str'");
    double nan = std::nan("");
    EXPECT_FALSE(compare(I, CmpOpKind::Eq, F(nan), F(nan)).as_bool());
}

TEST_F(RT, BinaryOpEdgeCases) {
    EXPECT_EQ(op(BinOpKind::FloorDiv, N(-7), N(2)).as_int(), -4);
    EXPECT_EQ(op(BinOpKind::Mod, N(-7), N(2)).as_int(), 1);
    EXPECT_EQ(op(BinOpKind::Mod, N(7), N(-2)).as_int(), -1);
    EXPECT_EQ(op(BinOpKind::FloorDiv, F(-7.5), N(2)).as_float(), -4.0);
    EXPECT_EQ(op(BinOpKind::Mod, F(7.5), N(-2)).as_float(), -0.5);
    EXPECT_EQ(op(BinOpKind::Pow, N(2), N(-1)).as_float(), 0.5);
    EXPECT_EQ(err([&] { op(BinOpKind::Add, N(INT64_MAX), N(1)); }), "OverflowError: integer overflow");
    EXPECT_EQ(err([&] { op(BinOpKind::Pow, N(2), N(63)); }), "OverflowError: integer overflow");
    EXPECT_EQ(err([&] { op(BinOpKind::Div, N(1), N(0)); }), "ZeroDivisionError: division by zero");
    EXPECT_EQ(err([&] { op(BinOpKind::FloorDiv, N(1), N(0)); }), "ZeroDivisionError: integer division or modulo by zero");
    EXPECT_EQ(err([&] { op(BinOpKind::Mod, N(1), N(0)); }), "ZeroDivisionError: integer modulo by zero");
    EXPECT_EQ(err([&] { op(BinOpKind::Mod, F(1), F(0)); }), "ZeroDivisionError: float modulo");
    EXPECT_EQ(err([&] { op(BinOpKind::Pow, F(0), N(-1)); }),
              "ZeroDivisionError: 0.0 cannot be raised to a negative power");
    EXPECT_EQ(err([&] { op(BinOpKind::LShift, N(1), N(-1)); }), "ValueError: negative shift count");
    EXPECT_EQ(err([&] { op(BinOpKind::Add, N(1), S("a")); }),
              "TypeError: unsupported operand type(s) for +: 'int' and 'str'");
    EXPECT_EQ(err([&] { binary_op(I, BinOpKind::Add, N(1), S("a"), true); }),
              "TypeError: unsupported operand type(s) for +=: 'int' and 'str'");
    EXPECT_EQ(err([&] { op(BinOpKind::Add, S("a"), N(1)); }),
              "TypeError: can only concatenate str (not \"int\") to str");
    EXPECT_EQ(err([&] { op(BinOpKind::Mult, S("a"), F(1.5)); }),
              "TypeError: can't multiply sequence by non-int of type 'float'");
    EXPECT_EQ(R(op(BinOpKind::Mult, S("ab"), N(3))), "'ababab'");
    EXPECT_EQ(R(op(BinOpKind::Mod, S("%5.2f|%-4d|%x|%r|%%|%c"),
                   Value::object(new_tuple(I, {F(3.14159), N(7), N(255), S("a"), N(65)})))),
              "\" 3.14|7   |ff|'a'|%|A\"");
    EXPECT_EQ(err([&] { op(BinOpKind::Mod, S("%s %s"), Value::object(new_tuple(I, {N(1)}))); }),
              "TypeError: not enough arguments for format string");
}

TEST_F(RT, ReprOfContainers) {
    List* l = new_list(I);
    list_append(I, l, N(1));
    list_append(I, l, Value::object(l));
    EXPECT_EQ(R(Value::object(l)), "[1, [...]]");
    EXPECT_EQ(R(Value::object(new_tuple(I, {N(1)}))), "(1,)");
    EXPECT_EQ(R(F(0.1)), "0.1");
    EXPECT_EQ(R(F(1e16)), "1e+16");
    Set* s = new_set(I);
    EXPECT_EQ(R(Value::object(s)), "set()");
    set_add(I, s, N(1));
    set_add(I, s, N(2));
    EXPECT_EQ(R(Value::object(s)), "{1, 2}");
    Set* fs = new_set(I, true);
    set_add(I, fs, N(1));
    EXPECT_EQ(R(Value::object(fs)), "frozenset({1})");
    EXPECT_EQ(R(Value::object(new_range(I, 0, 3, 1))), "range(0, 3)");
    EXPECT_EQ(R(Value::object(new_slice(I, N(1), N(2), Value::none()))), "slice(1, 2, None)");
    EXPECT_EQ(R(I.ellipsis), "Ellipsis");
    EXPECT_EQ(R(Value::object(I.types.int_)), "<class 'int'>");
    Dict* d = new_dict(I);
    dict_set(I, d, S("k"), Value::object(d));
    EXPECT_EQ(R(Value::object(d)), "{'k': {...}}");
}

TEST_F(RT, ClassesAndMro) {
    auto cls = [&](const char* name, std::initializer_list<Value> bases) {
        return make_class(I, intern(I, name), new_tuple(I, bases), new_dict(I));
    };
    Type* A = cls("A", {});
    Type* B = cls("B", {Value::object(A)});
    Type* C = cls("C", {Value::object(A)});
    Type* D = cls("D", {Value::object(B), Value::object(C)});
    EXPECT_EQ(R(getattr(I, Value::object(D), I.names.__mro__)),
              "(<class '__main__.D'>, <class '__main__.B'>, <class '__main__.C'>, <class '__main__.A'>, "
              "<class 'object'>)");
    EXPECT_EQ(err([&] { cls("E", {Value::object(A), Value::object(B)}); }),
              "TypeError: Cannot create a consistent method resolution\norder (MRO) for bases A, B");
    EXPECT_EQ(err([&] { cls("F", {Value::object(I.types.bool_)}); }),
              "TypeError: type 'bool' is not an acceptable base type");
    Value inst = call(I, Value::object(D), {});
    setattr(I, inst, intern(I, "x"), N(5));
    EXPECT_EQ(getattr(I, inst, intern(I, "x")).as_int(), 5);
    EXPECT_EQ(err([&] { getattr(I, inst, intern(I, "y")); }), "AttributeError: 'D' object has no attribute 'y'");
    EXPECT_EQ(err([&] { call(I, Value::object(D), {N(1)}); }), "TypeError: D() takes no arguments");
    EXPECT_EQ(err([&] { getattr(I, N(1), intern(I, "foo")); }), "AttributeError: 'int' object has no attribute 'foo'");
    EXPECT_EQ(err([&] { setattr(I, Value::object(I.types.int_), intern(I, "x"), N(1)); }),
              "TypeError: cannot set 'x' attribute of immutable type 'int'");
    EXPECT_EQ(err([&] { call(I, Value::none(), {}); }), "TypeError: 'NoneType' object is not callable");
}

TEST_F(RT, ExceptionsStrAndRepr) {
    Value e = call(I, Value::object(I.exc.ValueError), {S("x")});
    EXPECT_EQ(R(e), "ValueError('x')");
    EXPECT_EQ(std::string(str(I, e)->view()), "x");
    Value k = call(I, Value::object(I.exc.KeyError), {S("a")});
    EXPECT_EQ(std::string(str(I, k)->view()), "'a'");
    Value none = call(I, Value::object(I.exc.ValueError), {});
    EXPECT_EQ(std::string(str(I, none)->view()), "");
    Value two = call(I, Value::object(I.exc.ValueError), {N(1), N(2)});
    EXPECT_EQ(std::string(str(I, two)->view()), "(1, 2)");
    Value os = call(I, Value::object(I.exc.OSError), {N(2), S("No such file or directory"), S("x")});
    EXPECT_EQ(format_exception_only(I, os), "FileNotFoundError: [Errno 2] No such file or directory: 'x'\n");
    EXPECT_EQ(getattr(I, os, intern(I, "errno")).as_int(), 2);
    Value si = call(I, Value::object(I.exc.StopIteration), {N(5)});
    EXPECT_EQ(getattr(I, si, intern(I, "value")).as_int(), 5);
}

TEST_F(RT, ItemsAndSlices) {
    List* l = new_list(I);
    for (int i = 0; i < 5; i++) list_append(I, l, N(i + 1));
    Value lv = Value::object(l);
    EXPECT_EQ(getitem(I, lv, N(-1)).as_int(), 5);
    EXPECT_EQ(err([&] { getitem(I, lv, N(5)); }), "IndexError: list index out of range");
    EXPECT_EQ(err([&] { getitem(I, lv, S("a")); }), "TypeError: list indices must be integers or slices, not str");
    Value two = Value::object(new_slice(I, Value::none(), Value::none(), N(2)));
    EXPECT_EQ(err([&] { setitem(I, lv, two, Value::object(new_tuple(I, {N(0)}))); }),
              "ValueError: attempt to assign sequence of size 1 to extended slice of size 3");
    setitem(I, lv, Value::object(new_slice(I, N(1), N(3), Value::none())), S("ab"));
    EXPECT_EQ(R(lv), "[1, 'a', 'b', 4, 5]");
    delitem(I, lv, two);
    EXPECT_EQ(R(lv), "['a', 4]");
    EXPECT_EQ(err([&] { getitem(I, N(1), N(0)); }), "TypeError: 'int' object is not subscriptable");
    Value t = Value::object(new_tuple(I, {N(1)}));
    EXPECT_EQ(err([&] { setitem(I, t, N(0), N(1)); }), "TypeError: 'tuple' object does not support item assignment");
    EXPECT_EQ(err([&] { getitem(I, Value::object(new_dict(I)), S("k")); }), "KeyError: 'k'");
    EXPECT_TRUE(contains(I, S("hello"), S("ell")));
    EXPECT_TRUE(contains(I, Value::object(new_range(I, 0, 10, 3)), N(9)));
}

TEST_F(RT, IterationAndDictMutation) {
    Dict* d = new_dict(I);
    dict_set(I, d, N(1), N(1));
    Value it = get_iter(I, Value::object(d));
    EXPECT_EQ(next(I, it).as_int(), 1);
    dict_set(I, d, N(2), N(2));
    EXPECT_EQ(err([&] { next(I, it); }), "RuntimeError: dictionary changed size during iteration");
    EXPECT_EQ(err([&] { get_iter(I, N(3)); }), "TypeError: 'int' object is not iterable");
    Value s = get_iter(I, S("h\xc3\xa9"));
    EXPECT_EQ(R(next(I, s)), "'h'");
    EXPECT_EQ(R(next(I, s)), "'\xc3\xa9'");
    EXPECT_TRUE(next(I, s).is_null());
}

TEST_F(RT, GcFreesGarbageKeepsRoots) {
    I.heap.collect();
    size_t base = I.heap.object_count();
    for (int i = 0; i < 1000; i++) new_list(I, 10);
    List* kept = new_list(I);
    list_append(I, kept, S("kept string value"));
    {
        TempRoot r(I, kept);
        I.heap.collect();
        EXPECT_EQ(I.heap.object_count(), base + 2);
        EXPECT_EQ(R(kept->items[0]), "'kept string value'");
    }
    I.heap.collect();
    EXPECT_EQ(I.heap.object_count(), base);
}

// Small item buffers are heap cells, bigger ones malloc'd (Heap::alloc_buffer):
// a list growing across the boundary keeps its items, under collections that
// free other lists' buffers, and all of it is accounted and given back.
TEST_F(RT, ListBuffersCrossTheCellBoundary) {
    I.heap.collect();
    size_t base_bytes = I.heap.bytes_in_use();
    size_t base_count = I.heap.object_count();
    I.heap.set_stress(true);
    {
        List* l = new_list(I);
        TempRoot r(I, l);
        for (int i = 0; i < 100; i++) {
            list_append(I, l, N(i));
            List* garbage = new_list(I);
            for (int k = 0; k <= i % 20; k++) list_append(I, garbage, N(k));
            I.heap.maybe_collect();
            for (int k = 0; k <= i; k++) ASSERT_EQ(l->items[k].as_int(), k);
        }
        EXPECT_EQ(l->size, 100u);
    }
    I.heap.set_stress(false);
    I.heap.collect();
    I.heap.collect();  // buffers freed during a sweep are reclaimed by the next one
    EXPECT_EQ(I.heap.object_count(), base_count);
    EXPECT_EQ(I.heap.bytes_in_use(), base_bytes);
}

// Issue 3's memory goal: an empty list, dict and instance cost no more than
// CPython 3.11's (sys.getsizeof: 56, 64 and 48 bytes, GC header included).
TEST_F(RT, EmptyContainersCostNoMoreThanCPython) {
    auto cost = [&](auto make) {
        I.heap.collect();
        size_t before = I.heap.bytes_in_use();
        make();
        return I.heap.bytes_in_use() - before;
    };
    EXPECT_LE(cost([&] { new_list(I); }), 56u);
    EXPECT_LE(cost([&] { new_dict(I); }), 64u);
    EXPECT_LE(cost([&] { new_instance(I, I.types.object); }), 48u);
    EXPECT_LE(sizeof(List), 56u);
    EXPECT_LE(sizeof(Dict), 64u);
    EXPECT_LE(sizeof(Instance), 48u);
}

TEST_F(RT, GcStressAndMemoryLimit) {
    I.heap.set_stress(true);
    List* l = new_list(I);
    TempRoot r(I, l);
    for (int i = 0; i < 200; i++) {
        list_append(I, l, Value::object(new_tuple(I, {N(i)})));
        I.heap.maybe_collect();
    }
    EXPECT_EQ(l->size, 200u);
    EXPECT_EQ(static_cast<Tuple*>(l->items[199].as_obj())->items()[0].as_int(), 199);
    I.heap.set_stress(false);
    I.heap.set_memory_limit(I.heap.bytes_in_use() + (1 << 20));
    std::string e = err([&] {
        for (;;) list_append(I, l, Value::object(new_list(I, 1000)));
    });
    EXPECT_EQ(e, "MemoryError");
}

}  // namespace

// Deep recursion: after three identical entries in a row the traceback says how many
// more there were, as CPython does ("time" for one, "times" for more).
TEST_F(RT, TracebackFoldsRepeatedEntries) {
    Value e = new_exception(I, I.exc.ValueError, "x");
    auto* ex = as<Exception>(e);
    ex->tb = new std::vector<TracebackEntry>();
    Str* file = intern(I, "<nofile>");
    Str* f = intern(I, "f");
    auto tb_text = [&](int recursive) {
        ex->tb->clear();
        ex->tb->push_back({file, f, 3});  // innermost: the raise
        for (int i = 0; i < recursive; i++) ex->tb->push_back({file, f, 4});
        ex->tb->push_back({file, nullptr, 5});  // <module>
        return format_exception(I, e);
    };
    std::string rec = "  File \"<nofile>\", line 4, in f\n";
    std::string head = "Traceback (most recent call last):\n  File \"<nofile>\", line 5, in <module>\n";
    std::string tail = "  File \"<nofile>\", line 3, in f\nValueError: x\n";
    EXPECT_EQ(tb_text(3), head + rec + rec + rec + tail);
    EXPECT_EQ(tb_text(4), head + rec + rec + rec + "  [Previous line repeated 1 more time]\n" + tail);
    EXPECT_EQ(tb_text(1000), head + rec + rec + rec + "  [Previous line repeated 997 more times]\n" + tail);
}
