// cli/version.hpp - the version line of `aio --version` and the REPL banner.
#pragma once

namespace aio::cli {

inline constexpr const char* kVersionLine = "aio 0.1.0 (Python 3.11 language)";

}  // namespace aio::cli
