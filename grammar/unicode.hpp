// grammar/unicode.hpp - small UTF-8 helpers for the lexer and error messages:
// decoding one code point, identifier-character checks (an approximation of
// XID_Start/XID_Continue that rejects the symbol and punctuation blocks), and
// byte -> character column conversion (CPython reports columns in characters).
#pragma once
#include <cstdint>
#include <string>

namespace aio::grammar {

// Byte length of the UTF-8 sequence starting at `p` (1 for invalid bytes).
int utf8_len(const char* p);
// The code point at `p` (U+FFFD when malformed).
uint32_t decode_utf8(const char* p);
// Appends code point `cp` as UTF-8.
void append_utf8(std::string& out, uint32_t cp);
// First non-identifier character in [b, e), or nullptr when all are valid.
const char* check_identifier(const char* b, const char* e);
// Number of characters between `line_start` and `p`.
int char_col(const char* line_start, const char* p);
std::string hex_upper(uint32_t v);  // at least 4 digits, as in U+00A0
std::string hex_lower(uint32_t v);  // 2 digits
// Offset of the first malformed UTF-8 sequence in [p, p+n), or n when valid;
// `why` gets CPython's reason ("invalid start byte", ...).
size_t find_invalid_utf8(const char* p, size_t n, const char** why);
// CPython 3.11 still accepts `1if x else y`: a number may touch these keywords.
bool number_may_touch_keyword(const char* p);

}  // namespace aio::grammar
