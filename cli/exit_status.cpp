// cli/exit_status.cpp - SystemExit codes and uncaught exceptions → exit status.
#include "cli/exit_status.hpp"

#include <string>

#include "runtime/containers.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/traceback.hpp"

namespace aio::cli {

using namespace aio::rt;

bool is_system_exit(Interp& I, Value exc) {
    return is_kind(exc, ObjKind::Exception) && is_subtype(exc.as_obj()->cls, I.exc.SystemExit);
}

void print_uncaught(Interp& I, Value exc) {
    // The VM words its interrupt for hosts ("interrupted by the host"); Ctrl-C
    // at the command line is a bare KeyboardInterrupt in CPython.
    if (is_kind(exc, ObjKind::Exception) && exc.as_obj()->cls == I.exc.KeyboardInterrupt) {
        auto* e = as<Exception>(exc);
        if (e->args && e->args->size == 1 && is_str(e->args->items()[0]) &&
            as_str(e->args->items()[0])->view() == "interrupted by the host")
            e->args = new_tuple(I, 0u);
    }
    print_exception(I, exc);
}

int exit_status_of(Interp& I, bool inspect) {
    Value exc = I.pending;
    I.pending = Value::null();
    TempRoot keep(I, exc);
    if (!is_system_exit(I, exc)) {
        print_uncaught(I, exc);
        return is_kind(exc, ObjKind::Exception) && is_subtype(exc.as_obj()->cls, I.exc.KeyboardInterrupt) ? 130 : 1;
    }
    if (inspect) {
        print_exception(I, exc);
        return 0;
    }
    auto* e = as<Exception>(exc);
    Value code = e->args && e->args->size == 1 ? e->args->items()[0]
                 : e->args && e->args->size > 1 ? Value::object(e->args)
                                                : Value::none();
    if (code.is_none()) return 0;
    if (code.is_bool()) return code.as_bool() ? 1 : 0;
    if (code.is_int()) return int(code.as_int() & 0xff);
    try {
        Str* s = str(I, code);
        I.write_err(std::string(s->view()) + "\n");
    } catch (Unwind&) {
        I.pending = Value::null();
    }
    return 1;
}

}  // namespace aio::cli
