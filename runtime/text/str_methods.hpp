// runtime/text: the methods of Python's str as functions over UTF-8 string_views.
// Indices are code points with CPython's slice clamping; results that are pieces of the
// input are returned as string_views into it (no copies), new text as std::string.
// Implemented in str_search.cpp, str_layout.cpp and str_case.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aio::text {

using OptIndex = std::optional<std::int64_t>;  // an omitted or None start/end

// --- searching (str_search.cpp) ----------------------------------------------------
// s.find(sub, start, end) / rfind: code point index of the match, or -1.
std::int64_t find(std::string_view s, std::string_view sub, OptIndex start = {}, OptIndex end = {});
std::int64_t rfind(std::string_view s, std::string_view sub, OptIndex start = {}, OptIndex end = {});
// s.index / s.rindex: as find/rfind but throw ValueError "substring not found".
std::int64_t index(std::string_view s, std::string_view sub, OptIndex start = {}, OptIndex end = {});
std::int64_t rindex(std::string_view s, std::string_view sub, OptIndex start = {}, OptIndex end = {});
// s.count(sub, start, end): non-overlapping occurrences; '' counts every position.
std::int64_t count(std::string_view s, std::string_view sub, OptIndex start = {}, OptIndex end = {});
// s.startswith(prefix, start, end) / endswith for one prefix (tuples: the caller loops).
bool startswith(std::string_view s, std::string_view prefix, OptIndex start = {}, OptIndex end = {});
bool endswith(std::string_view s, std::string_view suffix, OptIndex start = {}, OptIndex end = {});

// s.replace(old, new, count): count < 0 means all; an empty [old] inserts [repl]
// before every code point and at the end.
std::string replace(std::string_view s, std::string_view old, std::string_view repl, std::int64_t count = -1);

// What split() without a separator splits at: str's Unicode White_Space (s is UTF-8), or
// bytes' ASCII whitespace (space, \t \n \v \f \r; s is any bytes, never decoded).
enum class Whitespace { Unicode, Ascii };
// s.split() / s.split(None, maxsplit): runs of whitespace separate, ends trimmed.
std::vector<std::string_view> split_whitespace(std::string_view s, std::int64_t maxsplit = -1,
                                               Whitespace ws = Whitespace::Unicode);
std::vector<std::string_view> rsplit_whitespace(std::string_view s, std::int64_t maxsplit = -1,
                                                Whitespace ws = Whitespace::Unicode);
// s.split(sep, maxsplit) with an explicit separator; ValueError "empty separator".
// Byte-wise, so bytes.split(sep) uses it too.
std::vector<std::string_view> split(std::string_view s, std::string_view sep, std::int64_t maxsplit = -1);
std::vector<std::string_view> rsplit(std::string_view s, std::string_view sep, std::int64_t maxsplit = -1);
// split or rsplit ([from_right]) at [sep], or at whitespace of kind [ws] when it is absent.
std::vector<std::string_view> split_any(std::string_view s, std::optional<std::string_view> sep,
                                        std::int64_t maxsplit, bool from_right, Whitespace ws);
// s.partition(sep) / rpartition: (head, sep, tail); ValueError "empty separator".
std::array<std::string_view, 3> partition(std::string_view s, std::string_view sep);
std::array<std::string_view, 3> rpartition(std::string_view s, std::string_view sep);

// s.removeprefix(p) / removesuffix(p).
std::string_view removeprefix(std::string_view s, std::string_view prefix) noexcept;
std::string_view removesuffix(std::string_view s, std::string_view suffix) noexcept;

// --- layout (str_layout.cpp) -------------------------------------------------------
// s.strip() etc.: without [chars] strip Unicode whitespace, else any code point in [chars].
std::string_view strip(std::string_view s);
std::string_view lstrip(std::string_view s);
std::string_view rstrip(std::string_view s);
std::string_view strip(std::string_view s, std::string_view chars);
std::string_view lstrip(std::string_view s, std::string_view chars);
std::string_view rstrip(std::string_view s, std::string_view chars);

// s.splitlines(keepends): breaks at \n \r \r\n \v \f \x1c \x1d \x1e \x85 U+2028 U+2029.
std::vector<std::string_view> splitlines(std::string_view s, bool keepends = false);

// s.center/ljust/rjust(width, fillchar): widths in code points; CPython's centering bias.
std::string center(std::string_view s, std::int64_t width, char32_t fill = ' ');
std::string ljust(std::string_view s, std::int64_t width, char32_t fill = ' ');
std::string rjust(std::string_view s, std::int64_t width, char32_t fill = ' ');
// s.zfill(width): zeros after a leading sign.
std::string zfill(std::string_view s, std::int64_t width);
// s.expandtabs(tabsize): columns restart after \n and \r.
std::string expandtabs(std::string_view s, std::int64_t tabsize = 8);
// sep.join(parts) for parts that are already strings (the caller checks their types).
std::string join(std::string_view sep, const std::vector<std::string_view>& parts);
std::string join(std::string_view sep, const std::vector<std::string>& parts);

// --- case and predicates (str_case.cpp) --------------------------------------------
std::string upper(std::string_view s);
std::string lower(std::string_view s);  // Greek final sigma handled
std::string casefold(std::string_view s);
std::string swapcase(std::string_view s);
std::string title(std::string_view s);
std::string capitalize(std::string_view s);

// Whole-string predicates; all are false for "" except isprintable and isascii.
bool isalpha(std::string_view s);
bool isalnum(std::string_view s);
bool isdecimal(std::string_view s);
bool isdigit(std::string_view s);
bool isnumeric(std::string_view s);
bool isspace(std::string_view s);
bool isupper(std::string_view s);
bool islower(std::string_view s);
bool istitle(std::string_view s);
bool isidentifier(std::string_view s);
bool isprintable(std::string_view s);
bool isascii(std::string_view s) noexcept;

}  // namespace aio::text
