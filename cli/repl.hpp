// cli/repl.hpp - the interactive prompt: read a block, compile it in interactive
// mode (expression results echoed, kept in `_`), run it, print tracebacks, repeat.
// Top-level await runs on the REPL's event loop (cli/repl_loop.hpp).
#pragma once
#include "cli/interrupt.hpp"
#include "runtime/interp.hpp"

namespace aio::cli {

// Runs the REPL in [main]'s globals until Ctrl-D or SystemExit; returns the exit
// status. [banner]: print the version line first (a plain `aio` on a terminal).
int run_repl(rt::Interp& I, rt::Module* main, Interrupt& interrupt, bool banner);

// How a block of REPL input stands after one more line.
enum class BlockState { Complete, NeedMore, Error };

// Decides whether [buffer] (the lines typed so far, newline-joined) is ready to
// run: a compound statement runs after a blank line, anything else as soon as the
// parser sees it complete (CPython's rule). [last_blank]: the last line was blank.
BlockState classify_block(const std::string& buffer, bool last_blank);

}  // namespace aio::cli
