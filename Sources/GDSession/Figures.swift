import GDLang
import GDProgram
import GDRender
import GDOptim
import GDPlot

/// Builds the figures `plot` draws from what the session has: the data flows from runs to pictures, never back.
enum Figures {
    /// A run's iterates as a path over the loss curve (one parameter).
    static func iterates(_ history: RunHistory, label: String) -> Series {
        Series(name: label, points: (0..<history.count).map { Point(history.iterate($0).point[0], history.losses[$0]) },
               style: .lineAndPoints)
    }

    /// `plot f a..b`, `plot f, g a..b`: each function over the range, in its own colour, with the iterates of each
    /// run on the curve (a diverged run up to where it leaves the window). On a log axis, values that are not
    /// positive are left out, and `notes` says how many.
    static func functions(_ curves: [(name: String, parameter: String, loss: Program)], range: (Double, Double),
                          runs: [(label: String, history: RunHistory)], log: Bool) -> (figure: Figure, notes: [String]) {
        var series: [Series] = []
        var notes: [String] = []
        let xs = Sweep.values(from: range.0, to: range.1, count: 401, logarithmic: false)
        for c in curves {
            let points = xs.map { x in Point(x, c.loss.evaluate([x])[0]) }
            let hidden = log ? points.filter { !($0.y > 0) }.count : 0
            if hidden > 0 { notes.append("note: \(hidden) of \(points.count) values of \(c.name) are not positive and are left out of the log axis") }
            series.append(Series(name: "\(c.name)(\(c.parameter))", points: points))
        }
        for run in runs {
            let s = iterates(run.history, label: run.label)
            let hidden = log ? s.points.filter { !($0.y > 0) }.count : 0
            if hidden > 0 { notes.append("note: \(hidden) iterates of \(run.label) have L ≤ 0 and are left out of the log axis") }
            series.append(s)
        }
        let parameters = Set(curves.map(\.parameter))
        let title = curves.map { "\($0.name)(\($0.parameter))" }.joined(separator: ", ")
        return (Figure(title: title, xLabel: parameters.count == 1 ? curves[0].parameter : "x", yLabel: "L",
                       yScale: log ? .log : .linear, series: series, xRange: range.0...range.1), notes)
    }

    /// The updates of a run as arrows from w_k to w_k+1, each on its own row below the curve, the first `limit` of
    /// them; `low` is the lowest value of the curve shown and `span` the height of the curve's window.
    static func steps(_ history: RunHistory, low: Double, span: Double, limit: Int) -> Series {
        let xs = (0..<history.count).map { history.iterate($0).point[0] }
        let gap = span / 16
        var points: [Point] = []
        for k in 0..<min(limit, max(0, xs.count - 1)) {
            let y = low - gap * Double(k + 1)
            points += [Point(xs[k], y), Point(xs[k + 1], y)]
        }
        return Series(name: "steps w_k → w_k+1", points: points, style: .arrows)
    }

    /// The tangent of a one-parameter loss at `x` (value `y`, slope `slope`) across `halfWidth` either side.
    static func tangent(at x: Double, y: Double, slope: Double, halfWidth: Double, k: Int) -> Series {
        Series(name: "tangent at k = \(k)", points: [Point(x - halfWidth, y - slope * halfWidth), Point(x + halfWidth, y + slope * halfWidth)])
    }

    enum Quantity { case loss, gradient, both }

    /// A run drawn by `plot loss`: its history and, for a mini-batch run, the loss over all rows at each iterate
    /// the history keeps and the updates an epoch takes.
    struct PlottedRun {
        var label: String
        var history: RunHistory
        var allRows: [Double]?
        var updatesPerEpoch: Int?
    }

    /// `plot loss`, `plot grad`, `plot diagnostics`: L(w_k) and ‖∇L(w_k)‖ against k, log y unless `linear`
    /// (or a loss that is not positive, which a log axis cannot show). A mini-batch run's loss is the loss over all
    /// rows at each iterate (the batches' own losses faint behind it with `batchLosses`), and k counts epochs when
    /// any run is mini-batch, unless `perStep`.
    static func curves(_ runs: [PlottedRun], _ quantity: Quantity, linear: Bool, batchLosses: Bool = false,
                       perStep: Bool = false) -> Figure {
        var series: [Series] = []
        var positive = true
        let inEpochs = !perStep && runs.contains { $0.allRows != nil }
        for run in runs {
            let h = run.history
            let prefix = runs.count > 1 ? run.label + " " : ""
            // A full-batch update is an epoch: it reads every row once.
            let per = Double(inEpochs ? run.updatesPerEpoch ?? 1 : 1)
            let ks = h.ks.map { Double($0) / per }
            if quantity != .gradient {
                if let allRows = run.allRows {
                    if batchLosses {
                        series.append(Series(name: prefix + "L (mini-batch)", points: zip(ks, h.losses).map { Point($0, $1) }, faint: true))
                        positive = positive && h.losses.allSatisfy { $0 > 0 }
                    }
                    series.append(Series(name: prefix + "L (all rows)", points: zip(ks, allRows).map { Point($0, $1) }))
                    positive = positive && allRows.allSatisfy { $0 > 0 }
                } else {
                    series.append(Series(name: prefix + "L", points: zip(ks, h.losses).map { Point($0, $1) }))
                    positive = positive && h.losses.allSatisfy { $0 > 0 }
                }
            }
            if quantity != .loss {
                series.append(Series(name: prefix + "‖∇L‖", points: zip(ks, h.gradientNorms).map { Point($0, $1) }))
                positive = positive && h.gradientNorms.allSatisfy { $0 > 0 }
            }
        }
        let title = quantity == .loss ? "loss" : quantity == .gradient ? "gradient norm" : "loss and gradient norm"
        let yLabel = quantity == .loss ? "L(w_k)" : quantity == .gradient ? "‖∇L(w_k)‖" : "L, ‖∇L‖"
        return Figure(title: title, xLabel: inEpochs ? "epoch" : "k", yLabel: yLabel, yScale: linear || !positive ? .linear : .log,
                      series: series)
    }

    /// `plot path` with two parameters: contour lines of L around the paths of the runs, each in its own colour.
    /// The window frames the runs that did not diverge (and every start); a diverged path is drawn until it leaves.
    static func contours(_ name: String, loss: Program, parameters: [String], runs: [(label: String, history: RunHistory, diverged: Bool)],
                         bounds: ((Double, Double), (Double, Double))?) -> Figure {
        let paths = runs.map { run in (0..<run.history.count).map { run.history.iterate($0).point }.filter { $0.allSatisfy(\.isFinite) } }
        var framed = zip(runs, paths).filter { !$0.0.diverged }.flatMap(\.1) + paths.compactMap(\.first)
        if framed.isEmpty { framed = paths.flatMap { $0.prefix(2) } }
        func span(_ i: Int) -> (Double, Double) {
            let values = framed.map { $0[i] }
            let low = values.min() ?? -1, high = values.max() ?? 1
            let pad = max(0.15 * (high - low), 0.1 * max(1, abs(low), abs(high)))
            return (low - pad, high + pad)
        }
        let (xr, yr) = bounds ?? (span(0), span(1))
        let xs = Sweep.values(from: xr.0, to: xr.1, count: 80, logarithmic: false)
        let ys = Sweep.values(from: yr.0, to: yr.1, count: 80, logarithmic: false)
        let field = ContourField(xs: xs, ys: ys, levelCount: 12) { x, y in loss.evaluate([x, y])[0] }
        let series = zip(runs, paths).map { run, path in
            Series(name: run.label, points: path.map { Point($0[0], $0[1]) }, style: .lineAndPoints)
        }
        let title = runs.count == 1 ? "\(name)(\(parameters.joined(separator: ", "))) with the path of \(runs[0].label)"
            : "\(name)(\(parameters.joined(separator: ", "))) with \(runs.count) paths"
        return Figure(title: title, xLabel: parameters[0], yLabel: parameters[1], series: series, contours: field,
                      xRange: xr.0...xr.1, yRange: yr.0...yr.1)
    }

    /// `plot sweep`: steps to the target against the swept value; misses drawn at the cap as crosses.
    static func sweep(_ s: SweepReport) -> Figure {
        let reached = s.sweep.rows.filter(\.reached).map { Point($0.value, Double($0.steps)) }
        let missed = s.sweep.rows.filter { !$0.reached && $0.stop != .interrupted }.map { Point($0.value, Double($0.cap)) }
        // An interrupted run did not miss: it was stopped, after the steps it had run (one that never ran is left out).
        let stopped = s.sweep.rows.filter { $0.stop == .interrupted && $0.steps > 0 }.map { Point($0.value, Double($0.steps)) }
        var series = [Series(name: "steps to L ≤ \(NumberFormat.shortest(s.target))", points: reached, style: .lineAndPoints)]
        if !missed.isEmpty { series.append(Series(name: "missed (drawn at the cap)", points: missed, style: .points, mark: .cross)) }
        if !stopped.isEmpty {
            series.append(Series(name: "interrupted (drawn at the steps run)", points: stopped, style: .points, mark: .cross))
        }
        let name = s.swept == "eta" ? "η" : s.swept
        return Figure(title: "sweep of \(name) on \(s.of)", xLabel: name, yLabel: "steps", xScale: s.logarithmic ? .log : .linear,
                      series: series)
    }

    /// `plot compare`: each method's loss curve.
    static func compare(_ c: CompareReport, linear: Bool = false) -> Figure {
        var figure = curves(c.histories.map { PlottedRun(label: $0.method, history: $0.history) }, .loss, linear: linear)
        figure.title = "compare on \(c.of)"
        figure.series = figure.series.map { s in
            var s = s
            s.name = s.name.replacingSuffix(" L")
            return s
        }
        return figure
    }

    /// `plot multistart`: how many runs ended at each point found (one parameter), or at each group.
    static func multistart(_ m: MultistartReport) -> Figure {
        let groups = m.multistart.groups
        if m.parameters.count == 1 {
            return Figure(title: "multistart on \(m.of): where the runs ended", xLabel: m.parameters[0], yLabel: "runs",
                          series: [Series(name: "runs", points: groups.map { Point($0.point[0], Double($0.count)) }, style: .bars)])
        }
        return Figure(title: "multistart on \(m.of): runs per end point", xLabel: "end point (in the order of the table)",
                      yLabel: "runs", series: [Series(name: "runs", points: groups.enumerated().map { Point(Double($0.offset + 1), Double($0.element.count)) }, style: .bars)])
    }

    /// `plot grid`: the basin map, steps to converge by start and η; blank where a run did not converge.
    static func grid(_ g: GridReport) -> Figure {
        let values = g.outcomes.indices.map { i in g.outcomes[i].indices.map { j in g.converged(i, j) ? Double(g.outcomes[i][j].steps) : .nan } }
        return Figure(title: "grid on \(g.of): steps to converge (blank: did not)", xLabel: g.parameter, yLabel: "η",
                      heatmap: Heatmap(xs: g.starts, ys: g.etas, values: values, spacing: .quartiles,
                                       valueName: "steps to converge"))
    }
}

extension String {
    /// The string without `suffix` at its end, if it has it.
    func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
