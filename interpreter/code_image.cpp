// interpreter/code_image.cpp - the Code image format (see code_image.hpp).
// Layout, all integers little-endian-as-the-host, 32 bits unless noted:
//   magic, version, string count, then per string: byte length, bytes;
//   then the top Code. A Code: argcount, posonlyargcount, kwonlyargcount,
//   stacksize, flags, firstlineno, name, qualname, filename (string indices);
//   instruction count and the words; line count and the lines (both copied in
//   bulk: they are most of the image); constants; names, varnames, cellvars,
//   freevars (counts + string indices); cell2arg; exception table.
//   A constant: a tag byte and its payload (see Tag below).
// Strings are stored once; a name or interned constant refers to its index and
// is interned once per load; a constant the compiler made with new_str (not an
// identifier) is made again with new_str, one object per constant as compiled.
#include "interpreter/code_image.hpp"

#include <cstring>
#include <stdexcept>

#include "interpreter/name_map.hpp"
#include "runtime/containers.hpp"
#include "runtime/interp.hpp"
#include "runtime/protocol.hpp"

namespace aio::vm {

using namespace aio::rt;

namespace {

// "AIOC" as the host reads it: an image from a host of the other byte order fails the check.
constexpr uint32_t kMagic = 0x434f4941;

#if UINTPTR_MAX == 0xffffffffffffffffu
// Every field of Code is either written below or filled in by the VM later; a
// new field changes the size: add it to save_code/read_code (and the unit test
// code_image_test.cpp), then update this number.
static_assert(sizeof(Code) == 368, "rt::Code changed: update the code image format");
#endif

enum class Tag : uint8_t {
    None, True, False, Ellipsis,
    Int,        // int64
    Float,      // the double's bits, int64
    Interned,   // string index: rt::intern
    Str,        // string index: a new (uninterned) str
    Bytes,      // string index: new bytes
    Tuple,      // count, items
    FrozenSet,  // count, items in the set's iteration order
    Code,       // a nested Code
};

class Writer {
public:
    explicit Writer(Interp& I) : I_(I) {}

    std::string finish(const Code* top) {
        code(top);
        std::string out;
        put32(out, kMagic);
        put32(out, kCodeImageVersion);
        put32(out, uint32_t(strings_.size()));
        for (std::string_view s : strings_) {
            put32(out, uint32_t(s.size()));
            out.append(s);
        }
        out += body_;
        return out;
    }

private:
    static void put32(std::string& out, uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
    void u32(uint32_t v) { put32(body_, v); }
    void i64(int64_t v) { body_.append(reinterpret_cast<const char*>(&v), 8); }
    void tag(Tag t) { body_.push_back(char(t)); }

    // Keys view the bytes of Strs (and Bytes) the Code tree keeps alive.
    void text(std::string_view s) {
        auto [idx, added] = string_index_.try_emplace(s, uint32_t(strings_.size()));
        if (added) strings_.push_back(s);
        u32(*idx);
    }
    void name(const Str* s) { text(s ? s->view() : std::string_view()); }
    void names(const std::vector<Str*>& v) {
        u32(uint32_t(v.size()));
        for (const Str* s : v) name(s);
    }
    template <class T>
    void bulk(const std::vector<T>& v) {
        u32(uint32_t(v.size()));
        body_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
    }

    void value(Value v) {
        switch (v.tag) {
            case rt::Tag::None: tag(Tag::None); return;
            case rt::Tag::Bool: tag(v.as_bool() ? Tag::True : Tag::False); return;
            case rt::Tag::Int: tag(Tag::Int); i64(v.as_int()); return;
            case rt::Tag::Float: {
                int64_t bits;
                double f = v.as_float();
                std::memcpy(&bits, &f, 8);
                tag(Tag::Float);
                i64(bits);
                return;
            }
            case rt::Tag::Null: break;
            case rt::Tag::Obj: {
                if (v.same(I_.ellipsis)) { tag(Tag::Ellipsis); return; }
                Object* o = v.as_obj();
                switch (o->kind) {
                    case ObjKind::Str: {
                        auto* s = static_cast<Str*>(o);
                        tag((s->flags & kStrInterned) ? Tag::Interned : Tag::Str);
                        text(s->view());
                        return;
                    }
                    case ObjKind::Bytes: tag(Tag::Bytes); text(static_cast<Bytes*>(o)->view()); return;
                    case ObjKind::Tuple: {
                        auto* t = static_cast<rt::Tuple*>(o);
                        tag(Tag::Tuple);
                        u32(t->size);
                        for (uint32_t i = 0; i < t->size; i++) value(t->items()[i]);
                        return;
                    }
                    case ObjKind::FrozenSet: {
                        auto* s = static_cast<Set*>(o);
                        tag(Tag::FrozenSet);
                        u32(s->used);
                        Value k;
                        for (uint32_t pos = 0; set_next(s, &pos, &k);) value(k);
                        return;
                    }
                    case ObjKind::Code: tag(Tag::Code); code(static_cast<const rt::Code*>(o)); return;
                    default: break;
                }
            }
        }
        // The compiler emits no other constant; an image without it would differ silently.
        throw std::logic_error("code image: unsupported constant");
    }

    void code(const rt::Code* c) {
        u32(c->argcount);
        u32(c->posonlyargcount);
        u32(c->kwonlyargcount);
        u32(c->stacksize);
        u32(c->flags);
        u32(uint32_t(c->firstlineno));
        name(c->name);
        name(c->qualname);
        name(c->filename);
        bulk(c->code);
        bulk(c->lines);
        u32(uint32_t(c->consts.size()));
        for (Value v : c->consts) value(v);
        names(c->names);
        names(c->varnames);
        names(c->cellvars);
        names(c->freevars);
        bulk(c->cell2arg);
        u32(uint32_t(c->exc_table.size()));
        for (const ExcEntry& e : c->exc_table) {
            u32(e.start);
            u32(e.end);
            u32(e.target);
            u32(e.depth);
            u32(e.lasti ? 1 : 0);
        }
    }

    Interp& I_;
    compiler::NameMap<uint32_t> string_index_;
    std::vector<std::string_view> strings_;
    std::string body_;
};

struct BadImage {};

class Reader {
public:
    Reader(Interp& I, std::string_view image) : I_(I), p_(image.data()), end_(image.data() + image.size()) {}

    Code* load() {
        if (u32() != kMagic || u32() != kCodeImageVersion) return nullptr;
        uint32_t n = count();
        strings_.reserve(n);
        for (uint32_t i = 0; i < n; i++) {
            uint32_t len = u32();
            strings_.push_back(std::string_view(take(len), len));
        }
        interned_.assign(n, nullptr);
        Code* c = code();
        if (p_ != end_) throw BadImage{};
        return c;
    }

private:
    const char* take(size_t n) {
        if (size_t(end_ - p_) < n) throw BadImage{};
        const char* at = p_;
        p_ += n;
        return at;
    }
    uint32_t u32() {
        uint32_t v;
        std::memcpy(&v, take(4), 4);
        return v;
    }
    // A count of items that take at least one byte each (a damaged count fails
    // here instead of reserving gigabytes).
    uint32_t count() {
        uint32_t n = u32();
        if (n > size_t(end_ - p_)) throw BadImage{};
        return n;
    }
    int64_t i64() {
        int64_t v;
        std::memcpy(&v, take(8), 8);
        return v;
    }
    std::string_view text() {
        uint32_t i = u32();
        if (i >= strings_.size()) throw BadImage{};
        return strings_[i];
    }
    // As the compiler's names: one interned Str per text.
    Str* name() {
        uint32_t i = u32();
        if (i >= strings_.size()) throw BadImage{};
        if (!interned_[i]) interned_[i] = intern(I_, strings_[i]);
        return interned_[i];
    }
    void names(std::vector<Str*>& v) {
        uint32_t n = count();
        v.reserve(n);
        for (uint32_t i = 0; i < n; i++) v.push_back(name());
    }
    template <class T>
    void bulk(std::vector<T>& v) {
        uint32_t n = u32();
        const char* src = take(size_t(n) * sizeof(T));
        v.resize(n);
        if (n) std::memcpy(v.data(), src, size_t(n) * sizeof(T));  // an empty vector's data() may be null
    }

    Value value() {
        switch (Tag(*take(1))) {
            case Tag::None: return Value::none();
            case Tag::True: return Value::boolean(true);
            case Tag::False: return Value::boolean(false);
            case Tag::Ellipsis: return I_.ellipsis;
            case Tag::Int: return Value::integer(i64());
            case Tag::Float: {
                int64_t bits = i64();
                double f;
                std::memcpy(&f, &bits, 8);
                return Value::number(f);
            }
            case Tag::Interned: return Value::object(name());
            case Tag::Str: return Value::object(new_str(I_, text()));
            case Tag::Bytes: return Value::object(new_bytes(I_, text()));
            case Tag::Tuple: {
                uint32_t n = count();
                // No safepoint runs while loading: the tuple's items need no root.
                rt::Tuple* t = new_tuple(I_, n);
                for (uint32_t i = 0; i < n; i++) t->items()[i] = value();
                return Value::object(t);
            }
            case Tag::FrozenSet: {
                // Built as the compiler builds it: from a tuple in the saved order.
                uint32_t n = count();
                rt::Tuple* order = new_tuple(I_, n);
                for (uint32_t i = 0; i < n; i++) order->items()[i] = value();
                Set* s = new_set(I_, true);
                set_update(I_, s, Value::object(order));
                return Value::object(s);
            }
            case Tag::Code: return Value::object(code());
        }
        throw BadImage{};
    }

    Code* code() {
        Code* c = new_code(I_);
        c->argcount = u32();
        c->posonlyargcount = u32();
        c->kwonlyargcount = u32();
        c->stacksize = u32();
        c->flags = u32();
        c->firstlineno = int32_t(u32());
        c->name = name();
        c->qualname = name();
        c->filename = name();
        bulk(c->code);
        bulk(c->lines);
        uint32_t n = count();
        c->consts.reserve(n);
        for (uint32_t i = 0; i < n; i++) c->consts.push_back(value());
        names(c->names);
        names(c->varnames);
        names(c->cellvars);
        names(c->freevars);
        bulk(c->cell2arg);
        n = count();
        c->exc_table.resize(n);
        for (ExcEntry& e : c->exc_table) {
            e.start = u32();
            e.end = u32();
            e.target = u32();
            e.depth = u32();
            e.lasti = u32() != 0;
        }
        return c;
    }

    Interp& I_;
    const char* p_;
    const char* end_;
    std::vector<std::string_view> strings_;
    std::vector<Str*> interned_;  // per string index, once interned
};

}  // namespace

std::string save_code_image(Interp& I, const Code* code) { return Writer(I).finish(code); }

Code* load_code_image(Interp& I, std::string_view image) {
    try {
        return Reader(I, image).load();
    } catch (BadImage&) {
        return nullptr;  // what was allocated is garbage for the next collection
    }
}

}  // namespace aio::vm
