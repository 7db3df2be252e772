// samples/embed/thread_pool.cpp - a host that serves a script's def_async calls on
// a pool of worker threads: each call returns an awaitable at once, a worker
// computes the answer and settles the Promise, and the script resumes on its loop.
#include <aio/aio.hpp>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace {

class ThreadPool {
public:
    explicit ThreadPool(int n) {
        for (int i = 0; i < n; i++) threads_.emplace_back([this] { run(); });
    }
    ~ThreadPool() {
        {
            std::lock_guard<std::mutex> lock(mu_);
            stop_ = true;
        }
        cv_.notify_all();
        for (auto& t : threads_) t.join();
    }
    void submit(std::function<void()> job) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            jobs_.push_back(std::move(job));
        }
        cv_.notify_one();
    }

private:
    void run() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock<std::mutex> lock(mu_);
                cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
                if (jobs_.empty()) return;
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            job();
        }
    }
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    bool stop_ = false;
};

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
