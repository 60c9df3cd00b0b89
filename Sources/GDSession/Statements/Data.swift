import GDLang
import GDProgram
import GDRender
import GDOptim

/// `data NAME = csv("file.csv")` or `data NAME = synth linear n=… w=…`: a table of numbers.
struct DataStatement: StatementDeclaration {
    static let name = "data"
    static let rank = 12.0
    /// The settings of every kind of `synth`, each once.
    static let synthOptions: [OptionSpec] = SyntheticData.kinds.flatMap(\.options).reduce(into: []) { all, o in
        if !all.contains(where: { $0.name == o.name }) { all.append(o) }
    }
    static let help = StatementHelp(syntax: "data NAME = csv(\"FILE.csv\") | data NAME = synth linear n=N w=W1,W2,… noise=S seed=K | data NAME = synth clouds n=N d=D sep=S seed=K",
                                    summary: "a table of numbers; its columns are names inside mean(NAME, …) and sum(NAME, …)",
                                    example: "data pts = csv(\"points.csv\")", options: synthOptions)
    static let completion = StatementCompletion.nothing

    /// Where a table's data comes from.
    enum Source: Sendable {
        case csv(path: String, SourceLocation)
        /// A made-up data set: its kind (`linear`) and settings.
        case synth(Name, [Setting])
    }

    var table: Name
    var source: Source
    var touchesFiles: Bool {
        switch source {
        case .csv: return true
        case .synth: return false
        }
    }

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> DataStatement {
        let name = try parser.expectName("expected a name for the table", help: "for example: data pts = csv(\"points.csv\")")
        _ = try parser.expect(.equals, "expected '=' after the table name", help: "for example: data \(name.text) = csv(\"points.csv\")")
        let source = try parser.expectName("expected csv(…) or synth after '='", help: "for example: data \(name.text) = csv(\"points.csv\")")
        switch source.text {
        case "csv":
            _ = try parser.expect(.leftParen, "expected '(' after csv", help: "for example: csv(\"points.csv\")")
            guard case .string(let path) = parser.current.kind, !path.isEmpty else {
                throw parser.error("expected a file name in csv(…)", help: "for example: csv(\"points.csv\")")
            }
            let at = parser.advance().location
            _ = try parser.expect(.rightParen, "expected ')' after the file name")
            return DataStatement(table: name, source: .csv(path: path, at))
        case "synth":
            let kind = try parser.expectName("expected the kind of data after synth", help: "for example: synth linear n=500 w=2,-1")
            return DataStatement(table: name, source: .synth(kind, try parser.settings()))
        default:
            throw Diagnostic("unknown data source '\(source.text)'", at: source.location,
                             help: "use csv(\"file.csv\") or synth linear n=… w=…")
        }
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let made: DataTable
        switch source {
        case .csv(let path, let location):
            let file = try context.host.read(path, at: location)
            made = try CSV.parse(file.text, name: table.text, file: file.path)
        case .synth(let kind, let settings):
            var random = context.session.random
            made = try synthesize(table, kind, settings, in: context.session.environment, random: &random)
            try context.session.define(made, at: table)
            // The session's stream goes on from where the table's draws left it, as NumPy's does.
            context.session.random = random
            return [TableReport(table: made)]
        }
        try context.session.define(made, at: table)
        return [TableReport(table: made)]
    }

    private func synthesize(_ name: Name, _ kind: Name, _ settings: [Setting], in environment: Environment,
                            random: inout NumPyRandom) throws(Diagnostic) -> DataTable {
        guard let made = SyntheticData.kinds.first(where: { $0.name == kind.text }) else {
            let names = SyntheticData.kinds.map(\.name)
            throw Diagnostic("unknown synthetic data '\(kind.text)'", at: kind.location,
                             help: Suggestion.closest(to: kind.text, among: names).map { "did you mean '\($0)'?" }
                                ?? SyntheticData.kinds.map(\.example).joined(separator: ", or "))
        }
        let reader = SettingReader(environment: environment)
        try reader.validate(settings, against: made.options, statement: "synth \(made.name)", numberLists: true)
        return try made.make(name.text, settings, reader, kind, &random)
    }
}

/// A table: its size and first rows (after `data` and `show NAME`).
struct TableReport: Report {
    var table: DataTable

    func text(_ r: TextRenderer) -> String {
        let t = table
        var rows = TextTable(t.columns)
        rows.colour = Colour(isEnabled: r.colour)
        for i in 0..<min(5, t.rowCount) { rows.add(t.values.map { r.number($0[i]) }) }
        let more = t.rowCount > 5 ? "\n… \(t.rowCount - 5) more rows" : ""
        return "table \(t.name): \(t.rowCount) row\(t.rowCount == 1 ? "" : "s") × \(t.columns.count) columns\n" + rows.rendered(width: r.width) + more
    }

    var json: JSON {
        let t = table
        return .object([("kind", .string("data")), ("name", .string(t.name)), ("rows", .number(Double(t.rowCount))),
                        ("columns", .array(t.columns.map(JSON.string))),
                        ("head", .array((0..<min(5, t.rowCount)).map { r in .numbers(t.values.map { $0[r] }) }))])
    }
}
