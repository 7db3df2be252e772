// cli/completion.cpp - completion candidates from the REPL's namespaces. Names
// starting with '_' are offered only when the typed prefix starts with '_', as
// CPython's rlcompleter does, so `obj.<Tab>` is not flooded with dunders.
#include "cli/completion.hpp"

#include <algorithm>
#include <set>

#include "runtime/containers.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"

namespace aio::cli {

using namespace aio::rt;

namespace {

constexpr const char* kKeywords[] = {
    "False", "None",   "True",    "and",      "as",     "assert", "async", "await",
    "break", "class",  "continue", "def",     "del",    "elif",   "else",  "except",
    "finally", "for",  "from",    "global",   "if",     "import", "in",    "is",
    "lambda", "nonlocal", "not",  "or",       "pass",   "raise",  "return", "try",
    "while", "with",   "yield",
};

bool is_ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           (static_cast<unsigned char>(c) >= 0x80);
}

void add_keys(Dict* d, std::string_view prefix, std::set<std::string>* out) {
    Value k, v;
    for (uint32_t i = 0; dict_next(d, &i, &k, &v);) {
        if (!is_str(k)) continue;
        std::string_view name = as_str(k)->view();
        if (name.substr(0, prefix.size()) == prefix) out->insert(std::string(name));
    }
}

// The value of a dotted name `a.b.c` in the REPL's namespaces, or Null. Each
// step's value is kept in [chain] (rooted by the caller): a property may allocate.
Value lookup_dotted(Interp& I, Dict* globals, std::string_view dotted, List* chain) {
    size_t dot = dotted.find('.');
    std::string_view head = dotted.substr(0, dot);
    Value v = dict_get_str(globals, intern(I, head));
    if (v.is_null()) v = dict_get_str(I.builtins, intern(I, head));
    while (!v.is_null() && dot != std::string_view::npos) {
        list_append(I, chain, v);
        dotted.remove_prefix(dot + 1);
        dot = dotted.find('.');
        v = getattr_opt(I, v, intern(I, dotted.substr(0, dot)));
    }
    return v;
}

}  // namespace

std::vector<std::string> complete_word(Interp& I, Dict* globals, std::string_view before_cursor,
                                       size_t* word_len) {
    size_t start = before_cursor.size();
    while (start > 0 && (is_ident_char(before_cursor[start - 1]) || before_cursor[start - 1] == '.')) start--;
    std::string_view word = before_cursor.substr(start);
    size_t last_dot = word.rfind('.');
    std::string_view prefix = last_dot == std::string_view::npos ? word : word.substr(last_dot + 1);
    *word_len = prefix.size();
    std::set<std::string> found;
    try {
        if (last_dot == std::string_view::npos) {
            for (const char* kw : kKeywords)
                if (std::string_view(kw).substr(0, prefix.size()) == prefix) found.insert(kw);
            add_keys(globals, prefix, &found);
            add_keys(I.builtins, prefix, &found);
        } else {
            std::string_view base = word.substr(0, last_dot);
            if (base.empty() || base.front() == '.' || base.find("..") != std::string_view::npos) return {};
            List* chain = new_list(I);
            TempRoot keep_chain(I, chain);
            Value obj = lookup_dotted(I, globals, base, chain);
            if (obj.is_null()) return {};
            TempRoot keep(I, obj);
            Value names = call(I, dict_get_str(I.builtins, intern(I, "dir")), {obj});
            if (is_kind(names, ObjKind::List)) {
                List* l = as<List>(names);
                for (uint32_t i = 0; i < l->size; i++) {
                    if (!is_str(l->items[i])) continue;
                    std::string_view n = as_str(l->items[i])->view();
                    if (n.substr(0, prefix.size()) == prefix) found.insert(std::string(n));
                }
            }
        }
    } catch (Unwind&) {
        I.pending = Value::null();  // a failing attribute simply offers nothing
        return {};
    }
    std::vector<std::string> out;
    for (const auto& n : found)
        if (!(n.size() > 0 && n[0] == '_' && (prefix.empty() || prefix[0] != '_'))) out.push_back(n);
    return out;
}

}  // namespace aio::cli
