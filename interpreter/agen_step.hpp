// interpreter/agen_step.hpp - the per-item path of `async for` over a native async
// generator, inlined into the VM loop. GET_ANEXT links the generator's suspended frame
// on top of the consumer's fiber (borrows it, Fused::AgenStep): the generator runs
// there like a called function, with no resume of its own fiber, no awaitable object
// and no C++ recursion; its next `yield` unlinks the frame again (gives it back) and
// the item lands where the consumer's YIELD_FROM would have left the await's result.
// An `await` inside that step suspends the consumer's whole fiber, the borrowed frame
// on top (the task genuinely suspends); its end raises StopAsyncIteration at the
// consumer's YIELD_FROM (agen_frame_returned). Everything else takes the generic
// protocol in generator.cpp (asend/athrow/aclose, a generator waiting in an await).
#pragma once
#include "interpreter/generator.hpp"
#include "interpreter/vm.hpp"

namespace aio::vm {

// Links `af`, the generator's only frame, on top of the consumer fiber `fb`; its
// object lies in the consumer's slot `ret`, where its item (or end) will land.
inline void agen_link(VMState& vs, Fiber* fb, Generator* g, Frame* af, rt::Value* ret) {
    vs.depth++;
    g->set_state(GenState::Running);
    af->fused = Fused::AgenStep;
    af->boundary = false;
    af->closing = false;
    af->ret = ret;
    fb->link_borrowed(af);
}

// The hot case of agen_borrow: `g` is suspended at its own `yield` (not in an await)
// and this step sends None. Returns the linked frame (its ip and sp saved), nullptr
// (nothing done) otherwise.
inline Frame* agen_borrow_at_yield(rt::Interp& I, VMState& vs, Fiber* fb, Generator* g, rt::Value* ret) {
    if (g->state() != GenState::Suspended) return nullptr;
    Fiber* own = g->fiber();
    if (!own->frames.single() || vs.depth >= I.recursion_limit) return nullptr;
    Frame* af = &own->frames.back();
    // (Suspended with a YIELD_VALUE's word right before ip: at that yield. A suspension
    // in an await re-runs its YIELD_FROM, whose ip has LOAD_CONST None before it.)
    const uint32_t* ip = af->ip;
    if (op_of(ip[-1]) != Op::YIELD_VALUE) return nullptr;
    // The value of its `yield` expression is None. A statement `yield x` drops it, and
    // when a jump follows (the loop around the yield) the frame continues at its target
    // at once: that jump's safepoint is redundant, the consumer's own loop (the only
    // way back to GET_ANEXT) polls once per item.
    // (POP_TOP__JUMP runs the same pair; its JUMP's word follows. Compared directly:
    // unfused() is a switch the compiler keeps out of line.)
    if (op_of(*ip) == Op::POP_TOP || op_of(*ip) == Op::POP_TOP__JUMP) {
        ip++;
        if (op_of(*ip) == Op::JUMP) ip = jump_dest(ip + 1, arg_of(*ip));
        af->ip = ip;
    } else {
        *af->sp++ = rt::Value::none();
    }
    agen_link(vs, fb, g, af, ret);
    return af;
}

// The borrowed frame on top of `fb` yields `item`: it goes back to its generator
// (Suspended at that yield), the item lands in the consumer's slot. The consumer's
// saved sp is left as it was: the VM goes on in it with its stack ending past the slot.
inline void agen_give_back(VMState& vs, Fiber* fb, rt::Value item) {
    Frame* af = fb->unlink_borrowed();
    vs.depth--;
    rt::Value* ret = af->ret;
    static_cast<Generator*>(ret->as_obj())->set_state(GenState::Suspended);
    af->fused = Fused::No;
    af->boundary = true;
    af->ret = nullptr;
    *ret = item;
}

}  // namespace aio::vm
