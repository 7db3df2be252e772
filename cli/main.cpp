// cli/main.cpp - the `aio` command: run a file, -c CODE, -m MODULE, stdin;
// --check / --dump-ast / --dis for tooling. Python's conventions for options,
// messages and exit statuses (0 ok, 1 uncaught exception, 2 usage, sys.exit(n)).
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run.hpp"
#include "grammar/parse.hpp"
#include "interpreter/compiler.hpp"

namespace {

constexpr const char* kVersion = "aio 0.1.0 (Python 3.11 language)";

constexpr const char* kUsage =
    "usage: aio [option] ... [-c cmd | -m mod | file | -] [arg] ...\n";

constexpr const char* kHelp =
    "usage: aio [option] ... [-c cmd | -m mod | file | -] [arg] ...\n"
    "Run an aio (async Python) program.\n"
    "\n"
    "Options:\n"
    "  -c cmd         program passed in as string (terminates option list)\n"
    "  -m mod         run library module as a script (terminates option list)\n"
    "  -u             unbuffered stdout and stderr\n"
    "  -i             inspect interactively after running the script\n"
    "  --check FILE…  parse and compile the files, run nothing; exit 0 only if all are fine\n"
    "  --dump-ast FILE  print the abstract syntax tree of FILE\n"
    "  --dis FILE     print the bytecode of FILE\n"
    "  --version      print the version and exit\n"
    "  -h, --help     print this help and exit\n"
    "\n"
    "Arguments:\n"
    "  file           program read from script file\n"
    "  -              program read from stdin (default when stdin is not a terminal)\n"
    "  arg ...        arguments passed to the program in sys.argv[1:]\n"
    "\n"
    "Environment:\n"
    "  AIO_PATH       ':'-separated folders searched by import after the script's folder\n";

[[noreturn]] void usage_error(const std::string& msg) {
    std::cerr << "aio: " << msg << "\n" << kUsage << "Try `aio -h' for more information.\n";
    std::exit(2);
}

bool read_whole(const std::string& path, std::string* out, int* err) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        *err = errno ? errno : ENOENT;
        return false;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    *out = ss.str();
    return true;
}

std::string absolute(const std::string& p) {
    if (!p.empty() && p[0] == '/') return p;
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf)) return p;
    return std::string(buf) + "/" + p;
}

[[noreturn]] void cannot_open(const std::string& path, int err) {
    std::cerr << "aio: can't open file '" << absolute(path) << "': [Errno " << err << "] " << std::strerror(err)
              << "\n";
    std::exit(2);
}

int dump_ast(const std::string& file) {
    std::string src;
    int err = 0;
    if (!read_whole(file, &src, &err)) cannot_open(file, err);
    aio::grammar::Arena arena;
    auto r = aio::grammar::parse(arena, src, file);
    if (r.error) {
        std::cerr << aio::grammar::format_syntax_error(*r.error);
        return 1;
    }
    std::cout << aio::grammar::dump_ast(*r.module);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    aio::cli::Options opt;
    int i = 1;
    for (; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--version" || a == "-V") {
            std::cout << kVersion << "\n";
            return 0;
        }
        if (a == "-h" || a == "--help") {
            std::cout << kHelp;
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
        if (a.size() > 1 && a[0] == '-') usage_error("unknown option " + a);
        break;
    }
    if (i >= argc) {
        opt.mode = isatty(0) ? aio::cli::Mode::Repl : aio::cli::Mode::Stdin;
        opt.argv.push_back("");
        return aio::cli::run(opt);
    }
    opt.mode = aio::cli::Mode::File;
    opt.target = argv[i];
    std::string src;
    int err = 0;
    if (!read_whole(opt.target, &src, &err)) cannot_open(opt.target, err);
    opt.source = std::move(src);
    for (int j = i; j < argc; j++) opt.argv.push_back(argv[j]);
    return aio::cli::run(opt);
}
