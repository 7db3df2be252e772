// runtime/value.hpp - Value: the 16-byte tagged word every aio value lives in.
// None, bool, int (64-bit) and float are unboxed, so arithmetic never allocates;
// everything else is a pointer to a GC-managed Object (runtime/object.hpp).
// Invariant: Tag::Null is never visible to scripts; it marks "no value"
// (an unbound local, an absent optional argument, a failed lookup).
#pragma once
#include <cstdint>
#include <cstring>

namespace aio::rt {

struct Object;

enum class Tag : uint8_t { Null = 0, None, Bool, Int, Float, Obj };

struct Value {
    Tag tag = Tag::Null;
    union {
        bool b;
        int64_t i;
        double f;
        Object* o;
    } u{};

    static Value null() { return Value{}; }
    static Value none() { Value v; v.tag = Tag::None; return v; }
    static Value boolean(bool b) { Value v; v.tag = Tag::Bool; v.u.i = 0; v.u.b = b; return v; }
    static Value integer(int64_t i) { Value v; v.tag = Tag::Int; v.u.i = i; return v; }
    static Value number(double f) { Value v; v.tag = Tag::Float; v.u.f = f; return v; }
    static Value object(Object* o) { Value v; v.tag = Tag::Obj; v.u.o = o; return v; }

    bool is_null() const { return tag == Tag::Null; }
    bool is_none() const { return tag == Tag::None; }
    bool is_bool() const { return tag == Tag::Bool; }
    bool is_int() const { return tag == Tag::Int; }
    bool is_float() const { return tag == Tag::Float; }
    bool is_obj() const { return tag == Tag::Obj; }

    bool as_bool() const { return u.b; }
    int64_t as_int() const { return u.i; }
    double as_float() const { return u.f; }
    Object* as_obj() const { return u.o; }

    // Identity (`is`): same tag and same payload. Floats compare by bits.
    bool same(const Value& o) const {
        if (tag != o.tag) return false;
        switch (tag) {
            case Tag::Null: case Tag::None: return true;
            case Tag::Bool: return u.b == o.u.b;
            case Tag::Int: return u.i == o.u.i;
            case Tag::Float: return std::memcmp(&u.f, &o.u.f, sizeof(double)) == 0;
            case Tag::Obj: return u.o == o.u.o;
        }
        return false;
    }
};

static_assert(sizeof(Value) == 16);

}  // namespace aio::rt
