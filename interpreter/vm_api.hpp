// interpreter/vm_api.hpp - what the runtime needs from the VM: running Python
// functions, and tracing/finalising the VM-owned object kinds (Code, Generator,
// Coroutine, AsyncGenerator) and roots (fibers, frames).
#pragma once
#include <string_view>

#include "runtime/object.hpp"

namespace aio::rt { struct Interp; }

namespace aio::vm {

// Calls a Python function (rt::Function) with CPython's argument binding.
// Runs to completion on the current fiber (nested dispatch loop). Throws rt::Unwind.
rt::Value call_function(rt::Interp& I, rt::Function* f, const rt::CallArgs& a);

// GC hooks: mark everything the VM holds; trace one VM-owned object; free its
// non-heap memory when it is swept.
void trace_roots(rt::Interp& I);
void trace_object(rt::Interp& I, rt::Object* o);
void finalize_object(rt::Interp& I, rt::Object* o);

// Finalization of suspended generators whose frame would still run code when
// closed (a try/with/except around the suspension point), as CPython closes a
// generator when its last reference goes. The GC, after marking, resurrects the
// unreachable ones and queues them (queue_unreachable_generators); the next
// safepoint closes them (run_generator_finalizers), in creation order; at exit
// every one still suspended is closed (close_generators_at_exit). Each is
// closed once at most; what a close raises is printed as "Exception ignored in".
void queue_unreachable_generators(rt::Interp& I);
void run_generator_finalizers(rt::Interp& I);
void close_generators_at_exit(rt::Interp& I);

// Resumes a generator (ObjKind::Generator) for next(): returns the yielded value,
// or Null when it is exhausted (StopIteration swallowed). Throws rt::Unwind.
rt::Value generator_next(rt::Interp& I, rt::Object* gen);

// next() on a Generator-kind object: the yielded value, or Null when it finished.
rt::Value generator_next(rt::Interp& I, rt::Object* gen);

// Zero-argument super(): the class (__class__ cell) and the first argument of
// the innermost running Python function. Raises RuntimeError as CPython when absent.
void current_super_args(rt::Interp& I, rt::Type** type, rt::Value* obj);

// e.__traceback__: a traceback object (tb_lineno, tb_next) for a raised exception.
rt::Value make_traceback(rt::Interp& I, rt::Exception* e);

// Attribute [name] of module [module], imported (once) if needed (import.cpp): how
// natives reach objects defined by embedded aio modules (bytearray,
// sys.version_info, types.GenericAlias). Throws rt::Unwind.
rt::Value module_attr(rt::Interp& I, std::string_view module, rt::Str* name);
// The names CPython's import system gives a module run from source, so that dir()
// and globals() list the same ones: __builtins__ (the builtins module for __main__,
// its dict elsewhere), __loader__/__spec__ (None: aio has no importlib), __cached__,
// __package__ (None for __main__ unless already set) and, for __main__, __annotations__.
void init_source_module_globals(rt::Interp& I, rt::Dict* globals, bool is_main);

// Creates the VM state (I.vm). Called by init_runtime.
void init_vm(rt::Interp& I);

}  // namespace aio::vm
