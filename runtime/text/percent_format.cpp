// runtime/text: printf-style formatting. The parser mirrors CPython's order of checks
// (key, flags, width, precision, length modifier, conversion); renderers share one
// padding routine so "%-08.3f", "%#08x" and "%5s" pad exactly like CPython.
#include "runtime/text/percent_format.hpp"

#include <cmath>

#include "runtime/text/number_format.hpp"
#include "runtime/text/text_error.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::text {

namespace {

// Pads [sign_prefix][digits] to the width; '0' puts zeros between the two parts.
std::string pad_number(std::string_view sign_prefix, std::string_view digits, const PercentSpec& spec) {
    std::int64_t len = std::int64_t(sign_prefix.size() + digits.size());
    std::int64_t fill = spec.width > len ? spec.width - len : 0;
    std::string out;
    out.reserve(std::size_t(len + fill));
    if (spec.left) {
        out.append(sign_prefix);
        out.append(digits);
        out.append(std::size_t(fill), ' ');
    } else if (spec.zero) {
        out.append(sign_prefix);
        out.append(std::size_t(fill), '0');
        out.append(digits);
    } else {
        out.append(std::size_t(fill), ' ');
        out.append(sign_prefix);
        out.append(digits);
    }
    return out;
}

void append_sign(std::string& out, bool negative, const PercentSpec& spec) {
    if (negative)
        out.push_back('-');
    else if (spec.plus)
        out.push_back('+');
    else if (spec.space)
        out.push_back(' ');
}

}  // namespace

bool PercentParser::next(PercentPiece& piece) {
    piece.has_spec = false;
    const std::size_t n = fmt_.size();
    if (pos_ >= n) return false;
    std::size_t start = pos_;
    std::size_t pct = fmt_.find('%', pos_);
    if (pct == std::string_view::npos) pct = n;
    cp_pos_ += count_code_points(fmt_.substr(pos_, pct - pos_));
    pos_ = pct;
    piece.literal = fmt_.substr(start, pct - start);
    if (pct >= n) return true;
    // At '%'.
    ++pos_;
    ++cp_pos_;
    auto at_end = [&] {
        if (pos_ >= n) throw_value_error("incomplete format");
    };
    at_end();
    if (fmt_[pos_] == '%') {
        // "%%": the literal gets the '%' itself.
        piece.literal = fmt_.substr(start, pct + 1 - start);
        ++pos_;
        ++cp_pos_;
        return true;
    }
    PercentSpec& s = piece.spec;
    s = PercentSpec{};
    std::size_t spec_start = pos_;
    if (fmt_[pos_] == '(') {
        if (!options_.has_mapping) throw_error("TypeError", "format requires a mapping");
        // The key runs to the matching ')', counting nested parentheses.
        int depth = 1;
        std::size_t key_start = ++pos_;
        while (pos_ < n && depth > 0) {
            if (fmt_[pos_] == '(') ++depth;
            else if (fmt_[pos_] == ')') --depth;
            ++pos_;
        }
        if (depth > 0) throw_value_error("incomplete format key");
        s.has_key = true;
        s.key = fmt_.substr(key_start, pos_ - 1 - key_start);
        at_end();
    }
    for (; pos_ < n; ++pos_) {
        char c = fmt_[pos_];
        if (c == '-') s.left = true;
        else if (c == '+') s.plus = true;
        else if (c == ' ') s.space = true;
        else if (c == '#') s.alternate = true;
        else if (c == '0') s.zero = true;
        else break;
    }
    auto number = [&](bool& star, std::int64_t& value) {
        if (pos_ < n && fmt_[pos_] == '*') {
            star = true;
            ++pos_;
            return;
        }
        if (pos_ < n && fmt_[pos_] >= '0' && fmt_[pos_] <= '9') {
            value = 0;
            for (; pos_ < n && fmt_[pos_] >= '0' && fmt_[pos_] <= '9'; ++pos_) {
                if (value > (INT64_MAX - 9) / 10) throw_value_error("width too big");
                value = value * 10 + (fmt_[pos_] - '0');
            }
        }
    };
    number(s.width_star, s.width);
    if (pos_ < n && fmt_[pos_] == '.') {
        ++pos_;
        s.precision = 0;
        number(s.precision_star, s.precision);
    }
    // Length modifiers are accepted and ignored, as CPython.
    while (pos_ < n && (fmt_[pos_] == 'h' || fmt_[pos_] == 'l' || fmt_[pos_] == 'L')) ++pos_;
    at_end();
    s.bytes = options_.bytes;
    if (options_.bytes) {
        s.conversion = static_cast<unsigned char>(fmt_[pos_]);
        s.index = pos_;
        ++pos_;
        cp_pos_ = pos_;
        piece.has_spec = true;
        return true;
    }
    cp_pos_ += count_code_points(fmt_.substr(spec_start, pos_ - spec_start));
    Decoded d = decode_utf8(fmt_, pos_);
    s.conversion = d.cp;
    s.index = cp_pos_;
    pos_ += std::size_t(d.len);
    ++cp_pos_;
    piece.has_spec = true;
    return true;
}

void check_percent_conversion(const PercentSpec& spec) {
    switch (spec.conversion) {
        case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': case 'e': case 'E': case 'f': case 'F':
        case 'g': case 'G': case 'c': case 'r': case 's': case 'a':
            return;
        default: break;
    }
    // CPython builds this message with a C char: a bytes template's byte above 127 is a
    // negative one, which its formatter rejects first.
    if (spec.bytes && spec.conversion > 127)
        throw_error("OverflowError", "character argument not in range(0x110000)");
    char32_t c = spec.conversion;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    do {
        hex.insert(hex.begin(), kHex[c & 15]);
        c >>= 4;
    } while (c != 0);
    // (A str template shows only printable ASCII; a bytes one shows its byte as is.)
    char shown = spec.bytes || (spec.conversion >= 31 && spec.conversion <= 126) ? char(spec.conversion) : '?';
    throw_value_error(std::string("unsupported format character '") + shown + "' (0x" + hex + ") at index " +
                      std::to_string(spec.index));
}

std::string format_percent_int(std::int64_t v, const PercentSpec& spec) {
    check_percent_conversion(spec);
    int base = 10;
    const char* prefix = "";
    switch (spec.conversion) {
        case 'o': base = 8; prefix = "0o"; break;
        case 'x': base = 16; prefix = "0x"; break;
        case 'X': base = 16; prefix = "0X"; break;
        default: break;
    }
    std::string sign_prefix;
    append_sign(sign_prefix, v < 0, spec);
    if (spec.alternate) sign_prefix.append(prefix);
    std::string digits;
    append_uint(digits, magnitude(v), base, spec.conversion == 'X');
    if (spec.precision > std::int64_t(digits.size()))
        digits.insert(0, std::size_t(spec.precision) - digits.size(), '0');
    return pad_number(sign_prefix, digits, spec);
}

std::string format_percent_float(double v, const PercentSpec& spec) {
    check_percent_conversion(spec);
    FloatLayout layout;
    layout.alternate = spec.alternate;
    int prec = spec.precision < 0 ? 6 : int(spec.precision);
    switch (spec.conversion) {
        case 'e': case 'E': layout.type = 'e'; layout.precision = prec; break;
        case 'f': case 'F': layout.type = 'f'; layout.precision = prec; break;
        default:
            layout.type = 'g';
            layout.precision = prec == 0 ? 1 : prec;
            layout.threshold = layout.precision;
            layout.add_dot_zero = false;
    }
    layout.upper = spec.conversion == 'E' || spec.conversion == 'F' || spec.conversion == 'G';
    std::string sign;
    append_sign(sign, std::signbit(v) && !std::isnan(v), spec);
    std::string digits;
    render_float(digits, v, layout);
    return pad_number(sign, digits, spec);
}

std::string format_percent_str(std::string_view text, const PercentSpec& spec) {
    if (spec.precision >= 0 && spec.bytes) text = text.substr(0, std::size_t(spec.precision));
    else if (spec.precision >= 0) text = text.substr(0, byte_offset(text, std::size_t(spec.precision)));
    std::int64_t len = std::int64_t(spec.bytes ? text.size() : count_code_points(text));
    std::int64_t fill = spec.width > len ? spec.width - len : 0;
    std::string out;
    out.reserve(text.size() + std::size_t(fill));
    if (!spec.left) out.append(std::size_t(fill), ' ');
    out.append(text);
    if (spec.left) out.append(std::size_t(fill), ' ');
    return out;
}

}  // namespace aio::text
