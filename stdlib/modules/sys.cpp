// stdlib/modules/sys.cpp - the `sys` module: argv, path, modules, stdout/stderr (objects
// whose write() goes to the interpreter's sinks), version data, recursion limit, exit.
// Created eagerly by install_builtins; the lists are built from I.argv / I.path.
#include <string>

#include "interpreter/vm.hpp"
#include "interpreter/vm_api.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

// sys.stdin: a Native tagged by stdin_tag, reading lines through read_stdin_line.
void stdin_tag(Interp&, void*) {}

bool is_stdin(Value v) {
    return is_kind(v, ObjKind::Native) && static_cast<rt::Native*>(v.as_obj())->trace == &stdin_tag;
}

// 1 (stdout) or 2 (stderr) for the receiver of a stream method; 0 for stdin where
// [stdin_ok] (isatty, fileno), else a TypeError.
int stream_of_self(Interp& I, const CallArgs& a, const char* name, bool stdin_ok = false) {
    if (stdin_ok && a.nargs && is_stdin(a.args[0])) return 0;
    if (a.nargs == 0 || !std_stream_of(a.args[0]))
        rt::raise_fmt(I, I.exc.TypeError, "descriptor '%s' requires a 'TextIOWrapper' object", name);
    return std_stream_of(a.args[0]);
}

Value stream_write(Interp& I, const CallArgs& a, Object*) {
    int which = stream_of_self(I, a, "write");
    str_args(I, a, "write", 1, 1);
    if (!is_str(a.args[1])) {
        std::string tn = rt::type_name(I, a.args[1]);
        rt::raise_fmt(I, I.exc.TypeError, "write() argument must be str, not %s", tn.c_str());
    }
    Str* s = as_str(a.args[1]);
    write_std(I, which, s->view());
    return Value::integer(s->length());
}

Value stream_flush(Interp& I, const CallArgs& a, Object*) {
    if (stream_of_self(I, a, "flush") == 1) I.flush_out();
    return Value::none();
}

Value stream_isatty(Interp& I, const CallArgs& a, Object*) {
    stream_of_self(I, a, "isatty", true);
    return Value::boolean(false);
}

Value stream_fileno(Interp& I, const CallArgs& a, Object*) {
    return Value::integer(stream_of_self(I, a, "fileno", true));
}

void check_stdin(Interp& I, const CallArgs& a, const char* name) {
    if (a.nargs == 0 || !is_stdin(a.args[0]))
        rt::raise_fmt(I, I.exc.TypeError, "descriptor '%s' requires a 'TextIOWrapper' object", name);
}

Value stdin_readline(Interp& I, const CallArgs& a, Object*) {
    check_stdin(I, a, "readline");
    rt::check_nargs(I, a, "readline", 1, 2);
    std::string line;
    read_stdin_line(line);
    return str_value(I, line);
}

Value stdin_read(Interp& I, const CallArgs& a, Object*) {
    check_stdin(I, a, "read");
    rt::check_nargs(I, a, "read", 1, 2);
    std::string all, line;
    while (read_stdin_line(line)) all += line;
    return str_value(I, all);
}

Value stdin_readlines(Interp& I, const CallArgs& a, Object*) {
    check_stdin(I, a, "readlines");
    rt::check_nargs(I, a, "readlines", 1, 2);
    rt::List* out = rt::new_list(I);
    rt::TempRoot keep(I, obj(out));
    std::string line;
    while (read_stdin_line(line)) rt::list_append(I, out, str_value(I, line));
    return obj(out);
}

Value stdin_iter(Interp& I, const CallArgs& a, Object*) {
    check_stdin(I, a, "__iter__");
    return a.args[0];
}

Value stdin_next(Interp& I, const CallArgs& a, Object*) {
    check_stdin(I, a, "__next__");
    std::string line;
    if (!read_stdin_line(line)) raise_empty(I, I.exc.StopIteration);
    return str_value(I, line);
}

// Module __getattr__: version_info and float_info are struct sequences written in aio
// (stdlib/_sysinfo.aio), loaded on first access and then cached in the module.
Value sys_getattr(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "__getattr__", 1, 1);
    if (is_str(a.args[0])) {
        Str* name = as_str(a.args[0]);
        if (name->view() == "version_info" || name->view() == "float_info") {
            Value v = vm::module_attr(I, "_sysinfo", name);
            rt::dict_set_str(I, I.sys_module->dict, name, v);
            return v;
        }
    }
    std::string n = rt::str_string(I, a.args[0]);
    rt::raise_fmt(I, I.exc.AttributeError, "module 'sys' has no attribute '%s'", n.c_str());
}

Value sys_getdefaultencoding(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "getdefaultencoding", 0, 0);
    return str_value(I, "utf-8");
}

Value sys_getfilesystemencoding(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "getfilesystemencoding", 0, 0);
    return str_value(I, "utf-8");
}

Value sys_exit(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "sys.exit");
    rt::check_nargs(I, a, "sys.exit", 0, 1);
    rt::Tuple* args = a.nargs ? rt::new_tuple(I, {a.args[0]}) : rt::new_tuple(I, 0);
    rt::raise_value(I, rt::new_exception_args(I, I.exc.SystemExit, args));
}

Value sys_getrecursionlimit(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "getrecursionlimit", 0, 0);
    return Value::integer(I.recursion_limit);
}

Value sys_setrecursionlimit(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "sys.setrecursionlimit");
    rt::check_nargs(I, a, "sys.setrecursionlimit", 1, 1);
    if (a.args[0].is_float()) rt::raise(I, I.exc.TypeError, "'float' object cannot be interpreted as an integer");
    int64_t n = arg_index(I, a.args[0]);
    if (n < 1) rt::raise(I, I.exc.ValueError, "recursion limit must be greater or equal than 1");
    I.recursion_limit = n > INT32_MAX ? INT32_MAX : static_cast<int>(n);
    return Value::none();
}

Value sys_intern(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "intern", 1, 1);
    if (!is_str(a.args[0])) {
        std::string tn = rt::type_name(I, a.args[0]);
        rt::raise_fmt(I, I.exc.TypeError, "intern() argument must be str, not %s", tn.c_str());
    }
    return obj(rt::intern(I, as_str(a.args[0])->view()));
}

Value sys_getsizeof(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "getsizeof", 1, 2);
    Value v = a.args[0];
    int64_t size = 16;
    if (is_str(v)) size = 49 + as_str(v)->size;
    else if (is_list(v)) size = 56 + 8 * as_list(v)->cap;
    else if (is_tuple(v)) size = 40 + 8 * as_tuple(v)->size;
    return Value::integer(size);
}

// The exception being handled by the running code (an except/finally block), or None.
Value handled_exception(Interp& I) {
    vm::Fiber* fb = vm::state(I).current;
    Value h = fb ? fb->handled : Value::none();
    return h.is_null() ? Value::none() : h;
}

Value sys_exc_info(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "exc_info", 0, 0);
    Value e = handled_exception(I);
    if (e.is_none()) return obj(rt::new_tuple(I, {Value::none(), Value::none(), Value::none()}));
    Value tb = rt::getattr_opt(I, e, I.names.__traceback__);
    return obj(rt::new_tuple(I, {obj(rt::type_of(I, e)), e, tb.is_null() ? Value::none() : tb}));
}

Value sys_exception(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "exception", 0, 0);
    return handled_exception(I);
}

}  // namespace

rt::Module* make_sys_module(Interp& I) {
    rt::Module* m = rt::new_module(I, rt::intern(I, "sys"));
    rt::Dict* d = m->dict;
    auto put = [&](std::string_view name, Value v) { rt::dict_set_str(I, d, rt::intern(I, name), v); };

    Type* io = make_native_type(I, "TextIOWrapper", ObjKind::Native);
    set_type_attr(I, io, "__module__", str_value(I, "_io"));
    add_methods(I, io, {
        {"write", stream_write},
        {"flush", stream_flush},
        {"isatty", stream_isatty},
        {"fileno", stream_fileno},
        {"read", stdin_read},
        {"readline", stdin_readline},
        {"readlines", stdin_readlines},
        {"__iter__", stdin_iter},
        {"__next__", stdin_next},
    });
    auto* stdin_obj = I.heap.make<rt::Native>(ObjKind::Native, io);
    stdin_obj->trace = &stdin_tag;
    put("stdin", obj(stdin_obj));
    put("__stdin__", obj(stdin_obj));
    for (int which : {1, 2}) {
        auto* s = I.heap.make<rt::Native>(ObjKind::Native, io);
        s->ptr = reinterpret_cast<void*>(static_cast<uintptr_t>(which));
        s->trace = &std_stream_tag;
        const char* name = which == 1 ? "stdout" : "stderr";
        put(name, obj(s));
        put(which == 1 ? "__stdout__" : "__stderr__", obj(s));
    }

    rt::List* argv = rt::new_list(I);
    put("argv", obj(argv));
    for (const std::string& s : I.argv) rt::list_append(I, argv, str_value(I, s));
    rt::List* path = rt::new_list(I);
    put("path", obj(path));
    for (const std::string& s : I.path) rt::list_append(I, path, str_value(I, s));
    if (!I.modules) I.modules = rt::new_dict(I);
    put("modules", obj(I.modules));

    put("version", str_value(I, "3.11.7 (aio 0.1.0)"));
    put("hexversion", Value::integer(0x030b07f0));
    put("platform", str_value(I, "linux"));
    put("byteorder", str_value(I, "little"));
    put("maxsize", Value::integer(INT64_MAX));
    put("maxunicode", Value::integer(0x10ffff));
    put("executable", str_value(I, "aio"));
    put("copyright", str_value(I, "aio: an embeddable interpreter for a small async Python"));
    put("builtin_module_names", obj(rt::new_tuple(I, {str_value(I, "builtins"), str_value(I, "math"),
                                                       str_value(I, "sys"), str_value(I, "time")})));
    add_functions(I, d, {
        {"exit", sys_exit},
        {"__getattr__", sys_getattr},
        {"getdefaultencoding", sys_getdefaultencoding},
        {"getfilesystemencoding", sys_getfilesystemencoding},
        {"getrecursionlimit", sys_getrecursionlimit},
        {"setrecursionlimit", sys_setrecursionlimit},
        {"intern", sys_intern},
        {"getsizeof", sys_getsizeof},
        {"exc_info", sys_exc_info},
        {"exception", sys_exception},
    });
    return m;
}

}  // namespace aio::stdlib
