// api/interpreter.cpp - aio::Interpreter: creating an isolated interpreter from
// Options (sinks, sys.argv/sys.path, limits, sandbox), running code in its
// __main__ namespace, globals, imports, native modules and thread-safe interrupt().

#include "api/state.hpp"
#include "interpreter/load.hpp"
#include "interpreter/vm.hpp"
#include "interpreter/vm_api.hpp"
#include "runtime/containers.hpp"
#include "runtime/read_file.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/embedded.hpp"

namespace aio {

using detail::guarded;
using detail::State;
using detail::unwrap;
using detail::wrap;
using RV = rt::Value;

namespace {

rt::List* new_str_list(rt::Interp& I, const std::vector<std::string>& items) {
    rt::List* l = rt::new_list(I);
    rt::TempRoot keep(I, l);
    for (const auto& s : items) rt::list_append(I, l, RV::object(rt::new_str(I, s)));
    return l;
}

void set_sys(rt::Interp& I, std::string_view name, RV v) {
    rt::dict_set_str(I, I.sys_module->dict, rt::intern(I, name), v);
}

rt::List* sys_path(rt::Interp& I) {
    RV p = rt::dict_get_str(I.sys_module->dict, rt::intern(I, "path"));
    if (rt::is_kind(p, rt::ObjKind::List)) return rt::as<rt::List>(p);
    rt::List* l = rt::new_list(I);
    set_sys(I, "path", RV::object(l));
    return l;
}

rt::Type* builtin_exception(rt::Interp& I, const std::string& name) {
    RV t = rt::dict_get_cstr(I, I.builtins, name);
    if (rt::is_kind(t, rt::ObjKind::Type) && (rt::as<rt::Type>(t)->tflags & rt::kTypeException)) return rt::as<rt::Type>(t);
    throw Error("ValueError", "interrupt_exception: '" + name + "' is not a built-in exception type");
}

bool module_allowed(const std::vector<std::string>& allowed, std::string_view name) {
    for (const auto& a : allowed) {
        if (name == a) return true;
        if (name.size() > a.size() && name.substr(0, a.size()) == a && name[a.size()] == '.') return true;
    }
    return false;
}

// The sandbox: import the allowed modules now (their own imports still work),
// then make every other known module a None entry in sys.modules, which `import`
// reports as ModuleNotFoundError; with sys.path empty no file can be imported.
void apply_sandbox(State& s, const std::vector<std::string>& allowed) {
    rt::Interp& I = *s.I;
    sys_path(I)->size = 0;
    rt::dict_del(I, I.builtins, RV::object(rt::intern(I, "open")));
    for (const stdlib::EmbeddedModule* e = stdlib::kEmbeddedModules; !e->name.empty(); e++)
        if (module_allowed(allowed, e->name)) vm::import_name(I, rt::intern(I, e->name), RV::none(), 0, s.main->dict);
    for (const stdlib::NativeModuleDef* d = stdlib::kNativeModules; !d->name.empty(); d++)
        if (module_allowed(allowed, d->name)) vm::import_name(I, rt::intern(I, d->name), RV::none(), 0, s.main->dict);
    auto block = [&](std::string_view name) {
        if (module_allowed(allowed, name)) return;
        RV key = RV::object(rt::intern(I, name));
        // Modules loaded as dependencies of allowed ones stay reachable through them only.
        rt::dict_set(I, I.modules, key, RV::none());
    };
    for (const stdlib::EmbeddedModule* e = stdlib::kEmbeddedModules; !e->name.empty(); e++) block(e->name);
    for (const stdlib::NativeModuleDef* d = stdlib::kNativeModules; !d->name.empty(); d++) block(d->name);
    block("sys");
}

std::string read_file(const std::string& path) {
    std::string text;
    if (!rt::read_whole_file(path, text)) throw Error("FileNotFoundError", "[Errno 2] No such file or directory: '" + path + "'");
    return text;
}

}  // namespace

Interpreter::Interpreter(Options options) : state_(std::make_shared<State>()) {
    State& s = *state_;
    s.options = std::move(options);
    s.I = std::make_unique<rt::Interp>();
    rt::Interp& I = *s.I;
    State* sp = &s;
    I.root_tracers.push_back([sp](rt::Interp& in) { sp->trace(in); });
    guarded(s, [&] {
        rt::init_runtime(I);
        const Options& o = s.options;
        if (o.out) I.out_sink = o.out;
        if (o.err) I.err_sink = o.err;
        I.recursion_limit = o.recursion_limit;
        I.argv = o.argv;
        if (o.memory_limit) I.heap.set_memory_limit(o.memory_limit);
        vm::state(I).interrupt_type = builtin_exception(I, o.interrupt_exception);
        set_sys(I, "argv", RV::object(new_str_list(I, o.argv)));
        rt::List* path = sys_path(I);
        for (size_t i = 0; i < o.path.size(); i++) rt::list_insert(I, path, int64_t(i), RV::object(rt::new_str(I, o.path[i])));
        s.main = rt::new_module(I, rt::intern(I, "__main__"));
        rt::TempRoot keep_main(I, s.main);
        vm::init_source_module_globals(I, s.main->dict, true);
        rt::dict_set(I, I.modules, RV::object(rt::intern(I, "__main__")), RV::object(s.main));
        if (o.allowed_modules) apply_sandbox(s, *o.allowed_modules);
    });
}

Interpreter::~Interpreter() {
    if (state_) state_->shutdown();
}

Interpreter::Interpreter(Interpreter&&) noexcept = default;

Interpreter& Interpreter::operator=(Interpreter&& other) noexcept {
    if (this != &other) {
        if (state_) state_->shutdown();
        state_ = std::move(other.state_);
    }
    return *this;
}

static State& live(const detail::StateRef& s) {
    if (!s) throw Error("RuntimeError", "use of a moved-from aio::Interpreter");
    return *s;
}

void Interpreter::exec(std::string_view source, std::string_view name) {
    State& s = live(state_);
    guarded(
        s,
        [&] {
            rt::Interp& I = s.interp();
            struct Flush {
                rt::Interp& I;
                ~Flush() { I.flush_out(); }
            } flush{I};
            rt::Code* code = vm::compile_or_raise(I, source, name, compiler::CompileMode::Module);
            rt::TempRoot keep(I, code);
            vm::run_module_code(I, code, s.main->dict);
        },
        true);
}

Value Interpreter::eval(std::string_view expr) {
    State& s = live(state_);
    return guarded(
        s,
        [&] {
            rt::Interp& I = s.interp();
            rt::Code* code = vm::compile_or_raise(I, expr, "<string>", compiler::CompileMode::Eval);
            rt::TempRoot keep(I, code);
            RV v = vm::run_module_code(I, code, s.main->dict);
            I.flush_out();
            return wrap(s, v);
        },
        true);
}

void Interpreter::run_file(const std::string& path) {
    State& s = live(state_);
    std::string source = read_file(path);
    guarded(s, [&] {
        rt::Interp& I = s.interp();
        size_t slash = path.rfind('/');
        std::string dir = slash == std::string::npos ? "" : path.substr(0, slash);
        if (!s.options.allowed_modules) rt::list_insert(I, sys_path(I), 0, RV::object(rt::new_str(I, dir)));
        rt::dict_set_str(I, s.main->dict, I.names.__file__, RV::object(rt::new_str(I, path)));
    });
    exec(source, path);
}

Value Interpreter::global(std::string_view name) {
    State& s = live(state_);
    return guarded(s, [&] {
        rt::Interp& I = s.interp();
        RV v = rt::dict_get_str(s.main->dict, rt::intern(I, name));
        if (v.is_null()) v = rt::dict_get_str(I.builtins, rt::intern(I, name));
        if (v.is_null()) rt::raise(I, I.exc.NameError, "name '" + std::string(name) + "' is not defined");
        return wrap(s, v);
    });
}

void Interpreter::set_global_value(std::string_view name, const Value& v) {
    State& s = live(state_);
    guarded(s, [&] {
        rt::Interp& I = s.interp();
        rt::dict_set_str(I, s.main->dict, rt::intern(I, name), unwrap(v));
    });
}

Value Interpreter::import(std::string_view name) {
    State& s = live(state_);
    return guarded(
        s,
        [&] {
            rt::Interp& I = s.interp();
            // a non-empty fromlist makes import_name return the leaf module
            RV from = RV::object(rt::new_tuple(I, {RV::object(rt::intern(I, "*"))}));
            rt::TempRoot keep(I, from);
            return wrap(s, vm::import_name(I, rt::intern(I, name), from, 0, s.main->dict));
        },
        true);
}

Value Interpreter::none() { return detail::make_none(state_); }

Module Interpreter::module(std::string_view name) {
    State& s = live(state_);
    Value m = guarded(s, [&] {
        rt::Interp& I = s.interp();
        RV key = RV::object(rt::intern(I, name));
        RV existing = rt::dict_get(I, I.modules, key);
        if (rt::is_kind(existing, rt::ObjKind::Module)) return wrap(s, existing);
        rt::Module* mod = rt::new_module(I, rt::intern(I, name));
        rt::dict_set(I, I.modules, key, RV::object(mod));
        return wrap(s, RV::object(mod));
    });
    return Module(state_, m);
}

void Interpreter::install_new(const Value& cls, std::unique_ptr<detail::Callable> ctor) {
    std::string name = cls.attr("__name__").get<std::string>();
    Value fn = detail::make_function(state_, name, std::move(ctor));
    detail::mark_method(fn);
    detail::class_set(cls, "__new__", fn);
}

void Interpreter::interrupt() {
    State& s = live(state_);
    if (!s.I) return;
    vm::state(*s.I).request_interrupt();
    s.signal_inbox();  // a script waiting for a Promise wakes up to see it
}

void Interpreter::set_instruction_budget(std::uint64_t safepoints) {
    State& s = live(state_);
    s.options.instruction_budget = safepoints;
    if (s.I && s.run_depth > 0) detail::reset_limits(s);
}

std::size_t Interpreter::memory_in_use() const { return live(state_).interp().heap.bytes_in_use(); }

void Interpreter::collect() { live(state_).interp().heap.collect(); }

}  // namespace aio
