// runtime/text: printf-style "fmt % args" pieces, for str and bytes templates alike.
// PercentParser walks a template and yields literal chunks and conversion specs
// ("%(name)-08.3f"); the runtime (runtime/format.cpp) fetches each argument (and
// applies str/repr/ascii itself), then renders numbers with format_percent_int /
// format_percent_float and pads text with format_percent_str.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace aio::text {

struct PercentSpec {
    bool has_key = false;
    std::string_view key;       // the text inside "%(...)"
    bool left = false;          // '-'
    bool plus = false;          // '+'
    bool space = false;         // ' '
    bool alternate = false;     // '#'
    bool zero = false;          // '0'
    bool width_star = false;    // width comes from the next argument
    bool precision_star = false;
    std::int64_t width = -1;    // -1: none
    std::int64_t precision = -1;
    char32_t conversion = 0;    // d i o u x X e E f F g G c r s a (or an unsupported one)
    std::size_t index = 0;      // code point (bytes: byte) index of the conversion, for errors
    bool bytes = false;         // a bytes template: widths and precisions count bytes
};

struct PercentPiece {
    std::string_view literal;   // text before the spec ("%%" contributes a "%" literal)
    bool has_spec = false;
    PercentSpec spec;
};

struct PercentOptions {
    bool bytes = false;        // a bytes template: the conversion is one byte
    bool has_mapping = true;   // false: a "%(key)" is TypeError "format requires a mapping"
};

class PercentParser {
  public:
    explicit PercentParser(std::string_view fmt, PercentOptions options = {}) : fmt_(fmt), options_(options) {}
    // Next literal and spec; false at the end. Throws ValueError "incomplete format"
    // or "incomplete format key". Unknown conversions are reported later (see
    // check_percent_conversion), after the argument is fetched, as CPython does.
    bool next(PercentPiece& piece);

  private:
    std::string_view fmt_;
    PercentOptions options_;
    std::size_t pos_ = 0;
    std::size_t cp_pos_ = 0;  // code point index of pos_
};

// Throws ValueError "unsupported format character 'y' (0x79) at index 1" unless the
// conversion is one of d i o u x X e E f F g G c r s a (a spec never holds "%%").
void check_percent_conversion(const PercentSpec& spec);

// '%d' '%i' '%u' '%o' '%x' '%X' of an int: sign, '#' prefix, precision = minimum digits,
// width with '-' or '0' padding.
std::string format_percent_int(std::int64_t v, const PercentSpec& spec);
// '%e' '%E' '%f' '%F' '%g' '%G' of a float (precision defaults to 6).
std::string format_percent_float(double v, const PercentSpec& spec);
// '%s' '%r' '%a' '%c' once the runtime has the text: precision truncates (code points,
// or bytes for a bytes template), width pads with spaces (left-aligned with '-').
std::string format_percent_str(std::string_view text, const PercentSpec& spec);

}  // namespace aio::text
