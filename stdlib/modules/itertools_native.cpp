// stdlib/modules/itertools_native.cpp - _itertools: what stdlib/itertools.aio cannot
// write in aio. typed(cls, gen) lets an itertools class (cycle, islice, product...)
// be implemented by a generator: the object stays a generator for the VM (a for loop
// resumes it directly), while type(), isinstance() and repr() see `cls`, and only
// the methods `cls` defines are found on it (no send/throw/gi_frame, as in CPython).
#include "interpreter/generator.hpp"
#include "stdlib/builtins.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {

namespace {

Value it_typed(Interp& I, const CallArgs& a, Object*) {
    rt::check_no_kwargs(I, a, "typed");
    if (a.nargs != 2) rt::raise(I, I.exc.TypeError, "typed() takes 2 arguments");
    Value cls = a.args[0], gen = a.args[1];
    if (!is_type(cls) || !(as_type(cls)->tflags & rt::kTypeHeap))
        rt::raise(I, I.exc.TypeError, "typed() expects a class made by a class statement");
    if (!is_kind(gen, ObjKind::Generator) || static_cast<vm::Generator*>(gen.as_obj())->state() != vm::GenState::Created)
        rt::raise(I, I.exc.TypeError, "typed() expects a generator that has not started");
    gen.as_obj()->cls = as_type(cls);
    return gen;
}

}  // namespace

rt::Module* make_itertools_native_module(Interp& I) {
    rt::Module* m = rt::new_module(I, rt::intern(I, "_itertools"));
    rt::TempRoot keep(I, m);
    add_functions(I, m->dict, {{"typed", it_typed}});
    return m;
}

}  // namespace aio::stdlib
