import GDLang
import GDPlot

/// Runs scripts against a session and writes what they produce, as text or as JSON lines.
public final class Shell {
    public var session = Session()
    public let json: Bool
    public let console: Console
    /// Colour for errors written as text; plain unless the interactive session turns it on.
    public var colour = Colour.plain
    /// The progress line of a long run, erased before anything else is written.
    public var progressLine: ProgressLine?
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

    /// Parses and runs a whole script; stops at the first error, reports it, and returns false.
    @discardableResult
    public func run(_ source: String, file: String) -> Bool {
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
        sources[file] = Self.lines(source)
        let statements = try Parser.parse(source, file: file, grammar: Statements.grammar)
        for statement in statements where !quitRequested {
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
        let reports: [any Report]
        switch statement.kind {
        case .define(let name, let parameters, let body):
            reports = try Definition(function: name, parameters: parameters, body: body).execute(&context)
        case .assign(let name, let value):
            reports = try Assignment(variable: name, value: value).execute(&context)
        case .evaluate(let expr):
            reports = try Assignment.evaluate(expr, &context)
        case .keyword(_, let syntax):
            guard let declared = syntax as? any StatementDeclaration else { return }
            if !allowsFiles && declared.touchesFiles {
                throw Diagnostic("this session does not read or write files", at: statement.location)
            }
            reports = try declared.execute(&context)
        }
        for report in reports { write(report, digits: context.session.digits) }
    }

    private func write(_ report: any Report, digits: Int) {
        progressLine?.finish()
        if json {
            console.output(report.json.serialized)
        } else {
            let plotColour = console is StandardConsole && Colour.forTerminal(1).isEnabled
            let width = console is StandardConsole ? LineEditor.terminalColumns : 80
            console.output(report.text(TextRenderer(digits: digits, width: max(40, min(width, 160)), height: 24,
                                                    colour: plotColour)))
        }
    }

    /// The lines of a source, for quoting; "\r\n" is one Character in Swift, so it is split on explicitly.
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }

    /// Writes an error: a JSON line on the output stream with `--json`, else the rendered text on the error stream.
    public func report(_ diagnostic: Diagnostic) {
        progressLine?.finish()
        if json {
            console.output(JSON.error(diagnostic).serialized)
        } else {
            let lines = sources[diagnostic.location.file]
            let index = diagnostic.location.line - 1
            let line = lines.flatMap { index >= 0 && index < $0.count ? String($0[index]) : nil }
            console.error(DiagnosticRenderer.render(diagnostic, sourceLine: line, colour: colour))
        }
    }
}

/// The shell reads and writes the files statements ask for, and runs the scripts they load.
extension Shell: StatementHost {
    func read(_ path: String, at location: SourceLocation) throws(Diagnostic) -> (text: String, path: String) {
        let resolved = ScriptFile.resolve(path, relativeTo: location.file)
        let text: String
        do {
            text = try ScriptFile.read(resolved)
        } catch {
            throw Diagnostic(error.message, at: location)
        }
        // Kept so that an error in the file can quote its line.
        sources[resolved] = Self.lines(text)
        return (text, resolved)
    }

    func write(_ text: String, to path: String, at location: SourceLocation) throws(Diagnostic) {
        do {
            try ScriptFile.write(text, to: path)
        } catch {
            throw Diagnostic(error.message, at: location)
        }
    }

    /// Runs a script file in `session`; a relative path is taken from the loading script's folder.
    func load(_ path: String, at location: SourceLocation, into session: inout Session) throws(Diagnostic) {
        let resolved = ScriptFile.resolve(path, relativeTo: location.file)
        let key = ScriptFile.canonical(resolved)
        if let i = loading.firstIndex(of: key) {
            let chain = (loading[i...] + [key]).map { ScriptFile.baseName($0) }.joined(separator: " → ")
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

    func quit() {
        quitRequested = true
    }
}
