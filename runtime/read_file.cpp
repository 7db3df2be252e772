#include "runtime/read_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

namespace aio::rt {

bool read_whole_file(const std::string& path, std::string& out) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    out.clear();
    struct stat st;
    if (::fstat(::fileno(f), &st) == 0) {
        // A directory opens for reading; its "size" is not a byte count.
        if (S_ISDIR(st.st_mode)) {
            std::fclose(f);
            errno = EISDIR;
            return false;
        }
        if (S_ISREG(st.st_mode) && st.st_size > 0) out.reserve(size_t(st.st_size));
    }
    char buf[1 << 16];
    size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, got);
    bool ok = !std::ferror(f);
    int err = errno;
    std::fclose(f);
    errno = err;
    return ok;
}

}  // namespace aio::rt
