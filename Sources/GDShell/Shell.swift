import GDLang
import GDRender
import GDSession

/// Runs scripts against a session and writes what they produce, as text or as JSON lines.
public final class Shell {
    public var session = Session()
    public let json: Bool
    public let console: Console
    /// Colour for errors written as text; plain unless the interactive session turns it on.
    public var colour = Colour.plain
    /// Erases the progress line of a long run, before anything else is written.
    public var clearProgress: () -> Void = {}
    /// The width text output and terminal plots fit, and whether plots are coloured: 80 and plain unless the
    /// program running the shell knows better (a terminal).
    public var layout: () -> (width: Int, colour: Bool) = { (80, false) }
    /// Ctrl-C on a terminal: whether it was pressed, and forgetting that it was. Long output is written a piece at
    /// a time and stops when it is pressed; nil (scripts, pipes) writes every report whole.
    public var interrupts: (requested: () -> Bool, clear: () -> Void)?
    /// Whether lines longer than the width are broken between words: on a terminal, which would break them anywhere.
    public var wrapsLines = false
    /// Whether statements may read and write files (`load`, `save`, `data … csv`, `plot … to`); the fuzzer turns it off.
    public var allowsFiles = true
    /// The text of every script run so far, by file name, to quote the line an error points at.
    private var sources: [String: [Substring]] = [:]

    public init(json: Bool = false, console: Console = StandardConsole()) {
        self.json = json
        self.console = console
    }

    /// Whether a `quit` statement has asked to leave.
    public private(set) var quitRequested = false
    /// The scripts being loaded, outermost first, to refuse a script that loads itself.
    private var loading: [String] = []
    /// How deeply `load` may nest.
    static let maximumLoadDepth = 32

    /// Whether Ctrl-C stopped a statement or its output in the entry being run: the statements after it are not run,
    /// as bash abandons the rest of a line.
    private var abandoned = false
    private var abandonmentSaid = false

    /// Parses and runs a whole script; stops at the first error, reports it, and returns false.
    @discardableResult
    public func run(_ source: String, file: String) -> Bool {
        if loading.isEmpty { (abandoned, abandonmentSaid) = (false, false) }
        let isFile = !file.hasPrefix("<")
        if isFile { loading.append(ScriptFile.canonical(file)) }
        defer { if isFile { loading.removeLast() } }
        do {
            try runScript(source, file: file)
            return true
        } catch {
            report(error)
            return false
        }
    }

    private func runScript(_ source: String, file: String) throws(Diagnostic) {
        try runScript(source, file: file, in: &session)
    }

    /// Runs the statements of `source` one by one in `session`.
    private func runScript(_ source: String, file: String, in session: inout Session) throws(Diagnostic) {
        sources[file] = SourceFile.lines(source)
        let statements = try Parser.parse(source, file: file, grammar: Statements.grammar)
        for (i, statement) in statements.enumerated() where !quitRequested {
            if i > 0, interrupts?.requested() == true {
                interrupts?.clear()
                abandoned = true
            }
            if abandoned {
                // Said once, by the innermost script that had statements left.
                if !abandonmentSaid {
                    let left = statements.count - i
                    console.output("… Ctrl-C: the \(left) statement\(left == 1 ? "" : "s") after it not run")
                    abandonmentSaid = true
                }
                return
            }
            try execute(statement, in: &session)
        }
    }

    /// Carries out one statement and writes its reports.
    public func execute(_ statement: Statement) throws(Diagnostic) {
        try execute(statement, in: &session)
    }

    private func execute(_ statement: Statement, in session: inout Session) throws(Diagnostic) {
        var context = StatementContext(session: session, location: statement.location, host: self)
        // What a statement changed before it failed stays, as it would in the session itself: each statement
        // checks before it changes anything, and a loaded script keeps the statements that ran.
        defer { session = context.session }
        if !allowsFiles && Statements.touchesFiles(statement) {
            throw Diagnostic("this session does not read or write files", at: statement.location)
        }
        let reports = try Statements.execute(statement, &context)
        // A Ctrl-C that stopped the statement's work also stops the entry; `write` spends it on the output.
        if interrupts?.requested() == true { abandoned = true }
        for report in reports { write(report, digits: context.session.digits) }
    }

    private func write(_ report: Statements.Output, digits: Int) {
        clearProgress()
        if json {
            console.output(report.json.serialized)
        } else {
            let (width, plotColour) = layout()
            let fitted = max(40, min(width, 160))
            var text = report.text(TextRenderer(digits: digits, width: fitted, height: 24, colour: plotColour))
            // On a terminal, prose too long for its width breaks between words, not where the terminal would cut it.
            if wrapsLines { text = TextLayout.wrap(text, width: fitted) }
            guard let interrupts else { return console.output(text) }
            // A Ctrl-C that stopped the work is spent; one pressed while the report is written stops the writing.
            interrupts.clear()
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var written = 0
            while written < lines.count {
                let piece = lines[written..<min(lines.count, written + Self.linesPerPiece)]
                console.output(piece.joined(separator: "\n"))
                written += piece.count
                if written < lines.count, interrupts.requested() {
                    interrupts.clear()
                    console.output("… output stopped by Ctrl-C: \(lines.count - written) of \(lines.count) lines not shown")
                    abandoned = true
                    return
                }
            }
        }
    }

    /// How many lines of a report are written between looks at Ctrl-C: a few kilobytes, which a terminal shows at once.
    static let linesPerPiece = 50


    /// Writes an error: a JSON line on the output stream with `--json`, else the rendered text on the error stream.
    public func report(_ diagnostic: Diagnostic) {
        clearProgress()
        if json {
            console.output(JSON.error(diagnostic).serialized)
        } else {
            let lines = sources[diagnostic.location.file]
            let index = diagnostic.location.line - 1
            let line = lines.flatMap { index >= 0 && index < $0.count ? String($0[index]) : nil }
            console.error(DiagnosticRenderer.render(diagnostic, sourceLine: line, colour: colour,
                                                    width: wrapsLines ? max(40, layout().width) : nil))
        }
    }
}

/// The shell reads and writes the files statements ask for, and runs the scripts they load.
extension Shell: StatementHost {
    package func read(_ path: String, at location: SourceLocation) throws(Diagnostic) -> (text: String, path: String) {
        let resolved = ScriptFile.resolve(path, relativeTo: location.file)
        let text: String
        do {
            text = try ScriptFile.read(resolved)
        } catch {
            throw Diagnostic(error.message, at: location)
        }
        // Kept so that an error in the file can quote its line.
        sources[resolved] = SourceFile.lines(text)
        return (text, resolved)
    }

    package func write(_ text: String, to path: String, at location: SourceLocation) throws(Diagnostic) {
        do {
            try ScriptFile.write(text, to: ScriptFile.expandingHome(path))
        } catch {
            throw Diagnostic(error.message, at: location)
        }
    }

    /// Runs a script file in `session`; a relative path is taken from the loading script's folder.
    package func load(_ path: String, at location: SourceLocation, into session: inout Session) throws(Diagnostic) {
        let resolved = ScriptFile.resolve(path, relativeTo: location.file)
        let key = ScriptFile.canonical(resolved)
        if let i = loading.firstIndex(of: key) {
            let chain = (loading[i...] + [key]).map { SourceFile.baseName($0) }.joined(separator: " → ")
            throw Diagnostic("'\(path)' loads itself (\(chain))", at: location, help: "remove the load that closes the loop")
        }
        guard loading.count < Self.maximumLoadDepth else {
            throw Diagnostic("loads nest more than \(Self.maximumLoadDepth) deep", at: location)
        }
        let source = try read(path, at: location).text
        loading.append(key)
        defer { loading.removeLast() }
        try runScript(source, file: resolved, in: &session)
    }

    package func quit() {
        quitRequested = true
    }
}
