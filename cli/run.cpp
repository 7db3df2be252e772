// cli/run.cpp - running a program for the `aio` command: sys.argv/sys.path,
// the __main__ module, the program itself (file, -c, -m, stdin), then the REPL
// for `aio` on a terminal or `-i`. Exit statuses come from cli/exit_status.
#include "cli/run.hpp"

#include "cli/exit_status.hpp"
#include "cli/find_module.hpp"
#include "cli/interrupt.hpp"
#include "cli/print.hpp"
#include "cli/repl.hpp"
#include "interpreter/vm_api.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "grammar/parse.hpp"
#include "interpreter/compiler.hpp"
#include "interpreter/load.hpp"
#include "interpreter/vm.hpp"
#include "runtime/containers.hpp"
#include "runtime/protocol.hpp"
#include "runtime/read_file.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/traceback.hpp"

namespace aio::cli {

using namespace aio::rt;

namespace {

// The whole of standard input (the program of `aio -` or `aio < file`).
std::string read_all_stdin() {
    std::string out;
    char buf[16384];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) out.append(buf, n);
    return out;
}

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
    TempRoot keep(I, m);
    if (!file.empty()) dict_set_str(I, m->dict, I.names.__file__, Value::object(new_str(I, file)));
    vm::init_source_module_globals(I, m->dict, true);
    dict_set(I, I.modules, Value::object(intern(I, "__main__")), Value::object(m));
    return m;
}

int run_source(Interp& I, const std::string& source, const std::string& filename, Module* main,
               bool inspect) {
    try {
        // A syntax error in the main program is reported without a traceback, as CPython does.
        auto cr = vm::compile_source(I, source, filename, compiler::CompileMode::Module);
        if (cr.error) {
            I.write_err(grammar::format_syntax_error(*cr.error));
            return 1;
        }
        // CPython 3.11 shows no source lines for -c and stdin programs.
        if (filename.empty() || filename[0] != '<') I.sources[filename] = source;
        Code* code = cr.code;
        TempRoot root(I, code);
        vm::run_module_code(I, code, main->dict);
    } catch (Unwind&) {
        return exit_status_of(I, inspect);
    }
    return 0;
}

// -m: the module's source runs in __main__ (so `if __name__ == '__main__'` holds);
// sys.argv[0] becomes its path, as in CPython.
int run_module_main(Interp& I, const std::string& name, Module* main, bool inspect) {
    ModuleSource ms;
    try {
        if (!find_module_source(I, name, &ms)) {
            I.write_err("aio: No module named " + name + "\n");
            return 1;
        }
    } catch (Unwind&) {
        return exit_status_of(I);
    }
    Value argv = dict_get_str(I.sys_module->dict, intern(I, "argv"));
    if (is_kind(argv, ObjKind::List) && as<List>(argv)->size > 0)
        as<List>(argv)->items[0] = Value::object(new_str(I, ms.filename));
    dict_set_str(I, main->dict, I.names.__file__, Value::object(new_str(I, ms.filename)));
    size_t dot = ms.name.rfind('.');
    std::string pkg = dot == std::string::npos ? "" : ms.name.substr(0, dot);
    dict_set_str(I, main->dict, I.names.__package__, Value::object(new_str(I, pkg)));
    return run_source(I, ms.source, ms.filename, main, inspect);
}

}  // namespace

int run(const Options& opt) {
    Interrupt interrupt;  // Ctrl-C: exit 130 while a program runs; cancels the line at the prompt
    Interp I;
    I.heap.huge_pages_from_start();  // one process, one interpreter: fewer page faults at start
    init_runtime(I);
    interrupt.attach(&vm::state(I).interrupt_requested, vm::state(I).safepoint_trigger);
    interrupt.set_mode(Interrupt::Mode::Raise);
    int status = 0;
    std::string file;
    std::string source = opt.source;
    switch (opt.mode) {
        case Mode::File:
            // CPython (3.9+) gives the main script an absolute __file__ and code filename.
            file = std::filesystem::absolute(opt.target).lexically_normal().string();
            break;
        case Mode::Command: file = "<string>"; source = opt.target; break;
        case Mode::Stdin:
            file = "<stdin>";
            source = read_all_stdin();
            break;
        case Mode::Repl:
        case Mode::Module: break;
    }
    std::string script_dir = opt.mode == Mode::File ? dirname_of(file) : "";
    setup_sys(I, opt, script_dir);
    Module* main = make_main(I, opt.mode == Mode::File ? file : "");
    TempRoot root(I, main);
    switch (opt.mode) {
        case Mode::Repl: status = run_repl(I, main, interrupt, isatty(0) != 0); break;
        case Mode::Module: status = run_module_main(I, opt.target, main, opt.inspect); break;
        default: status = run_source(I, source, file, main, opt.inspect); break;
    }
    I.flush_out();
    // -i: the REPL after the program (also after an exception, as python3 -i).
    if (opt.inspect && opt.mode != Mode::Repl) status = run_repl(I, main, interrupt, false);
    vm::close_generators_at_exit(I);  // CPython's shutdown finalizes suspended generators
    I.flush_out();
#ifndef AIO_FULL_TEARDOWN
    // The process ends here without destroying the interpreter: giving a big heap
    // back page by page cost more than the exit itself (bench/words.py spent 15% of
    // its time freeing 60 MB, an empty asyncio script 20%). What has effects
    // outside the process still happens: open files write their buffers, coroutines
    // never awaited warn.
    // std::exit, not _Exit: it still flushes stdio and runs atexit handlers (the
    // profile-guided build's instrumented binary writes its profile in one).
    I.heap.finalize_for_exit();
    std::exit(status);
#else
    return status;  // sanitizer builds: the full teardown runs, and is checked
#endif
}

int check_files(const std::vector<std::string>& files) {
    Interp I;
    init_runtime(I);
    int status = 0;
    vm::CompileSession session;  // one arena and name cache for all the files
    std::string source;
    for (const auto& f : files) {
        errno = 0;
        if (!read_whole_file(f, source)) {
            int err = errno ? errno : ENOENT;
            print(stderr, "aio: can't open file '" + f + "': [Errno " + std::to_string(err) + "] " + std::strerror(err) +
                              "\n");
            if (!status) status = 2;
            continue;
        }
        auto cr = vm::compile_source(I, session, source, f, compiler::CompileMode::Module);
        if (cr.error) {
            print(stderr, grammar::format_syntax_error(*cr.error));
            status = 1;
        }
    }
    return status;
}

int disassemble_source(const std::string& source, const std::string& filename) {
    Interp I;
    init_runtime(I);
    auto cr = vm::compile_source(I, source, filename, compiler::CompileMode::Module);
    if (cr.error) {
        print(stderr, grammar::format_syntax_error(*cr.error));
        return 1;
    }
    print(stdout, compiler::disassemble(I, cr.code));
    return 0;
}

}  // namespace aio::cli
