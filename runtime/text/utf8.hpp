// runtime/text: UTF-8 code point helpers.
// Strings are stored as valid UTF-8; Python indexes them by code point, so these
// functions translate between the two (with ASCII fast paths) and validate bytes
// coming from bytes.decode(). Invariant: only validate_utf8 accepts untrusted input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aio::text {

// One decoded code point and the number of bytes it occupied.
struct Decoded {
    char32_t cp;
    int len;
};

// Decodes the code point starting at byte [pos] of valid UTF-8 [s] (pos < s.size()).
Decoded decode_utf8(std::string_view s, std::size_t pos) noexcept;

// Decodes the code point that ends just before byte [end] (end > 0), for reverse scans.
Decoded decode_utf8_before(std::string_view s, std::size_t end) noexcept;

// Number of bytes UTF-8 needs for [cp] (1..4).
inline int utf8_length(char32_t cp) noexcept {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

// Writes [cp] into [out] and returns the byte count (1..4). Surrogates are encoded
// as plain 3-byte sequences (CPython str can hold them; only encode() rejects them).
int encode_utf8(char32_t cp, char* out) noexcept;

// Appends the UTF-8 encoding of [cp] to [out].
void append_utf8(std::string& out, char32_t cp);

// True when every byte of [s] is < 0x80 (word-at-a-time).
bool is_ascii(std::string_view s) noexcept;

// Number of code points in valid UTF-8 [s]: counts the non-continuation bytes.
std::size_t count_code_points(std::string_view s) noexcept;

// Byte offset of code point number [n] of [s]; s.size() when n >= the length.
std::size_t byte_offset(std::string_view s, std::size_t n) noexcept;

// Where and why bytes stop being valid UTF-8, in CPython's terms.
struct Utf8Problem {
    std::size_t start;   // first byte of the bad sequence
    std::size_t end;     // one past the last byte blamed (start+1 for a single byte)
    const char* reason;  // "invalid start byte", "invalid continuation byte", "unexpected end of data"
};

// The first invalid sequence in [s], or nullopt when [s] is valid UTF-8 (strict:
// no overlongs, no surrogates, nothing above U+10FFFF).
std::optional<Utf8Problem> find_invalid_utf8(std::string_view s) noexcept;

// Throws UnicodeDecodeError "'utf-8' codec can't decode byte 0xff in position 0:
// invalid start byte" (CPython's text) if [s] is not valid UTF-8.
void validate_utf8(std::string_view s);

// Decodes [s] with errors='replace': each invalid sequence becomes U+FFFD.
std::string decode_utf8_replace(std::string_view s);

}  // namespace aio::text
