// runtime/str.cpp - creation of str and bytes objects, interning, and the
// code-point helpers (offsets, concatenation, single characters).
// A Str stores valid UTF-8 followed by a NUL; `aux` is its code point length and
// `ascii` says bytes == code points, which makes indexing O(1).
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/text/copy_bytes.hpp"
#include "runtime/text/hash.hpp"
#include "runtime/text/utf8.hpp"

namespace aio::rt {

static Str* alloc_str(Interp& I, size_t size) {
    if (size > 0xffffffffu - 64) raise(I, I.exc.OverflowError, "string is too large");
    // The caller writes the text; the NUL is ours.
    auto* s = I.heap.make_filled<Str>(ObjKind::Str, I.types.str, size + 1);
    I.heap.note_leaf(s);
    s->size = uint32_t(size);
    s->data()[size] = 0;
    return s;
}

static void finish_str(Str* s) {
    std::string_view v = s->view();
    s->ascii = text::is_ascii(v);
    s->aux = s->ascii ? s->size : uint32_t(text::count_code_points(v));
}

Str* new_str_buffer(Interp& I, size_t size) { return alloc_str(I, size); }

void str_finish(Str* s, bool known_ascii) {
    if (!known_ascii) return finish_str(s);
    s->ascii = true;
    s->aux = s->size;
}

Str* new_ascii_str(Interp& I, std::string_view ascii) {
    if (ascii.size() <= 1) return new_str(I, ascii);
    Str* s = alloc_str(I, ascii.size());
    text::copy_bytes(s->data(), ascii.data(), ascii.size());  // mostly short words: no memcpy call
    s->ascii = true;
    s->aux = s->size;
    return s;
}

Str* new_str(Interp& I, std::string_view utf8) {
    if (utf8.size() <= 1) {
        // Empty and 1-byte strings are shared: cheap indexing and iteration of ASCII text.
        if (utf8.empty() && I.names.empty) return I.names.empty;
        if (utf8.size() == 1 && I.types.str) return intern(I, utf8);
    }
    Str* s = alloc_str(I, utf8.size());
    if (!utf8.empty()) std::memcpy(s->data(), utf8.data(), utf8.size());
    finish_str(s);
    return s;
}

namespace {
// str_hash's value for these bytes, so that an interned Str is born with its hash.
uint64_t text_hash(std::string_view utf8) {
    if (utf8.empty()) return 0;
    uint64_t h = text::hash_bytes(utf8);
    return h == 0 || h == ~uint64_t(0) ? 0x9e3779b97f4a7c15ull : h;
}
}  // namespace

Str* intern(Interp& I, std::string_view utf8) {
    uint64_t h = text_hash(utf8);
    if (Str* s = I.interned.find(utf8, h)) return s;
    Str* s = alloc_str(I, utf8.size());
    if (!utf8.empty()) std::memcpy(s->data(), utf8.data(), utf8.size());
    finish_str(s);
    s->flags |= kStrInterned;
    I.interned.insert(s, h);
    return s;
}

size_t InternTable::slots_for(size_t n) {
    size_t slots = 16;
    while (slots * 3 / 4 < n) slots *= 2;
    return slots;
}

Str* InternTable::find(std::string_view text, uint64_t h) const {
    if (slots_.empty()) return nullptr;
    size_t mask = slots_.size() - 1;
    for (size_t i = size_t(h) & mask;; i = (i + 1) & mask) {
        Str* s = slots_[i];
        if (!s) return nullptr;
        if (s->hash == h && s->size == text.size() && text::bytes_equal(s->data(), text.data(), text.size()))
            return s;
    }
}

void InternTable::insert(Str* s, uint64_t h) {
    s->hash = h;
    if ((count_ + 1) > slots_.size() * 3 / 4) rehash(slots_for(count_ + 1));
    size_t mask = slots_.size() - 1;
    size_t i = size_t(h) & mask;
    while (slots_[i]) i = (i + 1) & mask;
    slots_[i] = s;
    count_++;
}

void InternTable::reserve(size_t n) {
    if (slots_for(n) > slots_.size()) rehash(slots_for(n));
}

void InternTable::rehash(size_t nslots) {
    std::vector<Str*> old(nslots, nullptr);
    old.swap(slots_);
    size_t mask = nslots - 1;
    for (Str* s : old) {
        if (!s) continue;
        size_t i = size_t(s->hash) & mask;
        while (slots_[i]) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

Bytes* new_bytes(Interp& I, std::string_view data) {
    auto* b = I.heap.make_filled<Bytes>(ObjKind::Bytes, I.types.bytes, data.size() + 1);
    I.heap.note_leaf(b);
    b->size = uint32_t(data.size());
    if (!data.empty()) std::memcpy(b->data(), data.data(), data.size());
    b->data()[data.size()] = 0;
    return b;
}

Str* new_subclass_str(Interp& I, Type* cls, Str* value) {
    auto* s = I.heap.make<Str>(ObjKind::Str, cls, value->size + 1 + kSubclassDictRoom);
    s->size = value->size;
    std::memcpy(s->data(), value->data(), value->size + 1);
    s->ascii = value->ascii;
    s->aux = value->aux;
    s->flags = kSubclassInstance;
    *s->dict_slot() = nullptr;
    return s;
}

Bytes* new_subclass_bytes(Interp& I, Type* cls, Bytes* value) {
    auto* b = I.heap.make<Bytes>(ObjKind::Bytes, cls, value->size + 1 + kSubclassDictRoom);
    b->size = value->size;
    std::memcpy(b->data(), value->data(), value->size + 1);
    b->flags = kSubclassInstance;
    *b->dict_slot() = nullptr;
    return b;
}

size_t str_byte_offset(Str* s, int64_t i) {
    if (s->ascii) return size_t(i);
    return text::byte_offset(s->view(), size_t(i));
}

Str* str_concat(Interp& I, Str* a, Str* b) {
    if (a->size == 0) return b;
    if (b->size == 0) return a;
    Str* s = alloc_str(I, size_t(a->size) + b->size);
    std::memcpy(s->data(), a->data(), a->size);
    std::memcpy(s->data() + a->size, b->data(), b->size);
    s->ascii = a->ascii && b->ascii;
    s->aux = a->aux + b->aux;
    return s;
}

Str* str_char_at(Interp& I, Str* s, int64_t i) {
    if (s->ascii) return intern(I, std::string_view(s->data() + i, 1));
    size_t off = text::byte_offset(s->view(), size_t(i));
    auto d = text::decode_utf8(s->view(), off);
    return new_str(I, std::string_view(s->data() + off, size_t(d.len)));
}

}  // namespace aio::rt
