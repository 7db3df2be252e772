// runtime/text: the str.format() template scanner. It follows CPython's MarkupIterator
// step by step (literal, then field name with [..] skipping, then '!' conversion, then a
// brace-counted spec) so that malformed templates fail with the same message.
#include "runtime/text/format_string.hpp"

#include "runtime/text/text_error.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::text {

namespace {

// All-digit text as an int (-1 if not all digits or empty); CPython's get_integer.
std::int64_t as_index(std::string_view s) {
    if (s.empty()) return -1;
    std::int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return -1;
        if (v > (INT64_MAX - 9) / 10) throw_value_error("Too many decimal digits in format string");
        v = v * 10 + (c - '0');
    }
    return v;
}

std::string char_text(char32_t c) {
    if (c > 32 && c < 127) return std::string(1, char(c));
    static constexpr char kHex[] = "0123456789abcdef";
    std::string digits;
    do {
        digits.insert(digits.begin(), kHex[c & 15]);
        c >>= 4;
    } while (c != 0);
    return "\\x" + digits;
}

}  // namespace

void check_conversion(char32_t c) {
    if (c == 0 || c == 'r' || c == 's' || c == 'a') return;
    throw_value_error("Unknown conversion specifier " + char_text(c));
}

FormatStringParser::FormatStringParser(std::string_view fmt, FieldNumbering& numbering, int depth)
    : fmt_(fmt), numbering_(numbering), depth_(depth) {
    if (depth <= 0) throw_value_error("Max string recursion exceeded");
}

bool FormatStringParser::next(FormatPiece& piece) {
    piece.has_field = false;
    piece.literal = {};
    const std::size_t n = fmt_.size();
    if (pos_ >= n) return false;
    // Literal text up to and including the first brace.
    std::size_t start = pos_;
    char c = 0;
    bool markup = false;
    while (pos_ < n) {
        c = fmt_[pos_++];
        if (c == '{' || c == '}') {
            markup = true;
            break;
        }
    }
    bool at_end = pos_ >= n;
    std::size_t len = pos_ - start;
    if (markup && c == '}' && (at_end || fmt_[pos_] != '}'))
        throw_value_error("Single '}' encountered in format string");
    if (markup && at_end && c == '{') throw_value_error("Single '{' encountered in format string");
    if (markup) {
        if (fmt_[pos_] == c) {
            ++pos_;  // a doubled brace: the literal keeps one
            markup = false;
        } else {
            --len;
        }
    }
    piece.literal = fmt_.substr(start, len);
    if (!markup) return true;

    // Field name: up to '}', ':' or '!'; "[...]" is skipped whole (it may hold ':').
    ReplacementField& f = piece.field;
    f = ReplacementField{};
    std::size_t name_start = pos_;
    c = 0;
    while (pos_ < n) {
        c = fmt_[pos_++];
        if (c == '{') throw_value_error("unexpected '{' in field name");
        if (c == '[') {
            while (pos_ < n && fmt_[pos_] != ']') ++pos_;
            continue;
        }
        if (c == '}' || c == ':' || c == '!') break;
    }
    if (c != '}' && c != ':' && c != '!') throw_value_error("expected '}' before end of string");
    f.field_name = fmt_.substr(name_start, pos_ - 1 - name_start);
    if (c == '!' || c == ':') {
        if (c == '!') {
            if (pos_ >= n) throw_value_error("end of string while looking for conversion specifier");
            Decoded d = decode_utf8(fmt_, pos_);
            f.conversion = d.cp;
            pos_ += std::size_t(d.len);
            if (pos_ < n) {
                char after = fmt_[pos_++];
                if (after == '}') {
                    parse_field_name(f);
                    piece.has_field = true;
                    return true;
                }
                if (after != ':') throw_value_error("expected ':' after conversion specifier");
            }
        }
        std::size_t spec_start = pos_;
        int depth = 1;
        bool closed = false;
        while (pos_ < n) {
            char s = fmt_[pos_++];
            if (s == '{') {
                f.spec_needs_expanding = true;
                ++depth;
            } else if (s == '}' && --depth == 0) {
                closed = true;
                break;
            }
        }
        if (!closed) throw_value_error("unmatched '{' in format spec");
        f.spec = fmt_.substr(spec_start, pos_ - 1 - spec_start);
    }
    parse_field_name(f);
    piece.has_field = true;
    return true;
}

void FormatStringParser::parse_field_name(ReplacementField& f) {
    std::string_view name = f.field_name;
    std::size_t i = 0;
    while (i < name.size() && name[i] != '.' && name[i] != '[') ++i;
    std::string_view first = name.substr(0, i);
    f.accessors = name.substr(i);
    using Mode = FieldNumbering::Mode;
    if (first.empty()) {
        if (numbering_.mode == Mode::Manual)
            throw_value_error("cannot switch from manual field specification to automatic field numbering");
        numbering_.mode = Mode::Auto;
        f.by_index = true;
        f.arg_index = numbering_.next_auto++;
    } else if (std::int64_t idx = as_index(first); idx >= 0) {
        if (numbering_.mode == Mode::Auto)
            throw_value_error("cannot switch from automatic field numbering to manual field specification");
        numbering_.mode = Mode::Manual;
        f.by_index = true;
        f.arg_index = idx;
    } else {
        f.by_index = false;
        f.arg_index = -1;
        f.arg_name = first;
    }
}

bool next_accessor(std::string_view& rest, FieldAccessor& a) {
    if (rest.empty()) return false;
    a = FieldAccessor{};
    std::size_t i = 1;
    if (rest[0] == '.') {
        while (i < rest.size() && rest[i] != '.' && rest[i] != '[') ++i;
        a.is_item = false;
        a.name = rest.substr(1, i - 1);
    } else if (rest[0] == '[') {
        while (i < rest.size() && rest[i] != ']') ++i;
        if (i >= rest.size()) throw_value_error("Missing ']' in format string");
        a.is_item = true;
        a.name = rest.substr(1, i - 1);
        ++i;
        std::int64_t k = as_index(a.name);
        a.key_is_int = k >= 0;
        a.int_key = k;
    } else {
        throw_value_error("Only '.' or '[' may follow ']' in format field specifier");
    }
    if (a.name.empty()) throw_value_error("Empty attribute in format string");
    rest = rest.substr(i);
    return true;
}

}  // namespace aio::text
