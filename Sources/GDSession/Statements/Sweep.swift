import GDLang
import GDProgram
import GDRender
import GDOptim

/// `sweep f from x=… eta=a..b`: one run per value of a setting, timed to reach a target.
struct SweepStatement: StatementDeclaration, FunctionFromStatement {
    static let name = "sweep"
    static let rank = 8.0
    static let options: [OptionSpec] = [
        OptionSpec(name: "count", kind: .count(minimum: 1), defaultValue: "20", summary: "how many values to try"),
        OptionSpec(name: "target", kind: .real, defaultValue: "1e-6", summary: "a run succeeds once L ≤ target"),
        OptionSpec(name: "log", kind: .flag, defaultValue: "off", summary: "space the values evenly in log"),
    ] + Options.run.filter { $0.name != "tol_loss" }
    static let help = StatementHelp(syntax: "sweep NAME from p1=v1, … OPTION=LOW..HIGH [OPTIONS]",
                                    summary: "one run per value of an option (η by default), timed to reach L ≤ target",
                                    example: "sweep f from x=5 eta=0.001..1.99 count=50 target=1e-5 steps=1000 log", options: options)

    var function: Name
    var settings: [Setting]

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let statement = context.location
        let p = try context.session.prepare(function, settings, statement: statement, specs: Self.options, verb: "sweep", ranges: true)
        let session = context.session
        let reader = SettingReader(environment: session.environment)
        let ranged = p.options.filter { if case .range = $0.value { true } else { false } }
        guard let swept = ranged.first else {
            throw Diagnostic("sweep needs a range of values to try", at: statement,
                             help: "for example: eta=0.001..1 count=20")
        }
        if ranged.count > 1 {
            throw Diagnostic("sweep varies one setting at a time, but '\(swept.name.text)' and '\(ranged[1].name.text)' are both ranges",
                             at: ranged[1].name.location)
        }
        let (low, high) = try reader.range(swept)
        var count = 20
        var target = 1e-6
        var logarithmic = false
        for s in p.options {
            switch s.name.text {
            case "count": count = try reader.count(s, minimum: 1)
            case "target": target = try reader.real(s)
            case "log": logarithmic = true
            default: continue
            }
        }
        guard high >= low, !logarithmic || low > 0 else {
            throw Diagnostic("the range of \(swept.name.text) must be increasing\(logarithmic ? " and positive for log spacing" : ""), not \(NumberFormat.shortest(low))..\(NumberFormat.shortest(high))",
                             at: swept.name.location)
        }
        guard count <= 1_000_000 else {
            throw Diagnostic("count must be at most 1000000", at: p.options.first { $0.name.text == "count" }!.name.location)
        }
        // Time to target is the measure, so the gradient tolerance is off unless given.
        var base = session.defaults
        base.settings.tolGrad = nil
        var runs: [(value: Double, settings: DescentSettings)] = []
        // A whole-number option (steps, every, patience, …) is swept over whole numbers.
        let sweptKind = Self.options.first { $0.name == swept.name.text }?.kind
        var whole = false
        if case .count? = sweptKind { whole = true }
        let others = p.options.filter { $0.name.text != swept.name.text }
        // Swept over η, which nothing else depends on, the settings read for one value serve the others with their η.
        var settingsForAnEta: DescentSettings?
        for raw in Sweep.values(from: low, to: high, count: count, logarithmic: logarithmic) {
            let value = whole ? raw.rounded() : raw
            let given = others + [Setting(swept.name, .number(.number(value)))]
            var s: DescentSettings
            if var settings = settingsForAnEta, value > 0 {
                settings.eta = value
                s = settings
            } else {
                s = try reader.resolve(given, defaults: base)
                if swept.name.text == "eta" { settingsForAnEta = s }
            }
            s.bounds = p.bounds
            try session.checkPrecision(s, p.objective, given, statement: statement)
            runs.append((value, s))
        }
        let sweep = Sweep(objective: p.objective, start: p.start, runs: runs, target: target, interrupted: session.interrupted,
                          progress: session.progress)
        var stationary = StationaryPoints(p.objective)
        let kinds = sweep.rows.map { stationary.kind(at: $0.point, stop: $0.stop, gradientNorm: $0.gradientNorm, bounds: p.bounds) }
        let report = SweepReport(of: p.f.name, parameters: p.f.parameters, start: p.start, swept: swept.name.text,
                                 logarithmic: logarithmic, target: target,
                                 cap: runs.map(\.settings.steps).max() ?? session.defaults.settings.steps, sweep: sweep, kinds: kinds,
                                 precision: runs.first?.settings.precision ?? .f64)
        context.session.lastSweep = report
        return [report]
    }
}

struct SweepReport: Report {
    var of: String
    var parameters: [String]
    var start: [Double]
    /// The setting varied: `eta` unless another option was given as a range.
    var swept: String
    /// Whether the values were spaced evenly in log.
    var logarithmic: Bool
    var target: Double
    var cap: Int
    var sweep: Sweep
    /// For each row stopped where its gradient vanished, what the point is.
    var kinds: [Multistart.Kind?] = []
    /// The runs' arithmetic, which the report names when it is not the default.
    var precision: Precision = .f64

    /// The maximum, saddle or flat point row `i` stopped on, if it stopped on one.
    func stoppedOn(_ i: Int) -> Multistart.Kind? {
        guard i < kinds.count, let kind = kinds[i], kind.isNotAMinimum else { return nil }
        return kind
    }

    func text(_ r: TextRenderer) -> String {
        let name = swept == "eta" ? "η" : swept
        var table = TextTable([name, "steps", "reached", "final L"], rightAligned: [true, true, false, true])
        table.colour = Colour(isEnabled: r.colour)
        for (i, row) in sweep.rows.enumerated() {
            let neverRan = row.stop == .interrupted && row.steps == 0
            let steps = row.reached ? String(row.steps) : (row.stop == .diverged || neverRan ? "—" : "> \(row.steps)")
            var outcome = row.reached ? "yes" : (row.stop == .diverged ? "diverged at \(row.steps)" : "no")
            if row.stop == .interrupted { outcome = neverRan ? "never ran (interrupted)" : "interrupted at \(row.steps)" }
            if let kind = stoppedOn(i) { outcome += ", stopped on a \(kind == .flat ? "flat point" : kind.rawValue)" }
            table.add([r.number(row.value), steps, outcome, r.number(row.finalLoss)])
        }
        let caps = Set(sweep.rows.map(\.cap))
        let limit = caps.count == 1 ? ", at most \(cap)" : ""
        let arithmetic = precision != .f64 ? " in \(precision.rawValue)" : ""
        var lines = ["sweep \(of) from \(r.point(parameters, start))\(arithmetic): steps to L ≤ \(r.number(target))\(limit)",
                     table.rendered(width: r.width)]
        let unfinished = sweep.rows.filter { $0.stop == .interrupted }.count
        if unfinished > 0 {
            lines.append("interrupted: \(sweep.rows.count - unfinished) of \(sweep.rows.count) values finished")
        }
        if let best = sweep.best {
            lines.append("best \(name) = \(r.number(best.value)): \(best.steps) step\(best.steps == 1 ? "" : "s")\(unfinished > 0 ? " (of those that finished)" : "")")
        } else {
            lines.append("no \(unfinished > 0 ? "finished " : "")\(name) reached L ≤ \(r.number(target))\(caps.count == 1 ? " within \(cap) steps" : "")")
        }
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        let best: JSON = sweep.best.map {
            .object([("eta", .number($0.eta)), ("steps", .number(Double($0.steps))), ("value", .number($0.value))])
        } ?? .null
        return .object([
            ("kind", .string("sweep")), ("of", .string(of)),
            ("rows", .array(sweep.rows.indices.map { i in
                let row = sweep.rows[i]
                var fields: [(String, JSON)] = [("eta", .number(row.eta)), ("steps", .number(Double(row.steps))), ("reached", .bool(row.reached)),
                                                ("final_loss", .number(row.finalLoss)), ("stop", .string(row.stop.rawValue)), ("value", .number(row.value))]
                if i < kinds.count, let kind = kinds[i] { fields.append(("point_kind", .string(kind.rawValue))) }
                return .object(fields)
            })),
            ("best", best), ("target", .number(target)), ("swept", .string(swept)),
        ] + (sweep.rows.contains { $0.stop == .interrupted } ? [("interrupted", .bool(true))] : [])
          + (precision != .f64 ? [("precision", .string(precision.rawValue))] : []))
    }
}
