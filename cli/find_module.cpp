// cli/find_module.cpp - find_module_source: the search order of
// interpreter/import.cpp (files on the search path first, then embedded modules),
// repeated here rather than exported from it, because running a module as
// __main__ must not register it in sys.modules under its own name.
#include "cli/find_module.hpp"

#include <sys/stat.h>


#include "interpreter/vm.hpp"
#include "runtime/containers.hpp"
#include "runtime/protocol.hpp"
#include "runtime/read_file.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/embedded.hpp"

namespace aio::cli {

using namespace aio::rt;

namespace {

bool is_file(const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string read_text(const std::string& path) {
    std::string text;
    aio::rt::read_whole_file(path, text);
    return text;
}

}  // namespace

bool find_module_source(Interp& I, const std::string& name, ModuleSource* out) {
    size_t dot = name.rfind('.');
    std::string last = dot == std::string::npos ? name : name.substr(dot + 1);
    Value search;
    if (dot == std::string::npos) {
        search = dict_get_str(I.sys_module->dict, intern(I, "path"));
    } else {
        std::string parent = name.substr(0, dot);
        vm::import_name(I, intern(I, parent), Value::none(), 0, I.builtins);
        Value pm = dict_get(I, I.modules, Value::object(intern(I, parent)));
        if (pm.is_null() || pm.is_none()) return false;
        search = getattr_opt(I, pm, I.names.__path__);
        if (search.is_null()) return false;
    }
    if (is_kind(search, ObjKind::List)) {
        List* l = as<List>(search);
        for (uint32_t i = 0; i < l->size; i++) {
            if (!is_str(l->items[i])) continue;
            std::string dir(as_str(l->items[i])->view());
            if (dir.empty()) dir = ".";
            std::string base = dir + "/" + last;
            if (is_file(base + "/__init__.aio")) return find_module_source(I, name + ".__main__", out);
            if (is_file(base + ".aio")) {
                *out = {name, base + ".aio", read_text(base + ".aio")};
                return true;
            }
        }
    }
    for (const stdlib::EmbeddedModule* e = stdlib::kEmbeddedModules; !e->name.empty(); e++) {
        if (e->name != name) continue;
        if (e->is_package) return find_module_source(I, name + ".__main__", out);
        *out = {name, std::string(e->filename), std::string(e->source)};
        return true;
    }
    return false;
}

}  // namespace aio::cli
