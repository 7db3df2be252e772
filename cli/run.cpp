// cli/run.cpp - running a program for the `aio` command and mapping its end
// (normal, uncaught exception, SystemExit) to Python's exit statuses.
#include "cli/run.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "grammar/parse.hpp"
#include "interpreter/compiler.hpp"
#include "interpreter/load.hpp"
#include "interpreter/vm.hpp"
#include "runtime/containers.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/traceback.hpp"

namespace aio::cli {

using namespace aio::rt;

namespace {

std::string dirname_of(const std::string& path) {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) return "";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

void setup_sys(Interp& I, const Options& opt, const std::string& script_dir) {
    I.argv = opt.argv;
    I.unbuffered = opt.unbuffered;
    // sys.path: the script's folder first, then AIO_PATH entries.
    Value path = dict_get_str(I.sys_module->dict, intern(I, "path"));
    if (is_kind(path, ObjKind::List)) {
        List* l = as<List>(path);
        List* fresh = new_list(I);
        list_append(I, fresh, Value::object(new_str(I, script_dir)));
        if (const char* ap = std::getenv("AIO_PATH")) {
            std::string s = ap;
            size_t start = 0;
            while (start <= s.size()) {
                size_t colon = s.find(':', start);
                if (colon == std::string::npos) colon = s.size();
                if (colon > start) list_append(I, fresh, Value::object(new_str(I, s.substr(start, colon - start))));
                start = colon + 1;
            }
        }
        for (uint32_t i = 0; i < l->size; i++) list_append(I, fresh, l->items[i]);
        l->size = 0;
        for (uint32_t i = 0; i < fresh->size; i++) list_append(I, l, fresh->items[i]);
    }
    List* argv = new_list(I);
    for (const auto& a : opt.argv) list_append(I, argv, Value::object(new_str(I, a)));
    dict_set_str(I, I.sys_module->dict, intern(I, "argv"), Value::object(argv));
}

Module* make_main(Interp& I, const std::string& file) {
    Module* m = new_module(I, intern(I, "__main__"));
    if (!file.empty()) dict_set_str(I, m->dict, I.names.__file__, Value::object(new_str(I, file)));
    dict_set(I, I.modules, Value::object(intern(I, "__main__")), Value::object(m));
    return m;
}

// Handles an exception that reached the top: SystemExit → its code, anything
// else → traceback and status 1.
int handle_uncaught(Interp& I) {
    Value exc = I.pending;
    I.pending = Value::null();
    if (is_kind(exc, ObjKind::Exception) && is_subtype(exc.as_obj()->cls, I.exc.SystemExit)) {
        auto* e = as<Exception>(exc);
        Value code = e->args && e->args->size == 1 ? e->args->items()[0]
                     : e->args && e->args->size > 1 ? Value::object(e->args) : Value::none();
        if (code.is_none()) return 0;
        if (code.is_int()) return int(code.as_int() & 0xff);
        if (code.is_bool()) return code.as_bool() ? 1 : 0;
        Str* s = str(I, code);
        I.write_err(std::string(s->view()) + "\n");
        return 1;
    }
    print_exception(I, exc);
    return 1;
}

int run_source(Interp& I, const std::string& source, const std::string& filename, Module* main) {
    try {
        // A syntax error in the main program is reported without a traceback, as CPython does.
        grammar::Arena arena;
        auto pr = grammar::parse(arena, source, filename);
        if (pr.error) {
            I.write_err(grammar::format_syntax_error(*pr.error));
            return 1;
        }
        auto cr = compiler::compile(I, *pr.module, filename, source, compiler::CompileMode::Module);
        if (cr.error) {
            I.write_err(grammar::format_syntax_error(*cr.error));
            return 1;
        }
        I.sources[filename] = source;
        Code* code = cr.code;
        TempRoot root(I, code);
        vm::run_module_code(I, code, main->dict);
    } catch (Unwind&) {
        return handle_uncaught(I);
    }
    return 0;
}

}  // namespace

int run(const Options& opt) {
    Interp I;
    init_runtime(I);
    int status = 0;
    std::string file;
    std::string source = opt.source;
    switch (opt.mode) {
        case Mode::File: file = opt.target; break;
        case Mode::Command: file = "<string>"; source = opt.target; break;
        case Mode::Stdin:
        case Mode::Repl:
            file = "<stdin>";
            source.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
            break;
        case Mode::Module: file = ""; break;
    }
    std::string script_dir = opt.mode == Mode::File ? dirname_of(file) : "";
    setup_sys(I, opt, script_dir);
    Module* main = make_main(I, opt.mode == Mode::File ? file : "");
    TempRoot root(I, main);
    if (opt.mode == Mode::Module) {
        // -m: import the module's code as __main__
        try {
            Value m = vm::import_name(I, intern(I, opt.target), Value::none(), 0, main->dict);
            (void)m;
        } catch (Unwind&) {
            status = handle_uncaught(I);
        }
    } else {
        status = run_source(I, source, file, main);
    }
    I.flush_out();
    return status;
}

int check_files(const std::vector<std::string>& files) {
    Interp I;
    init_runtime(I);
    int status = 0;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) {
            int err = errno ? errno : ENOENT;
            std::cerr << "aio: can't open file '" << f << "': [Errno " << err << "] " << std::strerror(err) << "\n";
            if (!status) status = 2;
            continue;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        std::string source = ss.str();
        grammar::Arena arena;
        auto pr = grammar::parse(arena, source, f);
        if (pr.error) {
            std::cerr << grammar::format_syntax_error(*pr.error);
            status = 1;
            continue;
        }
        auto cr = compiler::compile(I, *pr.module, f, source, compiler::CompileMode::Module);
        if (cr.error) {
            std::cerr << grammar::format_syntax_error(*cr.error);
            status = 1;
        }
    }
    return status;
}

int disassemble_source(const std::string& source, const std::string& filename) {
    grammar::Arena arena;
    auto pr = grammar::parse(arena, source, filename);
    if (pr.error) {
        std::cerr << grammar::format_syntax_error(*pr.error);
        return 1;
    }
    Interp I;
    init_runtime(I);
    auto cr = compiler::compile(I, *pr.module, filename, source, compiler::CompileMode::Module);
    if (cr.error) {
        std::cerr << grammar::format_syntax_error(*cr.error);
        return 1;
    }
    std::cout << compiler::disassemble(I, cr.code);
    return 0;
}

}  // namespace aio::cli
