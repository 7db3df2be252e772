// "coroutine ... was never awaited" shows once per location and text, as CPython's
// warning registry: coroutines dropped unawaited at one line of a loop warn once.
#include <gtest/gtest.h>

#include <string>

#include "aio/aio.hpp"

namespace {

size_t count(const std::string& s, const std::string& what) {
    size_t n = 0;
    for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) n++;
    return n;
}

TEST(VmNeverAwaited, OncePerLocation) {
    std::string err;
    aio::Options o;
    o.out = [](std::string_view) {};
    o.err = [&err](std::string_view s) { err += s; };
    aio::Interpreter in(o);
    in.exec(
        "import gc\n"
        "async def fetch(i):\n"
        "    return i\n"
        "async def other():\n"
        "    pass\n"
        "for i in range(3):\n"
        "    fetch(i)\n"
        "gc.collect()\n"
        "other()\n"
        "fetch(9)\n"
        "gc.collect()\n",
        "loop.aio");
    EXPECT_EQ(count(err, "loop.aio:7: RuntimeWarning: coroutine 'fetch' was never awaited"), 1u) << err;
    EXPECT_EQ(count(err, "loop.aio:9: RuntimeWarning: coroutine 'other' was never awaited"), 1u) << err;
    EXPECT_EQ(count(err, "loop.aio:10: RuntimeWarning: coroutine 'fetch' was never awaited"), 1u) << err;
}

}  // namespace
