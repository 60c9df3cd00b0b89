import GDLang
import GDProgram
import GDRender

/// `time STATEMENT`: the statement, then how long it took, as `%time` and `@time` say it.
struct TimeStatement: StatementDeclaration {
    static let name = "time"
    static let rank = 17.5
    static let help = StatementHelp(syntax: "time STATEMENT", summary: "carry out the statement, then print the wall-clock time it took",
                                    example: "time sweep f from x=2 eta=0.001..0.1 count=50")
    static let completion = StatementCompletion.nothing

    var statement: Statement
    var touchesFiles: Bool { Statements.touchesFiles(statement) }

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> TimeStatement {
        if parser.atEndOfStatement {
            throw parser.error("expected a statement to time after 'time'", help: "for example: time run f from x=1")
        }
        return TimeStatement(statement: try parser.nestedStatement())
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let clock = ContinuousClock()
        let start = clock.now
        var reports = try Statements.reports(of: statement, &context)
        let elapsed = clock.now - start
        reports.append(TimeReport(seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
        return reports
    }
}

/// How long a statement took.
struct TimeReport: Report {
    var seconds: Double

    func text(_ r: TextRenderer) -> String {
        let shown = seconds < 1e-3 ? "\(NumberFormat.significant(seconds * 1e6, digits: 3)) µs"
            : seconds < 1 ? "\(NumberFormat.significant(seconds * 1e3, digits: 3)) ms" : "\(NumberFormat.significant(seconds, digits: 3)) s"
        return "time: \(shown) (wall clock)"
    }

    var json: JSON { .object([("kind", .string("time")), ("seconds", .number(seconds))]) }
}
