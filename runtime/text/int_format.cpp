// runtime/text: int -> text in any base, hex()/oct()/bin(). Digits are produced
// backwards into a stack buffer (64 binary digits at most), so only the result allocates.
#include <string>

#include "runtime/text/number_format.hpp"
#include "runtime/text/text_error.hpp"

namespace aio::text {

namespace {

constexpr char kLower[] = "0123456789abcdefghijklmnopqrstuvwxyz";
constexpr char kUpper[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

std::string with_prefix(std::int64_t v, int base, const char* prefix) {
    std::string out;
    out.reserve(24);
    if (v < 0) out.push_back('-');
    out.append(prefix);
    append_uint(out, magnitude(v), base);
    return out;
}

}  // namespace

void append_uint(std::string& out, std::uint64_t m, int base, bool upper) {
    const char* digits = upper ? kUpper : kLower;
    char buf[64];
    char* end = buf + sizeof buf;
    char* p = end;
    if (base == 10) {
        do {
            *--p = char('0' + m % 10);
            m /= 10;
        } while (m != 0);
    } else {
        auto b = static_cast<std::uint64_t>(base);
        do {
            *--p = digits[m % b];
            m /= b;
        } while (m != 0);
    }
    out.append(p, end);
}

std::string int_to_string(std::int64_t v, int base) {
    if (base < 2 || base > 36) throw_value_error("base must be >= 2 and <= 36");
    std::string out;
    out.reserve(base == 10 ? 20 : 24);
    if (v < 0) out.push_back('-');
    append_uint(out, magnitude(v), base);
    return out;
}

std::string int_to_hex(std::int64_t v) { return with_prefix(v, 16, "0x"); }
std::string int_to_oct(std::int64_t v) { return with_prefix(v, 8, "0o"); }
std::string int_to_bin(std::int64_t v) { return with_prefix(v, 2, "0b"); }

}  // namespace aio::text
