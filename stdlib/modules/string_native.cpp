// stdlib/modules/string_native.cpp - `_string`, the native half of string.Formatter
// (stdlib/string.aio): a template's pieces and a field name's lookup steps, cut by the
// same scanner as str.format (runtime/text/format_string), so both fail alike.
#include <string>

#include "runtime/text/format_string.hpp"
#include "runtime/text/utf8.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

Str* str_arg(Interp& I, const CallArgs& a, const char* fname) {
    rt::check_no_kwargs(I, a, fname);
    rt::check_nargs(I, a, fname, 1, 1);
    if (!is_str(a.args[0]))
        rt::raise_fmt(I, I.exc.TypeError, "%s() argument must be str, not %s", fname,
                      rt::type_name(I, a.args[0]).c_str());
    return as_str(a.args[0]);
}

Value text_or_none(Interp& I, bool present, std::string_view s) {
    return present ? str_value(I, s) : Value::none();
}

// formatter_parser(s): [(literal, field_name, spec, conversion)], the last three None
// for a piece without a field. Field names stay raw: '' for "{}" (numbering is the
// caller's job, so "{}{0}" parses).
Value formatter_parser(Interp& I, const CallArgs& a, Object*) {
    Str* s = str_arg(I, a, "formatter_parser");
    rt::List* out = rt::new_list(I, 0);
    rt::TempRoot keep(I, obj(out));
    Scratch tmp(I, 4);
    text::FieldNumbering numbering;
    text::FormatStringParser parser(s->view(), numbering);
    text::FormatPiece piece;
    while (text_call(I, [&] {
        numbering = text::FieldNumbering{};
        return parser.next(piece);
    })) {
        const text::ReplacementField& f = piece.field;
        tmp[0] = str_value(I, piece.literal);
        tmp[1] = text_or_none(I, piece.has_field, f.field_name);
        tmp[2] = text_or_none(I, piece.has_field, f.spec);
        tmp[3] = Value::none();
        if (piece.has_field && f.conversion) {
            std::string conv;
            text::append_utf8(conv, f.conversion);
            tmp[3] = str_value(I, conv);
        }
        rt::list_append(I, out, obj(rt::new_tuple(I, {tmp[0], tmp[1], tmp[2], tmp[3]})));
    }
    return obj(out);
}

// An all-digit name part is an int (an index), anything else a str.
Value name_part(Interp& I, std::string_view s) {
    bool digits = !s.empty();
    int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9' || v > (INT64_MAX - 9) / 10) {
            digits = false;
            break;
        }
        v = v * 10 + (c - '0');
    }
    return digits ? Value::integer(v) : str_value(I, s);
}

// formatter_field_name_split("a.b[0]"): ('a', iterator of (True, 'b'), (False, 0)).
Value formatter_field_name_split(Interp& I, const CallArgs& a, Object*) {
    Str* s = str_arg(I, a, "formatter_field_name_split");
    std::string_view name = s->view();
    size_t i = 0;
    while (i < name.size() && name[i] != '.' && name[i] != '[') ++i;
    std::string_view rest = name.substr(i);
    rt::List* steps = rt::new_list(I, 0);
    rt::TempRoot keep(I, obj(steps));
    Scratch tmp(I, 2);
    text::FieldAccessor acc;
    while (text_call(I, [&] { return text::next_accessor(rest, acc); })) {
        tmp[0] = acc.is_item ? name_part(I, acc.name) : str_value(I, acc.name);
        rt::list_append(I, steps, obj(rt::new_tuple(I, {Value::boolean(!acc.is_item), tmp[0]})));
    }
    tmp[0] = name_part(I, name.substr(0, i));
    tmp[1] = rt::get_iter(I, obj(steps));
    return obj(rt::new_tuple(I, {tmp[0], tmp[1]}));
}

}  // namespace

rt::Module* make_string_module(Interp& I) {
    rt::Module* m = rt::new_module(I, rt::intern(I, "_string"));
    add_functions(I, m->dict, {
        {"formatter_parser", formatter_parser},
        {"formatter_field_name_split", formatter_field_name_split},
    });
    return m;
}

}  // namespace aio::stdlib
