// fuzz/parse_fuzzer.cpp - libFuzzer target for the front end: any bytes must
// give a tree or a SyntaxError (never a crash, hang or unbounded recursion),
// in every parse mode, and both results must be printable.
// Build: clang++ -std=c++20 -fsanitize=fuzzer,address -I. -Ibuild/generated \
//        fuzz/parse_fuzzer.cpp grammar/*.cpp build/generated/{parser,lexer}.cpp
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "grammar/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace aio::grammar;
    std::string_view src(reinterpret_cast<const char*>(data), size);
    for (ParseMode mode : {ParseMode::File, ParseMode::Eval, ParseMode::Interactive}) {
        Arena arena;
        ParseResult r = parse(arena, src, "fuzz.py", mode);
        if (r.error) (void)format_syntax_error(*r.error);
        else (void)dump_ast(*r.module);
    }
    return 0;
}
