// runtime/text: UTF-8 decoding, encoding, counting and strict validation.
// Hot paths (is_ascii, count_code_points, byte_offset) work 8 bytes at a time
// because most strings in scripts are ASCII.
#include "runtime/text/utf8.hpp"

#include <cstring>

#include "runtime/text/text_error.hpp"

namespace aio::text {

namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

inline std::uint64_t load8(const char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

inline bool is_cont(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

}  // namespace

Decoded decode_utf8(std::string_view s, std::size_t pos) noexcept {
    auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    unsigned char c = b(pos);
    if (c < 0x80) return {c, 1};
    // Input is trusted valid UTF-8, but stay in bounds if it is not.
    std::size_t avail = s.size() - pos;
    if (c < 0xE0 && avail >= 2) return {char32_t((c & 0x1F) << 6 | (b(pos + 1) & 0x3F)), 2};
    if (c < 0xF0 && avail >= 3)
        return {char32_t((c & 0x0F) << 12 | (b(pos + 1) & 0x3F) << 6 | (b(pos + 2) & 0x3F)), 3};
    if (avail >= 4)
        return {char32_t((c & 0x07) << 18 | (b(pos + 1) & 0x3F) << 12 | (b(pos + 2) & 0x3F) << 6 |
                         (b(pos + 3) & 0x3F)),
                4};
    return {c, 1};
}

Decoded decode_utf8_before(std::string_view s, std::size_t end) noexcept {
    std::size_t start = end - 1;
    while (start > 0 && end - start < 4 && is_cont(static_cast<unsigned char>(s[start]))) --start;
    return decode_utf8(s, start);
}

int encode_utf8(char32_t cp, char* out) noexcept {
    if (cp < 0x80) {
        out[0] = char(cp);
        return 1;
    }
    if (cp < 0x800) {
        out[0] = char(0xC0 | (cp >> 6));
        out[1] = char(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = char(0xE0 | (cp >> 12));
        out[1] = char(0x80 | ((cp >> 6) & 0x3F));
        out[2] = char(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = char(0xF0 | (cp >> 18));
    out[1] = char(0x80 | ((cp >> 12) & 0x3F));
    out[2] = char(0x80 | ((cp >> 6) & 0x3F));
    out[3] = char(0x80 | (cp & 0x3F));
    return 4;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(char(cp));
        return;
    }
    char buf[4];
    out.append(buf, std::size_t(encode_utf8(cp, buf)));
}

bool is_ascii(std::string_view s) noexcept {
    const char* p = s.data();
    std::size_t n = s.size(), i = 0;
    std::uint64_t acc = 0;
    for (; i + 8 <= n; i += 8) acc |= load8(p + i);
    for (; i < n; ++i) acc |= static_cast<unsigned char>(p[i]);
    return (acc & kHighBits) == 0;
}

std::size_t count_code_points(std::string_view s) noexcept {
    const char* p = s.data();
    std::size_t n = s.size(), i = 0, conts = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w = load8(p + i);
        if ((w & kHighBits) == 0) continue;
        // A continuation byte is 10xxxxxx: bit 7 set and bit 6 clear.
        std::uint64_t cont = w & ~(w << 1) & kHighBits;
        conts += std::size_t(__builtin_popcountll(cont));
    }
    for (; i < n; ++i) conts += is_cont(static_cast<unsigned char>(p[i]));
    return n - conts;
}

std::size_t byte_offset(std::string_view s, std::size_t n) noexcept {
    const char* p = s.data();
    std::size_t size = s.size(), i = 0;
    // Skip whole ASCII words while at least 8 code points remain to skip.
    while (n >= 8 && i + 8 <= size && (load8(p + i) & kHighBits) == 0) {
        i += 8;
        n -= 8;
    }
    for (; i < size; ++i) {
        if (is_cont(static_cast<unsigned char>(p[i]))) continue;
        if (n == 0) return i;
        --n;
    }
    return size;
}

std::optional<Utf8Problem> find_invalid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size(), i = 0;
    while (i < n) {
        if (i + 8 <= n && (load8(s.data() + i) & kHighBits) == 0) {
            i += 8;
            continue;
        }
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int need;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;  // overlong
            if (c == 0xED) hi = 0x9F;  // surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;  // overlong
            if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
        } else {
            return Utf8Problem{i, i + 1, "invalid start byte"};
        }
        // CPython blames the start byte plus every continuation byte that was valid.
        std::size_t j = i + 1;
        for (int k = 0; k < need; ++k, ++j) {
            if (j >= n) return Utf8Problem{i, j, "unexpected end of data"};
            unsigned char d = p[j];
            bool ok = k == 0 ? (d >= lo && d <= hi) : is_cont(d);
            if (!ok) return Utf8Problem{i, j, "invalid continuation byte"};
        }
        i = j;
    }
    return std::nullopt;
}

void validate_utf8(std::string_view s) {
    auto bad = find_invalid_utf8(s);
    if (!bad) return;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string msg = "'utf-8' codec can't decode ";
    if (bad->end - bad->start == 1) {
        auto c = static_cast<unsigned char>(s[bad->start]);
        msg += "byte 0x";
        msg += kHex[c >> 4];
        msg += kHex[c & 15];
        msg += " in position " + std::to_string(bad->start);
    } else {
        msg += "bytes in position " + std::to_string(bad->start) + "-" + std::to_string(bad->end - 1);
    }
    msg += ": ";
    msg += bad->reason;
    throw_error("UnicodeDecodeError", std::move(msg));
}

std::string decode_utf8_replace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    while (!s.empty()) {
        auto bad = find_invalid_utf8(s);
        if (!bad) {
            out.append(s);
            break;
        }
        out.append(s.substr(0, bad->start));
        out.append("\xEF\xBF\xBD");  // U+FFFD for each maximal invalid subpart
        s.remove_prefix(bad->end);
    }
    return out;
}

}  // namespace aio::text
