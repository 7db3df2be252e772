// runtime/traceback.hpp - CPython-format tracebacks of exception objects.
// Input: an exception whose Exception::tb the VM filled while unwinding
// (tb[0] = innermost frame). Output: the exact text CPython 3.11 prints,
// with chained __cause__/__context__ blocks first.
#pragma once
#include <string>
#include <vector>

#include "runtime/interp.hpp"

namespace aio::rt {

// The full traceback text, ending in "Type: message\n".
std::string format_exception(Interp& I, Value exc);

// The same text in traceback.format_exception's pieces: the header, one piece per
// frame (File line plus source line), each chaining message, the exception-only
// text. [chain] false leaves out the __cause__/__context__ blocks.
std::vector<std::string> format_exception_parts(Interp& I, Value exc, bool chain);

// Only the last line(s): "Type: message\n" (plus __notes__), as traceback.format_exception_only.
std::string format_exception_only(Interp& I, Value exc);

// Line `line` of a script file (from the loaded sources, else the file), stripped; "" when unknown.
std::string source_line_text(Interp& I, std::string_view file, int line);

// Writes format_exception(exc) to stderr through I.write_err (stdout is flushed first),
// as the report of an uncaught exception: a NameError/AttributeError there ends in
// CPython's ". Did you mean: 'x'?" when a close name exists.
void print_exception(Interp& I, Value exc);

// CPython's report of an exception nobody can catch (a finalizer's, e.g. a close() of
// an abandoned generator): "Exception ignored in: <where>", then exc's own traceback
// and last line, without its __cause__/__context__ blocks (the default unraisablehook).
void print_unraisable(Interp& I, Value exc, std::string_view where);

}  // namespace aio::rt
