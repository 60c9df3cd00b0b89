import GDLang
import GDOptim

/// `grid`: every (start, η) pair of two ranges, run together in lanes: the basin-of-convergence map.
public struct GridReport: Sendable {
    public var of: String
    /// The parameter whose start varies, and the values of the others.
    public var parameter: String
    public var parameters: [String]
    public var fixed: [Double]
    public var starts: [Double]
    public var etas: [Double]
    /// outcomes[i][j]: the run with η = etas[i] from starts[j].
    public var outcomes: [[LaneDescent.Outcome]]
    public var cap: Int

    /// Whether a run stopped by a tolerance (it converged) rather than by the step limit or divergence.
    public static func converged(_ o: LaneDescent.Outcome) -> Bool {
        o.stop == .tolGrad || o.stop == .tolLoss || o.stop == .tolStep
    }
}

extension Session {
    /// Options of `grid`; `count` and `log` after a range belong to that range.
    static let gridOptions: [OptionSpec] = [
        OptionSpec(name: "count", kind: .count(minimum: 1), defaultValue: "50", summary: "how many values in the range before it"),
        OptionSpec(name: "log", kind: .flag, defaultValue: "off", summary: "space the range before it evenly in log"),
    ] + Options.descent.filter { $0.name != "method" && $0.name != "schedule" }

    func grid(_ name: Name, _ settings: [Setting], statement: SourceLocation) throws(Diagnostic) -> GridReport {
        let (f, term) = try descentFunction(name)
        let reader = SettingReader(environment: environment)
        struct Axis { var name: Name; var low: Double; var high: Double; var count = 50; var log = false }
        var axes: [Axis] = []
        var fixed: [String: Double] = [:]
        var options: [Setting] = []
        for s in settings {
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
        try reader.validate(options, against: Self.gridOptions.filter { $0.name != "count" && $0.name != "log" }, statement: "grid")
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
        var s = try reader.resolve(options, defaults: defaults)
        s.method = .gd
        s.schedule = .constant
        let starts = Sweep.values(from: startAxis.low, to: startAxis.high, count: startAxis.count, logarithmic: startAxis.log)
        guard etaAxis.low > 0 else { throw Diagnostic("eta must be positive", at: etaAxis.name.location) }
        let etas = Sweep.values(from: etaAxis.low, to: etaAxis.high, count: etaAxis.count, logarithmic: etaAxis.log)
        let index = f.parameters.firstIndex(of: startAxis.name.text)!
        let base = f.parameters.map { fixed[$0] ?? 0 }
        var points: [[Double]] = [], laneEtas: [Double] = []
        for eta in etas {
            for x in starts {
                var p = base
                p[index] = x
                points.append(p)
                laneEtas.append(eta)
            }
        }
        let objective = Objective(loss: term, parameters: f.parameters)
        guard LaneDescent.supports(s, objective) else {
            throw Diagnostic("grid runs plain descent on losses that do not read a table", at: statement,
                             help: "use sweep or multistart for a loss over data")
        }
        let lanes = LaneDescent(objective: objective, starts: points, etas: laneEtas, settings: s, interrupted: interrupted)
        let outcomes = (0..<etas.count).map { i in Array(lanes.outcomes[i * starts.count..<(i + 1) * starts.count]) }
        return GridReport(of: f.name, parameter: startAxis.name.text, parameters: f.parameters, fixed: base, starts: starts,
                          etas: etas, outcomes: outcomes, cap: s.steps)
    }
}
