import GDLang
import GDProgram
import GDRender

/// `save session FILE`, `save history to FILE`, `save sweep to FILE`, `save TABLE to FILE`.
struct SaveStatement: StatementDeclaration {
    static let name = "save"
    static let rank = 16.0
    static let help = StatementHelp(syntax: "save session FILE | save history|RUN|sweep|compare|multistart|grid|TABLE to FILE.csv|.json",
                                    summary: "write the session as a script, or the last run's iterates (or a kept run's), or the rows of the last sweep, compare, multistart or grid (.csv or .json)",
                                    example: "save history to run.csv")
    static let completion = StatementCompletion.custom(complete)

    /// What can be saved besides tables and kept runs.
    static let saved = ["history", "sweep", "compare", "multistart", "grid"]

    /// What can be saved, then `to` before the file.
    private static func complete(_ c: CompletionContext) -> [String] {
        switch c.tokens.count {
        case 1: return (["session"] + saved + c.environment.tableOrder).map { $0 + " " }
        case 2 where c.tokens[1] != .word("session") && c.separated: return ["to "]
        default: return []
        }
    }

    var what: Name
    var path: String
    /// Where the path stands: errors about the file point there.
    var pathLocation: SourceLocation
    static func takesPath(after words: [String]) -> Bool { words == ["session"] || (words.count == 2 && words[1] == "to") }
    var touchesFiles: Bool { true }

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> SaveStatement {
        let what = try parser.expectName("expected what to save", help: "for example: save session mysession.gdscript")
        if what.text != "session" {
            guard parser.isWord("to") else {
                if case .string(let path) = parser.current.kind {
                    let written = path.contains(" ") ? "\"\(path)\"" : path
                    throw parser.error("expected 'to' before the file name", help: "save \(what.text) to \(written)")
                }
                throw parser.error("expected 'to' and a file name", help: "for example: save \(what.text) to \(what.text).csv")
            }
            _ = parser.advance()
        }
        let (path, at) = try parser.path(after: what.text, example: "save session mysession.gdscript")
        return SaveStatement(what: what, path: path, pathLocation: at)
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let session = context.session
        let location = pathLocation
        let text: String
        switch what.text {
        case "session":
            // Tables go beside the script as CSV files it reads back: session.gdscript → session.pts.csv.
            let stem = path.hasSuffix(".gdscript") ? String(path.dropLast(".gdscript".count)) : path
            var files: [String: String] = [:]
            for name in session.environment.tableOrder {
                let file = "\(stem).\(name).csv"
                try context.host.write(CSV.write(session.environment.tables[name]!), to: file, at: location)
                files[name] = SourceFile.baseName(file)
            }
            text = session.script(tableFiles: files)
        case _ where session.environment.tables[what.text] != nil:
            text = CSV.write(session.environment.tables[what.text]!)
        case _ where Self.saved.contains(what.text) || session.keptRuns[what.text] != nil:
            guard let format = Export.format(of: path) else {
                throw Diagnostic("cannot tell the format of '\(path)'", at: location, help: "name the file .csv or .json")
            }
            func none(_ what: String, _ example: String) -> Diagnostic {
                Diagnostic("no \(what) to save", at: self.what.location, help: "run one first: \(example)")
            }
            switch what.text {
            case "history":
                guard let last = session.lastRun else {
                    throw Diagnostic("no run to save", at: what.location, help: "start one with: run f from x=1")
                }
                text = Export.history(of: last.name, last.descent, format)
            case "sweep":
                guard let sweep = session.lastSweep else { throw none("sweep", "sweep f from x=1 eta=0.01..1") }
                text = Export.sweep(sweep, format)
            case "compare":
                guard let c = session.lastCompare else { throw none("compare", "compare f from x=1 methods=gd,adam") }
                text = Export.compare(c, format)
            case "multistart":
                guard let m = session.lastMultistart else { throw none("multistart", "multistart f from x=-3..3") }
                text = Export.multistart(m, format)
            case "grid":
                guard let g = session.lastGrid else { throw none("grid", "grid f from x=-3..3 eta=0.01..1") }
                text = Export.grid(g, format)
            default:
                let kept = session.keptRuns[what.text]!
                text = Export.history(of: kept.name, kept.descent, format)
            }
        default:
            throw Diagnostic("cannot save '\(what.text)'", at: what.location,
                             help: Suggestion.closest(to: what.text, among: ["session"] + Self.saved + session.environment.tableOrder
                                                      + Array(session.keptRuns.keys)).map { "did you mean 'save \($0)'?" }
                                ?? "save session FILE.gdscript, save history|sweep|compare|multistart|grid to FILE.csv, a table, or a run kept with as")
        }
        try context.host.write(text, to: path, at: location)
        return [SavedReport(what: what.text, path: path)]
    }
}

/// A file was written by `save`.
struct SavedReport: Report {
    var what: String
    var path: String

    func text(_ r: TextRenderer) -> String { "saved \(what) to \(path)" }

    var json: JSON { .object([("kind", .string("saved")), ("what", .string(what)), ("path", .string(path))]) }
}
