// The public header compiles on its own: it is included first, and this test
// target has no access to the project's internal headers (tests/extra/api.cmake).
#include "aio/aio.hpp"

#include <gtest/gtest.h>

static_assert(std::is_copy_constructible_v<aio::Value>);
static_assert(std::is_nothrow_move_constructible_v<aio::Value>);
static_assert(!std::is_copy_constructible_v<aio::Interpreter>);
static_assert(std::is_base_of_v<std::exception, aio::Error>);

TEST(ApiHeader, CompilesAloneAndRunsHello) {
    std::string out;
    aio::Options o;
    o.out = [&](std::string_view s) { out += s; };
    aio::Interpreter in(o);
    in.exec("print('hello', 6 * 7)");
    EXPECT_EQ(out, "hello 42\n");
}
