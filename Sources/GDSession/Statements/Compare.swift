import GDLang
import GDProgram
import GDRender
import GDOptim

/// `compare f from x=… methods=gd,adam`: several methods from one start, side by side.
struct CompareStatement: StatementDeclaration, FunctionFromStatement {
    static let name = "compare"
    static let rank = 9.0
    static let options: [OptionSpec] = [
        OptionSpec(name: "methods", kind: .list(Methods.names), defaultValue: "(required)", summary: "the methods to compare"),
        OptionSpec(name: "target", kind: .real, defaultValue: "off", summary: "count the steps each takes to reach L ≤ target"),
    ] + Options.run.filter { $0.name != "method" }
    static let help = StatementHelp(syntax: "compare NAME from p1=v1, … methods=M1,M2,… [OPTIONS]",
                                    summary: "several methods from one start, side by side",
                                    example: "compare f from x=-2.5 methods=gd,momentum,adam eta=0.01 steps=200", options: options)

    var function: Name
    var settings: [Setting]

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let statement = context.location
        let p = try context.session.prepare(function, settings, statement: statement, specs: Self.options, verb: "compare")
        let session = context.session
        let reader = SettingReader(environment: session.environment)
        guard let methodsSetting = p.options.first(where: { $0.name.text == "methods" }),
              case .names(let methods) = methodsSetting.value else {
            throw Diagnostic("compare needs the methods to compare", at: statement, help: "for example: methods=gd,momentum,adam")
        }
        let target = try p.options.first { $0.name.text == "target" }.map { s throws(Diagnostic) in try reader.real(s) }
        var runs: [(Int?, RunReport)] = []
        var histories: [(String, RunHistory)] = []
        var notRun: [String] = []
        for (i, method) in methods.enumerated() {
            session.progress(.runs(done: i, total: methods.count, step: nil))
            if session.interrupted() {
                notRun.append(method.text)
                continue
            }
            var given = p.options.filter { $0.name.text != "methods" && $0.name.text != "target" }
            given.append(Setting(Name("method", at: method.location), .names([method])))
            var s = try reader.resolve(given, defaults: session.defaults)
            s.bounds = p.bounds
            try session.batching(&s, p.objective, given, statement: statement)
            try session.checkPrecision(s, p.objective, given, statement: statement)
            let comparison = Comparison(objective: p.objective, start: p.start, settings: s, methods: [s.method],
                                        target: target, interrupted: session.interrupted,
                                        progress: { [progress = session.progress] in progress(.run(step: $0, loss: $1)) })
            for row in comparison.rows {
                runs.append((row.stepsToTarget, RunReport(of: p.f.name, row.descent)))
                histories.append((method.text, row.descent.history))
            }
        }
        let report = CompareReport(of: p.f.name, parameters: p.f.parameters, start: p.start, target: target, runs: runs,
                                   histories: histories, notRun: notRun)
        context.session.lastCompare = report
        return [report]
    }
}

struct CompareReport: Report {
    var of: String
    var parameters: [String]
    var start: [Double]
    var target: Double?
    var runs: [(stepsToTarget: Int?, run: RunReport)]
    /// Each method's history, for `plot compare`.
    var histories: [(method: String, history: RunHistory)]
    /// The methods an interruption kept from running.
    var notRun: [String] = []

    /// The runs' arithmetic (they share it).
    var precision: Precision { runs.first?.run.settings.precision ?? .f64 }

    /// Whether the user interrupted the comparison.
    var interrupted: Bool { !notRun.isEmpty || runs.contains { $0.run.stop == .interrupted } }

    func text(_ r: TextRenderer) -> String {
        let columns = r.pointColumns(parameters)
        var header = ["method"] + columns + ["L", "steps", "stop"]
        if target != nil { header.append("to target") }
        var table = TextTable(header, rightAligned: [false] + columns.map { _ in columns.count > 1 } + [true, true, false, true])
        table.colour = Colour(isEnabled: r.colour)
        for (toTarget, run) in runs {
            var row = [run.methodName] + r.pointCells(parameters, run.final.point) + [r.number(run.final.loss), String(run.final.k), run.stopShown]
            if target != nil { row.append(toTarget.map(String.init) ?? "—") }
            table.add(row)
        }
        let arithmetic = precision != .f64 ? " in \(precision.rawValue)" : ""
        var lines = ["compare on \(of) from \(r.point(parameters, start))\(arithmetic)", table.rendered(width: r.width)]
        if interrupted {
            lines.append("interrupted" + (notRun.isEmpty ? "" : ": \(notRun.joined(separator: ", ")) never ran"))
        }
        if let target {
            let reached = runs.compactMap { t, run in t.map { ($0, run.methodName) } }
            if let fastest = reached.min(by: { $0.0 < $1.0 }) {
                lines.append("fastest to L ≤ \(r.number(target)): \(fastest.1) in \(fastest.0) steps")
            } else {
                lines.append("none reached L ≤ \(r.number(target))")
            }
        }
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        .object([
            ("kind", .string("compare")), ("of", .string(of)), ("start", .point(parameters, start)),
            ("target", target.map(JSON.number) ?? .null),
            ("rows", .array(runs.map { toTarget, r in
                .object([("method", .string(r.methodName)), ("final", .point(r.parameters, r.final.point)),
                         ("loss", .number(r.final.loss)), ("grad_norm", .number(r.final.gradientNorm)),
                         ("steps", .number(Double(r.final.k))), ("stop", .string(r.stop.rawValue)),
                         ("steps_to_target", toTarget.map { .number(Double($0)) } ?? .null)]
                        + (r.diagnostics.stationaryKind.map { [("point_kind", JSON.string($0.rawValue))] } ?? []))
            })),
        ] + (interrupted ? [("interrupted", .bool(true)), ("not_run", .array(notRun.map(JSON.string)))] : [])
          + (precision != .f64 ? [("precision", .string(precision.rawValue))] : []))
    }
}
