// runtime/text: str methods that trim, pad and cut text (strip, center, zfill,
// expandtabs, splitlines, join). Widths are code points; fills may be non-ASCII.
#include "runtime/text/format_spec.hpp"
#include "runtime/text/str_methods.hpp"
#include "runtime/text/unicode_class.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::text {

namespace {

// Membership test for strip(chars): a bitmap for ASCII, a scan for the rest.
struct CharSet {
    std::string_view chars;
    std::uint64_t lo = 0, hi = 0;
    explicit CharSet(std::string_view c) : chars(c) {
        for (char ch : c) {
            auto b = static_cast<unsigned char>(ch);
            if (b < 64) lo |= std::uint64_t(1) << b;
            else if (b < 128) hi |= std::uint64_t(1) << (b - 64);
        }
    }
    bool has(char32_t cp) const {
        if (cp < 64) return (lo >> cp) & 1;
        if (cp < 128) return (hi >> (cp - 64)) & 1;
        for (std::size_t i = 0; i < chars.size();) {
            Decoded d = decode_utf8(chars, i);
            if (d.cp == cp) return true;
            i += std::size_t(d.len);
        }
        return false;
    }
};

template <class Pred>
std::string_view strip_left(std::string_view s, Pred&& drop) {
    std::size_t i = 0;
    while (i < s.size()) {
        Decoded d = decode_utf8(s, i);
        if (!drop(d.cp)) break;
        i += std::size_t(d.len);
    }
    return s.substr(i);
}

template <class Pred>
std::string_view strip_right(std::string_view s, Pred&& drop) {
    std::size_t end = s.size();
    while (end > 0) {
        Decoded d = decode_utf8_before(s, end);
        if (!drop(d.cp)) break;
        end -= std::size_t(d.len);
    }
    return s.substr(0, end);
}

auto space_pred() {
    return [](char32_t cp) { return is_space(cp); };
}

std::string padded(std::string_view s, std::int64_t left, std::int64_t right, char32_t fill) {
    std::string out;
    out.reserve(s.size() + std::size_t(left + right) * std::size_t(utf8_length(fill)));
    append_fill(out, fill, left);
    out.append(s);
    append_fill(out, fill, right);
    return out;
}

// Byte length of the line break starting at s[i] (2 for "\r\n"), or 0.
std::size_t line_break_at(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
        case '\n': case '\x0b': case '\x0c': case '\x1c': case '\x1d': case '\x1e':
            return 1;
        case '\r':
            return i + 1 < s.size() && s[i + 1] == '\n' ? 2 : 1;
        case 0xC2:  // U+0085
            return i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85 ? 2 : 0;
        case 0xE2:  // U+2028, U+2029
            return i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                           (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)
                       ? 3
                       : 0;
        default:
            return 0;
    }
}

template <class Parts>
std::string join_parts(std::string_view sep, const Parts& parts) {
    if (parts.empty()) return {};
    std::size_t total = sep.size() * (parts.size() - 1);
    for (const auto& p : parts) total += p.size();
    std::string out;
    out.reserve(total);
    bool first = true;
    for (const auto& p : parts) {
        if (!first) out.append(sep);
        first = false;
        out.append(p);
    }
    return out;
}

}  // namespace

std::string_view strip(std::string_view s) { return strip_right(strip_left(s, space_pred()), space_pred()); }
std::string_view lstrip(std::string_view s) { return strip_left(s, space_pred()); }
std::string_view rstrip(std::string_view s) { return strip_right(s, space_pred()); }

std::string_view strip(std::string_view s, std::string_view chars) {
    CharSet set(chars);
    auto drop = [&](char32_t cp) { return set.has(cp); };
    return strip_right(strip_left(s, drop), drop);
}
std::string_view lstrip(std::string_view s, std::string_view chars) {
    CharSet set(chars);
    return strip_left(s, [&](char32_t cp) { return set.has(cp); });
}
std::string_view rstrip(std::string_view s, std::string_view chars) {
    CharSet set(chars);
    return strip_right(s, [&](char32_t cp) { return set.has(cp); });
}

std::vector<std::string_view> splitlines(std::string_view s, bool keepends) {
    std::vector<std::string_view> lines;
    std::size_t start = 0, i = 0;
    while (i < s.size()) {
        std::size_t br = line_break_at(s, i);
        if (br == 0) {
            ++i;
            continue;
        }
        lines.push_back(s.substr(start, (keepends ? i + br : i) - start));
        i += br;
        start = i;
    }
    if (start < s.size()) lines.push_back(s.substr(start));
    return lines;
}

std::string center(std::string_view s, std::int64_t width, char32_t fill) {
    std::int64_t len = std::int64_t(count_code_points(s));
    if (width <= len) return std::string(s);
    std::int64_t marg = width - len;
    // CPython's bias: the odd extra column goes left only when width is odd.
    std::int64_t left = marg / 2 + (marg & width & 1);
    return padded(s, left, marg - left, fill);
}

std::string ljust(std::string_view s, std::int64_t width, char32_t fill) {
    std::int64_t len = std::int64_t(count_code_points(s));
    return width <= len ? std::string(s) : padded(s, 0, width - len, fill);
}

std::string rjust(std::string_view s, std::int64_t width, char32_t fill) {
    std::int64_t len = std::int64_t(count_code_points(s));
    return width <= len ? std::string(s) : padded(s, width - len, 0, fill);
}

std::string zfill(std::string_view s, std::int64_t width) {
    std::int64_t len = std::int64_t(count_code_points(s));
    if (width <= len) return std::string(s);
    std::string out;
    out.reserve(s.size() + std::size_t(width - len));
    std::size_t skip = !s.empty() && (s[0] == '+' || s[0] == '-') ? 1 : 0;
    out.append(s.substr(0, skip));
    out.append(std::size_t(width - len), '0');
    out.append(s.substr(skip));
    return out;
}

std::string expandtabs(std::string_view s, std::int64_t tabsize) {
    std::string out;
    out.reserve(s.size() + 16);
    std::int64_t col = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\t') {
            if (tabsize > 0) {
                std::int64_t n = tabsize - col % tabsize;
                out.append(std::size_t(n), ' ');
                col += n;
            }
            continue;
        }
        out.push_back(c);
        if (c == '\n' || c == '\r')
            col = 0;
        else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++col;  // count code points, not continuation bytes
    }
    return out;
}

std::string join(std::string_view sep, const std::vector<std::string_view>& parts) { return join_parts(sep, parts); }
std::string join(std::string_view sep, const std::vector<std::string>& parts) { return join_parts(sep, parts); }

}  // namespace aio::text
