// stdlib/builtins/lazy_builtins.cpp - built-in names defined by an embedded aio module,
// loaded the first time a script looks the name up (the VM asks here before raising
// NameError). Keeps interpreter start-up free of modules most scripts never use.
#include "interpreter/vm.hpp"
#include "interpreter/vm_api.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

struct LazyBuiltin {
    std::string_view name;    // the built-in name
    std::string_view module;  // the embedded module that defines it
};

// The one list of lazily loaded built-ins.
constexpr LazyBuiltin kLazyBuiltins[] = {
    {"bytearray", "_bytearray"},
    {"BaseExceptionGroup", "_exceptiongroup"},
    {"ExceptionGroup", "_exceptiongroup"},
};

}  // namespace

Value load_lazy_builtin(Interp& I, rt::Str* name) {
    for (const LazyBuiltin& lb : kLazyBuiltins) {
        if (name->view() != lb.name) continue;
        Value v = vm::module_attr(I, lb.module, name);
        rt::dict_set_str(I, I.builtins, name, v);
        return v;
    }
    return Value::null();
}

}  // namespace aio::stdlib
