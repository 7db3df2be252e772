// read_whole_file: every byte (NULs, no trailing newline), capacity reuse, and
// errno naming the failure for a missing file and for a directory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include "runtime/read_file.hpp"

namespace {

std::string temp_path(const char* name) { return ::testing::TempDir() + name; }

TEST(ReadWholeFile, ReadsEveryByte) {
    std::string path = temp_path("aio_read_file_bytes");
    std::string data("a\0b\r\nlast", 9);
    data += std::string(200000, 'x');  // longer than one read chunk
    FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(data.data(), 1, data.size(), f);
    std::fclose(f);
    std::string out = "stale contents";
    ASSERT_TRUE(aio::rt::read_whole_file(path, out));
    EXPECT_EQ(out, data);
    ::unlink(path.c_str());
}

TEST(ReadWholeFile, MissingFileSetsErrno) {
    std::string out;
    errno = 0;
    EXPECT_FALSE(aio::rt::read_whole_file(temp_path("aio_no_such_file/x.aio"), out));
    EXPECT_EQ(errno, ENOENT);
}

TEST(ReadWholeFile, DirectoryIsAFailure) {
    std::string out;
    errno = 0;
    EXPECT_FALSE(aio::rt::read_whole_file(::testing::TempDir(), out));
    EXPECT_EQ(errno, EISDIR);
}

}  // namespace
