// interpreter/name_map.hpp - the compiler's hash map from names to small values
// (symbol tables, name/varname/cell slots, interned-string caches).
// Why not std::unordered_map: these maps are built and dropped once per scope,
// millions of times over a large program; a node per entry (malloc + free) and
// a pointer chase per probe dominated `aio --check`. This one keeps the entries
// in one vector (insertion order, which also makes iteration deterministic) and
// probes an open-addressing index of (hash, entry) pairs.
// Keys are views: their bytes must outlive the map (AST text, arena, Str bytes).
// References to values are invalidated by the next insertion.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace aio::compiler {

// A fast hash for short identifiers: 8 bytes at a time, multiply-xorshift mixed.
inline uint32_t name_hash(std::string_view s) {
    uint64_t h = 0x9e3779b97f4a7c15ull ^ s.size();
    const char* p = s.data();
    size_t n = s.size();
    while (n >= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    if (n) std::memcpy(&w, p, n);
    h = (h ^ w) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    return uint32_t(h) | 1;  // never 0: 0 marks an empty slot
}

template <class V>
class NameMap {
public:
    struct Entry {
        std::string_view first;
        V second;
    };

    V* find(std::string_view k) { return find_hashed(k, name_hash(k)); }
    const V* find(std::string_view k) const { return const_cast<NameMap*>(this)->find(k); }
    bool contains(std::string_view k) const { return find(k) != nullptr; }

    // Inserts `v` unless `k` is present; returns the stored value and whether it was inserted.
    std::pair<V*, bool> try_emplace(std::string_view k, V v = V()) {
        uint32_t h = name_hash(k);
        if (V* p = find_hashed(k, h)) return {p, false};
        if ((entries_.size() + 1) * 2 > slots_.size()) grow();
        entries_.push_back({k, std::move(v)});
        place(h, uint32_t(entries_.size() - 1));
        return {&entries_.back().second, true};
    }
    V& operator[](std::string_view k) { return *try_emplace(k).first; }

    size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    Entry* begin() { return entries_.data(); }
    Entry* end() { return entries_.data() + entries_.size(); }
    const Entry* begin() const { return entries_.data(); }
    const Entry* end() const { return entries_.data() + entries_.size(); }

    // Empties the map but keeps its memory (maps reused across scopes).
    void clear() {
        if (entries_.empty()) return;
        entries_.clear();
        std::fill(slots_.begin(), slots_.end(), Slot{});
    }

private:
    struct Slot {
        uint32_t hash = 0;  // 0: empty
        uint32_t index = 0;
    };

    V* find_hashed(std::string_view k, uint32_t h) {
        if (slots_.empty()) return nullptr;
        size_t mask = slots_.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot& s = slots_[i];
            if (s.hash == 0) return nullptr;
            if (s.hash == h) {
                Entry& e = entries_[s.index];
                if (e.first.size() == k.size() && (k.empty() || std::memcmp(e.first.data(), k.data(), k.size()) == 0))
                    return &e.second;
            }
        }
    }
    void place(uint32_t h, uint32_t index) {
        size_t mask = slots_.size() - 1;
        size_t i = h & mask;
        while (slots_[i].hash != 0) i = (i + 1) & mask;
        slots_[i] = {h, index};
    }
    void grow() {
        std::vector<Slot> old;
        old.swap(slots_);
        slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
        for (const Slot& s : old)
            if (s.hash) place(s.hash, s.index);
    }

    std::vector<Entry> entries_;
    std::vector<Slot> slots_;  // size: 0 or a power of two, at most half full
};

// A set of names (a NameMap without values).
class NameSet {
public:
    bool insert(std::string_view k) { return map_.try_emplace(k).second; }
    bool contains(std::string_view k) const { return map_.contains(k); }
    size_t size() const { return map_.size(); }
    struct Iter {
        const NameMap<char>::Entry* p;
        std::string_view operator*() const { return p->first; }
        Iter& operator++() { ++p; return *this; }
        bool operator!=(const Iter& o) const { return p != o.p; }
    };
    Iter begin() const { return {map_.begin()}; }
    Iter end() const { return {map_.end()}; }

private:
    NameMap<char> map_;
};

}  // namespace aio::compiler
