import GDLang

/// Runs scripts against a session and writes what they produce, as text or as JSON lines.
public final class Shell {
    public var session = Session()
    public let json: Bool
    public let console: Console
    /// The text of every script run so far, by file name, to quote the line an error points at.
    private var sources: [String: [Substring]] = [:]

    public init(json: Bool = false, console: Console = StandardConsole()) {
        self.json = json
        self.console = console
    }

    /// Parses and runs a whole script; stops at the first error, reports it, and returns false.
    @discardableResult
    public func run(_ source: String, file: String) -> Bool {
        sources[file] = source.split(separator: "\n", omittingEmptySubsequences: false)
        do {
            let statements = try Parser.parse(source, file: file)
            for statement in statements {
                try execute(statement)
            }
            return true
        } catch {
            report(error)
            return false
        }
    }

    /// Carries out one statement and writes its reports.
    public func execute(_ statement: Statement) throws(Diagnostic) {
        for report in try session.execute(statement) {
            if json {
                console.output(JSONRenderer.render(report).serialized)
            } else {
                console.output(TextRenderer(digits: session.digits).render(report))
            }
        }
    }

    /// Writes an error: a JSON line on the output stream with `--json`, else the rendered text on the error stream.
    public func report(_ diagnostic: Diagnostic) {
        if json {
            console.output(JSONRenderer.error(diagnostic).serialized)
        } else {
            let lines = sources[diagnostic.location.file]
            let index = diagnostic.location.line - 1
            let line = lines.flatMap { index >= 0 && index < $0.count ? String($0[index]) : nil }
            console.error(DiagnosticRenderer.render(diagnostic, sourceLine: line))
        }
    }
}
