// cli/line_editor.cpp - LineEditor on libedit's native API (histedit.h). libedit
// reads keys through our EL_GETCFN function, which waits with poll(2) on stdin and
// runs the idle hook (the event loop) until a key arrives: no thread, and the
// REPL object is reached through EL_CLIENTDATA rather than a global.
#include "cli/line_editor.hpp"

#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <clocale>
#include <cstring>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#ifdef AIO_HAVE_LIBEDIT
#include <histedit.h>
#endif

namespace aio::cli {

struct LineEditor::Impl {
    LineEditorHooks hooks;
    Interrupt& interrupt;
    bool tty = false;
    bool interrupted = false;  // the current read ended by Ctrl-C
    std::string prompt;
    std::string history_path;
#ifdef AIO_HAVE_LIBEDIT
    EditLine* el = nullptr;
    History* hist = nullptr;
    // Keys are read from a non-blocking descriptor of the terminal of its own
    // (stdin's file status flags are shared with the shell, so they stay as
    // they are): Ctrl-C discards typed input, so a read(2) after poll(2) said
    // "readable" could otherwise block with nothing left to read.
    int key_fd = 0;
#endif

    Impl(LineEditorHooks h, Interrupt& i) : hooks(std::move(h)), interrupt(i) {}

    enum class Wait { Ready, Interrupted };

    // Runs idle work until [fd] is readable or Ctrl-C is pressed. The idle work
    // runs when its timeout expires or one of its descriptors is ready.
    // SIGINT stays blocked from the flag test until ppoll(2) atomically unblocks
    // it: a Ctrl-C landing between the test and the wait would otherwise leave
    // the wait blocked (the terminal also discards the typed input on Ctrl-C,
    // so no key would wake it).
    Wait wait_readable(int fd) {
        std::vector<pollfd> fds;
        sigset_t sigint, saved, waiting;
        sigemptyset(&sigint);
        sigaddset(&sigint, SIGINT);
        for (;;) {
            double t = hooks.idle_timeout ? hooks.idle_timeout() : -1;
            fds.assign(1, pollfd{fd, POLLIN, 0});
            if (hooks.idle_fds) hooks.idle_fds(&fds);
            timespec ts{};
            if (t >= 0) {
                t = std::min(t, 60.0);
                ts.tv_sec = time_t(t);
                ts.tv_nsec = long((t - double(ts.tv_sec)) * 1e9);
            }
            pthread_sigmask(SIG_BLOCK, &sigint, &saved);
            if (interrupt.take()) {
                pthread_sigmask(SIG_SETMASK, &saved, nullptr);
                return Wait::Interrupted;
            }
            waiting = saved;
            sigdelset(&waiting, SIGINT);
            int r = ::ppoll(fds.data(), fds.size(), t < 0 ? nullptr : &ts, &waiting);
            int err = errno;
            pthread_sigmask(SIG_SETMASK, &saved, nullptr);
            if (r < 0) {
                if (err == EINTR) continue;  // the flag is tested at the top
                return Wait::Ready;          // let read(2) report the error
            }
            if (fds[0].revents) return Wait::Ready;
            bool io_ready = r > 0;
            if (hooks.idle && hooks.idle(io_ready)) redraw();
        }
    }

    void redraw() {
#ifdef AIO_HAVE_LIBEDIT
        if (el) el_set(el, EL_REFRESH);
#endif
    }

#ifdef AIO_HAVE_LIBEDIT
    static Impl* of(EditLine* e) {
        void* p = nullptr;
        el_get(e, EL_CLIENTDATA, &p);
        return static_cast<Impl*>(p);
    }

    static char* prompt_of(EditLine* e) { return of(e)->prompt.data(); }

    // EL_GETCFN: one character, UTF-8 decoded (libedit leaves decoding to the
    // read function it is given). 1 = a character, 0 = end of input, -1 = stop.
    static int get_char(EditLine* e, wchar_t* out) {
        Impl* self = of(e);
        unsigned char b[4];
        int n = self->read_byte(b);
        if (n <= 0) return n;
        int len = b[0] < 0x80 ? 1 : (b[0] >> 5) == 6 ? 2 : (b[0] >> 4) == 14 ? 3 : (b[0] >> 3) == 30 ? 4 : 1;
        uint32_t cp = len == 1 ? b[0] : len == 2 ? (b[0] & 0x1f) : len == 3 ? (b[0] & 0x0f) : (b[0] & 0x07);
        for (int i = 1; i < len; i++) {
            if ((n = self->read_byte(b + i)) <= 0) return n;
            cp = (cp << 6) | (b[i] & 0x3f);
        }
        *out = wchar_t(cp);
        return 1;
    }

    // One byte: 1, 0 at end of input, -1 on an error or Ctrl-C.
    int read_byte(unsigned char* b) {
        for (;;) {
            if (wait_readable(0) == Wait::Interrupted) {
                interrupted = true;
                return -1;
            }
            ssize_t n = ::read(key_fd, b, 1);
            if (n >= 0) return int(n);
            if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) return -1;
        }
    }

    // Tab: indentation at the start of a line, else completion of the word before
    // the cursor (common prefix inserted; several candidates listed below).
    static unsigned char complete(EditLine* e, int) {
        Impl* self = of(e);
        const LineInfo* li = el_line(e);
        std::string_view before(li->buffer, size_t(li->cursor - li->buffer));
        if (before.find_first_not_of(" \t") == std::string_view::npos) {
            el_insertstr(e, "    ");
            return CC_REFRESH;
        }
        if (!self->hooks.complete) return CC_REFRESH_BEEP;
        size_t word_len = 0;
        std::vector<std::string> cands = self->hooks.complete(before, &word_len);
        if (cands.empty()) return CC_REFRESH_BEEP;
        std::string common = cands[0];
        for (const auto& c : cands) {
            size_t k = 0;
            while (k < common.size() && k < c.size() && common[k] == c[k]) k++;
            common.resize(k);
        }
        if (common.size() > word_len) {
            el_insertstr(e, common.substr(word_len).c_str());
            return CC_REFRESH;
        }
        if (cands.size() == 1) return CC_REFRESH;
        std::string list = "\n";
        size_t width = 0;
        for (const auto& c : cands) width = std::max(width, c.size());
        size_t cols = std::max<size_t>(1, 80 / (width + 2));
        for (size_t i = 0; i < cands.size(); i++) {
            list += cands[i];
            if ((i + 1) % cols == 0 || i + 1 == cands.size()) list += "\n";
            else list += std::string(width + 2 - cands[i].size(), ' ');
        }
        ssize_t n = ::write(1, list.data(), list.size());
        (void)n;
        return CC_REDISPLAY;
    }

    void open_editor() {
        // libedit converts between its wide characters and the UTF-8 line with the
        // C library's multibyte functions: they need a UTF-8 LC_CTYPE (only the
        // character type category; numbers and messages stay "C").
        const char* loc = setlocale(LC_CTYPE, "");
        if (!loc || !std::strstr(nl_langinfo(CODESET), "UTF-8")) setlocale(LC_CTYPE, "C.UTF-8");
        el = el_init("aio", stdin, stdout, stderr);
        if (!el) return;
        if (const char* tty_path = ttyname(0)) {
            int fd = ::open(tty_path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
            if (fd >= 0) key_fd = fd;
        }
        el_set(el, EL_CLIENTDATA, this);
        el_set(el, EL_EDITOR, "emacs");
        el_set(el, EL_SIGNAL, 0);  // Ctrl-C is ours (Interrupt), not libedit's
        el_set(el, EL_PROMPT, &Impl::prompt_of);
        el_set(el, EL_GETCFN, &Impl::get_char);
        el_set(el, EL_ADDFN, "aio-complete", "complete a name or attribute", &Impl::complete);
        el_set(el, EL_BIND, "^I", "aio-complete", nullptr);
        hist = history_init();
        HistEvent ev;
        history(hist, &ev, H_SETSIZE, 1000);
        history(hist, &ev, H_SETUNIQUE, 1);
        if (!history_path.empty()) history(hist, &ev, H_LOAD, history_path.c_str());
        el_set(el, EL_HIST, history, hist);
    }

    Status read_edited(const char* p, std::string* line) {
        prompt = p;
        interrupted = false;
        int count = 0;
        const char* s = el_gets(el, &count);
        if (interrupted) {
            // Drop what was typed: the next read starts on an empty line.
            const LineInfo* li = el_line(el);
            el_cursor(el, int(li->lastchar - li->cursor));
            el_deletestr(el, int(li->lastchar - li->buffer));
            return Status::Interrupted;
        }
        if (!s || count <= 0) return Status::Eof;
        line->assign(s, size_t(count));
        if (!line->empty() && line->back() == '\n') line->pop_back();
        return Status::Line;
    }
#endif

    // No terminal: plain lines; prompts go to stderr, as python3 -i does.
    Status read_plain(const char* p, std::string* line) {
        std::fputs(p, stderr);
        std::fflush(stderr);
        char* buf = nullptr;
        size_t cap = 0;
        ssize_t n = ::getline(&buf, &cap, stdin);
        if (n >= 0) line->assign(buf, size_t(n));
        std::free(buf);
        if (n < 0) return Status::Eof;
        if (!line->empty() && line->back() == '\n') line->pop_back();
        return Status::Line;
    }
};

LineEditor::LineEditor(LineEditorHooks hooks, Interrupt& interrupt)
    : impl_(std::make_unique<Impl>(std::move(hooks), interrupt)) {
    impl_->tty = isatty(0) && isatty(1);
    if (const char* home = std::getenv("HOME")) impl_->history_path = std::string(home) + "/.aio_history";
#ifdef AIO_HAVE_LIBEDIT
    if (impl_->tty) impl_->open_editor();
#endif
}

LineEditor::~LineEditor() {
#ifdef AIO_HAVE_LIBEDIT
    if (impl_->hist) {
        HistEvent ev;
        if (!impl_->history_path.empty()) history(impl_->hist, &ev, H_SAVE, impl_->history_path.c_str());
        history_end(impl_->hist);
    }
    if (impl_->el) el_end(impl_->el);
    if (impl_->key_fd > 0) ::close(impl_->key_fd);
#endif
}

bool LineEditor::interactive() const {
#ifdef AIO_HAVE_LIBEDIT
    return impl_->el != nullptr;
#else
    return false;
#endif
}

LineEditor::Status LineEditor::read(const char* prompt, std::string* line) {
#ifdef AIO_HAVE_LIBEDIT
    if (impl_->el) return impl_->read_edited(prompt, line);
#endif
    return impl_->read_plain(prompt, line);
}

void LineEditor::remember(const std::string& line) {
#ifdef AIO_HAVE_LIBEDIT
    if (impl_->hist && line.find_first_not_of(" \t") != std::string::npos) {
        HistEvent ev;
        history(impl_->hist, &ev, H_ENTER, line.c_str());
    }
#else
    (void)line;
#endif
}

}  // namespace aio::cli
