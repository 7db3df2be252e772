// bench/parse_files.cpp - parses every file given on the command line with
// aio::grammar::parse() and reports syntax errors; used by check_stdlib.sh
// until `aio --check` exists. `--dump` prints the AST of each file,
// `--dump-ends` with end positions, `-q` only counts.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "grammar/dump.hpp"
#include "grammar/parse.hpp"

int main(int argc, char** argv) {
    using namespace aio::grammar;
    bool dump = false, quiet = false, ends = false;
    int failed = 0, total = 0;
    double secs = 0;
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--dump")) { dump = true; continue; }
        if (!std::strcmp(argv[i], "--dump-ends")) { dump = ends = true; continue; }
        if (!std::strcmp(argv[i], "-q")) { quiet = true; continue; }
        std::string src;
        if (FILE* f = std::fopen(argv[i], "rb")) {
            std::fseek(f, 0, SEEK_END);
            long n = std::ftell(f);
            std::fseek(f, 0, SEEK_SET);
            src.resize(n > 0 ? static_cast<size_t>(n) : 0);
            if (n > 0 && std::fread(src.data(), 1, src.size(), f) != src.size()) src.clear();
            std::fclose(f);
        } else {
            std::fprintf(stderr, "cannot read %s\n", argv[i]);
            failed++;
            continue;
        }
        auto t0 = std::chrono::steady_clock::now();
        Arena arena;
        ParseResult r = parse(arena, src, argv[i]);
        secs += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        total++;
        if (r.error) {
            failed++;
            if (!quiet) std::fputs(format_syntax_error(*r.error).c_str(), stdout);
        } else if (dump) {
            std::fputs((ends ? dump_ast_with_ends(*r.module) : dump_ast(*r.module)).c_str(), stdout);
        }
    }
    std::fprintf(stderr, "parsed %d files, %d failed, %.3f s\n", total, failed, secs);
    return failed ? 1 : 0;
}
