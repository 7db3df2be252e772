// cli/run.hpp - what the `aio` command does once its options are parsed:
// set up an interpreter, run the program (or the REPL), and turn the outcome
// into Python's exit status (tracebacks on stderr, SystemExit codes).
#pragma once
#include <string>
#include <vector>

namespace aio::cli {

enum class Mode { File, Command, Module, Stdin, Repl };

struct Options {
    Mode mode = Mode::File;
    std::string target;             // file path, -c code or -m module name
    std::string source;             // the file's text (Mode::File)
    std::vector<std::string> argv;  // sys.argv
    bool unbuffered = false;
    bool inspect = false;           // -i: the REPL after the program, in its globals
};

// Runs the program; returns the process exit status. stdout is flushed on
// every path out (normal end, exception, SystemExit).
int run(const Options& opt);

// `--check`: parse and compile only; syntax errors on stderr as CPython prints
// them. Returns 0 when all are fine, 1 on a syntax error, 2 on an unreadable file.
int check_files(const std::vector<std::string>& files);

// `--dis`: prints the disassembly; returns the exit status.
int disassemble_source(const std::string& source, const std::string& filename);

}  // namespace aio::cli
