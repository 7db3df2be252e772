// stdlib/builtins.hpp - the native standard library: built-in functions, the named
// methods of the built-in types, and the native modules (sys, math, time).
// Entry points: install_builtins (called by rt::init_runtime once every type exists)
// and kNativeModules (what `import` consults for modules implemented in C++).
#pragma once
#include <string_view>

#include "runtime/interp.hpp"

namespace aio::stdlib {

// Fills I.builtins (functions, built-in types, exception classes, NotImplemented,
// Ellipsis), the methods of every built-in type, and creates `sys` eagerly
// (I.sys_module, registered in I.modules as "sys").
void install_builtins(rt::Interp& I);

// The value of a built-in name that an embedded aio module defines (bytearray), loading
// that module and installing the name into the builtins on first use; Null if [name]
// is not one of them. Called by the VM before it raises NameError.
rt::Value load_lazy_builtin(rt::Interp& I, rt::Str* name);

// Native module factories: each creates the module object (does not register it).
rt::Module* make_sys_module(rt::Interp& I);
rt::Module* make_math_module(rt::Interp& I);
rt::Module* make_time_module(rt::Interp& I);

// Modules written in C++. The import system creates one on first import by calling
// [make], then stores it in I.modules. The table ends with an entry whose name is empty.
// As CPython's built-in modules (sys, gc) and aio's private ones, a native module is
// found before sys.path: a script's folder cannot shadow it. `on_path` ones (math,
// an extension module on sys.path in CPython) are looked for after the folders.
struct NativeModuleDef {
    std::string_view name;
    rt::Module* (*make)(rt::Interp& I);
    bool on_path = false;
};
extern const NativeModuleDef kNativeModules[];

}  // namespace aio::stdlib
