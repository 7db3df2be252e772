// cli/line_editor.hpp - one line of REPL input at a time. On a terminal it is
// libedit (history in ~/.aio_history, Up/Down, Tab completion); while it waits
// for a key it runs the caller's idle work (the event loop) so tasks progress.
// Without a terminal (or libedit) it reads plain lines, prompts on stderr.
#pragma once
#include <poll.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/interrupt.hpp"

namespace aio::cli {

struct LineEditorHooks {
    // Seconds until the idle work wants to run again; < 0 means "only on input".
    std::function<double()> idle_timeout;
    // Appends the descriptors the idle work waits on (the loop's sockets).
    std::function<void(std::vector<pollfd>*)> idle_fds;
    // Runs due idle work ([io_ready]: one of idle_fds is ready); returns true if
    // it wrote to the terminal (the prompt is then redrawn).
    std::function<bool(bool io_ready)> idle;
    // Candidates completing the word that ends at the end of [before_cursor];
    // sets [*word_len] to the length of that word.
    std::function<std::vector<std::string>(std::string_view before_cursor, size_t* word_len)> complete;
};

class LineEditor {
public:
    enum class Status { Line, Eof, Interrupted };

    LineEditor(LineEditorHooks hooks, Interrupt& interrupt);
    ~LineEditor();  // saves the history
    LineEditor(const LineEditor&) = delete;
    LineEditor& operator=(const LineEditor&) = delete;

    // Reads one line (without its newline) after showing [prompt].
    Status read(const char* prompt, std::string* line);
    // Adds a non-blank line to the history (and to ~/.aio_history at exit).
    void remember(const std::string& line);
    // Whether input comes from a terminal with line editing.
    bool interactive() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace aio::cli
