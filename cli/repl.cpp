// cli/repl.cpp - the REPL loop. Input completeness comes from the parser
// (SyntaxError::incomplete in interactive mode), so the REPL never guesses at
// brackets or strings. Output produced by tasks while a line is being edited
// clears the prompt line first and then redraws it.
#include "cli/repl.hpp"

#include <unistd.h>

#include <string>

#include "cli/completion.hpp"
#include "cli/exit_status.hpp"
#include "cli/line_editor.hpp"
#include "cli/repl_loop.hpp"
#include "cli/version.hpp"
#include "grammar/parse.hpp"
#include "interpreter/compiler.hpp"
#include "interpreter/generator.hpp"
#include "interpreter/vm.hpp"
#include "runtime/containers.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/traceback.hpp"

namespace aio::cli {

using namespace aio::rt;

namespace {

constexpr const char* kFilename = "<stdin>";

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\f") == std::string_view::npos; }

// A block whose first line opens a compound statement waits for a blank line.
bool opens_compound(std::string_view first) {
    size_t i = first.find_first_not_of(" \t");
    if (i == std::string_view::npos) return false;
    first.remove_prefix(i);
    if (first.front() == '@') return true;
    for (const char* kw : {"if", "while", "for", "try", "with", "def", "class", "async"}) {
        std::string_view k(kw);
        if (first.substr(0, k.size()) == k && (first.size() == k.size() || first[k.size()] == ' ' ||
                                               first[k.size()] == '(' || first[k.size()] == ':'))
            return true;
    }
    return false;
}

// A top-level await runs inside the REPL's Task machinery; its frames (the
// driver and asyncio's own) say nothing about the user's code, so a traceback
// starts at the first <stdin> frame, as in `python -m asyncio`.
void trim_driver_frames(Value exc) {
    if (!is_kind(exc, ObjKind::Exception)) return;
    auto* tb = as<Exception>(exc)->tb;
    if (!tb) return;
    auto is_driver = [](const TracebackEntry& t) {
        std::string_view f = t.filename ? t.filename->view() : "";
        return f == "<aio repl>" || f.substr(0, 15) == "<frozen asyncio";
    };
    size_t keep = tb->size();
    while (keep > 0 && is_driver((*tb)[keep - 1])) keep--;
    tb->resize(keep);  // all of it when Ctrl-C landed in the driver itself
}

void report(Interp& I, Value exc) {
    trim_driver_frames(exc);
    print_uncaught(I, exc);
}

class Repl {
public:
    Repl(Interp& I, Module* main, Interrupt& interrupt)
        : I_(I), globals_(main->dict), interrupt_(interrupt), loop_(I),
          editor_(hooks(), interrupt) {}

    int run(bool banner);

private:
    LineEditorHooks hooks() {
        LineEditorHooks h;
        // Errors of the loop's bookkeeping must not end the prompt: drop them.
        h.idle_timeout = [this] {
            try {
                return loop_.timeout();
            } catch (Unwind&) {
                I_.pending = Value::null();
                return -1.0;
            }
        };
        h.idle_fds = [this](std::vector<pollfd>* fds) {
            try {
                loop_.add_fds(fds);
            } catch (Unwind&) {
                I_.pending = Value::null();
            }
        };
        h.idle = [this](bool io_ready) { return run_idle(io_ready); };
        h.complete = [this](std::string_view before, size_t* len) {
            return complete_word(I_, globals_, before, len);
        };
        return h;
    }

    bool run_idle(bool io_ready);
    // Runs one complete block; returns true when the session must end (SystemExit).
    bool execute(const std::string& source);
    void run_code(Code* code);

    Interp& I_;
    Dict* globals_;
    Interrupt& interrupt_;
    ReplLoop loop_;
    LineEditor editor_;
    bool editing_ = false;     // a line is being edited: output must not garble it
    bool wrote_idle_ = false;  // something was printed while editing
    int exit_status_ = 0;
};

// One loop step between keystrokes. Output of tasks goes through I's sinks: the
// first write clears the half-typed line, and the editor redraws it afterwards.
bool Repl::run_idle(bool io_ready) {
    wrote_idle_ = false;
    auto out = I_.out_sink, err = I_.err_sink;
    auto clear_first = [this](const OutputSink& sink) {
        return [this, sink](std::string_view s) {
            if (!wrote_idle_ && editor_.interactive()) {
                ssize_t n = ::write(1, "\r\033[K", 4);
                (void)n;
            }
            wrote_idle_ = true;
            sink(s);
        };
    };
    I_.out_sink = clear_first(out);
    I_.err_sink = clear_first(err);
    interrupt_.set_mode(Interrupt::Mode::Raise);
    try {
        loop_.step(io_ready);
    } catch (Unwind&) {
        Value exc = I_.pending;
        I_.pending = Value::null();
        report(I_, exc);
    }
    interrupt_.set_mode(Interrupt::Mode::Flag);
    I_.flush_out();
    I_.out_sink = out;
    I_.err_sink = err;
    return wrote_idle_;
}

void Repl::run_code(Code* code) {
    if (!(code->flags & kCoCoroutine)) {
        vm::run_module_code(I_, code, globals_);
        return;
    }
    // Top-level await: the entry becomes a coroutine over the REPL's globals, run
    // as a Task on the REPL's loop. Module code reads names through `locals`,
    // which a function frame leaves empty: point it at the globals.
    loop_.start(true);
    Function* fn = I_.heap.make<Function>(ObjKind::Function, I_.types.function);
    fn->code = code;
    fn->globals = globals_;
    fn->defaults = nullptr;
    fn->kwdefaults = nullptr;
    fn->closure = nullptr;
    fn->name = code->name;
    fn->qualname = code->qualname;
    fn->module = Value::object(intern(I_, "__main__"));
    fn->doc = Value::none();
    fn->attrs = nullptr;
    fn->annotations = nullptr;
    TempRoot keep_fn(I_, fn);
    Value coro = vm::make_generator(I_, fn, nullptr, 0, nullptr);
    TempRoot keep_coro(I_, coro);
    auto* g = static_cast<vm::Generator*>(coro.as_obj());
    if (g->fiber() && !g->fiber()->frames.empty()) g->fiber()->frames.at(0).locals = globals_;
    loop_.run(coro);
}

bool Repl::execute(const std::string& source) {
    grammar::Arena arena;
    auto pr = grammar::parse(arena, source, kFilename, grammar::ParseMode::Interactive);
    if (pr.error) {
        I_.write_err(grammar::format_syntax_error(*pr.error));
        return false;
    }
    auto cr = compiler::compile(I_, *pr.module, kFilename, source, compiler::CompileMode::Interactive);
    if (cr.error) {
        I_.write_err(grammar::format_syntax_error(*cr.error));
        return false;
    }
    TempRoot keep(I_, cr.code);
    interrupt_.set_mode(Interrupt::Mode::Raise);
    bool end = false;
    try {
        run_code(cr.code);
        loop_.start(false);  // `import asyncio` at the prompt starts the loop
    } catch (Unwind&) {
        Value exc = I_.pending;
        if (is_system_exit(I_, exc)) {
            exit_status_ = exit_status_of(I_);
            end = true;
        } else {
            I_.pending = Value::null();
            report(I_, exc);
        }
    }
    interrupt_.set_mode(Interrupt::Mode::Flag);
    I_.flush_out();
    return end;
}

int Repl::run(bool banner) {
    if (banner) {
        I_.write_err(std::string(kVersionLine) +
                     "\nType \"tasks()\" for the running tasks, Ctrl-D to exit.\n");
    }
    interrupt_.set_mode(Interrupt::Mode::Flag);
    try {
        loop_.start(false);  // `aio -i script` whose script imported asyncio
    } catch (Unwind&) {
        Value exc = I_.pending;
        I_.pending = Value::null();
        print_exception(I_, exc);
    }
    std::string buffer;
    for (;;) {
        I_.flush_out();
        std::string line;
        auto st = editor_.read(buffer.empty() ? ">>> " : "... ", &line);
        if (st == LineEditor::Status::Eof) {
            I_.write_err("\n");
            break;
        }
        if (st == LineEditor::Status::Interrupted) {
            I_.write_err("\nKeyboardInterrupt\n");
            buffer.clear();
            continue;
        }
        editor_.remember(line);
        bool blank = is_blank(line);
        if (buffer.empty() && blank) continue;
        buffer += buffer.empty() ? line : "\n" + line;
        BlockState bs = classify_block(buffer, blank);
        if (bs == BlockState::NeedMore) continue;
        std::string source = buffer + "\n";
        buffer.clear();
        if (execute(source)) break;
    }
    I_.flush_out();
    return exit_status_;
}

}  // namespace

BlockState classify_block(const std::string& buffer, bool last_blank) {
    grammar::Arena arena;
    auto pr = grammar::parse(arena, buffer + "\n", kFilename, grammar::ParseMode::Interactive);
    bool compound = opens_compound(buffer);
    if (pr.error && pr.error->incomplete) {
        // A blank line ends a compound statement even when it is unfinished (its
        // error is then shown); inside brackets or strings it does not.
        return last_blank && compound ? BlockState::Complete : BlockState::NeedMore;
    }
    if (pr.error) return BlockState::Error;
    if (compound && !last_blank) return BlockState::NeedMore;
    return BlockState::Complete;
}

int run_repl(Interp& I, Module* main, Interrupt& interrupt, bool banner) {
    Repl repl(I, main, interrupt);
    return repl.run(banner);
}

}  // namespace aio::cli
