// samples/embed/thread_pool.cpp - a host that serves a script's def_async calls on
// a pool of worker threads: each call returns an awaitable at once, a worker
// computes the answer and settles the Promise, and the script resumes on its loop.
#include <aio/aio.hpp>

#include <cstdio>

#include "thread_pool.hpp"

namespace {

// Deliberately slow work for the pool.
long long count_primes(int limit) {
    long long n = 0;
    for (int i = 2; i < limit; i++) {
        bool prime = true;
        for (int d = 2; d * d <= i && prime; d++) prime = i % d != 0;
        n += prime;
    }
    return n;
}

const char* kScript = R"(
import asyncio

async def main():
    limits = [1000 * (i + 1) for i in range(16)]
    counts = await asyncio.gather(*[primes_below(n) for n in limits])
    for n, c in zip(limits, counts):
        print(f'primes below {n}: {c}')
    try:
        await primes_below(-1)
    except ValueError as e:
        print('rejected:', e)
)";

}  // namespace

int main() {
    ThreadPool pool(4);
    try {
        aio::Interpreter script;
        script.def_async("primes_below", [&pool](aio::Promise p, int limit) {
            if (limit < 0) return p.reject("ValueError", "limit must be positive");
            pool.submit([p, limit]() mutable { p.resolve(count_primes(limit)); });
        });
        script.exec(kScript, "primes.aio");
        script.run(script.call("main"));
        return 0;
    } catch (const aio::Error& e) {
        std::fprintf(stderr, "%s%s\n", e.traceback().c_str(), e.what());
        return 1;
    }
}
