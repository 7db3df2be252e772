// stdlib/asyncio/sockets.cpp - non-blocking TCP sockets and poll() for asyncio streams,
// added to `_asyncio_core`. Every call is non-blocking except poll; failures come back as
// a negative errno (the aio side raises CPython's OSError subclass), "would block" as None.
// Sockets are plain int file descriptors owned by the aio objects that close them.
#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <vector>

#include "runtime/protocol.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

int arg_fd(Interp& I, const CallArgs& a, uint32_t i) {
    if (i >= a.nargs || !a.args[i].is_int()) rt::raise(I, I.exc.TypeError, "file descriptor must be an int");
    return int(a.args[i].as_int());
}

Value neg_errno() { return Value::integer(-int64_t(errno)); }

bool make_addr(Interp& I, Value host, Value port, sockaddr_in* sa) {
    *sa = sockaddr_in{};
    sa->sin_family = AF_INET;
    if (!port.is_int()) rt::raise(I, I.exc.TypeError, "port must be an int");
    sa->sin_port = htons(uint16_t(port.as_int()));
    std::string h = host.is_none() ? std::string("0.0.0.0") : std::string(as_str(host)->view());
    if (h == "localhost") h = "127.0.0.1";
    return inet_pton(AF_INET, h.c_str(), &sa->sin_addr) == 1;
}

int new_nonblocking_socket() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    return fd;
}

// tcp_listen(host, port) -> fd, or -errno.
Value s_tcp_listen(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "tcp_listen", 2, 2);
    sockaddr_in sa;
    if (!make_addr(I, a.args[0], a.args[1], &sa)) return Value::integer(-EINVAL);
    int fd = new_nonblocking_socket();
    if (fd < 0) return neg_errno();
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0 || ::listen(fd, 128) < 0) {
        Value e = neg_errno();
        ::close(fd);
        return e;
    }
    return Value::integer(fd);
}

// tcp_accept(fd) -> new fd, None when nobody is waiting, or -errno.
Value s_tcp_accept(Interp& I, const CallArgs& a, Object*) {
    int fd = arg_fd(I, a, 0);
    int c = ::accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (c < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? Value::none() : neg_errno();
    int one = 1;
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return Value::integer(c);
}

// tcp_connect(host, port) -> (fd, connected_now), or -errno.
Value s_tcp_connect(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "tcp_connect", 2, 2);
    sockaddr_in sa;
    if (!make_addr(I, a.args[0], a.args[1], &sa)) return Value::integer(-EINVAL);
    int fd = new_nonblocking_socket();
    if (fd < 0) return neg_errno();
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0)
        return Value::object(rt::new_tuple(I, {Value::integer(fd), Value::boolean(true)}));
    if (errno != EINPROGRESS) {
        Value e = neg_errno();
        ::close(fd);
        return e;
    }
    return Value::object(rt::new_tuple(I, {Value::integer(fd), Value::boolean(false)}));
}

// sock_error(fd) -> the pending error (SO_ERROR) as a positive errno, 0 when none.
Value s_sock_error(Interp& I, const CallArgs& a, Object*) {
    int fd = arg_fd(I, a, 0);
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
    return Value::integer(err);
}

// sock_recv(fd, n) -> bytes (b'' at EOF), None when nothing is available, or -errno.
Value s_sock_recv(Interp& I, const CallArgs& a, Object*) {
    int fd = arg_fd(I, a, 0);
    int64_t n = a.nargs > 1 && a.args[1].is_int() ? a.args[1].as_int() : 65536;
    if (n <= 0) n = 65536;
    std::vector<char> buf(static_cast<size_t>(n));
    ssize_t got = ::recv(fd, buf.data(), buf.size(), 0);
    if (got < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? Value::none() : neg_errno();
    return Value::object(rt::new_bytes(I, std::string_view(buf.data(), size_t(got))));
}

// sock_send(fd, data) -> number of bytes sent (0 when it would block), or -errno.
Value s_sock_send(Interp& I, const CallArgs& a, Object*) {
    int fd = arg_fd(I, a, 0);
    if (a.nargs < 2 || !is_bytes(a.args[1])) rt::raise(I, I.exc.TypeError, "data must be bytes");
    rt::Bytes* b = as_bytes(a.args[1]);
    ssize_t sent = ::send(fd, b->data(), b->size, MSG_NOSIGNAL);
    if (sent < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? Value::integer(0) : neg_errno();
    return Value::integer(sent);
}

// sock_shutdown(fd): no more writes (write_eof); the peer reads EOF.
Value s_sock_shutdown(Interp& I, const CallArgs& a, Object*) {
    ::shutdown(arg_fd(I, a, 0), SHUT_WR);
    return Value::none();
}

Value s_sock_close(Interp& I, const CallArgs& a, Object*) {
    ::close(arg_fd(I, a, 0));
    return Value::none();
}

// sock_name(fd, peer=False) -> (host, port) of the local end (the remote one when
// peer is true), or -errno.
Value s_sock_name(Interp& I, const CallArgs& a, Object*) {
    int fd = arg_fd(I, a, 0);
    bool peer = a.nargs > 1 && rt::truthy(I, a.args[1]);
    sockaddr_in sa{};
    socklen_t len = sizeof sa;
    auto* addr = reinterpret_cast<sockaddr*>(&sa);
    if ((peer ? getpeername(fd, addr, &len) : getsockname(fd, addr, &len)) < 0) return neg_errno();
    char host[INET_ADDRSTRLEN] = {0};
    inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
    Value h = str_value(I, host);
    rt::TempRoot keep(I, h);
    return Value::object(rt::new_tuple(I, {h, Value::integer(ntohs(sa.sin_port))}));
}

// poll(read_fds, write_fds, timeout) -> (readable, writable) lists; timeout None blocks.
Value s_poll(Interp& I, const CallArgs& a, Object*) {
    rt::check_nargs(I, a, "poll", 3, 3);
    std::vector<pollfd> fds;
    size_t nread = 0;
    for (int pass = 0; pass < 2; pass++) {
        Value seq = a.args[pass];
        if (!is_kind(seq, ObjKind::List)) rt::raise(I, I.exc.TypeError, "poll() expects lists");
        auto* l = static_cast<rt::List*>(seq.as_obj());
        for (uint32_t i = 0; i < l->size; i++)
            fds.push_back(pollfd{int(l->items[i].as_int()), short(pass ? POLLOUT : POLLIN), 0});
        if (pass == 0) nread = fds.size();
    }
    int ms = -1;
    Value t = a.args[2];
    if (!t.is_none()) {
        double secs = t.is_float() ? t.as_float() : double(t.as_int());
        ms = secs <= 0 ? 0 : int(std::ceil(secs * 1e3));
    }
    int r;
    do r = ::poll(fds.data(), fds.size(), ms);
    while (r < 0 && errno == EINTR);
    rt::List* readable = rt::new_list(I, 0);
    rt::TempRoot k1(I, Value::object(readable));
    rt::List* writable = rt::new_list(I, 0);
    rt::TempRoot k2(I, Value::object(writable));
    for (size_t i = 0; r > 0 && i < fds.size(); i++) {
        if (!fds[i].revents) continue;
        rt::list_append(I, i < nread ? readable : writable, Value::integer(fds[i].fd));
    }
    return Value::object(rt::new_tuple(I, {Value::object(readable), Value::object(writable)}));
}

}  // namespace

void add_socket_functions(Interp& I, rt::Dict* d) {
    add_functions(I, d, {
        {"tcp_listen", s_tcp_listen},
        {"tcp_accept", s_tcp_accept},
        {"tcp_connect", s_tcp_connect},
        {"sock_error", s_sock_error},
        {"sock_recv", s_sock_recv},
        {"sock_send", s_sock_send},
        {"sock_close", s_sock_close},
        {"sock_shutdown", s_sock_shutdown},
        {"sock_name", s_sock_name},
        {"poll", s_poll},
    });
}

}  // namespace aio::stdlib
