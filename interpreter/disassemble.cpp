// interpreter/disassemble.cpp - `aio --dis`: a listing in the style of
// `python3 -m dis` (line, `>>` on jump targets, index, opname, arg and its
// meaning), the exception table, then every nested code object.
#include <cstdio>
#include <string>
#include <vector>

#include "interpreter/compile_builder.hpp"
#include "interpreter/compiler.hpp"
#include "runtime/protocol.hpp"

namespace aio::compiler {

namespace {

std::string code_title(const rt::Code* c) {
    std::string s = "<code object ";
    s += c->name ? std::string(c->name->view()) : "?";
    s += ", file \"";
    s += c->filename ? std::string(c->filename->view()) : "?";
    s += "\", line " + std::to_string(c->firstlineno) + ">";
    return s;
}

std::string const_repr(rt::Interp& I, rt::Value v) {
    if (v.is_obj() && v.as_obj()->kind == rt::ObjKind::Code) return code_title(static_cast<const rt::Code*>(
                                                                     static_cast<rt::Object*>(v.as_obj())));
    if (v.is_obj() && v.as_obj()->kind == rt::ObjKind::Tuple) {
        auto* t = static_cast<rt::Tuple*>(v.as_obj());
        std::string s = "(";
        for (uint32_t i = 0; i < t->size; i++) {
            if (i) s += ", ";
            s += const_repr(I, t->items()[i]);
        }
        if (t->size == 1) s += ",";
        return s + ")";
    }
    if (v.is_none()) return "None";
    if (v.is_bool()) return v.as_bool() ? "True" : "False";
    if (v.is_int()) return std::to_string(v.as_int());
    return std::string(rt::repr(I, v)->view());
}

std::string str_of(const rt::Str* s) { return s ? std::string(s->view()) : "?"; }

std::string cell_name(const rt::Code* c, uint32_t i) {
    if (i < c->cellvars.size()) return str_of(c->cellvars[i]);
    i -= uint32_t(c->cellvars.size());
    return i < c->freevars.size() ? str_of(c->freevars[i]) : "?";
}

std::string arg_meaning(rt::Interp& I, const rt::Code* c, vm::Op op, uint32_t arg) {
    using vm::Op;
    switch (op) {
        case Op::LOAD_CONST: case Op::KW_NAMES:
            return arg < c->consts.size() ? const_repr(I, c->consts[arg]) : "?";
        case Op::LOAD_NAME: case Op::STORE_NAME: case Op::DELETE_NAME: case Op::LOAD_GLOBAL:
        case Op::STORE_GLOBAL: case Op::DELETE_GLOBAL: case Op::LOAD_ATTR: case Op::STORE_ATTR:
        case Op::DELETE_ATTR: case Op::LOAD_METHOD: case Op::IMPORT_NAME: case Op::IMPORT_FROM:
            return arg < c->names.size() ? str_of(c->names[arg]) : "?";
        case Op::LOAD_FAST: case Op::STORE_FAST: case Op::DELETE_FAST:
            return arg < c->varnames.size() ? str_of(c->varnames[arg]) : "?";
        case Op::LOAD_DEREF: case Op::STORE_DEREF: case Op::DELETE_DEREF: case Op::LOAD_CLOSURE:
        case Op::LOAD_CLASSDEREF:
            return cell_name(c, arg);
        case Op::BINARY_OP: {
            static const char* const kSyms[] = {
#define X(n, s) s,
                AIO_BINOPS(X)
#undef X
            };
            std::string s = (arg & 15) < sizeof(kSyms) / sizeof(kSyms[0]) ? kSyms[arg & 15] : "?";
            return (arg & 16) ? s + "=" : s;
        }
        case Op::COMPARE_OP: {
            static const char* const kSyms[] = {
#define X(n, s) s,
                AIO_CMPOPS(X)
#undef X
            };
            return arg < sizeof(kSyms) / sizeof(kSyms[0]) ? kSyms[arg] : "?";
        }
        case Op::FORMAT_VALUE: {
            static const char* const kConv[] = {"", "str", "repr", "ascii"};
            std::string s = kConv[arg & 3];
            if (arg & 4) s += s.empty() ? "with format" : ", with format";
            return s;
        }
        case Op::MAKE_FUNCTION: {
            std::string s;
            if (arg & 16) return (arg >> 5) ? "comprehension, " + std::to_string(arg >> 5) + " cells" : "comprehension";
            const char* names[] = {"defaults", "kwdefaults", "annotations", "closure"};
            for (int i = 0; i < 4; i++)
                if (arg & (1u << i)) s += (s.empty() ? "" : ", ") + std::string(names[i]);
            return s;
        }
        case Op::IS_OP: return arg ? "is not" : "is";
        case Op::CONTAINS_OP: return arg ? "not in" : "in";
        default:
            if (is_jump(op)) return "to " + std::to_string(arg);
            return "";
    }
}

bool has_arg(vm::Op op) {
    using vm::Op;
    switch (op) {
        case Op::NOP: case Op::POP_TOP: case Op::POP_ITER: case Op::PUSH_NULL: case Op::BINARY_SUBSCR: case Op::STORE_SUBSCR:
        case Op::DELETE_SUBSCR: case Op::UNARY_POSITIVE: case Op::UNARY_NEGATIVE: case Op::UNARY_NOT:
        case Op::UNARY_INVERT: case Op::LIST_TO_TUPLE: case Op::GET_ITER: case Op::RETURN_VALUE:
        case Op::LOAD_BUILD_CLASS: case Op::SETUP_ANNOTATIONS: case Op::PUSH_EXC_INFO: case Op::POP_EXCEPT:
        case Op::CHECK_EXC_MATCH: case Op::LOAD_ASSERTION_ERROR: case Op::BEFORE_WITH:
        case Op::WITH_EXCEPT_START: case Op::WITH_NORMAL_EXIT: case Op::YIELD_VALUE:
        case Op::GET_YIELD_FROM_ITER: case Op::YIELD_FROM: case Op::GET_AITER: case Op::GET_ANEXT:
        case Op::END_ASYNC_FOR: case Op::BEFORE_ASYNC_WITH: case Op::IMPORT_STAR: case Op::PRINT_EXPR:
            return false;
        default:
            return true;
    }
}

void disassemble_one(rt::Interp& I, const rt::Code* c, std::string& out) {
    const uint32_t n = uint32_t(c->code.size());
    std::vector<bool> target(n + 1, false);
    for (uint32_t i = 0; i < n; i++) {
        vm::Op op = vm::unfused(vm::op_of(c->code[i]));
        if (is_jump(op) && vm::jump_target(i, c->code[i]) <= n) target[vm::jump_target(i, c->code[i])] = true;
    }
    for (const rt::ExcEntry& e : c->exc_table)
        if (e.target <= n) target[e.target] = true;
    int last_line = -1;
    char buf[160];
    for (uint32_t i = 0; i < n; i++) {
        vm::Op op = vm::unfused(vm::op_of(c->code[i]));
        // (a jump shows its absolute target, as CPython's dis does)
        uint32_t arg = is_jump(op) ? vm::jump_target(i, c->code[i]) : vm::arg_of(c->code[i]);
        int line = i < c->lines.size() ? c->lines[i] : 0;
        if (line != last_line && i > 0) out += "\n";
        std::string ln = line != last_line ? std::to_string(line) : "";
        last_line = line;
        std::snprintf(buf, sizeof buf, "%4s %4s %5u %-22s", ln.c_str(), target[i] ? ">>" : "", i,
                      vm::kOpNames[uint8_t(op)]);
        std::string row = buf;
        if (has_arg(op)) {
            std::snprintf(buf, sizeof buf, " %5u", arg);
            row += buf;
            std::string m = arg_meaning(I, c, op, arg);
            if (!m.empty()) row += " (" + m + ")";
        }
        while (!row.empty() && row.back() == ' ') row.pop_back();
        out += row + "\n";
    }
    if (!c->exc_table.empty()) {
        out += "ExceptionTable:\n";
        for (const rt::ExcEntry& e : c->exc_table) {
            std::snprintf(buf, sizeof buf, "  %u to %u -> %u [%u]%s\n", e.start, e.end - 1, e.target, e.depth,
                          e.lasti ? " lasti" : "");
            out += buf;
        }
    }
}

}  // namespace

std::string disassemble(rt::Interp& I, const rt::Code* code) {
    std::string out;
    std::vector<const rt::Code*> todo{code};
    for (size_t k = 0; k < todo.size(); k++) {
        const rt::Code* c = todo[k];
        if (k > 0) out += "\nDisassembly of " + code_title(c) + ":\n";
        disassemble_one(I, c, out);
        for (const rt::Value& v : c->consts)
            if (v.is_obj() && v.as_obj()->kind == rt::ObjKind::Code)
                todo.push_back(static_cast<const rt::Code*>(static_cast<rt::Object*>(v.as_obj())));
    }
    return out;
}

}  // namespace aio::compiler
