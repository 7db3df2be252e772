// runtime/output.cpp - the Interp's constructor/destructor and its output
// channels. stdout is buffered in I.out_buf and flushed past 64 KB, before any
// stderr write, on flush_out() and at destruction; the default sinks write to
// fds 1 and 2 with write(2), retrying partial writes and EINTR.
#include <cerrno>
#include <cstdlib>
#include <unistd.h>

#include "runtime/interp.hpp"

namespace aio::rt {

namespace {

void write_fd(int fd, std::string_view s) {
    while (!s.empty()) {
        ssize_t n = ::write(fd, s.data(), s.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return;  // EPIPE and friends: output is lost, the script goes on
        }
        s.remove_prefix(size_t(n));
    }
}

constexpr size_t kFlushThreshold = 64 * 1024;

}  // namespace

Interp::Interp() {
    out_sink = [](std::string_view s) { write_fd(1, s); };
    err_sink = [](std::string_view s) { write_fd(2, s); };
    const char* stress = std::getenv("AIO_GC_STRESS");
    if (stress && stress[0] == '1') heap.set_stress(true);
}

Interp::~Interp() {
    flush_out();
    // Free the objects while the VM state still exists (finalizers of VM kinds
    // may consult it), then let the members go.
    heap.free_all();
}

void Interp::write_out(std::string_view s) {
    out_buf.append(s);
    if (unbuffered || out_buf.size() >= kFlushThreshold) flush_out();
}

void Interp::write_err(std::string_view s) {
    flush_out();
    if (err_sink) err_sink(s);
}

void Interp::flush_out() {
    if (out_buf.empty()) return;
    std::string chunk;
    chunk.swap(out_buf);  // a sink that prints again must not see a half-flushed buffer
    if (out_sink) out_sink(chunk);
}

}  // namespace aio::rt
