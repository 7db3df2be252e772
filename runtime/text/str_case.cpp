// runtime/text: case conversion and the isX() predicates of str.
// ASCII bytes are mapped inline; other code points use the full (SpecialCasing)
// mappings, plus the one context rule CPython applies: Greek final sigma in lower().
#include "runtime/text/str_methods.hpp"
#include "runtime/text/unicode_class.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::text {

namespace {

constexpr char32_t kCapitalSigma = 0x3A3;

void append_mapped(std::string& out, char32_t cp, CaseKind kind) {
    char32_t buf[3];
    int n = map_case(cp, kind, buf);
    for (int k = 0; k < n; ++k) append_utf8(out, buf[k]);
}

// CPython's Final_Sigma test for the capital sigma at byte [i]: a cased letter before
// it and none after it, skipping case-ignorable code points both ways.
bool is_final_sigma(std::string_view s, std::size_t i, std::size_t len) {
    std::size_t j = i;
    char32_t c = 0;
    bool found = false;
    while (j > 0) {
        Decoded d = decode_utf8_before(s, j);
        j -= std::size_t(d.len);
        if (!is_case_ignorable(d.cp)) {
            c = d.cp;
            found = true;
            break;
        }
    }
    if (!found || !is_cased(c)) return false;
    for (j = i + len; j < s.size();) {
        Decoded d = decode_utf8(s, j);
        if (!is_case_ignorable(d.cp)) return !is_cased(d.cp);
        j += std::size_t(d.len);
    }
    return true;
}

// lower() of one code point in context.
void append_lower(std::string& out, std::string_view s, std::size_t i, const Decoded& d) {
    if (d.cp == kCapitalSigma) {
        append_utf8(out, is_final_sigma(s, i, std::size_t(d.len)) ? char32_t(0x3C2) : char32_t(0x3C3));
        return;
    }
    append_mapped(out, d.cp, CaseKind::Lower);
}

inline char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? char(c - 32) : c; }
inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; }

template <class Ascii, class Other>
std::string map_each(std::string_view s, Ascii&& ascii, Other&& other) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            out.push_back(ascii(char(b)));
            ++i;
            continue;
        }
        Decoded d = decode_utf8(s, i);
        other(out, i, d);
        i += std::size_t(d.len);
    }
    return out;
}

// True when [s] is non-empty and every code point has one of [bits].
bool all_have(std::string_view s, std::uint16_t bits) {
    if (s.empty()) return false;
    for (std::size_t i = 0; i < s.size();) {
        Decoded d = decode_utf8(s, i);
        if (!char_has(d.cp, bits)) return false;
        i += std::size_t(d.len);
    }
    return true;
}

}  // namespace

std::string upper(std::string_view s) {
    return map_each(s, ascii_upper, [](std::string& out, std::size_t, const Decoded& d) {
        append_mapped(out, d.cp, CaseKind::Upper);
    });
}

std::string lower(std::string_view s) {
    return map_each(s, ascii_lower, [&](std::string& out, std::size_t i, const Decoded& d) {
        append_lower(out, s, i, d);
    });
}

std::string casefold(std::string_view s) {
    return map_each(s, ascii_lower, [](std::string& out, std::size_t, const Decoded& d) {
        append_mapped(out, d.cp, CaseKind::Fold);
    });
}

std::string swapcase(std::string_view s) {
    auto ascii = [](char c) { return c >= 'a' && c <= 'z' ? char(c - 32) : ascii_lower(c); };
    return map_each(s, ascii, [&](std::string& out, std::size_t i, const Decoded& d) {
        if (is_upper(d.cp))
            append_lower(out, s, i, d);
        else if (is_lower(d.cp))
            append_mapped(out, d.cp, CaseKind::Upper);
        else
            append_utf8(out, d.cp);
    });
}

std::string title(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool previous_cased = false;
    for (std::size_t i = 0; i < s.size();) {
        Decoded d = decode_utf8(s, i);
        if (previous_cased)
            append_lower(out, s, i, d);
        else
            append_mapped(out, d.cp, CaseKind::Title);
        previous_cased = is_cased(d.cp);
        i += std::size_t(d.len);
    }
    return out;
}

std::string capitalize(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        Decoded d = decode_utf8(s, i);
        if (i == 0)
            append_mapped(out, d.cp, CaseKind::Title);
        else
            append_lower(out, s, i, d);
        i += std::size_t(d.len);
    }
    return out;
}

bool isalpha(std::string_view s) { return all_have(s, detail::kAlpha); }
bool isalnum(std::string_view s) {
    return all_have(s, detail::kAlpha | detail::kDecimal | detail::kDigit | detail::kNumeric);
}
bool isdecimal(std::string_view s) { return all_have(s, detail::kDecimal); }
bool isdigit(std::string_view s) { return all_have(s, detail::kDigit); }
bool isnumeric(std::string_view s) { return all_have(s, detail::kNumeric); }
bool isspace(std::string_view s) { return all_have(s, detail::kSpace); }
bool isprintable(std::string_view s) { return s.empty() || all_have(s, detail::kPrintable); }
bool isascii(std::string_view s) noexcept { return is_ascii(s); }

bool isupper(std::string_view s) {
    bool cased = false;
    for (std::size_t i = 0; i < s.size();) {
        Decoded d = decode_utf8(s, i);
        if (is_lower(d.cp) || is_titlecase(d.cp)) return false;
        cased |= is_upper(d.cp);
        i += std::size_t(d.len);
    }
    return cased;
}

bool islower(std::string_view s) {
    bool cased = false;
    for (std::size_t i = 0; i < s.size();) {
        Decoded d = decode_utf8(s, i);
        if (is_upper(d.cp) || is_titlecase(d.cp)) return false;
        cased |= is_lower(d.cp);
        i += std::size_t(d.len);
    }
    return cased;
}

bool istitle(std::string_view s) {
    bool cased = false, previous_cased = false;
    for (std::size_t i = 0; i < s.size();) {
        Decoded d = decode_utf8(s, i);
        i += std::size_t(d.len);
        if (is_upper(d.cp) || is_titlecase(d.cp)) {
            if (previous_cased) return false;
            previous_cased = cased = true;
        } else if (is_lower(d.cp)) {
            if (!previous_cased) return false;
            previous_cased = cased = true;
        } else {
            previous_cased = false;
        }
    }
    return cased;
}

bool isidentifier(std::string_view s) {
    if (s.empty()) return false;
    Decoded first = decode_utf8(s, 0);
    if (!is_id_start(first.cp)) return false;
    for (std::size_t i = std::size_t(first.len); i < s.size();) {
        Decoded d = decode_utf8(s, i);
        if (!is_id_continue(d.cp)) return false;
        i += std::size_t(d.len);
    }
    return true;
}

}  // namespace aio::text
