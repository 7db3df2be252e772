// runtime/text: parsing of str.format() templates: literal text and replacement fields
// "{field_name!conv:spec}". FormatStringParser yields pieces in order and applies
// CPython's auto/manual numbering rules; expand_format drives it with a caller-supplied
// renderer and substitutes nested "{...}" inside specs. Nothing here touches objects.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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
    std::vector<FieldAccessor> accessors;
    char32_t conversion;           // 0, or the char after '!' (validate with check_conversion)
    std::string_view spec;         // raw spec text; may contain nested fields
    bool spec_needs_expanding;     // spec contains '{' (pass it through expand_format)
};

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
    // [depth] counts the nesting levels still allowed: 2 for a top-level template, as
    // CPython. Throws ValueError "Max string recursion exceeded" when it is <= 0.
    FormatStringParser(std::string_view fmt, FieldNumbering& numbering, int depth = 2);

    // Fills [piece] with the next literal and field; false when the template is done.
    // Throws ValueError with CPython's texts ("Single '}' encountered in format string",
    // "expected '}' before end of string", "cannot switch from automatic field numbering
    // to manual field specification", "Empty attribute in format string", ...).
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

// Builds the formatted string: [render](const ReplacementField&, std::string_view spec)
// returns the text of one field, given its spec with nested fields already substituted.
template <class Render>
std::string expand_format(std::string_view fmt, Render&& render, FieldNumbering& numbering, int depth = 2) {
    FormatStringParser parser(fmt, numbering, depth);
    std::string out;
    out.reserve(fmt.size() + 16);
    FormatPiece piece;
    while (parser.next(piece)) {
        out.append(piece.literal);
        if (!piece.has_field) continue;
        if (piece.field.spec_needs_expanding) {
            std::string spec = expand_format(piece.field.spec, render, numbering, depth - 1);
            out.append(render(piece.field, std::string_view(spec)));
        } else {
            out.append(render(piece.field, piece.field.spec));
        }
    }
    return out;
}

template <class Render>
std::string expand_format(std::string_view fmt, Render&& render) {
    FieldNumbering numbering;
    return expand_format(fmt, render, numbering, 2);
}

}  // namespace aio::text
