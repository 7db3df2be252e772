// runtime/repr.cpp - repr(), str(), truthiness, len() and type_name().
// Built-in kinds format exactly as CPython (floats and strings via runtime/text,
// recursive containers as [...] / {...} through I.repr_stack); classes go through
// __repr__/__str__/__bool__/__len__. Classes of the stdlib (non-heap types with
// natives in their dict) are consulted too, after the built-in kinds.
#include <cinttypes>
#include <cstdio>

#include "interpreter/generator.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/text/number_format.hpp"
#include "runtime/text/str_repr.hpp"

namespace aio::rt {

namespace {

std::string addr(const void* p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%" PRIxPTR, reinterpret_cast<uintptr_t>(p));
    return buf;
}

bool heap_obj(Value v) { return v.is_obj() && (v.as_obj()->cls->tflags & kTypeHeap); }

// Recursion guard for containers: pushes on entry, pops on scope exit.
// Also one level of native recursion (a deeply nested container raises RecursionError).
struct ReprGuard {
    Interp& I;
    NativeRecursion depth;
    bool recursive = false;
    ReprGuard(Interp& I_, Object* o) : I(I_), depth(I_, " while getting the repr of an object") {
        for (Object* x : I.repr_stack)
            if (x == o) { recursive = true; return; }
        I.repr_stack.push_back(o);
    }
    ~ReprGuard() { if (!recursive) I.repr_stack.pop_back(); }
};

void append_repr(Interp& I, std::string& out, Value v);

void append_items(Interp& I, std::string& out, Value container, bool is_list) {
    // Items are re-read by index each step: a __repr__ may mutate the list.
    for (uint32_t i = 0;; i++) {
        Value item;
        if (is_list) {
            auto* l = as<List>(container);
            if (i >= l->size) break;
            item = l->items[i];
        } else {
            auto* t = as<Tuple>(container);
            if (i >= t->size) break;
            item = t->items()[i];
        }
        if (i) out += ", ";
        append_repr(I, out, item);
    }
}

void append_dict(Interp& I, std::string& out, Dict* d) {
    out += '{';
    bool first = true;
    Value k, v;
    for (uint32_t pos = 0; dict_next(d, &pos, &k, &v);) {
        if (!first) out += ", ";
        first = false;
        append_repr(I, out, k);
        out += ": ";
        append_repr(I, out, v);
    }
    out += '}';
}

void append_set_items(Interp& I, std::string& out, Set* s) {
    out += '{';
    bool first = true;
    Value k;
    for (uint32_t pos = 0; set_next(s, &pos, &k);) {
        if (!first) out += ", ";
        first = false;
        append_repr(I, out, k);
    }
    out += '}';
}

std::string class_repr(Type* t) {
    std::string s = "<class '";
    if (is_str(t->module) && as_str(t->module)->view() != "builtins") {
        s += as_str(t->module)->view();
        s += '.';
    }
    s += (t->tflags & kTypeHeap) ? t->qualname->view() : t->name->view();
    return s + "'>";
}

Str* call_repr_hook(Interp& I, Value m, Value v, const char* which) {
    TempRoot r(I, v);
    Value s = call(I, m, {v});
    if (!is_str(s))
        raise_fmt(I, I.exc.TypeError, "%s returned non-string (type %s)", which, type_name(I, s).c_str());
    return as_str(s);
}

// The stdlib's own __repr__ for its native types (not object's default).
Value native_hook(Interp& I, Type* t, Str* name) {
    Value m = lookup_type(t, name);
    if (m.is_null()) return m;
    Value base = dict_get_str(I.types.object->dict, name);
    return m.same(base) ? Value::null() : m;
}

void append_obj_repr(Interp& I, std::string& out, Value v) {
    Object* o = v.as_obj();
    if (heap_obj(v)) {
        Value m = lookup_heap(o->cls, I.names.__repr__);
        if (!m.is_null()) {
            out += call_repr_hook(I, m, v, "__repr__")->view();
            return;
        }
    }
    switch (o->kind) {
        case ObjKind::Str: text::append_str_repr(out, static_cast<Str*>(o)->view()); return;
        case ObjKind::Bytes: out += text::bytes_repr(static_cast<Bytes*>(o)->view()); return;
        case ObjKind::List: {
            ReprGuard g(I, o);
            if (g.recursive) { out += "[...]"; return; }
            out += '[';
            append_items(I, out, v, true);
            out += ']';
            return;
        }
        case ObjKind::Tuple: {
            auto* t = static_cast<Tuple*>(o);
            ReprGuard g(I, o);
            if (g.recursive) { out += "(...)"; return; }
            out += '(';
            append_items(I, out, v, false);
            out += t->size == 1 ? ",)" : ")";
            return;
        }
        case ObjKind::Dict: {
            ReprGuard g(I, o);
            if (g.recursive) { out += "{...}"; return; }
            append_dict(I, out, static_cast<Dict*>(o));
            return;
        }
        case ObjKind::Set: case ObjKind::FrozenSet: {
            auto* s = static_cast<Set*>(o);
            bool plain = o->cls == I.types.set;
            std::string_view name = o->cls->name->view();
            if (s->used == 0) {
                out += name;
                out += "()";
                return;
            }
            ReprGuard g(I, o);
            if (g.recursive) { out += name; out += "(...)"; return; }
            if (!plain) { out += name; out += '('; }
            append_set_items(I, out, s);
            if (!plain) out += ')';
            return;
        }
        case ObjKind::Range: {
            auto* r = static_cast<Range*>(o);
            out += "range(" + std::to_string(r->start) + ", " + std::to_string(r->stop);
            if (r->step != 1) out += ", " + std::to_string(r->step);
            out += ')';
            return;
        }
        case ObjKind::Slice: {
            auto* s = static_cast<Slice*>(o);
            out += "slice(";
            append_repr(I, out, s->start);
            out += ", ";
            append_repr(I, out, s->stop);
            out += ", ";
            append_repr(I, out, s->step);
            out += ')';
            return;
        }
        case ObjKind::Function:
            out += "<function " + std::string(static_cast<Function*>(o)->qualname->view()) + " at " + addr(o) + ">";
            return;
        case ObjKind::NativeFunction: {
            auto* f = static_cast<NativeFunction*>(o);
            std::string_view qual = native_qualname(I, f)->view();
            size_t dot = qual.rfind('.');
            if (f->bound.is_null() && dot != std::string_view::npos) {
                // A built-in type's method taken from the class (str.upper, object.__init__).
                std::string_view n = f->name->view();
                bool slot = n.size() > 4 && n.substr(0, 2) == "__" && n.substr(n.size() - 2) == "__";
                out += std::string(slot ? "<slot wrapper '" : "<method '") + std::string(n) + "' of '" +
                       std::string(qual.substr(0, dot)) + "' objects>";
            } else if (f->bound.is_null()) {
                out += "<built-in function " + std::string(f->name->view()) + ">";
            } else {
                out += "<built-in method " + std::string(f->name->view()) + " of " + type_name(I, f->bound) +
                       " object at " + addr(f->bound.is_obj() ? f->bound.as_obj() : nullptr) + ">";
            }
            return;
        }
        case ObjKind::BoundMethod: {
            auto* b = static_cast<BoundMethod*>(o);
            if (is_kind(b->func, ObjKind::NativeFunction)) {
                out += "<built-in method " + std::string(as<NativeFunction>(b->func)->name->view()) + " of ";
                if (is_kind(b->self, ObjKind::Type)) out += "type object at ";
                else out += type_name(I, b->self) + " object at ";
                out += addr(b->self.is_obj() ? b->self.as_obj() : nullptr) + ">";
                return;
            }
            Value qn = getattr_opt(I, b->func, I.names.__qualname__);
            out += "<bound method " + (is_str(qn) ? std::string(as_str(qn)->view()) : std::string("?")) + " of ";
            append_repr(I, out, b->self);
            out += '>';
            return;
        }
        case ObjKind::Type: out += class_repr(static_cast<Type*>(o)); return;
        case ObjKind::Module: {
            auto* m = static_cast<Module*>(o);
            out += "<module '" + std::string(m->name->view()) + "'";
            Value f = dict_get_str(m->dict, I.names.__file__);
            if (is_str(f)) out += " from '" + std::string(as_str(f)->view()) + "'";
            else if (m == I.sys_module || m->name == I.names.builtins) out += " (built-in)";
            out += '>';
            return;
        }
        case ObjKind::Exception: out += exception_repr(I, static_cast<Exception*>(o))->view(); return;
        case ObjKind::Property:
            if (o->cls == I.types.member_descriptor) {
                auto* getter = as<NativeFunction>(static_cast<Property*>(o)->fget);
                Tuple* slot = as<Tuple>(getter->data);  // (name, owner): runtime/slots.cpp
                out += "<member '" + std::string(as_str(slot->items()[0])->view()) + "' of '" +
                       std::string(as<Type>(slot->items()[1])->name->view()) + "' objects>";
                return;
            }
            out += "<property object at " + addr(o) + ">";
            return;
        case ObjKind::StaticMethod: case ObjKind::ClassMethod: {
            out += o->kind == ObjKind::StaticMethod ? "<staticmethod(" : "<classmethod(";
            append_repr(I, out, o->kind == ObjKind::StaticMethod ? static_cast<StaticMethod*>(o)->func
                                                                : static_cast<ClassMethod*>(o)->func);
            out += ")>";
            return;
        }
        case ObjKind::Super: {
            auto* s = static_cast<Super*>(o);
            // CPython prints the types' tp_name here: the bare __name__, no module.
            out += "<super: <class '" + std::string(s->type->name->view()) + "'>, <" +
                   std::string(s->obj_type->name->view()) + " object>>";
            return;
        }
        case ObjKind::Special: out += static_cast<Special*>(o)->name->view(); return;
        case ObjKind::NumberBox: append_repr(I, out, static_cast<NumberBox*>(o)->value); return;
        case ObjKind::Cell: out += "<cell at " + addr(o) + ">"; return;
        case ObjKind::Code:
        {
            auto* c = reinterpret_cast<Code*>(o);
            out += "<code object " + std::string(c->name ? c->name->view() : "?") + " at " + addr(o) +
                   ", file \"" + std::string(c->filename ? c->filename->view() : "?") + "\", line " +
                   std::to_string(c->firstlineno) + ">";
        }
            return;
        case ObjKind::Generator: case ObjKind::Coroutine: case ObjKind::AsyncGenerator: {
            auto* g = static_cast<vm::Generator*>(o);
            if (o->cls->tflags & kTypeHeap) {  // an itertools object (_itertools.typed)
                out += default_repr(I, Value::object(o))->view();
                return;
            }
            out += "<" + std::string(o->cls->name->view()) + " object " +
                   (g->names ? std::string(g->qualname()->view()) : std::string("?")) + " at " + addr(o) + ">";
            return;
        }
        case ObjKind::Iterator: {
            DictIterMode mode;
            if (is_dict_view(v, &mode)) {
                ReprGuard g(I, o);
                out += o->cls->name->view();
                if (g.recursive) { out += "(...)"; return; }
                out += "([";
                Value it = get_iter(I, v);
                TempRoot r(I, it);
                bool first = true;
                for (Value x; !(x = next(I, it)).is_null();) {
                    if (!first) out += ", ";
                    first = false;
                    append_repr(I, out, x);
                }
                out += "])";
                return;
            }
            break;
        }
        default: break;
    }
    Value hook = native_hook(I, o->cls, I.names.__repr__);
    if (!hook.is_null()) {
        out += call_repr_hook(I, hook, v, "__repr__")->view();
        return;
    }
    out += default_repr(I, v)->view();
}

void append_repr(Interp& I, std::string& out, Value v) {
    switch (v.tag) {
        case Tag::None: out += "None"; return;
        case Tag::Bool: out += v.as_bool() ? "True" : "False"; return;
        case Tag::Int: out += std::to_string(v.as_int()); return;
        case Tag::Float: text::append_float_repr(out, v.as_float()); return;
        case Tag::Null: out += "<NULL>"; return;
        case Tag::Obj: append_obj_repr(I, out, v); return;
    }
}

}  // namespace

Str* default_repr(Interp& I, Value v) {
    Type* t = type_of(I, v);
    std::string s = "<";
    if (is_str(t->module) && as_str(t->module)->view() != "builtins") {
        s += as_str(t->module)->view();
        s += '.';
    }
    s += (t->tflags & kTypeHeap) ? t->qualname->view() : t->name->view();
    s += " object at " + addr(v.is_obj() ? v.as_obj() : nullptr) + ">";
    return new_str(I, s);
}

std::string repr_string(Interp& I, Value v) {
    std::string out;
    append_repr(I, out, v);
    return out;
}

Str* repr(Interp& I, Value v) {
    if (is_str(v) && !heap_obj(v)) {
        std::string out;
        text::append_str_repr(out, as_str(v)->view());
        return new_str(I, out);
    }
    if (heap_obj(v)) {
        Value m = lookup_heap(v.as_obj()->cls, I.names.__repr__);
        if (!m.is_null()) return call_repr_hook(I, m, v, "__repr__");
    }
    std::string out;
    append_repr(I, out, v);
    return new_str(I, out);
}

Str* str(Interp& I, Value v) {
    if (v.is_obj()) {
        Object* o = v.as_obj();
        if (o->kind == ObjKind::Str && o->cls == I.types.str) return static_cast<Str*>(o);
        if (o->kind == ObjKind::Str) {
            // A str subclass instance: its own __str__, else str.__str__ (the text
            // as an exact str), which comes before any __repr__ in its MRO.
            Value m = lookup_heap(o->cls, I.names.__str__);
            if (!m.is_null()) return call_repr_hook(I, m, v, "__str__");
            return new_str(I, static_cast<Str*>(o)->view());
        }
        if (heap_obj(v)) {
            Value m = lookup_heap(o->cls, I.names.__str__);
            if (!m.is_null()) return call_repr_hook(I, m, v, "__str__");
            m = lookup_heap(o->cls, I.names.__repr__);
            if (!m.is_null()) return call_repr_hook(I, m, v, "__repr__");
        }
        if (o->kind == ObjKind::Exception) return exception_str(I, static_cast<Exception*>(o));
        if (o->kind == ObjKind::Native || (o->kind == ObjKind::Instance && !heap_obj(v))) {
            Value hook = native_hook(I, o->cls, I.names.__str__);
            if (!hook.is_null()) return call_repr_hook(I, hook, v, "__str__");
        }
    }
    return repr(I, v);
}

std::string str_string(Interp& I, Value v) {
    if (is_exact_str(I, v)) return std::string(as_str(v)->view());
    return std::string(str(I, v)->view());
}

std::string type_name(Interp& I, Value v) {
    Type* t = type_of(I, v);
    // A class the stdlib writes in aio for one of CPython's C types names itself in
    // messages as that type does ('collections.deque'): its own __tp_name__. So do
    // asyncio's native Future and Task ('_asyncio.Task').
    if ((t->tflags & kTypeHeap) || t->instance_kind == ObjKind::Future) {
        Value n = dict_get_str(t->dict, I.names.__tp_name__);
        if (is_str(n)) return std::string(as_str(n)->view());
    }
    return std::string(t->name->view());
}

bool truthy(Interp& I, Value v) {
    switch (v.tag) {
        case Tag::Bool: return v.as_bool();
        case Tag::Int: return v.as_int() != 0;
        case Tag::Float: return v.as_float() != 0.0;
        case Tag::None: case Tag::Null: return false;
        case Tag::Obj: break;
    }
    Object* o = v.as_obj();
    Type* t = o->cls;
    if (t->tflags & kTypeHeap) {
        Value m = lookup_heap(t, I.names.__bool__);
        if (!m.is_null()) {
            Value r = call(I, m, {v});
            if (!r.is_bool())
                raise_fmt(I, I.exc.TypeError, "__bool__ should return bool, returned %s", type_name(I, r).c_str());
            return r.as_bool();
        }
        if (!lookup_heap(t, I.names.__len__).is_null()) return length(I, v) != 0;
    }
    switch (o->kind) {
        case ObjKind::Str: return static_cast<Str*>(o)->size != 0;
        case ObjKind::Bytes: return static_cast<Bytes*>(o)->size != 0;
        case ObjKind::Tuple: return static_cast<Tuple*>(o)->size != 0;
        case ObjKind::List: return static_cast<List*>(o)->size != 0;
        case ObjKind::Dict: return static_cast<Dict*>(o)->size != 0;
        case ObjKind::Set: case ObjKind::FrozenSet: return static_cast<Set*>(o)->used != 0;
        case ObjKind::Range: return static_cast<Range*>(o)->length != 0;
        case ObjKind::NumberBox: return truthy(I, static_cast<NumberBox*>(o)->value);
        case ObjKind::Iterator: if (is_dict_view(v)) return length(I, v) != 0; return true;
        case ObjKind::Native: case ObjKind::Instance: {
            if (t->tflags & kTypeHeap) return true;
            Value m = native_hook(I, t, I.names.__bool__);
            if (!m.is_null()) return truthy(I, call(I, m, {v}));
            m = native_hook(I, t, I.names.__len__);
            if (!m.is_null()) return length(I, v) != 0;
            return true;
        }
        default: return true;
    }
}

int64_t length(Interp& I, Value v) {
    if (v.is_obj()) {
        Object* o = v.as_obj();
        Type* t = o->cls;
        if (t->tflags & kTypeHeap) {
            Value m = lookup_heap(t, I.names.__len__);
            if (!m.is_null()) {
                Value r = call(I, m, {v});
                if (r.is_bool()) return r.as_bool();
                if (!r.is_int())
                    raise_fmt(I, I.exc.TypeError, "'%s' object cannot be interpreted as an integer",
                              type_name(I, r).c_str());
                if (r.as_int() < 0) raise(I, I.exc.ValueError, "__len__() should return >= 0");
                return r.as_int();
            }
        }
        switch (o->kind) {
            case ObjKind::Str: return static_cast<Str*>(o)->aux;
            case ObjKind::Bytes: return static_cast<Bytes*>(o)->size;
            case ObjKind::Tuple: return static_cast<Tuple*>(o)->size;
            case ObjKind::List: return static_cast<List*>(o)->size;
            case ObjKind::Dict: return static_cast<Dict*>(o)->size;
            case ObjKind::Set: case ObjKind::FrozenSet: return static_cast<Set*>(o)->used;
            case ObjKind::Range: return static_cast<Range*>(o)->length;
            case ObjKind::Iterator:
                if (is_dict_view(v)) return as<Dict>(static_cast<Iterator*>(o)->src)->size;
                break;
            default: break;
        }
        if (!(t->tflags & kTypeHeap)) {
            Value m = native_hook(I, t, I.names.__len__);
            if (!m.is_null()) {
                Value r = call(I, m, {v});
                if (!r.is_int()) raise(I, I.exc.TypeError, "__len__ should return an int");
                return r.as_int();
            }
        }
    }
    raise_fmt(I, I.exc.TypeError, "object of type '%s' has no len()", type_name(I, v).c_str());
}

}  // namespace aio::rt
