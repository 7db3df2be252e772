// runtime/text: the error type every text function throws.
// A TextError carries a Python exception name and CPython 3.11's exact message;
// the runtime turns it into a real exception object. Nothing here knows about Values.
#pragma once

#include <string>
#include <utility>

namespace aio::text {

// A failure to report as a Python exception: [type] is the exception class name
// ("ValueError", "TypeError", "OverflowError", "UnicodeDecodeError"), [msg] its text.
struct TextError {
    std::string type;
    std::string msg;
};

// Throws TextError{[type], [msg]}. Kept out of line of the hot paths by [[noreturn]].
[[noreturn]] inline void throw_error(const char* type, std::string msg) {
    throw TextError{type, std::move(msg)};
}

[[noreturn]] inline void throw_value_error(std::string msg) { throw_error("ValueError", std::move(msg)); }

}  // namespace aio::text
