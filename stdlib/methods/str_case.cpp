// stdlib/methods/str_case.cpp - str methods that map or classify code points: case
// conversion (full Unicode mappings incl. final sigma), the is* predicates, padding
// (center/ljust/rjust/zfill/expandtabs), translate/maketrans, encode, and the codecs
// shared with bytes.decode. ASCII strings take byte-wise fast paths.
#include <cstdio>
#include <string>

#include "runtime/text/unicode_class.hpp"
#include "runtime/text/utf8.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

using text::CaseKind;

void append_mapped(std::string& out, char32_t cp, CaseKind k) {
    char32_t m[3];
    int n = text::map_case(cp, k, m);
    for (int i = 0; i < n; ++i) text::append_utf8(out, m[i]);
}

// Final sigma: U+03A3 lowercases to U+03C2 at the end of a word (cased letter before,
// none after, skipping case-ignorable code points).
bool final_sigma(std::string_view s, size_t pos, size_t len) {
    size_t i = pos;
    bool before = false;
    while (i > 0) {
        text::Decoded d = text::decode_utf8_before(s, i);
        i -= static_cast<size_t>(d.len);
        if (text::is_case_ignorable(d.cp)) continue;
        before = text::is_cased(d.cp);
        break;
    }
    if (!before) return false;
    for (size_t j = pos + len; j < s.size();) {
        text::Decoded d = text::decode_utf8(s, j);
        j += static_cast<size_t>(d.len);
        if (text::is_case_ignorable(d.cp)) continue;
        return !text::is_cased(d.cp);
    }
    return true;
}

void append_lower(std::string& out, std::string_view s, size_t pos, text::Decoded d) {
    if (d.cp == 0x3a3) {
        text::append_utf8(out, final_sigma(s, pos, static_cast<size_t>(d.len)) ? 0x3c2 : 0x3c3);
        return;
    }
    append_mapped(out, d.cp, CaseKind::Lower);
}

enum class CaseOp { Upper, Lower, Swap, Title, Capitalize, Fold };

Value case_impl(Interp& I, const CallArgs& a, const char* name, CaseOp op) {
    Str* s = self_str(I, a, name);
    str_args(I, a, name, 0, 0);
    std::string_view v = s->view();
    std::string out;
    out.reserve(v.size());
    if (s->ascii) {
        bool prev_cased = false;
        for (size_t i = 0; i < v.size(); ++i) {
            char c = v[i];
            bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
            switch (op) {
                case CaseOp::Upper: if (lo) c -= 32; break;
                case CaseOp::Lower: case CaseOp::Fold: if (up) c += 32; break;
                case CaseOp::Swap: if (lo) c -= 32; else if (up) c += 32; break;
                case CaseOp::Title:
                    if (prev_cased) { if (up) c += 32; } else if (lo) c -= 32;
                    prev_cased = up || lo;
                    break;
                case CaseOp::Capitalize:
                    if (i == 0) { if (lo) c -= 32; } else if (up) c += 32;
                    break;
            }
            out += c;
        }
        return str_value(I, out);
    }
    bool prev_cased = false;
    for (size_t i = 0; i < v.size();) {
        text::Decoded d = text::decode_utf8(v, i);
        switch (op) {
            case CaseOp::Upper: append_mapped(out, d.cp, CaseKind::Upper); break;
            case CaseOp::Lower: append_lower(out, v, i, d); break;
            case CaseOp::Fold: append_mapped(out, d.cp, CaseKind::Fold); break;
            case CaseOp::Swap:
                if (text::is_upper(d.cp)) append_lower(out, v, i, d);
                else if (text::is_lower(d.cp)) append_mapped(out, d.cp, CaseKind::Upper);
                else text::append_utf8(out, d.cp);
                break;
            case CaseOp::Title:
                if (prev_cased) append_lower(out, v, i, d);
                else append_mapped(out, d.cp, CaseKind::Title);
                prev_cased = text::is_cased(d.cp);
                break;
            case CaseOp::Capitalize:
                if (i == 0) append_mapped(out, d.cp, CaseKind::Title);
                else append_lower(out, v, i, d);
                break;
        }
        i += static_cast<size_t>(d.len);
    }
    return str_value(I, out);
}

Value str_upper(Interp& I, const CallArgs& a, Object*) { return case_impl(I, a, "upper", CaseOp::Upper); }
Value str_lower(Interp& I, const CallArgs& a, Object*) { return case_impl(I, a, "lower", CaseOp::Lower); }
Value str_swapcase(Interp& I, const CallArgs& a, Object*) { return case_impl(I, a, "swapcase", CaseOp::Swap); }
Value str_title(Interp& I, const CallArgs& a, Object*) { return case_impl(I, a, "title", CaseOp::Title); }
Value str_capitalize(Interp& I, const CallArgs& a, Object*) { return case_impl(I, a, "capitalize", CaseOp::Capitalize); }
Value str_casefold(Interp& I, const CallArgs& a, Object*) { return case_impl(I, a, "casefold", CaseOp::Fold); }

// --- predicates ---------------------------------------------------------------------------------------
// True when every code point satisfies [pred] (and the string is not empty).
template <class P>
Value all_cps(Interp& I, const CallArgs& a, const char* name, P pred, bool empty_result = false) {
    Str* s = self_str(I, a, name);
    str_args(I, a, name, 0, 0);
    std::string_view v = s->view();
    if (v.empty()) return Value::boolean(empty_result);
    for (size_t i = 0; i < v.size();) {
        text::Decoded d = text::decode_utf8(v, i);
        if (!pred(d.cp)) return Value::boolean(false);
        i += static_cast<size_t>(d.len);
    }
    return Value::boolean(true);
}

Value str_isdigit(Interp& I, const CallArgs& a, Object*) { return all_cps(I, a, "isdigit", text::is_digit); }
Value str_isdecimal(Interp& I, const CallArgs& a, Object*) { return all_cps(I, a, "isdecimal", text::is_decimal); }
Value str_isnumeric(Interp& I, const CallArgs& a, Object*) { return all_cps(I, a, "isnumeric", text::is_numeric); }
Value str_isalpha(Interp& I, const CallArgs& a, Object*) { return all_cps(I, a, "isalpha", text::is_alpha); }
Value str_isalnum(Interp& I, const CallArgs& a, Object*) { return all_cps(I, a, "isalnum", text::is_alnum); }
Value str_isspace(Interp& I, const CallArgs& a, Object*) { return all_cps(I, a, "isspace", text::is_space); }
Value str_isprintable(Interp& I, const CallArgs& a, Object*) {
    return all_cps(I, a, "isprintable", text::is_printable, true);
}
Value str_isascii(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "isascii");
    str_args(I, a, "isascii", 0, 0);
    return Value::boolean(s->ascii || text::is_ascii(s->view()));
}

Value str_isidentifier(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "isidentifier");
    str_args(I, a, "isidentifier", 0, 0);
    std::string_view v = s->view();
    if (v.empty()) return Value::boolean(false);
    for (size_t i = 0; i < v.size();) {
        text::Decoded d = text::decode_utf8(v, i);
        bool ok = i == 0 ? (d.cp == '_' || text::is_id_start(d.cp)) : text::is_id_continue(d.cp);
        if (!ok) return Value::boolean(false);
        i += static_cast<size_t>(d.len);
    }
    return Value::boolean(true);
}

// isupper/islower: no cased code point of the other case, and at least one cased.
Value upper_lower(Interp& I, const CallArgs& a, const char* name, bool upper) {
    Str* s = self_str(I, a, name);
    str_args(I, a, name, 0, 0);
    std::string_view v = s->view();
    bool cased = false;
    for (size_t i = 0; i < v.size();) {
        text::Decoded d = text::decode_utf8(v, i);
        i += static_cast<size_t>(d.len);
        bool same = upper ? text::is_upper(d.cp) : text::is_lower(d.cp);
        bool other = upper ? text::is_lower(d.cp) : text::is_upper(d.cp);
        if (other || text::is_titlecase(d.cp)) return Value::boolean(false);
        cased = cased || same;
    }
    return Value::boolean(cased);
}
Value str_isupper(Interp& I, const CallArgs& a, Object*) { return upper_lower(I, a, "isupper", true); }
Value str_islower(Interp& I, const CallArgs& a, Object*) { return upper_lower(I, a, "islower", false); }

Value str_istitle(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "istitle");
    str_args(I, a, "istitle", 0, 0);
    std::string_view v = s->view();
    bool cased = false, prev_cased = false;
    for (size_t i = 0; i < v.size();) {
        text::Decoded d = text::decode_utf8(v, i);
        i += static_cast<size_t>(d.len);
        if (text::is_upper(d.cp) || text::is_titlecase(d.cp)) {
            if (prev_cased) return Value::boolean(false);
            prev_cased = cased = true;
        } else if (text::is_lower(d.cp)) {
            if (!prev_cased) return Value::boolean(false);
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return Value::boolean(cased);
}

// --- padding --------------------------------------------------------------------------------------------
char32_t fill_arg(Interp& I, const CallArgs& a, uint32_t idx, const char* name) {
    if (a.nargs <= idx) return ' ';
    Value f = a.args[idx];
    if (!is_str(f) || as_str(f)->length() != 1) {
        if (!is_str(f)) {
            std::string tn = rt::type_name(I, f);
            rt::raise_fmt(I, I.exc.TypeError, "%s() argument 2 must be str, not %s", name, tn.c_str());
        }
        rt::raise(I, I.exc.TypeError, "The fill character must be exactly one character long");
    }
    return text::decode_utf8(as_str(f)->view(), 0).cp;
}

Value pad(Interp& I, Str* s, int64_t left, int64_t right, char32_t fill) {
    if (left <= 0 && right <= 0 && s->cls == I.types.str) return obj(s);
    std::string out;
    for (int64_t i = 0; i < left; ++i) text::append_utf8(out, fill);
    out += s->view();
    for (int64_t i = 0; i < right; ++i) text::append_utf8(out, fill);
    return str_value(I, out);
}

Value justify(Interp& I, const CallArgs& a, const char* name, int mode) {
    Str* s = self_str(I, a, name);
    str_args(I, a, name, 1, 2);
    int64_t width = arg_index(I, a.args[1]);
    char32_t fill = fill_arg(I, a, 2, name);
    int64_t len = s->length();
    int64_t marg = width - len;
    if (marg <= 0) return pad(I, s, 0, 0, fill);
    if (mode < 0) return pad(I, s, 0, marg, fill);
    if (mode > 0) return pad(I, s, marg, 0, fill);
    int64_t left = marg / 2 + (marg & width & 1);  // CPython's rounding of the odd space
    return pad(I, s, left, marg - left, fill);
}
Value str_ljust(Interp& I, const CallArgs& a, Object*) { return justify(I, a, "ljust", -1); }
Value str_rjust(Interp& I, const CallArgs& a, Object*) { return justify(I, a, "rjust", 1); }
Value str_center(Interp& I, const CallArgs& a, Object*) { return justify(I, a, "center", 0); }

Value str_zfill(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "zfill");
    str_args(I, a, "zfill", 1, 1);
    int64_t width = arg_index(I, a.args[1]);
    int64_t fill = width - s->length();
    if (fill <= 0) return pad(I, s, 0, 0, ' ');
    std::string_view v = s->view();
    std::string out;
    size_t sign = (!v.empty() && (v[0] == '+' || v[0] == '-')) ? 1 : 0;
    out.append(v.substr(0, sign));
    out.append(static_cast<size_t>(fill), '0');
    out.append(v.substr(sign));
    return str_value(I, out);
}

Value str_expandtabs(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "expandtabs");
    Value args[1];
    bind_method_args(I, a, "expandtabs", {"tabsize"}, 0, args);
    int64_t tab = args[0].is_null() ? 8 : arg_index(I, args[0]);
    std::string_view v = s->view();
    std::string out;
    int64_t col = 0;
    for (size_t i = 0; i < v.size();) {
        text::Decoded d = text::decode_utf8(v, i);
        if (d.cp == '\t') {
            if (tab > 0) {
                int64_t n = tab - col % tab;
                out.append(static_cast<size_t>(n), ' ');
                col += n;
            }
        } else {
            out.append(v.substr(i, static_cast<size_t>(d.len)));
            col = (d.cp == '\n' || d.cp == '\r') ? 0 : col + 1;
        }
        i += static_cast<size_t>(d.len);
    }
    return str_value(I, out);
}

// --- translate / maketrans / encode ------------------------------------------------------------------------
Value str_translate(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "translate");
    str_args(I, a, "translate", 1, 1);
    Value table = a.args[1];
    std::string_view v = s->view();
    std::string out;
    for (size_t i = 0; i < v.size();) {
        text::Decoded d = text::decode_utf8(v, i);
        i += static_cast<size_t>(d.len);
        Value key = Value::integer(d.cp), r;
        if (is_dict(table) && table.as_obj()->cls == I.types.dict) {
            r = rt::dict_get(I, as_dict(table), key);
        } else {
            try {
                r = rt::getitem(I, table, key);
            } catch (rt::Unwind&) {
                if (!rt::isinstance(I, I.pending, I.exc.LookupError)) throw;
                I.pending = Value::null();
                r = Value::null();
            }
        }
        if (r.is_null()) text::append_utf8(out, d.cp);
        else if (r.is_none()) continue;
        else if (is_intlike(r)) {
            int64_t c = intlike(r);
            if (c < 0 || c > 0x10ffff) rt::raise(I, I.exc.ValueError, "character mapping must be in range(0x110000)");
            text::append_utf8(out, static_cast<char32_t>(c));
        } else if (is_str(r)) out += as_str(r)->view();
        else rt::raise(I, I.exc.TypeError, "character mapping must return integer, None or str");
    }
    return str_value(I, out);
}

Value str_maketrans(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "maketrans");
    rt::check_nargs(I, a, "maketrans", 1, 3);
    rt::Dict* d = rt::new_dict(I);
    if (a.nargs == 1) {
        if (!is_dict(a.args[0]))
            rt::raise(I, I.exc.TypeError, "if you give only one argument to maketrans it must be a dict");
        Value k, v;
        for (uint32_t pos = 0; rt::dict_next(as_dict(a.args[0]), &pos, &k, &v);) {
            if (is_str(k)) {
                if (as_str(k)->length() != 1)
                    rt::raise(I, I.exc.ValueError, "string keys in translate table must be of length 1");
                rt::dict_set(I, d, Value::integer(text::decode_utf8(as_str(k)->view(), 0).cp), v);
            } else if (is_intlike(k)) {
                rt::dict_set(I, d, Value::integer(intlike(k)), v);
            } else {
                rt::raise(I, I.exc.TypeError, "keys in translate table must be strings or integers");
            }
        }
        return obj(d);
    }
    if (!is_str(a.args[0]) || !is_str(a.args[1]))
        rt::raise(I, I.exc.TypeError, "maketrans() argument must be str");
    std::string_view x = as_str(a.args[0])->view(), y = as_str(a.args[1])->view();
    if (as_str(a.args[0])->length() != as_str(a.args[1])->length())
        rt::raise(I, I.exc.ValueError, "the first two maketrans arguments must have equal length");
    for (size_t i = 0, j = 0; i < x.size();) {
        text::Decoded dx = text::decode_utf8(x, i), dy = text::decode_utf8(y, j);
        rt::dict_set(I, d, Value::integer(dx.cp), Value::integer(dy.cp));
        i += static_cast<size_t>(dx.len);
        j += static_cast<size_t>(dy.len);
    }
    if (a.nargs == 3) {
        if (!is_str(a.args[2])) rt::raise(I, I.exc.TypeError, "maketrans() argument 3 must be str");
        std::string_view z = as_str(a.args[2])->view();
        for (size_t i = 0; i < z.size();) {
            text::Decoded dz = text::decode_utf8(z, i);
            rt::dict_set(I, d, Value::integer(dz.cp), Value::none());
            i += static_cast<size_t>(dz.len);
        }
    }
    return obj(d);
}

Value str_encode_m(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "encode");
    Value args[2];
    bind_method_args(I, a, "encode", {"encoding", "errors"}, 0, args);
    std::string_view enc = codec_arg(I, args[0], "encode", "encoding", "utf-8");
    std::string_view err = codec_arg(I, args[1], "encode", "errors", "strict");
    Codec c = codec_of(I, enc);
    if (s->ascii && c != Codec::Unknown && c != Codec::Utf8Sig && !is_wide_codec(c))
        return obj(rt::new_bytes(I, s->view()));
    return obj(rt::new_bytes(I, str_encode(I, s->view(), enc, err)));
}

}  // namespace

std::string_view codec_arg(Interp& I, Value v, const char* fn, const char* argname, std::string_view dflt) {
    if (v.is_null()) return dflt;
    if (!is_str(v)) {
        std::string tn = rt::type_name(I, v);
        rt::raise_fmt(I, I.exc.TypeError, "%s() argument '%s' must be str, not %s", fn, argname, tn.c_str());
    }
    return as_str(v)->view();
}

Codec codec_of(Interp& I, std::string_view name) {
    (void)I;
    std::string n;
    for (char c : name) n += (c == '_' || c == ' ') ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (n == "utf-8" || n == "utf8" || n == "u8" || n == "cp65001") return Codec::Utf8;
    if (n == "utf-8-sig") return Codec::Utf8Sig;
    if (n == "ascii" || n == "us-ascii" || n == "646") return Codec::Ascii;
    if (n == "latin-1" || n == "latin1" || n == "iso-8859-1" || n == "iso8859-1" || n == "l1" ||
        n == "8859" || n == "cp819" || n == "latin")
        return Codec::Latin1;
    if (n == "utf-16" || n == "utf16" || n == "u16") return Codec::Utf16;
    if (n == "utf-16-le" || n == "utf-16le") return Codec::Utf16LE;
    if (n == "utf-16-be" || n == "utf-16be") return Codec::Utf16BE;
    if (n == "utf-32" || n == "utf32" || n == "u32") return Codec::Utf32;
    if (n == "utf-32-le" || n == "utf-32le") return Codec::Utf32LE;
    if (n == "utf-32-be" || n == "utf-32be") return Codec::Utf32BE;
    return Codec::Unknown;
}

void raise_unicode_error(Interp& I, bool encoding, std::string_view codec, Value object, int64_t start, int64_t end,
                         std::string_view reason) {
    rt::TempRoot keep(I, object);
    Value name = str_value(I, codec);
    rt::TempRoot keep_name(I, name);
    Value why = str_value(I, reason);
    rt::TempRoot keep_why(I, why);
    rt::Tuple* args = rt::new_tuple(I, {name, object, Value::integer(start), Value::integer(end), why});
    rt::TempRoot keep_args(I, args);
    rt::raise_value(I, rt::new_exception_args(I, encoding ? I.exc.UnicodeEncodeError : I.exc.UnicodeDecodeError, args));
}

[[noreturn]] static void unknown_codec(Interp& I, std::string_view enc) {
    rt::raise_fmt(I, I.exc.LookupError, "unknown encoding: %.*s", static_cast<int>(enc.size()), enc.data());
}

[[noreturn]] static void unknown_handler(Interp& I, std::string_view errors) {
    rt::raise_fmt(I, I.exc.LookupError, "unknown error handler name '%.*s'", static_cast<int>(errors.size()),
                  errors.data());
}

// The handler names CPython registers (others are a LookupError when first needed).
static bool known_handler(std::string_view e) {
    return e == "strict" || e == "ignore" || e == "replace" || e == "backslashreplace" || e == "surrogateescape" ||
           e == "surrogatepass" || e == "xmlcharrefreplace" || e == "namereplace";
}

size_t decode_error_handler(Interp& I, std::string& out, std::string_view b, size_t start, size_t end,
                            std::string_view codec, std::string_view reason, std::string_view errors) {
    if (errors == "ignore") return end;
    if (errors == "replace") {
        text::append_utf8(out, 0xfffd);
        return end;
    }
    if (errors == "backslashreplace") {
        static const char kHex[] = "0123456789abcdef";
        for (size_t i = start; i < end; ++i) {
            auto ch = static_cast<unsigned char>(b[i]);
            out += "\\x";
            out += kHex[ch >> 4];
            out += kHex[ch & 15];
        }
        return end;
    }
    // surrogatepass (UTF-8): the 3-byte form of a lone surrogate decodes to it.
    if (errors == "surrogatepass" && codec == "utf-8" && b.size() - start >= 3 &&
        static_cast<unsigned char>(b[start]) == 0xed && (static_cast<unsigned char>(b[start + 1]) & 0xe0) == 0xa0 &&
        (static_cast<unsigned char>(b[start + 2]) & 0xc0) == 0x80) {
        out.append(b.substr(start, 3));
        return start + 3;
    }
    // surrogateescape: each undecodable byte becomes the lone surrogate U+DC80..U+DCFF,
    // which encoding with the same handler turns back into the byte (os.fsdecode).
    bool escapable = errors == "surrogateescape";
    for (size_t i = start; escapable && i < end; ++i) escapable = static_cast<unsigned char>(b[i]) >= 0x80;
    if (escapable) {
        for (size_t i = start; i < end; ++i) text::append_utf8(out, 0xdc00 + static_cast<unsigned char>(b[i]));
        return end;
    }
    if (!known_handler(errors)) unknown_handler(I, errors);
    raise_unicode_error(I, false, codec, obj(rt::new_bytes(I, b)), int64_t(start), int64_t(end), reason);
}

bool encode_error_handler(Interp& I, std::string& out, char32_t cp, std::string_view errors, bool utf8) {
    char buf[16];
    if (errors == "ignore") return true;
    if (errors == "replace") {
        out += '?';
        return true;
    }
    if (errors == "backslashreplace") {
        snprintf(buf, sizeof buf, cp < 0x100 ? "\\x%02x" : cp < 0x10000 ? "\\u%04x" : "\\U%08x", unsigned(cp));
        out += buf;
        return true;
    }
    if (errors == "xmlcharrefreplace") {
        snprintf(buf, sizeof buf, "&#%u;", unsigned(cp));
        out += buf;
        return true;
    }
    if (errors == "surrogateescape") {
        if (cp < 0xdc80 || cp > 0xdcff) return false;
        out += static_cast<char>(cp - 0xdc00);
        return true;
    }
    if (errors == "surrogatepass") {
        if (!utf8 || cp < 0xd800 || cp > 0xdfff) return false;
        text::append_utf8(out, cp);  // aio's str keeps a lone surrogate as its 3-byte form
        return true;
    }
    if (!known_handler(errors)) unknown_handler(I, errors);
    return false;
}

static const char kBom[] = "\xef\xbb\xbf";

std::string str_encode(Interp& I, std::string_view s, std::string_view encoding, std::string_view errors) {
    Codec c = codec_of(I, encoding);
    if (c == Codec::Unknown) unknown_codec(I, encoding);
    if (is_wide_codec(c)) return wide_encode(I, s, c, errors);
    bool utf8 = c == Codec::Utf8 || c == Codec::Utf8Sig;
    const char* cname = utf8 ? "utf-8" : c == Codec::Ascii ? "ascii" : "latin-1";
    uint32_t limit = utf8 ? 0x110000 : c == Codec::Ascii ? 0x80 : 0x100;
    std::string out;
    out.reserve(s.size() + 3);
    if (c == Codec::Utf8Sig) out += kBom;
    int64_t pos = 0;
    for (size_t i = 0; i < s.size(); ++pos) {
        text::Decoded d = text::decode_utf8(s, i);
        bool surrogate = d.cp >= 0xd800 && d.cp <= 0xdfff;
        bool ok = d.cp < limit && !surrogate;
        if (ok) {
            if (utf8) out.append(s.substr(i, static_cast<size_t>(d.len)));
            else out += static_cast<char>(d.cp);
        } else if (!encode_error_handler(I, out, d.cp, errors, utf8)) {
            // CPython reports the whole run of characters the codec cannot encode.
            int64_t end = pos + 1;
            for (size_t j = i + static_cast<size_t>(d.len); j < s.size(); ++end) {
                text::Decoded n = text::decode_utf8(s, j);
                if (n.cp < limit && !(n.cp >= 0xd800 && n.cp <= 0xdfff)) break;
                j += static_cast<size_t>(n.len);
            }
            raise_unicode_error(I, true, cname, str_value(I, s), pos, end,
                                surrogate && utf8       ? "surrogates not allowed"
                                : c == Codec::Ascii     ? "ordinal not in range(128)"
                                                        : "ordinal not in range(256)");
        }
        i += static_cast<size_t>(d.len);
    }
    return out;
}

Value bytes_decode(Interp& I, std::string_view b, std::string_view encoding, std::string_view errors) {
    Codec c = codec_of(I, encoding);
    if (c == Codec::Unknown) unknown_codec(I, encoding);
    if (is_wide_codec(c)) return wide_decode(I, b, c, errors);
    // utf-8-sig drops one leading byte order mark; positions in errors count after it.
    if (c == Codec::Utf8Sig && b.substr(0, 3) == kBom) b.remove_prefix(3);
    std::string out;
    if (c == Codec::Utf8 || c == Codec::Utf8Sig) {
        std::optional<text::Utf8Problem> p = text::find_invalid_utf8(b);
        if (!p) return str_value(I, b);
        if (errors == "replace") return str_value(I, text::decode_utf8_replace(b));
        size_t done = 0;
        while (p) {
            size_t start = done + p->start, end = done + p->end;
            out.append(b.substr(done, start - done));
            done = decode_error_handler(I, out, b, start, end, "utf-8", p->reason, errors);
            p = text::find_invalid_utf8(b.substr(done));
        }
        out.append(b.substr(done));
        return str_value(I, out);
    }
    for (size_t i = 0; i < b.size(); ++i) {
        unsigned char ch = static_cast<unsigned char>(b[i]);
        if (ch < 0x80 || c == Codec::Latin1) text::append_utf8(out, ch);
        else decode_error_handler(I, out, b, i, i + 1, "ascii", "ordinal not in range(128)", errors);
    }
    return str_value(I, out);
}

void install_str_methods(Interp& I) {
    install_str_search(I);
    add_methods(I, I.types.str, {
        {"upper", str_upper},
        {"lower", str_lower},
        {"swapcase", str_swapcase},
        {"title", str_title},
        {"capitalize", str_capitalize},
        {"casefold", str_casefold},
        {"isdigit", str_isdigit},
        {"isdecimal", str_isdecimal},
        {"isnumeric", str_isnumeric},
        {"isalpha", str_isalpha},
        {"isalnum", str_isalnum},
        {"isspace", str_isspace},
        {"isprintable", str_isprintable},
        {"isascii", str_isascii},
        {"isidentifier", str_isidentifier},
        {"isupper", str_isupper},
        {"islower", str_islower},
        {"istitle", str_istitle},
        {"ljust", str_ljust},
        {"rjust", str_rjust},
        {"center", str_center},
        {"zfill", str_zfill},
        {"expandtabs", str_expandtabs},
        {"translate", str_translate},
        {"encode", str_encode_m},
    });
    add_methods(I, I.types.str, {{"maketrans", str_maketrans}}, Binding::Static);
}

}  // namespace aio::stdlib
