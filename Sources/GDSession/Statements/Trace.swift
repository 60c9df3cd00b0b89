import GDLang
import GDRender
import GDOptim

/// `trace`: the last run's history.
struct TraceStatement: StatementDeclaration {
    static let name = "trace"
    static let rank = 7.0
    static let help = StatementHelp(syntax: "trace", summary: "print the last run's history: k, the point, L, ‖∇L‖", example: "trace")
    static let completion = StatementCompletion.nothing

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> TraceStatement {
        TraceStatement()
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        guard let last = context.session.lastRun else { throw context.session.noRun(at: context.location, statement: "trace") }
        return [TraceReport(run: RunReport(of: last.name, last.descent), iterates: last.descent.history.iterates)]
    }
}

struct TraceReport: Report {
    var run: RunReport
    var iterates: [Iterate]

    func text(_ r: TextRenderer) -> String { r.iterateTable(run.parameters, iterates) }

    var json: JSON {
        .object([
            ("kind", .string("trace")), ("of", .string(run.of)),
            ("iterates", .array(iterates.map { it in
                .object([("k", .number(Double(it.k))), ("point", .point(run.parameters, it.point)),
                         ("loss", .number(it.loss)), ("grad_norm", .number(it.gradientNorm)), ("eta", .number(it.eta))])
            })),
        ])
    }
}
