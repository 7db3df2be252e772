// grammar/literals.hpp - decoding of literal tokens: string prefixes and
// escapes (str -> UTF-8, bytes -> raw bytes). Used by literals.cpp (numbers,
// adjacent-string concatenation) and fstring.cpp (f-string literal parts).
#pragma once
#include <string>
#include <string_view>

namespace aio::grammar {

struct StrPrefix {
    bool raw = false, bytes = false, fmt = false;
    int quote_len = 1;      // 1 or 3
    std::string_view body;  // between the quotes
};
StrPrefix split_string_token(std::string_view tok);

// Appends the decoded `s` to `out`. Returns false with `err` set to CPython's
// message on a malformed escape. `bytes` keeps \u, \U, \N as written.
bool decode_escapes(std::string_view s, bool bytes, std::string& out, std::string& err);

}  // namespace aio::grammar
