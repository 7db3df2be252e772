// runtime/text: searching str methods (find, count, replace, split, partition, ...).
// Valid UTF-8 never matches a needle at a non-boundary, so searches run on bytes and
// only the window edges and results are converted between code points and bytes.
#include <algorithm>

#include "runtime/text/str_methods.hpp"
#include "runtime/text/text_error.hpp"
#include "runtime/text/unicode_class.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::text {

namespace {

// A slice s[start:end] resolved as CPython's ADJUST_INDICES does, in both units.
struct Window {
    std::int64_t start, end;  // code points, after clamping (start may exceed len)
    std::int64_t len;         // code point length of s
    std::size_t b0, b1;       // byte range; empty when start >= end
    bool ascii;               // code points == bytes
};

Window window(std::string_view s, OptIndex start, OptIndex end) {
    Window w{};
    w.ascii = !start && !end ? false : is_ascii(s);
    if (!start && !end) {
        w.len = -1;  // not needed: the window is the whole string
        w.start = 0;
        w.end = INT64_MAX;
        w.b0 = 0;
        w.b1 = s.size();
        return w;
    }
    w.len = w.ascii ? std::int64_t(s.size()) : std::int64_t(count_code_points(s));
    std::int64_t a = start.value_or(0), b = end.value_or(w.len);
    if (a < 0) a = std::max<std::int64_t>(a + w.len, 0);
    if (b > w.len) b = w.len;
    if (b < 0) b = std::max<std::int64_t>(b + w.len, 0);
    w.start = a;
    w.end = b;
    auto off = [&](std::int64_t cp) {
        if (cp >= w.len) return s.size();
        return w.ascii ? std::size_t(cp) : byte_offset(s, std::size_t(cp));
    };
    w.b0 = off(a);
    w.b1 = a < b ? off(b) : w.b0;
    return w;
}

std::int64_t cp_index(std::string_view s, const Window& w, std::size_t byte) {
    if (w.ascii) return std::int64_t(byte);
    return w.start + std::int64_t(count_code_points(s.substr(w.b0, byte - w.b0)));
}

// CPython rejects a window that starts past the end, even for an empty needle.
bool window_ok(const Window& w) { return w.len < 0 || (w.start <= w.len && w.start <= w.end); }

[[noreturn]] void empty_separator() { throw_value_error("empty separator"); }

// Length in bytes of the whitespace character at s[i], or 0.
inline std::size_t space_at(std::string_view s, std::size_t i, Whitespace ws) {
    auto c = static_cast<unsigned char>(s[i]);
    if (ws == Whitespace::Ascii) return is_ascii_space(char(c)) ? 1 : 0;
    if (c < 0x80) return is_ascii_white_space(c) ? 1 : 0;
    Decoded d = decode_utf8(s, i);
    return is_space(d.cp) ? std::size_t(d.len) : 0;
}

// Length of the whitespace character ending at byte [end], or 0.
inline std::size_t space_before(std::string_view s, std::size_t end, Whitespace ws) {
    auto c = static_cast<unsigned char>(s[end - 1]);
    if (ws == Whitespace::Ascii) return is_ascii_space(char(c)) ? 1 : 0;
    if (c < 0x80) return is_ascii_white_space(c) ? 1 : 0;
    Decoded d = decode_utf8_before(s, end);
    return is_space(d.cp) ? std::size_t(d.len) : 0;
}

// Length of the (non-space) character at s[i] / ending at [end]: bytes are single bytes.
inline std::size_t char_at(std::string_view s, std::size_t i, Whitespace ws) {
    if (ws == Whitespace::Ascii || static_cast<unsigned char>(s[i]) < 0x80) return 1;
    return std::size_t(decode_utf8(s, i).len);
}
inline std::size_t char_before(std::string_view s, std::size_t end, Whitespace ws) {
    if (ws == Whitespace::Ascii || static_cast<unsigned char>(s[end - 1]) < 0x80) return 1;
    return std::size_t(decode_utf8_before(s, end).len);
}

}  // namespace

std::int64_t find(std::string_view s, std::string_view sub, OptIndex start, OptIndex end) {
    Window w = window(s, start, end);
    if (!window_ok(w)) return -1;
    std::string_view hay = s.substr(w.b0, w.b1 - w.b0);
    std::size_t pos = hay.find(sub);
    if (pos == std::string_view::npos) return -1;
    return cp_index(s, w, w.b0 + pos);
}

std::int64_t rfind(std::string_view s, std::string_view sub, OptIndex start, OptIndex end) {
    Window w = window(s, start, end);
    if (!window_ok(w)) return -1;
    std::string_view hay = s.substr(w.b0, w.b1 - w.b0);
    std::size_t pos = hay.rfind(sub);
    if (pos == std::string_view::npos) return -1;
    return cp_index(s, w, w.b0 + pos);
}

std::int64_t index(std::string_view s, std::string_view sub, OptIndex start, OptIndex end) {
    std::int64_t i = find(s, sub, start, end);
    if (i < 0) throw_value_error("substring not found");
    return i;
}

std::int64_t rindex(std::string_view s, std::string_view sub, OptIndex start, OptIndex end) {
    std::int64_t i = rfind(s, sub, start, end);
    if (i < 0) throw_value_error("substring not found");
    return i;
}

std::int64_t count(std::string_view s, std::string_view sub, OptIndex start, OptIndex end) {
    Window w = window(s, start, end);
    if (!window_ok(w)) return 0;
    std::string_view hay = s.substr(w.b0, w.b1 - w.b0);
    if (sub.empty()) return std::int64_t(count_code_points(hay)) + 1;
    std::int64_t n = 0;
    if (sub.size() == 1) return std::int64_t(std::count(hay.begin(), hay.end(), sub[0]));
    for (std::size_t pos = hay.find(sub); pos != std::string_view::npos; pos = hay.find(sub, pos + sub.size())) ++n;
    return n;
}

bool startswith(std::string_view s, std::string_view prefix, OptIndex start, OptIndex end) {
    Window w = window(s, start, end);
    if (w.len >= 0) {
        // CPython: end - len(prefix) must not be before start (so start > len fails).
        std::int64_t plen = w.ascii ? std::int64_t(prefix.size()) : std::int64_t(count_code_points(prefix));
        if (w.end - plen < w.start) return false;
    }
    return w.b1 - w.b0 >= prefix.size() && s.compare(w.b0, prefix.size(), prefix) == 0;
}

bool endswith(std::string_view s, std::string_view suffix, OptIndex start, OptIndex end) {
    Window w = window(s, start, end);
    if (w.len >= 0) {
        std::int64_t plen = w.ascii ? std::int64_t(suffix.size()) : std::int64_t(count_code_points(suffix));
        if (w.end - plen < w.start) return false;
    }
    return w.b1 - w.b0 >= suffix.size() && s.compare(w.b1 - suffix.size(), suffix.size(), suffix) == 0;
}

std::string replace(std::string_view s, std::string_view old, std::string_view repl, std::int64_t count) {
    if (count < 0) count = INT64_MAX;
    std::string out;
    if (old.empty()) {
        // Insert [repl] before each code point, and after the last one, up to [count] times.
        std::size_t cps = count_code_points(s);
        std::size_t inserts = std::size_t(std::min<std::int64_t>(count, std::int64_t(cps) + 1));
        out.reserve(s.size() + inserts * repl.size());
        std::size_t i = 0;
        for (std::size_t k = 0; k < inserts; ++k) {
            out.append(repl);
            if (i < s.size()) {
                std::size_t len = std::size_t(utf8_length(decode_utf8(s, i).cp));
                out.append(s.substr(i, len));
                i += len;
            }
        }
        out.append(s.substr(i));
        return out;
    }
    std::size_t pos = s.find(old);
    if (pos == std::string_view::npos || count == 0) return std::string(s);
    out.reserve(s.size() + (repl.size() > old.size() ? (repl.size() - old.size()) * 4 : 0));
    std::size_t from = 0;
    for (; pos != std::string_view::npos && count > 0; --count, pos = s.find(old, from)) {
        out.append(s.substr(from, pos - from));
        out.append(repl);
        from = pos + old.size();
    }
    out.append(s.substr(from));
    return out;
}

// Splits mostly yield a few pieces (words of a line): one allocation up front
// instead of the vector growing 1, 2, 4, 8.
constexpr std::size_t kSplitReserve = 8;

std::vector<std::string_view> split_whitespace(std::string_view s, std::int64_t maxsplit, Whitespace ws) {
    std::vector<std::string_view> parts;
    parts.reserve(kSplitReserve);
    std::size_t i = 0, n = s.size();
    if (maxsplit < 0) maxsplit = INT64_MAX;
    while (true) {
        for (std::size_t k; i < n && (k = space_at(s, i, ws)) != 0;) i += k;
        if (i >= n) break;
        if (maxsplit-- == 0) {
            // The rest keeps its trailing whitespace, as CPython.
            parts.push_back(s.substr(i));
            break;
        }
        std::size_t j = i;
        while (j < n) {
            // ASCII letters are the common case: one compare each
            auto c = static_cast<unsigned char>(s[j]);
            if (c > ' ' && c < 0x7f) { j++; continue; }
            if (space_at(s, j, ws) != 0) break;
            j += char_at(s, j, ws);
        }
        parts.push_back(s.substr(i, j - i));
        i = j;
    }
    return parts;
}

std::vector<std::string_view> rsplit_whitespace(std::string_view s, std::int64_t maxsplit, Whitespace ws) {
    std::vector<std::string_view> parts;
    parts.reserve(kSplitReserve);
    std::size_t end = s.size();
    if (maxsplit < 0) maxsplit = INT64_MAX;
    while (true) {
        for (std::size_t k; end > 0 && (k = space_before(s, end, ws)) != 0;) end -= k;
        if (end == 0) break;
        if (maxsplit-- == 0) {
            parts.push_back(s.substr(0, end));
            break;
        }
        std::size_t j = end;
        while (j > 0 && space_before(s, j, ws) == 0) j -= char_before(s, j, ws);
        parts.push_back(s.substr(j, end - j));
        end = j;
    }
    std::reverse(parts.begin(), parts.end());
    return parts;
}

std::vector<std::string_view> split(std::string_view s, std::string_view sep, std::int64_t maxsplit) {
    if (sep.empty()) empty_separator();
    if (maxsplit < 0) maxsplit = INT64_MAX;
    std::vector<std::string_view> parts;
    parts.reserve(kSplitReserve);
    std::size_t from = 0;
    for (std::size_t pos; maxsplit > 0 && (pos = s.find(sep, from)) != std::string_view::npos; --maxsplit) {
        parts.push_back(s.substr(from, pos - from));
        from = pos + sep.size();
    }
    parts.push_back(s.substr(from));
    return parts;
}

std::vector<std::string_view> rsplit(std::string_view s, std::string_view sep, std::int64_t maxsplit) {
    if (sep.empty()) empty_separator();
    if (maxsplit < 0) maxsplit = INT64_MAX;
    std::vector<std::string_view> parts;
    parts.reserve(kSplitReserve);
    std::size_t end = s.size();
    while (maxsplit > 0 && end >= sep.size()) {
        std::size_t pos = s.substr(0, end).rfind(sep);
        if (pos == std::string_view::npos) break;
        parts.push_back(s.substr(pos + sep.size(), end - pos - sep.size()));
        end = pos;
        --maxsplit;
    }
    parts.push_back(s.substr(0, end));
    std::reverse(parts.begin(), parts.end());
    return parts;
}

std::vector<std::string_view> split_any(std::string_view s, std::optional<std::string_view> sep,
                                        std::int64_t maxsplit, bool from_right, Whitespace ws) {
    if (!sep) return from_right ? rsplit_whitespace(s, maxsplit, ws) : split_whitespace(s, maxsplit, ws);
    return from_right ? rsplit(s, *sep, maxsplit) : split(s, *sep, maxsplit);
}

std::array<std::string_view, 3> partition(std::string_view s, std::string_view sep) {
    if (sep.empty()) empty_separator();
    std::size_t pos = s.find(sep);
    if (pos == std::string_view::npos) return {s, s.substr(0, 0), s.substr(0, 0)};
    return {s.substr(0, pos), s.substr(pos, sep.size()), s.substr(pos + sep.size())};
}

std::array<std::string_view, 3> rpartition(std::string_view s, std::string_view sep) {
    if (sep.empty()) empty_separator();
    std::size_t pos = s.rfind(sep);
    if (pos == std::string_view::npos) return {s.substr(0, 0), s.substr(0, 0), s};
    return {s.substr(0, pos), s.substr(pos, sep.size()), s.substr(pos + sep.size())};
}

std::string_view removeprefix(std::string_view s, std::string_view prefix) noexcept {
    return s.substr(0, prefix.size()) == prefix ? s.substr(prefix.size()) : s;
}

std::string_view removesuffix(std::string_view s, std::string_view suffix) noexcept {
    if (!suffix.empty() && s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix)
        return s.substr(0, s.size() - suffix.size());
    return s;
}

}  // namespace aio::text
