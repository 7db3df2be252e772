// stdlib/builtins/install.cpp - install_builtins: fills the builtins namespace with the
// built-in types, exception classes and singletons, then lets each part register its
// functions and methods, and creates `sys`. Also the table of native modules.
#include "stdlib/builtins.hpp"

#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {

rt::Module* make_asyncio_core_module(rt::Interp& I);  // stdlib/asyncio/core.cpp
rt::Module* make_os_module(rt::Interp& I);             // stdlib/modules/os.cpp
rt::Module* make_io_module(rt::Interp& I);             // stdlib/builtins/files.cpp
void install_files(rt::Interp& I);                     // stdlib/builtins/files.cpp: open()
rt::Module* make_itertools_native_module(rt::Interp& I);  // stdlib/modules/itertools_native.cpp
rt::Module* make_gc_module(rt::Interp& I);             // stdlib/modules/gc.cpp
rt::Module* make_traceback_module(rt::Interp& I);      // stdlib/modules/traceback.cpp
rt::Module* make_string_module(rt::Interp& I);         // stdlib/modules/string_native.cpp

// (constinit, as the embedded and frozen tables: without it GCC initialises such a table
// at run time, before main, and every start writes its pages)
constinit const NativeModuleDef kNativeModules[] = {
    {"_asyncio_core", make_asyncio_core_module},
    {"sys", make_sys_module},
    {"math", make_math_module, true},
    {"_time", make_time_module},
    {"_os", make_os_module},
    {"_io", make_io_module},
    {"_itertools", make_itertools_native_module},
    {"gc", make_gc_module},
    {"_traceback", make_traceback_module},
    {"_string", make_string_module},
    {"", nullptr},
};

void install_builtins(Interp& I) {
    if (!I.builtins) I.builtins = rt::new_dict(I);
    rt::Dict* b = I.builtins;
    auto put = [&](std::string_view name, Value v) { rt::dict_set_str(I, b, rt::intern(I, name), v); };

    // The types a script can name (the others — function, NoneType... — are reachable
    // only through type(x)).
    const rt::Types& T = I.types;
    for (Type* t : {T.type, T.object, T.bool_, T.int_, T.float_, T.str, T.bytes, T.tuple, T.list,
                    T.dict, T.set, T.frozenset, T.range, T.slice, T.property, T.staticmethod,
                    T.classmethod, T.super})
        if (t) put(t->name->view(), obj(t));
#define X(name, base) \
    if (I.exc.name) put(#name, obj(I.exc.name));
#include "runtime/exception_types.def"
#undef X
    // Aliases CPython keeps for old code.
    put("EnvironmentError", obj(I.exc.OSError));
    put("IOError", obj(I.exc.OSError));
    put("NotImplemented", I.not_implemented);
    put("Ellipsis", I.ellipsis);
    put("__debug__", Value::boolean(true));  // aio has no -O: asserts always run
    if (rt::dict_get_str(b, I.names.__name__).is_null()) put("__name__", obj(I.names.builtins));

    install_print(I);
    install_iteration(I);
    install_reductions(I);
    install_numeric(I);
    install_reflection(I);
    install_scope(I);
    install_constructors(I);
    install_str_methods(I);
    install_str_format(I);
    install_list_methods(I);
    install_dict_methods(I);
    install_set_methods(I);
    install_bytes_methods(I);
    install_number_methods(I);
    install_dunders(I);
    install_files(I);

    if (!I.modules) I.modules = rt::new_dict(I);
    I.sys_module = make_sys_module(I);
    rt::dict_set_str(I, I.modules, rt::intern(I, "sys"), obj(I.sys_module));
}

}  // namespace aio::stdlib
