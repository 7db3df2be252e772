// runtime/text: float -> text. std::to_chars supplies the digits (shortest round-trip
// or correctly rounded to a precision); this file only places the decimal point and
// exponent the way CPython's float_repr_style='short' does.
#include <charconv>
#include <cmath>
#include <string>

#include "runtime/text/number_format.hpp"

namespace aio::text {

namespace {

// Significant digits (no point) and decimal exponent X: value = d.ddd * 10^X.
struct SciDigits {
    std::string digits;
    int exp = 0;
};

// [sig] < 0: shortest round-trip digits; else exactly [sig] (>= 1) correctly rounded.
SciDigits sci_digits(double a, int sig) {
    // 17 digits + "e+308" + point fit in 32; a requested precision may need more.
    std::string buf(sig < 0 ? 32 : std::size_t(sig) + 16, '\0');
    auto res = sig < 0 ? std::to_chars(buf.data(), buf.data() + buf.size(), a, std::chars_format::scientific)
                       : std::to_chars(buf.data(), buf.data() + buf.size(), a, std::chars_format::scientific, sig - 1);
    SciDigits out;
    const char* p = buf.data();
    const char* end = res.ptr;
    out.digits.reserve(std::size_t(end - p));
    for (; p < end && *p != 'e'; ++p)
        if (*p != '.') out.digits.push_back(*p);
    // Exponent text after 'e' is [+-]dd[d].
    ++p;
    bool neg = *p == '-';
    ++p;
    int e = 0;
    for (; p < end; ++p) e = e * 10 + (*p - '0');
    out.exp = neg ? -e : e;
    return out;
}

void append_exponent(std::string& out, int e, bool upper) {
    out.push_back(upper ? 'E' : 'e');
    out.push_back(e < 0 ? '-' : '+');
    unsigned u = unsigned(e < 0 ? -e : e);
    if (u < 10) out.push_back('0');
    char buf[8];
    auto r = std::to_chars(buf, buf + 8, u);
    out.append(buf, r.ptr);
}

// Lays out [s] as fixed or scientific notation; [strip] drops trailing fraction zeros.
void place_digits(std::string& out, SciDigits& s, bool scientific, bool strip, bool alternate, bool add_dot_zero,
                  bool upper) {
    std::string& d = s.digits;
    if (scientific) {
        std::size_t frac_end = d.size();
        if (strip)
            while (frac_end > 1 && d[frac_end - 1] == '0') --frac_end;
        out.push_back(d[0]);
        if (frac_end > 1 || alternate) out.push_back('.');
        out.append(d, 1, frac_end - 1);
        append_exponent(out, s.exp, upper);
        return;
    }
    // Fixed: integer part then fraction part.
    if (s.exp < 0) {
        out.push_back('0');
        out.push_back('.');
        out.append(std::size_t(-s.exp - 1), '0');
        out.append(d);
    } else {
        std::size_t int_len = std::size_t(s.exp) + 1;
        if (d.size() <= int_len) {
            out.append(d);
            out.append(int_len - d.size(), '0');
            out.push_back('.');
        } else {
            out.append(d, 0, int_len);
            out.push_back('.');
            out.append(d, int_len);
        }
    }
    if (strip) {
        while (out.back() == '0') out.pop_back();
    }
    if (out.back() == '.') {
        if (add_dot_zero)
            out.push_back('0');
        else if (!alternate)
            out.pop_back();
    }
}

}  // namespace

void render_float(std::string& out, double d, const FloatLayout& f) {
    double a = std::fabs(d);
    if (std::isinf(a)) {
        out.append(f.upper ? "INF" : "inf");
        return;
    }
    if (std::isnan(a)) {
        out.append(f.upper ? "NAN" : "nan");
        return;
    }
    if (f.type == 'f') {
        // Fixed output can be ~310 integer digits plus the requested fraction.
        std::size_t at = out.size();
        out.resize(at + 330 + std::size_t(f.precision));
        auto r = std::to_chars(out.data() + at, out.data() + out.size(), a, std::chars_format::fixed, f.precision);
        out.resize(std::size_t(r.ptr - out.data()));
        if (f.alternate && f.precision == 0) out.push_back('.');
        return;
    }
    if (f.type == 'e') {
        SciDigits s = sci_digits(a, f.precision + 1);
        place_digits(out, s, true, false, f.alternate, false, f.upper);
        return;
    }
    // 'g' and 'r' choose the notation from the exponent of the rounded value.
    SciDigits s = sci_digits(a, f.precision);
    bool scientific = s.exp < -4 || s.exp >= f.threshold;
    bool strip = !f.alternate;
    bool dot0 = f.type == 'r' && f.add_dot_zero;
    place_digits(out, s, scientific, strip, f.alternate, dot0, f.upper);
}

void append_float_repr(std::string& out, double d) {
    if (std::signbit(d) && !std::isnan(d)) out.push_back('-');
    render_float(out, d, FloatLayout{});
}

std::string float_repr(double d) {
    std::string out;
    out.reserve(24);
    append_float_repr(out, d);
    return out;
}

}  // namespace aio::text
