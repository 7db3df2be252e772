// interpreter/vm.hpp - the VM's internal interface: its per-interpreter state,
// frame setup (argument binding) and the dispatch loop entry.
#pragma once
#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

#include "interpreter/frame.hpp"
#include "interpreter/generator.hpp"
#include "runtime/interp.hpp"

namespace aio::vm {

struct VMState {
    Fiber main;
    Fiber* current = &main;          // the fiber whose top frame runs
    std::vector<Fiber*> resumed;     // fibers suspended by a nested resume (traced)
    int depth = 0;                   // Python frames alive on the running chain (recursion limit)
    int native_depth = 0;            // nested run() calls on the C++ stack
    rt::Value build_class;           // the __build_class__ native
    rt::Value agen_firstiter;        // called with each async generator `async for` starts (asyncio's hook), or Null
    rt::Value agen_finalizer;        // called with each one an `async for` made and dropped unfinished, or Null
    bool agen_protocol_loaded = false;   // asyncio.agen imported for a module that needs it (run_module_code)
    rt::Type* traceback_type = nullptr;  // created on first e.__traceback__
    // Generator-kind objects that may need closing when they die (see
    // queue_unreachable_generators), in creation order; pruned by each collection.
    std::vector<Generator*> generators;
    std::vector<Generator*> finalize_queue;  // unreachable, resurrected, to be closed (traced)
    bool finalizing = false;                 // run_generator_finalizers is running
    std::vector<std::string> initializing;  // modules being imported (circular-import messages)
    // "never awaited" warnings already shown: once per location and text, as CPython's
    // __warningregistry__ (a loop dropping coroutines at one line warns once).
    std::unordered_set<std::string> warned;
    // Host limits set by the embedding API (api/), polled only at safepoints
    // (backward jumps and calls): every loop and every recursion reaches one, and
    // straight-line code pays nothing. interrupt_requested may be set from any thread.
    // A spent budget stays spent, so a script that catches the exception cannot go on.
    // Safepoints test only the heap's trigger word (Heap::safepoint_due): setting a
    // limit also drops that word to 0, which sends every safepoint through the
    // slow path that polls them (request_interrupt, set_budget).
    std::atomic<bool> interrupt_requested{false};
    int64_t budget = -1;                 // safepoints left before raising; -1 = unlimited
    std::atomic<size_t>* safepoint_trigger = nullptr;  // the heap's (set with the VM state)
    rt::Type* interrupt_type = nullptr;  // a built-in exception type; nullptr = KeyboardInterrupt
    // A fiber chunk a suspending generator gave up (Fiber::trim_keep_spare), for the next
    // one resumed: a task switch through `await asyncio.sleep(0)` then mallocs nothing.
    FiberChunk* spare_chunk = nullptr;
    // Generator::names tuples for reuse, direct-mapped by code object (gen_names in
    // generator.cpp): 200,000 coroutines of one function share one tuple. Traced.
    std::array<rt::Tuple*, 64> gen_names{};
    // Comprehension functions for reuse, direct-mapped by code object
    // (make_comprehension_function in vm.cpp). Not traced: each collection empties it.
    std::array<rt::Function*, 32> comprehension_fns{};

    // Any thread, or a signal handler (async-signal-safe: two lock-free stores).
    void request_interrupt() {
        interrupt_requested.store(true);
        safepoint_trigger->store(0);
    }
    void set_budget(int64_t safepoints) {
        budget = safepoints;
        if (budget >= 0) safepoint_trigger->store(0);
    }

    VMState() = default;
    VMState(const VMState&) = delete;
    VMState& operator=(const VMState&) = delete;
    ~VMState() { std::free(spare_chunk); }
};

inline VMState& state(rt::Interp& I) { return *I.vm; }

// Pushes a frame for `f` on `fb` and binds the arguments (CPython's rules and
// messages). `args` may live on the caller's stack (zero-copy when possible).
// Throws rt::Unwind on a binding error (no frame is left pushed).
Frame& push_function_frame(rt::Interp& I, Fiber* fb, rt::Function* f, rt::Value* args,
                           uint32_t nargs, rt::Tuple* kwnames, rt::Value* ret);
// vm::call_function, and then frees [spent]'s buffer (a list the call's arguments
// lie in, which nothing else reaches) as soon as they are bound.
rt::Value call_function(rt::Interp& I, rt::Function* f, const rt::CallArgs& a, rt::List* spent);
// Pushes a copy of `from` (a Created generator's frame: its bound locals and cells,
// nothing on its stack) on `fb`; counts towards the recursion depth.
Frame& push_moved_frame(rt::Interp& I, Fiber* fb, const Frame& from);
// Pushes a frame running `code` with an explicit globals/locals (module and class bodies).
Frame& push_code_frame(rt::Interp& I, Fiber* fb, rt::Code* code, rt::Dict* globals,
                       rt::Dict* locals, rt::Tuple* closure);
// Copies a Value as two 8-byte words. The fast paths write results as two
// 8-byte stores (tag word, payload); a 16-byte SSE reload of such a slot (what
// a plain struct copy compiles to) cannot be forwarded from the store buffer
// and stalls the pipeline, which made STORE_FAST after BINARY_OP the hottest
// instruction of a loop. The empty asm keeps the compiler from merging the two
// loads back into one.
inline void copy_value(rt::Value* dst, const rt::Value* src) {
#if defined(__GNUC__) && defined(__x86_64__)
    uint64_t a, b;
    std::memcpy(&a, src, 8);
    std::memcpy(&b, reinterpret_cast<const char*>(src) + 8, 8);
    asm("" : "+r"(a), "+r"(b));
    std::memcpy(static_cast<void*>(dst), &a, 8);
    std::memcpy(reinterpret_cast<char*>(dst) + 8, &b, 8);
#else
    *dst = *src;
#endif
}

inline rt::Value load_value(const rt::Value* p) {
    rt::Value v;
    copy_value(&v, p);
    return v;
}

// Computes Code::frame_values / frame_bytes / plain_argcount and sizes the attribute and global
// caches (once per code object, before its first frame runs).
// The work is out of line: it runs once, and inlined it crowded the call path.
void compute_code_shape(rt::Code* co);
inline void code_shape(rt::Code* co) {
    if (!co->frame_values) compute_code_shape(co);
}

// Copies f's closure cells to `cells` (MAKE_FUNCTION gives a closure of exactly
// the free variables); returns the end of them. Out of line: most calls skip it.
rt::Value* copy_closure_cells(rt::Function* f, rt::Value* cells);

// The call fast path: a frame for `f` called with exactly its positional
// parameters, when its code binds them by plain copying (Code::plain_argcount);
// nullptr when the general push_function_frame must be used.
// The first call of a code object finds no plain_argcount (its shape is not computed
// yet) and takes the general path, which computes it.
// Only ip and sp are left unset: the VM's CALL loads its registers from what it
// knows (ENTER_PLAIN_FRAME in vm.cpp), and the frame's first instruction that can
// raise, allocate or call out stores sp and ip (SYNC) before anything reads them;
// ip is stored whenever control leaves the frame (SAVE_FRAME, an unwind).
// push_plain_frame once the count is known to match (a coroutine's Code::await_argcount).
inline Frame* push_counted_frame(rt::Interp& I, VMState& vs, Fiber* fb, rt::Function* f, const rt::Value* args,
                                 uint32_t nargs, rt::Value* ret, Fused fused) {
    rt::Code* co = f->code;
    if (vs.depth >= I.recursion_limit) return nullptr;
    Frame& fr = *fb->push_bytes(co->frame_bytes);
    rt::Value* mem = fr.base();
    uint32_t nlocals = co->plain_nlocals;
    // Unrolled for the usual counts: the loop's set-up and per-argument compare and
    // branch were a third of the copy.
    switch (nargs) {
        case 4: copy_value(&mem[3], &args[3]); [[fallthrough]];
        case 3: copy_value(&mem[2], &args[2]); [[fallthrough]];
        case 2: copy_value(&mem[1], &args[1]); [[fallthrough]];
        case 1: copy_value(&mem[0], &args[0]); [[fallthrough]];
        case 0: break;
        default:
            for (uint32_t i = 0; i < nargs; i++) copy_value(&mem[i], &args[i]);
    }
    for (uint32_t i = nargs; i < nlocals; i++) mem[i] = rt::Value::null();
    fr.code = co;
    fr.globals = f->globals;
    fr.locals = nullptr;
    fr.cells_at = nlocals;
    fr.ret = ret;
    // boundary and closing false, `fused` between them: one store (plain_return's layout)
    uint32_t flags = uint32_t(fused) << 8;
    std::memcpy(reinterpret_cast<char*>(&fr) + offsetof(Frame, boundary), &flags, 4);
    if (co->plain_nfree) [[unlikely]] copy_closure_cells(f, mem + nlocals);
    vs.depth++;
    return &fr;
}

inline Frame* push_plain_frame(rt::Interp& I, VMState& vs, Fiber* fb, rt::Function* f, const rt::Value* args,
                               uint32_t nargs, rt::Value* ret, Fused fused = Fused::No) {
    if (nargs != f->code->plain_argcount) return nullptr;
    return push_counted_frame(I, vs, fb, f, args, nargs, ret, fused);
}

// Whether returning from `f` is a plain return into its caller on the same fiber
// (the value goes to *ret, the caller goes on at its saved ip): an ordinary call,
// or `await f()` that pushed f's frame (Fused::Call) unless a close() is unwinding
// through it; not a boundary (run() returns) nor any other fused frame.
// One load and one test: boundary and closing false, fused No or Call (which differ
// in one bit).
inline bool plain_return(const Frame& f) {
    static_assert(offsetof(Frame, fused) == offsetof(Frame, boundary) + 1 &&
                      offsetof(Frame, closing) == offsetof(Frame, boundary) + 2,
                  "flags are adjacent");
    static_assert(sizeof(bool) == 1 && sizeof(Fused) == 1, "one byte each");
    static_assert(uint8_t(Fused::No) == 0 && uint8_t(Fused::Call) == 1, "No and Call differ in bit 0");
    static_assert(offsetof(Frame, closing) + 1 < sizeof(Frame), "the fourth byte (padding) is inside the frame");
    constexpr uint32_t kMustBeZero = std::bit_cast<uint32_t>(std::array<uint8_t, 4>{0xff, 0xfe, 0xff, 0});
    uint32_t flags;
    std::memcpy(&flags, &f.boundary, 4);
    return (flags & kMustBeZero) == 0;
}

inline void pop_frame(VMState& vs, Fiber* fb) {
    fb->pop();
    vs.depth--;
}
inline void pop_frame(rt::Interp& I, Fiber* fb) { pop_frame(state(I), fb); }
// The values a frame of `co` needs: locals, cells and its value stack (a resume
// pushes the sent value where the suspension popped one).
inline size_t frame_values(rt::Code* co) {
    code_shape(co);
    return co->frame_values;
}

// Runs `fb` from its top frame until a boundary frame returns (Resumed{v,false})
// or yields (Resumed{v,true}). Throws rt::Unwind when the boundary frame raises.
// With throw_pending, first raises I.pending at the top frame's current instruction (gen.throw).
// When too many run() calls are nested on the C++ stack (or the C stack is nearly
// used up), RecursionError is raised in the top frame before it runs an instruction,
// and unwinds it like any exception.
Resumed run(rt::Interp& I, Fiber* fb, bool throw_pending = false);
// run() for callers that handle the exception themselves (closing a generator does
// every time): returns false with the exception in I.pending instead of throwing,
// which spares the C++ unwinder (tens of thousands of instructions per throw).
bool run_caught(rt::Interp& I, Fiber* fb, bool throw_pending, Resumed* out);
// Raises RecursionError when one more nested run() would be too many; callers check
// it before pushing a boundary frame, to avoid the push.
void check_native_depth(rt::Interp& I);

// Runs module-level code in `globals` (which is also its locals).
rt::Value run_module_code(rt::Interp& I, rt::Code* code, rt::Dict* globals);
// run_module_code with a locals mapping of its own (exec/eval of source text).
rt::Value run_code(rt::Interp& I, rt::Code* code, rt::Dict* globals, rt::Dict* locals);

// Creates a generator/coroutine/async generator for a call of `f`.
rt::Value make_generator(rt::Interp& I, rt::Function* f, rt::Value* args, uint32_t nargs,
                         rt::Tuple* kwnames);

// Appends a traceback entry for frame `fr` to the exception `exc`.
void add_traceback(rt::Interp& I, rt::Value exc, const Frame& fr);

// Import machinery (import.cpp).
rt::Value import_name(rt::Interp& I, rt::Str* name, rt::Value fromlist, int64_t level, rt::Dict* globals);
rt::Value import_from(rt::Interp& I, rt::Value module, rt::Str* name);
void import_star(rt::Interp& I, rt::Value module, rt::Dict* locals);

rt::Value make_build_class(rt::Interp& I);
void install_super(rt::Interp& I);

}  // namespace aio::vm
