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
        sources[file] = Self.lines(source)
        let statements = try Parser.parse(source, file: file)
        for statement in statements where !quitRequested {
            try execute(statement)
        }
    }

    /// Carries out one statement and writes its reports.
    public func execute(_ statement: Statement) throws(Diagnostic) {
        if !allowsFiles && statement.touchesFiles {
            throw Diagnostic("this session does not read or write files", at: statement.location)
        }
        switch statement.kind {
        case .quit:
            quitRequested = true
        case .load(let path, let location):
            try load(path, at: location)
        case .save(let what, let path, let location):
            try save(what, to: path, at: location)
        case .data(let name, .csv(let path, let location)):
            let resolved = ScriptFile.resolve(path, relativeTo: location.file)
            let text: String
            do {
                text = try ScriptFile.read(resolved)
            } catch {
                throw Diagnostic(error.message, at: location)
            }
            sources[resolved] = Self.lines(text)
            let table = try CSV.parse(text, name: name.text, file: resolved)
            try session.define(table, at: name)
            write(.table(table))
        default:
            for report in try session.execute(statement) {
                if case .plot(let plot) = report, let path = plot.path {
                    do {
                        try ScriptFile.write(SVGPlot.render(plot.figure), to: path)
                    } catch {
                        var at = statement.location
                        if case .plot(let command) = statement.kind, let pathLocation = command.pathLocation { at = pathLocation }
                        throw Diagnostic(error.message, at: at)
                    }
                }
                write(report)
            }
        }
    }

    private func write(_ report: Report) {
        progressLine?.finish()
        if json {
            console.output(JSONRenderer.render(report).serialized)
        } else {
            let plotColour = console is StandardConsole && Colour.forTerminal(1).isEnabled
            let width = console is StandardConsole ? LineEditor.terminalColumns : 80
            console.output(TextRenderer(digits: session.digits, width: max(40, min(width, 160)), height: 24,
                                        colour: plotColour).render(report))
        }
    }

    /// Runs a script file in this session; a relative path is taken from the loading script's folder.
    private func load(_ path: String, at location: SourceLocation) throws(Diagnostic) {
        let resolved = ScriptFile.resolve(path, relativeTo: location.file)
        let key = ScriptFile.canonical(resolved)
        if let i = loading.firstIndex(of: key) {
            let chain = (loading[i...] + [key]).map { ScriptFile.baseName($0) }.joined(separator: " → ")
            throw Diagnostic("'\(path)' loads itself (\(chain))", at: location, help: "remove the load that closes the loop")
        }
        guard loading.count < Self.maximumLoadDepth else {
            throw Diagnostic("loads nest more than \(Self.maximumLoadDepth) deep", at: location)
        }
        let source: String
        do {
            source = try ScriptFile.read(resolved)
        } catch {
            throw Diagnostic(error.message, at: location)
        }
        loading.append(key)
        defer { loading.removeLast() }
        try runScript(source, file: resolved)
    }

    private func save(_ what: Name, to path: String, at location: SourceLocation) throws(Diagnostic) {
        let text: String
        switch what.text {
        case "session":
            // Tables go beside the script as CSV files it reads back: session.gdscript → session.pts.csv.
            let stem = path.hasSuffix(".gdscript") ? String(path.dropLast(".gdscript".count)) : path
            var files: [String: String] = [:]
            for name in session.environment.tableOrder {
                let file = "\(stem).\(name).csv"
                do {
                    try ScriptFile.write(CSV.write(session.environment.tables[name]!), to: file)
                } catch {
                    throw Diagnostic(error.message, at: location)
                }
                files[name] = ScriptFile.baseName(file)
            }
            text = session.script(tableFiles: files)
        case _ where session.environment.tables[what.text] != nil:
            text = CSV.write(session.environment.tables[what.text]!)
        case "history", "sweep":
            guard let format = Export.format(of: path) else {
                throw Diagnostic("cannot tell the format of '\(path)'", at: location, help: "name the file .csv or .json")
            }
            if what.text == "history" {
                guard let last = session.lastRun else {
                    throw Diagnostic("no run to save", at: what.location, help: "start one with: run f from x=1")
                }
                text = Export.history(RunReport(of: last.name, last.descent), last.descent.history.iterates, format)
            } else {
                guard let sweep = session.lastSweep else {
                    throw Diagnostic("no sweep to save", at: what.location, help: "run one first: sweep f from x=1 eta=0.01..1")
                }
                text = Export.sweep(sweep, format)
            }
        default:
            throw Diagnostic("cannot save '\(what.text)'", at: what.location,
                             help: "save session FILE.gdscript, save history to FILE.csv, or save sweep to FILE.csv")
        }
        do {
            try ScriptFile.write(text, to: path)
        } catch {
            throw Diagnostic(error.message, at: location)
        }
        write(.saved(what: what.text, path: path))
    }

    /// The lines of a source, for quoting; "\r\n" is one Character in Swift, so it is split on explicitly.
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }

    /// Writes an error: a JSON line on the output stream with `--json`, else the rendered text on the error stream.
    public func report(_ diagnostic: Diagnostic) {
        progressLine?.finish()
        if json {
            console.output(JSONRenderer.error(diagnostic).serialized)
        } else {
            let lines = sources[diagnostic.location.file]
            let index = diagnostic.location.line - 1
            let line = lines.flatMap { index >= 0 && index < $0.count ? String($0[index]) : nil }
            console.error(DiagnosticRenderer.render(diagnostic, sourceLine: line, colour: colour))
        }
    }
}

extension Statement {
    /// Whether the statement reads or writes a file.
    var touchesFiles: Bool {
        switch kind {
        case .load, .save, .data(_, .csv): return true
        case .plot(let p): return p.path != nil
        default: return false
        }
    }
}
