// runtime/text: parsing of str.format() templates: literal text and replacement fields
// "{field_name!conv:spec}". FormatStringParser yields pieces in order and applies
// CPython's auto/manual numbering rules; next_accessor walks a field's ".attr[key]"
// steps. The runtime (stdlib/methods/str_format.cpp) drives both in CPython's order:
// look the object up step by step, convert it, then expand nested fields in its spec.
// Nothing here touches objects.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace aio::text {

// One ".attr" or "[key]" step after the first part of a field name.
struct FieldAccessor {
    bool is_item;           // true: [key]; false: .attr
    std::string_view name;  // attribute name, or the key text
    bool key_is_int;        // [key] made only of digits: use int_key
    std::int64_t int_key;
};

struct ReplacementField {
    std::string_view field_name;  // the raw text before '!' / ':'
    bool by_index;                // positional: args[arg_index]; else kwargs[arg_name]
    std::int64_t arg_index;
    std::string_view arg_name;
    std::string_view accessors;    // the ".attr[key]..." rest of the name (see next_accessor)
    char32_t conversion;           // 0, or the char after '!' (validate with check_conversion)
    std::string_view spec;         // raw spec text; may contain nested fields
    bool spec_needs_expanding;     // spec contains '{' (a nested FormatStringParser, depth - 1)
};

// Takes the next step off [rest] (a field's accessors); false when none is left.
// Throws ValueError "Empty attribute in format string", "Missing ']' in format string"
// or "Only '.' or '[' may follow ']' in format field specifier". CPython parses each
// step only after the previous one was looked up, so its errors come in that order.
bool next_accessor(std::string_view& rest, FieldAccessor& out);

// A literal chunk (already unescaped: "{{" yields "{"), optionally followed by a field.
struct FormatPiece {
    std::string_view literal;
    bool has_field = false;
    ReplacementField field;
};

// Shared by a template and the templates nested in its specs: "{}" and "{0}" may not mix.
struct FieldNumbering {
    enum class Mode { Unset, Auto, Manual } mode = Mode::Unset;
    std::int64_t next_auto = 0;
};

class FormatStringParser {
  public:
    // [depth] counts the nesting levels still allowed: 2 for a top-level template and
    // one less for a spec's nested fields, as CPython. Throws ValueError "Max string
    // recursion exceeded" when it is <= 0.
    FormatStringParser(std::string_view fmt, FieldNumbering& numbering, int depth = 2);

    // Fills [piece] with the next literal and field; false when the template is done.
    // Throws ValueError with CPython's texts ("Single '}' encountered in format string",
    // "expected '}' before end of string", "cannot switch from automatic field numbering
    // to manual field specification", "Too many decimal digits in format string", ...).
    bool next(FormatPiece& piece);

    int depth() const { return depth_; }

  private:
    void parse_field_name(ReplacementField& f);

    std::string_view fmt_;
    std::size_t pos_ = 0;
    FieldNumbering& numbering_;
    int depth_;
};

// Throws ValueError "Unknown conversion specifier x" unless [c] is 0, 'r', 's' or 'a'.
// Call it after looking the field's object up, where CPython raises it.
void check_conversion(char32_t c);

}  // namespace aio::text
