// interpreter/generator.hpp - generator, coroutine and async-generator objects.
// Each owns a small Fiber holding its suspended frame (DESIGN decision 4);
// resuming runs that fiber until the frame yields, returns or raises.
// Fused awaits: `await coro` / `yield from gen` of a generator that never ran
// moves its frame onto the awaiting fiber (state Fused): its yields suspend
// that whole fiber, a resume of the fiber's owner continues at the innermost
// frame, and its return value lands as the YIELD_FROM's result. `await f(x)`
// of a coroutine function skips the object and pushes the frame like a call.
#pragma once
#include <bit>

#include "interpreter/frame.hpp"
#include "runtime/object.hpp"

namespace aio::vm {

// Fused: the frame runs on another generator's fiber (an await or yield from of it).
enum class GenState : uint8_t { Created, Suspended, Running, Done, Fused };

// 32 bytes (one per task's coroutine): the state and the one-bit flags live in the
// header's `flags`, origin_line in its `aux`, the code in `names`. Its fiber lives in
// the generator's own cell when the cell stays small (embedded_bytes <= Heap::kMaxSmall):
// a task's coroutine and its frame are one cell of 192 bytes (24 + Fiber 40 + Frame 64
// + 4 values), where a 32-byte cell and a malloc'd fiber took 32 + 192.
struct Generator : rt::Object {
    // (__name__, __qualname__, origin file or None, code): one tuple shared by the
    // generators made from one function at call sites of one file (VMState::gen_names
    // caches it), where four words per coroutine took it past a 32-byte cell.
    rt::Tuple* names;
    rt::Str* name() const { return static_cast<rt::Str*>(names->items()[0].as_obj()); }
    rt::Str* qualname() const { return static_cast<rt::Str*>(names->items()[1].as_obj()); }
    // Coroutines: file of the call that created it (the never-awaited warning's
    // location, with origin_line); nullptr when outside script code.
    rt::Str* origin_file() const {
        rt::Value f = names->items()[2];
        return f.is_obj() ? static_cast<rt::Str*>(f.as_obj()) : nullptr;
    }
    rt::Code* code() const { return static_cast<rt::Code*>(names->items()[3].as_obj()); }
    // Its frames; nullptr once finished (freed early) or fused.
    Fiber* fiber() const { return flags & kOwnFiber ? embedded() : fiber_; }
    // The cell bytes of a generator whose fiber, embedded, has `first_values` values.
    static size_t embedded_bytes(size_t first_values) {
        return sizeof(Generator) - sizeof(Fiber*) + sizeof(Fiber) + Fiber::frame_bytes(first_values);
    }
    // Places its fiber in its own cell (allocated with embedded_bytes) / takes a
    // malloc'd one (Fiber::create).
    Fiber* embed_fiber(size_t first_values) {
        flags |= kOwnFiber;
        return Fiber::create_at(&fiber_, first_values);
    }
    void adopt_fiber(Fiber* fb) { fiber_ = fb; }
    // Frees the fiber (an embedded one is destroyed in place); fiber() is nullptr after.
    void drop_fiber();
    uint32_t origin_line() const { return aux; }
    void set_origin_line(uint32_t line) { aux = line; }

    GenState state() const { return GenState(*state_byte()); }
    void set_state(GenState s) { *state_byte() = uint8_t(s); }
    // Coroutines: was ever awaited/sent (never-awaited warning); async generators:
    // their first iteration ran asyncio's firstiter hook.
    bool awaited() const { return flags & kAwaited; }
    void set_awaited() { flags |= kAwaited; }
    // Set when the CALL that created it feeds GET_ITER + FOR_ITER at once
    // (`for x in gen():`): the loop's stack slot is then its only reference, so
    // leaving the loop early closes it, as CPython's refcount drop does.
    bool loop_owned() const { return flags & kLoopOwned; }
    void set_loop_owned() { flags |= kLoopOwned; }
    // Already closed once by the GC or at exit (never again, PEP 442).
    bool finalized() const { return flags & kFinalized; }
    void set_finalized() { flags |= kFinalized; }

private:
    // The state is the low byte of `flags`, read and written as a byte (an `async for`
    // step sets it twice per item); the one-bit flags are in the high byte, below the
    // top bit, which gather.cpp borrows on any object for a moment.
    static constexpr uint16_t kAwaited = 0x100, kLoopOwned = 0x200, kFinalized = 0x400, kOwnFiber = 0x800;
    static constexpr size_t kStateByte = std::endian::native == std::endian::little ? 0 : 1;
    const uint8_t* state_byte() const { return reinterpret_cast<const uint8_t*>(&flags) + kStateByte; }
    uint8_t* state_byte() { return reinterpret_cast<uint8_t*>(&flags) + kStateByte; }
    Fiber* embedded() const { return reinterpret_cast<Fiber*>(const_cast<Fiber**>(&fiber_)); }
    // A malloc'd fiber, or nullptr; with kOwnFiber, the first word of the fiber that
    // starts here and runs on past the struct into the rest of the cell.
    Fiber* fiber_;
};
static_assert(sizeof(Generator) == 32, "a task's coroutine fits a 32-byte cell");

// Outcome of resuming a generator: it yielded `value`, or returned `value`.
struct Resumed {
    rt::Value value;
    bool yielded;
};

// Resumes with `sent` (None for next()); throws rt::Unwind when the generator raises.
Resumed gen_send(rt::Interp& I, Generator* g, rt::Value sent);
// Resumes by raising `exc` at the suspension point (gen.throw).
Resumed gen_throw(rt::Interp& I, Generator* g, rt::Value exc);
// gen.close(): throws GeneratorExit in; RuntimeError "generator ignored GeneratorExit" if it yields.
void gen_close(rt::Interp& I, Generator* g);
// next(): the yielded value, or Null when the generator returned (its value is dropped).
rt::Value generator_next(rt::Interp& I, rt::Object* g);

// YIELD_FROM over `g` (Created): moves g's frame onto `fb` as a Fused::Object
// frame returning into `ret` (the caller's slot holding g). Raises RecursionError.
void fuse_created(rt::Interp& I, Fiber* fb, Generator* g, rt::Value* ret);
// A fused frame ends (returns or raises): marks its generator object Done.
inline void fused_frame_ended(Frame& f) {
    if (f.fused == Fused::Object) static_cast<Generator*>(f.ret->as_obj())->set_state(GenState::Done);
}
// The borrowed frame of an async generator (Fused::AgenStep, top of `fb`) returns:
// unlinks it, finishes the generator and returns the exception to raise at the
// consumer's YIELD_FROM: StopAsyncIteration (GeneratorExit when a close() is
// unwinding through it). The VM raises it without a C++ throw (Exit::Raise): the
// end of every `async for` goes this way, and a program's first throw costs the
// unwinder's set-up, some 23 million instructions in the static binary.
rt::Value agen_frame_returned(rt::Interp& I, Fiber* fb);
// A fused frame other than Fused::AgenStep (top of `fb`) returns: true when its caller
// must raise GeneratorExit instead of taking the value (close() of the caller closes
// what it awaits, then exits, PEP 342).
inline bool fused_frame_returned(Frame& f) {
    fused_frame_ended(f);
    return f.closing;
}
// A generator's fiber suspended (resume): when it waits in a YIELD_FROM (the
// awaited object on top of its stack) in a frame pushed by an await (Fused::Call) that does
// nothing after it but return the result (`return await x` outside any try/with),
// hands the await to its caller and pops it, so a task parked in asyncio.sleep or
// Event.wait keeps only its own frames. Tracebacks then skip the popped frames.
void tail_await_to_caller(rt::Interp& I, Fiber* fb);
// Raises GeneratorExit (the caller of a fused frame that returned while closing).
[[noreturn]] void raise_generator_exit(rt::Interp& I);
// A fused frame (top of `fb`) is left by an exception (I.pending): marks its generator
// Done, and turns a StopIteration escaping it into RuntimeError (PEP 479). True when it
// took the frame off `fb` itself (a borrowed Fused::AgenStep frame), else the caller pops it.
bool fused_frame_raised(rt::Interp& I, Fiber* fb, Frame& f);
// True when the CALL of a function with `code_flags`, whose next instruction is
// `next`, is a generator function's whose result is delegated to right away
// (`yield from g(x)`: GET_YIELD_FROM_ITER, LOAD_CONST None, YIELD_FROM). An awaited
// call of a coroutine function needs no such look: the compiler made it CALL_AWAIT.
inline bool yielded_from_at_once(uint32_t code_flags, const uint32_t* next, const rt::Value* consts) {
    return (code_flags & (rt::kCoGenerator | rt::kCoCoroutine)) == rt::kCoGenerator &&
           op_of(next[0]) == Op::GET_YIELD_FROM_ITER && op_of(next[1]) == Op::LOAD_CONST &&
           consts[arg_of(next[1])].is_none() && op_of(next[2]) == Op::YIELD_FROM;
}

// True when the CALL whose next instruction is `next` hands its result straight
// to a for loop (GET_ITER, FOR_ITER) or an async for (GET_AITER, GET_ANEXT): the
// generator it creates is loop_owned.
// next[1] is read only after next[0] is GET_ITER/GET_AITER: a CALL may be the
// code's next-to-last instruction.
inline bool iterated_at_once(const uint32_t* next) {
    Op a = op_of(next[0]);
    if (a == Op::GET_ITER) {
        Op b = op_of(next[1]);
        return b == Op::FOR_ITER || b == Op::FOR_ITER__STORE_FAST;
    }
    return a == Op::GET_AITER && op_of(next[1]) == Op::GET_ANEXT;
}
// POP_ITER: a for loop left early drops its iterator; a loop_owned generator
// that is suspended is closed now (exceptions are printed as "Exception ignored in"),
// a loop_owned async generator handed to the finalizer hook (agen_dropped).
inline bool is_loop_owned(rt::Value v) {
    return v.is_obj() &&
           (v.as_obj()->kind == rt::ObjKind::Generator || v.as_obj()->kind == rt::ObjKind::AsyncGenerator) &&
           static_cast<Generator*>(v.as_obj())->loop_owned();
}
void close_dropped_iterator(rt::Interp& I, rt::Value it);
// Exception unwinding drops the stack values [lo, hi): closes the loop_owned
// generators among them, topmost first, keeping I.pending as it was.
void close_dropped_iterators(rt::Interp& I, rt::Value* lo, rt::Value* hi);

// One step of an async generator awaited by `async for` (its __anext__, run
// natively): resumes it with send(v), or throw(v) when `throwing`. Its own yield
// completes the step: Resumed{item, false}; an await inside it suspends:
// Resumed{x, true} (x goes up to the Task). Raises StopAsyncIteration when it ends.
Resumed agen_step(rt::Interp& I, Generator* g, rt::Value v, bool throwing);
// True when an async generator's last suspension was its own `yield` (not an await).
bool agen_yielded_item(Generator* g);
// `async for` steps an async generator `g` (the object in the consumer's slot `ret`)
// by running its frame on the consumer's fiber `fb` (Fused::AgenStep): no resume of
// its own fiber, no C++ recursion. Possible when it is not started or suspended at
// its own `yield`, and the step sends None; false (nothing done) otherwise.
// Its hot case and the give-back at the generator's `yield` are in agen_step.hpp.
bool agen_borrow(rt::Interp& I, Fiber* fb, Generator* g, rt::Value* ret);
// GET_ANEXT of an async generator: runs asyncio's firstiter hook on its first iteration.
void agen_first_iter(rt::Interp& I, Generator* g);

// Installs the methods of generator/coroutine/async_generator types.
void install_generator_types(rt::Interp& I);

}  // namespace aio::vm
