// stdlib/methods/str_search.cpp - str methods that search, split and join: find/rfind/
// index/rindex/count, startswith/endswith, split/rsplit/splitlines, join, replace,
// partition/rpartition, strip family, removeprefix/removesuffix.
// Strings are UTF-8: searching works on bytes (a valid UTF-8 needle only matches at code
// point boundaries); positions are converted to code points only when returned.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include "runtime/text/copy_bytes.hpp"
#include "runtime/text/str_methods.hpp"
#include "runtime/text/unicode_class.hpp"
#include "runtime/text/utf8.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

// --- find family -------------------------------------------------------------------------------
// Resolves the optional (start, end) code point bounds into a byte range of [s].
// Returns false when the range is empty in a way that makes every search fail.
struct Range { size_t b0, b1; int64_t c0, c1; };

bool resolve_range(Interp& I, Str* s, const CallArgs& a, uint32_t first, Range* r, size_t need_cps) {
    int64_t len = s->length();
    int64_t start = a.nargs > first ? arg_index_or(I, a.args[first], 0) : 0;
    int64_t end = a.nargs > first + 1 ? arg_index_or(I, a.args[first + 1], len) : len;
    if (end > len) end = len;
    else if (end < 0) { end += len; if (end < 0) end = 0; }
    if (start < 0) { start += len; if (start < 0) start = 0; }
    if (start > len || end - start < static_cast<int64_t>(need_cps)) return false;
    r->c0 = start;
    r->c1 = end;
    r->b0 = rt::str_byte_offset(s, start);
    r->b1 = rt::str_byte_offset(s, end);
    return true;
}

Str* sub_arg(Interp& I, Value v, const char* fname) {
    if (!is_str(v)) {
        std::string tn = rt::type_name(I, v);
        rt::raise_fmt(I, I.exc.TypeError, "%s() argument 1 must be str, not %s", fname, tn.c_str());
    }
    return as_str(v);
}

// find/index/count/startswith/endswith count their arguments in the older
// wording: "find() takes at least 1 argument (0 given)".
void finds_args(Interp& I, const CallArgs& a, const char* name) {
    uint32_t n = a.nargs - 1;
    if (!a.nkw && n < 1) rt::raise_fmt(I, I.exc.TypeError, "%s() takes at least 1 argument (%u given)", name, n);
    if (!a.nkw && n > 3) rt::raise_fmt(I, I.exc.TypeError, "%s() takes at most 3 arguments (%u given)", name, n);
    str_args(I, a, name, 1, 3);
}

// Byte position of [sub] in [s] within the range, searching from the right when [rev].
int64_t find_impl(Interp& I, const CallArgs& a, const char* name, bool rev) {
    Str* s = self_str(I, a, name);
    finds_args(I, a, name);
    Str* sub = sub_arg(I, a.args[1], name);
    Range r;
    if (!resolve_range(I, s, a, 2, &r, sub->length())) return -1;
    std::string_view hay = s->view().substr(r.b0, r.b1 - r.b0);
    size_t p = rev ? hay.rfind(sub->view()) : hay.find(sub->view());
    if (p == std::string_view::npos) return -1;
    return r.c0 + cp_index(s, hay.substr(0, p), p);
}

Value str_find(Interp& I, const CallArgs& a, Object*) { return Value::integer(find_impl(I, a, "find", false)); }
Value str_rfind(Interp& I, const CallArgs& a, Object*) { return Value::integer(find_impl(I, a, "rfind", true)); }
Value str_index(Interp& I, const CallArgs& a, Object*) {
    int64_t i = find_impl(I, a, "index", false);
    if (i < 0) rt::raise(I, I.exc.ValueError, "substring not found");
    return Value::integer(i);
}
Value str_rindex(Interp& I, const CallArgs& a, Object*) {
    int64_t i = find_impl(I, a, "rindex", true);
    if (i < 0) rt::raise(I, I.exc.ValueError, "substring not found");
    return Value::integer(i);
}

Value str_count(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "count");
    finds_args(I, a, "count");
    Str* sub = sub_arg(I, a.args[1], "count");
    Range r;
    if (!resolve_range(I, s, a, 2, &r, sub->length())) return Value::integer(0);
    if (sub->size == 0) return Value::integer(r.c1 - r.c0 + 1);
    std::string_view hay = s->view().substr(r.b0, r.b1 - r.b0), n = sub->view();
    int64_t c = 0;
    for (size_t p = hay.find(n); p != std::string_view::npos; p = hay.find(n, p + n.size())) ++c;
    return Value::integer(c);
}

// startswith/endswith: a str or a tuple of strs, within optional bounds.
Value starts_ends(Interp& I, const CallArgs& a, const char* name, bool ends) {
    Str* s = self_str(I, a, name);
    finds_args(I, a, name);
    Value pre = a.args[1];
    auto test = [&](Str* p) {
        Range r;
        if (!resolve_range(I, s, a, 2, &r, 0)) return false;
        std::string_view hay = s->view().substr(r.b0, r.b1 - r.b0);
        if (p->size > hay.size()) return false;
        return ends ? hay.substr(hay.size() - p->size) == p->view() : hay.substr(0, p->size) == p->view();
    };
    if (is_str(pre)) return Value::boolean(test(as_str(pre)));
    if (is_tuple(pre)) {
        rt::Tuple* t = as_tuple(pre);
        for (uint32_t i = 0; i < t->size; ++i) {
            Value p = t->items()[i];
            if (!is_str(p)) {
                std::string tn = rt::type_name(I, p);
                rt::raise_fmt(I, I.exc.TypeError, "tuple for %s must only contain str, not %s", name, tn.c_str());
            }
            if (test(as_str(p))) return Value::boolean(true);
        }
        return Value::boolean(false);
    }
    std::string tn = rt::type_name(I, pre);
    rt::raise_fmt(I, I.exc.TypeError, "%s first arg must be str or a tuple of str, not %s", name, tn.c_str());
}
Value str_startswith(Interp& I, const CallArgs& a, Object*) { return starts_ends(I, a, "startswith", false); }
Value str_endswith(Interp& I, const CallArgs& a, Object*) { return starts_ends(I, a, "endswith", true); }

// --- split family ----------------------------------------------------------------------------------
void split_args(Interp& I, const CallArgs& a, const char* name, Value* sep, int64_t* maxsplit) {
    Value args[2];
    bind_method_args(I, a, name, {"sep", "maxsplit"}, 0, args);
    *sep = args[0].is_null() ? Value::none() : args[0];
    *maxsplit = args[1].is_null() ? -1 : arg_index(I, args[1]);
    if (*maxsplit < 0) *maxsplit = INT64_MAX;
    if (!sep->is_none()) {
        if (!is_str(*sep)) {
            std::string tn = rt::type_name(I, *sep);
            rt::raise_fmt(I, I.exc.TypeError, "must be str or None, not %s", tn.c_str());
        }
        if (as_str(*sep)->size == 0) rt::raise(I, I.exc.ValueError, "empty separator");
    }
}

// `s.split()` / `s.rsplit()` of ASCII text, the common case (a line into words): the
// words go straight into an exactly sized list, with no argument binding and no
// vector of pieces in between. One scan finds the words of a short line (up to
// kLineWords); a longer text is counted first, then scanned again.
Value split_ascii_words(Interp& I, Str* s) {
    constexpr uint32_t kLineWords = 32;
    auto* begin = reinterpret_cast<const unsigned char*>(s->data());
    const unsigned char* end = begin + s->size;
    uint32_t starts[kLineWords], lens[kLineWords];
    uint32_t n = 0;
    const unsigned char* p = begin;
    for (;;) {
        while (p < end && text::is_ascii_white_space(*p)) p++;
        if (p == end) break;
        const unsigned char* q = p;
        while (q < end && !text::is_ascii_white_space(*q)) q++;
        if (n < kLineWords) {
            starts[n] = uint32_t(p - begin);
            lens[n] = uint32_t(q - p);
        }
        n++;
        p = q;
    }
    rt::List* out = rt::new_list(I, n);
    auto piece = [&](uint32_t at, uint32_t len) {
        // A str that was not split is its own piece.
        return len == s->size && s->cls == I.types.str
                   ? obj(s)
                   : obj(rt::new_ascii_str(I, {s->data() + at, len}));
    };
    if (n <= kLineWords) {
        for (uint32_t i = 0; i < n; i++) out->items[i] = piece(starts[i], lens[i]);
        out->size = n;
        return obj(out);
    }
    for (p = begin;;) {
        while (p < end && text::is_ascii_white_space(*p)) p++;
        if (p == end) break;
        const unsigned char* q = p;
        while (q < end && !text::is_ascii_white_space(*q)) q++;
        out->items[out->size++] = piece(uint32_t(p - begin), uint32_t(q - p));
        p = q;
    }
    return obj(out);
}

// `s.split(sep)` / `s.split(sep, maxsplit)` (left to right): the pieces are
// counted first, so they go straight into an exactly sized list. A big text
// split into lines (bench/words.py: 200,000 of them) then touches no vector of
// views and no list regrown 1.5x at a time: fresh memory costs a page fault
// per 4 KB. A 1-byte separator is found with memchr.
Value split_at_separator(Interp& I, Str* s, Str* sep, int64_t maxsplit) {
    std::string_view v = s->view(), d = sep->view();
    auto next = [&](size_t from) -> size_t {
        if (d.size() == 1) {
            const void* hit = from < v.size() ? std::memchr(v.data() + from, d[0], v.size() - from) : nullptr;
            return hit ? size_t(static_cast<const char*>(hit) - v.data()) : std::string_view::npos;
        }
        return v.find(d, from);
    };
    uint64_t cuts = 0;
    for (size_t p = next(0); p != std::string_view::npos && int64_t(cuts) < maxsplit; p = next(p + d.size())) cuts++;
    if (cuts >= 0x7fffffffu) rt::raise(I, I.exc.MemoryError, "");
    rt::List* out = rt::new_list(I, uint32_t(cuts + 1));
    if (cuts == 0 && s->cls == I.types.str) {
        // Not split: the str is its own piece.
        out->items[out->size++] = obj(s);
        return obj(out);
    }
    auto piece = [&](size_t from, size_t to) {
        std::string_view t = v.substr(from, to - from);
        return s->ascii ? obj(rt::new_ascii_str(I, t)) : str_value(I, t);
    };
    size_t from = 0;
    for (uint64_t i = 0; i < cuts; i++) {
        size_t p = next(from);
        out->items[out->size++] = piece(from, p);
        from = p + d.size();
    }
    out->items[out->size++] = piece(from, v.size());
    return obj(out);
}

// split/rsplit: runtime/text's splitter (Unicode whitespace), pieces made strs.
Value split_impl(Interp& I, const CallArgs& a, const char* name, bool from_right) {
    Str* s = self_str(I, a, name);
    if (a.nargs == 1 && a.nkw == 0 && s->ascii) return split_ascii_words(I, s);
    Value sep;
    int64_t maxsplit;
    split_args(I, a, name, &sep, &maxsplit);
    if (!from_right && !sep.is_none()) return split_at_separator(I, s, as_str(sep), maxsplit);
    std::string_view v = s->view();
    std::optional<std::string_view> sep_text;
    if (!sep.is_none()) sep_text = as_str(sep)->view();
    std::vector<std::string_view> parts = text::split_any(v, sep_text, maxsplit, from_right, text::Whitespace::Unicode);
    rt::List* out = rt::new_list(I, static_cast<uint32_t>(parts.size()));
    for (std::string_view p : parts) {
        // A str that was not split is its own piece; pieces of ASCII text need no scan.
        Value item = p.size() == v.size() && s->cls == I.types.str ? obj(s)
                     : s->ascii                                   ? obj(rt::new_ascii_str(I, p))
                                                                  : str_value(I, p);
        rt::list_append(I, out, item);
    }
    return obj(out);
}
Value str_split(Interp& I, const CallArgs& a, Object*) { return split_impl(I, a, "split", false); }
Value str_rsplit(Interp& I, const CallArgs& a, Object*) { return split_impl(I, a, "rsplit", true); }

Value str_splitlines(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "splitlines");
    Value args[1];
    bind_method_args(I, a, "splitlines", {"keepends"}, 0, args);
    bool keep = !args[0].is_null() && rt::truthy(I, args[0]);
    std::string_view v = s->view();
    rt::List* out = rt::new_list(I);
    size_t i = 0, start = 0, n = v.size();
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(v[i]);
        size_t brk = 0;  // length of the line break at i
        if (c == '\n' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e)) brk = 1;
        else if (c == '\r') brk = (i + 1 < n && v[i + 1] == '\n') ? 2 : 1;
        else if (c >= 0x80) {
            text::Decoded d = text::decode_utf8(v, i);
            if (d.cp == 0x85 || d.cp == 0x2028 || d.cp == 0x2029) brk = static_cast<size_t>(d.len);
            else { i += static_cast<size_t>(d.len); continue; }
        }
        if (!brk) { ++i; continue; }
        size_t end = keep ? i + brk : i;
        rt::list_append(I, out, str_value(I, v.substr(start, end - start)));
        i += brk;
        start = i;
    }
    if (start < n) rt::list_append(I, out, str_value(I, v.substr(start)));
    return obj(out);
}

Value str_join(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "join");
    str_args(I, a, "join", 1, 1);
    Value seq = a.args[1];
    if (!is_list(seq) && !is_tuple(seq)) {
        // Iterating may run script code (a generator): what it yields is kept by the list.
        rt::TempRoot keep_src(I, seq);
        Value it;
        try {
            it = rt::get_iter(I, seq);
        } catch (rt::Unwind&) {
            if (!rt::isinstance(I, I.pending, I.exc.TypeError)) throw;
            I.pending = Value::null();
            rt::raise(I, I.exc.TypeError, "can only join an iterable");
        }
        rt::TempRoot keep_it(I, it);
        seq = obj(rt::list_from_iterable(I, it));
    }
    // From here on no script code runs and nothing collects (allocation never
    // does): the items need no TempRoot.
    uint32_t n = is_list(seq) ? as_list(seq)->size : as_tuple(seq)->size;
    const Value* items = is_list(seq) ? as_list(seq)->items : as_tuple(seq)->items();
    if (n == 1 && is_str(items[0]) && items[0].as_obj()->cls == I.types.str) return items[0];
    size_t total = 0;
    bool ascii = s->ascii;
    for (uint32_t i = 0; i < n; ++i) {
        if (!is_str(items[i])) {
            std::string tn = rt::type_name(I, items[i]);
            rt::raise_fmt(I, I.exc.TypeError, "sequence item %u: expected str instance, %s found", i, tn.c_str());
        }
        total += as_str(items[i])->size;
        ascii = ascii && as_str(items[i])->ascii;
    }
    total += n ? size_t(n - 1) * s->size : 0;
    if (total <= 1) {
        std::string out;
        for (uint32_t i = 0; i < n; ++i) {
            if (i) out += s->view();
            out += as_str(items[i])->view();
        }
        return str_value(I, out);
    }
    // Written straight into the new str (one copy of the text, no rescan when
    // all parts are ASCII); parts are mostly short: copy_bytes, not memcpy.
    rt::Str* r = rt::new_str_buffer(I, total);
    char* p = r->data();
    const char* sep = s->data();
    size_t sep_size = s->size;
    for (uint32_t i = 0; i < n; ++i) {
        if (i) {
            if (sep_size == 1) *p++ = *sep;
            else {
                text::copy_bytes(p, sep, sep_size);
                p += sep_size;
            }
        }
        rt::Str* part = as_str(items[i]);
        text::copy_bytes(p, part->data(), part->size);
        p += part->size;
    }
    rt::str_finish(r, ascii);
    return obj(r);
}

Value str_replace(Interp& I, const CallArgs& a, Object*) {
    Str* s = self_str(I, a, "replace");
    str_args(I, a, "replace", 2, 3);
    Str* old = sub_arg(I, a.args[1], "replace");
    if (!is_str(a.args[2])) {
        std::string tn = rt::type_name(I, a.args[2]);
        rt::raise_fmt(I, I.exc.TypeError, "replace() argument 2 must be str, not %s", tn.c_str());
    }
    Str* nw = as_str(a.args[2]);
    int64_t count = a.nargs > 3 ? arg_index(I, a.args[3]) : -1;
    if (count < 0) count = INT64_MAX;
    std::string_view v = s->view(), o = old->view(), w = nw->view();
    std::string out;
    if (o.empty()) {
        size_t i = 0;
        while (i <= v.size()) {
            if (count-- > 0) out += w;
            else { out.append(v.substr(i)); break; }
            if (i == v.size()) break;
            int len = text::decode_utf8(v, i).len;
            out.append(v.substr(i, static_cast<size_t>(len)));
            i += static_cast<size_t>(len);
        }
        return str_value(I, out);
    }
    size_t i = 0, p;
    bool any = false;
    while (count > 0 && (p = v.find(o, i)) != std::string_view::npos) {
        out.append(v.substr(i, p - i));
        out += w;
        i = p + o.size();
        --count;
        any = true;
    }
    if (!any && s->cls == I.types.str) return obj(s);
    out.append(v.substr(i));
    return str_value(I, out);
}

Value partition_impl(Interp& I, const CallArgs& a, const char* name, bool rev) {
    Str* s = self_str(I, a, name);
    str_args(I, a, name, 1, 1);
    if (!is_str(a.args[1])) {
        std::string tn = rt::type_name(I, a.args[1]);
        rt::raise_fmt(I, I.exc.TypeError, "must be str, not %s", tn.c_str());
    }
    std::string_view v = s->view(), d = as_str(a.args[1])->view();
    if (d.empty()) rt::raise(I, I.exc.ValueError, "empty separator");
    size_t p = rev ? v.rfind(d) : v.find(d);
    Value e = obj(I.names.empty);
    if (p == std::string_view::npos)
        return obj(rev ? rt::new_tuple(I, {e, e, obj(s)}) : rt::new_tuple(I, {obj(s), e, e}));
    Value l = str_value(I, v.substr(0, p));
    Value r = str_value(I, v.substr(p + d.size()));
    return obj(rt::new_tuple(I, {l, a.args[1], r}));
}
Value str_partition(Interp& I, const CallArgs& a, Object*) { return partition_impl(I, a, "partition", false); }
Value str_rpartition(Interp& I, const CallArgs& a, Object*) { return partition_impl(I, a, "rpartition", true); }

// --- strip family --------------------------------------------------------------------------------------
Value strip_impl(Interp& I, const CallArgs& a, const char* name, bool left, bool right) {
    Str* s = self_str(I, a, name);
    str_args(I, a, name, 0, 1);
    std::string_view v = s->view(), r;
    if (a.nargs < 2 || a.args[1].is_none()) {
        r = left && right ? text::strip(v) : left ? text::lstrip(v) : text::rstrip(v);
    } else {
        if (!is_str(a.args[1])) rt::raise_fmt(I, I.exc.TypeError, "%s arg must be None or str", name);
        std::string_view chars = as_str(a.args[1])->view();
        r = left && right ? text::strip(v, chars) : left ? text::lstrip(v, chars) : text::rstrip(v, chars);
    }
    if (r.size() == v.size() && s->cls == I.types.str) return obj(s);
    return str_value(I, r);
}
Value str_strip(Interp& I, const CallArgs& a, Object*) { return strip_impl(I, a, "strip", true, true); }
Value str_lstrip(Interp& I, const CallArgs& a, Object*) { return strip_impl(I, a, "lstrip", true, false); }
Value str_rstrip(Interp& I, const CallArgs& a, Object*) { return strip_impl(I, a, "rstrip", false, true); }

Value affix_impl(Interp& I, const CallArgs& a, const char* name, bool prefix) {
    Str* s = self_str(I, a, name);
    str_args(I, a, name, 1, 1);
    if (!is_str(a.args[1])) {
        std::string tn = rt::type_name(I, a.args[1]);
        rt::raise_fmt(I, I.exc.TypeError, "%s() argument must be str, not %s", name, tn.c_str());
    }
    std::string_view v = s->view(), p = as_str(a.args[1])->view();
    if (!p.empty() && p.size() <= v.size()) {
        if (prefix && v.substr(0, p.size()) == p) return str_value(I, v.substr(p.size()));
        if (!prefix && v.substr(v.size() - p.size()) == p) return str_value(I, v.substr(0, v.size() - p.size()));
    }
    return s->cls == I.types.str ? obj(s) : str_value(I, v);
}
Value str_removeprefix(Interp& I, const CallArgs& a, Object*) { return affix_impl(I, a, "removeprefix", true); }
Value str_removesuffix(Interp& I, const CallArgs& a, Object*) { return affix_impl(I, a, "removesuffix", false); }

}  // namespace

void install_str_search(Interp& I) {
    add_methods(I, I.types.str, {
        {"find", str_find},
        {"rfind", str_rfind},
        {"index", str_index},
        {"rindex", str_rindex},
        {"count", str_count},
        {"startswith", str_startswith},
        {"endswith", str_endswith},
        {"split", str_split},
        {"rsplit", str_rsplit},
        {"splitlines", str_splitlines},
        {"join", str_join},
        {"replace", str_replace},
        {"partition", str_partition},
        {"rpartition", str_rpartition},
        {"strip", str_strip},
        {"lstrip", str_lstrip},
        {"rstrip", str_rstrip},
        {"removeprefix", str_removeprefix},
        {"removesuffix", str_removesuffix},
    });
}

}  // namespace aio::stdlib
