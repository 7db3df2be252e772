// stdlib/builtins/print.cpp - console built-ins: print, input, exit/quit.
// print builds the whole line in one buffer and writes it once; with no `file`
// it writes to sys.stdout as currently bound (a script may replace it).
#include <cstdio>
#include <string>

#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

// The text of a sep=/end= argument: None/absent gives the default.
std::string_view sep_arg(Interp& I, Value v, const char* what, std::string_view dflt) {
    if (v.is_null() || v.is_none()) return dflt;
    if (!is_str(v)) {
        std::string tn = rt::type_name(I, v);
        rt::raise_fmt(I, I.exc.TypeError, "%s must be None or a string, not %s", what, tn.c_str());
    }
    return as_str(v)->view();
}

Value current_stdout(Interp& I, const char* name) {
    if (!I.sys_module) return Value::null();
    Value v = rt::dict_get_str(I.sys_module->dict, rt::intern(I, name));
    if (v.is_null()) rt::raise_fmt(I, I.exc.RuntimeError, "lost sys.%s", name);
    return v;
}

Value builtin_print(Interp& I, const CallArgs& a, Object*) {
    Value sep = Value::null(), end = Value::null(), file = Value::null(), flush = Value::null();
    for (uint32_t k = 0; k < a.nkw; ++k) {
        Str* n = a.kwnames[k];
        std::string_view kn = n->view();
        if (kn == "sep") sep = a.kwvalues[k];
        else if (kn == "end") end = a.kwvalues[k];
        else if (kn == "file") file = a.kwvalues[k];
        else if (kn == "flush") flush = a.kwvalues[k];
        else
            rt::raise_fmt(I, I.exc.TypeError, "'%.*s' is an invalid keyword argument for print()",
                          static_cast<int>(kn.size()), kn.data());
    }
    std::string_view sep_s = sep_arg(I, sep, "sep", " ");
    std::string_view end_s = sep_arg(I, end, "end", "\n");
    if (file.is_null() || file.is_none()) file = current_stdout(I, "stdout");
    // str() of an instance may run Python code; the line is built in a C++ string and
    // sep/end views point into argument strs, which the caller keeps alive.
    std::string line;
    // Where CPython's separate writes (each arg, sep and end) begin; kept on the
    // stack for the common short calls, used only if a lone surrogate shows up.
    constexpr uint32_t kMaxCuts = 32;
    size_t cuts[kMaxCuts + 1];
    uint32_t ncuts = 0;
    auto cut = [&] {
        if (ncuts < kMaxCuts) cuts[ncuts] = line.size();
        ncuts++;
    };
    for (uint32_t i = 0; i < a.nargs; ++i) {
        if (i) {
            cut();
            line += sep_s;
        }
        cut();
        Value v = a.args[i];
        if (is_str(v)) line += as_str(v)->view();
        else line += rt::str(I, v)->view();
    }
    cut();
    line += end_s;
    if (file.is_null()) {
        I.write_out(line);
    } else if (ncuts < kMaxCuts && std_stream_of(file) && line.find('\xed') != std::string::npos) {
        // A piece holding a lone surrogate may fail to encode after the ones before it went out.
        cuts[ncuts] = line.size();
        for (uint32_t k = 0; k < ncuts; ++k)
            write_to(I, file, std::string_view(line).substr(cuts[k], cuts[k + 1] - cuts[k]));
    } else {
        write_to(I, file, line);
    }
    if (!flush.is_null() && rt::truthy(I, flush)) {
        int which = file.is_null() ? 1 : std_stream_of(file);
        if (which == 1) I.flush_out();
        else if (which == 0) rt::call_method(I, file, I.names.flush, {});
    }
    return Value::none();
}

Value builtin_input(Interp& I, const CallArgs& a, Object*) {
    Value args[1];
    bind_args(I, a, "input", {"prompt"}, 0, args, 1);
    if (!args[0].is_null()) {
        Value out = current_stdout(I, "stdout");
        std::string p = is_str(args[0]) ? std::string(as_str(args[0])->view())
                                        : std::string(rt::str(I, args[0])->view());
        if (out.is_null()) I.write_out(p);
        else write_to(I, out, p);
    }
    I.flush_out();
    std::string line;
    if (!read_stdin_line(line)) rt::raise(I, I.exc.EOFError, "EOF when reading a line");
    if (!line.empty() && line.back() == '\n') line.pop_back();
    return str_value(I, line);
}

// exit()/quit(): SystemExit carrying the optional code, as the site module's Quitter.
Value builtin_exit(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "exit");
    if (a.nargs > 1)
        rt::raise_fmt(I, I.exc.TypeError, "__call__() takes from 1 to 2 positional arguments but %u were given",
                      a.nargs + 1);
    rt::Tuple* args = a.nargs ? rt::new_tuple(I, {a.args[0]}) : rt::new_tuple(I, 0);
    rt::raise_value(I, rt::new_exception_args(I, I.exc.SystemExit, args));
}

}  // namespace

void install_print(Interp& I) {
    add_functions(I, I.builtins, {
        {"print", builtin_print},
        {"input", builtin_input},
        {"exit", builtin_exit},
        {"quit", builtin_exit},
    });
}

}  // namespace aio::stdlib
