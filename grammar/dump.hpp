// grammar/dump.hpp - AST dumps beyond parse.hpp's dump_ast: the same layout
// with end positions (line:col-end_line:end_col), for location tests.
#pragma once
#include <string>

#include "grammar/ast.hpp"

namespace aio::grammar {

std::string dump_ast_with_ends(const Module& m);

}  // namespace aio::grammar
