// interpreter/generator.hpp - generator, coroutine and async-generator objects.
// Each owns a small Fiber holding its one suspended frame (DESIGN decision 4);
// resuming runs that fiber until the frame yields, returns or raises.
#pragma once
#include "interpreter/frame.hpp"
#include "runtime/object.hpp"

namespace aio::vm {

enum class GenState : uint8_t { Created, Suspended, Running, Done };

struct Generator : rt::Object {
    Fiber* fiber;            // owned; nullptr once finished (freed early)
    rt::Code* code;
    rt::Str* name;
    rt::Str* qualname;
    GenState state;
    bool awaited;            // coroutines: was ever awaited/sent (never-awaited warning)
    bool closing;            // async generators: aclose() in progress
};

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

// Installs the methods of generator/coroutine/async_generator types.
void install_generator_types(rt::Interp& I);

}  // namespace aio::vm
