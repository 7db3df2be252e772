// runtime/iter_steps.hpp - the step functions of the list and range iterators.
// FOR_ITER compares an iterator's `next` against them and runs the step inline:
// these two kinds drive most loops, and an indirect call per item costs about
// as much as the step itself.
#pragma once
#include "runtime/object.hpp"

namespace aio::rt {

Value list_iter_next(Interp&, Iterator* it);
Value range_iter_next(Interp&, Iterator* it);

// The steps themselves, for the inline copies (same meaning as the functions).
inline Value list_iter_step(Iterator* it) {
    auto* l = static_cast<List*>(it->src.as_obj());
    if (it->pos >= int64_t(l->size)) return Value::null();
    return l->items[it->pos++];
}

inline Value range_iter_step(Iterator* it) {
    auto* r = static_cast<Range*>(it->src.as_obj());
    if (it->pos >= r->length) return Value::null();
    return Value::integer(r->start + (it->pos++) * r->step);
}

}  // namespace aio::rt
