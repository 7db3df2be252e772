// cli/find_module.hpp - `aio -m NAME`: the source of module NAME, found the way
// `import` finds it (sys.path folders, then the embedded stdlib), so that it can
// run as __main__ instead of being imported. A package runs its __main__.
#pragma once
#include <string>

#include "runtime/interp.hpp"

namespace aio::cli {

struct ModuleSource {
    std::string name;      // the module that runs (NAME, or NAME.__main__ for a package)
    std::string filename;  // its path, or "<frozen NAME>"
    std::string source;
};

// Finds [name]; imports its parent package first (as runpy does). Returns false
// when there is no such module. Throws rt::Unwind if importing the parent fails.
bool find_module_source(rt::Interp& I, const std::string& name, ModuleSource* out);

}  // namespace aio::cli
