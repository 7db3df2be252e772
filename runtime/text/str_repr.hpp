// runtime/text: repr() of str and bytes, and ascii(), exactly as CPython 3.11.
// Input str is valid UTF-8; bytes are arbitrary. Output is the full literal with quotes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace aio::text {

// repr(str): single quotes unless the text has ' and no ", escapes \\ \' \t \n \r,
// \xNN for other controls and non-printable Latin-1, \uNNNN / \UNNNNNNNN above that;
// printable non-ASCII is kept as is.
std::string str_repr(std::string_view s);
void append_str_repr(std::string& out, std::string_view s);

// ascii(str): like str_repr but every non-ASCII code point is escaped.
std::string ascii_repr(std::string_view s);
// ascii(x) from repr(x): every non-ASCII code point of [s] as \xNN, \uNNNN or \UNNNNNNNN.
std::string escape_non_ascii(std::string_view s);

// repr(bytes): b'...' with \xNN for bytes outside 0x20..0x7e.
std::string bytes_repr(std::string_view b);

// repr(s) cut to [max_cps] code points, as CPython's "%.200R" in error messages.
std::string str_repr_truncated(std::string_view s, std::size_t max_cps);

}  // namespace aio::text
