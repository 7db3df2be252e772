// cli/completion.hpp - Tab completion for the REPL: keywords and the names of
// the REPL's globals and builtins, or the attributes of `a.b.<Tab>` (dir()).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "runtime/interp.hpp"

namespace aio::cli {

// Candidates for the word ending at the end of [before_cursor], sorted; sets
// [*word_len] to the length of the part being completed (after the last dot).
// Only plain dotted names are looked up: completion never calls functions, but
// attribute access on the objects (properties) may run code, as in CPython.
std::vector<std::string> complete_word(rt::Interp& I, rt::Dict* globals, std::string_view before_cursor,
                                       size_t* word_len);

}  // namespace aio::cli
