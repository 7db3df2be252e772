// bench/embed_add.cpp - the cost of calling bound C++ from a script: a loop calling
// a bound `int add(int, int)` 1,000,000 times against the same loop calling a script
// function. The API's target is a ratio (native / script) of at most 1.5.
// Build: ninja aio_embed_bench (a Release build gives the meaningful numbers).
#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>

namespace {

int add(int a, int b) { return a + b; }

double seconds_of(aio::Interpreter& in, const char* code) {
    auto start = std::chrono::steady_clock::now();
    in.exec(code);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main() {
    try {
        aio::Interpreter in;
        in.def("add", add);
        in.exec("def script_add(a, b):\n    return a + b\n"
                "def run(f):\n    t = 0\n    for i in range(1000000):\n        t = f(i, 1)\n    return t\n");
        double best_native = 1e9, best_script = 1e9;
        for (int round = 0; round < 3; round++) {
            best_native = std::min(best_native, seconds_of(in, "run(add)"));
            best_script = std::min(best_script, seconds_of(in, "run(script_add)"));
        }
        std::printf("bound C++ add:   %.3f s / 1M calls\n", best_native);
        std::printf("script add:      %.3f s / 1M calls\n", best_script);
        std::printf("ratio native/script: %.2f (target <= 1.5)\n", best_native / best_script);
        return 0;
    } catch (const aio::Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
