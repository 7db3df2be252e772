// tests/unit/startup_test.cpp - what the start-up shortcuts must keep: the C stack
// limit behind RecursionError is found without glibc's /proc/self/maps parse and
// agrees with glibc's answer (main thread and another thread); a traceback into an
// embedded stdlib module still shows its source line, read from the library's table
// rather than a copy made at import; a dict reserved for n insertions takes them
// without a resize; the intern table gives one Str per text, born with its str
// hash, across its growth.
#include <gtest/gtest.h>
#include <pthread.h>

#include <algorithm>
#include <cstdint>
#include <thread>

#include "runtime/containers.hpp"
#include "runtime/interp.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/traceback.hpp"
#include "stdlib/embedded.hpp"

namespace {

using namespace aio::rt;

// The lowest address of the calling thread's stack, as glibc reports it.
uintptr_t glibc_stack_low() {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
    void* addr = nullptr;
    size_t size = 0;
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    return reinterpret_cast<uintptr_t>(addr);
}

// The limit sits the same safety margin above the stack's low end on every thread;
// on the main thread it may be up to a page higher than glibc's (glibc does not
// round the size limit down to a page).
void expect_limit_matches_glibc(Interp& I, uintptr_t* margin) {
    EXPECT_FALSE(c_stack_exhausted(I));
    uintptr_t low = glibc_stack_low();
    ASSERT_NE(low, 0u);
    ASSERT_GT(I.c_stack_limit, low);
    *margin = I.c_stack_limit - low;
}

TEST(Startup, CStackLimitOfTheMainThreadMatchesGlibc) {
    Interp I;
    uintptr_t main_margin = 0, thread_margin = 0;
    expect_limit_matches_glibc(I, &main_margin);
    std::thread([&] {
        Interp J;
        expect_limit_matches_glibc(J, &thread_margin);
    }).join();
    // Another thread's stack comes from glibc (pthread_getattr_np); the main
    // thread's from the auxiliary vector and RLIMIT_STACK: same margin above both.
    EXPECT_GE(main_margin, thread_margin);
    EXPECT_LT(main_margin - thread_margin, 4096u);
}

TEST(Startup, TracebackLinesOfEmbeddedModulesComeFromTheLibrary) {
    Interp I;
    init_runtime(I);
    const aio::stdlib::EmbeddedModule* e = aio::stdlib::kEmbeddedModules;
    ASSERT_FALSE(e->name.empty());
    // The first non-blank line of the module, stripped as a traceback strips it.
    std::string_view src = e->source, first;
    int line = 0;
    for (size_t pos = 0; first.empty() && pos < src.size(); line++) {
        size_t end = std::min(src.find('\n', pos), src.size());
        std::string_view text = src.substr(pos, end - pos);
        size_t b = text.find_first_not_of(" \t\r");
        if (b != std::string_view::npos) first = text.substr(b, text.find_last_not_of(" \t\r") - b + 1);
        pos = end + 1;
    }
    ASSERT_FALSE(first.empty());
    EXPECT_EQ(I.sources.count(std::string(e->filename)), 0u);
    EXPECT_EQ(source_line_text(I, e->filename, line), std::string(first));
    EXPECT_EQ(aio::stdlib::embedded_source(e->filename), e->source);
    EXPECT_TRUE(aio::stdlib::embedded_source("<frozen no such module>").empty());
}

TEST(Startup, ReservedDictTakesItsInsertionsWithoutResizing) {
    Interp I;
    init_runtime(I);
    Dict* d = new_dict(I);
    TempRoot keep(I, d);
    dict_set_str(I, d, intern(I, "a"), Value::integer(0));
    dict_reserve(I, d, 100);
    DictEntry* entries = d->entries;
    for (int i = 0; i < 100; i++)
        dict_set_str(I, d, intern(I, "k" + std::to_string(i)), Value::integer(i));
    EXPECT_EQ(d->entries, entries);
    EXPECT_EQ(d->size, 101u);
    EXPECT_EQ(dict_get_str(d, intern(I, "k99")).as_int(), 99);
    EXPECT_EQ(dict_get_str(d, intern(I, "a")).as_int(), 0);
}

TEST(Startup, InternTableKeepsOneStrPerTextAcrossGrowth) {
    Interp I;
    init_runtime(I);
    std::vector<Str*> first;
    for (int i = 0; i < 5000; i++) first.push_back(intern(I, "name_" + std::to_string(i)));
    for (int i = 0; i < 5000; i++) {
        Str* s = intern(I, "name_" + std::to_string(i));
        ASSERT_EQ(s, first[size_t(i)]);
        EXPECT_TRUE(s->flags & kStrInterned);
        uint64_t h = s->hash;
        s->hash = 0;
        EXPECT_EQ(str_hash(s), h);  // the cached hash is str_hash's
    }
    EXPECT_EQ(intern(I, ""), intern(I, std::string()));
    EXPECT_EQ(intern(I, "upper"), intern(I, std::string("upp") + "er"));
    EXPECT_NE(intern(I, "name_1"), intern(I, "name_10"));
}

}  // namespace
