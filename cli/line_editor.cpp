// cli/line_editor.cpp - LineEditor on libedit's native API (histedit.h). libedit
// reads keys through our EL_GETCFN function, which waits with poll(2) on stdin and
// runs the idle hook (the event loop) until a key arrives: no thread, and the
// REPL object is reached through EL_CLIENTDATA rather than a global.
#include "cli/line_editor.hpp"

#include <langinfo.h>
#include <poll.h>
#include <unistd.h>

#include <clocale>
#include <cstring>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>

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
#endif

    Impl(LineEditorHooks h, Interrupt& i) : hooks(std::move(h)), interrupt(i) {}

    enum class Wait { Ready, Interrupted };

    // Runs idle work until [fd] is readable or Ctrl-C is pressed. The idle work
    // runs when its timeout expires or one of its descriptors is ready.
    Wait wait_readable(int fd) {
        std::vector<pollfd> fds;
        for (;;) {
            if (interrupt.take()) return Wait::Interrupted;
            double t = hooks.idle_timeout ? hooks.idle_timeout() : -1;
            int ms = t < 0 ? -1 : int(std::min(std::ceil(t * 1000.0), 60000.0));
            fds.assign(1, pollfd{fd, POLLIN, 0});
            if (hooks.idle_fds) hooks.idle_fds(&fds);
            int r = ::poll(fds.data(), fds.size(), ms);
            if (r < 0) {
                if (errno == EINTR) continue;  // the flag is checked at the top
                return Wait::Ready;            // let read(2) report the error
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
        if (self->wait_readable(0) == Wait::Interrupted) {
            self->interrupted = true;
            return -1;
        }
        unsigned char b[4];
        ssize_t n;
        while ((n = ::read(0, b, 1)) < 0 && errno == EINTR) {
        }
        if (n <= 0) return n == 0 ? 0 : -1;
        int len = b[0] < 0x80 ? 1 : (b[0] >> 5) == 6 ? 2 : (b[0] >> 4) == 14 ? 3 : (b[0] >> 3) == 30 ? 4 : 1;
        uint32_t cp = len == 1 ? b[0] : len == 2 ? (b[0] & 0x1f) : len == 3 ? (b[0] & 0x0f) : (b[0] & 0x07);
        for (int i = 1; i < len; i++) {
            while ((n = ::read(0, b + i, 1)) < 0 && errno == EINTR) {
            }
            if (n <= 0) return n == 0 ? 0 : -1;
            cp = (cp << 6) | (b[i] & 0x3f);
        }
        *out = wchar_t(cp);
        return 1;
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
        std::cerr << p << std::flush;
        if (!std::getline(std::cin, *line)) return Status::Eof;
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
