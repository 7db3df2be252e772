// stdlib/methods/bytes_text.cpp - the methods of bytes that treat it as ASCII text:
// case mapping (upper/lower live in bytes_methods.cpp), the is* predicates, padding
// (center/ljust/rjust/zfill), expandtabs and splitlines. Only ASCII letters are cased
// and only space and \t \n \v \f \r are whitespace, whatever the other bytes are.
#include <string>

#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alpha(char c) { return is_lower(c) || is_upper(c); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char to_upper(char c) { return is_lower(c) ? char(c - 32) : c; }
char to_lower(char c) { return is_upper(c) ? char(c + 32) : c; }

// The receiver of a method without arguments.
std::string_view self_view(Interp& I, const CallArgs& a, const char* name) {
    rt::Bytes* b = self_bytes(I, a, name);
    str_args(I, a, name, 0, 0);
    return b->view();
}

// --- case ------------------------------------------------------------------------------
Value b_capitalize(Interp& I, const CallArgs& a, Object*) {
    std::string out(self_view(I, a, "capitalize"));
    for (size_t i = 0; i < out.size(); ++i) out[i] = i ? to_lower(out[i]) : to_upper(out[i]);
    return bytes_value(I, out);
}

Value b_swapcase(Interp& I, const CallArgs& a, Object*) {
    std::string out(self_view(I, a, "swapcase"));
    for (char& c : out) c = is_lower(c) ? to_upper(c) : to_lower(c);
    return bytes_value(I, out);
}

Value b_title(Interp& I, const CallArgs& a, Object*) {
    std::string out(self_view(I, a, "title"));
    bool prev_cased = false;
    for (char& c : out) {
        c = prev_cased ? to_lower(c) : to_upper(c);
        prev_cased = is_alpha(c);
    }
    return bytes_value(I, out);
}

// --- predicates ------------------------------------------------------------------------
// True when the bytes are not empty and every byte satisfies [pred].
template <class P>
Value all_bytes(Interp& I, const CallArgs& a, const char* name, P pred) {
    std::string_view v = self_view(I, a, name);
    if (v.empty()) return Value::boolean(false);
    for (char c : v)
        if (!pred(c)) return Value::boolean(false);
    return Value::boolean(true);
}

Value b_isalnum(Interp& I, const CallArgs& a, Object*) {
    return all_bytes(I, a, "isalnum", [](char c) { return is_alpha(c) || is_digit(c); });
}
Value b_isalpha(Interp& I, const CallArgs& a, Object*) { return all_bytes(I, a, "isalpha", is_alpha); }
Value b_isdigit(Interp& I, const CallArgs& a, Object*) { return all_bytes(I, a, "isdigit", is_digit); }
Value b_isspace(Interp& I, const CallArgs& a, Object*) { return all_bytes(I, a, "isspace", is_ascii_space); }

Value b_isascii(Interp& I, const CallArgs& a, Object*) {
    for (char c : self_view(I, a, "isascii"))
        if (static_cast<unsigned char>(c) >= 0x80) return Value::boolean(false);
    return Value::boolean(true);
}

// isupper/islower: at least one cased byte and none of the other case.
Value upper_lower(Interp& I, const CallArgs& a, const char* name, bool upper) {
    bool cased = false;
    for (char c : self_view(I, a, name)) {
        if (upper ? is_lower(c) : is_upper(c)) return Value::boolean(false);
        cased = cased || is_alpha(c);
    }
    return Value::boolean(cased);
}
Value b_isupper(Interp& I, const CallArgs& a, Object*) { return upper_lower(I, a, "isupper", true); }
Value b_islower(Interp& I, const CallArgs& a, Object*) { return upper_lower(I, a, "islower", false); }

Value b_istitle(Interp& I, const CallArgs& a, Object*) {
    bool cased = false, prev_cased = false;
    for (char c : self_view(I, a, "istitle")) {
        if (is_upper(c)) {
            if (prev_cased) return Value::boolean(false);
            prev_cased = cased = true;
        } else if (is_lower(c)) {
            if (!prev_cased) return Value::boolean(false);
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return Value::boolean(cased);
}

// --- padding ---------------------------------------------------------------------------
char fill_arg(Interp& I, const CallArgs& a, const char* name) {
    if (a.nargs < 3) return ' ';
    Value f = a.args[2];
    if (!is_bytes(f) || as_bytes(f)->size != 1) {
        std::string tn = rt::type_name(I, f);
        rt::raise_fmt(I, I.exc.TypeError, "%s() argument 2 must be a byte string of length 1, not %s", name,
                      tn.c_str());
    }
    return as_bytes(f)->view()[0];
}

// mode: -1 ljust, 0 center, 1 rjust.
Value justify(Interp& I, const CallArgs& a, const char* name, int mode) {
    rt::Bytes* b = self_bytes(I, a, name);
    str_args(I, a, name, 1, 2);
    int64_t width = arg_index(I, a.args[1]);
    char fill = fill_arg(I, a, name);
    int64_t marg = width - static_cast<int64_t>(b->size);
    if (marg <= 0) return obj(b);
    int64_t left = mode < 0 ? 0 : mode > 0 ? marg : marg / 2 + (marg & width & 1);  // CPython's centering
    std::string out(static_cast<size_t>(left), fill);
    out += b->view();
    out.append(static_cast<size_t>(marg - left), fill);
    return bytes_value(I, out);
}
Value b_ljust(Interp& I, const CallArgs& a, Object*) { return justify(I, a, "ljust", -1); }
Value b_rjust(Interp& I, const CallArgs& a, Object*) { return justify(I, a, "rjust", 1); }
Value b_center(Interp& I, const CallArgs& a, Object*) { return justify(I, a, "center", 0); }

Value b_zfill(Interp& I, const CallArgs& a, Object*) {
    rt::Bytes* b = self_bytes(I, a, "zfill");
    str_args(I, a, "zfill", 1, 1);
    int64_t fill = arg_index(I, a.args[1]) - static_cast<int64_t>(b->size);
    if (fill <= 0) return obj(b);
    std::string_view v = b->view();
    size_t sign = (!v.empty() && (v[0] == '+' || v[0] == '-')) ? 1 : 0;
    std::string out(v.substr(0, sign));
    out.append(static_cast<size_t>(fill), '0');
    out += v.substr(sign);
    return bytes_value(I, out);
}

Value b_expandtabs(Interp& I, const CallArgs& a, Object*) {
    rt::Bytes* b = self_bytes(I, a, "expandtabs");
    Value args[1];
    bind_method_args(I, a, "expandtabs", {"tabsize"}, 0, args);
    int64_t tab = args[0].is_null() ? 8 : arg_index(I, args[0]);
    std::string out;
    int64_t col = 0;
    for (char c : b->view()) {
        if (c == '\t') {
            if (tab > 0) {
                int64_t n = tab - col % tab;
                out.append(static_cast<size_t>(n), ' ');
                col += n;
            }
        } else {
            out += c;
            col = (c == '\n' || c == '\r') ? 0 : col + 1;
        }
    }
    return bytes_value(I, out);
}

// Lines end at \n, \r and \r\n only (not at \v, \f or the other str line breaks).
Value b_splitlines(Interp& I, const CallArgs& a, Object*) {
    rt::Bytes* b = self_bytes(I, a, "splitlines");
    Value args[1];
    bind_method_args(I, a, "splitlines", {"keepends"}, 0, args);
    bool keep = !args[0].is_null() && rt::truthy(I, args[0]);
    std::string_view v = b->view();
    rt::List* out = rt::new_list(I);
    rt::TempRoot keep_out(I, obj(out));
    for (size_t i = 0; i < v.size();) {
        size_t e = i;
        while (e < v.size() && v[e] != '\n' && v[e] != '\r') ++e;
        size_t brk = e == v.size() ? 0 : (v[e] == '\r' && e + 1 < v.size() && v[e + 1] == '\n') ? 2 : 1;
        rt::list_append(I, out, bytes_value(I, v.substr(i, e - i + (keep ? brk : 0))));
        i = e + brk;
    }
    return obj(out);
}

}  // namespace

void install_bytes_text_methods(Interp& I) {
    add_methods(I, I.types.bytes, {
        {"capitalize", b_capitalize},
        {"swapcase", b_swapcase},
        {"title", b_title},
        {"isalnum", b_isalnum},
        {"isalpha", b_isalpha},
        {"isascii", b_isascii},
        {"isdigit", b_isdigit},
        {"isspace", b_isspace},
        {"isupper", b_isupper},
        {"islower", b_islower},
        {"istitle", b_istitle},
        {"ljust", b_ljust},
        {"rjust", b_rjust},
        {"center", b_center},
        {"zfill", b_zfill},
        {"expandtabs", b_expandtabs},
        {"splitlines", b_splitlines},
    });
}

}  // namespace aio::stdlib
