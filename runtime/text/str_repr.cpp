// runtime/text: repr()/ascii() of str, repr() of bytes. Runs of plain printable
// ASCII are copied in one append; only escapes and non-ASCII go code point by code point.
#include "runtime/text/str_repr.hpp"

#include "runtime/text/unicode_class.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::text {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex(std::string& out, char kind, char32_t cp, int width) {
    out.push_back('\\');
    out.push_back(kind);
    for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) out.push_back(kHex[(cp >> shift) & 15]);
}

// CPython picks " only when the text has a ' and no ".
char choose_quote(std::string_view s) {
    bool single = s.find('\'') != std::string_view::npos;
    bool dbl = single && s.find('"') != std::string_view::npos;
    return single && !dbl ? '"' : '\'';
}

inline bool plain_ascii(unsigned char c, char quote) {
    return c >= 0x20 && c < 0x7f && c != '\\' && c != static_cast<unsigned char>(quote);
}

// Escapes an ASCII byte that is not plain: \\, the quote, \t \n \r or \xNN.
void append_ascii_escape(std::string& out, unsigned char c) {
    switch (c) {
        case '\\': out += "\\\\"; return;
        case '\t': out += "\\t"; return;
        case '\n': out += "\\n"; return;
        case '\r': out += "\\r"; return;
        case '\'': out += "\\'"; return;
        case '"': out += "\\\""; return;
        default: append_hex(out, 'x', c, 2);
    }
}

void append_repr(std::string& out, std::string_view s, bool ascii_only) {
    char quote = choose_quote(s);
    out.reserve(out.size() + s.size() + 2);
    out.push_back(quote);
    std::size_t i = 0, n = s.size();
    while (i < n) {
        std::size_t run = i;
        while (run < n && plain_ascii(static_cast<unsigned char>(s[run]), quote)) ++run;
        out.append(s.data() + i, run - i);
        i = run;
        if (i >= n) break;
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            append_ascii_escape(out, c);
            ++i;
            continue;
        }
        Decoded d = decode_utf8(s, i);
        if (!ascii_only && is_printable(d.cp))
            out.append(s.data() + i, std::size_t(d.len));
        else if (d.cp <= 0xff)
            append_hex(out, 'x', d.cp, 2);
        else if (d.cp <= 0xffff)
            append_hex(out, 'u', d.cp, 4);
        else
            append_hex(out, 'U', d.cp, 8);
        i += std::size_t(d.len);
    }
    out.push_back(quote);
}

}  // namespace

void append_str_repr(std::string& out, std::string_view s) { append_repr(out, s, false); }

std::string str_repr(std::string_view s) {
    std::string out;
    append_repr(out, s, false);
    return out;
}

std::string ascii_repr(std::string_view s) {
    std::string out;
    append_repr(out, s, true);
    return out;
}

std::string escape_non_ascii(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        Decoded d = decode_utf8(s, i);
        i += std::size_t(d.len);
        char32_t cp = d.cp;
        if (cp < 0x80) { out += char(cp); continue; }
        int digits = cp < 0x100 ? 2 : cp < 0x10000 ? 4 : 8;
        out += '\\';
        out += digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
        for (int k = digits - 1; k >= 0; --k) out += kHex[(cp >> (4 * k)) & 15];
    }
    return out;
}

std::string bytes_repr(std::string_view b) {
    char quote = choose_quote(b);
    std::string out;
    out.reserve(b.size() + 3);
    out.push_back('b');
    out.push_back(quote);
    for (char ch : b) {
        auto c = static_cast<unsigned char>(ch);
        if (plain_ascii(c, quote))
            out.push_back(ch);
        else
            append_ascii_escape(out, c);
    }
    out.push_back(quote);
    return out;
}

std::string str_repr_truncated(std::string_view s, std::size_t max_cps) {
    std::string r = str_repr(s);
    std::size_t cut = byte_offset(r, max_cps);
    r.resize(cut);
    return r;
}

}  // namespace aio::text
