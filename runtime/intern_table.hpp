// runtime/intern_table.hpp - the interpreter's table of interned strings: an
// open-addressing array of Str*, probed linearly, keyed by the str hash that
// each Str caches (Str::hash). No node per string and one hash per lookup: the
// ~900 names interned at start-up cost a malloc each in a node-based map, and
// a second hash when they became dict keys.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/object.hpp"

namespace aio::rt {

class InternTable {
public:
    // The interned Str with these bytes, or nullptr. `h` is str_hash's value for them.
    Str* find(std::string_view text, uint64_t h) const;
    // Adds `s` (not present yet, its hash cached as `h`).
    void insert(Str* s, uint64_t h);
    // Room for `n` strings without growing.
    void reserve(size_t n);
    size_t size() const { return count_; }
    template <class Fn>
    void for_each(Fn fn) const {
        for (Str* s : slots_)
            if (s) fn(s);
    }

private:
    static size_t slots_for(size_t n);
    void rehash(size_t nslots);
    std::vector<Str*> slots_;  // power of two, at most 3/4 full
    size_t count_ = 0;
};

}  // namespace aio::rt
