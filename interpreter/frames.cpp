// interpreter/frames.cpp - fiber memory and frame setup, including CPython's
// argument binding (positional, keywords, defaults, *args, **kwargs) and its
// exact TypeError messages.
#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "interpreter/vm.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"

namespace aio::vm {

using namespace aio::rt;

Fiber::Fiber() : top(&first), first() {}

static_assert(sizeof(Fiber) == 40, "a fiber's header stays five words");
static_assert(offsetof(FiberChunk, prev) == 0 && sizeof(HandledRef) == sizeof(FiberChunk*),
              "handled takes exactly the embedded chunk's prev word");

Fiber::~Fiber() {
    for (FiberChunk* c = first.next; c;) {
        FiberChunk* n = c->next;
        std::free(c);
        c = n;
    }
}

static_assert(sizeof(Frame) % alignof(Value) == 0 && sizeof(FiberChunk) % alignof(Value) == 0,
              "values follow frames and chunk headers unpadded");

Fiber* Fiber::create(size_t first_values) {
    void* mem = std::malloc(sizeof(Fiber) + frame_bytes(first_values));
    if (!mem) throw std::bad_alloc();
    return create_at(mem, first_values);
}

Fiber* Fiber::create_at(void* mem, size_t first_values) {
    auto* fb = new (mem) Fiber();
    fb->first.cap = uint32_t(frame_bytes(first_values));
    return fb;
}

void Fiber::destroy(Fiber* fb) {
    if (!fb) return;
    fb->~Fiber();
    std::free(fb);
}

namespace {
constexpr unsigned char kCanaryByte = 0xa5;
}  // namespace

void Fiber::set_canary(char* end) { std::memset(end - sizeof(Value), kCanaryByte, sizeof(Value)); }

void Fiber::check_canary(const char* end) {
    const char* v = end - sizeof(Value);
    for (size_t i = 0; i < sizeof(Value); i++) {
        if (static_cast<unsigned char>(v[i]) != kCanaryByte) {
            std::fprintf(stderr, "aio: a frame wrote above its value stack (compile_builder.cpp's depth pass)\n");
            std::abort();
        }
    }
}

namespace {
// The second chunk of a fiber holds exactly the frame that needs it: a suspended
// task is typically parked one await deep (sleep, Event.wait), and 100,000 of them
// should not each keep a half-empty chunk. Later chunks grow geometrically from
// kSpareChunk so deep recursion costs few mallocs.
constexpr size_t kSpareChunk = 512;
constexpr size_t kMaxChunk = 512 * 1024;
}  // namespace

void compute_code_shape(Code* co) {
    // (generator and coroutine codes too: an awaited call pushes their frame, vm.cpp CALL)
    // Free variables are fine (push_plain_frame copies the closure's cells):
    // comprehensions and nested helpers take the fast path too.
    bool plain = co->kwonlyargcount == 0 && co->cellvars.empty() &&
                 !(co->flags & (rt::kCoVarargs | rt::kCoVarkeywords));
    co->plain_argcount = plain ? co->argcount : Code::kNotPlain;
    co->await_argcount = (co->flags & rt::kCoCoroutine) && !co->await_now ? co->plain_argcount : Code::kNotPlain;
    co->plain_nfree = uint32_t(co->freevars.size());
    co->plain_nlocals = co->nlocals();
    co->plain_stack = co->plain_nlocals + co->plain_nfree;
    co->frame_values = co->nlocals() + co->ncells() + co->stacksize + Fiber::kCanaryValues;
    co->frame_bytes = uint32_t(Fiber::frame_bytes(co->frame_values));
    co->attr_cache.resize(co->names.size());
    co->global_cache.resize(co->names.size());
}

Value* copy_closure_cells(Function* f, Value* cells) {
    uint32_t nfree = f->code->plain_nfree;
    const Value* closure = f->closure->items();
    for (uint32_t i = 0; i < nfree; i++) cells[i] = closure[i];
    return cells + nfree;
}

FiberChunk* Fiber::grow(size_t bytes) {
    FiberChunk* c = top;
    FiberChunk* n = c->next;
    if (n && n->cap < bytes) {
        // a spare too small for this frame: replace it
        c->next = n->next;
        if (n->next) n->next->prev = c;
        std::free(n);
        n = nullptr;
    }
    if (!n) {
        size_t want = c == &first ? bytes : std::min(kMaxChunk, std::max(kSpareChunk, 4 * size_t(c->cap)));
        size_t cap = std::max(bytes, want);
        void* mem = std::malloc(sizeof(FiberChunk) + cap);
        if (!mem) throw std::bad_alloc();
        n = new (mem) FiberChunk();
        n->cap = uint32_t(cap);
        n->prev = c;
        n->next = c->next;
        if (c->next) c->next->prev = n;
        c->next = n;
    }
    n->used = 0;
    top = n;
    return n;
}

void Fiber::trim() {
    while (top->used == 0 && top != &first) top = top->prev;  // an empty chunk pop() left on top
    FiberChunk* c = top->next;
    top->next = nullptr;
    while (c) {
        FiberChunk* n = c->next;
        std::free(c);
        c = n;
    }
}

FiberChunk* Fiber::trim_keep_spare(size_t keep_max) {
    while (top->used == 0 && top != &first) top = top->prev;
    FiberChunk* keep = top->next;
    if (keep && keep->cap <= keep_max) {
        top->next = keep->next;
        if (keep->next) keep->next->prev = top;
        keep->next = keep->prev = nullptr;
    } else {
        keep = nullptr;
    }
    trim();
    return keep;
}

namespace {

std::string fname(Function* f) { return std::string(f->qualname->view()); }

[[noreturn]] void too_many_positional(Interp& I, Function* f, Code* co, uint32_t given,
                                      uint32_t kwonly_given) {
    uint32_t defcount = f->defaults ? f->defaults->size : 0;
    rt::raise_too_many_positional(I, fname(f), co->argcount - defcount, co->argcount, given, kwonly_given);
}

[[noreturn]] void missing_args(Interp& I, Function* f, const std::vector<Str*>& names, const char* kind) {
    std::vector<std::string_view> views;
    for (Str* s : names) views.push_back(s->view());
    rt::raise_missing_args(I, fname(f), views, kind);
}

// Fills the frame's locals from the call's arguments.
void bind_args(Interp& I, Frame& fr, Function* f, Value* args, uint32_t nargs, Tuple* kwnames) {
    Code* co = fr.code;
    Value* locals = fr.base();
    uint32_t nkw = kwnames ? kwnames->size : 0;
    uint32_t npos = nargs - nkw;
    uint32_t argcount = co->argcount;
    uint32_t total = argcount + co->kwonlyargcount;
    bool has_varargs = co->flags & kCoVarargs;
    bool has_varkw = co->flags & kCoVarkeywords;
    Dict* kwdict = nullptr;
    if (has_varkw) {
        kwdict = new_dict(I);
        locals[total + (has_varargs ? 1 : 0)] = Value::object(kwdict);
    }
    uint32_t ncopy = npos < argcount ? npos : argcount;
    for (uint32_t i = 0; i < ncopy; i++) locals[i] = args[i];
    if (has_varargs) {
        uint32_t extra = npos > argcount ? npos - argcount : 0;
        locals[total] = Value::object(new_tuple(I, args + argcount, extra));
    } else if (npos > argcount) {
        uint32_t kwonly_given = 0;
        for (uint32_t k = 0; k < nkw; k++) {
            Str* name = static_cast<Str*>(kwnames->items()[k].as_obj());
            for (uint32_t j = argcount; j < total; j++)
                if (str_eq(co->varnames[j], name)) kwonly_given++;
        }
        too_many_positional(I, f, co, npos, kwonly_given);
    }
    std::vector<Str*> posonly_as_kw;
    for (uint32_t k = 0; k < nkw; k++) {
        Str* name = static_cast<Str*>(kwnames->items()[k].as_obj());
        Value v = args[npos + k];
        uint32_t j = co->posonlyargcount;
        for (; j < total; j++)
            if (co->varnames[j] == name) break;
        if (j == total) {
            for (j = co->posonlyargcount; j < total; j++)
                if (str_eq(co->varnames[j], name)) break;
        }
        if (j < total) {
            if (!locals[j].is_null())
                rt::raise_multiple_values(I, fname(f), name->view());
            locals[j] = v;
            continue;
        }
        if (kwdict) {
            dict_set(I, kwdict, Value::object(name), v);
            continue;
        }
        bool is_posonly = false;
        for (uint32_t p = 0; p < co->posonlyargcount; p++)
            if (str_eq(co->varnames[p], name)) is_posonly = true;
        if (is_posonly) {
            posonly_as_kw.push_back(name);
            continue;
        }
        rt::raise_unexpected_keyword(I, fname(f), name->view());
    }
    if (!posonly_as_kw.empty()) {
        std::string list = "'";  // CPython quotes the list as a whole: 'a, b'
        for (size_t i = 0; i < posonly_as_kw.size(); i++) {
            if (i) list += ", ";
            list += std::string(posonly_as_kw[i]->view());
        }
        list += "'";
        raise(I, I.exc.TypeError, fname(f) + "() got some positional-only arguments passed as keyword arguments: " + list);
    }
    if (npos < argcount) {
        uint32_t defcount = f->defaults ? f->defaults->size : 0;
        uint32_t first_default = argcount - defcount;
        std::vector<Str*> missing;
        for (uint32_t i = npos; i < argcount; i++) {
            if (!locals[i].is_null()) continue;
            if (i >= first_default) locals[i] = f->defaults->items()[i - first_default];
            else missing.push_back(co->varnames[i]);
        }
        if (!missing.empty()) missing_args(I, f, missing, "positional");
    }
    if (co->kwonlyargcount) {
        std::vector<Str*> missing;
        for (uint32_t i = argcount; i < total; i++) {
            if (!locals[i].is_null()) continue;
            Value d = f->kwdefaults ? dict_get_str(f->kwdefaults, co->varnames[i]) : Value::null();
            if (!d.is_null()) locals[i] = d;
            else missing.push_back(co->varnames[i]);
        }
        if (!missing.empty()) missing_args(I, f, missing, "keyword-only");
    }
}

Frame& new_frame(Interp& I, Fiber* fb, Code* co) {
    VMState& vs = state(I);
    if (vs.depth >= I.recursion_limit) raise(I, I.exc.RecursionError, "maximum recursion depth exceeded");
    code_shape(co);
    Frame& fr = *fb->push(co->frame_values);
    Value* mem = fr.base();
    for (size_t i = 0; i < co->nlocals() + co->ncells(); i++) mem[i] = Value::null();
    fr.code = co;
    fr.globals = nullptr;
    fr.locals = nullptr;
    fr.cells_at = co->nlocals();
    fr.sp = fr.stack();
    fr.ret = nullptr;
    fr.ip = co->code.data();
    fr.boundary = false;
    fr.fused = Fused::No;
    fr.closing = false;
    vs.depth++;
    return fr;
}

void init_cells(Interp& I, Frame& fr, Tuple* closure) {
    Code* co = fr.code;
    uint32_t ncell = uint32_t(co->cellvars.size());
    for (uint32_t i = 0; i < ncell; i++) {
        int32_t a = co->cell2arg.empty() ? -1 : co->cell2arg[i];
        Value init = a >= 0 ? fr.base()[a] : Value::null();
        fr.cells()[i] = Value::object(new_cell(I, init));
    }
    uint32_t nfree = uint32_t(co->freevars.size());
    for (uint32_t i = 0; i < nfree; i++)
        fr.cells()[ncell + i] = closure && i < closure->size ? closure->items()[i] : Value::object(new_cell(I, Value::null()));
}

}  // namespace

Frame& push_function_frame(Interp& I, Fiber* fb, Function* f, Value* args, uint32_t nargs,
                           Tuple* kwnames, Value* ret) {
    Code* co = f->code;
    Frame& fr = new_frame(I, fb, co);
    fr.globals = f->globals;
    fr.ret = ret;
    // Fast path: positional arguments only, the missing trailing parameters taken
    // from the defaults (`asyncio.sleep(0)`), nothing else to bind.
    uint32_t ndefaults = f->defaults ? f->defaults->size : 0;
    if (!kwnames && nargs <= co->argcount && nargs + ndefaults >= co->argcount && co->kwonlyargcount == 0 &&
        !(co->flags & (kCoVarargs | kCoVarkeywords))) {
        for (uint32_t i = 0; i < nargs; i++) fr.base()[i] = args[i];
        const Value* defaults = ndefaults ? f->defaults->items() + (ndefaults - (co->argcount - nargs)) : nullptr;
        for (uint32_t i = nargs; i < co->argcount; i++) fr.base()[i] = defaults[i - nargs];
        if (co->ncells()) init_cells(I, fr, f->closure);
        return fr;
    }
    try {
        bind_args(I, fr, f, args, nargs, kwnames);
        if (co->ncells()) init_cells(I, fr, f->closure);
    } catch (Unwind&) {
        pop_frame(I, fb);
        throw;
    }
    return fr;
}

Frame& push_moved_frame(Interp& I, Fiber* fb, const Frame& from) {
    Code* co = from.code;
    Frame& fr = new_frame(I, fb, co);
    fr.globals = from.globals;
    fr.locals = from.locals;
    for (size_t i = 0; i < co->nlocals() + co->ncells(); i++) fr.base()[i] = from.base()[i];
    return fr;
}

Frame& push_code_frame(Interp& I, Fiber* fb, Code* co, Dict* globals, Dict* locals, Tuple* closure) {
    Frame& fr = new_frame(I, fb, co);
    fr.globals = globals;
    fr.locals = locals;
    if (co->ncells()) init_cells(I, fr, closure);
    return fr;
}



}  // namespace aio::vm
