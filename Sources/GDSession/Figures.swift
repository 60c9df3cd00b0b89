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

    /// `plot f a..b`: the function over the range, with the last run of f marked on it.
    static func function(_ name: String, loss: Program, parameter: String, range: (Double, Double),
                         run: (label: String, history: RunHistory)?) -> Figure {
        let curve = Sweep.values(from: range.0, to: range.1, count: 401, logarithmic: false).map { x in
            Point(x, loss.evaluate([x])[0])
        }
        var series = [Series(name: "\(name)(\(parameter))", points: curve)]
        if let run { series.append(iterates(run.history, label: run.label)) }
        return Figure(title: "\(name)(\(parameter))", xLabel: parameter, yLabel: "L", series: series, xRange: range.0...range.1)
    }

    enum Quantity { case loss, gradient, both }

    /// `plot loss`, `plot grad`, `plot diagnostics`: L(w_k) and ‖∇L(w_k)‖ against k, log y unless `linear`
    /// (or a loss that is not positive, which a log axis cannot show).
    static func curves(_ runs: [(label: String, history: RunHistory)], _ quantity: Quantity, linear: Bool) -> Figure {
        var series: [Series] = []
        var positive = true
        for (label, h) in runs {
            let prefix = runs.count > 1 ? label + " " : ""
            if quantity != .gradient {
                // A mini-batch run's L per step is the batch's; its loss over all rows comes once an epoch.
                let batched = !h.fullLossKs.isEmpty
                series.append(Series(name: prefix + (batched ? "L (mini-batch)" : "L"),
                                     points: zip(h.ks, h.losses).map { Point(Double($0), $1) }))
                positive = positive && h.losses.allSatisfy { $0 > 0 }
                if batched {
                    series.append(Series(name: prefix + "L (all rows, per epoch)",
                                         points: zip(h.fullLossKs, h.fullLosses).map { Point(Double($0), $1) }, style: .lineAndPoints))
                    positive = positive && h.fullLosses.allSatisfy { $0 > 0 }
                }
            }
            if quantity != .loss {
                series.append(Series(name: prefix + "‖∇L‖", points: zip(h.ks, h.gradientNorms).map { Point(Double($0), $1) }))
                positive = positive && h.gradientNorms.allSatisfy { $0 > 0 }
            }
        }
        let title = quantity == .loss ? "loss" : quantity == .gradient ? "gradient norm" : "loss and gradient norm"
        let yLabel = quantity == .loss ? "L(w_k)" : quantity == .gradient ? "‖∇L(w_k)‖" : "L, ‖∇L‖"
        return Figure(title: title, xLabel: "k", yLabel: yLabel, yScale: linear || !positive ? .linear : .log, series: series)
    }

    /// `plot path` with two parameters: contour lines of L around the path of the run.
    static func contours(_ name: String, loss: Program, parameters: [String], run: (label: String, history: RunHistory),
                         bounds: ((Double, Double), (Double, Double))?) -> Figure {
        let h = run.history
        let points = (0..<h.count).map { h.iterate($0).point }.filter { $0.allSatisfy(\.isFinite) }
        func span(_ i: Int) -> (Double, Double) {
            let values = points.map { $0[i] }
            let low = values.min() ?? -1, high = values.max() ?? 1
            let pad = max(0.15 * (high - low), 0.1 * max(1, abs(low), abs(high)))
            return (low - pad, high + pad)
        }
        let (xr, yr) = bounds ?? (span(0), span(1))
        let xs = Sweep.values(from: xr.0, to: xr.1, count: 80, logarithmic: false)
        let ys = Sweep.values(from: yr.0, to: yr.1, count: 80, logarithmic: false)
        let field = ContourField(xs: xs, ys: ys, levelCount: 12) { x, y in loss.evaluate([x, y])[0] }
        let path = Series(name: run.label, points: points.map { Point($0[0], $0[1]) }, style: .lineAndPoints)
        return Figure(title: "\(name)(\(parameters.joined(separator: ", "))) with the path of \(run.label)",
                      xLabel: parameters[0], yLabel: parameters[1], series: [path], contours: field,
                      xRange: xr.0...xr.1, yRange: yr.0...yr.1)
    }

    /// `plot sweep`: steps to the target against the swept value; misses drawn at the cap as crosses.
    static func sweep(_ s: SweepReport) -> Figure {
        let reached = s.sweep.rows.filter(\.reached).map { Point($0.value, Double($0.steps)) }
        let missed = s.sweep.rows.filter { !$0.reached }.map { Point($0.value, Double($0.cap)) }
        var series = [Series(name: "steps to L ≤ \(NumberFormat.shortest(s.target))", points: reached, style: .lineAndPoints)]
        if !missed.isEmpty { series.append(Series(name: "missed (drawn at the cap)", points: missed, style: .points, mark: .cross)) }
        let name = s.swept == "eta" ? "η" : s.swept
        return Figure(title: "sweep of \(name) on \(s.of)", xLabel: name, yLabel: "steps", xScale: s.logarithmic ? .log : .linear,
                      series: series)
    }

    /// `plot compare`: each method's loss curve.
    static func compare(_ c: CompareReport) -> Figure {
        var figure = curves(c.histories.map { ($0.method, $0.history) }, .loss, linear: false)
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
