// stdlib/builtins/os_error.hpp - raising OSError from a failed system call the way
// CPython does: OSError(errno, strerror(errno), filename), whose constructor picks the
// subclass (FileNotFoundError, IsADirectoryError...) from errno. Used by open() and os.
#pragma once
#include <cstring>

#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {

// Raises the OSError subclass for [err]; [filename] is Null when there is none;
// [filename2] (the target of rename) is Null for most calls.
[[noreturn]] inline void raise_os_error(Interp& I, int err, Value filename, Value filename2 = Value::null()) {
    rt::TempRoot keep(I, filename), keep2(I, filename2);
    Value msg = str_value(I, std::strerror(err));
    rt::TempRoot keep_msg(I, msg);
    Value e = filename.is_null()    ? rt::call(I, obj(I.exc.OSError), {Value::integer(err), msg})
              : filename2.is_null() ? rt::call(I, obj(I.exc.OSError), {Value::integer(err), msg, filename})
                                    : rt::call(I, obj(I.exc.OSError),
                                               {Value::integer(err), msg, filename, Value::none(), filename2});
    rt::raise_value(I, e);
}

}  // namespace aio::stdlib
