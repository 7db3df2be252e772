// runtime/compare.cpp - rich comparison (==, <, ..., in, is) and eq().
// Built-in kinds compare natively (numbers across int/float exactly, str by code
// point = UTF-8 byte order, sequences lexicographically, sets by inclusion, dicts
// by content); instances of classes go through __eq__/__lt__/... with CPython's
// reflection rules and the identity fallback for == and !=.
#include <cmath>
#include <cstring>

#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

namespace aio::rt {

namespace {

const char* op_symbol(CmpOpKind op) {
    switch (op) {
        case CmpOpKind::Eq: return "==";
        case CmpOpKind::NotEq: return "!=";
        case CmpOpKind::Lt: return "<";
        case CmpOpKind::LtE: return "<=";
        case CmpOpKind::Gt: return ">";
        case CmpOpKind::GtE: return ">=";
        default: return "?";
    }
}

CmpOpKind reflect(CmpOpKind op) {
    switch (op) {
        case CmpOpKind::Lt: return CmpOpKind::Gt;
        case CmpOpKind::LtE: return CmpOpKind::GtE;
        case CmpOpKind::Gt: return CmpOpKind::Lt;
        case CmpOpKind::GtE: return CmpOpKind::LtE;
        default: return op;
    }
}

Str* dunder(Interp& I, CmpOpKind op) {
    switch (op) {
        case CmpOpKind::Eq: return I.names.__eq__;
        case CmpOpKind::NotEq: return I.names.__ne__;
        case CmpOpKind::Lt: return I.names.__lt__;
        case CmpOpKind::LtE: return I.names.__le__;
        case CmpOpKind::Gt: return I.names.__gt__;
        default: return I.names.__ge__;
    }
}

// -1, 0, 1 to a bool for the ordering operators.
bool from_order(CmpOpKind op, int c) {
    switch (op) {
        case CmpOpKind::Eq: return c == 0;
        case CmpOpKind::NotEq: return c != 0;
        case CmpOpKind::Lt: return c < 0;
        case CmpOpKind::LtE: return c <= 0;
        case CmpOpKind::Gt: return c > 0;
        default: return c >= 0;
    }
}

bool is_number(Value v) { return v.is_int() || v.is_float() || v.is_bool(); }
int64_t int_of(Value v) { return v.is_bool() ? v.as_bool() : v.as_int(); }

// Exact int/float ordering; returns 2 when unordered (nan).
int cmp_int_float(int64_t i, double d) {
    if (std::isnan(d)) return 2;
    if (d >= 9.2233720368547758e18) return -1;
    if (d < -9.2233720368547758e18) return 1;
    double fl = std::floor(d);
    int64_t di = int64_t(fl);
    if (i < di) return -1;
    if (i > di) return 1;
    return fl == d ? 0 : -1;  // i == floor(d) < d
}

bool compare_numbers(CmpOpKind op, Value a, Value b) {
    if (!a.is_float() && !b.is_float()) {
        int64_t x = int_of(a), y = int_of(b);
        return from_order(op, x < y ? -1 : x > y ? 1 : 0);
    }
    if (a.is_float() && b.is_float()) {
        double x = a.as_float(), y = b.as_float();
        switch (op) {
            case CmpOpKind::Eq: return x == y;
            case CmpOpKind::NotEq: return x != y;
            case CmpOpKind::Lt: return x < y;
            case CmpOpKind::LtE: return x <= y;
            case CmpOpKind::Gt: return x > y;
            default: return x >= y;
        }
    }
    int c = a.is_float() ? -cmp_int_float(int_of(b), a.as_float()) : cmp_int_float(int_of(a), b.as_float());
    if (c == 2 || c == -2) return op == CmpOpKind::NotEq;
    return from_order(op, c);
}

int cmp_bytes(std::string_view a, std::string_view b) {
    int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
    if (c) return c < 0 ? -1 : 1;
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

Value compare_sequences(Interp& I, CmpOpKind op, const Value* x, uint32_t nx, const Value* y, uint32_t ny,
                        Value ra, Value rb) {
    if ((op == CmpOpKind::Eq || op == CmpOpKind::NotEq) && nx != ny) return vbool(op == CmpOpKind::NotEq);
    NativeRecursion depth(I, " in comparison");
    TempRoot r1(I, ra), r2(I, rb);
    uint32_t i = 0;
    // Items are re-read each step: an __eq__ may mutate a list being compared.
    auto item = [](Value c, uint32_t k, uint32_t* n) -> const Value* {
        if (is_kind(c, ObjKind::List)) { *n = as<List>(c)->size; return k < *n ? &as<List>(c)->items[k] : nullptr; }
        *n = as<Tuple>(c)->size;
        return k < *n ? &as<Tuple>(c)->items()[k] : nullptr;
    };
    (void)x; (void)y;
    for (;; i++) {
        uint32_t na, nb;
        const Value* pa = item(ra, i, &na);
        const Value* pb = item(rb, i, &nb);
        if (!pa || !pb) {
            nx = na; ny = nb;
            break;
        }
        Value va = *pa, vb = *pb;
        if (!eq(I, va, vb)) {
            if (op == CmpOpKind::Eq) return vbool(false);
            if (op == CmpOpKind::NotEq) return vbool(true);
            return compare(I, op, va, vb);
        }
    }
    return vbool(from_order(op, nx < ny ? -1 : nx > ny ? 1 : 0));
}

bool is_anyset(Value v) { return is_kind(v, ObjKind::Set) || is_kind(v, ObjKind::FrozenSet); }


Set* view_to_set(Interp& I, Value view) {
    Set* s = new_set(I);
    TempRoot r(I, s);
    Value it = get_iter(I, view);
    TempRoot r2(I, it);
    for (Value v; !(v = next(I, it)).is_null();) set_add(I, s, v);
    return s;
}

bool dicts_equal(Interp& I, Dict* a, Dict* b) {
    if (a->size != b->size) return false;
    NativeRecursion depth(I, " in comparison");
    TempRoot r1(I, a), r2(I, b);
    Value k, v;
    for (uint32_t pos = 0; dict_next(a, &pos, &k, &v);) {
        Value w = dict_get(I, b, k);
        if (w.is_null() || !eq(I, v, w)) return false;
    }
    return true;
}

// Built-in behaviour by layout; NotImplemented when the kinds do not compare.
Value native_compare(Interp& I, CmpOpKind op, Value a, Value b) {
    a = unbox(a);
    b = unbox(b);
    if (is_number(a) && is_number(b)) return vbool(compare_numbers(op, a, b));
    if (!a.is_obj() || !b.is_obj()) return I.not_implemented;
    ObjKind ka = a.as_obj()->kind, kb = b.as_obj()->kind;
    bool eqop = op == CmpOpKind::Eq || op == CmpOpKind::NotEq;
    if (ka == kb) {
        switch (ka) {
            case ObjKind::Str:
                if (eqop) return vbool(str_eq(as_str(a), as_str(b)) == (op == CmpOpKind::Eq));
                return vbool(from_order(op, cmp_bytes(as_str(a)->view(), as_str(b)->view())));
            case ObjKind::Bytes:
                return vbool(from_order(op, cmp_bytes(as<Bytes>(a)->view(), as<Bytes>(b)->view())));
            case ObjKind::Tuple:
                return compare_sequences(I, op, as<Tuple>(a)->items(), as<Tuple>(a)->size, as<Tuple>(b)->items(),
                                         as<Tuple>(b)->size, a, b);
            case ObjKind::List:
                return compare_sequences(I, op, as<List>(a)->items, as<List>(a)->size, as<List>(b)->items,
                                         as<List>(b)->size, a, b);
            case ObjKind::Dict:
                if (!eqop) return I.not_implemented;
                return vbool(dicts_equal(I, as<Dict>(a), as<Dict>(b)) == (op == CmpOpKind::Eq));
            case ObjKind::Range: {
                if (!eqop) return I.not_implemented;
                auto *x = as<Range>(a), *y = as<Range>(b);
                bool same = x->length == y->length &&
                            (x->length == 0 || (x->start == y->start && (x->length == 1 || x->step == y->step)));
                return vbool(same == (op == CmpOpKind::Eq));
            }
            case ObjKind::Slice: {
                auto *x = as<Slice>(a), *y = as<Slice>(b);
                Tuple* tx = new_tuple(I, {x->start, x->stop, x->step});
                TempRoot r(I, tx);
                Tuple* ty = new_tuple(I, {y->start, y->stop, y->step});
                return compare(I, op, Value::object(tx), Value::object(ty));
            }
            case ObjKind::BoundMethod: {
                if (!eqop) return I.not_implemented;
                auto *x = as<BoundMethod>(a), *y = as<BoundMethod>(b);
                bool same = x->self.same(y->self) && eq(I, x->func, y->func);
                return vbool(same == (op == CmpOpKind::Eq));
            }
            default: break;
        }
    }
    if (is_anyset(a) && is_anyset(b)) {
        Set *x = as<Set>(a), *y = as<Set>(b);
        switch (op) {
            case CmpOpKind::Eq: return vbool(set_size(x) == set_size(y) && set_is_subset(I, x, y));
            case CmpOpKind::NotEq: return vbool(!(set_size(x) == set_size(y) && set_is_subset(I, x, y)));
            case CmpOpKind::LtE: return vbool(set_is_subset(I, x, y));
            case CmpOpKind::Lt: return vbool(set_size(x) < set_size(y) && set_is_subset(I, x, y));
            case CmpOpKind::GtE: return vbool(set_is_subset(I, y, x));
            default: return vbool(set_size(y) < set_size(x) && set_is_subset(I, y, x));
        }
    }
    // keys/items views compare like sets, with each other and with sets.
    DictIterMode ma = DictIterMode::Values, mb = DictIterMode::Values;
    bool va = is_dict_view(a, &ma) && ma != DictIterMode::Values;
    bool vb = is_dict_view(b, &mb) && mb != DictIterMode::Values;
    if ((va || is_anyset(a)) && (vb || is_anyset(b)) && (va || vb)) {
        Set* x = va ? view_to_set(I, a) : as<Set>(a);
        TempRoot r1(I, x);
        Set* y = vb ? view_to_set(I, b) : as<Set>(b);
        return native_compare(I, op, Value::object(x), Value::object(y));
    }
    return I.not_implemented;
}

bool heap_obj(Value v) { return v.is_obj() && (v.as_obj()->cls->tflags & kTypeHeap); }

bool is_sequence_or_mapping(Value v) {
    switch (v.as_obj()->kind) {
        case ObjKind::Str: case ObjKind::Bytes: case ObjKind::Tuple: case ObjKind::List: case ObjKind::Dict:
        case ObjKind::Set: case ObjKind::FrozenSet: return true;
        default: return false;
    }
}

// One side's attempt: its class's dunder if it defines one, else the built-in behaviour.
Value try_side(Interp& I, CmpOpKind op, Value x, Value y) {
    if (heap_obj(x)) {
        Type* t = x.as_obj()->cls;
        Value m = lookup_heap(t, dunder(I, op));
        if (!m.is_null()) return call(I, m, {x, y});
        if (op == CmpOpKind::NotEq && x.as_obj()->kind != ObjKind::NumberBox && !is_sequence_or_mapping(x)) {
            // object.__ne__ inverts __eq__ (the built-in bases define their own __ne__).
            Value e = lookup_heap(t, I.names.__eq__);
            if (!e.is_null()) {
                Value r = call(I, e, {x, y});
                if (r.same(I.not_implemented)) return r;
                return vbool(!truthy(I, r));
            }
        }
    }
    return native_compare(I, op, x, y);
}

bool defines(Value v, Str* name) {
    return heap_obj(v) && !lookup_heap(v.as_obj()->cls, name).is_null();
}

}  // namespace

Value compare(Interp& I, CmpOpKind op, Value a, Value b) {
    switch (op) {
        case CmpOpKind::Is: return vbool(a.same(b));
        case CmpOpKind::IsNot: return vbool(!a.same(b));
        case CmpOpKind::In: return vbool(contains(I, b, a));
        case CmpOpKind::NotIn: return vbool(!contains(I, b, a));
        default: break;
    }
    if (is_number(a) && is_number(b)) return vbool(compare_numbers(op, a, b));
    Value r;
    if (!heap_obj(a) && !heap_obj(b)) {
        r = native_compare(I, op, a, b);
        if (!r.same(I.not_implemented)) return r;
    } else {
        TempRoot r1(I, a), r2(I, b);
        Type *ta = type_of(I, a), *tb = type_of(I, b);
        CmpOpKind rop = reflect(op);
        bool reflected_first = ta != tb && is_subtype(tb, ta) && defines(b, dunder(I, rop));
        if (reflected_first) {
            r = try_side(I, rop, b, a);
            if (!r.same(I.not_implemented)) return r;
        }
        r = try_side(I, op, a, b);
        if (!r.same(I.not_implemented)) return r;
        if (!reflected_first) {
            r = try_side(I, rop, b, a);
            if (!r.same(I.not_implemented)) return r;
        }
    }
    if (op == CmpOpKind::Eq) return vbool(a.same(b));
    if (op == CmpOpKind::NotEq) return vbool(!a.same(b));
    raise_fmt(I, I.exc.TypeError, "'%s' not supported between instances of '%s' and '%s'", op_symbol(op),
              type_name(I, a).c_str(), type_name(I, b).c_str());
}

bool eq(Interp& I, Value a, Value b) {
    if (a.same(b)) return true;
    if (a.tag != Tag::Obj || b.tag != Tag::Obj) {
        if (is_number(a) && is_number(b)) return compare_numbers(CmpOpKind::Eq, a, b);
        if (a.is_obj() ? !heap_obj(a) : !heap_obj(b)) return false;  // a builtin non-number vs a number/None
    } else if (is_exact_str(I, a) && is_exact_str(I, b)) {
        return str_eq(as_str(a), as_str(b));  // (a subclass may define __eq__)
    }
    Value r = compare(I, CmpOpKind::Eq, a, b);
    return r.is_bool() ? r.as_bool() : truthy(I, r);
}

}  // namespace aio::rt
