// cli/print.hpp - the command's own text (usage errors, unreadable files, syntax
// errors of --check, --dump-ast and --dis output) written through stdio.
// Not <iostream>: with libstdc++ linked statically, its initialiser builds the
// standard streams and every locale facet at each start (~10 page faults), and
// the interpreter's own output goes through stdio anyway.
#pragma once

#include <cstdio>
#include <string_view>

namespace aio::cli {

inline void print(std::FILE* to, std::string_view text) { std::fwrite(text.data(), 1, text.size(), to); }

}  // namespace aio::cli
