// interpreter/code_image.hpp - a compiled Code tree as bytes and back, so the
// stdlib modules written in aio are compiled once at build time (aio_freeze)
// instead of at every start (importing asyncio used to parse and compile
// ~2200 lines per run).
// The image holds every field the compiler sets (bytecode, lines, constants,
// names, cells, exception table, counts, flags, names of the code); the fields
// the VM fills in lazily (caches, frame shape, await_now) start empty as after
// compiling. Names are interned on load exactly as the compiler interns them, so
// caches keyed by Str* identity behave the same. An image is only valid for the
// build that wrote it (opcode numbering, host byte order): the header carries a
// magic number and kCodeImageVersion, and load refuses any other.
#pragma once
#include <string>
#include <string_view>

#include "interpreter/code.hpp"

namespace aio::vm {

// Bump when the layout below (code_image.cpp) or the opcode numbering changes.
inline constexpr uint32_t kCodeImageVersion = 5;  // 5: BINARY_ADD__STORE_FAST (opcodes renumbered)

// The image of `code` and, recursively, its nested code objects.
std::string save_code_image(rt::Interp& I, const rt::Code* code);

// The Code tree of `image`, or nullptr when the image is not one this build
// reads (wrong magic or version, truncated, malformed): the caller compiles the
// source instead. Allocates on I's heap but runs no script code (no safepoint).
rt::Code* load_code_image(rt::Interp& I, std::string_view image);

}  // namespace aio::vm
