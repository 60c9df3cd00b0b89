import GDLang
import GDProgram
import GDRender
import GDOptim

/// `step [N]`: continues the last run.
struct StepStatement: StatementDeclaration {
    static let name = "step"
    static let rank = 6.0
    static let help = StatementHelp(syntax: "step [N]", summary: "continue the last run by N updates (1 by default), printing each iterate (a long continuation shows its first and last \(TraceStatement.shownAtEachEnd))",
                                    example: "step 5")
    static let completion = StatementCompletion.expression

    var count: Expr?

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> StepStatement {
        StepStatement(count: parser.atEndOfStatement ? nil : try parser.expression())
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let location = context.location
        guard var last = context.session.lastRun else { throw context.session.noRun(at: location, statement: "step") }
        var n = 1
        if let count {
            let v = try SettingReader(environment: context.session.environment).number(count, at: location)
            guard v == v.rounded(), v >= 1, v < 9.2e18 else {
                throw Diagnostic("step takes a whole number of updates, at least 1, not \(NumberFormat.shortest(v))",
                                 at: location)
            }
            n = Int(v)
        }
        if last.descent.stop == .diverged {
            throw Diagnostic("the last run of \(last.name) diverged, so it cannot continue", at: location,
                             help: "start a new run with a smaller eta")
        }
        let startK = last.descent.history.last?.k ?? 0
        last.descent.step(n, keep: 0, interrupted: context.session.interrupted, progress: { [progress = context.session.progress] in progress(.run(step: $0, loss: $1)) })
        context.session.lastRun = last
        // The new iterates as the history keeps them, which is what `trace` shows of them.
        let history = last.descent.history
        var first = history.count
        while first > 0, history.ks[first - 1] > startK { first -= 1 }
        return [StepsReport(iterates: (first..<history.count).map(history.iterate), run: RunReport(of: last.name, last.descent))]
    }
}

/// `step`: the new iterates, then the run as it now stands.
struct StepsReport: Report {
    var iterates: [Iterate]
    var run: RunReport

    func text(_ r: TextRenderer) -> String {
        // A long continuation is cut as a long trace is.
        var text = TraceReport.table(r, run.parameters, iterates)
        if let shown = iterates.last, shown.k < run.final.k {
            text += "\n… \(run.final.k - shown.k) more updates not shown"
        }
        return text + "\n" + run.text(r)
    }

    var json: JSON { run.json }
}
