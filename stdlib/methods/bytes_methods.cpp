// stdlib/methods/bytes_methods.cpp - the named methods of bytes: decode, hex/fromhex,
// split/rsplit/partition, join, find/index/count, startswith/endswith, replace,
// removeprefix/removesuffix, translate/maketrans, strip family, upper/lower (the other
// ASCII text methods are in bytes_text.cpp).
// Bytes are plain byte strings: every operation is byte-wise on string_views.
#include <optional>
#include <string>
#include <vector>

#include "runtime/text/str_methods.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {

std::string_view bytes_arg(Interp& I, Value v) {
    if (is_bytes(v)) return as_bytes(v)->view();
    std::string tn = rt::type_name(I, v);
    rt::raise_fmt(I, I.exc.TypeError, "a bytes-like object is required, not '%s'", tn.c_str());
}

namespace {

Value b_decode(Interp& I, const CallArgs& a, Object*) {
    rt::Bytes* b = self_bytes(I, a, "decode");
    Value args[2];
    bind_method_args(I, a, "decode", {"encoding", "errors"}, 0, args);
    std::string_view enc = codec_arg(I, args[0], "decode", "encoding", "utf-8");
    std::string_view err = codec_arg(I, args[1], "decode", "errors", "strict");
    return bytes_decode(I, b->view(), enc, err);
}

// hex(sep=None, bytes_per_sep=1): [sep] (one character, str or bytes) between groups
// of bytes_per_sep bytes counted from the right (from the left when negative).
Value b_hex(Interp& I, const CallArgs& a, Object*) {
    rt::Bytes* b = self_bytes(I, a, "hex");
    Value args[2];
    bind_method_args(I, a, "hex", {"sep", "bytes_per_sep"}, 0, args);
    std::string sep;
    if (!args[0].is_null() && !args[0].is_none()) {
        if (is_str(args[0])) sep = as_str(args[0])->view();
        else if (is_bytes(args[0])) sep = as_bytes(args[0])->view();
        else rt::raise_fmt(I, I.exc.TypeError, "object of type '%s' has no len()", rt::type_name(I, args[0]).c_str());
        if ((is_str(args[0]) ? as_str(args[0])->length() : int64_t(sep.size())) != 1)
            rt::raise(I, I.exc.ValueError, "sep must be length 1.");
        if (static_cast<unsigned char>(sep[0]) >= 0x80) rt::raise(I, I.exc.ValueError, "sep must be ASCII.");
    }
    int64_t group = args[1].is_null() ? 1 : arg_index(I, args[1]);
    static const char kDigits[] = "0123456789abcdef";
    std::string_view v = b->view();
    size_t n = v.size(), every = static_cast<size_t>(group < 0 ? -group : group);
    std::string out;
    out.reserve(n * 3);
    for (size_t i = 0; i < n; ++i) {
        if (i && !sep.empty() && every) {
            size_t pos = group > 0 ? n - i : i;  // bytes to the right (left) of this boundary
            if (pos % every == 0) out += sep;
        }
        unsigned char c = static_cast<unsigned char>(v[i]);
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

// split/rsplit: runtime/text's byte-level splitter, with ASCII whitespace.
Value b_split_impl(Interp& I, const CallArgs& a, const char* name, bool from_right) {
    rt::Bytes* b = self_bytes(I, a, name);
    Value args[2];
    bind_method_args(I, a, name, {"sep", "maxsplit"}, 0, args);
    int64_t maxsplit = args[1].is_null() ? -1 : arg_index(I, args[1]);
    std::optional<std::string_view> sep;
    if (!args[0].is_null() && !args[0].is_none()) {
        sep = bytes_arg(I, args[0]);
        if (sep->empty()) rt::raise(I, I.exc.ValueError, "empty separator");
    }
    std::vector<std::string_view> parts = text::split_any(b->view(), sep, maxsplit, from_right, text::Whitespace::Ascii);
    rt::List* out = rt::new_list(I, static_cast<uint32_t>(parts.size()));
    for (std::string_view p : parts) rt::list_append(I, out, bytes_value(I, p));
    return obj(out);
}
Value b_split(Interp& I, const CallArgs& a, Object*) { return b_split_impl(I, a, "split", false); }
Value b_rsplit(Interp& I, const CallArgs& a, Object*) { return b_split_impl(I, a, "rsplit", true); }

Value partition_impl(Interp& I, const CallArgs& a, const char* name, bool rev) {
    rt::Bytes* b = self_bytes(I, a, name);
    str_args(I, a, name, 1, 1);
    std::string_view v = b->view(), d = bytes_arg(I, a.args[1]);
    if (d.empty()) rt::raise(I, I.exc.ValueError, "empty separator");
    size_t p = rev ? v.rfind(d) : v.find(d);
    Value parts[3];
    rt::TempRoot k0(I, parts[0]), k1(I, parts[1]), k2(I, parts[2]);
    if (p == std::string_view::npos) {
        Value whole = obj(b), empty = bytes_value(I, "");
        parts[0] = rev ? empty : whole;
        parts[1] = empty;
        parts[2] = rev ? whole : empty;
    } else {
        parts[0] = bytes_value(I, v.substr(0, p));
        parts[1] = a.args[1];
        parts[2] = bytes_value(I, v.substr(p + d.size()));
    }
    return obj(rt::new_tuple(I, {parts[0], parts[1], parts[2]}));
}
Value b_partition(Interp& I, const CallArgs& a, Object*) { return partition_impl(I, a, "partition", false); }
Value b_rpartition(Interp& I, const CallArgs& a, Object*) { return partition_impl(I, a, "rpartition", true); }

Value affix_remove(Interp& I, const CallArgs& a, const char* name, bool suffix) {
    rt::Bytes* b = self_bytes(I, a, name);
    str_args(I, a, name, 1, 1);
    std::string_view v = b->view(), p = bytes_arg(I, a.args[1]);
    if (p.empty() || p.size() > v.size()) return obj(b);
    if (suffix ? v.substr(v.size() - p.size()) != p : v.substr(0, p.size()) != p) return obj(b);
    return bytes_value(I, suffix ? v.substr(0, v.size() - p.size()) : v.substr(p.size()));
}
Value b_removeprefix(Interp& I, const CallArgs& a, Object*) { return affix_remove(I, a, "removeprefix", false); }
Value b_removesuffix(Interp& I, const CallArgs& a, Object*) { return affix_remove(I, a, "removesuffix", true); }

// translate(table, delete=b''): table is None or 256 bytes.
Value b_translate(Interp& I, const CallArgs& a, Object*) {
    rt::Bytes* b = self_bytes(I, a, "translate");
    Value args[2];
    bind_method_args(I, a, "translate", {"table", "delete"}, 1, args, 1);
    std::string_view table;
    if (!args[0].is_none()) {
        table = bytes_arg(I, args[0]);
        if (table.size() != 256) rt::raise(I, I.exc.ValueError, "translation table must be 256 characters long");
    }
    std::string_view del = args[1].is_null() ? std::string_view() : bytes_arg(I, args[1]);
    std::string out;
    for (char c : b->view()) {
        if (del.find(c) != std::string_view::npos) continue;
        out += table.empty() ? c : table[static_cast<unsigned char>(c)];
    }
    return bytes_value(I, out);
}

Value b_maketrans(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "maketrans");
    rt::check_nargs(I, a, "maketrans", 2, 2);
    std::string_view from = bytes_arg(I, a.args[0]), to = bytes_arg(I, a.args[1]);
    if (from.size() != to.size()) rt::raise(I, I.exc.ValueError, "maketrans arguments must have same length");
    std::string table(256, '\0');
    for (int i = 0; i < 256; ++i) table[static_cast<size_t>(i)] = static_cast<char>(i);
    for (size_t i = 0; i < from.size(); ++i) table[static_cast<unsigned char>(from[i])] = to[i];
    return bytes_value(I, table);
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
Value b_rindex(Interp& I, const CallArgs& a, Object*) {
    int64_t i = b_find_impl(I, a, "rindex", true);
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
    auto strip_it = [&](char c) { return ws ? is_ascii_space(c) : chars.find(c) != std::string_view::npos; };
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
        {"rsplit", b_rsplit},
        {"partition", b_partition},
        {"rpartition", b_rpartition},
        {"removeprefix", b_removeprefix},
        {"removesuffix", b_removesuffix},
        {"translate", b_translate},
        {"rindex", b_rindex},
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
    add_methods(I, I.types.bytes, {{"maketrans", b_maketrans}}, Binding::Static);
    install_bytes_text_methods(I);
}

}  // namespace aio::stdlib
