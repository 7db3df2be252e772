// stdlib/asyncio/future_attrs.cpp - attributes set on plain Futures and Tasks.
// CPython lets a script give any future attributes (`task.index = i`), yet shows no
// `__dict__` for them. A dict word in every future would grow the 80-byte Task and
// the 64-byte Future for the few programs that do this, so their dicts live in the
// interpreter's side table (Interp::side_dicts), keyed by the future and marked by
// kFutureSideDict, and leave it when the future is swept. Instances of subclasses
// defined in scripts keep theirs in their own dict word instead (future_dict_slot).
#include "runtime/interp.hpp"
#include "stdlib/asyncio/native.hpp"

namespace aio::stdlib::asyncio {

rt::Dict** future_side_dict(FutureBase* f) {
    // (a future only gets an entry once bound to a loop: its core leads to the Interp)
    auto& table = f->core->st->I->side_dicts;
    auto it = table.find(f);
    return it == table.end() ? nullptr : &it->second;
}

rt::Dict** future_side_dict_for_store(rt::Interp& I, rt::Object* o) {
    auto* f = static_cast<FutureBase*>(o);
    if (f->dict_word || !f->core) return nullptr;   // (a Future.__new__ never initialised)
    if (f->flags & kFutureSideDict) return future_side_dict(f);
    f->flags |= kFutureSideDict;
    return &I.side_dicts.emplace(o, nullptr).first->second;
}

void drop_future_side_dict(rt::Interp& I, rt::Object* o) {
    if (o->flags & kFutureSideDict) I.side_dicts.erase(o);
}

}  // namespace aio::stdlib::asyncio
