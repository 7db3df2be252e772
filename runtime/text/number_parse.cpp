// runtime/text: int(str, base) and float(str). Non-ASCII input is first mapped to
// ASCII (Unicode decimals to '0'..'9', Unicode spaces to ' ') as CPython does, so the
// grammar below only ever sees ASCII. Final conversion of floats is std::from_chars.
#include "runtime/text/number_parse.hpp"

#include <charconv>
#include <limits>
#include <string>

#include "runtime/text/str_repr.hpp"
#include "runtime/text/text_error.hpp"
#include "runtime/text/unicode_class.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::text {

namespace {

// Maps decimals and spaces to ASCII; any other non-ASCII code point becomes '?',
// which no grammar accepts. Returns [s] itself when it is already ASCII.
std::string_view to_ascii_digits(std::string_view s, std::string& storage) {
    if (is_ascii(s)) return s;
    storage.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        Decoded d = decode_utf8(s, i);
        i += std::size_t(d.len);
        if (d.cp < 0x80) {
            storage.push_back(char(d.cp));
        } else if (int v = decimal_value(d.cp); v >= 0) {
            storage.push_back(char('0' + v));
        } else {
            storage.push_back(is_space(d.cp) ? ' ' : '?');
        }
    }
    return storage;
}

std::string_view strip_spaces(std::string_view t) {
    auto sp = [](char c) { return is_space(static_cast<unsigned char>(c)); };
    while (!t.empty() && sp(t.front())) t.remove_prefix(1);
    while (!t.empty() && sp(t.back())) t.remove_suffix(1);
    return t;
}

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

[[noreturn]] void bad_int(std::string_view original, int base) {
    throw_value_error("invalid literal for int() with base " + std::to_string(base) + ": " +
                      str_repr_truncated(original, 200));
}

[[noreturn]] void bad_float(std::string_view original) {
    throw_value_error("could not convert string to float: " + str_repr(original));
}

bool equals_nocase(std::string_view a, std::string_view lower) {
    if (a.size() != lower.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if ((a[i] | 0x20) != lower[i]) return false;
    return true;
}

}  // namespace

std::int64_t parse_int(std::string_view s, int base) {
    if (base != 0 && (base < 2 || base > 36)) throw_value_error("int() base must be >= 2 and <= 36, or 0");
    const int given_base = base;
    std::string storage;
    std::string_view t = strip_spaces(to_ascii_digits(s, storage));
    std::size_t i = 0;
    bool neg = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) neg = t[i++] == '-';
    bool had_prefix = false;
    if (i + 1 < t.size() && t[i] == '0') {
        char p = char(t[i + 1] | 0x20);
        int pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (pb != 0 && (base == 0 || base == pb)) {
            base = pb;
            i += 2;
            had_prefix = true;
        }
    }
    // Without a prefix, base 0 is decimal but forbids leading zeros ("010"), as literals do.
    bool literal_zero_rule = false;
    if (base == 0) {
        base = 10;
        literal_zero_rule = i < t.size() && t[i] == '0';
    }
    // A prefix may be followed by one '_' ("0x_1f"); otherwise '_' only between digits.
    if (had_prefix && i < t.size() && t[i] == '_') ++i;
    const std::uint64_t limit = neg ? std::uint64_t(1) << 63 : (std::uint64_t(1) << 63) - 1;
    std::uint64_t acc = 0;
    bool overflow = false, any = false, nonzero = false;
    for (; i < t.size(); ++i) {
        char c = t[i];
        if (c == '_') {
            if (!any || i + 1 >= t.size() || t[i + 1] == '_') bad_int(s, given_base);
            continue;
        }
        int v = digit_value(c);
        if (v >= base) bad_int(s, given_base);
        any = true;
        nonzero |= v != 0;
        if (!overflow) {
            std::uint64_t b = std::uint64_t(base), dv = std::uint64_t(v);
            if (acc > (limit - dv) / b)
                overflow = true;
            else
                acc = acc * b + dv;
        }
    }
    if (!any || (literal_zero_rule && nonzero)) bad_int(s, given_base);
    if (overflow) throw_error("OverflowError", "integer overflow");
    return neg ? static_cast<std::int64_t>(~acc + 1) : static_cast<std::int64_t>(acc);
}

double parse_float(std::string_view s) {
    std::string storage;
    std::string_view t = strip_spaces(to_ascii_digits(s, storage));
    std::size_t i = 0;
    bool neg = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) neg = t[i++] == '-';
    std::string_view body = t.substr(i);
    if (equals_nocase(body, "inf") || equals_nocase(body, "infinity"))
        return neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    if (equals_nocase(body, "nan")) return std::numeric_limits<double>::quiet_NaN();

    // Copy the literal without underscores, checking that each '_' sits between digits.
    std::string clean;
    clean.reserve(body.size());
    auto is_dig = [&](std::size_t k) { return k < body.size() && body[k] >= '0' && body[k] <= '9'; };
    // Reads digits with embedded single underscores; returns how many digits were read.
    auto digits = [&](std::size_t& k) {
        std::size_t count = 0;
        while (k < body.size()) {
            if (is_dig(k)) {
                clean.push_back(body[k++]);
                ++count;
            } else if (body[k] == '_' && count > 0 && is_dig(k + 1)) {
                ++k;
            } else {
                break;
            }
        }
        return count;
    };
    std::size_t k = 0;
    std::size_t int_digits = digits(k);
    std::size_t frac_digits = 0;
    if (k < body.size() && body[k] == '.') {
        clean.push_back('.');
        ++k;
        frac_digits = digits(k);
    }
    if (int_digits + frac_digits == 0) bad_float(s);
    long exp_value = 0;
    if (k < body.size() && (body[k] | 0x20) == 'e') {
        clean.push_back('e');
        ++k;
        bool eneg = false;
        if (k < body.size() && (body[k] == '+' || body[k] == '-')) {
            eneg = body[k] == '-';
            clean.push_back(body[k++]);
        }
        std::size_t at = clean.size();
        if (digits(k) == 0) bad_float(s);
        for (std::size_t q = at; q < clean.size() && exp_value < 100000; ++q) exp_value = exp_value * 10 + (clean[q] - '0');
        if (eneg) exp_value = -exp_value;
    }
    if (k != body.size()) bad_float(s);

    double value = 0.0;
    auto res = std::from_chars(clean.data(), clean.data() + clean.size(), value, std::chars_format::general);
    if (res.ec == std::errc::result_out_of_range) {
        // Overflow gives inf, underflow 0.0, as CPython. The magnitude is the exponent plus
        // the count of significant integer digits (leading zeros do not count).
        std::size_t lead = 0;
        while (lead < clean.size() && (clean[lead] == '0' || clean[lead] == '.')) ++lead;
        long sig_int = 0;
        for (std::size_t q = lead; q < clean.size() && clean[q] >= '0' && clean[q] <= '9'; ++q) ++sig_int;
        value = exp_value + sig_int > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    }
    return neg ? -value : value;
}

}  // namespace aio::text
