import GDLang
import GDProgram
import GDOptim
import GDRender

/// `trace [RUN] [N | A..B]`: a run's history, the last run's unless a kept run is named.
struct TraceStatement: StatementDeclaration {
    static let name = "trace"
    static let rank = 7.0
    static let help = StatementHelp(syntax: "trace [RUN] [N | FIRST..LAST]",
                                    summary: "print a run's history: k, the point, L, ‖∇L‖; the last run's or one kept with as; the first N iterates or those with k in FIRST..LAST; a long history shows its first and last \(shownAtEachEnd) rows",
                                    example: "trace 1000..1100")
    static let completion = StatementCompletion.nothing
    /// How many rows a text trace shows at each end of a history too long to show whole.
    static let shownAtEachEnd = 50

    /// A kept run, or the last run.
    var run: Name?
    /// `trace N`: the first N iterates; `trace A..B`: those with A ≤ k ≤ B.
    var count: Expr?
    var range: (Expr, Expr)?

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> TraceStatement {
        var statement = TraceStatement()
        if case .identifier = parser.current.kind, parser.peek(1).kind != .leftParen {
            statement.run = try parser.expectName("expected a run name")
        }
        if !parser.atEndOfStatement {
            let first = try parser.expression()
            if parser.match(.dotDot) {
                statement.range = (first, try parser.expression())
            } else {
                statement.count = first
            }
        }
        return statement
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let session = context.session
        let traced: (name: String, descent: Descent)
        if let run {
            guard let kept = session.keptRuns[run.text] else {
                throw Diagnostic("no run kept as '\(run.text)'", at: run.location,
                                 help: Suggestion.closest(to: run.text, among: Array(session.keptRuns.keys)).map { "did you mean '\($0)'?" }
                                    ?? "keep a run with: run f from x=1 as \(run.text)")
            }
            traced = kept
        } else {
            guard let last = session.lastRun else { throw session.noRun(at: context.location, statement: "trace") }
            traced = last
        }
        var iterates = traced.descent.history.iterates
        var selected = false
        let reader = SettingReader(environment: session.environment)
        if let count {
            let n = try wholeNumber(count, reader, at: context.location)
            iterates = Array(iterates.prefix(n))
            selected = true
        } else if let range {
            let low = try wholeNumber(range.0, reader, at: context.location)
            let high = try wholeNumber(range.1, reader, at: context.location)
            guard low <= high else {
                throw Diagnostic("the range of k must be increasing, not \(low)..\(high)", at: context.location)
            }
            let last = traced.descent.history.iterates.last?.k ?? 0
            guard low <= last else {
                throw Diagnostic("the run of \(traced.name) has only \(last) \(last == 1 ? "step" : "steps"), so no iterate has k in \(low)..\(high)",
                                 at: context.location, help: "k goes from 0 to \(last): trace 0..\(last) shows them all")
            }
            iterates = iterates.filter { $0.k >= low && $0.k <= high }
            selected = true
        }
        return [TraceReport(run: RunReport(of: traced.name, traced.descent), iterates: iterates, selected: selected,
                            allRows: TraceReport.allRows(of: traced.descent))]
    }

    private func wholeNumber(_ e: Expr, _ reader: SettingReader, at location: SourceLocation) throws(Diagnostic) -> Int {
        let v = try reader.number(e, at: location)
        guard v == v.rounded(), v >= 0, v < 9.2e18 else {
            throw Diagnostic("trace takes whole numbers of iterates, at least 0, not \(NumberFormat.shortest(v))", at: location)
        }
        return Int(v)
    }
}

struct TraceReport: Report {
    var run: RunReport
    var iterates: [Iterate]
    /// Whether the user chose the iterates (a count or a range), which are then shown whole.
    var selected = false
    /// For a mini-batch run, the loss over all rows where it was measured (the start and each epoch's end), by k;
    /// the iterates' own L is then the batch's.
    var allRows: [Int: Double]?

    /// An iterate's batch loss and loss over all rows, each where it is known, for a mini-batch run: its own L is the
    /// batch's, except at the run's last iterate, which is measured on all rows; nil for a full-batch run.
    var losses: ((Iterate) -> (batch: Double?, allRows: Double?))? {
        guard let allRows else { return nil }
        let last = run.final.k
        return { it in (it.k == last ? nil : it.loss, allRows[it.k] ?? (it.k == last ? it.loss : nil)) }
    }

    /// A mini-batch run's loss over all rows by k; nil for a full-batch run.
    static func allRows(of descent: Descent) -> [Int: Double]? {
        let h = descent.history
        guard !h.fullLossKs.isEmpty else { return nil }
        return Dictionary(zip(h.fullLossKs, h.fullLosses), uniquingKeysWith: { _, last in last })
    }

    func text(_ r: TextRenderer) -> String {
        selected ? r.iterateTable(run.parameters, iterates, losses: losses)
            : Self.table(r, run.parameters, iterates, losses: losses)
    }

    /// The iterates as a table, or, when there are too many to read, the first and last `shownAtEachEnd` with a line
    /// saying how many are left out and which `trace` shows them: for `trace`, and for `step` with a large N.
    static func table(_ r: TextRenderer, _ parameters: [String], _ iterates: [Iterate],
                      losses: ((Iterate) -> (batch: Double?, allRows: Double?))? = nil) -> String {
        let end = TraceStatement.shownAtEachEnd
        // Leaving out a few rows would save nothing: a history is cut only where 20 or more would go.
        guard iterates.count >= 2 * end + 20 else { return r.iterateTable(parameters, iterates, losses: losses) }
        let head = Array(iterates.prefix(end)), tail = Array(iterates.suffix(end))
        let left = iterates.count - 2 * end
        let table = r.iterateTable(parameters, head + tail, losses: losses).split(separator: "\n", omittingEmptySubsequences: false)
        let lines = table.prefix(end + 1) + ["… \(left) iterates not shown (trace \(head.last!.k + 1)..\(tail.first!.k - 1) shows them)"]
            + table.suffix(end)
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        .object([
            ("kind", .string("trace")), ("of", .string(run.of)),
            ("iterates", .array(iterates.map { it -> JSON in
                var fields: [(String, JSON)] = [("k", .number(Double(it.k))), ("point", .point(run.parameters, it.point)),
                                                ("loss", .number(it.loss)), ("grad_norm", .number(it.gradientNorm)), ("eta", .number(it.eta))]
                if let losses {
                    // `loss` mixes the two: each named for what it is, null where it was not measured.
                    let (batch, allRows) = losses(it)
                    fields += [("batch_loss", batch.map(JSON.number) ?? .null), ("full_loss", allRows.map(JSON.number) ?? .null)]
                }
                return .object(fields)
            })),
        ])
    }
}
