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

}  // namespace aio::stdlib
