import GDLang
import GDRender
import GDSession
import GDShell
import Glibc

/// The interactive loop on a terminal: reads entries with the line editor, runs each, reports
/// errors and goes on.
///
/// An entry with an open parenthesis continues on the next line under a continuation prompt and
/// goes into the history as one entry. Ctrl-C abandons the entry being typed, or stops a long
/// `run` or `sweep` at the step it has reached; Ctrl-D on an empty line, `quit` or `exit` (in any case) leaves.
public struct InteractiveLoop {
    public let shell: Shell
    public var prompt = "gd> "
    public var continuationPrompt = "... "

    /// The line written when the session opens: the version, and how to get help and leave.
    public var banner: String?

    /// Whether long work shows a progress line: by default only without `--json`.
    public var showsProgress: Bool

    public init(shell: Shell, banner: String? = nil, showsProgress: Bool? = nil) {
        self.shell = shell
        self.banner = banner
        self.showsProgress = showsProgress ?? !shell.json
    }

    /// Has long work in `shell` report its progress on a line of the terminal on standard error.
    public static func showProgress(of shell: Shell) {
        let progress = ProgressLine(columns: { LineEditor.terminalColumns })
        shell.clearProgress = { progress.finish() }
        shell.session.progress = { progress.report($0) }
    }

    public func run() {
        // libedit edits only when it can draw on the terminal too.
        guard isatty(1) == 1, let editor = LineEditor(historyPath: LineEditor.historyPathFromEnvironment()) else {
            return runWithoutEditor()
        }
        let colour = Colour.forTerminal(1)
        shell.colour = Colour.forTerminal(2)
        if let banner { StandardConsole.write(banner + "\n", to: 1) }
        LineEditor.catchInterrupts()
        shell.session.interrupted = LineEditor.interruptRequested
        shell.interrupts = (LineEditor.interruptRequested, LineEditor.clearInterrupt)
        if showsProgress { Self.showProgress(of: shell) }
        do {
            try editor.loadHistory()
        } catch {
            warn(error)
        }
        var pending = ""
        editor.completer = { [shell] before in
            Completion.complete(pending.isEmpty ? before : pending + "\n" + before, environment: shell.session.environment,
                                defaults: shell.session.defaults, paths: FilePaths.completing)
        }
        var entry = 0
        while true {
            let text: String
            switch editor.read(prompt: colour.prompt(pending.isEmpty ? prompt : continuationPrompt)) {
            case .end:
                // Ctrl-D inside an unfinished entry runs it as it is, so the error shows where it stopped.
                guard !pending.isEmpty else { return }
                text = pending
            case .interrupted:
                pending = ""
                continue
            case .line(let line):
                text = pending.isEmpty ? line : pending + "\n" + line
                if pending.isEmpty && Statements.leaves(text) { return }
                if pending.isEmpty, let meant = Statements.habit(text) {
                    // Kept in the history as typed; run as meant.
                    try? editor.addHistory(text)
                    entry += 1
                    LineEditor.quietTyping(true)
                    shell.run(meant, file: "<stdin:\(entry)>")
                    LineEditor.quietTyping(false)
                    if shell.quitRequested { return }
                    continue
                }
                if Self.isIncomplete(text) {
                    pending = text
                    continue
                }
            }
            pending = ""
            guard !text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) else { continue }
            entry += 1
            do {
                try editor.addHistory(text)
            } catch {
                warn(error)
            }
            LineEditor.quietTyping(true)
            shell.run(text, file: "<stdin:\(entry)>")
            LineEditor.quietTyping(false)
            shell.clearProgress()
            if shell.quitRequested { return }
        }
    }

    /// Whether the text stops inside parentheses, after a binary operator or after a backslash, so the entry goes on.
    private static func isIncomplete(_ text: String) -> Bool {
        do {
            _ = try Parser.parse(text, file: "<stdin>", grammar: Statements.grammar)
            return false
        } catch {
            return error.isIncompleteInput
        }
    }

    private func warn(_ error: LineEditor.HistoryError) {
        shell.console.error("gd: warning: \(error.message)")
    }

    /// Plain lines, for when standard output is not the terminal or libedit cannot start.
    private func runWithoutEditor() {
        var pending = ""
        var entry = 0
        while true {
            StandardConsole.write(pending.isEmpty ? prompt : continuationPrompt, to: 1)
            guard let line = readLine() else {
                StandardConsole.write("\n", to: 1)
                return
            }
            let text = pending.isEmpty ? line : pending + "\n" + line
            if pending.isEmpty && Statements.leaves(text) { return }
            if pending.isEmpty { entry += 1 }
            if Self.isIncomplete(text) {
                pending = text
                continue
            }
            pending = ""
            shell.run(text, file: "<stdin:\(entry)>")
            if shell.quitRequested { return }
        }
    }
}
