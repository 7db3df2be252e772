// cli/exit_status.hpp - turning the exception that ended a program into the
// process exit status, as CPython does: SystemExit(None) → 0, SystemExit(n) → n,
// SystemExit(other) → print it, 1; KeyboardInterrupt → traceback, 130; any
// other exception → traceback, 1.
#pragma once
#include "runtime/interp.hpp"

namespace aio::cli {

bool is_system_exit(rt::Interp& I, rt::Value exc);

// Prints the traceback of [exc]; a KeyboardInterrupt raised by the VM's
// interrupt flag is shown bare, as CPython shows Ctrl-C.
void print_uncaught(rt::Interp& I, rt::Value exc);

// Consumes I.pending (the exception that reached the top) and returns the
// status, printing the traceback or SystemExit's message on stderr. With
// [inspect] (-i: the REPL follows), SystemExit gets a traceback too, as CPython.
int exit_status_of(rt::Interp& I, bool inspect = false);

}  // namespace aio::cli
