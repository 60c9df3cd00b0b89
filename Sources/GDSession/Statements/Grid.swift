import GDLang
import GDProgram
import GDRender
import GDOptim
import GDPlot

/// `grid f from x=a..b count=n eta=c..d count=m`: descent from every (start, η) pair, with any method and
/// schedule (`RunBatch`: in lanes where they can be): the basin-of-convergence map.
struct GridStatement: StatementDeclaration, FunctionFromStatement {
    static let name = "grid"
    static let rank = 11.0
    /// `count` and `log` after a range belong to that range.
    static let options: [OptionSpec] = [
        OptionSpec(name: "count", kind: .count(minimum: 1), defaultValue: "50", summary: "how many values in the range before it"),
        OptionSpec(name: "log", kind: .flag, defaultValue: "off", summary: "space the range before it evenly in log"),
    ] + Options.descent + Options.hyperparameters
    static let help = StatementHelp(syntax: "grid NAME from p=LOW..HIGH count=N eta=LOW..HIGH count=M [OPTIONS]",
                                    summary: "descent from every (start, η) pair: which converge and how fast (the basin map)",
                                    example: "grid f from x=-3..3 count=200 eta=0.001..1 count=200 steps=500", options: options)

    var function: Name
    var settings: [Setting]

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let session = context.session
        let statement = context.location
        let (f, term) = try session.descentFunction(function)
        let reader = SettingReader(environment: session.environment)
        struct Axis { var name: Name; var low: Double; var high: Double; var count = 50; var log = false }
        var axes: [Axis] = []
        var fixed: [String: Double] = [:]
        var options: [Setting] = []
        for s in settings {
            if case .range = s.value, let p = f.declared.first(where: { $0.name == s.name.text && !$0.sizes.isEmpty }) {
                throw Diagnostic("grid's starts range over one number, and '\(p.name)' holds \(p.count)", at: s.name.location,
                                 help: "use multistart for starts drawn over a vector: multistart \(f.name) from \(p.name)=-1..1")
            }
        }
        for s in try Session.componentSettings(f, settings) {
            switch (s.name.text, s.value) {
            case (_, .range):
                let (a, b) = try reader.range(s)
                guard b >= a else {
                    throw Diagnostic("the range of \(s.name.text) must be increasing, not \(NumberFormat.shortest(a))..\(NumberFormat.shortest(b))",
                                     at: s.name.location)
                }
                axes.append(Axis(name: s.name, low: a, high: b))
            case ("count", _) where !axes.isEmpty:
                let n = try reader.count(s, minimum: 1)
                guard n <= 4_000_000 else { throw Diagnostic("count must be at most 4000000", at: s.name.location) }
                axes[axes.count - 1].count = n
            case ("log", .flag) where !axes.isEmpty:
                guard axes[axes.count - 1].low > 0 else {
                    throw Diagnostic("log spacing needs a positive range", at: s.name.location)
                }
                axes[axes.count - 1].log = true
            case (let n, _) where f.parameters.contains(n):
                fixed[n] = try reader.real(s)
            default:
                options.append(s)
            }
        }
        try reader.validate(options, against: Self.options.filter { $0.name != "count" && $0.name != "log" }, statement: "grid")
        guard let etaAxis = axes.first(where: { $0.name.text == "eta" }) else {
            throw Diagnostic("grid needs a range of step sizes", at: statement, help: "for example: eta=0.001..1 count=50")
        }
        let startAxes = axes.filter { $0.name.text != "eta" }
        guard startAxes.count == 1, let startAxis = startAxes.first, f.parameters.contains(startAxis.name.text) else {
            throw Diagnostic("grid needs a range of starts for one parameter of \(f.name)", at: startAxes.dropFirst().first?.name.location ?? statement,
                             help: "for example: grid \(f.name) from \(f.parameters[0])=-3..3 count=50 eta=0.001..1 count=50")
        }
        if let missing = f.parameters.first(where: { $0 != startAxis.name.text && fixed[$0] == nil }) {
            throw Diagnostic("no value for '\(missing)', a parameter of \(f.name)", at: statement,
                             help: "give the other parameters single values: \(missing)=1")
        }
        guard startAxis.count * etaAxis.count <= 4_000_000 else {
            throw Diagnostic("a grid of \(startAxis.count) × \(etaAxis.count) runs is more than 4000000", at: statement)
        }
        let s = try reader.resolve(options, defaults: session.defaults)
        let starts = Sweep.values(from: startAxis.low, to: startAxis.high, count: startAxis.count, logarithmic: startAxis.log)
        guard etaAxis.low > 0 else { throw Diagnostic("eta must be positive", at: etaAxis.name.location) }
        let etas = Sweep.values(from: etaAxis.low, to: etaAxis.high, count: etaAxis.count, logarithmic: etaAxis.log)
        let index = f.parameters.firstIndex(of: startAxis.name.text)!
        let base = f.parameters.map { fixed[$0] ?? 0 }
        var runs: [(start: [Double], settings: DescentSettings)] = []
        for eta in etas {
            for x in starts {
                var p = base
                p[index] = x
                var settings = s
                settings.eta = eta
                runs.append((p, settings))
            }
        }
        let objective = try session.objective(f, term)
        try session.checkPrecision(s, objective, options, statement: statement)
        let all = RunBatch.outcomes(objective, runs: runs, interrupted: session.interrupted, progress: session.progress)
        let outcomes = (0..<etas.count).map { i in Array(all[i * starts.count..<(i + 1) * starts.count]) }
        var stationary = StationaryPoints(objective)
        let kinds = outcomes.map { row in row.map { stationary.kind(at: $0.point, stop: $0.stop, gradientNorm: $0.gradientNorm) } }
        let report = GridReport(of: f.name, parameter: startAxis.name.text, parameters: f.parameters, fixed: base, starts: starts,
                                etas: etas, outcomes: outcomes, kinds: kinds, cap: s.steps, settings: s)
        context.session.lastGrid = report
        return [report]
    }
}

struct GridReport: Report {
    var of: String
    /// The parameter whose start varies, and the values of the others.
    var parameter: String
    var parameters: [String]
    var fixed: [Double]
    var starts: [Double]
    var etas: [Double]
    /// outcomes[i][j]: the run with η = etas[i] from starts[j].
    var outcomes: [[RunOutcome]]
    /// kinds[i][j]: for a run stopped where its gradient vanished, what the point is.
    var kinds: [[Multistart.Kind?]]
    var cap: Int
    /// The runs' settings but η: their method, schedule and precision are named when not the default.
    var settings: DescentSettings

    /// Whether the run with η = etas[i] from starts[j] converged to a minimum: stopped by a tolerance, not on a
    /// maximum, a saddle or a flat point.
    func converged(_ i: Int, _ j: Int) -> Bool {
        outcomes[i][j].stop.isConvergence && stoppedOn(i, j) == nil
    }

    /// The maximum, saddle or flat point the run stopped on, if it stopped on one.
    func stoppedOn(_ i: Int, _ j: Int) -> Multistart.Kind? {
        guard let kind = kinds[i][j], kind.isNotAMinimum else { return nil }
        return kind
    }

    /// Every cell's indices, row by row.
    var cells: [(i: Int, j: Int)] { outcomes.indices.flatMap { i in outcomes[i].indices.map { (i, $0) } } }

    /// A character map of the grid: η down the side, the start along the bottom; the shade says how fast a run
    /// converged to a minimum (█ fastest quarter … ░ slowest), `^` that it stopped on a maximum, `s` on a saddle,
    /// `f` on a flat point, `·` that it ran out of steps, `×` that it diverged.
    func text(_ r: TextRenderer) -> String {
        let g = self
        let all = cells
        let reached = all.filter { converged($0.i, $0.j) }
        let stuck = all.filter { stoppedOn($0.i, $0.j) != nil }.count
        let diverged = all.filter { outcomes[$0.i][$0.j].stop == .diverged }.count
        let unfinished = all.filter { outcomes[$0.i][$0.j].stop == .interrupted }.count
        let stalled = all.filter { outcomes[$0.i][$0.j].stop == .tolDloss }.count
        var summary = "converged \(reached.count) of \(all.count), diverged \(diverged), out of steps \(all.count - reached.count - stuck - diverged - unfinished - stalled)"
        if stuck > 0 { summary += ", stopped on a maximum, saddle or flat point \(stuck)" }
        if stalled > 0 { summary += ", stalled (tol_dloss) \(stalled)" }
        if unfinished > 0 { summary += "; interrupted before \(unfinished) finished (?)" }
        var lines = ["grid \(g.of)\(arithmetic): \(g.etas.count) step sizes × \(g.starts.count) starts of \(g.parameter), at most \(g.cap) steps", summary]
        let sortedSteps = reached.map { outcomes[$0.i][$0.j].steps }.sorted()
        // The same quartiles as `plot grid`'s key.
        let cuts = sortedSteps.isEmpty ? [0, 0, 0] : Heatmap.quartiles(of: sortedSteps.map(Double.init))[1...3].map { Int($0) }
        let rows = sample(g.etas.indices, 24)
        let label = rows.map { "η=" + r.number(g.etas[$0]) }
        let width = label.map(\.count).max() ?? 0
        // As many starts as fit beside the labels, up to 64.
        let columns = sample(g.starts.indices, max(8, min(64, r.width - width - 1)))
        for (r, i) in rows.enumerated().reversed() {
            let cells = columns.map { j -> Character in
                let o = g.outcomes[i][j]
                if o.stop == .diverged { return "×" }
                if o.stop == .interrupted { return "?" }
                if o.stop == .tolDloss { return "~" }
                switch stoppedOn(i, j) {
                case .maximum?: return "^"
                case .saddle?: return "s"
                case .flat?: return "f"
                default: break
                }
                if !converged(i, j) { return "·" }
                return o.steps <= cuts[0] ? "█" : o.steps <= cuts[1] ? "▓" : o.steps <= cuts[2] ? "▒" : "░"
            }
            lines.append(String(repeating: " ", count: width - label[r].count) + label[r] + " " + String(cells))
        }
        let left = "\(g.parameter)=" + r.number(g.starts.first ?? 0), right = r.number(g.starts.last ?? 0)
        let gap = max(1, columns.count - left.count - right.count)
        lines.append(String(repeating: " ", count: width + 1) + left + String(repeating: " ", count: gap) + right)
        if !sortedSteps.isEmpty {
            lines.append("█ ≤ \(cuts[0]) steps, ▓ ≤ \(cuts[1]), ▒ ≤ \(cuts[2]), ░ ≤ \(sortedSteps.last!), · out of steps, × diverged"
                         + (stuck > 0 ? ", ^ on a maximum, s on a saddle, f on a flat point" : "") + (stalled > 0 ? ", ~ stalled" : ""))
        } else if stuck > 0 || stalled > 0 {
            lines.append("^ on a maximum, s on a saddle, f on a flat point, ~ stalled, · out of steps, × diverged")
        }
        return lines.joined(separator: "\n")
    }

    /// ` with momentum, cosine schedule, in f32`, naming what is not plain gd with a constant step in f64.
    var arithmetic: String {
        var parts: [String] = []
        if settings.method != .gd { parts.append("with \(settings.method.name)") }
        if settings.schedule != .constant { parts.append("\(settings.schedule.name) schedule") }
        if settings.precision != .f64 { parts.append("in \(settings.precision.rawValue)") }
        return parts.isEmpty ? "" : " " + parts.joined(separator: ", ")
    }

    /// At most `limit` indices spread evenly over `range`, ends included.
    private func sample(_ range: Range<Int>, _ limit: Int) -> [Int] {
        guard range.count > limit else { return Array(range) }
        return (0..<limit).map { range.lowerBound + $0 * (range.count - 1) / (limit - 1) }
    }

    var json: JSON {
        let g = self
        return .object([
            ("kind", .string("grid")), ("of", .string(g.of)), ("param", .string(g.parameter)),
            ("fixed", .point(g.parameters, g.fixed)), ("starts", .numbers(g.starts)), ("etas", .numbers(g.etas)),
            ("steps", .array(g.outcomes.map { row in .array(row.map { .number(Double($0.steps)) }) })),
            ("converged", .array(g.outcomes.indices.map { i in .array(g.outcomes[i].indices.map { .bool(converged(i, $0)) }) })),
            ("stop", .array(g.outcomes.map { row in .array(row.map { .string($0.stop.rawValue) }) })),
            ("point_kind", .array(g.kinds.map { row in .array(row.map { $0.map { .string($0.rawValue) } ?? .null }) })),
        ] + (settings.method != .gd ? [("method", .string(settings.method.name))] : [])
          + (settings.schedule != .constant ? [("schedule", .string(settings.schedule.name))] : [])
          + (settings.precision != .f64 ? [("precision", .string(settings.precision.rawValue))] : [])
          + (cells.contains { g.outcomes[$0.i][$0.j].stop == .interrupted } ? [("interrupted", .bool(true))] : []))
    }
}
