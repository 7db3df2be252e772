// runtime/traceback.cpp - formats exceptions as CPython 3.11 does: chained
// blocks ("The above exception was the direct cause..." / "During handling of
// the above exception..."), "Traceback (most recent call last):", one
// `File "f", line N, in name` entry per frame with its stripped source line, then
// the `Type: message` line. Source text comes from I.sources, else the embedded
// stdlib, else the file.
#include <algorithm>
#include <unordered_set>

#include "grammar/diagnostic.hpp"
#include "interpreter/code.hpp"
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

static void exception_only_parts(Interp& I, Value exc, std::vector<std::string>& out, bool suggest = false);

// --- "Did you mean" -----------------------------------------------------------------
// An uncaught NameError or AttributeError's report ends in ". Did you mean: 'x'?"
// when a known name is close to the missing one, as CPython 3.11 reports it: the
// candidates are dir(obj) for an AttributeError; for a NameError the innermost frame's
// local variable names, else its module's globals, else the builtins (the first list
// with a match wins). "Close": an edit distance where inserting, deleting or replacing
// a byte costs 2 and changing only its ASCII case costs 1, at most a third of the two
// names' length; the nearest candidate wins, the first one on a tie. (3.11's traceback
// module does not add it: only the interpreter's own report of an uncaught exception.)
namespace {

constexpr size_t kMaxCandidates = 750;   // a longer list offers nothing
constexpr size_t kMaxNameBytes = 40;     // past the common ends, longer names never match
constexpr size_t kEditCost = 2, kCaseCost = 1;

size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
    while (!a.empty() && !b.empty() && a.front() == b.front()) {
        a.remove_prefix(1);
        b.remove_prefix(1);
    }
    while (!a.empty() && !b.empty() && a.back() == b.back()) {
        a.remove_suffix(1);
        b.remove_suffix(1);
    }
    if (a.empty() || b.empty()) return (a.size() + b.size()) * kEditCost;
    if (a.size() > kMaxNameBytes || b.size() > kMaxNameBytes) return limit + 1;
    if (b.size() < a.size()) std::swap(a, b);
    if ((b.size() - a.size()) * kEditCost > limit) return limit + 1;
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; };
    // row[i]: distance between the part of b seen so far and a[0..i]
    size_t row[kMaxNameBytes];
    for (size_t i = 0; i < a.size(); i++) row[i] = (i + 1) * kEditCost;
    size_t result = 0;
    for (size_t j = 0; j < b.size(); j++) {
        size_t diag = j * kEditCost, left = j * kEditCost, best = SIZE_MAX;
        result = left;
        for (size_t i = 0; i < a.size(); i++) {
            size_t sub = diag + (b[j] == a[i] ? 0 : lower(b[j]) == lower(a[i]) ? kCaseCost : kEditCost);
            diag = row[i];
            result = std::min(std::min(result, row[i]) + kEditCost, sub);
            row[i] = result;
            best = std::min(best, result);
        }
        if (best > limit) return limit + 1;
    }
    return result;
}

// The nearest of [names] to [wrong], or "" when none is close enough.
std::string nearest_name(std::string_view wrong, const std::vector<Str*>& names) {
    if (names.size() >= kMaxCandidates) return "";
    std::string_view found;
    bool have = false;
    size_t found_distance = SIZE_MAX;
    for (Str* n : names) {
        std::string_view cand = n->view();
        if (cand == wrong) continue;
        size_t limit = std::min((wrong.size() + cand.size() + 3) * kEditCost / 6, found_distance - 1);
        size_t d = edit_distance(wrong, cand, limit);
        if (d > limit) continue;
        if (!have || d < found_distance) {
            found = cand;
            found_distance = d;
            have = true;
        }
    }
    return std::string(found);
}

void dict_names(Dict* d, std::vector<Str*>& out) {
    Value k, v;
    for (uint32_t i = 0; d && dict_next(d, &i, &k, &v);)
        if (is_str(k)) out.push_back(as_str(k));
}

// The code object of the frame a traceback entry names: among the functions of its
// module (module level, methods, and the code nested in them), the innermost one
// called [funcname] whose lines include [line]; nullptr when none is found.
void find_code(Code* c, std::string_view funcname, int line, Code*& best, int depth) {
    if (!c || depth > 50) return;
    if (c->name && c->name->view() == funcname && c->firstlineno <= line &&
        (!best || c->firstlineno >= best->firstlineno)) {
        for (int32_t l : c->lines)
            if (l == line) {
                best = c;
                break;
            }
    }
    for (Value k : c->consts)
        if (is_kind(k, ObjKind::Code)) find_code(as<Code>(k), funcname, line, best, depth + 1);
}

void find_code_in(Value v, std::string_view funcname, int line, Code*& best) {
    if (is_kind(v, ObjKind::Function)) find_code(as<Function>(v)->code, funcname, line, best, 0);
    else if (is_kind(v, ObjKind::StaticMethod)) find_code_in(as<StaticMethod>(v)->func, funcname, line, best);
    else if (is_kind(v, ObjKind::ClassMethod)) find_code_in(as<ClassMethod>(v)->func, funcname, line, best);
    else if (is_kind(v, ObjKind::Property)) {
        find_code_in(as<Property>(v)->fget, funcname, line, best);
        find_code_in(as<Property>(v)->fset, funcname, line, best);
    }
}

std::string name_error_suggestion(Interp& I, Exception* e, std::string_view wrong) {
    if (!e->tb || e->tb->empty()) return "";
    const TracebackEntry& where = (*e->tb)[0];
    if (!where.filename) return "";
    // the module whose file the innermost frame runs in
    Dict* globals = nullptr;
    Value k, m;
    for (uint32_t i = 0; I.modules && !globals && dict_next(I.modules, &i, &k, &m);) {
        if (!is_kind(m, ObjKind::Module)) continue;
        Dict* d = as<Module>(m)->dict;
        Value f = dict_get_str(d, I.names.__file__);
        if (is_str(f) && as_str(f)->view() == where.filename->view()) globals = d;
    }
    std::vector<Str*> names;
    std::string_view funcname = where.funcname ? where.funcname->view() : "<module>";
    if (globals && funcname != "<module>") {
        Code* code = nullptr;
        Value gk, v;
        for (uint32_t i = 0; dict_next(globals, &i, &gk, &v);) {
            find_code_in(v, funcname, where.line, code);
            if (is_kind(v, ObjKind::Type) && (as<Type>(v)->tflags & kTypeHeap)) {
                Value ck, cv;
                for (uint32_t j = 0; dict_next(as<Type>(v)->dict, &j, &ck, &cv);) find_code_in(cv, funcname, where.line, code);
            }
        }
        if (code) names.assign(code->varnames.begin(), code->varnames.end());
    }
    std::string s = nearest_name(wrong, names);
    if (!s.empty()) return s;
    names.clear();
    dict_names(globals, names);
    s = nearest_name(wrong, names);
    if (!s.empty()) return s;
    names.clear();
    dict_names(I.builtins, names);
    return nearest_name(wrong, names);
}

std::string attribute_error_suggestion(Interp& I, Value obj, std::string_view wrong) {
    Value dir = dict_get_str(I.builtins, intern(I, "dir"));
    if (dir.is_null()) return "";
    Value listing = call(I, dir, {obj});
    if (!is_kind(listing, ObjKind::List)) return "";
    TempRoot keep(I, listing);
    std::vector<Str*> names;
    for (uint32_t i = 0; i < as<List>(listing)->size; i++)
        if (is_str(as<List>(listing)->items[i])) names.push_back(as_str(as<List>(listing)->items[i]));
    return nearest_name(wrong, names);
}

// ". Did you mean: 'x'?" for [exc], or "".
std::string suggestion_suffix(Interp& I, Value exc) {
    if (!is_kind(exc, ObjKind::Exception)) return "";
    auto* e = as<Exception>(exc);
    Type* t = type_of(I, exc);
    bool name_error = is_subtype(t, I.exc.NameError), attr_error = is_subtype(t, I.exc.AttributeError);
    if ((!name_error && !attr_error) || !e->attrs) return "";
    Value name = dict_get_str(e->attrs, intern(I, "name"));
    if (!is_str(name)) return "";
    std::string s;
    try {
        if (name_error) {
            s = name_error_suggestion(I, e, as_str(name)->view());
        } else {
            Value obj = dict_get_str(e->attrs, intern(I, "obj"));
            if (!obj.is_null()) s = attribute_error_suggestion(I, obj, as_str(name)->view());
        }
    } catch (Unwind&) {
        I.pending = Value::null();  // a failing dir() offers nothing, as in CPython
        return "";
    }
    return s.empty() ? "" : ". Did you mean: '" + s + "'?";
}

}  // namespace

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

// Inside an exception group's report every line starts with a margin: depth 1 is the
// top group's own block ("  | "), its members are at depth 2 ("    | "), and so on.
std::string margin(int depth) { return std::string(size_t(2 * depth), ' ') + "| "; }

// Appends [text] to [out] with the margin of [depth] before each of its lines
// (blank ones too, as CPython: "    | \n"); depth 0 appends it as is.
void emit(std::vector<std::string>& out, int depth, std::string text) {
    if (depth == 0) {
        out.push_back(std::move(text));
        return;
    }
    std::string pre = margin(depth), r;
    for (size_t i = 0; i < text.size();) {
        size_t nl = text.find('\n', i);
        size_t end = nl == std::string::npos ? text.size() : nl + 1;
        r += pre;
        r.append(text, i, end - i);
        i = end;
    }
    out.push_back(std::move(r));
}

// The members of an exception group (a BaseExceptionGroup: _exceptiongroup.aio, found
// by class name as the class lives in aio code), or nullptr for any other exception.
Tuple* group_members(Interp& I, Value exc) {
    Type* t = type_of(I, exc);
    bool group = false;
    for (uint32_t i = 0; i < t->mro->size && !group; i++)
        group = as<Type>(t->mro->items()[i])->name->view() == "BaseExceptionGroup";
    if (!group) return nullptr;
    Value m = getattr_opt(I, exc, intern(I, "exceptions"));
    return is_kind(m, ObjKind::Tuple) && as<Tuple>(m)->size ? as<Tuple>(m) : nullptr;
}

// CPython shows the first 15 members of a group, then "and N more exceptions".
constexpr uint32_t kMaxGroupWidth = 15;

// Appends the pieces traceback.format_exception returns: one per header, per frame
// (its File line with the source line) and per chaining message, then the exception-only text.
// [depth]: the group margin (0 outside any exception group).
// [suggest]: add "Did you mean" (the report of an uncaught exception). True when the
// text ends with a group's closing line ("+-----..."), which then closes the enclosing
// group's box too: CPython prints one closing line for both.
bool format_one(Interp& I, Value exc, std::vector<std::string>& out, std::unordered_set<Object*>& seen, bool chain,
                int depth, bool suggest) {
    if (!is_kind(exc, ObjKind::Exception)) {
        emit(out, depth, exception_type_label(I, type_of(I, exc)) + "\n");
        return false;
    }
    auto* e = as<Exception>(exc);
    seen.insert(e);
    if (chain && is_kind(e->cause, ObjKind::Exception) && !seen.count(e->cause.as_obj())) {
        format_one(I, e->cause, out, seen, true, depth, suggest);
        emit(out, depth, "\nThe above exception was the direct cause of the following exception:\n\n");
    } else if (chain && !e->suppress_context && is_kind(e->context, ObjKind::Exception) && !seen.count(e->context.as_obj())) {
        format_one(I, e->context, out, seen, true, depth, suggest);
        emit(out, depth, "\nDuring handling of the above exception, another exception occurred:\n\n");
    }
    Tuple* members = group_members(I, exc);
    // A group's own block is at least at depth 1; its members one deeper.
    int own = members ? std::max(depth, 1) : depth;
    if (e->tb && !e->tb->empty()) {
        // (the outermost group's header has the '+' margin; a nested group's the '|')
        if (members && depth == 0) out.push_back("  + Exception Group Traceback (most recent call last):\n");
        else emit(out, own, members ? "Exception Group Traceback (most recent call last):\n" : "Traceback (most recent call last):\n");
        // As CPython: after three identical entries in a row (deep recursion), the
        // rest of the run is one "[Previous line repeated N more times]" line.
        const TracebackEntry* last = nullptr;
        size_t repeats = 0;
        auto flush_repeats = [&] {
            if (repeats > 3) {
                size_t n = repeats - 3;
                emit(out, own, "  [Previous line repeated " + std::to_string(n) + (n == 1 ? " more time]\n" : " more times]\n"));
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
            emit(out, own, std::move(entry));
        }
        flush_repeats();
    }
    std::vector<std::string> tail;
    exception_only_parts(I, exc, tail, suggest);
    for (std::string& part : tail) emit(out, own, std::move(part));
    if (!members) return false;
    TempRoot keep(I, Value::object(members));
    std::string inner(size_t(2 * (own + 1)), ' ');
    uint32_t shown = std::min(members->size, kMaxGroupWidth);
    bool closed = false;
    for (uint32_t i = 0; i < shown; i++) {
        std::string n = std::to_string(i + 1);
        out.push_back((i == 0 ? std::string(size_t(2 * own), ' ') + "+-+" : inner + "+") + "---------------- " + n +
                      " ----------------\n");
        closed = format_one(I, members->items()[i], out, seen, chain, own + 1, suggest);
    }
    if (members->size > shown) {
        uint32_t more = members->size - shown;
        out.push_back(inner + "+---------------- ... ----------------\n");
        emit(out, own + 1, "and " + std::to_string(more) + (more == 1 ? " more exception\n" : " more exceptions\n"));
        closed = false;
    }
    if (!closed) out.push_back(inner + "+------------------------------------\n");
    return true;
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
static void exception_only_parts(Interp& I, Value exc, std::vector<std::string>& out, bool suggest) {
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
        if (suggest) msg += suggestion_suffix(I, exc);
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

static std::vector<std::string> format_parts(Interp& I, Value exc, bool chain, bool suggest) {
    TempRoot r(I, exc);
    std::vector<std::string> parts;
    std::unordered_set<Object*> seen;
    format_one(I, exc, parts, seen, chain, 0, suggest);
    return parts;
}

std::vector<std::string> format_exception_parts(Interp& I, Value exc, bool chain) {
    return format_parts(I, exc, chain, false);
}

std::string format_exception(Interp& I, Value exc) {
    std::string out;
    for (const std::string& part : format_exception_parts(I, exc, true)) out += part;
    return out;
}

void print_exception(Interp& I, Value exc) {
    std::string out;
    for (const std::string& part : format_parts(I, exc, true, true)) out += part;
    I.write_err(out);
}

void print_unraisable(Interp& I, Value exc, std::string_view where) {
    TempRoot r(I, exc);
    std::string out = "Exception ignored in: " + std::string(where) + "\n";
    for (const std::string& part : format_exception_parts(I, exc, false)) out += part;
    I.write_err(out);
}

}  // namespace aio::rt
