// runtime/loop: the loop's unit of work.
// A Callback is three words of plain data: fn(ctx, arg). The loop copies it by
// value, never owns what [ctx] points to, and calls it once per time it is queued.
// Invariant: Callback stays trivial (no std::function on the hot path).
#pragma once

#include <cstdint>
#include <type_traits>

namespace aio::loop {

// The signature every queued piece of work has.
using CallbackFn = void (*)(void* ctx, uint64_t arg);

// A unit of work: calls [fn] with [ctx] and [arg]. Value-initialise (`Callback{}`)
// for an empty one; [fn] must be non-null when it is queued.
struct Callback {
    CallbackFn fn;
    void* ctx;
    uint64_t arg;

    void invoke() const { fn(ctx, arg); }
};

static_assert(std::is_trivial_v<Callback> && std::is_standard_layout_v<Callback>);
static_assert(sizeof(Callback) == 24);

// Builds a Callback that calls the member function [Method] (`void T::m(uint64_t)`)
// on [obj] with [arg]: `make_callback<&Task::resume>(task)`.
template <auto Method, class T>
Callback make_callback(T* obj, uint64_t arg = 0) {
    return Callback{[](void* ctx, uint64_t a) { (static_cast<T*>(ctx)->*Method)(a); }, obj, arg};
}

}  // namespace aio::loop
