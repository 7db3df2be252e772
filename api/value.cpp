// api/value.cpp - aio::Value's operations and the detail:: primitives the
// conversion templates are built on (make_*, as_*, attribute/item access, calls).
// Every entry maps runtime exceptions to aio::Error (detail::guarded).
#include <cstring>

#include "api/state.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"

namespace aio::detail {

using rt::Value;
using RV = rt::Value;

namespace {

rt::Str* name_str(rt::Interp& I, std::string_view name) { return rt::intern(I, name); }

}  // namespace

Kind kind_of(const aio::Value& v) {
    if (v.empty()) return Kind::Empty;
    State& s = state_of(v);
    RV x = unwrap(v);
    switch (x.tag) {
        case rt::Tag::Null: return Kind::Empty;
        case rt::Tag::None: return Kind::None;
        case rt::Tag::Bool: return Kind::Bool;
        case rt::Tag::Int: return Kind::Int;
        case rt::Tag::Float: return Kind::Float;
        case rt::Tag::Obj: break;
    }
    rt::Interp& I = *s.I;
    rt::Type* t = x.as_obj()->cls;
    if (rt::is_subtype(t, I.types.str)) return Kind::Str;
    if (rt::is_subtype(t, I.types.bytes)) return Kind::Bytes;
    if (rt::is_subtype(t, I.types.list)) return Kind::List;
    if (rt::is_subtype(t, I.types.tuple)) return Kind::Tuple;
    if (rt::is_subtype(t, I.types.dict)) return Kind::Dict;
    if (rt::is_subtype(t, I.types.set) || rt::is_subtype(t, I.types.frozenset)) return Kind::Set;
    switch (x.as_obj()->kind) {
        case rt::ObjKind::Function: case rt::ObjKind::NativeFunction: case rt::ObjKind::BoundMethod:
        case rt::ObjKind::Type:
            return Kind::Callable;
        default: break;
    }
    return guarded(s, [&] { return rt::lookup_type(t, I.names.__call__).is_null() ? Kind::Other : Kind::Callable; });
}

aio::Value make_none(const StateRef& s) { return wrap(*s, RV::none()); }
aio::Value make_bool(const StateRef& s, bool b) { return wrap(*s, RV::boolean(b)); }
aio::Value make_int(const StateRef& s, std::int64_t i) { return wrap(*s, RV::integer(i)); }
aio::Value make_float(const StateRef& s, double d) { return wrap(*s, RV::number(d)); }

aio::Value make_str(const StateRef& s, std::string_view utf8) {
    return guarded(*s, [&] { return wrap(*s, RV::object(rt::new_str(s->interp(), utf8))); });
}

aio::Value make_list(const StateRef& s, const std::vector<aio::Value>& items) {
    return guarded(*s, [&] {
        rt::Interp& I = s->interp();
        rt::List* l = rt::new_list(I, uint32_t(items.size()));
        for (const auto& v : items) rt::list_append(I, l, unwrap(v));
        return wrap(*s, RV::object(l));
    });
}

aio::Value make_tuple(const StateRef& s, const std::vector<aio::Value>& items) {
    return guarded(*s, [&] {
        rt::Interp& I = s->interp();
        rt::Tuple* t = rt::new_tuple(I, uint32_t(items.size()));
        for (size_t i = 0; i < items.size(); i++) t->items()[i] = unwrap(items[i]);
        return wrap(*s, RV::object(t));
    });
}

aio::Value make_dict(const StateRef& s, const std::vector<std::pair<aio::Value, aio::Value>>& items) {
    return guarded(*s, [&] {
        rt::Interp& I = s->interp();
        rt::Dict* d = rt::new_dict(I);
        aio::Value keep = wrap(*s, RV::object(d));  // hashing a key may run __hash__ (and collect)
        for (const auto& [k, v] : items) rt::dict_set(I, d, unwrap(k), unwrap(v));
        return keep;
    });
}

[[noreturn]] void conversion_error(const aio::Value& v, const char* expected) {
    std::string got = v.empty() ? "an empty aio::Value" : v.type_name();
    throw Error("TypeError", std::string("expected ") + expected + ", got " + got);
}

std::int64_t as_int(const aio::Value& v) {
    RV x = unwrap(v);
    if (x.is_int()) return x.as_int();
    if (x.is_bool()) return x.as_bool();
    conversion_error(v, "int");
}

double as_float(const aio::Value& v) {
    RV x = unwrap(v);
    if (x.is_float()) return x.as_float();
    if (x.is_int()) return double(x.as_int());
    if (x.is_bool()) return x.as_bool();
    conversion_error(v, "float");
}

bool as_bool(const aio::Value& v) {
    RV x = unwrap(v);
    if (x.is_bool()) return x.as_bool();
    conversion_error(v, "bool");
}

std::string_view as_str(const aio::Value& v) {
    RV x = unwrap(v);
    if (rt::is_str(x)) return rt::as_str(x)->view();
    conversion_error(v, "str");
}

std::vector<aio::Value> elements(const aio::Value& v) {
    State& s = state_of(v);
    return guarded(s, [&] {
        rt::Interp& I = s.interp();
        RV x = unwrap(v);
        std::vector<aio::Value> out;
        if (rt::is_kind(x, rt::ObjKind::List)) {
            auto* l = rt::as<rt::List>(x);
            for (uint32_t i = 0; i < l->size; i++) out.push_back(wrap(s, l->items[i]));
        } else if (rt::is_kind(x, rt::ObjKind::Tuple)) {
            auto* t = rt::as<rt::Tuple>(x);
            for (uint32_t i = 0; i < t->size; i++) out.push_back(wrap(s, t->items()[i]));
        } else {
            aio::Value it = wrap(s, rt::get_iter(I, x));
            for (;;) {
                RV item = rt::next(I, unwrap(it));
                if (item.is_null()) break;
                out.push_back(wrap(s, item));
            }
        }
        return out;
    });
}

std::vector<std::pair<aio::Value, aio::Value>> dict_items(const aio::Value& v) {
    State& s = state_of(v);
    RV x = unwrap(v);
    if (!rt::is_kind(x, rt::ObjKind::Dict)) conversion_error(v, "dict");
    std::vector<std::pair<aio::Value, aio::Value>> out;
    RV k, val;
    for (uint32_t pos = 0; rt::dict_next(rt::as<rt::Dict>(x), &pos, &k, &val);) out.emplace_back(wrap(s, k), wrap(s, val));
    return out;
}

aio::Value get_attr(const aio::Value& obj, std::string_view name) {
    State& s = state_of(obj);
    return guarded(s, [&] {
        rt::Interp& I = s.interp();
        return wrap(s, rt::getattr(I, unwrap(obj), name_str(I, name)));
    });
}

bool has_attr(const aio::Value& obj, std::string_view name) {
    State& s = state_of(obj);
    return guarded(s, [&] {
        rt::Interp& I = s.interp();
        return !rt::getattr_opt(I, unwrap(obj), name_str(I, name)).is_null();
    });
}

void set_attr(const aio::Value& obj, std::string_view name, const aio::Value& v) {
    State& s = state_of(obj);
    guarded(s, [&] {
        rt::Interp& I = s.interp();
        rt::setattr(I, unwrap(obj), name_str(I, name), unwrap(v));
    });
}

aio::Value get_item(const aio::Value& obj, const aio::Value& key) {
    State& s = state_of(obj);
    return guarded(s, [&] { return wrap(s, rt::getitem(s.interp(), unwrap(obj), unwrap(key))); });
}

void set_item(const aio::Value& obj, const aio::Value& key, const aio::Value& v) {
    State& s = state_of(obj);
    guarded(s, [&] { rt::setitem(s.interp(), unwrap(obj), unwrap(key), unwrap(v)); });
}

aio::Value call(const aio::Value& fn, const std::vector<aio::Value>& args,
                const std::vector<std::pair<std::string_view, aio::Value>>& kwargs) {
    State& s = state_of(fn);
    return guarded(
        s,
        [&] {
            rt::Interp& I = s.interp();
            // The handles keep the arguments rooted for the duration of the call.
            std::vector<RV> vals;
            vals.reserve(args.size() + kwargs.size());
            for (const auto& a : args) vals.push_back(unwrap(a));
            std::vector<rt::Str*> names;
            for (const auto& [k, v] : kwargs) {
                vals.push_back(unwrap(v));
                names.push_back(rt::intern(I, k));
            }
            rt::CallArgs ca{vals.data(), uint32_t(args.size()), vals.data() + args.size(), names.data(),
                            uint32_t(kwargs.size())};
            return wrap(s, rt::call(I, unwrap(fn), ca));
        },
        true);
}

}  // namespace aio::detail

namespace aio {

using detail::guarded;
using detail::state_of;
using detail::unwrap;

bool Value::is_none() const { return !empty() && unwrap(*this).is_none(); }

std::size_t Value::size() const {
    detail::State& s = state_of(*this);
    return guarded(s, [&] { return std::size_t(rt::length(s.interp(), unwrap(*this))); });
}

std::string Value::str() const {
    detail::State& s = state_of(*this);
    return guarded(s, [&] { return rt::str_string(s.interp(), unwrap(*this)); });
}

std::string Value::repr() const {
    detail::State& s = state_of(*this);
    return guarded(s, [&] { return rt::repr_string(s.interp(), unwrap(*this)); });
}

std::string Value::type_name() const {
    detail::State& s = state_of(*this);
    return guarded(s, [&] { return rt::type_name(s.interp(), unwrap(*this)); });
}

bool Value::same(const Value& other) const {
    if (empty() || other.empty()) return empty() == other.empty();
    return unwrap(*this).same(unwrap(other));
}

bool Value::truthy() const {
    detail::State& s = state_of(*this);
    return guarded(s, [&] { return rt::truthy(s.interp(), unwrap(*this)); });
}

Value Value::attr(std::string_view name) const { return detail::get_attr(*this, name); }
bool Value::has_attr(std::string_view name) const { return detail::has_attr(*this, name); }

}  // namespace aio
