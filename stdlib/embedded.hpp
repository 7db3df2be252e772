// stdlib/embedded.hpp - the stdlib modules written in aio, embedded at build time
// by cmake/EmbedStdlib.cmake. The table ends with an entry whose name is empty.
#pragma once
#include <string_view>

namespace aio::stdlib {

struct EmbeddedModule {
    std::string_view name;      // dotted module name, e.g. "collections" or "asyncio.queues"
    std::string_view filename;  // shown in tracebacks, e.g. "<frozen collections>"
    std::string_view source;    // the module's aio source
    bool is_package;            // came from pkg/__init__.aio
};

extern const EmbeddedModule kEmbeddedModules[];

// The source of the embedded module shown as `filename` in tracebacks, or empty.
inline std::string_view embedded_source(std::string_view filename) {
    for (const EmbeddedModule* e = kEmbeddedModules; !e->name.empty(); e++)
        if (e->filename == filename) return e->source;
    return {};
}

// The compiled module code of an embedded module (interpreter/code_image.hpp),
// written at build time by aio_freeze (freeze/aio_freeze.cpp) from kEmbeddedModules
// so imports skip parsing and compiling. Same order as kEmbeddedModules, ends with
// an empty name; aio_freeze itself links an empty table.
struct FrozenModule {
    std::string_view name;
    std::string_view image;
};

extern const FrozenModule kFrozenModules[];

// The image of embedded module `name`, or empty when there is none.
inline std::string_view frozen_image(std::string_view name) {
    for (const FrozenModule* f = kFrozenModules; !f->name.empty(); f++)
        if (f->name == name) return f->image;
    return {};
}

}  // namespace aio::stdlib
