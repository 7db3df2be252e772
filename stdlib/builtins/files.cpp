// stdlib/builtins/files.cpp - open() and its file objects (TextIOWrapper for text,
// BufferedReader/Writer/Random for binary) over plain blocking POSIX read/write with
// one read buffer and one write buffer, plus `_io`, the native half of the `io` module
// (stdlib/io.aio adds StringIO and BytesIO).
// A file object is an rt::Native whose finaliser flushes and closes the descriptor,
// so a file dropped without close() releases its fd when collected (as CPython).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "stdlib/builtins.hpp"
#include "stdlib/builtins/os_error.hpp"
#include "stdlib/builtins/support.hpp"

namespace aio::stdlib {
namespace {

constexpr size_t kChunk = 64 * 1024;
// What an open file counts for in the heap's allocation accounting: unreferenced files
// are only closed by a collection, so each must bring the next one closer (a few
// hundred dropped files trigger one, well before the usual limit of 1024 descriptors).
constexpr ptrdiff_t kOpenFilePressure = 64 * 1024;

struct FileState {
    int fd = -1;
    bool readable = false, writable = false, binary = false, closefd = true, closed = false;
    bool eof = false;
    bool translate = true;     // newline=None: "\r\n" and "\r" read as "\n"
    std::string write_nl;      // what "\n" becomes on write ("" = unchanged)
    std::string encoding = "UTF-8", errors = "strict";
    Codec codec = Codec::Utf8;  // of `encoding`
    // utf-8-sig: the text starts with a byte order mark, dropped when read at offset 0
    // and written before the first text written at offset 0 (the codec is UTF-8 otherwise).
    bool bom_read = false, bom_write = false;
    std::string raw;           // text mode: bytes read but not decoded yet
    std::string buf;           // bytes (binary) or decoded UTF-8 text not consumed yet
    size_t pos = 0;            // consumed prefix of buf
    std::string wbuf;          // bytes written, not yet passed to write(2)
    Value unsupported;         // io.UnsupportedOperation (traced)
    Interp* interp = nullptr;  // for the heap accounting (finalisers get no Interp)
};

// Closes the descriptor once and gives back the file's heap accounting.
void release_fd(FileState* st) {
    if (st->closefd) ::close(st->fd);
    st->interp->heap.note_external(-kOpenFilePressure);
}

// Writes all of [data] to [fd]; false with errno set on failure.
bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

void finalize_file(void* p) {
    auto* st = static_cast<FileState*>(p);
    if (!st->closed) {
        write_all(st->fd, st->wbuf);  // nobody to report an error to: CPython ignores it too
        release_fd(st);
    }
    delete st;
}

void trace_file(Interp& I, void* p) { I.heap.mark(static_cast<FileState*>(p)->unsupported); }

bool is_file(Value v) { return is_kind(v, ObjKind::Native) && static_cast<rt::Native*>(v.as_obj())->trace == &trace_file; }

FileState* state_of(Interp& I, const CallArgs& a, const char* name) {
    if (a.nargs == 0 || !is_file(a.args[0]))
        rt::raise_fmt(I, I.exc.TypeError, "descriptor '%s' requires a file object", name);
    return static_cast<FileState*>(static_cast<rt::Native*>(a.args[0].as_obj())->ptr);
}

void check_open(Interp& I, FileState* st) {
    if (st->closed) rt::raise(I, I.exc.ValueError, "I/O operation on closed file.");
}

[[noreturn]] void unsupported(Interp& I, FileState* st, const char* msg) {
    rt::raise_value(I, rt::call(I, st->unsupported, {str_value(I, msg)}));
}

// An open file of the method's self, checked for the direction it is used in.
FileState* open_state(Interp& I, const CallArgs& a, const char* name, int need /*0, 'r', 'w'*/) {
    FileState* st = state_of(I, a, name);
    check_open(I, st);
    // Text files say "not readable"; binary ones name the raw operation, as CPython.
    if (need == 'r' && !st->readable) unsupported(I, st, st->binary ? "read" : "not readable");
    if (need == 'w' && !st->writable) unsupported(I, st, st->binary ? "write" : "not writable");
    return st;
}

void flush_writes(Interp& I, FileState* st) {
    if (st->wbuf.empty()) return;
    bool ok = write_all(st->fd, st->wbuf);
    st->wbuf.clear();
    if (!ok) raise_os_error(I, errno, Value::null());
}

// Length of [s] without a trailing incomplete (but so far valid) UTF-8 sequence, which
// the next read completes; invalid bytes stay in so the decoder reports them here.
size_t complete_utf8(std::string_view s) {
    auto p = text::find_invalid_utf8(s);
    if (p && p->end >= s.size() && std::string_view(p->reason) == "unexpected end of data") return p->start;
    return s.size();
}

// Decodes the complete part of st->raw into st->buf (newline translation included).
void decode_pending(Interp& I, FileState* st) {
    bool utf8 = st->codec == Codec::Utf8 || st->codec == Codec::Utf8Sig;
    if (st->bom_read) {
        std::string_view bom = "\xef\xbb\xbf";
        if (!st->eof && st->raw.size() < bom.size() && bom.substr(0, st->raw.size()) == st->raw) return;
        if (std::string_view(st->raw).substr(0, bom.size()) == bom) st->raw.erase(0, bom.size());
        st->bom_read = false;
    }
    size_t take = st->raw.size();
    if (!st->eof) {
        if (utf8) take = complete_utf8(st->raw);
        // A final "\r" may be the first half of "\r\n": wait for the next byte.
        if (st->translate && take && st->raw[take - 1] == '\r') take--;
    }
    if (!take) return;
    Value s = bytes_decode(I, std::string_view(st->raw).substr(0, take), utf8 ? "utf-8" : st->encoding, st->errors);
    std::string_view text = as_str(s)->view();
    if (st->translate && text.find('\r') != std::string_view::npos) {
        for (size_t i = 0; i < text.size(); i++) {
            if (text[i] != '\r') st->buf += text[i];
            else {
                st->buf += '\n';
                if (i + 1 < text.size() && text[i + 1] == '\n') i++;
            }
        }
    } else {
        st->buf.append(text);
    }
    st->raw.erase(0, take);
}

// Reads one more chunk into the buffers; false at end of file.
bool fill(Interp& I, FileState* st) {
    if (st->eof) return false;
    if (st->pos > 0 && st->pos * 2 >= st->buf.size()) {
        st->buf.erase(0, st->pos);
        st->pos = 0;
    }
    // Binary data goes straight into buf; text bytes wait in raw for decoding.
    std::string& dst = st->binary ? st->buf : st->raw;
    size_t old = dst.size();
    dst.resize(old + kChunk);
    ssize_t n;
    do n = ::read(st->fd, dst.data() + old, kChunk);
    while (n < 0 && errno == EINTR);
    dst.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
    if (n < 0) raise_os_error(I, errno, Value::null());
    if (n == 0) st->eof = true;
    if (!st->binary) decode_pending(I, st);
    return n > 0;
}

size_t avail(const FileState* st) { return st->buf.size() - st->pos; }

// Takes [nbytes] bytes of buffered data as a str or bytes.
Value take(Interp& I, FileState* st, size_t nbytes) {
    std::string_view v = std::string_view(st->buf).substr(st->pos, nbytes);
    st->pos += v.size();
    return st->binary ? obj(rt::new_bytes(I, v)) : str_value(I, v);
}

// Byte length of the first [n] units (bytes or code points) of the unread buffer.
size_t units_to_bytes(const FileState* st, int64_t n) {
    std::string_view rest = std::string_view(st->buf).substr(st->pos);
    if (st->binary) return std::min(rest.size(), static_cast<size_t>(n));
    return text::byte_offset(rest, static_cast<size_t>(n));
}
size_t unit_count(const FileState* st) {
    std::string_view rest = std::string_view(st->buf).substr(st->pos);
    return st->binary ? rest.size() : text::count_code_points(rest);
}

int64_t size_arg(Interp& I, const CallArgs& a, const char* name) {
    str_args(I, a, name, 0, 1);
    if (a.nargs < 2 || a.args[1].is_none()) return -1;
    if (!is_intlike(a.args[1])) {
        std::string tn = rt::type_name(I, a.args[1]);
        rt::raise_fmt(I, I.exc.TypeError, "argument should be integer or None, not '%s'", tn.c_str());
    }
    return intlike(a.args[1]);
}

Value f_read(Interp& I, const CallArgs& a, Object*) {
    int64_t n = size_arg(I, a, "read");
    FileState* st = open_state(I, a, "read", 'r');
    flush_writes(I, st);
    if (n < 0) {
        while (fill(I, st)) {
        }
        return take(I, st, avail(st));
    }
    while (unit_count(st) < static_cast<size_t>(n) && fill(I, st)) {
    }
    return take(I, st, units_to_bytes(st, n));
}

// One line (with its "\n"), at most [limit] units when limit >= 0; "" at end of file.
Value read_line(Interp& I, FileState* st, int64_t limit) {
    flush_writes(I, st);
    size_t from = st->pos;
    for (;;) {
        size_t nl = st->buf.find('\n', from);
        if (nl != std::string::npos) {
            size_t len = nl + 1 - st->pos;
            if (limit >= 0) len = std::min(len, units_to_bytes(st, limit));
            return take(I, st, len);
        }
        if (limit >= 0 && unit_count(st) >= static_cast<size_t>(limit)) return take(I, st, units_to_bytes(st, limit));
        size_t scanned = st->buf.size() - st->pos;
        if (!fill(I, st)) return take(I, st, avail(st));
        from = st->pos + scanned;  // fill may have compacted the buffer
    }
}

Value f_readline(Interp& I, const CallArgs& a, Object*) {
    int64_t n = size_arg(I, a, "readline");
    return read_line(I, open_state(I, a, "readline", 'r'), n);
}

Value f_readlines(Interp& I, const CallArgs& a, Object*) {
    int64_t hint = size_arg(I, a, "readlines");
    FileState* st = open_state(I, a, "readlines", 'r');
    rt::List* out = rt::new_list(I);
    rt::TempRoot keep(I, out);
    int64_t total = 0;
    for (;;) {
        Value line = read_line(I, st, -1);
        int64_t len = rt::length(I, line);
        if (len == 0) break;
        rt::list_append(I, out, line);
        total += len;
        if (hint > 0 && total >= hint) break;
    }
    return obj(out);
}

Value f_next(Interp& I, const CallArgs& a, Object*) {
    FileState* st = open_state(I, a, "__next__", 'r');
    Value line = read_line(I, st, -1);
    if (rt::length(I, line) == 0) raise_empty(I, I.exc.StopIteration);
    return line;
}

Value f_iter(Interp& I, const CallArgs& a, Object*) {
    open_state(I, a, "__iter__", 0);
    return a.args[0];
}

// Before writing after reading (r+): move the OS position back over what was read ahead.
void drop_read_ahead(Interp& I, FileState* st) {
    if (avail(st) == 0 && st->raw.empty()) {
        st->buf.clear();
        st->pos = 0;
        return;
    }
    off_t ahead = static_cast<off_t>(st->raw.size() + avail(st));
    if (::lseek(st->fd, -ahead, SEEK_CUR) < 0) raise_os_error(I, errno, Value::null());
    st->buf.clear();
    st->raw.clear();
    st->pos = 0;
    st->eof = false;
}

void buffer_write(Interp& I, FileState* st, std::string_view data) {
    drop_read_ahead(I, st);
    // Written through at once: CPython's reference counting closes (and so flushes)
    // `open(p, "w").write(s)` immediately, and a script may read p on the next line.
    st->wbuf.append(data);
    flush_writes(I, st);
}

int64_t position(Interp& I, FileState* st);

Value f_write(Interp& I, const CallArgs& a, Object*) {
    str_args(I, a, "write", 1, 1);
    FileState* st = open_state(I, a, "write", 'w');
    Value v = a.args[1];
    if (st->binary) {
        if (!is_bytes(v)) {
            std::string tn = rt::type_name(I, v);
            rt::raise_fmt(I, I.exc.TypeError, "a bytes-like object is required, not '%s'", tn.c_str());
        }
        buffer_write(I, st, as_bytes(v)->view());
        return Value::integer(as_bytes(v)->size);
    }
    if (!is_str(v)) {
        std::string tn = rt::type_name(I, v);
        rt::raise_fmt(I, I.exc.TypeError, "write() argument must be str, not %s", tn.c_str());
    }
    Str* s = as_str(v);
    std::string_view text = s->view();
    std::string translated;
    if (!st->write_nl.empty() && text.find('\n') != std::string_view::npos) {
        for (char c : text) {
            if (c == '\n') translated += st->write_nl;
            else translated += c;
        }
        text = translated;
    }
    if (st->bom_write) {
        st->bom_write = false;
        if (!text.empty() && position(I, st) == 0) buffer_write(I, st, "\xef\xbb\xbf");
    }
    bool utf8 = st->codec == Codec::Utf8 || st->codec == Codec::Utf8Sig;
    // str text is UTF-8 already, except that a lone surrogate (its 3-byte form, lead
    // byte 0xED) must go through the error handler: strict refuses it, surrogateescape
    // writes back the byte it stands for.
    if (utf8 && text.find('\xed') == std::string_view::npos) buffer_write(I, st, text);
    else buffer_write(I, st, str_encode(I, text, utf8 ? "utf-8" : st->encoding, st->errors));
    return Value::integer(s->length());
}

Value f_writelines(Interp& I, const CallArgs& a, Object*) {
    str_args(I, a, "writelines", 1, 1);
    open_state(I, a, "writelines", 'w');
    Value it = rt::get_iter(I, a.args[1]);
    rt::TempRoot keep(I, it);
    for (;;) {
        Value line = rt::next(I, it);
        if (line.is_null()) break;
        Value args[2] = {a.args[0], line};
        f_write(I, CallArgs{args, 2, nullptr, nullptr, 0}, nullptr);
    }
    return Value::none();
}

Value f_flush(Interp& I, const CallArgs& a, Object*) {
    flush_writes(I, open_state(I, a, "flush", 0));
    return Value::none();
}

void close_state(Interp& I, FileState* st) {
    if (st->closed) return;
    st->closed = true;  // closed even when the final flush fails, as CPython
    bool ok = write_all(st->fd, st->wbuf);
    int err = errno;
    st->wbuf.clear();
    release_fd(st);
    if (!ok) raise_os_error(I, err, Value::null());
}

Value f_close(Interp& I, const CallArgs& a, Object*) {
    close_state(I, state_of(I, a, "close"));
    return Value::none();
}

Value f_enter(Interp& I, const CallArgs& a, Object*) {
    open_state(I, a, "__enter__", 0);
    return a.args[0];
}

Value f_exit(Interp& I, const CallArgs& a, Object*) {
    close_state(I, state_of(I, a, "__exit__"));
    return Value::none();
}

// Position of the next byte to read: the OS position minus what is buffered ahead
// (text mode: exact unless "\r\n" was translated in the unread part).
int64_t position(Interp& I, FileState* st) {
    flush_writes(I, st);
    off_t p = ::lseek(st->fd, 0, SEEK_CUR);
    if (p < 0) raise_os_error(I, errno, Value::null());
    return static_cast<int64_t>(p) - static_cast<int64_t>(st->raw.size() + avail(st));
}

Value f_tell(Interp& I, const CallArgs& a, Object*) {
    str_args(I, a, "tell", 0, 0);
    return Value::integer(position(I, open_state(I, a, "tell", 0)));
}

Value f_seek(Interp& I, const CallArgs& a, Object*) {
    str_args(I, a, "seek", 1, 2);
    FileState* st = open_state(I, a, "seek", 0);
    int64_t off = arg_index(I, a.args[1]);
    int64_t whence = a.nargs > 2 ? arg_index(I, a.args[2]) : 0;
    if (whence < 0 || whence > 2) rt::raise_fmt(I, I.exc.ValueError, "invalid whence (%lld, should be 0, 1 or 2)", static_cast<long long>(whence));
    if (!st->binary && whence == 1 && off != 0) unsupported(I, st, "can't do nonzero cur-relative seeks");
    if (!st->binary && whence == 2 && off != 0) unsupported(I, st, "can't do nonzero end-relative seeks");
    if (whence == 0 && off < 0) rt::raise_fmt(I, I.exc.ValueError, "negative seek position %lld", static_cast<long long>(off));
    if (whence == 1) {
        off += position(I, st);
        whence = 0;
    }
    flush_writes(I, st);
    off_t p = ::lseek(st->fd, static_cast<off_t>(off), whence == 0 ? SEEK_SET : SEEK_END);
    if (p < 0) raise_os_error(I, errno, Value::null());
    st->buf.clear();
    st->raw.clear();
    st->pos = 0;
    st->eof = false;
    if (p == 0 && st->codec == Codec::Utf8Sig) st->bom_read = st->readable;  // a fresh decoder
    return Value::integer(p);
}

Value f_closed(Interp& I, const CallArgs& a, Object*) { return Value::boolean(state_of(I, a, "closed")->closed); }
Value f_readable(Interp& I, const CallArgs& a, Object*) { return Value::boolean(open_state(I, a, "readable", 0)->readable); }
Value f_writable(Interp& I, const CallArgs& a, Object*) { return Value::boolean(open_state(I, a, "writable", 0)->writable); }
Value f_seekable(Interp& I, const CallArgs& a, Object*) {
    FileState* st = open_state(I, a, "seekable", 0);
    return Value::boolean(::lseek(st->fd, 0, SEEK_CUR) >= 0);
}
Value f_fileno(Interp& I, const CallArgs& a, Object*) { return Value::integer(open_state(I, a, "fileno", 0)->fd); }
Value f_isatty(Interp& I, const CallArgs& a, Object*) { return Value::boolean(::isatty(open_state(I, a, "isatty", 0)->fd) == 1); }

Value f_repr(Interp& I, const CallArgs& a, Object*) {
    FileState* st = state_of(I, a, "__repr__");
    auto* n = static_cast<rt::Native*>(a.args[0].as_obj());
    std::string s = "<_io." + std::string(n->cls->name->view());
    Value name = n->attrs ? rt::dict_get_str(n->attrs, rt::intern(I, "name")) : Value::null();
    if (!name.is_null()) s += " name=" + std::string(rt::repr(I, name)->view());
    if (!st->binary) {
        Value mode = rt::dict_get_str(n->attrs, rt::intern(I, "mode"));
        if (!mode.is_null()) s += " mode=" + std::string(rt::repr(I, mode)->view());
        s += " encoding='" + st->encoding + "'";
    }
    return str_value(I, s + ">");
}

// --- open() ---------------------------------------------------------------------------

struct Mode {
    bool r = false, w = false, a = false, x = false, plus = false, t = false, b = false;
};

Mode parse_mode(Interp& I, Str* mode) {
    Mode m;
    std::string_view s = mode->view();
    for (char c : s) {
        bool* flag = c == 'r' ? &m.r : c == 'w' ? &m.w : c == 'a' ? &m.a : c == 'x' ? &m.x : c == '+' ? &m.plus
                     : c == 't' ? &m.t : c == 'b' ? &m.b : nullptr;
        if (!flag || *flag) rt::raise_fmt(I, I.exc.ValueError, "invalid mode: '%s'", mode->data());
        *flag = true;
    }
    if (m.t && m.b) rt::raise(I, I.exc.ValueError, "can't have text and binary mode at once");
    if (m.r + m.w + m.a + m.x != 1)
        rt::raise(I, I.exc.ValueError, "must have exactly one of create/read/write/append mode");
    return m;
}

// Type objects of the file kinds and io.UnsupportedOperation, kept in open's data slot.
enum { kText, kReader, kWriter, kRandom, kUnsupported, kNumTypes };

Value b_open(Interp& I, const CallArgs& a, Object* self_fn) {
    Value v[8];
    bind_args(I, a, "open", {"file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener"}, 1, v);
    Value file = v[0];
    Str* mode_s = v[1].is_null() ? rt::intern(I, "r") : nullptr;
    if (!mode_s) {
        if (!is_str(v[1])) {
            std::string tn = rt::type_name(I, v[1]);
            rt::raise_fmt(I, I.exc.TypeError, "open() argument 'mode' must be str, not %s", tn.c_str());
        }
        mode_s = as_str(v[1]);
    }
    auto opt_str = [&](Value x, const char* what) -> const Str* {
        if (x.is_null() || x.is_none()) return nullptr;
        if (!is_str(x)) {
            std::string tn = rt::type_name(I, x);
            rt::raise_fmt(I, I.exc.TypeError, "open() argument '%s' must be str or None, not %s", what, tn.c_str());
        }
        return as_str(x);
    };
    const Str* encoding = opt_str(v[3], "encoding");
    const Str* errors = opt_str(v[4], "errors");
    const Str* newline = opt_str(v[5], "newline");
    Mode m = parse_mode(I, mode_s);
    if (m.b && encoding) rt::raise(I, I.exc.ValueError, "binary mode doesn't take an encoding argument");
    if (m.b && errors) rt::raise(I, I.exc.ValueError, "binary mode doesn't take an errors argument");
    if (m.b && newline) rt::raise(I, I.exc.ValueError, "binary mode doesn't take a newline argument");
    if (newline) {
        std::string_view nl = newline->view();
        if (nl != "" && nl != "\n" && nl != "\r" && nl != "\r\n")
            rt::raise_fmt(I, I.exc.ValueError, "illegal newline value: %s", newline->data());
    }
    // Files read and write byte-oriented codecs only (their buffering splits at any byte).
    if (encoding && (codec_of(I, encoding->view()) == Codec::Unknown || is_wide_codec(codec_of(I, encoding->view()))))
        rt::raise_fmt(I, I.exc.LookupError, "unknown encoding: %s", encoding->data());
    bool closefd = v[6].is_null() || rt::truthy(I, v[6]);

    int fd;
    if (is_intlike(file)) {
        fd = static_cast<int>(intlike(file));
        struct stat sb;
        if (::fstat(fd, &sb) != 0) raise_os_error(I, errno, Value::null());
    } else {
        if (!closefd) rt::raise(I, I.exc.ValueError, "Cannot use closefd=False with file name");
        std::string path;
        if (Value f = fspath_or_null(I, file); !f.is_null()) file = f;
        if (is_str(file)) path = std::string(as_str(file)->view());
        else if (is_bytes(file)) path = std::string(as_bytes(file)->view());
        else {
            std::string tn = rt::type_name(I, file);
            rt::raise_fmt(I, I.exc.TypeError, "expected str, bytes or os.PathLike object, not %s", tn.c_str());
        }
        if (path.find('\0') != std::string::npos) rt::raise(I, I.exc.ValueError, "embedded null byte");
        int flags = O_CLOEXEC | (m.plus ? O_RDWR : m.r ? O_RDONLY : O_WRONLY);
        if (m.w) flags |= O_CREAT | O_TRUNC;
        if (m.a) flags |= O_CREAT | O_APPEND;
        if (m.x) flags |= O_CREAT | O_EXCL;
        do fd = ::open(path.c_str(), flags, 0666);
        while (fd < 0 && errno == EINTR);
        if (fd < 0) raise_os_error(I, errno, file);
        // Reading a directory opens fine in POSIX; CPython reports it at open time.
        struct stat sb;
        if (::fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            ::close(fd);
            raise_os_error(I, EISDIR, file);
        }
    }

    auto* types = static_cast<rt::Tuple*>(static_cast<rt::NativeFunction*>(self_fn)->data.as_obj());
    int kind = !m.b ? kText : m.plus ? kRandom : m.r ? kReader : kWriter;
    auto* st = new FileState;
    st->interp = &I;
    st->fd = fd;
    st->closefd = closefd;
    st->readable = m.r || m.plus;
    st->writable = !m.r || m.plus;
    st->binary = m.b;
    st->unsupported = types->items()[kUnsupported];
    if (encoding) st->encoding = std::string(encoding->view());
    st->codec = codec_of(I, st->encoding);
    if (st->codec == Codec::Utf8Sig && !m.b) {
        st->bom_read = st->readable;
        st->bom_write = st->writable;
    }
    if (errors) st->errors = std::string(errors->view());
    if (newline) {
        st->translate = false;
        if (newline->view() != "\n") st->write_nl = std::string(newline->view());
    }
    if (m.a && !is_intlike(file)) ::lseek(fd, 0, SEEK_END);  // tell() right after open, as CPython

    try {
        I.heap.note_external(kOpenFilePressure);  // may raise MemoryError under a memory limit
    } catch (rt::Unwind&) {
        if (closefd) ::close(fd);
        delete st;
        throw;
    }
    auto* n = I.heap.make<rt::Native>(ObjKind::Native, as_type(types->items()[kind]));
    n->ptr = st;
    n->finalize = &finalize_file;
    n->trace = &trace_file;
    n->attrs = nullptr;
    rt::TempRoot keep(I, n);
    n->attrs = rt::new_dict(I);
    rt::dict_set_str(I, n->attrs, rt::intern(I, "name"), file);
    std::string mode_attr(mode_s->view());
    if (m.b) {  // binary objects report a normalised mode, text ones the given one
        // as FileIO: created "xb", appending "ab", else readable "rb", else "wb"; "+"
        // when both ways (so "w+b" reports "rb+")
        mode_attr = std::string(m.x ? "x" : m.a ? "a" : (m.r || m.plus) ? "r" : "w") + "b" + (m.plus ? "+" : "");
    }
    rt::dict_set_str(I, n->attrs, rt::intern(I, "mode"), str_value(I, mode_attr));
    if (!m.b) {
        rt::dict_set_str(I, n->attrs, rt::intern(I, "encoding"), str_value(I, st->encoding));
        rt::dict_set_str(I, n->attrs, rt::intern(I, "errors"), str_value(I, st->errors));
    }
    return obj(n);
}

Type* make_file_type(Interp& I, const char* name) {
    Type* t = make_native_type(I, name, ObjKind::Native);
    set_type_attr(I, t, "__module__", str_value(I, "_io"));
    add_methods(I, t, {
        {"read", f_read}, {"readline", f_readline}, {"readlines", f_readlines},
        {"write", f_write}, {"writelines", f_writelines}, {"flush", f_flush},
        {"close", f_close}, {"seek", f_seek}, {"tell", f_tell},
        {"readable", f_readable}, {"writable", f_writable}, {"seekable", f_seekable},
        {"fileno", f_fileno}, {"isatty", f_isatty},
        {"__enter__", f_enter}, {"__exit__", f_exit}, {"__iter__", f_iter}, {"__next__", f_next},
        {"__repr__", f_repr},
    });
    rt::add_getter(I, t, "closed", f_closed);
    return t;
}

rt::Tuple* file_types(Interp& I) {
    Value open = rt::dict_get_str(I.builtins, rt::intern(I, "open"));
    return static_cast<rt::Tuple*>(static_cast<rt::NativeFunction*>(open.as_obj())->data.as_obj());
}

}  // namespace

void install_files(Interp& I) {
    rt::Tuple* types = rt::new_tuple(I, kNumTypes);
    rt::TempRoot keep(I, types);
    const char* names[] = {"TextIOWrapper", "BufferedReader", "BufferedWriter", "BufferedRandom"};
    for (int i = 0; i < kUnsupported; i++) types->items()[i] = obj(make_file_type(I, names[i]));
    // io.UnsupportedOperation derives from both OSError and ValueError, as in CPython.
    rt::Dict* ns = rt::new_dict(I);
    rt::TempRoot keep_ns(I, ns);
    rt::dict_set_str(I, ns, I.names.__module__, str_value(I, "io"));
    rt::Tuple* bases = rt::new_tuple(I, {obj(I.exc.OSError), obj(I.exc.ValueError)});
    rt::TempRoot keep_bases(I, bases);
    types->items()[kUnsupported] = obj(rt::make_class(I, rt::intern(I, "UnsupportedOperation"), bases, ns));
    rt::dict_set_str(I, I.builtins, rt::intern(I, "open"), obj(rt::new_native(I, "open", b_open, obj(types))));
}

// `io`: open, the file classes and UnsupportedOperation (the ones install_files made).
rt::Module* make_io_module(Interp& I) {
    rt::Module* m = rt::new_module(I, rt::intern(I, "_io"));
    rt::TempRoot keep(I, m);
    rt::Tuple* types = file_types(I);
    auto put = [&](const char* name, Value v) { rt::dict_set_str(I, m->dict, rt::intern(I, name), v); };
    put("open", rt::dict_get_str(I.builtins, rt::intern(I, "open")));
    put("TextIOWrapper", types->items()[kText]);
    put("BufferedReader", types->items()[kReader]);
    put("BufferedWriter", types->items()[kWriter]);
    put("BufferedRandom", types->items()[kRandom]);
    put("UnsupportedOperation", types->items()[kUnsupported]);
    put("SEEK_SET", Value::integer(0));
    put("SEEK_CUR", Value::integer(1));
    put("SEEK_END", Value::integer(2));
    put("DEFAULT_BUFFER_SIZE", Value::integer(8192));
    return m;
}

}  // namespace aio::stdlib
