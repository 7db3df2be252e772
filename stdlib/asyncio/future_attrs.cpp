// stdlib/asyncio/future_attrs.cpp - what plain Futures and Tasks keep in the
// interpreter's side table (Interp::side_table, kFutureSide): attributes, a Task's
// own name, a pending Task's cancel message.
// CPython lets a script give any future attributes (`task.index = i`), yet shows no
// `__dict__` for them; few tasks get a name of their own or a cancel message before
// they are cancelled. A word for these in every future would grow the 64-byte Task
// (to an 80-byte cell) and the 48-byte Future, so they live here, keyed by the
// future, and leave when the future is swept. Instances of subclasses defined in
// scripts keep their dict in their own word instead (future_dict_slot).
#include "runtime/interp.hpp"
#include "stdlib/asyncio/native.hpp"

namespace aio::stdlib::asyncio {

rt::SideSlots* future_side(rt::Interp& I, const FutureBase* f) {
    if (!(f->flags & kFutureSide)) return nullptr;
    auto it = I.side_table.find(const_cast<FutureBase*>(f));
    return it == I.side_table.end() ? nullptr : &it->second;
}

rt::SideSlots& future_side_make(rt::Interp& I, FutureBase* f) {
    f->flags |= kFutureSide;
    return I.side_table[f];   // (entries are nodes: the reference stays valid)
}

rt::Dict** future_side_dict(FutureBase* f) {
    // (the attribute path has no Interp: a future only gets an entry once bound to a
    // loop, and its core leads to the Interp)
    if (!f->core) return nullptr;
    rt::SideSlots* s = future_side(*f->core->st->I, f);
    return s ? &s->dict : nullptr;
}

rt::Dict** future_side_dict_for_store(rt::Interp& I, rt::Object* o) {
    auto* f = static_cast<FutureBase*>(o);
    if (f->dict_word() || !f->core) return nullptr;   // (a Future.__new__ never initialised)
    return &future_side_make(I, f).dict;
}

void drop_future_side(rt::Interp& I, rt::Object* o) {
    if (o->flags & kFutureSide) I.side_table.erase(o);
}

Value cancel_message_of(rt::Interp& I, const FutureBase* f) {
    if (f->state == FutState::Cancelled) return f->cancel_is_exc ? Value::null() : f->result();
    rt::SideSlots* s = future_side(I, f);
    return s ? s->message : Value::null();
}

Value task_own_name(rt::Interp& I, const FutureObj* t) {
    rt::SideSlots* s = future_side(I, t);
    return s ? s->name : Value::null();
}

void set_task_name(rt::Interp& I, FutureObj* t, Value name) {
    if (name.is_null() && !(t->flags & kFutureSide)) return;
    future_side_make(I, t).name = name;
}

}  // namespace aio::stdlib::asyncio
