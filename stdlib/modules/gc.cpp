// stdlib/modules/gc.cpp - `gc`: collect() runs a full collection now (unreachable
// generators and coroutines are finalized, so "never awaited" warnings appear at
// that point, as under CPython); enable/disable/isenabled keep the flag scripts set.
// aio has no reference counting: the tracing collector is the only way memory comes
// back, so disable() is recorded but does not stop it (CPython's disable() stops only
// its cycle collector, and its refcounting keeps freeing).
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

rt::Dict* gc_dict(Interp& I) {
    Value m = rt::dict_get_str(I.modules, rt::intern(I, "gc"));
    return is_kind(m, ObjKind::Module) ? static_cast<rt::Module*>(m.as_obj())->dict : nullptr;
}

Value set_enabled(Interp& I, const CallArgs& a, const char* fname, bool on) {
    rt::check_no_kwargs(I, a, fname);
    rt::check_nargs(I, a, fname, 0, 0);
    if (rt::Dict* d = gc_dict(I)) rt::dict_set_str(I, d, rt::intern(I, "_enabled"), Value::boolean(on));
    return Value::none();
}

Value gc_enable(Interp& I, const CallArgs& a, Object*) { return set_enabled(I, a, "gc.enable", true); }
Value gc_disable(Interp& I, const CallArgs& a, Object*) { return set_enabled(I, a, "gc.disable", false); }

Value gc_isenabled(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "gc.isenabled");
    rt::check_nargs(I, a, "gc.isenabled", 0, 0);
    rt::Dict* d = gc_dict(I);
    Value v = d ? rt::dict_get_str(d, rt::intern(I, "_enabled")) : Value::null();
    return Value::boolean(!v.is_bool() || v.as_bool());
}

// collect(generation=2): the number of objects the collection freed.
Value gc_collect(Interp& I, const CallArgs& a, Object*) {
    Value gen;
    bind_args(I, a, "collect", {"generation"}, 0, &gen);
    if (!gen.is_null()) {
        int64_t g = arg_index(I, gen);
        if (g < 0 || g > 2) rt::raise(I, I.exc.ValueError, "invalid generation");
    }
    size_t before = I.heap.object_count();
    I.heap.collect_at_safepoint();
    size_t after = I.heap.object_count();
    return Value::integer(before > after ? int64_t(before - after) : 0);
}

}  // namespace

rt::Module* make_gc_module(Interp& I) {
    rt::Module* m = rt::new_module(I, rt::intern(I, "gc"));
    add_functions(I, m->dict, {
        {"collect", gc_collect},
        {"enable", gc_enable},
        {"disable", gc_disable},
        {"isenabled", gc_isenabled},
    });
    return m;
}

}  // namespace aio::stdlib
