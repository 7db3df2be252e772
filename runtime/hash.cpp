// runtime/hash.cpp - hash() with CPython's invariants: equal values hash equal
// across int/float/bool (hash(1) == hash(1.0) == hash(True)), -1 is never a
// hash, tuples and frozensets combine their items, containers that are mutable
// are unhashable, and instances use __hash__ (None = unhashable) or identity.
#include <cmath>
#include <cstring>

#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

namespace aio::rt {

namespace {

constexpr uint64_t kMinusOne = ~uint64_t(0);

inline uint64_t fix(uint64_t h) { return h == kMinusOne ? uint64_t(-2) : h; }

inline uint64_t mix(uint64_t x) {
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ull;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dull;
    x ^= x >> 33;
    return x;
}

// Numbers hash as CPython's: the value modulo the Mersenne prime P = 2**61 - 1,
// carrying the sign, so hash(n) == hash(float(n)) and random.seed(x) for a
// float matches CPython (it seeds from hash(x)).
constexpr uint64_t kModulus = (uint64_t(1) << 61) - 1;
constexpr int kModBits = 61;

uint64_t int_hash(int64_t i) {
    uint64_t mag = i < 0 ? uint64_t(0) - uint64_t(i) : uint64_t(i);
    mag %= kModulus;
    int64_t h = i < 0 ? -int64_t(mag) : int64_t(mag);
    return fix(uint64_t(h));
}

uint64_t float_hash(double d) {
    if (std::isinf(d)) return d > 0 ? 314159 : uint64_t(-314159);
    if (std::isnan(d)) return 0;  // CPython hashes NaN by identity; any constant keeps dicts working
    int e;
    double m = std::frexp(d, &e);
    int64_t sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    // Fold 28 bits of the mantissa at a time into x, reducing modulo P.
    uint64_t x = 0;
    while (m != 0) {
        x = ((x << 28) & kModulus) | x >> (kModBits - 28);
        m *= 268435456.0;  // 2**28
        e -= 28;
        uint64_t y = uint64_t(m);
        m -= double(y);
        x += y;
        if (x >= kModulus) x -= kModulus;
    }
    // Multiply by 2**e modulo P: a rotation within 61 bits.
    e = e >= 0 ? e % kModBits : kModBits - 1 - ((-1 - e) % kModBits);
    x = ((x << e) & kModulus) | x >> (kModBits - e);
    int64_t h = int64_t(x) * sign;
    return fix(uint64_t(h));
}

[[noreturn]] void unhashable(Interp& I, Value v) {
    raise_fmt(I, I.exc.TypeError, "unhashable type: '%s'", type_name(I, v).c_str());
}

uint64_t tuple_hash(Interp& I, Tuple* t) {
    if (t->hash) return t->hash;
    // xxHash-style lane combination, as CPython's tuplehash.
    uint64_t acc = 0x27d4eb2f165667c5ull;
    for (uint32_t i = 0; i < t->size; i++) {
        uint64_t h = hash(I, t->items()[i]);
        acc += h * 0xc2b2ae3d27d4eb4full;
        acc = (acc << 31) | (acc >> 33);
        acc *= 0x9e3779b185ebca87ull;
    }
    acc += t->size ^ (0x27d4eb2f165667c5ull ^ 3527539ull);
    acc = fix(acc);
    if (acc == 0) acc = 1;
    t->hash = acc;
    return acc;
}


}  // namespace

uint64_t identity_hash(Object* o) {
    uint64_t p = reinterpret_cast<uintptr_t>(o);
    return fix((p >> 4) | (p << 60));
}

uint64_t hash(Interp& I, Value v) {
    switch (v.tag) {
        case Tag::Int: return int_hash(v.as_int());
        case Tag::Bool: return v.as_bool() ? 1 : 0;
        case Tag::Float: return float_hash(v.as_float());
        case Tag::None: return 0xfcdb1f3dull;
        case Tag::Null: return 0;
        case Tag::Obj: break;
    }
    Object* o = v.as_obj();
    if (o->cls->tflags & kTypeHeap) {
        Value h = lookup_heap(o->cls, I.names.__hash__);
        if (!h.is_null()) {
            if (h.is_none()) unhashable(I, v);
            Value r = call(I, h, {v});
            if (r.is_bool()) return r.as_bool();
            if (!r.is_int()) raise(I, I.exc.TypeError, "__hash__ method should return an integer");
            // CPython uses a __hash__ result that fits a machine word as it is
            // (only -1 becomes -2): a str subclass returning hash(str(self))
            // must land on the str's own hash.
            return fix(uint64_t(r.as_int()));
        }
    }
    return builtin_hash(I, v);
}

uint64_t builtin_hash(Interp& I, Value v) {
    if (!v.is_obj()) return hash(I, v);
    Object* o = v.as_obj();
    switch (o->kind) {
        case ObjKind::Str: return str_hash(static_cast<Str*>(o));
        case ObjKind::NumberBox: return hash(I, static_cast<NumberBox*>(o)->value);
        case ObjKind::Bytes: {
            auto* b = static_cast<Bytes*>(o);
            if (!b->hash && b->size) {  // b"" hashes to 0, as in CPython
                uint64_t h = text::hash_bytes(b->view());
                if (h == 0 || h == kMinusOne) h = 0x9e3779b97f4a7c15ull;
                b->hash = h;
            }
            return b->hash;
        }
        case ObjKind::Tuple: return tuple_hash(I, static_cast<Tuple*>(o));
        case ObjKind::FrozenSet: return frozenset_hash(static_cast<Set*>(o));
        case ObjKind::List: case ObjKind::Dict: case ObjKind::Set: unhashable(I, v);
        case ObjKind::Slice: unhashable(I, v);
        case ObjKind::Range: {
            auto* r = static_cast<Range*>(o);
            uint64_t h = mix(uint64_t(r->length));
            if (r->length) h = mix(h ^ uint64_t(r->start));
            if (r->length > 1) h = mix(h ^ uint64_t(r->step));
            return fix(h);
        }
        case ObjKind::BoundMethod: {
            auto* b = static_cast<BoundMethod*>(o);
            return fix(mix(hash(I, b->func) ^ (b->self.is_obj() ? identity_hash(b->self.as_obj()) : hash(I, b->self))));
        }
        case ObjKind::Iterator:
            if (o->cls == I.types.dict_keys || o->cls == I.types.dict_items)
                unhashable(I, v);
            return identity_hash(o);
        default: return identity_hash(o);
    }
}

}  // namespace aio::rt
