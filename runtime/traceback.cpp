// runtime/traceback.cpp - formats exceptions as CPython 3.11 does: chained
// blocks ("The above exception was the direct cause..." / "During handling of
// the above exception..."), "Traceback (most recent call last):", one
// `File "f", line N, in name` entry per frame with its stripped source line, then
// the `Type: message` line. Source text comes from I.sources, else the embedded
// stdlib, else the file.
#include <unordered_set>

#include "grammar/diagnostic.hpp"
#include "runtime/containers.hpp"
#include "runtime/read_file.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/traceback.hpp"
#include "stdlib/embedded.hpp"

namespace aio::rt {

namespace {

std::string source_line(Interp& I, std::string_view file, int line) {
    if (line <= 0) return "";
    std::string key(file);
    auto it = I.sources.find(key);
    std::string loaded;
    std::string_view text;
    if (it != I.sources.end()) {
        text = it->second;
    } else if (std::string_view embedded = stdlib::embedded_source(file); !embedded.empty()) {
        text = embedded;  // an embedded module's: in the library, not copied at import
    } else {
        if (!read_whole_file(key, loaded)) return "";
        text = loaded;
    }
    size_t pos = 0;
    for (int n = 1; n < line; n++) {
        pos = text.find('\n', pos);
        if (pos == std::string_view::npos) return "";
        pos++;
    }
    size_t end = text.find('\n', pos);
    std::string s(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    size_t b = s.find_first_not_of(" \t\f\r\v");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t\f\r\v\n");
    return s.substr(b, e - b + 1);
}

}  // namespace

std::string source_line_text(Interp& I, std::string_view file, int line) { return source_line(I, file, line); }

static void exception_only_parts(Interp& I, Value exc, std::vector<std::string>& out);

namespace {

std::string exception_type_label(Interp& I, Type* t) {
    std::string name((t->tflags & kTypeHeap) ? t->qualname->view() : t->name->view());
    if (is_str(t->module)) {
        std::string_view m = as_str(t->module)->view();
        if (m != "builtins" && m != "__main__") return std::string(m) + "." + name;
    }
    (void)I;
    return name;
}

bool same_text(const Str* a, const Str* b) { return a == b || (a && b && a->view() == b->view()); }

// Appends the pieces traceback.format_exception returns: one per header, per frame
// (its File line with the source line) and per chaining message, then the exception-only text.
void format_one(Interp& I, Value exc, std::vector<std::string>& out, std::unordered_set<Object*>& seen, bool chain) {
    if (!is_kind(exc, ObjKind::Exception)) {
        out.push_back(exception_type_label(I, type_of(I, exc)) + "\n");
        return;
    }
    auto* e = as<Exception>(exc);
    seen.insert(e);
    if (chain && is_kind(e->cause, ObjKind::Exception) && !seen.count(e->cause.as_obj())) {
        format_one(I, e->cause, out, seen, true);
        out.push_back("\nThe above exception was the direct cause of the following exception:\n\n");
    } else if (chain && !e->suppress_context && is_kind(e->context, ObjKind::Exception) && !seen.count(e->context.as_obj())) {
        format_one(I, e->context, out, seen, true);
        out.push_back("\nDuring handling of the above exception, another exception occurred:\n\n");
    }
    if (e->tb && !e->tb->empty()) {
        out.push_back("Traceback (most recent call last):\n");
        // As CPython: after three identical entries in a row (deep recursion), the
        // rest of the run is one "[Previous line repeated N more times]" line.
        const TracebackEntry* last = nullptr;
        size_t repeats = 0;
        auto flush_repeats = [&] {
            if (repeats > 3) {
                size_t n = repeats - 3;
                out.push_back("  [Previous line repeated " + std::to_string(n) + (n == 1 ? " more time]\n" : " more times]\n"));
            }
        };
        for (size_t k = e->tb->size(); k-- > 0;) {
            const TracebackEntry& t = (*e->tb)[k];
            if (last && t.line == last->line && same_text(t.filename, last->filename) &&
                same_text(t.funcname, last->funcname)) {
                if (++repeats > 3) continue;
            } else {
                flush_repeats();
                repeats = 1;
            }
            last = &t;
            std::string_view file = t.filename ? t.filename->view() : "<unknown>";
            std::string entry = "  File \"" + std::string(file) + "\", line " + std::to_string(t.line) + ", in " +
                                std::string(t.funcname ? t.funcname->view() : "<module>") + "\n";
            std::string src = source_line(I, file, t.line);
            if (!src.empty()) entry += "    " + src + "\n";
            out.push_back(std::move(entry));
        }
        flush_repeats();
    }
    exception_only_parts(I, exc, out);
}

}  // namespace

// A SyntaxError with a line number prints CPython's `File "f", line N` block, the
// source text and the caret, then `Type: msg` (msg alone, not str(e)), the same layout
// as a syntax error in the main script (grammar::format_syntax_error). Empty when
// [exc] is not such an error.
static std::string format_syntax_error_only(Interp& I, Value exc) {
    if (!is_kind(exc, ObjKind::Exception) || !is_subtype(type_of(I, exc), I.exc.SyntaxError)) return "";
    auto attr = [&](const char* name) { return getattr_opt(I, exc, intern(I, name)); };
    Value line = attr("lineno");
    if (!line.is_int()) return "";
    grammar::SyntaxError se;
    se.type = exception_type_label(I, type_of(I, exc));
    Value msg = attr("msg"), file = attr("filename"), text = attr("text");
    Value off = attr("offset"), end = attr("end_offset");
    se.msg = msg.is_null() || msg.is_none() ? "" : str_string(I, msg);
    se.filename = is_str(file) ? std::string(as_str(file)->view()) : "<string>";
    se.line = static_cast<int>(line.as_int());
    se.col = off.is_int() ? static_cast<int>(off.as_int()) : 0;
    se.end_col = end.is_int() ? static_cast<int>(end.as_int()) : 0;
    if (is_str(text)) {
        se.text = std::string(as_str(text)->view());
        while (!se.text.empty() && (se.text.back() == '\n' || se.text.back() == '\r')) se.text.pop_back();
    }
    return grammar::format_syntax_error(se);
}

// "Type: message\n" (or a SyntaxError's block), then one piece per __notes__ entry.
static void exception_only_parts(Interp& I, Value exc, std::vector<std::string>& out) {
    std::string head;
    try {
        head = format_syntax_error_only(I, exc);
    } catch (Unwind&) {
        I.pending = Value::null();
        head.clear();
    }
    if (head.empty()) {
        head = exception_type_label(I, type_of(I, exc));
        std::string msg;
        try {
            msg = str_string(I, exc);
        } catch (Unwind&) {
            I.pending = Value::null();
            msg = "<exception str() failed>";
        }
        if (!msg.empty()) head += ": " + msg;
        head += "\n";
    }
    out.push_back(std::move(head));
    if (is_kind(exc, ObjKind::Exception) && as<Exception>(exc)->attrs) {
        Value notes = dict_get_str(as<Exception>(exc)->attrs, intern(I, "__notes__"));
        if (is_kind(notes, ObjKind::List)) {
            auto* l = as<List>(notes);
            for (uint32_t i = 0; i < l->size; i++) out.push_back(str_string(I, l->items[i]) + "\n");
        }
    }
}

std::string format_exception_only(Interp& I, Value exc) {
    std::vector<std::string> parts;
    exception_only_parts(I, exc, parts);
    std::string out;
    for (const std::string& part : parts) out += part;
    return out;
}

std::vector<std::string> format_exception_parts(Interp& I, Value exc, bool chain) {
    TempRoot r(I, exc);
    std::vector<std::string> parts;
    std::unordered_set<Object*> seen;
    format_one(I, exc, parts, seen, chain);
    return parts;
}

std::string format_exception(Interp& I, Value exc) {
    std::string out;
    for (const std::string& part : format_exception_parts(I, exc, true)) out += part;
    return out;
}

void print_exception(Interp& I, Value exc) { I.write_err(format_exception(I, exc)); }

void print_unraisable(Interp& I, Value exc, std::string_view where) {
    TempRoot r(I, exc);
    std::string out = "Exception ignored in: " + std::string(where) + "\n";
    for (const std::string& part : format_exception_parts(I, exc, false)) out += part;
    I.write_err(out);
}

}  // namespace aio::rt
