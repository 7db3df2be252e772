// runtime/heap.hpp - one tracing mark-and-sweep heap per interpreter.
// Collection happens only at safepoints (Heap::maybe_collect, called by the VM
// between instructions), never inside an allocation, so native code may hold
// raw pointers to fresh objects until it returns to the VM. A native that calls
// back into the VM (rt::call) must root what it still needs with TempRoot.
// Roots: the interpreter's tables, every fiber's stack (vm::trace_roots), TempRoots
// and host handles.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "runtime/object.hpp"

namespace aio::rt {

class Heap {
public:
    explicit Heap(Interp& I) : I_(I) {}
    ~Heap();  // frees every object (finalizers run)
    Heap(const Heap&) = delete;
    Heap& operator=(const Heap&) = delete;

    // Allocates `size` bytes (>= sizeof(Object)), zeroed, with the header filled.
    // Raises MemoryError (rt::Unwind) when the memory limit would be exceeded.
    Object* alloc(size_t size, ObjKind kind, Type* cls) {
        // The common case inline: a small cell from a non-empty free list, no limit.
        if (size <= kMaxSmall && !limit_) {
            size_t c = (size + 15) / 16 - 1;
            if (Object* o = free_[c]) {
                free_[c] = *reinterpret_cast<Object**>(o);
                auto* w = reinterpret_cast<uint64_t*>(o);
                for (size_t i = 0; i < 2 * (c + 1); i++) w[i] = 0;
                o->cls = cls;
                o->kind = kind;
                size_t cell = (c + 1) * 16;
                bytes_ += cell;
                allocated_since_gc_ += cell;
                count_++;
                return o;
            }
        }
        return alloc_slow(size, kind, cls);
    }

    template <class T>
    T* make(ObjKind kind, Type* cls, size_t extra = 0) {
        return static_cast<T*>(alloc(sizeof(T) + extra, kind, cls));
    }

    // Safepoint: collects when enough was allocated since the last collection
    // (always, in stress mode).
    void maybe_collect() {
        if (allocated_since_gc_ >= threshold_ || (stress_ && allocated_since_gc_ > 0)) collect_at_safepoint();
    }
    // Collects, then runs the finalizers it queued (closes of unreachable
    // generators): script code, which only a safepoint may run.
    void collect_at_safepoint();
    void collect();
    // Frees every object now (finalizers run); used by ~Interp before the VM state goes.
    void free_all();

    // Marking, for tracers (vm::trace_roots, Native::trace, host handles).
    void mark(Value v) { if (v.is_obj()) mark(v.as_obj()); }
    void mark(Object* o) {
        if (!o || o->marked) return;
        o->marked = 1;
        // Strings and bytes hold no references but their class: mark that
        // directly instead of a trip through the gray stack (most of a big
        // heap is strings, e.g. bench/words.py). Instances of subclasses
        // also hold their __dict__: traced like other objects.
        if ((o->kind == ObjKind::Str || o->kind == ObjKind::Bytes) && !(o->flags & kSubclassInstance)) {
            Object* c = o->cls;
            if (c && !c->marked) { c->marked = 1; gray_.push_back(c); }
            return;
        }
        gray_.push_back(o);
    }

    // Raw buffers owned by one object (a list's items): small ones are cells of
    // the object pages (a free-list pop instead of malloc), larger ones are
    // malloc'd. The owner frees with the same byte count it allocated with and
    // reports the bytes itself with note_external. Not zeroed.
    void* alloc_buffer(size_t bytes) {
        if (bytes <= kMaxBuffer) {
            Object* cell = alloc_small((bytes + kBufferHeader + 15) / 16 - 1);
            cell->kind = kBufferCell;
            return reinterpret_cast<char*>(cell) + kBufferHeader;
        }
        return alloc_large_buffer(bytes);
    }
    void free_buffer(void* p, size_t bytes) {
        if (!p) return;
        if (bytes <= kMaxBuffer)
            free_buffer_cell(reinterpret_cast<Object*>(static_cast<char*>(p) - kBufferHeader),
                             (bytes + kBufferHeader + 15) / 16 - 1);
        else std::free(p);
    }
    // Traces everything marked so far (during collect, for marks added after the roots').
    void drain_gray();

    // Accounting for memory not in object headers (list buffers, dict tables):
    // containers report growth so the collector and the memory limit see it.
    void note_external(ptrdiff_t bytes);

    // Objects up to kMaxSmall bytes live in kPageSize pages of equal cells, one
    // size class (a multiple of 16 bytes) per page; larger ones are malloc'd.
    static constexpr size_t kMaxSmall = 256;
    static constexpr size_t kPageSize = 64 * 1024;
    // A buffer cell keeps the object header (its kind says "buffer" to sweep).
    static constexpr size_t kBufferHeader = 16;
    static constexpr size_t kMaxBuffer = kMaxSmall - kBufferHeader;
    static constexpr ObjKind kFreeCell = ObjKind(0xff);    // on a free list
    static constexpr ObjKind kBufferCell = ObjKind(0xfe);  // alloc_buffer's, live until freed

    void set_stress(bool on) { stress_ = on; }        // collect at every safepoint that allocated
    void set_memory_limit(size_t bytes) { limit_ = bytes; }  // 0 = unlimited
    size_t bytes_in_use() const { return bytes_; }
    size_t object_count() const { return count_; }

private:
    void sweep();
    void trace(Object* o);
    void drop_dead_types();

    Interp& I_;
    std::vector<Object*> gray_;
    size_t bytes_ = 0, count_ = 0;
    size_t allocated_since_gc_ = 0;
    size_t threshold_ = 8 << 20;
    size_t limit_ = 0;
    bool stress_ = false;
    bool collecting_ = false;

    // Small objects: pages of equal cells. Free cells are linked through their
    // first word and carry kind kFreeCell; sweep rebuilds the free lists page
    // by page and returns pages with no live cell to the system.
    struct Page;
    static constexpr size_t kClasses = kMaxSmall / 16;
    std::vector<Page*> pages_;
    Object* free_[kClasses] = {};
    Object* alloc_small(size_t cls_index);
    Object* alloc_slow(size_t size, ObjKind kind, Type* cls);
    void* alloc_large_buffer(size_t bytes);
    void free_buffer_cell(Object* cell, size_t cls_index);
    void sweep_pages();
    // Large objects: each malloc'd behind a LargeHeader, singly linked.
    struct LargeHeader;
    LargeHeader* large_ = nullptr;
    void sweep_large();
};

// Keeps values alive across calls back into the VM (see the header comment).
// RAII: the values are unrooted when the TempRoot goes out of scope.
class TempRoot {
public:
    TempRoot(Interp& I, Value v);
    TempRoot(Interp& I, Object* o) : TempRoot(I, Value::object(o)) {}
    ~TempRoot();
    TempRoot(const TempRoot&) = delete;
    TempRoot& operator=(const TempRoot&) = delete;
private:
    Interp& I_;
    size_t index_;
};

}  // namespace aio::rt
