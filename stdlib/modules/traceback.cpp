// stdlib/modules/traceback.cpp - `_traceback`, the native half of `traceback`
// (stdlib/traceback.aio): an exception's traceback text in the pieces
// traceback.format_exception returns, made by the same code that prints uncaught
// exceptions (runtime/traceback.cpp), so both always agree.
#include <string>
#include <vector>

#include "runtime/traceback.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

Value parts_list(Interp& I, const std::vector<std::string>& parts) {
    rt::List* l = rt::new_list(I, uint32_t(parts.size()));
    rt::TempRoot keep(I, obj(l));
    for (const std::string& p : parts) rt::list_append(I, l, str_value(I, p));
    return obj(l);
}

// format_exception(exc, chain): the list of pieces (header, frames, chaining
// messages, "Type: message", notes).
Value tb_format_exception(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "format_exception");
    rt::check_nargs(I, a, "format_exception", 2, 2);
    return parts_list(I, rt::format_exception_parts(I, a.args[0], rt::truthy(I, a.args[1])));
}

}  // namespace

rt::Module* make_traceback_module(Interp& I) {
    rt::Module* m = rt::new_module(I, rt::intern(I, "_traceback"));
    add_functions(I, m->dict, {
        {"format_exception", tb_format_exception},
    });
    return m;
}

}  // namespace aio::stdlib
