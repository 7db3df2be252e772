// cli/main.cpp - the `aio` command's options: run a file, -c CODE, -m MODULE,
// stdin or the REPL; --check / --dump-ast / --dis for tooling. Python's
// conventions for options, messages and exit statuses (0 ok, 1 uncaught
// exception, 2 usage, 130 Ctrl-C, sys.exit(n)); a usage error is one line.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cli/print.hpp"
#include "cli/run.hpp"
#include "cli/version.hpp"
#include "grammar/parse.hpp"
#include "interpreter/compiler.hpp"
#include "runtime/read_file.hpp"

namespace {

constexpr const char* kHelp =
    "usage: aio [option] ... [-c cmd | -m mod | file | -] [arg] ...\n"
    "Run an aio (async Python) program, or start the interactive prompt.\n"
    "\n"
    "Options:\n"
    "  -c cmd           program passed in as string (terminates option list);\n"
    "                   sys.argv is ['-c', arg ...]\n"
    "  -m mod           run library module as a script, as __main__ (terminates option list)\n"
    "  -i               inspect interactively after running the program (its globals)\n"
    "  -u               unbuffered stdout and stderr\n"
    "  --check FILE...  parse and compile the files, run nothing; exit 0 only if all are fine\n"
    "  --dump-ast FILE  print the abstract syntax tree of FILE\n"
    "  --dis FILE       print the bytecode of FILE\n"
    "  -V, --version    print the version and exit\n"
    "  -h, --help       print this help and exit\n"
    "\n"
    "Arguments:\n"
    "  file             program read from script file\n"
    "  -                program read from stdin (default when stdin is not a terminal)\n"
    "  arg ...          arguments passed to the program in sys.argv[1:]\n"
    "\n"
    "With no program and a terminal, aio starts the REPL: `>>> ` and `... ` prompts,\n"
    "results echoed and kept in _, history in ~/.aio_history, Tab completion,\n"
    "top-level await with the event loop running between prompts, and the helpers\n"
    "tasks() (the live tasks as a tree) and cancel(name_or_task). Ctrl-C cancels the\n"
    "line, Ctrl-D exits. See docs/cli.md.\n"
    "\n"
    "Exit status: 0 success, 1 uncaught exception or syntax error, 2 usage error or\n"
    "unreadable file, 130 interrupted by Ctrl-C, n for sys.exit(n).\n"
    "\n"
    "Environment:\n"
    "  AIO_PATH         ':'-separated folders searched by import after the script's folder\n"
    "  HOME             the REPL history is kept in $HOME/.aio_history\n";

[[noreturn]] void usage_error(const std::string& msg) {
    aio::cli::print(stderr, "aio: " + msg + " (try 'aio -h' for usage)\n");
    std::exit(2);
}

bool read_whole(const std::string& path, std::string* out, int* err) {
    errno = 0;
    if (aio::rt::read_whole_file(path, *out)) return true;
    *err = errno ? errno : ENOENT;
    return false;
}

std::string absolute(const std::string& p) {
    if (!p.empty() && p[0] == '/') return p;
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf)) return p;
    return std::string(buf) + "/" + p;
}

[[noreturn]] void cannot_open(const std::string& path, int err) {
    aio::cli::print(stderr, "aio: can't open file '" + absolute(path) + "': [Errno " + std::to_string(err) + "] " +
                                std::strerror(err) + "\n");
    std::exit(2);
}

int dump_ast(const std::string& file) {
    std::string src;
    int err = 0;
    if (!read_whole(file, &src, &err)) cannot_open(file, err);
    aio::grammar::Arena arena;
    auto r = aio::grammar::parse(arena, src, file);
    if (r.error) {
        aio::cli::print(stderr, aio::grammar::format_syntax_error(*r.error));
        return 1;
    }
    aio::cli::print(stdout, aio::grammar::dump_ast(*r.module));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    aio::cli::Options opt;
    int i = 1;
    for (; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--version" || a == "-V") {
            aio::cli::print(stdout, aio::cli::kVersionLine);
            aio::cli::print(stdout, "\n");
            return 0;
        }
        if (a == "-h" || a == "--help") {
            aio::cli::print(stdout, kHelp);
            return 0;
        }
        if (a == "--check") {
            std::vector<std::string> files(argv + i + 1, argv + argc);
            if (files.empty()) usage_error("--check needs at least one file");
            return aio::cli::check_files(files);
        }
        if (a == "--dump-ast") {
            if (i + 1 >= argc) usage_error("--dump-ast needs a file");
            return dump_ast(argv[i + 1]);
        }
        if (a == "--dis") {
            if (i + 1 >= argc) usage_error("--dis needs a file");
            std::string src;
            int err = 0;
            if (!read_whole(argv[i + 1], &src, &err)) cannot_open(argv[i + 1], err);
            return aio::cli::disassemble_source(src, argv[i + 1]);
        }
        if (a == "-u") {
            opt.unbuffered = true;
            continue;
        }
        if (a == "-i") {
            opt.inspect = true;
            continue;
        }
        if (a == "-c") {
            if (i + 1 >= argc) usage_error("Argument expected for the -c option");
            opt.mode = aio::cli::Mode::Command;
            opt.target = argv[i + 1];
            opt.argv.push_back("-c");
            for (int j = i + 2; j < argc; j++) opt.argv.push_back(argv[j]);
            return aio::cli::run(opt);
        }
        if (a == "-m") {
            if (i + 1 >= argc) usage_error("Argument expected for the -m option");
            opt.mode = aio::cli::Mode::Module;
            opt.target = argv[i + 1];
            opt.argv.push_back(argv[i + 1]);
            for (int j = i + 2; j < argc; j++) opt.argv.push_back(argv[j]);
            return aio::cli::run(opt);
        }
        if (a == "-") {
            opt.mode = aio::cli::Mode::Stdin;
            for (int j = i; j < argc; j++) opt.argv.push_back(argv[j]);
            return aio::cli::run(opt);
        }
        if (a.size() > 1 && a[0] == '-') usage_error("Unknown option: " + a);
        break;
    }
    if (i >= argc) {
        // No program: the REPL on a terminal (or with -i), else the program is stdin.
        opt.mode = isatty(0) || opt.inspect ? aio::cli::Mode::Repl : aio::cli::Mode::Stdin;
        opt.argv.push_back("");
        return aio::cli::run(opt);
    }
    opt.mode = aio::cli::Mode::File;
    opt.target = argv[i];
    struct stat st;
    if (::stat(opt.target.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        aio::cli::print(stderr, "aio: can't find '__main__' module in '" + absolute(opt.target) + "'\n");
        return 1;
    }
    std::string src;
    int err = 0;
    if (!read_whole(opt.target, &src, &err)) cannot_open(opt.target, err);
    opt.source = std::move(src);
    for (int j = i; j < argc; j++) opt.argv.push_back(argv[j]);
    return aio::cli::run(opt);
}
