// runtime/heap.hpp - one tracing mark-and-sweep heap per interpreter.
// Collection happens only at safepoints (Heap::safepoint_due, tested by the VM
// between instructions), never inside an allocation, so native code may hold
// raw pointers to fresh objects until it returns to the VM. A native that calls
// back into the VM (rt::call) must root what it still needs with TempRoot.
// Roots: the interpreter's tables, every fiber's stack (vm::trace_roots), TempRoots
// and host handles.
//
// Layout (why a collection costs little more than the live data's marking):
// small objects are cells of 64 KB pages, 64 KB-aligned, of one size class
// each; their mark bits are a bitmap in the page header, so a sweep reads
// bitmaps, not cells. Objects of most kinds own nothing outside their cell:
// their pages are never swept cell by cell: a dead cell is simply a cell whose
// bit is clear, handed out again by the allocation cursor, which walks each
// page's bitmap for clear bits (no free list to build). Objects that own
// external memory or need a finalizer (kinds in kFinalizedKinds: lists, dicts,
// generators...) live in their own pages, swept eagerly after marking: their
// dead cells are finalized (free_external) and put on free lists. Large
// objects are malloc'd; their mark is a bit in their header (Object::gc).
#pragma once
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "runtime/gc_pages.hpp"
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
    Object* alloc(size_t size, ObjKind kind, Type* cls) { return alloc_zeroing(size, size, kind, cls); }

    template <class T>
    T* make(ObjKind kind, Type* cls, size_t extra = 0) {
        return static_cast<T*>(alloc(sizeof(T) + extra, kind, cls));
    }
    // Like make, but only the T fields are zeroed: the caller writes every one
    // of the `extra` bytes that follow (str data, tuple items) before the next
    // allocation or safepoint.
    template <class T>
    T* make_filled(ObjKind kind, Type* cls, size_t extra) {
        return static_cast<T*>(alloc_zeroing(sizeof(T) + extra, sizeof(T), kind, cls));
    }

    // The VM's safepoint test, one compare: true when a collection is due or
    // the trigger was dropped to 0 (safepoint_trigger) so that the VM takes its
    // slow path, where it collects if collection_due() and polls its host limits.
    bool safepoint_due() const { return allocated_since_gc_ >= trigger_.load(std::memory_order_relaxed); }
    bool collection_due() const { return allocated_since_gc_ >= armed_trigger(); }
    // Collects when enough was allocated since the last collection (always, in stress mode).
    void maybe_collect() {
        if (collection_due()) collect_at_safepoint();
    }
    // The word safepoint_due compares with. Any thread, or a signal handler, may
    // store 0 to it: every safepoint then takes the slow path until the VM
    // re-arms it (rearm_safepoints) after it has seen why.
    std::atomic<size_t>& safepoint_trigger() { return trigger_; }
    void rearm_safepoints() { trigger_.store(armed_trigger(), std::memory_order_seq_cst); }
    // Collects, then runs the finalizers it queued (closes of unreachable
    // generators): script code, which only a safepoint may run.
    void collect_at_safepoint();
    void collect();
    // Frees every object now (finalizers run); used by ~Interp before the VM state goes.
    void free_all();

    // Marking, for tracers (vm::trace_roots, Native::trace, host handles).
    void mark(Value v) { if (v.is_obj()) mark(v.as_obj()); }
    void mark(Object* o) {
        if (!o) return;
        if (page_source_.owns(o)) {
            // A cell of a page: no gc bits to read, and a string noted as a leaf is
            // marked without touching it (a big heap is mostly strings scattered
            // among the garbage allocated beside them: a cache miss each).
            Page* p = page_of(o);
            size_t w = mark_word(o);
            uint64_t b = mark_bit(o);
            if (p->marks[w] & b) return;
            p->marks[w] |= b;
            if (!(p->leaves[w] & b)) gray_.push_back(o);
            return;
        }
        if (o->gc) return mark_large(o);  // only large objects have gc bits
        uint64_t& w = page_of(o)->marks[mark_word(o)];
        uint64_t b = mark_bit(o);
        if (is_leaf(o)) {
            w |= b;
            return;
        }
        if (w & b) return;
        w |= b;
        gray_.push_back(o);
    }
    // Marks n values in a row. Their objects are scattered (a list's strings sit
    // between the garbage allocated beside them), so each is fetched a few items
    // ahead: the misses overlap instead of stalling one by one.
    void mark_items(const Value* items, size_t n) {
        constexpr size_t kAhead = 8;
        for (size_t i = 0; i < n; i++) {
            if (i + kAhead < n && items[i + kAhead].is_obj()) __builtin_prefetch(items[i + kAhead].as_obj());
            mark(items[i]);
        }
    }
    // `o`, just allocated, is a plain str or bytes (is_leaf): marking it needs
    // nothing but its mark bit. Sweeping forgets it with its cell.
    void note_leaf(Object* o) {
        if (page_source_.owns(o)) page_of(o)->leaves[mark_word(o)] |= mark_bit(o);
    }
    // Whether `o` was reached by the marking of the collection in progress
    // (for weak tables looked at between marking and sweeping).
    bool is_marked(Object* o) const {
        if (o->gc & kGcLarge) return o->gc & kGcMarked;
        return page_of(o)->marks[mark_word(o)] & mark_bit(o);
    }

    // Raw buffers owned by one object (a list's items): small ones are cells of
    // the object pages, larger ones are malloc'd. The owner frees with the same
    // byte count it allocated with, reports the bytes itself with
    // note_external, and marks a cell buffer when traced (mark_buffer). Not zeroed.
    void* alloc_buffer(size_t bytes) {
        if (bytes <= kMaxBuffer) {
            size_t c = (bytes + 15) / 16 - 1;
            if (Object* cell = recycled_[c]) {
                recycled_[c] = free_link(cell);
                return cell;
            }
            if (Object* cell = pop_plain(c)) return cell;
            return take_plain(c);
        }
        return alloc_large_buffer(bytes);
    }
    void free_buffer(void* p, size_t bytes) {
        if (!p) return;
        if (bytes <= kMaxBuffer) recycle_buffer_cell(static_cast<Object*>(p), (bytes + 15) / 16 - 1);
        else std::free(p);
    }
    // Keeps a cell buffer of an object being traced; `bytes` as allocated.
    void mark_buffer(void* p, size_t bytes) {
        if (!p || bytes > kMaxBuffer) return;
        auto* cell = static_cast<Object*>(p);
        page_of(cell)->marks[mark_word(cell)] |= mark_bit(cell);
        marked_buffer_bytes_ += (bytes + 15) & ~size_t(15);
        marked_buffers_++;
    }
    // Traces everything marked so far (during collect, for marks added after the roots').
    void drain_gray();

    // Accounting for memory not in object headers (list buffers, dict tables):
    // containers report growth so the collector and the memory limit see it.
    void note_external(ptrdiff_t bytes) {
        if (bytes > 0 && limit_) check_external_limit(size_t(bytes));
        external_ = size_t(ptrdiff_t(external_) + bytes);
        if (bytes > 0) allocated_since_gc_ += size_t(bytes);
    }

    // Objects up to kMaxSmall bytes live in kPageSize pages of equal cells, one
    // size class (a multiple of 16 bytes) per page; larger ones are malloc'd.
    static constexpr size_t kMaxSmall = 256;
    static constexpr size_t kPageSize = PageSource::kPageSize;
    static constexpr size_t kMaxBuffer = kMaxSmall;
    static constexpr size_t kMarkWords = kPageSize / 16 / 64;  // a page's mark bitmap: a bit per 16 bytes
    static constexpr size_t kCellsOffset = 64 + 2 * 8 * kMarkWords;  // where a page's cells start
    static constexpr ObjKind kFreeCell = ObjKind(0xff);  // on a free list (finalized pages)

    // The kinds free_external does something for: their cells are swept one
    // by one, so they get pages of their own.
    static constexpr uint64_t kFinalizedKinds =
        1ull << int(ObjKind::List) | 1ull << int(ObjKind::Set) | 1ull << int(ObjKind::FrozenSet) |
        1ull << int(ObjKind::Dict) | 1ull << int(ObjKind::Exception) | 1ull << int(ObjKind::Type) |
        1ull << int(ObjKind::Native) | 1ull << int(ObjKind::Code) | 1ull << int(ObjKind::Generator) |
        1ull << int(ObjKind::Coroutine) | 1ull << int(ObjKind::AsyncGenerator) |
        1ull << int(ObjKind::Future);
    static constexpr bool is_finalized(ObjKind k) { return (kFinalizedKinds >> (int(k) & 63)) & 1; }

    // For a process about to exit without destroying its interpreter: runs the
    // finalizers whose effects outlive the process, in free_all's order: Native
    // objects (an open file writes its buffer, a host object runs its destructor)
    // and coroutines (the never-awaited warning). Frees nothing else. The
    // interpreter must not run again.
    void finalize_for_exit();

    void set_stress(bool on) {  // collect at every safepoint that allocated
        stress_ = on;
        retarget();
    }
    void set_memory_limit(size_t bytes) { limit_ = bytes; }  // 0 = unlimited
    // Transparent huge pages from the first chunk (PageSource::huge_pages_from_start);
    // before the first allocation.
    void huge_pages_from_start() { page_source_.huge_pages_from_start(); }
    size_t bytes_in_use() const { return bytes_ + external_; }
    size_t object_count() const { return count_; }
    size_t page_count() const { return pages_.size(); }

private:
    static constexpr uint8_t kGcMarked = 1, kGcLarge = 2;  // Object::gc bits (large objects only)
    static constexpr size_t kClasses = kMaxSmall / 16;

    // A page's header; its cells start at kCellsOffset (16-byte aligned). A
    // cell's mark bit is that of its first granule (address bits 4-15).
    struct Page {
        uint32_t cell_size;
        uint32_t ncells;
        uint8_t cls_index;
        bool finalized;  // holds kFinalizedKinds objects (swept cell by cell)
        // Finalized pages: the cells handed out so far, from the first. A new page is
        // carved a cell at a time, not threaded into a free list at once: writing a
        // link into every cell touched all 64 KB (16 page faults) of each new page,
        // most of them before a small script ever needed them. Plain pages: ncells.
        uint32_t carved;
        alignas(64) uint64_t marks[kMarkWords];
        uint64_t leaves[kMarkWords];  // cells noted as leaves (note_leaf); a subset of the live ones
        char* cells() { return reinterpret_cast<char*>(this) + kCellsOffset; }
    };

    static Page* page_of(const Object* o) {
        return reinterpret_cast<Page*>(reinterpret_cast<uintptr_t>(o) & ~uintptr_t(kPageSize - 1));
    }
    static size_t granule(const Object* o) { return (reinterpret_cast<uintptr_t>(o) & (kPageSize - 1)) >> 4; }
    static size_t mark_word(const Object* o) { return granule(o) >> 6; }
    static uint64_t mark_bit(const Object* o) { return uint64_t(1) << (granule(o) & 63); }
    // Plain strings and bytes hold no references but their class, str or
    // bytes, which is a root: marking them needs no trip through the gray
    // stack (most of a big heap is strings, e.g. bench/words.py). Instances
    // of subclasses also hold their __dict__: traced like other objects.
    static bool is_leaf(const Object* o) {
        return (o->kind == ObjKind::Str || o->kind == ObjKind::Bytes) && !(o->flags & kSubclassInstance);
    }
    void mark_large(Object* o);
    // A cell from a plain class's cursor, nullptr when its bitmap word is used up.
    Object* pop_plain(size_t c) {
        uint64_t b = cursor_[c].bits;
        if (!b) return nullptr;
        cursor_[c].bits = b & (b - 1);
        return reinterpret_cast<Object*>(cursor_[c].base + (size_t(std::countr_zero(b)) << 4));
    }
    static Object*& free_link(Object* cell) { return *reinterpret_cast<Object**>(cell); }

    // The inline allocation: a cell from the size class's cursor (plain kinds)
    // or free list (finalized kinds); the first `zero` bytes are zeroed.
    Object* alloc_zeroing(size_t size, size_t zero, ObjKind kind, Type* cls) {
        if (size <= kMaxSmall && !limit_) {
            size_t c = (size + 15) / 16 - 1;
            Object* o = nullptr;
            if (is_finalized(kind)) {
                if ((o = free_[c])) free_[c] = free_link(o);
            } else {
                o = pop_plain(c);
            }
            if (o) {
                auto* w = reinterpret_cast<uint64_t*>(o);
                for (size_t i = 0; i < (zero + 7) / 8; i++) w[i] = 0;
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

    void sweep();
    void trace(Object* o);
    void drop_dead_types();

    Interp& I_;
    std::vector<Object*> gray_;
    size_t bytes_ = 0, count_ = 0;  // in object cells (recounted by each sweep)
    size_t external_ = 0;           // reported by note_external
    size_t allocated_since_gc_ = 0;
    size_t threshold_ = 8 << 20;
    // What safepoint_due compares with: threshold_, or 1 in stress mode, or 0 when
    // the VM is asked to look at its host limits, so every safepoint pays one
    // compare (the VM runs one per call and loop turn).
    std::atomic<size_t> trigger_{8 << 20};
    size_t armed_trigger() const { return stress_ ? 1 : threshold_; }
    // A new threshold: trigger_ follows it unless it was dropped to 0 (by another thread too).
    void retarget() {
        size_t t = trigger_.load();
        while (t != 0 && !trigger_.compare_exchange_weak(t, armed_trigger())) {
        }
    }
    size_t limit_ = 0;
    bool stress_ = false;
    bool collecting_ = false;
    // The cell buffers the marking found: counted by their owners (external_), not as objects.
    size_t marked_buffer_bytes_ = 0, marked_buffers_ = 0;

    // Plain pages of a size class are allocated from with a cursor: `bits` are
    // the free cells of the current bitmap word, `base` the address of its
    // first granule; `page`/`word` where the walk is; `next` indexes the
    // class's pages with free cells (found by the last sweep).
    struct Cursor {
        uint64_t bits = 0;
        char* base = nullptr;
        Page* page = nullptr;
        size_t word = 0;
        size_t next = 0;
    };
    PageSource page_source_;
    std::vector<Page*> pages_;
    Cursor cursor_[kClasses];
    std::vector<Page*> partial_[kClasses];  // plain pages with free cells, oldest first
    Object* free_[kClasses] = {};      // finalized pages' free cells, linked by their first word
    Object* recycled_[kClasses] = {};  // buffer cells given back since the last collection
    Page* carving_[kClasses] = {};     // the finalized page of each class still being carved
    Object* take_plain(size_t cls_index);
    Object* take_finalized(size_t cls_index);
    Page* new_page(size_t cls_index, bool finalized);
    Object* alloc_slow(size_t size, ObjKind kind, Type* cls);
    void* alloc_large_buffer(size_t bytes);
    void recycle_buffer_cell(Object* cell, size_t c) {
        // During a collection the cell is unmarked (its owner is dead): free already.
        if (collecting_) return;
        free_link(cell) = recycled_[c];
        recycled_[c] = cell;
    }
    void check_external_limit(size_t bytes);  // raises MemoryError past the memory limit
    void sweep_pages(std::vector<Page*>& empty);
    // Calls fn(Object*) on every cell handed out from a finalized page (free ones
    // too: kFreeCell) and on every large object, in page order: free_all and
    // finalize_for_exit finalize in the same order.
    template <class Fn>
    void for_each_finalizable(Fn fn);  // heap.cpp
    void sweep_finalized_page(Page* p, bool stays, Object** tail);
    // Large objects: each malloc'd behind a LargeHeader, singly linked.
    struct LargeHeader;
    LargeHeader* large_ = nullptr;
    void sweep_large(std::vector<LargeHeader*>& dead);
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
