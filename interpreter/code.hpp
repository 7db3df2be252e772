// interpreter/code.hpp - Code: the compiled form of one function, class body,
// comprehension or module: bytecode, constants, names, the line of every
// instruction, and the exception table. Produced by the compiler, run by the VM.
// Invariant: exc_table entries do not overlap (the compiler assigns each
// instruction its innermost handler and merges runs), sorted by start.
#pragma once
#include <cstdint>
#include <vector>

#include "interpreter/opcodes.hpp"
#include "runtime/object.hpp"

namespace aio::rt {

struct ExcEntry {
    uint32_t start, end;   // covered instructions [start, end)
    uint32_t target;       // handler
    uint32_t depth;        // stack depth (relative to the frame's stack base) to unwind to
    bool lasti;            // push the faulting instruction index before the exception
};

enum CodeFlags : uint32_t {
    kCoVarargs = 0x4,          // has *args
    kCoVarkeywords = 0x8,      // has **kwargs
    kCoGenerator = 0x20,
    kCoCoroutine = 0x80,
    kCoAsyncGenerator = 0x200,
    kCoModule = 0x1000,        // module or class body: names go through a locals dict (LOAD_NAME)
    kCoClassBody = 0x2000,
};

// LOAD_GLOBAL's inline cache, one per name: valid while both dicts keep the
// versions seen when it was filled (Dict::version changes on every mutation).
// A name found in the globals depends on them alone: its builtins_version is
// kInGlobals, and the hit skips the builtins' version.
struct GlobalCache {
    static constexpr uint64_t kInGlobals = ~uint64_t(0);
    Dict* globals = nullptr;
    uint64_t globals_version = 0;
    uint64_t builtins_version = 0;
    Value value;
};

// LOAD_ATTR / STORE_ATTR / LOAD_METHOD's inline cache, one per name (sites of one
// name in one code share it). Valid while `type` is the object's class and the
// interpreter's type epoch (bumped on any class change) equals `epoch`; both are
// traced, so a cached Type* can never be a freed-and-reused address.
enum class AttrCacheKind : uint8_t {
    Empty,
    InstanceSlot,   // obj.name lives in the Instance's dict: entry `index` when its key is `name`
    Method,         // LOAD_METHOD: `value` is type's function; an Instance's dict may shadow it
};
struct AttrCache {
    Type* type = nullptr;
    uint64_t epoch = 0;
    Value value;
    uint32_t index = 0;
    AttrCacheKind kind = AttrCacheKind::Empty;
};

struct Code : Object {
    std::vector<uint32_t> code;       // instruction words (opcodes.hpp)
    std::vector<int32_t> lines;       // source line of each instruction
    std::vector<Value> consts;        // None/bool/int/float/Str/Bytes/Tuple of consts/Code/Ellipsis
    std::vector<Str*> names;          // attribute, global and module-level names
    std::vector<Str*> varnames;       // local slots; the parameters come first:
                                      // positional (incl. posonly), kwonly, *args, **kwargs
    std::vector<Str*> cellvars;       // names of this code's cells (slots 0..ncell-1 of the cell array)
    std::vector<Str*> freevars;       // names of the closure's cells (slots ncell.. of the cell array)
    std::vector<int32_t> cell2arg;    // per cellvar: the parameter slot that initialises it, or -1
    std::vector<ExcEntry> exc_table;
    std::vector<GlobalCache> global_cache;  // VM-owned, sized to names by vm::code_shape
    std::vector<AttrCache> attr_cache;      // VM-owned, sized to names by vm::code_shape
    uint32_t argcount = 0;            // positional parameters, including posonly
    uint32_t posonlyargcount = 0;
    uint32_t kwonlyargcount = 0;
    uint32_t stacksize = 0;           // max value-stack depth
    uint32_t flags = 0;               // CodeFlags
    uint32_t plain_nlocals = 0;       // nlocals(), set with the frame shape (below) for the call path
    Str* name = nullptr;
    Str* qualname = nullptr;
    Str* filename = nullptr;
    int32_t firstlineno = 0;
    // Frame shape, computed by the VM on the first call (vm::code_shape):
    // values a frame needs, and whether a call with exactly `argcount`
    // positional arguments binds by copying them (no kw-only/varargs/own cells;
    // `plain_nfree` closure cells are copied after them).
    uint32_t frame_values = 0;        // 0 = not computed yet
    uint32_t frame_bytes = 0;         // Fiber::frame_bytes(frame_values), for the call path
    // argcount when such a call binds by copying, else kNotPlain (also until computed: the
    // first call takes the general path); one compare with the call's count tests both.
    static constexpr uint32_t kNotPlain = ~0u;
    uint32_t plain_argcount = kNotPlain;
    uint32_t plain_nfree = 0;
    uint32_t plain_stack = 0;         // plain_nlocals + plain_nfree: where a plain frame's value stack starts
    // plain_argcount for a coroutine function's code without await_now, else kNotPlain:
    // `await f(args)` pushes its frame at once when its count matches (one compare).
    uint32_t await_argcount = kNotPlain;
    // Coroutine functions only: a native that may finish `await f(args)` at once,
    // without a frame. Called (by the VM's CALL, when the call is awaited right away
    // with exactly `argcount` positional arguments) with those arguments; returns the
    // coroutine's result when the body would have returned it without suspending (doing
    // exactly what the body does, nothing observable missing), or Null, having done
    // nothing, to run the body as usual. Set by the natives that own such a body
    // (asyncio.Queue.put/get, stdlib/asyncio/queue_core.cpp).
    NativeFn await_now = nullptr;

    uint32_t nlocals() const { return uint32_t(varnames.size()); }
    uint32_t ncells() const { return uint32_t(cellvars.size() + freevars.size()); }
};

}  // namespace aio::rt

namespace aio::vm {
// Allocates an empty Code on I's heap (its vectors are destroyed when swept).
rt::Code* new_code(rt::Interp& I);
// Defines the co_* attributes of the code type.
void install_code_type(rt::Interp& I);
}  // namespace aio::vm
