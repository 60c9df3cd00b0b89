// The line editor's C side: plain, non-variadic functions over libedit (whose el_set, el_get and
// history calls Swift cannot make), and the signal handling of an interactive session.
//
// One editor at a time, on standard input and output, used from one thread.
#ifndef CLINEEDIT_H
#define CLINEEDIT_H

/// An open editor on the terminal.
typedef struct CLineEditor CLineEditor;

/// How cle_read_line ended.
#define CLE_LINE 0
#define CLE_END 1
#define CLE_INTERRUPTED 2

/// What a completer asks the editor to do after it has inserted text (or not).
#define CLE_COMPLETE_REFRESH 0
#define CLE_COMPLETE_REDISPLAY 1
#define CLE_COMPLETE_BEEP 2

/// Returned by the history-file functions for a file that exists but is not a libedit history.
#define CLE_NOT_A_HISTORY_FILE (-1)

/// Called on Tab with the whole line (UTF-8) and the cursor's byte offset in it. It may call
/// cle_insert and write to standard output; it returns one of the CLE_COMPLETE_ codes.
typedef int (*CLineEditCompleter)(CLineEditor *editor, const char *line, int cursor);

/// Opens an editor on standard input and output with an in-memory history of at most
/// `history_limit` entries (consecutive duplicates kept once), reading ~/.editrc. Sets the
/// character-type locale from the environment (UTF-8 when that has none). NULL on failure.
CLineEditor *cle_open(const char *program, int history_limit);

/// Closes the editor and restores the terminal.
void cle_close(CLineEditor *editor);

/// Sets the prompt, copied. Text between a pair of \1 characters is printed but takes no room
/// (for colour escape sequences).
void cle_set_prompt(CLineEditor *editor, const char *prompt);

/// Reads one line with editing. Sets `status` to CLE_LINE and returns the line (with its
/// newline, valid until the next call), or sets CLE_END (Ctrl-D on an empty line, end of
/// input) or CLE_INTERRUPTED (Ctrl-C, the line abandoned) and returns NULL. Clears a pending
/// interrupt first. While it waits, a change of window size redraws and Ctrl-Z suspends.
const char *cle_read_line(CLineEditor *editor, int *status);

/// Sets the function Tab calls; NULL makes Tab beep.
void cle_set_completer(CLineEditor *editor, CLineEditCompleter completer);
/// Whether the Tab being completed follows another Tab straight away: bash lists the candidates only then.
int cle_tab_repeated(CLineEditor *editor);

/// Inserts UTF-8 text at the cursor (from a completer). 0, or -1 when it does not fit.
int cle_insert(CLineEditor *editor, const char *text);

/// With `on` 1, stops the terminal echoing keys typed while work goes on (they would land in its progress
/// line); they stay queued for the next read. 0 restores the echo, as does the process's exit.
void cle_quiet_typing(int on);

/// The width of the terminal on standard output, in columns (80 when unknown).
int cle_terminal_columns(void);

/// Adds an entry to the history, unless it equals the newest. 1 when added, 0 when not.
int cle_history_add(CLineEditor *editor, const char *entry);

/// Reads a history file written by libedit (its first line `_HiStOrY_V2_`) into the history.
/// 0 on success (an empty file included), an errno value (ENOENT when there is no file), or
/// CLE_NOT_A_HISTORY_FILE.
int cle_history_load(CLineEditor *editor, const char *path);

/// Rewrites the history file at `path` (following a symbolic link) as what it holds now followed
/// by the newest `count` entries of the editor's history, keeping the newest `limit` in all.
/// Other sessions' entries are kept. The text goes to a new file beside it, is synced, and is
/// renamed over the old one, so the file is whole at every moment. 0 on success, an errno value,
/// or CLE_NOT_A_HISTORY_FILE (when the file there is not a history, it is left alone).
int cle_history_save(CLineEditor *editor, const char *path, int count, int limit);

/// Installs the SIGINT handler for the rest of the process: Ctrl-C no longer ends it, but sets
/// the interrupt flag (and wakes a waiting cle_read_line). An ignored SIGINT stays ignored.
/// 0, or -1 with errno set.
int cle_interrupt_install(void);

/// 1 when Ctrl-C was pressed since the flag was last cleared, else 0. Safe from any thread.
int cle_interrupt_requested(void);

/// Clears the interrupt flag.
void cle_interrupt_clear(void);

#endif
