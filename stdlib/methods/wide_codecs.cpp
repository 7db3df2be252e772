// stdlib/methods/wide_codecs.cpp - the UTF-16 and UTF-32 codecs of str.encode and
// bytes.decode. "utf-16"/"utf-32" write a byte order mark and little-endian units
// (CPython's native order on the machines aio runs on) and read one if present;
// the -le/-be variants neither write nor consume a BOM. Errors and their messages
// follow CPython ("truncated data", "illegal UTF-16 surrogate", ...).
#include <string>

#include "runtime/text/utf8.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {

namespace {

struct Wide {
    int unit;          // bytes per code unit: 2 or 4
    bool big;          // big-endian
    bool bom;          // the plain "utf-16"/"utf-32": byte order mark
    const char* name;  // CPython's codec name, for messages
};

Wide wide_of(Codec c) {
    switch (c) {
        case Codec::Utf16: return {2, false, true, "utf-16"};
        case Codec::Utf16LE: return {2, false, false, "utf-16-le"};
        case Codec::Utf16BE: return {2, true, false, "utf-16-be"};
        case Codec::Utf32: return {4, false, true, "utf-32"};
        case Codec::Utf32LE: return {4, false, false, "utf-32-le"};
        default: return {4, true, false, "utf-32-be"};
    }
}

void put_unit(std::string& out, uint32_t v, const Wide& w) {
    for (int i = 0; i < w.unit; i++) {
        int shift = w.big ? 8 * (w.unit - 1 - i) : 8 * i;
        out += static_cast<char>((v >> shift) & 0xff);
    }
}

uint32_t get_unit(std::string_view b, size_t pos, const Wide& w) {
    uint32_t v = 0;
    for (int i = 0; i < w.unit; i++) {
        uint32_t byte = static_cast<unsigned char>(b[pos + size_t(i)]);
        v |= byte << (w.big ? 8 * (w.unit - 1 - i) : 8 * i);
    }
    return v;
}

void put_code_point(std::string& out, char32_t cp, const Wide& w) {
    if (w.unit == 4 || cp < 0x10000) return put_unit(out, cp, w);
    cp -= 0x10000;
    put_unit(out, 0xd800 + (cp >> 10), w);
    put_unit(out, 0xdc00 + (cp & 0x3ff), w);
}

// Raises UnicodeDecodeError for bytes [start, end) of `b`, or applies `errors`.
void decode_error(Interp& I, std::string& out, std::string_view b, size_t start, size_t end,
                  const char* codec, const char* reason, std::string_view errors) {
    decode_error_handler(I, out, b, start, end, codec, reason, errors);
}

}  // namespace

bool is_wide_codec(Codec c) { return c >= Codec::Utf16 && c <= Codec::Utf32BE; }

std::string wide_encode(Interp& I, std::string_view s, Codec c, std::string_view errors) {
    Wide w = wide_of(c);
    std::string out;
    out.reserve(s.size() * size_t(w.unit) + 4);
    if (w.bom) put_unit(out, 0xfeff, w);
    int64_t pos = 0;
    for (size_t i = 0; i < s.size(); ++pos) {
        text::Decoded d = text::decode_utf8(s, i);
        i += static_cast<size_t>(d.len);
        if (d.cp < 0xd800 || d.cp > 0xdfff) {
            put_code_point(out, d.cp, w);
            continue;
        }
        // The handlers' replacements are ASCII text, encoded as units; surrogateescape's
        // raw bytes are not text, so CPython refuses them here too.
        std::string rep;
        if (errors == "surrogateescape" || errors == "surrogatepass" ||
            !encode_error_handler(I, rep, d.cp, errors, false))
            raise_unicode_error(I, true, w.name, str_value(I, s), pos, pos + 1, "surrogates not allowed");
        for (char ch : rep) put_unit(out, static_cast<unsigned char>(ch), w);
    }
    return out;
}

Value wide_decode(Interp& I, std::string_view b, Codec c, std::string_view errors) {
    Wide w = wide_of(c);
    size_t i = 0;
    if (w.bom) {
        // A BOM picks the byte order (and is dropped); without one, little-endian.
        w.big = false;
        if (b.size() >= size_t(w.unit)) {
            uint32_t le = get_unit(b, 0, w);
            Wide be = w;
            be.big = true;
            if (le == 0xfeff) i = size_t(w.unit);
            else if (get_unit(b, 0, be) == 0xfeff) {
                w.big = true;
                i = size_t(w.unit);
            }
        }
    }
    std::string codec = std::string(w.unit == 2 ? "utf-16" : "utf-32") + (w.big ? "-be" : "-le");
    const char* name = codec.c_str();
    std::string out;
    out.reserve(b.size());
    size_t unit = size_t(w.unit);
    while (i < b.size()) {
        if (b.size() - i < unit) {
            decode_error(I, out, b, i, b.size(), name, "truncated data", errors);
            break;
        }
        uint32_t v = get_unit(b, i, w);
        if (w.unit == 4) {
            if (v > 0x10ffff) decode_error(I, out, b, i, i + 4, name, "code point not in range(0x110000)", errors);
            else if (v >= 0xd800 && v < 0xe000)
                decode_error(I, out, b, i, i + 4, name, "code point in surrogate code point range(0xd800, 0xe000)",
                             errors);
            else text::append_utf8(out, v);
            i += 4;
            continue;
        }
        if (v < 0xd800 || v > 0xdfff) {
            text::append_utf8(out, v);
            i += 2;
        } else if (v >= 0xdc00) {
            decode_error(I, out, b, i, i + 2, name, "illegal encoding", errors);
            i += 2;
        } else if (b.size() - i < 4) {
            decode_error(I, out, b, i, b.size(), name, b.size() - i == 2 ? "unexpected end of data" : "truncated data",
                         errors);
            break;
        } else {
            uint32_t lo = get_unit(b, i + 2, w);
            if (lo < 0xdc00 || lo > 0xdfff) {
                decode_error(I, out, b, i, i + 2, name, "illegal UTF-16 surrogate", errors);
                i += 2;
            } else {
                text::append_utf8(out, 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00));
                i += 4;
            }
        }
    }
    return str_value(I, out);
}

}  // namespace aio::stdlib
