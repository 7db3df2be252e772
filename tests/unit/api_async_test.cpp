// Native async: def_async promises settled from other threads, rejection,
// cancellation (on_cancel fires for exactly the cancelled awaits), run(), and
// the host-driven loop (spawn / run_once / run_for / poll_fd).
#include <gtest/gtest.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "aio/aio.hpp"
#include "thread_pool.hpp"  // samples/embed: ThreadPool, shared with the embedding sample

namespace {

TEST(ApiAsync, ResolveFromAnotherThread) {
    aio::Interpreter in;
    ThreadPool pool(1);
    in.def_async("fetch", [&](aio::Promise p, std::string url) {
        pool.submit([p, url]() mutable { p.resolve("body of " + url); });
    });
    in.exec("import asyncio\nasync def main():\n    return await fetch('a.com')\n");
    EXPECT_EQ(in.run(in.call("main")).get<std::string>(), "body of a.com");
}

TEST(ApiAsync, RejectAndThrow) {
    aio::Interpreter in;
    in.def_async("fail", [](aio::Promise p, int code) {
        if (code == 1) throw aio::Error("KeyError", "thrown");
        std::thread([p]() mutable { p.reject("ValueError", "bad input"); }).detach();
    });
    in.exec("async def main(code):\n    try:\n        await fail(code)\n    except Exception as e:\n"
            "        return type(e).__name__ + ': ' + str(e)\n");
    EXPECT_EQ(in.run(in.call("main", 0)).get<std::string>(), "ValueError: bad input");
    EXPECT_EQ(in.run(in.call("main", 1)).get<std::string>(), "KeyError: 'thrown'");
    // Outside a running loop the call is a RuntimeError, not a crash.
    EXPECT_THROW(in.exec("fail(0)"), aio::Error);
}

TEST(ApiAsync, ManyCallsFromFourThreadsAndCancellation) {
    aio::Interpreter in;
    ThreadPool pool(4);
    std::atomic<int> cancelled{0}, resolved{0};
    std::mutex mu;
    std::vector<int> cancelled_ids;
    in.def_async("work", [&](aio::Promise p, int i) {
        p.on_cancel([&, i] {
            cancelled++;
            std::lock_guard<std::mutex> lock(mu);
            cancelled_ids.push_back(i);
        });
        // Odd calls get cancelled by the script; the host never settles them.
        if (i % 2 == 0) pool.submit([p, i, &resolved]() mutable {
            p.resolve(i * 2);
            resolved++;
        });
    });
    in.exec(R"(
import asyncio
async def main(n):
    futs = [work(i) for i in range(n)]
    for i in range(1, n, 2):
        futs[i].cancel()
    total = 0
    seen = 0
    for i in range(0, n, 2):
        total += await futs[i]
        seen += 1
    await asyncio.sleep(0)
    return [total, seen]
)");
    const int n = 100000;
    auto r = in.run(in.call("main", n)).get<std::vector<int64_t>>();
    int64_t expect = 0;
    for (int i = 0; i < n; i += 2) expect += i * 2;
    EXPECT_EQ(r[0], expect);
    EXPECT_EQ(r[1], n / 2);
    EXPECT_EQ(cancelled.load(), n / 2);
    std::sort(cancelled_ids.begin(), cancelled_ids.end());
    ASSERT_EQ(cancelled_ids.size(), size_t(n / 2));
    for (int k = 0; k < n / 2; k++) ASSERT_EQ(cancelled_ids[k], 2 * k + 1);
}

TEST(ApiAsync, HostDrivenLoop) {
    aio::Interpreter in;
    std::vector<aio::Promise> held;
    in.def_async("next_frame", [&](aio::Promise p) { held.push_back(p); });
    in.exec(R"(
import asyncio
log = []
async def ticker():
    for i in range(3):
        await asyncio.sleep(0.01)
        log.append(i)
async def waiter():
    v = await next_frame()
    log.append(v)
)");
    in.spawn(in.call("ticker"));
    in.spawn(in.call("waiter"));
    EXPECT_GE(in.poll_fd(), 0);
    auto next = in.run_once();
    EXPECT_TRUE(next.has_value());
    for (int i = 0; i < 10 && in.eval("len(log)").get<int>() < 3; i++) in.run_for(std::chrono::milliseconds(20));
    EXPECT_EQ(in.eval("log").get<std::vector<int>>(), (std::vector<int>{0, 1, 2}));
    ASSERT_EQ(held.size(), 1u);
    std::thread([p = held[0]]() mutable { p.resolve(99); }).join();
    // A host with its own poller sees the settlement on poll_fd().
    pollfd pfd{in.poll_fd(), POLLIN, 0};
    EXPECT_EQ(::poll(&pfd, 1, 1000), 1);
    in.run_for(std::chrono::milliseconds(50));
    EXPECT_EQ(in.eval("log[-1]").get<int>(), 99);
    EXPECT_FALSE(in.run_once().has_value());  // nothing scheduled any more
}

TEST(ApiAsync, InterruptWhileAwaiting) {
    aio::Interpreter in;
    std::vector<aio::Promise> held;
    in.def_async("never", [&](aio::Promise p) { held.push_back(p); });
    in.exec("async def main():\n    await never()\n");
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        in.interrupt();
    });
    try {
        in.run(in.call("main"));
        ADD_FAILURE() << "not interrupted";
    } catch (const aio::Error& e) {
        EXPECT_EQ(e.type(), "KeyboardInterrupt");
    }
    stopper.join();
}

}  // namespace

namespace {

TEST(ApiAsync, RunWithoutNativeAsync) {
    aio::Interpreter in;
    in.exec("import asyncio\nasync def m(x):\n    await asyncio.sleep(0.001)\n    return x * 2\n");
    EXPECT_EQ(in.run(in.call("m", 21)).get<int>(), 42);
}

}  // namespace

namespace {

TEST(ApiAsync, AbandonedPromiseDoesNotStallTheNextRun) {
    aio::Interpreter in;
    std::vector<aio::Promise> held;
    in.def_async("never", [&](aio::Promise p) { held.push_back(p); });
    in.def_async("soon", [](aio::Promise p, int v) { std::thread([p, v]() mutable { p.resolve(v); }).detach(); });
    in.exec("async def first():\n    never()\n    return 1\nasync def second():\n    return await soon(2)\n");
    EXPECT_EQ(in.run(in.call("first")).get<int>(), 1);
    EXPECT_EQ(in.run(in.call("second")).get<int>(), 2);
    held.clear();
}

}  // namespace
