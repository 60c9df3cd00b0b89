// POSIX and BSD calls (sigaction, realpath, TIOCGWINSZ) even under a strict -std=c11.
#define _DEFAULT_SOURCE 1

#include "CLineEdit.h"

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

struct CLineEditor {
    EditLine *el;
    History *history;
    char *prompt;
    CLineEditCompleter completer;
    int input;
    /// Set when the last read ended with Ctrl-C.
    int interrupted;
    /// The last character read from the terminal and the one before it, for a Tab that follows a Tab.
    wchar_t last_key, key_before;
};

// MARK: Signals
//
// Every handler only stores to an atomic flag and writes one byte naming its signal to a pipe:
// the reader polls the terminal and the pipe together, so a signal wakes it without relying on
// read() being interrupted, and the work (redraw, suspend, abandon the line) is done outside the
// handler. SIGINT is handled for the whole session; SIGWINCH and SIGTSTP only while reading, so
// Ctrl-Z during a run suspends gd as usual.

static atomic_int interrupt_requested;
static int signal_pipe[2] = {-1, -1};

static void on_signal(int signo) {
    int saved = errno;
    char byte = signo == SIGINT ? 'i' : signo == SIGWINCH ? 'w' : 't';
    if (signo == SIGINT) atomic_store(&interrupt_requested, 1);
    if (signal_pipe[1] >= 0) {
        ssize_t written = write(signal_pipe[1], &byte, 1);
        (void)written;  // A full pipe already holds a wake-up.
    }
    errno = saved;
}

/// Installs on_signal for `signo`, unless the signal is ignored (as a shell without job control
/// leaves it for a background job), and saves the previous action in `old`.
static int handle(int signo, struct sigaction *old) {
    struct sigaction previous;
    if (sigaction(signo, NULL, &previous) != 0) return -1;
    if (old != NULL) *old = previous;
    if (previous.sa_handler == SIG_IGN) return 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(signo, &action, NULL);
}

static int make_signal_pipe(void) {
    if (signal_pipe[0] >= 0) return 0;
    int fds[2];
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    signal_pipe[0] = fds[0];
    signal_pipe[1] = fds[1];
    return 0;
}

int cle_interrupt_install(void) {
    if (make_signal_pipe() != 0) return -1;
    return handle(SIGINT, NULL);
}

int cle_interrupt_requested(void) { return atomic_load(&interrupt_requested); }

void cle_interrupt_clear(void) { atomic_store(&interrupt_requested, 0); }

// MARK: Reading

static CLineEditor *editor_of(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

static char *prompt_of(EditLine *el) {
    CLineEditor *editor = editor_of(el);
    return editor && editor->prompt ? editor->prompt : "";
}

static atomic_int continued;

static void on_continue(int signo) {
    (void)signo;
    atomic_store(&continued, 1);
}

/// Stops like an unhandled Ctrl-Z would, with the terminal as the shell expects it, and redraws
/// the line when continued (on a fresh line, where the shell leaves the cursor). Where nothing
/// can stop the process (an orphaned process group), nothing happens.
static void suspend(EditLine *el) {
    struct sigaction plain, ours, resumed, old_cont;
    memset(&plain, 0, sizeof plain);
    plain.sa_handler = SIG_DFL;
    sigemptyset(&plain.sa_mask);
    resumed = plain;
    resumed.sa_handler = on_continue;
    atomic_store(&continued, 0);
    el_set(el, EL_PREP_TERM, 0);
    sigaction(SIGCONT, &resumed, &old_cont);
    sigaction(SIGTSTP, &plain, &ours);
    raise(SIGTSTP);
    sigaction(SIGTSTP, &ours, NULL);
    sigaction(SIGCONT, &old_cont, NULL);
    el_set(el, EL_PREP_TERM, 1);
    if (atomic_load(&continued)) el_set(el, EL_REFRESH);
}

/// libedit's character reader (EL_GETCFN): one character from the terminal, decoded in the
/// current locale; 1 with a character, 0 at the end of input, -1 on an error or Ctrl-C.
static int read_character(EditLine *el, wchar_t *out) {
    CLineEditor *editor = editor_of(el);
    char bytes[MB_LEN_MAX];
    size_t count = 0;
    *out = L'\0';
    for (;;) {
        struct pollfd fds[2] = {{.fd = editor->input, .events = POLLIN}, {.fd = signal_pipe[0], .events = POLLIN}};
        nfds_t watched = signal_pipe[0] >= 0 ? 2 : 1;
        if (poll(fds, watched, -1) < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (watched == 2 && (fds[1].revents & POLLIN)) {
            char signals[64];
            ssize_t got = read(signal_pipe[0], signals, sizeof signals);
            int interrupted = 0;
            for (ssize_t i = 0; i < got; i++) {
                switch (signals[i]) {
                case 'i':
                    // A stale byte from an interrupt already dealt with finds the flag clear.
                    if (atomic_exchange(&interrupt_requested, 0)) interrupted = 1;
                    break;
                case 'w': el_resize(el); break;
                case 't': suspend(el); break;
                }
            }
            if (interrupted) {
                editor->interrupted = 1;
                errno = EINTR;
                return -1;
            }
            continue;
        }
        if (fds[0].revents == 0) continue;
        ssize_t got = read(editor->input, bytes + count, 1);
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        if (got == 0) return 0;
        count++;
        mbstate_t state;
        memset(&state, 0, sizeof state);
        size_t used = mbrtowc(out, bytes, count, &state);
        if (used == (size_t)-2 && count < sizeof bytes) continue;  // more bytes to come
        if (used == (size_t)-1 || used == (size_t)-2) {            // not a character: drop it
            count = 0;
            continue;
        }
        editor->key_before = editor->last_key;
        editor->last_key = *out;
        return 1;
    }
}

const char *cle_read_line(CLineEditor *editor, int *status) {
    struct sigaction old_winch, old_tstp;
    int catching = signal_pipe[0] >= 0;
    if (catching) {
        handle(SIGWINCH, &old_winch);
        handle(SIGTSTP, &old_tstp);
    }
    cle_interrupt_clear();
    editor->interrupted = 0;
    editor->last_key = editor->key_before = L'\0';
    // Raw before the prompt shows: a key typed the moment it appears must not meet the cooked
    // terminal, which would swallow a Ctrl-D as end-of-file and echo the rest twice.
    el_set(editor->el, EL_PREP_TERM, 1);
    int count = 0;
    const char *line = el_gets(editor->el, &count);
    if (catching) {
        sigaction(SIGWINCH, &old_winch, NULL);
        sigaction(SIGTSTP, &old_tstp, NULL);
    }
    if (editor->interrupted) {
        *status = CLE_INTERRUPTED;
        return NULL;
    }
    if (line == NULL || count <= 0) {
        *status = CLE_END;
        return NULL;
    }
    *status = CLE_LINE;
    return line;
}

// MARK: Completion

static unsigned char complete(EditLine *el, int ch) {
    (void)ch;
    CLineEditor *editor = editor_of(el);
    if (editor == NULL || editor->completer == NULL) return CC_ERROR;
    const LineInfo *info = el_line(el);
    size_t length = (size_t)(info->lastchar - info->buffer);
    char *line = malloc(length + 1);
    if (line == NULL) return CC_ERROR;
    memcpy(line, info->buffer, length);
    line[length] = '\0';
    int cursor = (int)(info->cursor - info->buffer);
    fflush(stdout);  // libedit's output first, then whatever the completer lists.
    int result = editor->completer(editor, line, cursor);
    free(line);
    switch (result) {
    case CLE_COMPLETE_REFRESH: return CC_REFRESH;
    case CLE_COMPLETE_REDISPLAY: return CC_REDISPLAY;
    default: return CC_ERROR;
    }
}

// MARK: History search
//
// Ctrl-R as bash does it, in place of libedit's em-inc-search-prev: libedit's search ends on the
// first byte of an arrow key's sequence and inserts the rest as text, and loses its place in the
// history for the next search. Here the search reads keys itself; a key that is not part of the
// search accepts the match and is then handled as usual (pushed back to libedit), so an arrow
// moves in the found line, Enter runs it, Ctrl-A goes to its start; Ctrl-G restores the line.

enum { SEARCH_TEXT_MAX = 256 };

/// The newest entry, older than the one at `skip` (counting from the newest, 0), that contains
/// `text`; its depth goes to `depth`. NULL when there is none.
static const char *search_history(History *h, const char *text, int skip, int *depth) {
    HistEvent event;
    int d = 0;
    for (int found = history(h, &event, H_FIRST); found == 0; found = history(h, &event, H_NEXT), d++) {
        if (d < skip) continue;
        if (strstr(event.str, text) != NULL) {
            *depth = d;
            return event.str;
        }
    }
    return NULL;
}

/// Replaces the whole line with `text` (UTF-8; a trailing newline left out) and puts the cursor `cursor` bytes in.
static void replace_line(EditLine *el, const char *text, size_t cursor) {
    const LineInfo *info = el_line(el);
    el_cursor(el, (int)(info->lastchar - info->buffer));
    const LineInfoW *wide = el_wline(el);
    el_wdeletestr(el, (int)(wide->lastchar - wide->buffer));
    size_t length = strlen(text);
    while (length > 0 && text[length - 1] == '\n') length--;
    char *copy = strndup(text, length);
    if (copy == NULL) return;
    el_insertstr(el, copy);
    // The cursor counts characters; count those in the first `cursor` bytes.
    mbstate_t state;
    memset(&state, 0, sizeof state);
    int characters = 0;
    for (size_t i = 0; i < cursor && i < length;) {
        size_t used = mbrtowc(NULL, copy + i, length - i, &state);
        if (used == 0 || used == (size_t)-1 || used == (size_t)-2) break;
        i += used;
        characters++;
    }
    free(copy);
    const LineInfoW *after = el_wline(el);
    el_cursor(el, characters - (int)(after->lastchar - after->buffer));
}

/// Draws the prompt and line afresh from the start of the screen line: libedit's refresh takes the cursor to be
/// where its own drawing left it, which a prompt of another length has moved.
static void redraw(EditLine *el) {
    fflush(stdout);
    static const char clear[] = "\r\033[K";
    ssize_t written = write(STDOUT_FILENO, clear, sizeof clear - 1);
    (void)written;
    el_set(el, EL_REFRESH);
}

static unsigned char reverse_search(EditLine *el, int ch) {
    (void)ch;
    CLineEditor *editor = editor_of(el);
    if (editor == NULL) return CC_ERROR;
    const LineInfo *info = el_line(el);
    char *original = strndup(info->buffer, (size_t)(info->lastchar - info->buffer));
    size_t originalCursor = (size_t)(info->cursor - info->buffer);
    char *savedPrompt = editor->prompt;
    char text[SEARCH_TEXT_MAX + 1] = "";
    size_t textLength = 0;
    int depth = 0, failed = 0;
    char prompt[SEARCH_TEXT_MAX + 64];
    unsigned char result = CC_REFRESH;
    for (;;) {
        snprintf(prompt, sizeof prompt, "(%sreverse-i-search)`%s': ", failed ? "failed " : "", text);
        editor->prompt = prompt;
        redraw(el);
        wchar_t key;
        if (el_wgetc(el, &key) <= 0) {  // Ctrl-C or the end of input
            result = CC_EOF;
            break;
        }
        if (key == 0x12) {  // Ctrl-R again: an older match
            int d;
            const char *match = textLength > 0 ? search_history(editor->history, text, depth + 1, &d) : NULL;
            if (match != NULL) {
                depth = d;
                replace_line(el, match, (size_t)(strstr(match, text) - match));
            }
            failed = textLength > 0 && match == NULL;
            continue;
        }
        if (key == 0x07) {  // Ctrl-G: give up, the line as it was
            replace_line(el, original ? original : "", originalCursor);
            break;
        }
        if (key == 0x7f || key == 0x08) {  // Backspace: a shorter text, searched from the newest again
            while (textLength > 0 && (text[textLength - 1] & 0xC0) == 0x80) textLength--;
            if (textLength > 0) textLength--;
            text[textLength] = '\0';
            depth = 0;
        } else if (key >= 0x20 && key != 0x7f) {
            char bytes[MB_LEN_MAX];
            mbstate_t state;
            memset(&state, 0, sizeof state);
            size_t used = wcrtomb(bytes, key, &state);
            if (used == (size_t)-1 || textLength + used > SEARCH_TEXT_MAX) continue;
            memcpy(text + textLength, bytes, used);
            textLength += used;
            text[textLength] = '\0';
        } else {
            // Any other key ends the search with the line found, and then does what it does.
            wchar_t again[2] = {key, L'\0'};
            el_wpush(el, again);
            break;
        }
        int d;
        const char *match = textLength > 0 ? search_history(editor->history, text, depth, &d) : NULL;
        if (match != NULL) {
            depth = d;
            replace_line(el, match, (size_t)(strstr(match, text) - match));
        }
        failed = textLength > 0 && match == NULL;
    }
    editor->prompt = savedPrompt;
    free(original);
    if (result != CC_EOF) redraw(el);
    return result;
}

void cle_set_completer(CLineEditor *editor, CLineEditCompleter completer) { editor->completer = completer; }

int cle_tab_repeated(CLineEditor *editor) { return editor->last_key == L'\t' && editor->key_before == L'\t'; }

int cle_insert(CLineEditor *editor, const char *text) { return el_insertstr(editor->el, text); }

// MARK: Keys typed during work

static struct termios before_quiet;
static int quiet = 0;

static void restore_echo(void) {
    if (quiet) tcsetattr(STDIN_FILENO, TCSANOW, &before_quiet);
    quiet = 0;
}

void cle_quiet_typing(int on) {
    static int registered = 0;
    if (!on) {
        restore_echo();
        return;
    }
    if (quiet || !isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &before_quiet) != 0) return;
    if (!registered) registered = atexit(restore_echo) == 0;
    struct termios silent = before_quiet;
    // Echo off, nothing else: the keys still wait in the terminal's buffer for the next prompt, and Ctrl-C
    // still interrupts. TCSANOW, not TCSAFLUSH, which would throw the typed keys away.
    silent.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    if (tcsetattr(STDIN_FILENO, TCSANOW, &silent) == 0) quiet = 1;
}

int cle_terminal_columns(void) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
}

// MARK: Opening

static void use_utf8_characters(void) {
    if (setlocale(LC_CTYPE, "") != NULL && strcmp(nl_langinfo(CODESET), "UTF-8") == 0) return;
    if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) setlocale(LC_CTYPE, "en_US.UTF-8");
}

CLineEditor *cle_open(const char *program, int history_limit) {
    use_utf8_characters();
    CLineEditor *editor = calloc(1, sizeof *editor);
    if (editor == NULL) return NULL;
    editor->input = fileno(stdin);
    editor->el = el_init(program, stdin, stdout, stderr);
    editor->history = history_init();
    if (editor->el == NULL || editor->history == NULL) {
        cle_close(editor);
        return NULL;
    }
    HistEvent event;
    history(editor->history, &event, H_SETSIZE, history_limit);
    history(editor->history, &event, H_SETUNIQUE, 1);

    EditLine *el = editor->el;
    el_set(el, EL_CLIENTDATA, editor);
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_PROMPT_ESC, prompt_of, '\1');
    el_set(el, EL_HIST, history, editor->history);
    el_set(el, EL_GETCFN, read_character);
    el_set(el, EL_ADDFN, "gd-complete", "Complete the word before the cursor", complete);
    el_set(el, EL_BIND, "^I", "gd-complete", NULL);
    el_set(el, EL_ADDFN, "gd-reverse-search", "Search the history backwards as you type", reverse_search);
    el_set(el, EL_BIND, "^R", "gd-reverse-search", NULL);
    // What people used to readline reach for.
    el_set(el, EL_BIND, "^W", "ed-delete-prev-word", NULL);
    el_set(el, EL_BIND, "\\e[1;5C", "em-next-word", NULL);
    el_set(el, EL_BIND, "\\e[1;5D", "ed-prev-word", NULL);
    el_set(el, EL_BIND, "\\e[1~", "ed-move-to-beg", NULL);  // Home and End as screen, tmux and the console send them
    el_set(el, EL_BIND, "\\e[4~", "ed-move-to-end", NULL);
    el_set(el, EL_BIND, "\\e[7~", "ed-move-to-beg", NULL);  // and as rxvt does
    el_set(el, EL_BIND, "\\e[8~", "ed-move-to-end", NULL);
    el_source(el, NULL);  // ~/.editrc, e.g. `bind -v`
    return editor;
}

void cle_close(CLineEditor *editor) {
    if (editor == NULL) return;
    if (editor->el) el_end(editor->el);
    if (editor->history) history_end(editor->history);
    free(editor->prompt);
    free(editor);
}

void cle_set_prompt(CLineEditor *editor, const char *prompt) {
    char *copy = strdup(prompt);
    if (copy == NULL) return;
    free(editor->prompt);
    editor->prompt = copy;
}

// MARK: History

int cle_history_add(CLineEditor *editor, const char *entry) {
    HistEvent event;
    if (history(editor->history, &event, H_FIRST) == 0 && strcmp(event.str, entry) == 0) return 0;
    return history(editor->history, &event, H_ENTER, entry) >= 0 ? 1 : 0;
}

static const char cookie[] = "_HiStOrY_V2_\n";

/// Checks the file's first line, then has libedit read it into `into`.
static int load(History *into, const char *path) {
    FILE *file = fopen(path, "r");
    if (file == NULL) return errno;
    char first[sizeof cookie];
    size_t got = fread(first, 1, sizeof cookie - 1, file);
    int failed = ferror(file);
    fclose(file);
    if (failed) return EIO;
    if (got == 0) return 0;
    if (got != sizeof cookie - 1 || memcmp(first, cookie, got) != 0) return CLE_NOT_A_HISTORY_FILE;
    HistEvent event;
    return history(into, &event, H_LOAD, path) < 0 ? CLE_NOT_A_HISTORY_FILE : 0;
}

int cle_history_load(CLineEditor *editor, const char *path) { return load(editor->history, path); }

/// Enters the newest `count` entries of `from` into `into`, oldest first.
static void copy_newest(History *from, int count, History *into) {
    HistEvent event;
    if (count <= 0 || history(from, &event, H_FIRST) != 0) return;
    int depth = 1;
    while (depth < count && history(from, &event, H_NEXT) == 0) depth++;
    for (int i = 0; i < depth; i++) {
        HistEvent entered;
        history(into, &entered, H_ENTER, event.str);
        if (history(from, &event, H_PREV) != 0) break;
    }
}

static int write_history(History *h, const char *target) {
    size_t length = strlen(target);
    char *temporary = malloc(length + sizeof ".XXXXXX");
    if (temporary == NULL) return ENOMEM;
    memcpy(temporary, target, length);
    memcpy(temporary + length, ".XXXXXX", sizeof ".XXXXXX");
    int status = 0;
    int fd = mkstemp(temporary);
    if (fd < 0) {
        status = errno;
        free(temporary);
        return status;
    }
    FILE *file = fdopen(fd, "w");
    if (file == NULL) {
        status = errno;
        close(fd);
    } else {
        HistEvent event;
        errno = 0;
        if (history(h, &event, H_SAVE_FP, file) < 0) status = errno ? errno : EIO;
        if (status == 0 && fflush(file) != 0) status = errno;
        if (status == 0 && fsync(fd) != 0) status = errno;
        if (fclose(file) != 0 && status == 0) status = errno;
        if (status == 0 && rename(temporary, target) != 0) status = errno;
    }
    if (status != 0) unlink(temporary);
    free(temporary);
    return status;
}

/// The file a path names, through symbolic links, so a linked history file stays linked; a link to
/// a file not yet written names where it points. NULL when the path is the file itself.
static char *resolve(const char *path) {
    char *real = realpath(path, NULL);
    if (real != NULL) return real;
    char target[PATH_MAX];
    ssize_t length = readlink(path, target, sizeof target - 1);
    if (length <= 0) return NULL;
    target[length] = '\0';
    const char *slash = strrchr(path, '/');
    if (target[0] == '/' || slash == NULL) return strdup(target);
    size_t directory = (size_t)(slash - path) + 1;
    char *joined = malloc(directory + (size_t)length + 1);
    if (joined == NULL) return NULL;
    memcpy(joined, path, directory);
    memcpy(joined + directory, target, (size_t)length + 1);
    return joined;
}

int cle_history_save(CLineEditor *editor, const char *path, int count, int limit) {
    char *resolved = resolve(path);
    const char *target = resolved ? resolved : path;
    History *merged = history_init();
    if (merged == NULL) {
        free(resolved);
        return ENOMEM;
    }
    HistEvent event;
    history(merged, &event, H_SETSIZE, limit);
    history(merged, &event, H_SETUNIQUE, 1);
    int status = load(merged, target);
    if (status == ENOENT) status = 0;
    if (status == 0) {
        copy_newest(editor->history, count, merged);
        status = write_history(merged, target);
    }
    history_end(merged);
    free(resolved);
    return status;
}
