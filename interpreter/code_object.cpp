// interpreter/code_object.cpp - the attributes scripts see on code objects
// (f.__code__, gen.gi_code): co_name, co_argcount, co_varnames, co_flags...
// Values follow CPython 3.11 where aio's Code has the same information;
// bytecode-shaped ones (co_code, co_consts, co_stacksize) are left out.
#include "interpreter/code.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"

namespace aio::vm {

using namespace aio::rt;

namespace {

Code* self_code(Interp& I, const CallArgs& a) {
    if (a.nargs < 1 || !is_kind(a.args[0], ObjKind::Code)) raise(I, I.exc.TypeError, "descriptor requires a 'code' object");
    return reinterpret_cast<Code*>(a.args[0].as_obj());
}

Value names_tuple(Interp& I, const std::vector<Str*>& names) {
    Tuple* t = new_tuple(I, uint32_t(names.size()));
    for (size_t i = 0; i < names.size(); i++) t->items()[i] = Value::object(names[i]);
    return Value::object(t);
}

// CPython's co_flags bits that aio's code has an equivalent for.
enum : uint32_t { kOptimized = 0x1, kNewLocals = 0x2, kNested = 0x10 };

Value co_flags(Interp& I, const CallArgs& a, Object*) {
    Code* c = self_code(I, a);
    uint32_t f = c->flags & (kCoVarargs | kCoVarkeywords | kCoGenerator | kCoCoroutine | kCoAsyncGenerator);
    if (!(c->flags & kCoModule)) f |= kOptimized | kNewLocals;
    if (!c->freevars.empty()) f |= kNested;
    return Value::integer(f);
}

#define CODE_GETTER(attr, expr)                                  \
    Value attr(Interp& I, const CallArgs& a, Object*) {        \
        Code* c = self_code(I, a);                             \
        return expr;                                           \
    }
CODE_GETTER(co_argcount, Value::integer(c->argcount))
CODE_GETTER(co_posonlyargcount, Value::integer(c->posonlyargcount))
CODE_GETTER(co_kwonlyargcount, Value::integer(c->kwonlyargcount))
CODE_GETTER(co_nlocals, Value::integer(c->nlocals()))
CODE_GETTER(co_varnames, names_tuple(I, c->varnames))
CODE_GETTER(co_cellvars, names_tuple(I, c->cellvars))
CODE_GETTER(co_freevars, names_tuple(I, c->freevars))
CODE_GETTER(co_name, Value::object(c->name))
CODE_GETTER(co_qualname, Value::object(c->qualname ? c->qualname : c->name))
CODE_GETTER(co_filename, Value::object(c->filename))
CODE_GETTER(co_firstlineno, Value::integer(c->firstlineno))
#undef CODE_GETTER

}  // namespace

void install_code_type(Interp& I) {
    Type* t = I.types.code;
    add_getter(I, t, "co_argcount", co_argcount);
    add_getter(I, t, "co_posonlyargcount", co_posonlyargcount);
    add_getter(I, t, "co_kwonlyargcount", co_kwonlyargcount);
    add_getter(I, t, "co_nlocals", co_nlocals);
    add_getter(I, t, "co_varnames", co_varnames);
    add_getter(I, t, "co_cellvars", co_cellvars);
    add_getter(I, t, "co_freevars", co_freevars);
    add_getter(I, t, "co_name", co_name);
    add_getter(I, t, "co_qualname", co_qualname);
    add_getter(I, t, "co_filename", co_filename);
    add_getter(I, t, "co_firstlineno", co_firstlineno);
    add_getter(I, t, "co_flags", co_flags);
}

}  // namespace aio::vm
