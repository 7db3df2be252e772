// stdlib/modules/os.cpp - `_os`, the native half of the `os` module (stdlib/os.aio, which
// adds os.path, stat_result, walk and scandir): environment (environ as a dict snapshot
// taken at import, getenv reads it like CPython's), working directory, directory listing
// and creation/removal, rename/replace, stat, pid, cpu count, urandom, the path constants.
#include <dirent.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

#include "interpreter/vm.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/os_error.hpp"
#include "stdlib/builtins/support.hpp"

extern char** environ;

namespace aio::stdlib {
namespace {

// A path argument (str or bytes) as a C string, CPython's TypeError otherwise.
std::string path_arg(Interp& I, Value v, const char* fname, const char* param = "path") {
    std::string p;
    if (Value f = fspath_or_null(I, v); !f.is_null()) v = f;
    if (is_str(v)) p = std::string(as_str(v)->view());
    else if (is_bytes(v)) p = std::string(as_bytes(v)->view());
    else {
        std::string tn = rt::type_name(I, v);
        rt::raise_fmt(I, I.exc.TypeError, "%s: %s should be string, bytes or os.PathLike, not %s", fname, param,
                      tn.c_str());
    }
    if (p.find('\0') != std::string::npos) rt::raise_fmt(I, I.exc.ValueError, "%s: embedded null character in %s", fname, param);
    return p;
}

Value os_getenv(Interp& I, const CallArgs& a, Object* self_fn) {
    Value v[2];
    bind_py_args(I, a, "getenv", {"key", "default"}, 1, v);
    if (!is_str(v[0])) {
        std::string tn = rt::type_name(I, v[0]);
        rt::raise_fmt(I, I.exc.TypeError, "str expected, not %s", tn.c_str());
    }
    Value env = static_cast<rt::NativeFunction*>(self_fn)->data;
    Value r = rt::dict_get(I, as_dict(env), v[0]);
    if (!r.is_null()) return r;
    return v[1].is_null() ? Value::none() : v[1];
}

Value os_getcwd(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "getcwd", 0, 0);
    std::string buf(PATH_MAX, '\0');
    if (!::getcwd(buf.data(), buf.size())) raise_os_error(I, errno, Value::null());
    return str_value(I, buf.c_str());
}

Value os_chdir(Interp& I, const CallArgs& a, Object*) {
    Value v[1];
    bind_args(I, a, "chdir", {"path"}, 1, v);
    if (::chdir(path_arg(I, v[0], "chdir").c_str()) != 0) raise_os_error(I, errno, v[0]);
    return Value::none();
}

Value os_listdir(Interp& I, const CallArgs& a, Object*) {
    Value v[1];
    bind_args(I, a, "listdir", {"path"}, 0, v);
    Value path = v[0].is_null() || v[0].is_none() ? str_value(I, ".") : v[0];
    rt::TempRoot keep(I, path);
    std::string p = path_arg(I, path, "listdir");
    DIR* d = ::opendir(p.c_str());
    if (!d) raise_os_error(I, errno, path);
    rt::List* out = rt::new_list(I);
    rt::TempRoot keep_out(I, out);
    bool as_bytes_names = is_bytes(path);
    try {
        while (dirent* e = ::readdir(d)) {
            std::string_view n = e->d_name;
            if (n == "." || n == "..") continue;
            rt::list_append(I, out, as_bytes_names ? obj(rt::new_bytes(I, n)) : str_value(I, n));
        }
    } catch (...) {
        ::closedir(d);
        throw;
    }
    ::closedir(d);
    return obj(out);
}

// mkdir(path, mode) -> errno, 0 on success.
int make_dir(const std::string& p, int64_t mode) { return ::mkdir(p.c_str(), static_cast<mode_t>(mode)) == 0 ? 0 : errno; }

bool is_dir(const std::string& p) {
    struct stat sb;
    return ::stat(p.c_str(), &sb) == 0 && S_ISDIR(sb.st_mode);
}

Value os_mkdir(Interp& I, const CallArgs& a, Object*) {
    Value v[2];
    bind_args(I, a, "mkdir", {"path", "mode"}, 1, v);
    int64_t mode = v[1].is_null() ? 0777 : arg_index(I, v[1]);
    if (int err = make_dir(path_arg(I, v[0], "mkdir"), mode)) raise_os_error(I, err, v[0]);
    return Value::none();
}

Value os_makedirs(Interp& I, const CallArgs& a, Object*) {
    Value v[3];
    bind_py_args(I, a, "makedirs", {"name", "mode", "exist_ok"}, 1, v);
    int64_t mode = v[1].is_null() ? 0777 : arg_index(I, v[1]);
    bool exist_ok = !v[2].is_null() && rt::truthy(I, v[2]);
    std::string p = path_arg(I, v[0], "makedirs");
    // Create each missing ancestor first (an existing one is fine), then the leaf.
    for (size_t i = p.find('/', 1); i != std::string::npos; i = p.find('/', i + 1)) {
        std::string head = p.substr(0, i);
        if (head.empty() || head.back() == '/' || is_dir(head)) continue;
        int err = make_dir(head, mode);
        if (err && err != EEXIST) raise_os_error(I, err, str_value(I, head));
    }
    std::string leaf = p;
    while (leaf.size() > 1 && leaf.back() == '/') leaf.pop_back();
    if (int err = make_dir(leaf, mode)) {
        if (!(exist_ok && is_dir(leaf))) raise_os_error(I, err, v[0]);
    }
    return Value::none();
}

// A one-path call (remove, unlink, rmdir) that fails with errno.
template <int (*F)(const char*)>
Value path_call(Interp& I, const CallArgs& a, const char* fname) {
    Value v[1];
    bind_args(I, a, fname, {"path"}, 1, v);
    if (F(path_arg(I, v[0], fname).c_str()) != 0) raise_os_error(I, errno, v[0]);
    return Value::none();
}
Value os_remove(Interp& I, const CallArgs& a, Object*) { return path_call<::unlink>(I, a, "remove"); }
Value os_unlink(Interp& I, const CallArgs& a, Object*) { return path_call<::unlink>(I, a, "unlink"); }
Value os_rmdir(Interp& I, const CallArgs& a, Object*) { return path_call<::rmdir>(I, a, "rmdir"); }

// rename and replace are both rename(2), which replaces an existing target on POSIX.
Value rename_as(Interp& I, const CallArgs& a, const char* fname) {
    Value v[2];
    bind_args(I, a, fname, {"src", "dst"}, 2, v);
    std::string src = path_arg(I, v[0], fname, "src"), dst = path_arg(I, v[1], fname, "dst");
    if (::rename(src.c_str(), dst.c_str()) != 0) raise_os_error(I, errno, v[0], v[1]);
    return Value::none();
}

Value os_rename(Interp& I, const CallArgs& a, Object*) { return rename_as(I, a, "rename"); }
Value os_replace(Interp& I, const CallArgs& a, Object*) { return rename_as(I, a, "replace"); }

Value os_access(Interp& I, const CallArgs& a, Object*) {
    Value v[2];
    bind_args(I, a, "access", {"path", "mode"}, 2, v);
    return Value::boolean(::access(path_arg(I, v[0], "access").c_str(), static_cast<int>(arg_index(I, v[1]))) == 0);
}

Value os_chmod(Interp& I, const CallArgs& a, Object*) {
    Value v[2];
    bind_args(I, a, "chmod", {"path", "mode"}, 2, v);
    if (::chmod(path_arg(I, v[0], "chmod").c_str(), static_cast<mode_t>(arg_index(I, v[1]))) != 0)
        raise_os_error(I, errno, v[0]);
    return Value::none();
}

Value os_truncate(Interp& I, const CallArgs& a, Object*) {
    Value v[2];
    bind_args(I, a, "truncate", {"path", "length"}, 2, v);
    if (::truncate(path_arg(I, v[0], "truncate").c_str(), static_cast<off_t>(arg_index(I, v[1]))) != 0)
        raise_os_error(I, errno, v[0]);
    return Value::none();
}

Value os_symlink(Interp& I, const CallArgs& a, Object*) {
    Value v[3];
    bind_args(I, a, "symlink", {"src", "dst", "target_is_directory"}, 2, v);
    std::string src = path_arg(I, v[0], "symlink", "src"), dst = path_arg(I, v[1], "symlink", "dst");
    if (::symlink(src.c_str(), dst.c_str()) != 0) raise_os_error(I, errno, v[0], v[1]);
    return Value::none();
}

Value os_readlink(Interp& I, const CallArgs& a, Object*) {
    Value v[1];
    bind_args(I, a, "readlink", {"path"}, 1, v);
    std::string buf(PATH_MAX, '\0');
    ssize_t n = ::readlink(path_arg(I, v[0], "readlink").c_str(), buf.data(), buf.size());
    if (n < 0) raise_os_error(I, errno, v[0]);
    buf.resize(static_cast<size_t>(n));
    return is_bytes(v[0]) ? obj(rt::new_bytes(I, buf)) : str_value(I, buf);
}

Value os_strerror(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "strerror", 1, 1);
    return str_value(I, std::strerror(static_cast<int>(arg_index(I, a.args[0]))));
}

Value os_getppid(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "getppid", 0, 0);
    return Value::integer(::getppid());
}

Value os_getuid(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "getuid", 0, 0);
    return Value::integer(::getuid());
}

Value os_getpid(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "getpid", 0, 0);
    return Value::integer(::getpid());
}

Value os_cpu_count(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "cpu_count", 0, 0);
    long n = ::sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? Value::integer(n) : Value::none();
}

Value os_urandom(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "posix.urandom");
    rt::check_nargs(I, a, "posix.urandom", 1, 1);
    int64_t n = arg_index(I, a.args[0]);
    if (n < 0) rt::raise(I, I.exc.ValueError, "negative argument not allowed");
    std::string buf(static_cast<size_t>(n), '\0');
    for (size_t got = 0; got < buf.size();) {
        ssize_t r = ::getrandom(buf.data() + got, buf.size() - got, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            raise_os_error(I, errno, Value::null());
        }
        got += static_cast<size_t>(r);
    }
    return obj(rt::new_bytes(I, buf));
}

Value os_fspath(Interp& I, const CallArgs& a, Object*) {
    Value v[1];
    bind_args(I, a, "fspath", {"path"}, 1, v);
    Value p = fspath_or_null(I, v[0]);
    if (!p.is_null()) return p;
    std::string tn = rt::type_name(I, v[0]);
    rt::raise_fmt(I, I.exc.TypeError, "expected str, bytes or os.PathLike object, not %s", tn.c_str());
}

// _stat(path, follow_symlinks) -> (st_mode, st_ino, st_dev, st_nlink, st_uid, st_gid,
// st_size, st_atime, st_mtime, st_ctime) with float times: os.stat_result's fields.
Value os_stat_tuple(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "_stat", 2, 2);
    std::string p = path_arg(I, a.args[0], "stat");
    struct stat sb;
    int r = rt::truthy(I, a.args[1]) ? ::stat(p.c_str(), &sb) : ::lstat(p.c_str(), &sb);
    if (r != 0) raise_os_error(I, errno, a.args[0]);
    auto secs = [](const timespec& t) {
        return Value::number(static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9);
    };
    return obj(rt::new_tuple(I, {Value::integer(sb.st_mode), Value::integer(static_cast<int64_t>(sb.st_ino)),
                                 Value::integer(static_cast<int64_t>(sb.st_dev)), Value::integer(sb.st_nlink),
                                 Value::integer(sb.st_uid), Value::integer(sb.st_gid), Value::integer(sb.st_size),
                                 secs(sb.st_atim), secs(sb.st_mtim), secs(sb.st_ctim)}));
}

rt::Dict* environ_snapshot(Interp& I) {
    rt::Dict* env = rt::new_dict(I);
    rt::TempRoot keep(I, env);
    for (char** e = ::environ; e && *e; e++) {
        std::string_view kv = *e;
        size_t eq = kv.find('=');
        if (eq == std::string_view::npos || eq == 0) continue;
        Value k = str_value(I, kv.substr(0, eq));
        rt::TempRoot keep_k(I, k);
        rt::dict_set(I, env, k, str_value(I, kv.substr(eq + 1)));
    }
    return env;
}

}  // namespace

rt::Module* make_os_module(Interp& I) {
    rt::Module* m = rt::new_module(I, rt::intern(I, "_os"));
    rt::TempRoot keep(I, m);
    rt::Dict* d = m->dict;
    auto put = [&](std::string_view name, Value v) { rt::dict_set_str(I, d, rt::intern(I, name), v); };
    rt::Dict* env = environ_snapshot(I);
    put("environ", obj(env));
    put("getenv", obj(rt::new_native(I, "getenv", os_getenv, obj(env))));
    add_functions(I, d, {
        {"getcwd", os_getcwd}, {"chdir", os_chdir}, {"listdir", os_listdir},
        {"mkdir", os_mkdir}, {"makedirs", os_makedirs}, {"remove", os_remove},
        {"unlink", os_unlink}, {"rmdir", os_rmdir}, {"rename", os_rename}, {"replace", os_replace},
        {"getpid", os_getpid}, {"cpu_count", os_cpu_count}, {"urandom", os_urandom},
        {"fspath", os_fspath}, {"_stat", os_stat_tuple}, {"access", os_access}, {"chmod", os_chmod},
        {"truncate", os_truncate}, {"symlink", os_symlink}, {"readlink", os_readlink},
        {"strerror", os_strerror}, {"getppid", os_getppid}, {"getuid", os_getuid},
    });
    put("name", str_value(I, "posix"));
    put("sep", str_value(I, "/"));
    put("altsep", Value::none());
    put("extsep", str_value(I, "."));
    put("pathsep", str_value(I, ":"));
    put("linesep", str_value(I, "\n"));
    put("curdir", str_value(I, "."));
    put("pardir", str_value(I, ".."));
    put("devnull", str_value(I, "/dev/null"));
    put("SEEK_SET", Value::integer(0));
    put("SEEK_CUR", Value::integer(1));
    put("SEEK_END", Value::integer(2));
    put("error", obj(I.exc.OSError));
    put("F_OK", Value::integer(F_OK));
    put("R_OK", Value::integer(R_OK));
    put("W_OK", Value::integer(W_OK));
    put("X_OK", Value::integer(X_OK));

    return m;
}

}  // namespace aio::stdlib
