import GDSession
import GDShell
import Glibc
internal import CLineEdit

/// The terminal's line editor, libedit: a prompt, emacs editing keys (vi keys with `bind -v` in
/// ~/.editrc), a history kept in a file across sessions, Tab completion, and Ctrl-C that abandons
/// the line. The only code that touches the C API.
///
/// One exists at a time, on standard input and output.
public final class LineEditor {
    /// What a read brought.
    public enum Input: Equatable, Sendable {
        /// A line as typed, without its newline; a multi-line entry recalled from history comes
        /// back whole, its lines joined by newlines.
        case line(String)
        /// Ctrl-C: the line was abandoned.
        case interrupted
        /// Ctrl-D at an empty line, or the end of input.
        case end
    }

    /// A history file that cannot be read or written. The session goes on without saving it.
    public struct HistoryError: Error, Equatable, Sendable {
        public var message: String
    }

    /// The most entries kept, in memory and in the file.
    public let historyLimit: Int
    /// The file history is kept in; nil when there is none, or once reading or writing it failed.
    public private(set) var historyPath: String?
    private let editor: OpaquePointer
    /// Entries added since the file was last written.
    private var unsaved = 0

    /// What Tab completes: libedit calls a C function that cannot capture context, so the
    /// completer of the one open editor waits here.
    nonisolated(unsafe) private static var completionBox: ((String) -> Completion)?

    /// Opens the editor on the terminal; nil when libedit cannot start. `historyPath` is the file
    /// the history is read from (see `loadHistory`) and saved to after each entry.
    public init?(historyPath: String?, historyLimit: Int = 1000) {
        guard let editor = cle_open("gd", Int32(clamping: historyLimit)) else { return nil }
        self.editor = editor
        self.historyPath = historyPath
        self.historyLimit = historyLimit
        cle_set_completer(editor) { editor, line, cursor in LineEditor.complete(editor, line, cursor) }
    }

    deinit {
        Self.completionBox = nil
        cle_close(editor)
    }

    /// Given the entry up to the cursor (earlier lines of a continued entry included), what Tab offers.
    public var completer: ((String) -> Completion)? {
        get { Self.completionBox }
        set { Self.completionBox = newValue }
    }

    /// Reads a line after `prompt`, which may hold colour escape sequences.
    public func read(prompt: String) -> Input {
        cle_set_prompt(editor, Self.markingInvisible(prompt))
        var status: Int32 = 0
        guard let line = cle_read_line(editor, &status) else {
            StandardConsole.write(status == CLE_INTERRUPTED ? "^C\n" : "\n", to: 1)
            return status == CLE_INTERRUPTED ? .interrupted : .end
        }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    // MARK: History

    /// Where history is kept: the file `GD_HISTORY` names (nowhere when it is set but empty),
    /// else `~/.gd_history`.
    public static func historyPathFromEnvironment() -> String? {
        if let path = getenv("GD_HISTORY") {
            return path.pointee == 0 ? nil : String(cString: path)
        }
        guard let home = getenv("HOME"), home.pointee != 0 else { return nil }
        return String(cString: home) + "/.gd_history"
    }

    /// Reads the history file, if there is one. A file that cannot be read or is not a libedit
    /// history is left alone: saving is turned off, and the error says so.
    public func loadHistory() throws(HistoryError) {
        guard let path = historyPath else { return }
        let status = cle_history_load(editor, path)
        guard status != 0 && status != ENOENT && status != ENOTDIR else { return }
        historyPath = nil
        throw HistoryError(message: "cannot read the history file \(path): \(Self.describe(status)); history will not be saved")
    }

    /// Adds an entry to the history and writes the file. The first time the file cannot be
    /// written it throws, and saving stops for the rest of the session.
    public func addHistory(_ entry: String) throws(HistoryError) {
        guard cle_history_add(editor, entry) == 1 else { return }
        unsaved += 1
        guard let path = historyPath else { return }
        let status = cle_history_save(editor, path, Int32(clamping: unsaved), Int32(clamping: historyLimit))
        guard status != 0 else {
            unsaved = 0
            return
        }
        historyPath = nil
        throw HistoryError(message: "cannot save history to \(path): \(Self.describe(status)); it will not be saved in this session")
    }

    private static func describe(_ status: Int32) -> String {
        status == CLE_NOT_A_HISTORY_FILE ? "not a gd history file" : String(cString: strerror(status))
    }

    // MARK: Interrupts

    /// Catches Ctrl-C for the rest of the process: it no longer ends gd but abandons the line
    /// being edited, or sets the flag `interruptRequested` reads while work goes on.
    public static func catchInterrupts() {
        _ = cle_interrupt_install()
    }

    /// True once Ctrl-C was pressed after the last line was read; polled by long runs.
    public static let interruptRequested: @Sendable () -> Bool = { cle_interrupt_requested() != 0 }

    /// Forgets a Ctrl-C already acted on.
    public static let clearInterrupt: @Sendable () -> Void = { cle_interrupt_clear() }

    /// The width of the terminal on standard output, in columns (80 when unknown).
    public static var terminalColumns: Int { Int(cle_terminal_columns()) }

    /// Keys typed while a statement runs are not echoed (they would land in its progress line) but wait for the
    /// next prompt, which shows them.
    public static func quietTyping(_ on: Bool) { cle_quiet_typing(on ? 1 : 0) }

    // MARK: Completion

    /// Tab: inserts what all candidates share beyond the word typed; when that is nothing, a second Tab in a row
    /// lists them, once, as bash does (the first only beeps).
    private static func complete(_ editor: OpaquePointer?, _ line: UnsafePointer<CChar>?, _ cursor: Int32) -> Int32 {
        guard let editor, let line, let completer = completionBox else { return CLE_COMPLETE_BEEP }
        let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(line), count: Int(max(0, cursor)))
        let completion = completer(String(decoding: bytes, as: UTF8.self))
        let common = completion.commonPrefix
        if common.count > completion.word.count, common.hasPrefix(completion.word) {
            return cle_insert(editor, String(common.dropFirst(completion.word.count))) == 0
                ? CLE_COMPLETE_REFRESH : CLE_COMPLETE_BEEP
        }
        guard completion.candidates.count > 1, cle_tab_repeated(editor) != 0 else { return CLE_COMPLETE_BEEP }
        StandardConsole.write("\n" + completion.listing(width: Self.terminalColumns) + "\n", to: 1)
        return CLE_COMPLETE_REDISPLAY
    }

    /// Brackets each escape sequence with \1 so libedit knows it takes no room on the screen.
    static func markingInvisible(_ prompt: String) -> String {
        var result = String.UnicodeScalarView()
        var inEscape = false
        for c in prompt.unicodeScalars {
            if c == "\u{1B}" {
                result.append("\u{1}")
                inEscape = true
            }
            result.append(c)
            if inEscape, c != "\u{1B}", c != "[", (c >= "@" && c <= "~") {
                result.append("\u{1}")
                inEscape = false
            }
        }
        return String(result)
    }
}
