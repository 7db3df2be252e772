// runtime/interp.hpp - Interp: everything one interpreter instance owns (heap,
// built-in types, interned names, modules, output, VM state). There is no global
// mutable state: every function takes the Interp it works on.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/heap.hpp"
#include "runtime/intern_table.hpp"
#include "runtime/object.hpp"

namespace aio::vm { struct VMState; }
namespace aio::loop { class EventLoop; }

namespace aio::rt {

struct Names {
#define N(field, text) Str* field = nullptr;
#include "runtime/names.def"
#undef N
};

// Built-in types other than exceptions.
#define AIO_BUILTIN_TYPES(X)                                                              \
    X(type, "type") X(object, "object") X(none, "NoneType") X(bool_, "bool") X(int_, "int") \
    X(float_, "float") X(str, "str") X(bytes, "bytes") X(tuple, "tuple") X(list, "list")   \
    X(dict, "dict") X(set, "set") X(frozenset, "frozenset") X(range, "range")             \
    X(slice, "slice") X(function, "function") X(builtin_function, "builtin_function_or_method") \
    X(method, "method") X(code, "code") X(cell, "cell") X(module, "module")               \
    X(property, "property") X(staticmethod, "staticmethod") X(classmethod, "classmethod") \
    X(super, "super") X(iterator, "iterator") X(generator, "generator")                   \
    X(list_iterator, "list_iterator") X(list_reverseiterator, "list_reverseiterator")     \
    X(tuple_iterator, "tuple_iterator") X(str_iterator, "str_iterator")                   \
    X(str_ascii_iterator, "str_ascii_iterator") X(bytes_iterator, "bytes_iterator")       \
    X(range_iterator, "range_iterator") X(set_iterator, "set_iterator")                   \
    X(dict_keyiterator, "dict_keyiterator") X(dict_valueiterator, "dict_valueiterator")   \
    X(dict_itemiterator, "dict_itemiterator")                                             \
    X(coroutine, "coroutine") X(async_generator, "async_generator")                       \
    X(not_implemented_type, "NotImplementedType") X(ellipsis_type, "ellipsis")            \
    X(native, "native") X(dict_keys, "dict_keys") X(dict_values, "dict_values")          \
    X(dict_items, "dict_items") X(member_descriptor, "member_descriptor")

struct Types {
#define X(field, name) Type* field = nullptr;
    AIO_BUILTIN_TYPES(X)
#undef X
};

struct ExceptionTypes {
#define X(name, base) Type* name = nullptr;
#include "runtime/exception_types.def"
#undef X
};

// Where print() and tracebacks go. The CLI writes to fds 1/2; hosts may redirect.
using OutputSink = std::function<void(std::string_view)>;

// An entry of Interp::side_table.
struct SideSlots {
    Dict* dict = nullptr;   // the attributes
    Value name;             // a Task's own name
    Value message;          // a pending Task's (or Future's) cancel message
};

struct Interp {
    Interp();
    ~Interp();
    Interp(const Interp&) = delete;
    Interp& operator=(const Interp&) = delete;

    Heap heap{*this};
    Types types;
    ExceptionTypes exc;
    Names names;
    Value not_implemented, ellipsis;

    InternTable interned;
    Dict* builtins = nullptr;      // the builtins module's dict
    Dict* modules = nullptr;       // sys.modules
    Module* sys_module = nullptr;

    // The exception being propagated by a thrown rt::Unwind (see protocol.hpp).
    Value pending;

    // Values rooted by TempRoot (a stack).
    std::vector<Value> temp_roots;

    // stdout is buffered; flushed at exit, before writing to stderr, and when
    // the buffer grows large. `unbuffered` flushes after every write (-u).
    std::string out_buf;
    OutputSink out_sink, err_sink;
    bool unbuffered = false;
    void write_out(std::string_view s);
    void write_err(std::string_view s);  // flushes stdout first
    void flush_out();

    int recursion_limit = 1000;
    // Levels of native code recursing into itself without a Python frame (repr or
    // comparison of nested containers, nested iterators): see rt::NativeRecursion.
    int native_recursion = 0;
    // The lowest C stack address native code may use on the thread that last checked
    // (rt::c_stack_exhausted); 0 until first computed.
    uintptr_t c_stack_limit = 0;
    uintptr_t c_stack_thread = 0;
    std::vector<std::string> argv;
    std::vector<std::string> path;       // sys.path

    // Source text of every compiled file (filename -> text), for tracebacks.
    // The VM registers each file it compiles; missing files are read from disk.
    std::unordered_map<std::string, std::string> sources;

    // Bumped on every mutation of a class namespace (C.x = ..., del C.x) and on
    // class creation: a cache keyed on (type, attribute) is valid while this is unchanged.
    uint64_t type_epoch = 1;

    // float('nan') gives each NaN its own payload, so that two of them are not
    // identical (in CPython they are distinct objects: [x] == [x] only for the same x).
    uint64_t nan_serial = 0;

    // Preallocated so that running out of memory can raise without allocating.
    Exception* memory_error = nullptr;

    // Every class made by a class statement or type(), in creation order, for
    // type.__subclasses__(); the collector drops the dead ones (weak references).
    std::vector<Type*> heap_types;

    // Containers being repr()'d (recursion guard: `[[...]]`, `{...}`).
    std::vector<Object*> repr_stack;

    // What objects whose layout has no room for it hold here (asyncio's plain Future
    // and Task: attributes, a Task's own name, a pending Task's cancel message; see
    // stdlib/asyncio/future_attrs.cpp). Not roots: each object traces its own entry,
    // and sweeping it erases the entry.
    std::unordered_map<Object*, SideSlots> side_table;

    // Extra GC root tracers (native modules' state, host handles): called by collect().
    std::vector<std::function<void(Interp&)>> root_tracers;

    // Interp's destructor is compiled without the VM's headers: the deleter is
    // defined by the VM (interpreter/vm_support.cpp), where VMState is complete.
    struct VMStateDeleter { void operator()(vm::VMState* p) const; };
    std::unique_ptr<vm::VMState, VMStateDeleter> vm;  // frames, fibers, caches (interpreter/)
    loop::EventLoop* loop = nullptr;     // created on first use (runtime/loop/)
};

}  // namespace aio::rt
