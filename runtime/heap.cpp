// runtime/heap.cpp - allocation, mark-and-sweep collection and TempRoot.
// Objects are malloc'd, zeroed and chained on one list. collect() marks from the
// interpreter's roots (its tables, TempRoots, the VM's fibers) with an explicit
// gray stack (no recursion), then sweeps the list, freeing unmarked objects and
// their external buffers. Collection runs only from safepoints (maybe_collect).
#include <cstdlib>
#include <cstring>

#include "interpreter/vm_api.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"
#include "stdlib/asyncio/native.hpp"

namespace aio::rt {

namespace {

// Bytes owned outside the object header, freed with the object.
void free_external(Interp& I, Object* o) {
    switch (o->kind) {
        case ObjKind::List: std::free(static_cast<List*>(o)->items); break;
        case ObjKind::Set: case ObjKind::FrozenSet: set_free_slots(static_cast<Set*>(o)); break;
        case ObjKind::Dict: {
            auto* d = static_cast<Dict*>(o);
            std::free(d->entries);
            std::free(d->index);
            break;
        }
        case ObjKind::Exception: delete static_cast<Exception*>(o)->tb; break;
        case ObjKind::Type: std::free(static_cast<Type*>(o)->cache); break;
        case ObjKind::Native: {
            auto* n = static_cast<Native*>(o);
            if (n->finalize) n->finalize(n->ptr);
            break;
        }
        case ObjKind::Code: case ObjKind::Generator: case ObjKind::Coroutine:
        case ObjKind::AsyncGenerator:
            vm::finalize_object(I, o);
            break;
        case ObjKind::Future: stdlib::asyncio::free_future(o); break;
        default: break;
    }
}

size_t external_size(Object* o) {
    switch (o->kind) {
        case ObjKind::List: return size_t(static_cast<List*>(o)->cap) * sizeof(Value);
        case ObjKind::Set: case ObjKind::FrozenSet:
            return static_cast<Set*>(o)->slots ? size_t(static_cast<Set*>(o)->mask + 1) * sizeof(SetSlot) : 0;
        case ObjKind::Dict: {
            auto* d = static_cast<Dict*>(o);
            return size_t(d->cap_entries) * sizeof(DictEntry) + size_t(d->index_size) * sizeof(int32_t);
        }
        default: return 0;
    }
}

}  // namespace

// The allocation size is stashed nowhere: object sizes are recomputed from the
// layout at sweep time would be fragile, so each block carries a size prefix.
struct BlockHeader { size_t size; size_t pad; };

Object* Heap::alloc(size_t size, ObjKind kind, Type* cls) {
    if (limit_ && bytes_ + size > limit_ && !collecting_) {
        Exception* me = I_.memory_error;
        if (me) {
            if (me->tb) me->tb->clear();
            me->cause = Value::none();
            me->context = Value::none();
            I_.pending = Value::object(me);
            throw Unwind{};
        }
    }
    void* mem = take_block(sizeof(BlockHeader) + size);
    if (!mem) {
        if (I_.memory_error) { I_.pending = Value::object(I_.memory_error); throw Unwind{}; }
        std::abort();  // only reachable during init: nothing else to do
    }
    static_cast<BlockHeader*>(mem)->size = size;
    auto* o = reinterpret_cast<Object*>(static_cast<BlockHeader*>(mem) + 1);
    o->cls = cls;
    o->kind = kind;
    o->gc_next = all_;
    all_ = o;
    bytes_ += size;
    allocated_since_gc_ += size;
    count_++;
    return o;
}

void Heap::note_external(ptrdiff_t bytes) {
    if (bytes > 0 && limit_ && bytes_ + size_t(bytes) > limit_ && I_.memory_error && !collecting_) {
        I_.pending = Value::object(I_.memory_error);
        throw Unwind{};
    }
    bytes_ = size_t(ptrdiff_t(bytes_) + bytes);
    if (bytes > 0) allocated_since_gc_ += size_t(bytes);
}

static void free_block(Object* o) {
    std::free(reinterpret_cast<BlockHeader*>(o) - 1);
}

// Size class of a block of `total` bytes (header included), or -1 when large.
static int size_class(size_t total) {
    size_t c = (total + 15) / 16;
    return c <= Heap::kMaxClass ? int(c - 1) : -1;
}

void* Heap::take_block(size_t total) {
    int c = size_class(total);
    if (c < 0) return std::calloc(1, total);
    if (void* b = free_lists_[c]) {
        free_lists_[c] = *static_cast<void**>(b);
        std::memset(b, 0, size_t(c + 1) * 16);
        return b;
    }
    return std::calloc(1, size_t(c + 1) * 16);
}

void Heap::recycle_block(Object* o) {
    auto* b = reinterpret_cast<BlockHeader*>(o) - 1;
    int c = size_class(sizeof(BlockHeader) + b->size);
    if (c < 0) {
        std::free(b);
        return;
    }
    *reinterpret_cast<void**>(b) = free_lists_[c];
    free_lists_[c] = b;
}

void Heap::release_free_lists() {
    for (void*& head : free_lists_) {
        while (head) {
            void* next = *static_cast<void**>(head);
            std::free(head);
            head = next;
        }
    }
}
static size_t block_size(Object* o) { return (reinterpret_cast<BlockHeader*>(o) - 1)->size; }

Heap::~Heap() { free_all(); }

void Heap::free_all() {
    // Finalizers first (they may look at other objects), then the memory.
    for (Object* o = all_; o; o = o->gc_next) free_external(I_, o);
    for (Object* o = all_; o;) {
        Object* n = o->gc_next;
        free_block(o);
        o = n;
    }
    all_ = nullptr;
    bytes_ = count_ = 0;
    release_free_lists();
}

void Heap::collect() {
    if (collecting_) return;
    collecting_ = true;
    Interp& I = I_;
    // Roots: the interpreter's own tables.
#define X(field, name) mark(I.types.field);
    AIO_BUILTIN_TYPES(X)
#undef X
#define X(name, base) mark(I.exc.name);
#include "runtime/exception_types.def"
#undef X
#define N(field, text) mark(I.names.field);
#include "runtime/names.def"
#undef N
    mark(I.not_implemented);
    mark(I.ellipsis);
    for (auto& kv : I.interned) mark(kv.second);
    mark(I.builtins);
    mark(I.modules);
    mark(I.sys_module);
    mark(I.pending);
    mark(I.memory_error);
    for (Value v : I.temp_roots) mark(v);
    for (Object* o : I.repr_stack) mark(o);
    for (auto& f : I.root_tracers) f(I);
    if (I.vm) vm::trace_roots(I);
    while (!gray_.empty()) {
        Object* o = gray_.back();
        gray_.pop_back();
        trace(o);
    }
    sweep();
    allocated_since_gc_ = 0;
    threshold_ = std::max<size_t>(8u << 20, 2 * bytes_);
    if (limit_ && bytes_ < limit_) {
        // Collect before the limit is reached, so MemoryError means "really full".
        size_t room = (limit_ - bytes_) / 2;
        if (room < threshold_) threshold_ = std::max<size_t>(room, 4096);
    }
    collecting_ = false;
}

void Heap::trace(Object* o) {
    mark(o->cls);
    switch (o->kind) {
        case ObjKind::Type: {
            auto* t = static_cast<Type*>(o);
            mark(t->name); mark(t->qualname); mark(t->module); mark(t->bases);
            mark(t->mro); mark(t->dict); mark(t->native_base); mark(t->doc);
            break;
        }
        case ObjKind::Instance: mark(static_cast<Instance*>(o)->attrs); break;
        case ObjKind::NumberBox: mark(static_cast<NumberBox*>(o)->attrs); break;
        case ObjKind::Str: case ObjKind::Bytes: case ObjKind::Range: break;
        case ObjKind::Tuple: {
            auto* t = static_cast<Tuple*>(o);
            for (uint32_t i = 0; i < t->size; i++) mark(t->items()[i]);
            break;
        }
        case ObjKind::List: {
            auto* l = static_cast<List*>(o);
            for (uint32_t i = 0; i < l->size; i++) mark(l->items[i]);
            mark(l->attrs);
            break;
        }
        case ObjKind::Dict: {
            auto* d = static_cast<Dict*>(o);
            for (uint32_t i = 0; i < d->nentries; i++) {
                if (d->entries[i].key.is_null()) continue;
                mark(d->entries[i].key);
                mark(d->entries[i].value);
            }
            mark(d->attrs);
            break;
        }
        case ObjKind::Set: case ObjKind::FrozenSet: {
            auto* s = static_cast<Set*>(o);
            for (uint32_t i = 0; s->slots && i <= s->mask; i++) mark(s->slots[i].key);
            mark(s->attrs);
            break;
        }
        case ObjKind::Slice: {
            auto* s = static_cast<Slice*>(o);
            mark(s->start); mark(s->stop); mark(s->step);
            break;
        }
        case ObjKind::Function: {
            auto* f = static_cast<Function*>(o);
            mark(reinterpret_cast<Object*>(f->code)); mark(f->globals); mark(f->defaults);
            mark(f->kwdefaults); mark(f->closure); mark(f->name); mark(f->qualname);
            mark(f->module); mark(f->doc); mark(f->attrs); mark(f->annotations);
            break;
        }
        case ObjKind::NativeFunction: {
            auto* f = static_cast<NativeFunction*>(o);
            mark(f->name); mark(f->qualname); mark(f->bound); mark(f->data); mark(f->module);
            break;
        }
        case ObjKind::BoundMethod: {
            auto* b = static_cast<BoundMethod*>(o);
            mark(b->self); mark(b->func);
            break;
        }
        case ObjKind::Cell: mark(static_cast<Cell*>(o)->value); break;
        case ObjKind::Module: {
            auto* m = static_cast<Module*>(o);
            mark(m->name); mark(m->dict);
            break;
        }
        case ObjKind::Exception: {
            auto* e = static_cast<Exception*>(o);
            mark(e->args); mark(e->cause); mark(e->context); mark(e->attrs);
            if (e->tb)
                for (auto& t : *e->tb) { mark(t.filename); mark(t.funcname); }
            break;
        }
        case ObjKind::Property: {
            auto* p = static_cast<Property*>(o);
            mark(p->fget); mark(p->fset); mark(p->fdel); mark(p->doc);
            break;
        }
        case ObjKind::StaticMethod: mark(static_cast<StaticMethod*>(o)->func); break;
        case ObjKind::ClassMethod: mark(static_cast<ClassMethod*>(o)->func); break;
        case ObjKind::Super: {
            auto* s = static_cast<Super*>(o);
            mark(s->type); mark(s->obj); mark(s->obj_type);
            break;
        }
        case ObjKind::Iterator: {
            auto* it = static_cast<Iterator*>(o);
            mark(it->src); mark(it->extra); mark(it->extra2);
            break;
        }
        case ObjKind::Special: mark(static_cast<Special*>(o)->name); break;
        case ObjKind::Native: {
            auto* n = static_cast<Native*>(o);
            mark(n->attrs);
            if (n->trace) n->trace(I_, n->ptr);
            break;
        }
        case ObjKind::Code: case ObjKind::Generator: case ObjKind::Coroutine:
        case ObjKind::AsyncGenerator:
            vm::trace_object(I_, o);
            break;
        case ObjKind::Future: stdlib::asyncio::trace_future(I_, o); break;
    }
}

void Heap::sweep() {
    Object** link = &all_;
    while (Object* o = *link) {
        if (o->marked) {
            o->marked = 0;
            link = &o->gc_next;
            continue;
        }
        *link = o->gc_next;
        bytes_ -= block_size(o) + external_size(o);
        count_--;
        free_external(I_, o);
        recycle_block(o);
    }
}

TempRoot::TempRoot(Interp& I, Value v) : I_(I), index_(I.temp_roots.size()) {
    I.temp_roots.push_back(v);
}

TempRoot::~TempRoot() { I_.temp_roots.resize(index_); }

}  // namespace aio::rt
