import GDLang
import GDProgram
import GDRender
import GDOptim

/// `multistart f from x=a..b count=n`: runs from many starts, grouped by the stationary point each found.
struct MultistartStatement: StatementDeclaration, FunctionFromStatement {
    static let name = "multistart"
    static let rank = 10.0
    static let options: [OptionSpec] = [
        OptionSpec(name: "count", kind: .count(minimum: 1), defaultValue: "20", summary: "how many starts"),
        OptionSpec(name: "seed", kind: .count(minimum: 0), defaultValue: "off",
                   summary: "draw the starts at random with this seed instead of evenly"),
    ] + Options.descent + Options.hyperparameters
    static let help = StatementHelp(syntax: "multistart NAME from p1=LOW..HIGH, … [OPTIONS]",
                                    summary: "runs from many starts, grouped by the stationary point each found",
                                    example: "multistart f from x=-3..3 count=50 seed=1 eta=0.1 steps=100", options: options)

    var function: Name
    var settings: [Setting]

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let session = context.session
        let (f, term) = try session.descentFunction(function)
        let reader = SettingReader(environment: session.environment)
        // Each parameter is given as a range of starts (or a single value); the rest are options.
        var low: [Double] = [], high: [Double] = []
        var pointSettings: [Setting] = []
        let settings = try Session.componentSettings(f, settings)
        for s in settings {
            if f.parameters.contains(s.name.text), case .range = s.value {
                pointSettings.append(Setting(s.name, .number(.number(0))))
            } else {
                pointSettings.append(s)
            }
        }
        let (_, options, bounds) = try session.point(for: f, in: pointSettings, statement: context.location,
                                                     optionNames: Self.options.map(\.name))
        for p in f.parameters {
            let s = settings.first { $0.name.text == p }!
            if case .range = s.value {
                let (a, b) = try reader.range(s)
                guard b >= a else {
                    throw Diagnostic("the range of \(p) must be increasing, not \(NumberFormat.shortest(a))..\(NumberFormat.shortest(b))",
                                     at: s.name.location)
                }
                low.append(a)
                high.append(b)
            } else {
                let v = try reader.real(s)
                low.append(v)
                high.append(v)
            }
        }
        guard zip(low, high).contains(where: { $0 != $1 }) else {
            // Every start would be the same point: one run, counted `count` times, would say nothing.
            let given = settings.first { f.parameters.contains($0.name.text) }?.name.location ?? context.location
            throw Diagnostic("multistart needs a range of starts for at least one parameter of \(f.name)", at: given,
                             help: "for example: multistart \(f.name) from \(f.parameters[0])=-3..3 count=20; for one start, use run")
        }
        try reader.validate(options, against: Self.options, statement: "multistart")
        var count = 20
        var seed: UInt64?
        for s in options {
            switch s.name.text {
            case "count": count = try reader.count(s, minimum: 1)
            case "seed": seed = try reader.seed(s)
            default: continue
            }
        }
        guard count <= 100_000 else {
            throw Diagnostic("count must be at most 100000", at: options.first { $0.name.text == "count" }!.name.location)
        }
        var s = try reader.resolve(options.filter { $0.name.text != "count" && $0.name.text != "seed" }, defaults: session.defaults)
        s.bounds = bounds
        let objective = try session.objective(f, term)
        try session.checkPrecision(s, objective, options, statement: context.location)
        // Too few starts for a grid with two values of every ranged number (a vector's many components): drawn at
        // random from the session's stream instead, which the report says (after every check, so that a refused
        // statement leaves the stream as it was).
        let drawn = seed == nil && !Multistart.gridSpansEveryRange(low: low, high: high, count: count)
        let starts = drawn ? Multistart.starts(low: low, high: high, count: count, drawingFrom: &context.session.random)
            : Multistart.starts(low: low, high: high, count: count, random: seed)
        let multistart = Multistart(objective: objective, starts: starts, settings: s,
                                    interrupted: session.interrupted, progress: session.progress)
        let report = MultistartReport(of: f.name, parameters: f.parameters, multistart: multistart, precision: s.precision,
                                      drawn: drawn ? zip(low, high).filter { $0 < $1 }.count : nil)
        context.session.lastMultistart = report
        return [report]
    }
}

struct MultistartReport: Report {
    var of: String
    var parameters: [String]
    var multistart: Multistart
    /// The runs' arithmetic, which the report names when it is not the default.
    var precision: Precision = .f64
    /// Where the starts were drawn at random for want of a grid: how many numbers were ranged.
    var drawn: Int? = nil

    func text(_ r: TextRenderer) -> String {
        let ms = multistart
        let columns = r.pointColumns(parameters)
        var table = TextTable(columns + ["L", "kind", "runs"], rightAligned: columns.map { _ in columns.count > 1 } + [true, false, true])
        table.colour = Colour(isEnabled: r.colour)
        for g in ms.groups {
            table.add(r.pointCells(parameters, g.point) + [r.number(g.loss), g.kind.rawValue, String(g.count)])
        }
        // Where the runs ended, counted truly: the diverged ones ended nowhere, and a run that did not converge
        // ended at a point that is not a stationary one.
        let stationary = ms.groups.filter { $0.kind != .notConverged }
        let unconverged = ms.groups.filter { $0.kind == .notConverged }.reduce(0) { $0 + $1.count }
        let ended = stationary.reduce(0) { $0 + $1.count }
        var header = "multistart \(of)\(precision != .f64 ? " in \(precision.rawValue)" : ""): \(ms.runs) run\(ms.runs == 1 ? "" : "s")"
        if ended > 0 { header += ", \(ended) ended at \(stationary.count) stationary point\(stationary.count == 1 ? "" : "s")" }
        if unconverged > 0 { header += ", \(unconverged) did not converge" }
        if !ms.diverged.isEmpty { header += ", \(ms.diverged.count) diverged" }
        var lines = [header]
        if let drawn {
            let count = ms.runs + ms.diverged.count + ms.interrupted
            lines.append("note: \(count) start\(count == 1 ? "" : "s") cannot make a grid with two values of each of the \(drawn) numbers ranged, "
                         + "so they were drawn at random from the session's stream (set seed=… first to repeat them, or give seed=…)")
        }
        // A header over no rows says nothing.
        if !ms.groups.isEmpty { lines.append(table.rendered(width: r.width)) }
        if ms.interrupted > 0 {
            lines.append("interrupted: \(ms.interrupted) of \(ms.runs + ms.diverged.count + ms.interrupted) runs did not finish, and are left out")
        }
        let stuck = ms.groups.filter { $0.kind == .maximum || $0.kind == .saddle }
        for g in stuck {
            let starts = g.starts.prefix(3).map { r.point(parameters, $0) }.joined(separator: "; ")
            lines.append("stuck on a \(g.kind.rawValue): \(g.count) run\(g.count == 1 ? "" : "s") (from \(starts)\(g.starts.count > 3 ? "; …" : ""))")
        }
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        let ms = multistart
        return .object([
            ("kind", .string("multistart")), ("of", .string(of)), ("runs", .number(Double(ms.runs))),
            ("groups", .array(ms.groups.map { g in
                .object([("point", .point(parameters, g.point)), ("loss", .number(g.loss)), ("kind", .string(g.kind.rawValue)),
                         ("count", .number(Double(g.count))), ("starts", .array(g.starts.map { .point(parameters, $0) }))])
            })),
            ("diverged", .number(Double(ms.diverged.count))),
            ("stuck", .number(Double(ms.groups.filter { $0.kind == .maximum || $0.kind == .saddle }.reduce(0) { $0 + $1.count }))),
        ] + (ms.interrupted > 0 ? [("interrupted", .bool(true)), ("unfinished", .number(Double(ms.interrupted)))] : [])
          + (precision != .f64 ? [("precision", .string(precision.rawValue))] : [])
          + (drawn != nil ? [("starts_drawn", .string("random"))] : []))
    }
}
