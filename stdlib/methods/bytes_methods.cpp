// stdlib/methods/bytes_methods.cpp - the named methods of bytes: decode, hex/fromhex,
// split, join, find/index/count, startswith/endswith, replace, strip family, upper/lower.
// Bytes are plain byte strings: every operation is byte-wise on string_views.
#include <string>

#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

rt::Bytes* self_bytes(Interp& I, const CallArgs& a, const char* name) {
    if (a.nargs && is_bytes(a.args[0])) return as_bytes(a.args[0]);
    return static_cast<rt::Bytes*>(check_self(I, a, I.types.bytes, name));
}

Value bytes_value(Interp& I, std::string_view s) { return obj(rt::new_bytes(I, s)); }

// A bytes argument ("a bytes-like object is required, not 'str'").
std::string_view bytes_arg(Interp& I, Value v) {
    if (is_bytes(v)) return as_bytes(v)->view();
    std::string tn = rt::type_name(I, v);
    rt::raise_fmt(I, I.exc.TypeError, "a bytes-like object is required, not '%s'", tn.c_str());
}

Value b_decode(Interp& I, const CallArgs& a, Object*) {
    rt::Bytes* b = self_bytes(I, a, "decode");
    Value args[2];
    bind_args(I, CallArgs{a.args + 1, a.nargs - 1, a.kwvalues, a.kwnames, a.nkw}, "decode",
              {"encoding", "errors"}, 0, args);
    std::string_view enc = args[0].is_null() ? "utf-8" : as_str(args[0])->view();
    std::string_view err = args[1].is_null() ? "strict" : as_str(args[1])->view();
    return bytes_decode(I, b->view(), enc, err);
}

Value b_hex(Interp& I, const CallArgs& a, Object*) {
    rt::Bytes* b = self_bytes(I, a, "hex");
    static const char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(b->size * 2);
    for (unsigned char c : b->view()) {
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return str_value(I, out);
}

Value b_fromhex(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "fromhex", 2, 2);
    if (!is_str(a.args[1])) {
        std::string tn = rt::type_name(I, a.args[1]);
        rt::raise_fmt(I, I.exc.TypeError, "fromhex() argument must be str, not %s", tn.c_str());
    }
    std::string_view s = as_str(a.args[1])->view();
    auto hexval = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (s[i] == ' ' || (s[i] >= 9 && s[i] <= 13)) { ++i; continue; }
        int hi = hexval(s[i]), lo = i + 1 < s.size() ? hexval(s[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            size_t pos = hi < 0 ? i : i + 1;
            rt::raise_fmt(I, I.exc.ValueError, "non-hexadecimal number found in fromhex() arg at position %zu", pos);
        }
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return bytes_value(I, out);
}

bool is_ws(char c) { return c == ' ' || (c >= 9 && c <= 13); }

Value b_split(Interp& I, const CallArgs& a, Object*) {
    rt::Bytes* b = self_bytes(I, a, "split");
    Value args[2];
    bind_args(I, CallArgs{a.args + 1, a.nargs - 1, a.kwvalues, a.kwnames, a.nkw}, "split",
              {"sep", "maxsplit"}, 0, args);
    int64_t maxsplit = args[1].is_null() ? -1 : arg_index(I, args[1]);
    if (maxsplit < 0) maxsplit = INT64_MAX;
    std::string_view v = b->view();
    rt::List* out = rt::new_list(I);
    if (args[0].is_null() || args[0].is_none()) {
        size_t i = 0, n = v.size();
        while (i < n) {
            while (i < n && is_ws(v[i])) ++i;
            if (i >= n) break;
            if (maxsplit-- == 0) {
                size_t e = n;
                while (e > i && is_ws(v[e - 1])) --e;
                rt::list_append(I, out, bytes_value(I, v.substr(i, e - i)));
                break;
            }
            size_t j = i;
            while (j < n && !is_ws(v[j])) ++j;
            rt::list_append(I, out, bytes_value(I, v.substr(i, j - i)));
            i = j;
        }
        return obj(out);
    }
    std::string_view d = bytes_arg(I, args[0]);
    if (d.empty()) rt::raise(I, I.exc.ValueError, "empty separator");
    size_t i = 0;
    for (size_t p; maxsplit > 0 && (p = v.find(d, i)) != std::string_view::npos; --maxsplit) {
        rt::list_append(I, out, bytes_value(I, v.substr(i, p - i)));
        i = p + d.size();
    }
    rt::list_append(I, out, bytes_value(I, v.substr(i)));
    return obj(out);
}

Value b_join(Interp& I, const CallArgs& a, Object*) {
    rt::Bytes* b = self_bytes(I, a, "join");
    str_args(I, a, "join", 1, 1);
    rt::List* l = rt::list_from_iterable(I, a.args[1]);
    std::string out;
    for (uint32_t i = 0; i < l->size; ++i) {
        if (!is_bytes(l->items[i])) {
            std::string tn = rt::type_name(I, l->items[i]);
            rt::raise_fmt(I, I.exc.TypeError, "sequence item %u: expected a bytes-like object, %s found", i, tn.c_str());
        }
        if (i) out += b->view();
        out += as_bytes(l->items[i])->view();
    }
    return bytes_value(I, out);
}

// find/index/count/startswith/endswith with optional byte bounds.
void bounds(Interp& I, const CallArgs& a, size_t len, size_t* b0, size_t* b1) {
    int64_t n = static_cast<int64_t>(len);
    int64_t s = a.nargs > 2 ? arg_index_or(I, a.args[2], 0) : 0;
    int64_t e = a.nargs > 3 ? arg_index_or(I, a.args[3], n) : n;
    if (s < 0) { s += n; if (s < 0) s = 0; }
    if (e < 0) { e += n; if (e < 0) e = 0; }
    if (e > n) e = n;
    if (s > n) s = n + 1;
    *b0 = static_cast<size_t>(s);
    *b1 = static_cast<size_t>(e);
}

std::string_view needle(Interp& I, Value v, std::string& tmp) {
    if (is_intlike(v)) {
        int64_t c = intlike(v);
        if (c < 0 || c > 255) rt::raise(I, I.exc.ValueError, "byte must be in range(0, 256)");
        tmp.assign(1, static_cast<char>(c));
        return tmp;
    }
    return bytes_arg(I, v);
}

int64_t b_find_impl(Interp& I, const CallArgs& a, const char* name, bool rev) {
    rt::Bytes* b = self_bytes(I, a, name);
    str_args(I, a, name, 1, 3);
    std::string tmp;
    std::string_view n = needle(I, a.args[1], tmp);
    size_t b0, b1;
    bounds(I, a, b->size, &b0, &b1);
    if (b0 > b1 || b1 - b0 < n.size()) return -1;
    std::string_view hay = b->view().substr(b0, b1 - b0);
    size_t p = rev ? hay.rfind(n) : hay.find(n);
    return p == std::string_view::npos ? -1 : static_cast<int64_t>(b0 + p);
}
Value b_find(Interp& I, const CallArgs& a, Object*) { return Value::integer(b_find_impl(I, a, "find", false)); }
Value b_rfind(Interp& I, const CallArgs& a, Object*) { return Value::integer(b_find_impl(I, a, "rfind", true)); }
Value b_index(Interp& I, const CallArgs& a, Object*) {
    int64_t i = b_find_impl(I, a, "index", false);
    if (i < 0) rt::raise(I, I.exc.ValueError, "subsection not found");
    return Value::integer(i);
}

Value b_count(Interp& I, const CallArgs& a, Object*) {
    rt::Bytes* b = self_bytes(I, a, "count");
    str_args(I, a, "count", 1, 3);
    std::string tmp;
    std::string_view n = needle(I, a.args[1], tmp);
    size_t b0, b1;
    bounds(I, a, b->size, &b0, &b1);
    if (b0 > b1) return Value::integer(0);
    std::string_view hay = b->view().substr(b0, b1 - b0);
    if (n.empty()) return Value::integer(static_cast<int64_t>(hay.size()) + 1);
    int64_t c = 0;
    for (size_t p = hay.find(n); p != std::string_view::npos; p = hay.find(n, p + n.size())) ++c;
    return Value::integer(c);
}

Value b_affix(Interp& I, const CallArgs& a, const char* name, bool ends) {
    rt::Bytes* b = self_bytes(I, a, name);
    str_args(I, a, name, 1, 3);
    size_t b0, b1;
    bounds(I, a, b->size, &b0, &b1);
    auto test = [&](std::string_view p) {
        if (b0 > b1) return false;
        std::string_view hay = b->view().substr(b0, b1 - b0);
        if (p.size() > hay.size()) return false;
        return ends ? hay.substr(hay.size() - p.size()) == p : hay.substr(0, p.size()) == p;
    };
    if (is_tuple(a.args[1])) {
        rt::Tuple* t = as_tuple(a.args[1]);
        for (uint32_t i = 0; i < t->size; ++i)
            if (test(bytes_arg(I, t->items()[i]))) return Value::boolean(true);
        return Value::boolean(false);
    }
    if (!is_bytes(a.args[1])) {
        std::string tn = rt::type_name(I, a.args[1]);
        rt::raise_fmt(I, I.exc.TypeError, "%s first arg must be bytes or a tuple of bytes, not %s", name, tn.c_str());
    }
    return Value::boolean(test(as_bytes(a.args[1])->view()));
}
Value b_startswith(Interp& I, const CallArgs& a, Object*) { return b_affix(I, a, "startswith", false); }
Value b_endswith(Interp& I, const CallArgs& a, Object*) { return b_affix(I, a, "endswith", true); }

Value b_replace(Interp& I, const CallArgs& a, Object*) {
    rt::Bytes* b = self_bytes(I, a, "replace");
    str_args(I, a, "replace", 2, 3);
    std::string_view o = bytes_arg(I, a.args[1]), w = bytes_arg(I, a.args[2]), v = b->view();
    int64_t count = a.nargs > 3 ? arg_index(I, a.args[3]) : -1;
    if (count < 0) count = INT64_MAX;
    std::string out;
    if (o.empty()) {
        for (size_t i = 0; i <= v.size(); ++i) {
            if (count-- > 0) out += w;
            else { out.append(v.substr(i)); break; }
            if (i < v.size()) out += v[i];
        }
        return bytes_value(I, out);
    }
    size_t i = 0, p;
    while (count > 0 && (p = v.find(o, i)) != std::string_view::npos) {
        out.append(v.substr(i, p - i));
        out += w;
        i = p + o.size();
        --count;
    }
    out.append(v.substr(i));
    return bytes_value(I, out);
}

Value b_strip_impl(Interp& I, const CallArgs& a, const char* name, bool left, bool right) {
    rt::Bytes* b = self_bytes(I, a, name);
    str_args(I, a, name, 0, 1);
    std::string_view v = b->view();
    bool ws = a.nargs < 2 || a.args[1].is_none();
    std::string_view chars = ws ? std::string_view() : bytes_arg(I, a.args[1]);
    auto strip_it = [&](char c) { return ws ? is_ws(c) : chars.find(c) != std::string_view::npos; };
    size_t s = 0, e = v.size();
    if (left) while (s < e && strip_it(v[s])) ++s;
    if (right) while (e > s && strip_it(v[e - 1])) --e;
    return bytes_value(I, v.substr(s, e - s));
}
Value b_strip(Interp& I, const CallArgs& a, Object*) { return b_strip_impl(I, a, "strip", true, true); }
Value b_lstrip(Interp& I, const CallArgs& a, Object*) { return b_strip_impl(I, a, "lstrip", true, false); }
Value b_rstrip(Interp& I, const CallArgs& a, Object*) { return b_strip_impl(I, a, "rstrip", false, true); }

Value b_case(Interp& I, const CallArgs& a, const char* name, bool upper) {
    rt::Bytes* b = self_bytes(I, a, name);
    str_args(I, a, name, 0, 0);
    std::string out(b->view());
    for (char& c : out) {
        if (upper && c >= 'a' && c <= 'z') c -= 32;
        else if (!upper && c >= 'A' && c <= 'Z') c += 32;
    }
    return bytes_value(I, out);
}
Value b_upper(Interp& I, const CallArgs& a, Object*) { return b_case(I, a, "upper", true); }
Value b_lower(Interp& I, const CallArgs& a, Object*) { return b_case(I, a, "lower", false); }

}  // namespace

void install_bytes_methods(Interp& I) {
    add_methods(I, I.types.bytes, {
        {"decode", b_decode},
        {"hex", b_hex},
        {"split", b_split},
        {"join", b_join},
        {"find", b_find},
        {"rfind", b_rfind},
        {"index", b_index},
        {"count", b_count},
        {"startswith", b_startswith},
        {"endswith", b_endswith},
        {"replace", b_replace},
        {"strip", b_strip},
        {"lstrip", b_lstrip},
        {"rstrip", b_rstrip},
        {"upper", b_upper},
        {"lower", b_lower},
    });
    add_methods(I, I.types.bytes, {{"fromhex", b_fromhex}}, Binding::Class);
}

}  // namespace aio::stdlib
