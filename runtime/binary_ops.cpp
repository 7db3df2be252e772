// runtime/binary_ops.cpp - binary and unary operators. Numbers first (64-bit ints
// with overflow checks and Python's floor semantics, floats, bool as int), then
// the built-in containers (concatenation, repetition, set algebra, dict |,
// str %), then __add__/__radd__/__iadd__ dispatch with CPython's order: in-place,
// reflected first for a proper subclass, forward, reflected; NotImplemented skips.
#include <cmath>
#include <cstring>

#include "interpreter/vm_api.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

namespace aio::rt {

namespace {

const char* op_symbol(BinOpKind op) {
    switch (op) {
#define X(n, s) case BinOpKind::n: return s;
        AIO_BINOPS(X)
#undef X
    }
    return "?";
}

Str* dunder(Interp& I, BinOpKind op, int form) {
    // form 0 = forward, 1 = reflected, 2 = in-place; rows in AIO_BINOPS order.
    const Names& N = I.names;
    Str* table[13][3] = {
        {N.__add__, N.__radd__, N.__iadd__}, {N.__sub__, N.__rsub__, N.__isub__},
        {N.__mul__, N.__rmul__, N.__imul__}, {N.__matmul__, N.__rmatmul__, N.__imatmul__},
        {N.__truediv__, N.__rtruediv__, N.__itruediv__}, {N.__mod__, N.__rmod__, N.__imod__},
        {N.__pow__, N.__rpow__, N.__ipow__}, {N.__lshift__, N.__rlshift__, N.__ilshift__},
        {N.__rshift__, N.__rrshift__, N.__irshift__}, {N.__or__, N.__ror__, N.__ior__},
        {N.__xor__, N.__rxor__, N.__ixor__}, {N.__and__, N.__rand__, N.__iand__},
        {N.__floordiv__, N.__rfloordiv__, N.__ifloordiv__},
    };
    return table[int(op)][form];
}

bool is_number(Value v) { return v.is_int() || v.is_float() || v.is_bool(); }
int64_t int_of(Value v) { return v.is_bool() ? v.as_bool() : v.as_int(); }

[[noreturn]] void overflow(Interp& I) { raise(I, I.exc.OverflowError, "integer overflow"); }

Value float_pow(Interp& I, double a, double b) {
    if (a == 0.0 && b < 0.0) raise(I, I.exc.ZeroDivisionError, "0.0 cannot be raised to a negative power");
    if (a < 0.0 && b != std::floor(b) && std::isfinite(b))
        raise(I, I.exc.ValueError, "negative number cannot be raised to a fractional power");
    double r = std::pow(a, b);
    if (std::isinf(r) && std::isfinite(a) && std::isfinite(b))
        raise(I, I.exc.OverflowError, "(34, 'Numerical result out of range')");
    return Value::number(r);
}

Value int_op(Interp& I, BinOpKind op, int64_t a, int64_t b) {
    int64_t r;
    switch (op) {
        case BinOpKind::Add: if (__builtin_add_overflow(a, b, &r)) overflow(I); return Value::integer(r);
        case BinOpKind::Sub: if (__builtin_sub_overflow(a, b, &r)) overflow(I); return Value::integer(r);
        case BinOpKind::Mult: if (__builtin_mul_overflow(a, b, &r)) overflow(I); return Value::integer(r);
        case BinOpKind::Div:
            if (b == 0) raise(I, I.exc.ZeroDivisionError, "division by zero");
            return Value::number(double(a) / double(b));
        case BinOpKind::FloorDiv: {
            if (b == 0) raise(I, I.exc.ZeroDivisionError, "integer division or modulo by zero");
            if (a == INT64_MIN && b == -1) overflow(I);
            int64_t q = a / b;
            if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
            return Value::integer(q);
        }
        case BinOpKind::Mod: {
            if (b == 0) raise(I, I.exc.ZeroDivisionError, "integer modulo by zero");
            if (b == -1) return Value::integer(0);
            int64_t m = a % b;
            if (m != 0 && ((m < 0) != (b < 0))) m += b;
            return Value::integer(m);
        }
        case BinOpKind::Pow: {
            if (b < 0) return float_pow(I, double(a), double(b));
            int64_t result = 1, base = a;
            while (b) {
                if (b & 1)
                    if (__builtin_mul_overflow(result, base, &result)) overflow(I);
                b >>= 1;
                if (b && __builtin_mul_overflow(base, base, &base)) overflow(I);
            }
            return Value::integer(result);
        }
        case BinOpKind::LShift: {
            if (b < 0) raise(I, I.exc.ValueError, "negative shift count");
            if (a == 0) return Value::integer(0);
            if (b >= 63) overflow(I);
            int64_t s = int64_t(uint64_t(a) << b);
            if ((s >> b) != a) overflow(I);
            return Value::integer(s);
        }
        case BinOpKind::RShift:
            if (b < 0) raise(I, I.exc.ValueError, "negative shift count");
            return Value::integer(b >= 64 ? (a < 0 ? -1 : 0) : a >> b);
        case BinOpKind::BitAnd: return Value::integer(a & b);
        case BinOpKind::BitOr: return Value::integer(a | b);
        case BinOpKind::BitXor: return Value::integer(a ^ b);
        case BinOpKind::MatMult: break;
    }
    return I.not_implemented;
}

Value float_op(Interp& I, BinOpKind op, double a, double b) {
    switch (op) {
        case BinOpKind::Add: return Value::number(a + b);
        case BinOpKind::Sub: return Value::number(a - b);
        case BinOpKind::Mult: return Value::number(a * b);
        case BinOpKind::Div:
            if (b == 0.0) raise(I, I.exc.ZeroDivisionError, "float division by zero");
            return Value::number(a / b);
        case BinOpKind::FloorDiv: case BinOpKind::Mod: {
            if (b == 0.0)
                raise(I, I.exc.ZeroDivisionError, op == BinOpKind::Mod ? "float modulo" : "float floor division by zero");
            // CPython's float_divmod: fmod, then fix signs and rounding.
            double mod = std::fmod(a, b);
            double div = (a - mod) / b;
            if (mod != 0.0) {
                if ((b < 0) != (mod < 0)) {
                    mod += b;
                    div -= 1.0;
                }
            } else {
                mod = std::copysign(0.0, b);
            }
            double floordiv;
            if (div != 0.0) {
                floordiv = std::floor(div);
                if (div - floordiv > 0.5) floordiv += 1.0;
            } else {
                floordiv = std::copysign(0.0, a / b);
            }
            return Value::number(op == BinOpKind::Mod ? mod : floordiv);
        }
        case BinOpKind::Pow: return float_pow(I, a, b);
        default: return I.not_implemented;
    }
}

Value number_op(Interp& I, BinOpKind op, Value a, Value b) {
    if (a.is_float() || b.is_float()) {
        double x = a.is_float() ? a.as_float() : double(int_of(a));
        double y = b.is_float() ? b.as_float() : double(int_of(b));
        return float_op(I, op, x, y);
    }
    if (a.is_bool() && b.is_bool()) {
        bool x = a.as_bool(), y = b.as_bool();
        if (op == BinOpKind::BitAnd) return Value::boolean(x && y);
        if (op == BinOpKind::BitOr) return Value::boolean(x || y);
        if (op == BinOpKind::BitXor) return Value::boolean(x != y);
    }
    return int_op(I, op, int_of(a), int_of(b));
}

// Repetition count of `seq * n`; false when n is not an int.
bool repeat_count(Value n, int64_t* out) {
    if (!n.is_int() && !n.is_bool()) return false;
    *out = int_of(n);
    return true;
}

void check_size(Interp& I, int64_t count, uint64_t item_size) {
    if (count > 0 && item_size > 0 && uint64_t(count) > (uint64_t(1) << 31) / item_size)
        raise(I, I.exc.MemoryError, "");
}

Value str_repeat(Interp& I, Str* s, int64_t n) {
    if (n <= 0 || s->size == 0) return Value::object(I.names.empty);
    if (n == 1) return Value::object(s);
    check_size(I, n, s->size);
    std::string out;
    out.reserve(size_t(n) * s->size);
    for (int64_t i = 0; i < n; i++) out.append(s->view());
    return Value::object(new_str(I, out));
}

Value bytes_repeat(Interp& I, Bytes* s, int64_t n) {
    if (n <= 0) return Value::object(new_bytes(I, ""));
    check_size(I, n, s->size);
    std::string out;
    for (int64_t i = 0; i < n; i++) out.append(s->view());
    return Value::object(new_bytes(I, out));
}

Value items_repeat(Interp& I, const Value* items, uint32_t size, int64_t n, bool tuple) {
    if (n < 0) n = 0;
    check_size(I, n, size ? size : 1);
    uint64_t total = uint64_t(n) * size;
    if (tuple) {
        Tuple* t = new_tuple(I, uint32_t(total));
        for (uint64_t i = 0; i < total; i++) t->items()[i] = items[i % size];
        return Value::object(t);
    }
    List* l = new_list(I, uint32_t(total));
    for (uint64_t i = 0; i < total; i++) l->items[i] = items[i % size];
    l->size = uint32_t(total);
    return Value::object(l);
}

Value concat_items(Interp& I, const Value* a, uint32_t na, const Value* b, uint32_t nb, bool tuple) {
    uint64_t total = uint64_t(na) + nb;
    if (total > 0x7fffffff) raise(I, I.exc.MemoryError, "");
    if (tuple) {
        Tuple* t = new_tuple(I, uint32_t(total));
        // (memcpy with a null source is undefined even for 0 bytes: empty lists have no buffer)
        if (na) std::memcpy(t->items(), a, sizeof(Value) * na);
        if (nb) std::memcpy(t->items() + na, b, sizeof(Value) * nb);
        return Value::object(t);
    }
    List* l = new_list(I, uint32_t(total));
    if (na) std::memcpy(l->items, a, sizeof(Value) * na);
    if (nb) std::memcpy(l->items + na, b, sizeof(Value) * nb);
    l->size = uint32_t(total);
    return Value::object(l);
}

bool is_anyset(Value v) { return is_kind(v, ObjKind::Set) || is_kind(v, ObjKind::FrozenSet); }

// Set algebra: a new set of a's kind, or `a` itself for the in-place forms.
Value set_op(Interp& I, BinOpKind op, Set* a, Set* b, bool inplace) {
    TempRoot r1(I, a), r2(I, b);
    Value bv = Value::object(b);
    switch (op) {
        case BinOpKind::BitOr:
            if (!inplace) return Value::object(set_union(I, a, bv));
            set_update(I, a, bv);
            return Value::object(a);
        case BinOpKind::BitAnd: {
            Set* out = set_intersection(I, a, bv);
            if (!inplace) return Value::object(out);
            set_swap_contents(a, out);
            return Value::object(a);
        }
        case BinOpKind::Sub:
            if (!inplace) return Value::object(set_difference(I, a, bv));
            set_difference_update(I, a, bv);
            return Value::object(a);
        case BinOpKind::BitXor:
            if (!inplace) return Value::object(set_symmetric_difference(I, a, bv));
            set_symmetric_update(I, a, bv);
            return Value::object(a);
        default: return I.not_implemented;
    }
}

Set* iterable_to_set(Interp& I, Value v) {
    Set* s = new_set(I);
    TempRoot r(I, s);
    Value it = get_iter(I, v);
    TempRoot r2(I, it);
    for (Value x; !(x = next(I, it)).is_null();) set_add(I, s, x);
    return s;
}

// type.__or__ / __ror__: `int | None` is a types.UnionType (stdlib/types.aio decides
// which operands combine and answers NotImplemented for the others).
Value type_or(Interp& I, Value a, Value b) {
    TempRoot r1(I, a), r2(I, b);
    Value f = vm::module_attr(I, "types", intern(I, "_type_or"));
    return call(I, f, {a, b});
}

// Built-in behaviour by layout; NotImplemented when these operands do not combine.
Value native_binop(Interp& I, BinOpKind op, Value a, Value b, bool inplace) {
    a = unbox(a);
    b = unbox(b);
    if (is_number(a) && is_number(b)) return number_op(I, op, a, b);
    if (!a.is_obj() && !b.is_obj()) return I.not_implemented;
    ObjKind ka = a.is_obj() ? a.as_obj()->kind : ObjKind::Special;
    ObjKind kb = b.is_obj() ? b.as_obj()->kind : ObjKind::Special;
    int64_t n;
    switch (op) {
        case BinOpKind::Add:
            if (ka == ObjKind::Str && kb == ObjKind::Str) return Value::object(str_concat(I, as_str(a), as_str(b)));
            if (ka == ObjKind::List && inplace) {
                list_extend(I, as<List>(a), b);
                return a;
            }
            if (ka == ObjKind::List && kb == ObjKind::List)
                return concat_items(I, as<List>(a)->items, as<List>(a)->size, as<List>(b)->items, as<List>(b)->size, false);
            if (ka == ObjKind::Tuple && kb == ObjKind::Tuple)
                return concat_items(I, as<Tuple>(a)->items(), as<Tuple>(a)->size, as<Tuple>(b)->items(),
                                    as<Tuple>(b)->size, true);
            if (ka == ObjKind::Bytes && kb == ObjKind::Bytes) {
                std::string s(as<Bytes>(a)->view());
                s += as<Bytes>(b)->view();
                return Value::object(new_bytes(I, s));
            }
            return I.not_implemented;
        case BinOpKind::Mult: {
            bool a_seq = ka == ObjKind::Str || ka == ObjKind::List || ka == ObjKind::Tuple || ka == ObjKind::Bytes;
            Value seq = a_seq ? a : b, cnt = a_seq ? b : a;
            if (!repeat_count(cnt, &n)) return I.not_implemented;
            switch (seq.is_obj() ? seq.as_obj()->kind : ObjKind::Special) {
                case ObjKind::Str: return str_repeat(I, as_str(seq), n);
                case ObjKind::Bytes: return bytes_repeat(I, as<Bytes>(seq), n);
                case ObjKind::Tuple: return items_repeat(I, as<Tuple>(seq)->items(), as<Tuple>(seq)->size, n, true);
                case ObjKind::List: {
                    auto* l = as<List>(seq);
                    if (inplace && a_seq) {
                        uint32_t size = l->size;
                        if (n <= 0) { l->size = 0; return a; }
                        check_size(I, n, size ? size : 1);
                        list_reserve(I, l, uint32_t(uint64_t(size) * n));
                        for (uint64_t i = size; i < uint64_t(size) * n; i++) l->items[i] = l->items[i % size];
                        l->size = uint32_t(uint64_t(size) * n);
                        return a;
                    }
                    return items_repeat(I, l->items, l->size, n, false);
                }
                default: return I.not_implemented;
            }
        }
        case BinOpKind::Mod:
            if (ka == ObjKind::Str) return Value::object(str_percent_format(I, as_str(a), b));
            if (ka == ObjKind::Bytes) return Value::object(bytes_percent_format(I, as<Bytes>(a), b));
            return I.not_implemented;
        case BinOpKind::BitOr: case BinOpKind::BitAnd: case BinOpKind::BitXor: case BinOpKind::Sub:
            if (is_anyset(a) && is_anyset(b)) return set_op(I, op, as<Set>(a), as<Set>(b), inplace && ka == ObjKind::Set);
            if (op == BinOpKind::BitOr && (ka == ObjKind::Type || kb == ObjKind::Type)) return type_or(I, a, b);
            if (op == BinOpKind::BitOr && ka == ObjKind::Dict && kb == ObjKind::Dict) {
                if (inplace) {
                    dict_update(I, as<Dict>(a), as<Dict>(b));
                    return a;
                }
                Dict* d = dict_copy(I, as<Dict>(a));
                TempRoot r(I, d);
                dict_update(I, d, as<Dict>(b));
                return Value::object(d);
            }
            {
                DictIterMode m;
                bool va = is_dict_view(a, &m) && m != DictIterMode::Values;
                bool vb = is_dict_view(b, &m) && m != DictIterMode::Values;
                if ((va && (vb || is_anyset(b) || b.is_obj())) || (vb && is_anyset(a))) {
                    Set* x = va ? iterable_to_set(I, a) : set_copy(I, as<Set>(a), false);
                    TempRoot r(I, x);
                    Set* y = iterable_to_set(I, b);
                    return set_op(I, op, x, y, false);
                }
            }
            return I.not_implemented;
        default: return I.not_implemented;
    }
}

bool heap_obj(Value v) { return v.is_obj() && (v.as_obj()->cls->tflags & kTypeHeap); }

Value try_dunder(Interp& I, Value self, Str* name, Value other) {
    if (!heap_obj(self)) return I.not_implemented;
    Value m = lookup_heap(self.as_obj()->cls, name);
    if (m.is_null() || m.is_none()) return I.not_implemented;
    return call(I, m, {self, other});
}

// seq * obj / obj * seq where obj's class has __index__ (repetition takes any index).
Value repeat_by_index(Interp& I, Value a, Value b, bool inplace) {
    bool a_seq = !heap_obj(a);
    Value seq = a_seq ? a : b, cnt = a_seq ? b : a;
    if (heap_obj(seq) || !heap_obj(cnt) || !seq.is_obj()) return I.not_implemented;
    ObjKind k = seq.as_obj()->kind;
    if (k != ObjKind::Str && k != ObjKind::List && k != ObjKind::Tuple && k != ObjKind::Bytes) return I.not_implemented;
    Value m = lookup_heap(cnt.as_obj()->cls, I.names.__index__);
    if (m.is_null()) return I.not_implemented;
    Value n = call(I, m, {cnt});
    if (!n.is_int()) return I.not_implemented;
    return native_binop(I, BinOpKind::Mult, seq, n, inplace && a_seq);
}

}  // namespace

void raise_binop_error(Interp& I, BinOpKind op, Value a, Value b, bool inplace) {
    std::string ta = type_name(I, a), tb = type_name(I, b);
    if (op == BinOpKind::Add && a.is_obj()) {
        ObjKind k = a.as_obj()->kind;
        if (k == ObjKind::Str)
            raise_fmt(I, I.exc.TypeError, "can only concatenate str (not \"%s\") to str", tb.c_str());
        if (k == ObjKind::List || k == ObjKind::Tuple)
            raise_fmt(I, I.exc.TypeError, "can only concatenate %s (not \"%s\") to %s",
                      k == ObjKind::List ? "list" : "tuple", tb.c_str(), k == ObjKind::List ? "list" : "tuple");
        if (k == ObjKind::Bytes)
            raise_fmt(I, I.exc.TypeError, "can't concat %s to bytes", tb.c_str());
    }
    if (op == BinOpKind::Mult) {
        auto is_seq = [](Value v) {
            return is_kind(v, ObjKind::Str) || is_kind(v, ObjKind::List) || is_kind(v, ObjKind::Tuple) ||
                   is_kind(v, ObjKind::Bytes);
        };
        if (is_seq(a))
            raise_fmt(I, I.exc.TypeError, "can't multiply sequence by non-int of type '%s'", tb.c_str());
        if (is_seq(b))
            raise_fmt(I, I.exc.TypeError, "can't multiply sequence by non-int of type '%s'", ta.c_str());
    }
    const char* sym = op == BinOpKind::Pow && !inplace ? "** or pow()" : op_symbol(op);
    raise_fmt(I, I.exc.TypeError, "unsupported operand type(s) for %s%s: '%s' and '%s'", sym,
              inplace ? "=" : "", ta.c_str(), tb.c_str());
}

Value binary_op(Interp& I, BinOpKind op, Value a, Value b, bool inplace) {
    Value r;
    if (!heap_obj(a) && !heap_obj(b)) {
        r = native_binop(I, op, a, b, inplace);
        if (!r.same(I.not_implemented)) return r;
        raise_binop_error(I, op, a, b, inplace);
    }
    TempRoot r1(I, a), r2(I, b);
    if (inplace) {
        r = try_dunder(I, a, dunder(I, op, 2), b);
        if (!r.same(I.not_implemented)) return r;
    }
    Type *ta = type_of(I, a), *tb = type_of(I, b);
    Str* rname = dunder(I, op, 1);
    bool reflected_first = ta != tb && is_subtype(tb, ta) && heap_obj(b) && !lookup_heap(tb, rname).is_null();
    if (reflected_first) {
        r = try_dunder(I, b, rname, a);
        if (!r.same(I.not_implemented)) return r;
    }
    if (heap_obj(a) && !lookup_heap(ta, dunder(I, op, 0)).is_null()) {
        r = try_dunder(I, a, dunder(I, op, 0), b);
    } else {
        r = native_binop(I, op, a, b, inplace);
    }
    if (!r.same(I.not_implemented)) return r;
    if (!reflected_first && ta != tb) {
        r = try_dunder(I, b, rname, a);
        if (!r.same(I.not_implemented)) return r;
    }
    if (op == BinOpKind::Mult) {
        r = repeat_by_index(I, a, b, inplace);
        if (!r.same(I.not_implemented)) return r;
    }
    raise_binop_error(I, op, a, b, inplace);
}

Value unary_op(Interp& I, UnaryOpKind op, Value v) {
    switch (op) {
        case UnaryOpKind::Not: return Value::boolean(!truthy(I, v));
        case UnaryOpKind::USub:
            if (v.is_int()) {
                if (v.as_int() == INT64_MIN) raise(I, I.exc.OverflowError, "integer overflow");
                return Value::integer(-v.as_int());
            }
            if (v.is_float()) return Value::number(-v.as_float());
            if (v.is_bool()) return Value::integer(-int64_t(v.as_bool()));
            break;
        case UnaryOpKind::UAdd:
            if (v.is_int() || v.is_float()) return v;
            if (v.is_bool()) return Value::integer(v.as_bool());
            break;
        case UnaryOpKind::Invert:
            if (v.is_int()) return Value::integer(~v.as_int());
            if (v.is_bool()) return Value::integer(~int64_t(v.as_bool()));
            break;
    }
    Str* name = op == UnaryOpKind::USub ? I.names.__neg__ : op == UnaryOpKind::UAdd ? I.names.__pos__ : I.names.__invert__;
    if (heap_obj(v)) {
        Value m = lookup_heap(v.as_obj()->cls, name);
        if (!m.is_null()) return call(I, m, {v});
    }
    if (is_kind(v, ObjKind::NumberBox)) return unary_op(I, op, unbox(v));
    raise_fmt(I, I.exc.TypeError, "bad operand type for unary %s: '%s'",
              op == UnaryOpKind::USub ? "-" : op == UnaryOpKind::UAdd ? "+" : "~", type_name(I, v).c_str());
}

}  // namespace aio::rt
