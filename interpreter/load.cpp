// interpreter/load.cpp - parse + compile with errors as exception objects.
#include "interpreter/load.hpp"

#include "grammar/parse.hpp"
#include "runtime/protocol.hpp"
#include "runtime/rt_util.hpp"

namespace aio::vm {

using namespace aio::rt;

Value syntax_error_value(Interp& I, const grammar::SyntaxError& e) {
    Type* t = I.exc.SyntaxError;
    if (e.type == "IndentationError") t = I.exc.IndentationError;
    else if (e.type == "TabError") t = I.exc.TabError;
    Value filename = Value::object(new_str(I, e.filename));
    Value text = e.text.empty() && e.line == 0 ? Value::none() : Value::object(new_str(I, e.text));
    Value details = Value::object(new_tuple(I, {filename, Value::integer(e.line), Value::integer(e.col), text}));
    Tuple* args = new_tuple(I, {Value::object(new_str(I, e.msg)), details});
    Value exc = new_exception_args(I, t, args);
    auto* ex = as<Exception>(exc);
    if (!ex->attrs) ex->attrs = new_dict(I);
    dict_set_str(I, ex->attrs, intern(I, "msg"), Value::object(new_str(I, e.msg)));
    dict_set_str(I, ex->attrs, intern(I, "filename"), filename);
    dict_set_str(I, ex->attrs, intern(I, "lineno"), Value::integer(e.line));
    dict_set_str(I, ex->attrs, intern(I, "offset"), Value::integer(e.col));
    dict_set_str(I, ex->attrs, intern(I, "end_offset"), e.end_col ? Value::integer(e.end_col) : Value::none());
    dict_set_str(I, ex->attrs, intern(I, "text"), text);
    return exc;
}

static compiler::CompileResult parse_and_compile(Interp& I, grammar::Arena& arena, compiler::InternCache* names,
                                                 std::string_view source, std::string_view filename,
                                                 compiler::CompileMode mode) {
    grammar::ParseMode pm = mode == compiler::CompileMode::Eval          ? grammar::ParseMode::Eval
                            : mode == compiler::CompileMode::Interactive ? grammar::ParseMode::Interactive
                                                                         : grammar::ParseMode::File;
    auto pr = grammar::parse(arena, source, filename, pm);
    if (pr.error) return {nullptr, std::move(pr.error)};
    return compiler::compile(I, *pr.module, filename, source, mode, names);
}

compiler::CompileResult compile_source(Interp& I, std::string_view source, std::string_view filename,
                                       compiler::CompileMode mode) {
    grammar::Arena arena;
    return parse_and_compile(I, arena, nullptr, source, filename, mode);
}

compiler::CompileResult compile_source(Interp& I, CompileSession& session, std::string_view source,
                                       std::string_view filename, compiler::CompileMode mode) {
    session.arena.reset();
    return parse_and_compile(I, session.arena, &session.names, source, filename, mode);
}

Code* compile_or_raise(Interp& I, std::string_view source, std::string_view filename,
                       compiler::CompileMode mode) {
    auto cr = compile_source(I, source, filename, mode);
    if (cr.error) raise_value(I, syntax_error_value(I, *cr.error));
    I.sources[std::string(filename)] = std::string(source);
    return cr.code;
}

}  // namespace aio::vm
