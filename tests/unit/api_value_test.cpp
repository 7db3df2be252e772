// aio::Value: conversions in both directions, is<T>(), attribute and item access,
// calls with keyword arguments, and conversion errors as aio::Error TypeErrors.
#include <gtest/gtest.h>

#include <map>
#include <unordered_map>

#include "aio/aio.hpp"

namespace {

TEST(ApiValue, Scalars) {
    aio::Interpreter in;
    EXPECT_TRUE(in.eval("True").get<bool>());
    EXPECT_EQ(in.eval("-5").get<int>(), -5);
    EXPECT_EQ(in.eval("2**40").get<int64_t>(), int64_t(1) << 40);
    EXPECT_DOUBLE_EQ(in.eval("0.25").get<double>(), 0.25);
    EXPECT_DOUBLE_EQ(in.eval("3").get<double>(), 3.0);  // int widens to float
    EXPECT_EQ(in.eval("'héllo'").get<std::string>(), "héllo");
    EXPECT_EQ(in.eval("'abc'").get<std::string_view>(), "abc");
    EXPECT_TRUE(in.eval("None").is_none());
    EXPECT_EQ(in.eval("None").get<std::nullptr_t>(), nullptr);
    EXPECT_TRUE(in.value(nullptr).is_none());
    EXPECT_TRUE(in.eval("1").is<int>());
    EXPECT_FALSE(in.eval("'1'").is<int>());
    EXPECT_FALSE(in.eval("1").is<bool>());
    EXPECT_FALSE(in.eval("1.5").is<int>());
    EXPECT_THROW(in.eval("'x'").get<int>(), aio::Error);
    EXPECT_THROW(in.eval("2**40").get<int32_t>(), aio::Error);
    EXPECT_THROW(in.eval("-1").get<unsigned>(), aio::Error);
    try {
        in.eval("[1]").get<std::string>();
        FAIL();
    } catch (const aio::Error& e) {
        EXPECT_EQ(e.type(), "TypeError");
    }
}

TEST(ApiValue, Containers) {
    aio::Interpreter in;
    EXPECT_EQ(in.eval("[1, 2, 3]").get<std::vector<int>>(), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(in.eval("(1, 'a')").get<std::vector<aio::Value>>().size(), 2u);
    auto m = in.eval("{'a': 1, 'b': 2}").get<std::map<std::string, int>>();
    EXPECT_EQ(m, (std::map<std::string, int>{{"a", 1}, {"b", 2}}));
    auto um = in.eval("{1: [1.5]}").get<std::unordered_map<int, std::vector<double>>>();
    EXPECT_EQ(um.at(1).at(0), 1.5);
    auto t = in.eval("(1, 'x', 2.5)").get<std::tuple<int, std::string, double>>();
    EXPECT_EQ(t, std::make_tuple(1, std::string("x"), 2.5));
    EXPECT_EQ(in.eval("None").get<std::optional<int>>(), std::nullopt);
    EXPECT_EQ(in.eval("7").get<std::optional<int>>(), 7);
    EXPECT_TRUE((in.eval("[1, 2]").is<std::vector<int>>()));
    EXPECT_FALSE((in.eval("[1, 'x']").is<std::vector<int>>()));
    EXPECT_THROW(in.eval("[1, 'x']").get<std::vector<int>>(), aio::Error);

    in.set_global("v", std::vector<std::string>{"a", "b"});
    in.set_global("d", std::map<std::string, std::vector<int>>{{"k", {1, 2}}});
    in.set_global("t", std::make_tuple(1, std::string("two"), std::optional<double>{}));
    in.set_global("p", std::make_pair(1, 2));
    EXPECT_EQ(in.eval("repr(v)").get<std::string>(), "['a', 'b']");
    EXPECT_EQ(in.eval("repr(d)").get<std::string>(), "{'k': [1, 2]}");
    EXPECT_EQ(in.eval("repr(t)").get<std::string>(), "(1, 'two', None)");
    EXPECT_EQ(in.eval("p[0] + p[1]").get<int>(), 3);
}

TEST(ApiValue, AttributesItemsAndCalls) {
    aio::Interpreter in;
    in.exec("class P:\n    def __init__(self):\n        self.x = 1\n"
            "    def scale(self, k, *, offset=0):\n        return self.x * k + offset\n"
            "p = P()\nd = {'a': [10, 20]}\n");
    aio::Value p = in.global("p");
    EXPECT_EQ(p.attr("x").get<int>(), 1);
    p.set_attr("x", 5);
    EXPECT_EQ(p.call_method("scale", 2).get<int>(), 10);
    EXPECT_EQ(p.call_method("scale", 2, aio::kw("offset", 1)).get<int>(), 11);
    EXPECT_TRUE(p.has_attr("scale"));
    EXPECT_FALSE(p.has_attr("nope"));
    EXPECT_THROW(p.attr("nope"), aio::Error);
    aio::Value d = in.global("d");
    EXPECT_EQ(d["a"][1].get<int>(), 20);
    d.set_item("b", 3);
    EXPECT_EQ(in.eval("d['b']").get<int>(), 3);
    EXPECT_EQ(d.size(), 2u);
    EXPECT_EQ(in.eval("'x'").repr(), "'x'");
    EXPECT_EQ(p.type_name(), "P");
    EXPECT_TRUE(in.eval("[1]").truthy());
    EXPECT_TRUE(p.same(in.global("p")));
    aio::Value print = in.global("print");
    std::string out;
    (void)out;
    EXPECT_THROW(in.eval("len")(1), aio::Error);  // TypeError inside a call
}

TEST(ApiValue, CallablesBothWays) {
    aio::Interpreter in;
    in.exec("def twice(f, x):\n    return f(f(x))\n");
    std::function<int(int)> inc = [](int x) { return x + 1; };
    EXPECT_EQ(in.call("twice", inc, 5).get<int>(), 7);
    auto script_fn = in.eval("lambda a, b: a * b").get<std::function<int(int, int)>>();
    EXPECT_EQ(script_fn(6, 7), 42);
}

TEST(ApiValue, HandlesCopyAndRelease) {
    aio::Interpreter in;
    aio::Value a = in.eval("[1, 2, 3]");
    aio::Value b = a;
    aio::Value c = std::move(a);
    EXPECT_TRUE(a.empty());
    EXPECT_TRUE(b.same(c));
    b = in.eval("'other'");
    EXPECT_EQ(c.size(), 3u);
    EXPECT_THROW(aio::Value().size(), aio::Error);
}

}  // namespace
