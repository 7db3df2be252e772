// interpreter/import.cpp - the import system: sys.modules cache, native modules,
// embedded stdlib modules (precompiled at build time, see code_image.hpp), .aio files and
// packages on sys.path, relative imports, `from m import *`, and the errors
// CPython gives (ModuleNotFoundError, circular-import ImportError).
#include <sys/stat.h>

#include "interpreter/code_image.hpp"
#include "interpreter/load.hpp"
#include "interpreter/vm.hpp"
#include "interpreter/vm_api.hpp"
#include "runtime/containers.hpp"
#include "runtime/protocol.hpp"
#include "runtime/read_file.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/embedded.hpp"

namespace aio::vm {

using namespace aio::rt;

namespace {

bool is_file(const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Value module_get(Interp& I, std::string_view name) { return dict_get(I, I.modules, Value::object(intern(I, name))); }

[[noreturn]] void raise_not_found(Interp& I, std::string_view name) {
    Value e = new_exception(I, I.exc.ModuleNotFoundError, "No module named '" + std::string(name) + "'");
    auto* ex = as<Exception>(e);
    if (!ex->attrs) ex->attrs = new_dict(I);
    dict_set_str(I, ex->attrs, intern(I, "name"), Value::object(new_str(I, name)));
    raise_value(I, e);
}

// Runs `source` as module `name` (registered in sys.modules first, so circular
// imports see the partially initialised module). `image`, when not empty, is the
// module's code compiled at build time; the source is compiled when it cannot be read.
Value exec_module(Interp& I, std::string_view name, std::string_view filename, std::string_view source,
                  bool is_package, const std::string& pkg_dir, std::string_view image = {}) {
    Module* m = new_module(I, intern(I, name));
    TempRoot root(I, m);
    Dict* g = m->dict;
    dict_set_str(I, g, I.names.__file__, Value::object(new_str(I, filename)));
    std::string_view pkg = name;
    if (!is_package) {
        size_t dot = name.rfind('.');
        pkg = dot == std::string_view::npos ? std::string_view() : name.substr(0, dot);
    }
    dict_set_str(I, g, I.names.__package__, Value::object(new_str(I, pkg)));
    init_source_module_globals(I, g, false);
    if (is_package) {
        List* path = new_list(I);
        list_append(I, path, Value::object(new_str(I, pkg_dir)));
        dict_set_str(I, g, I.names.__path__, Value::object(path));
    }
    Value key = Value::object(intern(I, name));
    dict_set(I, I.modules, key, Value::object(m));
    state(I).initializing.push_back(std::string(name));
    try {
        Code* code = image.empty() ? nullptr : load_code_image(I, image);
        if (!code) code = compile_or_raise(I, source, filename, compiler::CompileMode::Module);
        TempRoot croot(I, code);
        // The module's global names are among its code's names: one table for them
        // all, not five grown one after another while the body runs.
        dict_reserve(I, g, uint32_t(code->names.size()));
        run_module_code(I, code, g);
    } catch (Unwind&) {
        state(I).initializing.pop_back();
        dict_del(I, I.modules, key);
        throw;
    }
    state(I).initializing.pop_back();
    // A module may replace itself in sys.modules.
    Value v = dict_get(I, I.modules, key);
    return v.is_null() ? Value::object(m) : v;
}

std::string read_file(const std::string& path) {
    std::string text;
    read_whole_file(path, text);
    return text;
}

// A native module (stdlib::kNativeModules) made and registered as `full`.
Value make_native(Interp& I, const stdlib::NativeModuleDef* d, std::string_view full) {
    Module* m = d->make(I);
    dict_set(I, I.modules, Value::object(intern(I, full)), Value::object(m));
    return Value::object(m);
}

// Whether `dir` is the __path__ of an embedded package ("<frozen asyncio>"): a name
// for tracebacks, not a folder to look in.
bool is_embedded_path(std::string_view dir) {
    if (dir.empty() || dir.front() != '<') return false;
    for (const stdlib::EmbeddedModule* e = stdlib::kEmbeddedModules; !e->name.empty(); e++)
        if (e->is_package && e->filename == dir) return true;
    return false;
}

// Finds and loads one module given its full dotted name; `search` is the list of
// folders (sys.path, or the parent package's __path__).
Value load_module(Interp& I, std::string_view full, Value search) {
    const stdlib::NativeModuleDef* native = nullptr;
    for (const stdlib::NativeModuleDef* d = stdlib::kNativeModules; !d->name.empty(); d++)
        if (d->name == full) native = d;
    // 1. built-in native modules, before any folder (CPython's built-in importer)
    if (native && !native->on_path) return make_native(I, native, full);
    std::string_view last = full.substr(full.rfind('.') == std::string_view::npos ? 0 : full.rfind('.') + 1);
    // 2. files on the search path (the script's folder comes first in sys.path)
    if (is_kind(search, ObjKind::List)) {
        List* l = as<List>(search);
        for (uint32_t i = 0; i < l->size; i++) {
            if (!is_str(l->items[i])) continue;
            std::string dir(as_str(l->items[i])->view());
            if (is_embedded_path(dir)) continue;
            if (dir.empty()) dir = ".";
            std::string base = dir + "/" + std::string(last);
            std::string init = base + "/__init__.aio";
            if (is_file(init)) return exec_module(I, full, init, read_file(init), true, base);
            std::string file = base + ".aio";
            if (is_file(file)) return exec_module(I, full, file, read_file(file), false, "");
        }
    }
    // 3. the other native modules
    if (native) return make_native(I, native, full);
    // 4. stdlib modules written in aio, embedded in the library
    for (const stdlib::EmbeddedModule* e = stdlib::kEmbeddedModules; !e->name.empty(); e++) {
        if (e->name == full) {
            // Tracebacks into the module read its source from the table
            // (stdlib::embedded_source): no copy per import.
            return exec_module(I, full, e->filename, e->source, e->is_package, std::string(e->filename),
                               stdlib::frozen_image(full));
        }
    }
    return Value::null();
}

Value import_one(Interp& I, std::string_view full) {
    Value m = module_get(I, full);
    if (!m.is_null()) {
        if (m.is_none()) raise_not_found(I, full);
        return m;
    }
    size_t dot = full.rfind('.');
    Value search;
    if (dot == std::string_view::npos) {
        search = I.sys_module ? dict_get_str(I.sys_module->dict, intern(I, "path")) : Value::null();
        m = load_module(I, full, search);
    } else {
        Value parent = import_one(I, full.substr(0, dot));
        TempRoot r(I, parent);
        // Importing the parent may have registered the submodule itself (os sets
        // sys.modules['os.path']); CPython checks sys.modules again here too.
        m = module_get(I, full);
        if (!m.is_null()) return m;
        Value path = getattr_opt(I, parent, I.names.__path__);
        if (path.is_null()) {
            raise(I, I.exc.ModuleNotFoundError, "No module named '" + std::string(full) + "'; '" +
                                                    std::string(full.substr(0, dot)) + "' is not a package");
        }
        // embedded packages: their __path__ names the frozen file; search the table only
        m = load_module(I, full, path);
        if (!m.is_null()) setattr(I, parent, intern(I, full.substr(dot + 1)), m);
    }
    if (m.is_null()) raise_not_found(I, full);
    return m;
}

std::string resolve_relative(Interp& I, std::string_view name, int64_t level, Dict* globals) {
    Value pkg = dict_get_str(globals, I.names.__package__);
    std::string base;
    if (is_str(pkg) && as_str(pkg)->size) {
        base = std::string(as_str(pkg)->view());
    } else {
        Value n = dict_get_str(globals, I.names.__name__);
        if (!is_str(n)) raise(I, I.exc.ImportError, "attempted relative import with no known parent package");
        base = std::string(as_str(n)->view());
        if (dict_get_str(globals, I.names.__path__).is_null()) {
            size_t dot = base.rfind('.');
            if (dot == std::string::npos) base.clear();
            else base = base.substr(0, dot);
        }
    }
    if (base.empty() || base == "__main__")
        raise(I, I.exc.ImportError, "attempted relative import with no known parent package");
    for (int64_t i = 1; i < level; i++) {
        size_t dot = base.rfind('.');
        if (dot == std::string::npos) raise(I, I.exc.ImportError, "attempted relative import beyond top-level package");
        base = base.substr(0, dot);
    }
    return name.empty() ? base : base + "." + std::string(name);
}

}  // namespace

void init_source_module_globals(Interp& I, Dict* g, bool is_main) {
    const Names& N = I.names;
    auto set_default = [&](Str* name, Value v) {
        if (dict_get_str(g, name).is_null()) dict_set_str(I, g, name, v);
    };
    set_default(N.__package__, Value::none());
    set_default(N.__loader__, Value::none());
    set_default(N.__spec__, Value::none());
    if (is_main) set_default(N.__annotations__, Value::object(new_dict(I)));
    Value builtins = Value::object(I.builtins);
    if (is_main) {
        Value m = dict_get_str(I.modules, N.builtins);
        if (!m.is_null()) builtins = m;
    }
    set_default(N.__builtins__, builtins);
    set_default(intern(I, "__cached__"), Value::none());
}

Value module_attr(Interp& I, std::string_view module, Str* name) {
    Value mod = import_name(I, intern(I, module), Value::none(), 0, I.builtins);
    TempRoot keep(I, mod);
    return getattr(I, mod, name);
}

Value import_name(Interp& I, Str* name, Value fromlist, int64_t level, Dict* globals) {
    std::string full = level > 0 ? resolve_relative(I, name->view(), level, globals) : std::string(name->view());
    Value leaf = import_one(I, full);
    bool has_fromlist = !fromlist.is_none() && !fromlist.is_null() &&
                        !(is_kind(fromlist, ObjKind::Tuple) && as<Tuple>(fromlist)->size == 0);
    if (has_fromlist || level > 0) {
        if (has_fromlist && is_kind(fromlist, ObjKind::Tuple)) {
            // `from pkg import sub`: import submodules named in the fromlist
            Value path = getattr_opt(I, leaf, I.names.__path__);
            if (!path.is_null()) {
                TempRoot r(I, leaf);
                auto* t = as<Tuple>(fromlist);
                for (uint32_t i = 0; i < t->size; i++) {
                    Str* n = as_str(t->items()[i]);
                    if (n->view() == "*") continue;
                    if (!getattr_opt(I, leaf, n).is_null()) continue;
                    try {
                        import_one(I, full + "." + std::string(n->view()));
                    } catch (Unwind&) {
                        Value e = I.pending;
                        if (is_kind(e, ObjKind::Exception) && e.as_obj()->cls == I.exc.ModuleNotFoundError) {
                            I.pending = Value::null();
                            continue;
                        }
                        throw;
                    }
                }
            }
        }
        return leaf;
    }
    size_t dot = full.find('.');
    if (dot == std::string::npos) return leaf;
    return module_get(I, std::string_view(full).substr(0, dot));
}

Value import_from(Interp& I, Value module, Str* name) {
    Value v = getattr_opt(I, module, name);
    if (!v.is_null()) return v;
    Value mname = getattr_opt(I, module, I.names.__name__);
    std::string mn = is_str(mname) ? std::string(as_str(mname)->view()) : "?";
    Value sub = module_get(I, mn + "." + std::string(name->view()));
    if (!sub.is_null()) return sub;
    Value file = getattr_opt(I, module, I.names.__file__);
    std::string where = is_str(file) ? " (" + std::string(as_str(file)->view()) + ")" : " (unknown location)";
    bool partial = false;
    for (const std::string& s : state(I).initializing)
        if (s == mn) partial = true;
    std::string msg = "cannot import name '" + std::string(name->view()) + "' from " +
                      (partial ? "partially initialized module '" + mn + "' (most likely due to a circular import)"
                               : "'" + mn + "'") +
                      where;
    Value e = new_exception(I, I.exc.ImportError, msg);
    auto* ex = as<Exception>(e);
    if (!ex->attrs) ex->attrs = new_dict(I);
    dict_set_str(I, ex->attrs, intern(I, "name"), Value::object(new_str(I, mn)));
    dict_set_str(I, ex->attrs, intern(I, "path"), is_str(file) ? file : Value::none());
    raise_value(I, e);
}

void import_star(Interp& I, Value module, Dict* locals) {
    Value all = getattr_opt(I, module, I.names.__all__);
    if (!all.is_null()) {
        Value it = get_iter(I, all);
        TempRoot r(I, it);
        for (;;) {
            Value n = next(I, it);
            if (n.is_null()) break;
            if (!is_str(n)) raise(I, I.exc.TypeError, "Item in __all__ must be str, not " + type_name(I, n));
            Str* s = interned_name(I, as_str(n));
            dict_set_str(I, locals, s, getattr(I, module, s));
        }
        return;
    }
    if (!is_kind(module, ObjKind::Module)) return;
    Dict* d = as<Module>(module)->dict;
    Value k, v;
    for (uint32_t pos = 0; dict_next(d, &pos, &k, &v);) {
        if (is_str(k) && as_str(k)->size && as_str(k)->data()[0] != '_') dict_set(I, locals, k, v);
    }
}

}  // namespace aio::vm
