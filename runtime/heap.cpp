// runtime/heap.cpp - allocation, mark-and-sweep collection and TempRoot.
// Small objects are cells of 64 KB pages of one size class (no per-object
// header or malloc overhead: an empty list, dict or instance costs what its
// layout needs); large objects are malloc'd on a list. collect() clears the
// pages' mark bitmaps, marks from the interpreter's roots (its tables,
// TempRoots, the VM's fibers) with an explicit gray stack (no recursion), then
// sweeps: plain pages by their bitmaps only (counting the live cells; a page
// with free cells goes on its class's partial list for the allocation
// cursor), finalized pages cell by dead cell (free_external, free list), and
// the large list. Collection runs only from safepoints (maybe_collect).
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
        case ObjKind::List: {
            auto* l = static_cast<List*>(o);
            I.heap.free_buffer(l->items, size_t(l->cap) * sizeof(Value));
            break;
        }
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
        case ObjKind::Future: stdlib::asyncio::free_future(I, o); break;
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

namespace {

// The cells of size class c in a page, as mark-bitmap bits: bit g of word w
// is set when granule 64w+g starts a cell. A plain page's free cells are
// these bits minus its marks.
struct CellStarts {
    uint64_t bits[16][Heap::kPageSize / 16 / 64] = {};
    uint8_t counts[16][Heap::kPageSize / 16 / 64] = {};  // the bits' popcounts
    uint32_t ncells[16] = {};
};
constexpr CellStarts make_cell_starts() {
    CellStarts t;
    for (size_t c = 0; c < 16; c++) {
        size_t cell = (c + 1) * 16;
        size_t n = (Heap::kPageSize - Heap::kCellsOffset) / cell;
        t.ncells[c] = uint32_t(n);
        for (size_t i = 0; i < n; i++) {
            size_t g = (Heap::kCellsOffset + i * cell) / 16;
            t.bits[c][g / 64] |= uint64_t(1) << (g % 64);
            t.counts[c][g / 64]++;
        }
    }
    return t;
}
constexpr CellStarts kCellStarts = make_cell_starts();

}  // namespace

static_assert(Heap::kMaxSmall / 16 == 16);

// In front of every large object (16 bytes, so the object stays 16-aligned);
// `size` is the object's size.
struct Heap::LargeHeader {
    LargeHeader* next;
    size_t size;
    Object* object() { return reinterpret_cast<Object*>(this + 1); }
};

template <class Fn>
void Heap::for_each_finalizable(Fn fn) {
    for (Page* p : pages_) {
        if (!p->finalized) continue;
        for (uint32_t i = 0; i < p->carved; i++) fn(reinterpret_cast<Object*>(p->cells() + size_t(i) * p->cell_size));
    }
    for (LargeHeader* h = large_; h; h = h->next) fn(h->object());
}

[[noreturn]] static void out_of_memory(Interp& I) {
    if (I.memory_error) {
        I.pending = Value::object(I.memory_error);
        throw Unwind{};
    }
    std::abort();  // only reachable during init: nothing else to do
}

Heap::Page* Heap::new_page(size_t c, bool finalized) {
    static_assert(sizeof(Page) <= kCellsOffset && kCellsOffset % 16 == 0);
    auto* page = static_cast<Page*>(page_source_.take());
    if (!page) out_of_memory(I_);
    page->cell_size = uint32_t((c + 1) * 16);
    page->ncells = kCellStarts.ncells[c];
    page->cls_index = uint8_t(c);
    page->finalized = finalized;
    page->carved = finalized ? 0 : page->ncells;
    std::memset(page->marks, 0, sizeof page->marks);
    std::memset(page->leaves, 0, sizeof page->leaves);
    pages_.push_back(page);
    return page;
}

// The next cell of a plain size class: the cursor's current bitmap word, else
// the next word of its page with clear bits, else the next partly free page
// the last sweep found, else a new page.
Object* Heap::take_plain(size_t c) {
    Cursor& k = cursor_[c];
    while (!k.bits) {
        if (k.page && ++k.word < kMarkWords) {
            k.bits = kCellStarts.bits[c][k.word] & ~k.page->marks[k.word];
            k.base = reinterpret_cast<char*>(k.page) + k.word * 64 * 16;
            continue;
        }
        k.page = k.next < partial_[c].size() ? partial_[c][k.next++] : new_page(c, false);
        k.word = size_t(-1);
    }
    return pop_plain(c);
}

// A cell of a finalized size class: the free list (rebuilt by each sweep),
// else a new page carved into free cells.
Object* Heap::take_finalized(size_t c) {
    if (Object* o = free_[c]) {
        free_[c] = free_link(o);
        return o;
    }
    Page* page = carving_[c];
    if (!page || page->carved == page->ncells) page = carving_[c] = new_page(c, true);
    return reinterpret_cast<Object*>(page->cells() + size_t(page->carved++) * page->cell_size);
}

void* Heap::alloc_large_buffer(size_t bytes) {
    void* p = std::malloc(bytes);
    if (!p) out_of_memory(I_);
    return p;
}

Object* Heap::alloc_slow(size_t size, ObjKind kind, Type* cls) {
    if (limit_ && bytes_in_use() + size > limit_ && !collecting_) {
        Exception* me = I_.memory_error;
        if (me) {
            if (me->tb) me->tb->clear();
            me->cause = Value::none();
            me->context = Value::none();
            I_.pending = Value::object(me);
            throw Unwind{};
        }
    }
    Object* o;
    if (size <= kMaxSmall) {
        size_t c = (size + 15) / 16 - 1;
        o = is_finalized(kind) ? take_finalized(c) : take_plain(c);
        size = (c + 1) * 16;
        std::memset(static_cast<void*>(o), 0, size);
    } else {
        auto* h = static_cast<LargeHeader*>(std::calloc(1, sizeof(LargeHeader) + size));
        if (!h) out_of_memory(I_);
        h->size = size;
        h->next = large_;
        large_ = h;
        o = h->object();
        o->gc = kGcLarge;
    }
    o->cls = cls;
    o->kind = kind;
    bytes_ += size;
    allocated_since_gc_ += size;
    count_++;
    return o;
}

void Heap::check_external_limit(size_t bytes) {
    if (bytes_in_use() + bytes > limit_ && I_.memory_error && !collecting_) {
        I_.pending = Value::object(I_.memory_error);
        throw Unwind{};
    }
}

Heap::~Heap() { free_all(); }

void Heap::free_all() {
    // Finalizers first (they may look at other objects), then the memory.
    // Plain pages hold nothing to finalize.
    for_each_finalizable([&](Object* o) {
        if (o->kind != kFreeCell) free_external(I_, o);
    });
    for (Page* p : pages_) page_source_.give_back(p);
    pages_.clear();
    page_source_.trim(0);
    for (size_t c = 0; c < kClasses; c++) {
        free_[c] = recycled_[c] = nullptr;
        carving_[c] = nullptr;
        cursor_[c] = Cursor{};
        partial_[c].clear();
    }
    while (large_) {
        LargeHeader* n = large_->next;
        std::free(large_);
        large_ = n;
    }
    bytes_ = count_ = external_ = 0;
}

void Heap::finalize_for_exit() {
    for_each_finalizable([&](Object* o) {
        if (o->kind != ObjKind::Native && o->kind != ObjKind::Coroutine) return;
        free_external(I_, o);
        o->kind = kFreeCell;  // a later free_all must not finalize it twice
    });
}

void Heap::collect() {
    if (collecting_) return;
    collecting_ = true;
    Interp& I = I_;
    // Allocation restarts from what this sweep finds free; marks from zero.
    for (size_t c = 0; c < kClasses; c++) {
        free_[c] = recycled_[c] = nullptr;
        cursor_[c] = Cursor{};
        partial_[c].clear();
    }
    for (Page* p : pages_) std::memset(p->marks, 0, sizeof p->marks);
    marked_buffer_bytes_ = marked_buffers_ = 0;
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
    I.interned.for_each([&](Str* s) { mark(s); });
    mark(I.builtins);
    mark(I.modules);
    mark(I.sys_module);
    mark(I.pending);
    mark(I.memory_error);
    for (Value v : I.temp_roots) mark(v);
    for (Object* o : I.repr_stack) mark(o);
    for (auto& f : I.root_tracers) f(I);
    if (I.vm) vm::trace_roots(I);
    drain_gray();
    vm::queue_unreachable_generators(I);  // resurrects those a close would run code in
    drop_dead_types();
    sweep();
    allocated_since_gc_ = 0;
    // The next collection comes after half as many bytes as survived this
    // one: the heap peaks near 1.5 times the live data, and the marking work
    // per allocated byte stays bounded (twice the marking of a 1x factor).
    // bench/words.py: peak RSS 81 MB -> 63 MB (python3: 52.5 MB) for 2% more
    // instructions; a 2x factor had made it peak at 2.3x CPython's RSS.
    size_t live = bytes_in_use();
    threshold_ = std::max<size_t>(8u << 20, live / 2);
    if (limit_ && live < limit_) {
        // Collect before the limit is reached, so MemoryError means "really full".
        size_t room = (limit_ - live) / 2;
        if (room < threshold_) threshold_ = std::max<size_t>(room, 4096);
    }
    retarget();
    // The next cycle allocates about threshold_ bytes: empty pages up to that
    // stay mapped for it (the heap's peak is the same either way).
    page_source_.trim(threshold_ / kPageSize);
    collecting_ = false;
}

// I.heap_types holds weak references: the classes about to be swept leave it.
void Heap::drop_dead_types() {
    size_t n = 0;
    for (Type* t : I_.heap_types)
        if (is_marked(t)) I_.heap_types[n++] = t;
    I_.heap_types.resize(n);
}

void Heap::mark_large(Object* o) {
    if (o->gc & kGcMarked) return;
    o->gc |= kGcMarked;
    if (!is_leaf(o)) gray_.push_back(o);
}

void Heap::drain_gray() {
    while (!gray_.empty()) {
        Object* o = gray_.back();
        gray_.pop_back();
        trace(o);
    }
}

void Heap::collect_at_safepoint() {
    collect();
    vm::run_generator_finalizers(I_);
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
        case ObjKind::Str:  // only subclass instances come here (Heap::mark)
            if (o->flags & kSubclassInstance) mark(*static_cast<Str*>(o)->dict_slot());
            break;
        case ObjKind::Bytes:
            if (o->flags & kSubclassInstance) mark(*static_cast<Bytes*>(o)->dict_slot());
            break;
        case ObjKind::Range: break;
        case ObjKind::Tuple: {
            auto* t = static_cast<Tuple*>(o);
            mark_items(t->items(), t->size);
            if (t->cls->tflags & kTypeHeap) mark(*t->dict_slot());
            break;
        }
        case ObjKind::List: {
            auto* l = static_cast<List*>(o);
            mark_items(l->items, l->size);
            mark_buffer(l->items, size_t(l->cap) * sizeof(Value));
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
            mark(it->src); mark(it->extra); mark(it->attrs);
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

// Finalizers run first, for every dead object (they may read other dead
// objects' fields, e.g. a name); the memory of empty pages and dead large
// objects is released after. The live data is recounted from the marks.
void Heap::sweep() {
    std::vector<Page*> empty;
    std::vector<LargeHeader*> dead;
    bytes_ = 0 - marked_buffer_bytes_;
    count_ = 0 - marked_buffers_;
    sweep_pages(empty);
    sweep_large(dead);
    for (Page* p : empty) page_source_.give_back(p);
    for (LargeHeader* h : dead) std::free(h);
}

void Heap::sweep_pages(std::vector<Page*>& empty) {
    // Free lists and partial-page lists are built in page order, so
    // allocation fills older pages first.
    Object* tail[kClasses] = {};
    size_t kept = 0;
    for (Page* p : pages_) {
        size_t c = p->cls_index;
        size_t live = 0;
        for (size_t i = 0; i < kMarkWords; i++) {
            uint64_t w = p->marks[i];
            p->leaves[i] &= w;  // a dead leaf's cell may next hold anything
            if (w) live += w == kCellStarts.bits[c][i] ? kCellStarts.counts[c][i] : size_t(std::popcount(w));
        }
        if (p->finalized) sweep_finalized_page(p, live != 0, tail);
        if (live == 0) {
            if (carving_[c] == p) carving_[c] = nullptr;
            empty.push_back(p);
            continue;
        }
        pages_[kept++] = p;
        bytes_ += live * p->cell_size;
        count_ += live;
        if (!p->finalized && live < p->ncells) partial_[c].push_back(p);
    }
    pages_.resize(kept);
}

// Finalizes the dead objects of a finalized page and, when the page stays,
// links its free cells onto its class's free list (after `tail`).
void Heap::sweep_finalized_page(Page* p, bool stays, Object** tail) {
    size_t c = p->cls_index;
    Object* head = nullptr;
    Object* last = nullptr;
    // Cells past the carved ones were never handed out: neither dead nor free.
    const char* uncarved = p->cells() + size_t(p->carved) * p->cell_size;
    for (size_t i = 0; i < kMarkWords && reinterpret_cast<char*>(p) + i * 64 * 16 < uncarved; i++) {
        uint64_t dead = kCellStarts.bits[c][i] & ~p->marks[i];
        while (dead) {
            auto* o = reinterpret_cast<Object*>(reinterpret_cast<char*>(p) +
                                                (i * 64 + size_t(std::countr_zero(dead))) * 16);
            dead &= dead - 1;
            if (reinterpret_cast<const char*>(o) >= uncarved) break;
            if (o->kind != kFreeCell) {
                external_ -= external_size(o);
                free_external(I_, o);
                o->kind = kFreeCell;
            }
            if (!stays) continue;
            free_link(o) = nullptr;
            if (last) free_link(last) = o;
            else head = o;
            last = o;
        }
    }
    if (!head) return;
    if (tail[c]) free_link(tail[c]) = head;
    else free_[c] = head;
    tail[c] = last;
}

void Heap::sweep_large(std::vector<LargeHeader*>& dead) {
    LargeHeader** link = &large_;
    while (LargeHeader* h = *link) {
        Object* o = h->object();
        if (o->gc & kGcMarked) {
            o->gc &= uint8_t(~kGcMarked);
            bytes_ += h->size;
            count_++;
            link = &h->next;
            continue;
        }
        *link = h->next;
        external_ -= external_size(o);
        free_external(I_, o);
        dead.push_back(h);
    }
}

TempRoot::TempRoot(Interp& I, Value v) : I_(I), index_(I.temp_roots.size()) {
    I.temp_roots.push_back(v);
}

TempRoot::~TempRoot() { I_.temp_roots.resize(index_); }

}  // namespace aio::rt
