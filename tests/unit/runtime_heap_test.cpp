// tests/unit/runtime_heap_test.cpp - the collector's page layout (runtime/heap.hpp):
// mark bitmaps, the allocation cursor over plain pages, free lists of the
// finalized kinds' pages, release of empty pages, large objects, accounting.
#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

using namespace aio::rt;

namespace {

struct HeapTest : ::testing::Test {
    Interp I;
    void SetUp() override { init_runtime(I); }
    Str* S(const std::string& s) { return new_str(I, s); }
    static std::string text(int i) { return "string number " + std::to_string(i); }
    // A settled heap: what the runtime itself keeps.
    void settle() {
        I.heap.collect();
        I.heap.collect();
    }
};

// Survivors scattered among garbage keep their contents over many
// collections, and the dead cells between them are allocated again
// (no new pages) before the heap grows.
TEST_F(HeapTest, SurvivorsKeepTheirContentsAndDeadCellsAreReused) {
    settle();
    size_t base_count = I.heap.object_count();
    List* kept = new_list(I);
    TempRoot r(I, kept);
    for (int i = 0; i < 30000; i++) {
        Str* s = S(text(i));
        if (i % 3 == 0) list_append(I, kept, Value::object(s));
    }
    for (int round = 0; round < 5; round++) {
        I.heap.collect();
        ASSERT_EQ(I.heap.object_count(), base_count + 1 + kept->size);
        for (uint32_t k = 0; k < kept->size; k++)
            ASSERT_EQ(as<Str>(kept->items[k])->view(), text(int(k) * 3)) << "round " << round;
    }
    size_t pages = I.heap.page_count();
    // Two thirds of the strings' cells are free: as many new strings fit in them.
    for (int i = 0; i < 19000; i++) S(text(i));
    EXPECT_EQ(I.heap.page_count(), pages);
    I.heap.collect();
    for (uint32_t k = 0; k < kept->size; k++) ASSERT_EQ(as<Str>(kept->items[k])->view(), text(int(k) * 3));
}

// Pages whose every cell died are given back; the accounting returns to the base.
TEST_F(HeapTest, EmptyPagesAreReleased) {
    settle();
    size_t base_pages = I.heap.page_count();
    size_t base_bytes = I.heap.bytes_in_use();
    size_t base_count = I.heap.object_count();
    for (int i = 0; i < 50000; i++) {
        S(text(i));
        new_tuple(I, {Value::integer(i), Value::integer(i + 1)});
        List* l = new_list(I);
        list_append(I, l, Value::integer(i));
        Dict* d = new_dict(I);
        dict_set(I, d, Value::integer(i), Value::integer(i));
    }
    EXPECT_GT(I.heap.page_count(), base_pages + 20);
    I.heap.collect();
    EXPECT_LE(I.heap.page_count(), base_pages);
    EXPECT_EQ(I.heap.bytes_in_use(), base_bytes);
    EXPECT_EQ(I.heap.object_count(), base_count);
}

// Lists and dicts (finalized kinds: they own memory) live on free lists: the
// cells of dead ones, finalized by the sweep, are what the next ones get.
TEST_F(HeapTest, FinalizedKindsReuseFreedCells) {
    settle();
    size_t base_bytes = I.heap.bytes_in_use();
    List* keep = new_list(I);
    TempRoot r(I, keep);
    auto churn = [&](int n, bool keep_some) {
        for (int i = 0; i < n; i++) {
            List* l = new_list(I);
            for (int k = 0; k < 5; k++) list_append(I, l, Value::integer(k));
            Dict* d = new_dict(I);
            dict_set(I, d, Value::object(S(text(i))), Value::integer(i));
            if (keep_some && i % 100 == 0) {
                list_append(I, keep, Value::object(l));
                list_append(I, keep, Value::object(d));
            }
        }
    };
    churn(20000, true);  // one list and dict in a hundred stay: their pages too
    I.heap.collect();
    size_t pages = I.heap.page_count();
    size_t bytes = I.heap.bytes_in_use();
    for (int round = 0; round < 3; round++) {
        churn(19000, false);
        EXPECT_EQ(I.heap.page_count(), pages) << "round " << round;
        I.heap.collect();
        EXPECT_EQ(I.heap.bytes_in_use(), bytes);
    }
    for (uint32_t k = 0; k < keep->size; k += 2) {
        List* l = as<List>(keep->items[k]);
        ASSERT_EQ(l->size, 5u);
        ASSERT_EQ(l->items[4].as_int(), 4);
    }
    keep->size = 0;
    I.heap.collect();
    EXPECT_EQ(I.heap.bytes_in_use(), base_bytes + 16 * ((sizeof(List) + 15) / 16) + keep->cap * sizeof(Value));
}

// A new page of a finalized kind is handed out a cell at a time: its cells are
// not all written when it is taken (that cost a small script 16 page faults per
// page). Seen from the kernel: the far half of a new page is still not resident.
// Then a collection with the page partly carved keeps the carved cells apart.
TEST(HeapCarvingTest, NewFinalizedPageIsNotTouchedAhead) {
    std::string thp;
    if (FILE* f = std::fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r")) {
        char buf[128] = {};
        thp = std::fgets(buf, sizeof buf, f) ? buf : "";
        std::fclose(f);
    }
    if (thp.find("[always]") != std::string::npos) GTEST_SKIP() << "huge pages make every page resident";
    Interp I;
    init_runtime(I);
    List* keep = new_list(I);
    TempRoot r(I, keep);
    // Lists until one is the first cell of a new page (no collection has given pages
    // back yet: the page is freshly mapped).
    uintptr_t page = 0;
    for (int i = 0; i < 100000 && !page; i++) {
        List* l = new_list(I);
        list_append(I, keep, Value::object(l));
        auto at = reinterpret_cast<uintptr_t>(l);
        if ((at & (Heap::kPageSize - 1)) == Heap::kCellsOffset) page = at - Heap::kCellsOffset;
    }
    ASSERT_NE(page, 0u);
    long os_page = sysconf(_SC_PAGESIZE);
    size_t half = Heap::kPageSize / 2;
    std::vector<unsigned char> resident(half / size_t(os_page));
    ASSERT_EQ(mincore(reinterpret_cast<void*>(page + half), half, resident.data()), 0);
    for (unsigned char b : resident) EXPECT_EQ(b & 1, 0);
    // Dead lists on the partly carved page are reused; the uncarved cells play no part.
    for (int i = 0; i < 50; i++) list_append(I, keep, Value::object(new_list(I)));
    List* survivor = as<List>(keep->items[keep->size - 1]);
    keep->size = 0;
    list_append(I, keep, Value::object(survivor));
    I.heap.collect();
    size_t count = I.heap.object_count();
    for (int i = 0; i < 20; i++) new_list(I);
    EXPECT_EQ(I.heap.object_count(), count + 20);
    I.heap.collect();
    EXPECT_EQ(I.heap.object_count(), count);
    EXPECT_EQ(as<List>(keep->items[0]), survivor);
}

// A live list's small item buffer is a cell only the list's marking keeps;
// buffers dropped as the list grows are reused, and everything is accounted.
TEST_F(HeapTest, ListBufferCellsLiveWithTheirList) {
    settle();
    size_t base_bytes = I.heap.bytes_in_use();
    List* l = new_list(I);
    {
        TempRoot r(I, l);
        for (int i = 0; i < 12; i++) list_append(I, l, Value::object(S(text(i))));
        for (int round = 0; round < 3; round++) {
            // Garbage of the buffer's size class, to take any cell wrongly left free.
            for (int i = 0; i < 5000; i++) new_tuple(I, {Value::integer(i), Value::integer(i)});
            I.heap.collect();
            for (int i = 0; i < 12; i++) ASSERT_EQ(as<Str>(l->items[i])->view(), text(i));
        }
        size_t strs = 0;
        for (int i = 0; i < 12; i++) strs += 16 * ((sizeof(Str) + text(i).size() + 1 + 15) / 16);
        EXPECT_LE(l->cap * sizeof(Value), Heap::kMaxBuffer);  // a cell buffer
        EXPECT_EQ(I.heap.bytes_in_use(),
                  base_bytes + 16 * ((sizeof(List) + 15) / 16) + l->cap * sizeof(Value) + strs);
    }
    I.heap.collect();
    EXPECT_EQ(I.heap.bytes_in_use(), base_bytes);
}

// Large objects (over kMaxSmall bytes) are marked in their header: they
// survive while reachable and are freed, with their bytes, when not.
TEST_F(HeapTest, LargeObjectsSurviveAndDie) {
    settle();
    size_t base_bytes = I.heap.bytes_in_use();
    std::string big(5000, 'x');
    Str* s = S(big);
    Tuple* t = new_tuple(I, 100);
    {
        TempRoot r1(I, s), r2(I, t);
        for (int i = 0; i < 100; i++) t->items()[i] = Value::object(S(text(i)));
        for (int round = 0; round < 3; round++) {
            I.heap.collect();
            ASSERT_EQ(s->view(), big);
            for (int i = 0; i < 100; i++) ASSERT_EQ(as<Str>(t->items()[i])->view(), text(i));
        }
        EXPECT_GT(I.heap.bytes_in_use(), base_bytes + 5000 + 800);
    }
    I.heap.collect();
    EXPECT_EQ(I.heap.bytes_in_use(), base_bytes);
}

// Strings and tuples are allocated without zeroing their payload (make_filled):
// a str reusing a dead longer str's cell still ends at its NUL.
TEST_F(HeapTest, StrInAReusedCellIsTerminated) {
    settle();
    for (int i = 0; i < 10000; i++) S(std::string(40, 'z'));
    I.heap.collect();
    for (int i = 0; i < 10000; i++) {
        Str* s = S(std::string(33, 'a'));  // the same 64-byte size class
        ASSERT_EQ(s->data()[33], '\0');
        ASSERT_EQ(s->view(), std::string(33, 'a'));
    }
}

// The collector's pace: the next collection comes after half as many bytes
// as the last one found live, so the heap peaks near 1.5x its live data (it
// peaked near 2x: bench/words.py's RSS was 1.5x CPython's).
TEST_F(HeapTest, CollectsAfterHalfTheLiveBytes) {
    settle();
    List* kept = new_list(I);
    TempRoot r(I, kept);
    std::string pad(90, 'p');
    for (int i = 0; i < 250000; i++) list_append(I, kept, Value::object(S(pad + text(i))));
    I.heap.collect();
    size_t live = I.heap.bytes_in_use();
    ASSERT_GT(live, size_t(32) << 20);  // past the 8 MB floor of the pace
    size_t peak = live;
    for (int i = 0; i < 2000000; i++) {
        S(pad + text(i));  // garbage
        size_t before = I.heap.bytes_in_use();
        I.heap.maybe_collect();
        if (I.heap.bytes_in_use() < before) break;  // collected
        peak = before;
    }
    EXPECT_GT(peak, live + live * 2 / 5);
    EXPECT_LT(peak, live + live * 3 / 5);
}

// Pages come in 2 MB chunks aligned to 2 MB (so the kernel may back a chunk
// with one huge page); every page is aligned to its own size.
TEST(PageSourceTest, ChunksAreAlignedForHugePages) {
    PageSource src;
    constexpr size_t kChunk = PageSource::kPagesPerChunk * PageSource::kPageSize;
    static_assert(kChunk == size_t(2) << 20);
    std::vector<void*> taken;
    for (size_t i = 0; i < 3 * PageSource::kPagesPerChunk; i++) {
        void* p = src.take();
        ASSERT_NE(p, nullptr);
        auto a = reinterpret_cast<uintptr_t>(p);
        EXPECT_EQ(a % PageSource::kPageSize, 0u);
        if (i % PageSource::kPagesPerChunk == 0) {
            EXPECT_EQ(a % kChunk, 0u) << "chunk " << i / PageSource::kPagesPerChunk;
        }
        static_cast<char*>(p)[0] = 1;  // touchable
        taken.push_back(p);
    }
    for (void* p : taken) src.give_back(p);
    src.trim(0);
}

// The VmFlags line of /proc/self/smaps for the mapping holding `p` ("" if none).
std::string vm_flags_of(const void* p) {
    FILE* f = std::fopen("/proc/self/smaps", "r");
    if (!f) return "";
    auto a = reinterpret_cast<uintptr_t>(p);
    bool inside = false;
    std::string flags;
    char line[512];
    while (std::fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (std::sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
            inside = a >= lo && a < hi;
        } else if (inside && std::string(line).rfind("VmFlags:", 0) == 0) {
            flags = line;
            break;
        }
    }
    std::fclose(f);
    return flags;
}

// A small heap keeps 4 KB pages (an embedder's many small interpreters), unless its
// owner asks for huge pages from the first chunk (the aio command: a 4 KB page
// fault costs ~15 us on the machines we measure on). madvise marks the chunk "hg".
TEST(PageSourceTest, HugePagesFromTheFirstChunkOnlyWhenAsked) {
    PageSource plain, huge;
    huge.huge_pages_from_start();
    void* a = plain.take();
    void* b = huge.take();
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    std::string fa = vm_flags_of(a), fb = vm_flags_of(b);
    if (fb.empty()) GTEST_SKIP() << "no /proc/self/smaps";
#ifdef MADV_HUGEPAGE
    EXPECT_EQ(fa.find(" hg"), std::string::npos) << fa;
    EXPECT_NE(fb.find(" hg"), std::string::npos) << fb;
#endif
    plain.give_back(a);
    huge.give_back(b);
}

// Heap::mark tells a page's cell from a large object by address alone: every
// page comes from the source's reserved range, also after trim() released it.
TEST(PageSourceTest, PagesAreOwnedAndOtherMemoryIsNot) {
    PageSource src;
    std::vector<void*> taken;
    for (size_t i = 0; i < 2 * PageSource::kPagesPerChunk; i++) {
        void* p = src.take();
        ASSERT_NE(p, nullptr);
        EXPECT_TRUE(src.owns(p));
        EXPECT_TRUE(src.owns(static_cast<char*>(p) + PageSource::kPageSize - 1));
        static_cast<char*>(p)[100] = 7;
        taken.push_back(p);
    }
    for (void* p : taken) src.give_back(p);
    src.trim(0);
    void* again = src.take();
    EXPECT_TRUE(src.owns(again));
    EXPECT_EQ(static_cast<char*>(again)[100], 0) << "a released page comes back zeroed";
    std::vector<char> elsewhere(1 << 20);
    EXPECT_FALSE(src.owns(elsewhere.data()));
    EXPECT_FALSE(src.owns(&src));
    src.give_back(again);
}

// Strings noted as leaves are marked without being traced; a str subclass
// instance (not a leaf) still keeps its __dict__, and a dead leaf's cell
// reused by a list is traced as a list.
TEST_F(HeapTest, LeafStringsAndTheirReusedCells) {
    settle();
    List* kept = new_list(I);
    TempRoot r(I, kept);
    for (int i = 0; i < 5000; i++) {
        Str* s = S(text(i));
        if (i % 3 == 0) list_append(I, kept, Value::object(s));
    }
    I.heap.collect();
    // the dead strings' cells now hold lists of strings
    std::vector<List*> lists;
    for (int i = 0; i < 2000; i++) {
        List* l = new_list(I);
        list_append(I, l, Value::object(S(text(-i))));
        list_append(I, kept, Value::object(l));
    }
    I.heap.collect();
    I.heap.collect();
    for (uint32_t i = 0; i < kept->size; i++) {
        Value v = kept->items[i];
        if (is_str(v)) {
            EXPECT_EQ(as_str(v)->view(), text(int(i) * 3)) << i;
        } else {
            List* l = static_cast<List*>(v.as_obj());
            ASSERT_EQ(l->size, 1u);
            EXPECT_EQ(as_str(l->items[0])->view(), text(-int(i - 1667))) << i;
        }
    }
}

}  // namespace
