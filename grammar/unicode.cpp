// grammar/unicode.cpp - UTF-8 decoding and identifier checks (see unicode.hpp).
// The identifier test is deliberately table-free: it accepts letters of every
// script and rejects the ranges that hold only symbols and punctuation.
#include "grammar/unicode.hpp"

#include <cstring>

namespace aio::grammar {

int utf8_len(const char* p) {
    unsigned char c = static_cast<unsigned char>(*p);
    if (c < 0x80) return 1;
    int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (int i = 1; i < n; i++)
        if ((static_cast<unsigned char>(p[i]) & 0xC0) != 0x80) return 1;
    return n;
}

uint32_t decode_utf8(const char* p) {
    const unsigned char* u = reinterpret_cast<const unsigned char*>(p);
    int n = utf8_len(p);
    if (n == 1) return u[0] < 0x80 ? u[0] : 0xFFFD;
    if (n == 2) return ((u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    if (n == 3) return ((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    return ((u[0] & 0x07) << 18) | ((u[1] & 0x3F) << 12) | ((u[2] & 0x3F) << 6) | (u[3] & 0x3F);
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Non-ASCII code points that cannot appear in an identifier.
static bool is_symbol(uint32_t cp) {
    if (cp >= 0x80 && cp <= 0xBF) return cp != 0xAA && cp != 0xB5 && cp != 0xBA && cp != 0xB7;
    if (cp == 0xD7 || cp == 0xF7) return true;
    if (cp >= 0x2000 && cp <= 0x206F) return !(cp == 0x203F || cp == 0x2040 || cp == 0x2054 ||
                                                (cp >= 0x200C && cp <= 0x200D));
    if (cp >= 0x20A0 && cp <= 0x20CF) return true;                   // currency
    if (cp >= 0x2190 && cp <= 0x2BFF) return true;                   // arrows, math, boxes, misc
    if (cp >= 0x3000 && cp <= 0x3004) return true;                   // CJK punctuation
    if (cp >= 0x3008 && cp <= 0x3020) return true;
    if (cp >= 0xD800 && cp <= 0xF8FF) return true;                   // surrogates, private use
    if (cp >= 0xFE10 && cp <= 0xFE6F) return cp < 0xFE33 || cp > 0xFE34;
    if (cp >= 0xFF01 && cp <= 0xFF0F) return true;                   // fullwidth punctuation
    if (cp >= 0xFF1A && cp <= 0xFF20) return true;
    if (cp >= 0xFFF0 && cp <= 0xFFFF) return true;
    if (cp >= 0x1F000 && cp <= 0x1FAFF) return true;                 // emoji, pictographs
    if (cp > 0x10FFFF) return true;
    return false;
}

const char* check_identifier(const char* b, const char* e) {
    for (const char* p = b; p < e;) {
        unsigned char c = static_cast<unsigned char>(*p);
        if (c < 0x80) { p++; continue; }
        int n = utf8_len(p);
        uint32_t cp = decode_utf8(p);
        if (n == 1 || is_symbol(cp)) return p;
        p += n;
    }
    return nullptr;
}

int char_col(const char* line_start, const char* p) {
    int n = 0;
    for (const char* q = line_start; q < p; q++)
        if ((static_cast<unsigned char>(*q) & 0xC0) != 0x80) n++;
    return n;
}

std::string hex_upper(uint32_t v) {
    static const char* d = "0123456789ABCDEF";
    std::string s;
    do { s.insert(s.begin(), d[v & 15]); v >>= 4; } while (v);
    while (s.size() < 4) s.insert(s.begin(), '0');
    return s;
}

std::string hex_lower(uint32_t v) {
    static const char* d = "0123456789abcdef";
    std::string s;
    s += d[(v >> 4) & 15];
    s += d[v & 15];
    return s;
}

size_t find_invalid_utf8(const char* p, size_t n, const char** why) {
    const unsigned char* u = reinterpret_cast<const unsigned char*>(p);
    size_t i = 0;
    while (i < n) {
        // ASCII fast path, 8 bytes at a time
        if (i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, u + i, 8);
            if ((w & 0x8080808080808080ull) == 0) { i += 8; continue; }
        }
        unsigned char c = u[i];
        if (c < 0x80) { i++; continue; }
        int len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!len) { *why = "invalid start byte"; return i; }
        for (int k = 1; k < len; k++) {
            if (i + k >= n) { *why = "unexpected end of data"; return i; }
            unsigned char d = u[i + k];
            bool ok = (d & 0xC0) == 0x80;
            if (k == 1) {  // overlong / surrogate / out-of-range forms
                if (c == 0xE0 && d < 0xA0) ok = false;
                if (c == 0xED && d > 0x9F) ok = false;
                if (c == 0xF0 && d < 0x90) ok = false;
                if (c == 0xF4 && d > 0x8F) ok = false;
            }
            if (!ok) { *why = "invalid continuation byte"; return i; }
        }
        i += static_cast<size_t>(len);
    }
    return n;
}

bool number_may_touch_keyword(const char* p) {
    static const char* kws[] = {"and", "else", "for", "if", "in", "is", "not", "or"};
    for (const char* k : kws) {
        size_t n = std::strlen(k);
        if (std::strncmp(p, k, n) == 0) return true;
    }
    return false;
}

}  // namespace aio::grammar
