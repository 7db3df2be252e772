// Reading a source file whole: the command, the embedding API, the module
// finder and the build-time freezer all need it, with errno kept for messages.
#pragma once
#include <string>

namespace aio::rt {

// The file's bytes into `out` (its capacity reused). False on failure, with
// errno telling why (ENOENT, EISDIR, EACCES, ...).
bool read_whole_file(const std::string& path, std::string& out);

}  // namespace aio::rt
