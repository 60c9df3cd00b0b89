import GDLang
import GDOptim
import GDPlot

/// Renders reports for people: aligned tables, numbers to a set count of significant digits.
struct TextRenderer {
    var digits: Int
    /// The size of terminal plots, and whether they are coloured.
    var width = 80
    var height = 24
    var colour = false

    func number(_ v: Double) -> String { NumberFormat.significant(v, digits: digits) }

    func point(_ names: [String], _ values: [Double]) -> String {
        zip(names, values).map { "\($0) = \(number($1))" }.joined(separator: ", ")
    }

    func render(_ report: Report) -> String {
        switch report {
        case .define(let name, let parameters, let expr):
            return "\(name)(\(parameters.joined(separator: ", "))) = \(expr)"
        case .assign(let name, let value):
            return "\(name) = \(number(value))"
        case .value(let v):
            return number(v)
        case .derivative(let of, let wrt, let exprs, let pieces, let shared):
            let shown = shared?.exprs ?? exprs
            let lines = wrt.count == 1 ? ["\(of)'(\(wrt[0])) = \(shown[0])"] : zip(wrt, shown).map { "∂\(of)/∂\($0) = \($1)" }
            let named = pieces.isEmpty ? (shared?.definitions ?? []).map { NamedPiece(name: $0.name, expr: $0.expr) } : pieces
            return (lines + whereLines(named)).joined(separator: "\n")
        case .hessian(let of, let wrt, _, _, let at?):
            return hessian(of: of, wrt: wrt, at: at)
        case .hessian(let of, let wrt, let rows, let pieces, nil):
            var table = TextTable(["∂²\(of)"] + wrt.map { "∂\($0)" }, rightAligned: [false] + wrt.map { _ in false })
            table.colour = Colour(isEnabled: colour)
            for (p, row) in zip(wrt, rows) { table.add(["∂\(p)"] + row) }
            return ([table.rendered] + whereLines(pieces)).joined(separator: "\n")
        case .check(let c):
            return check(c)
        case .run(let r):
            return run(r)
        case .steps(let iterates, let r):
            var text = iterateTable(r.parameters, iterates)
            if let shown = iterates.last, shown.k < r.final.k {
                text += "\n… \(r.final.k - shown.k) more updates not shown"
            }
            return text + "\n" + run(r)
        case .trace(let r, let iterates):
            return iterateTable(r.parameters, iterates)
        case .sweep(let s):
            return sweep(s)
        case .compare(let c):
            return compare(c)
        case .multistart(let m):
            return multistart(m)
        case .grid(let g):
            return grid(g)
        case .show(let s):
            return show(s)
        case .table(let t):
            var table = TextTable(t.columns)
            table.colour = Colour(isEnabled: colour)
            for r in 0..<min(5, t.rowCount) { table.add(t.values.map { number($0[r]) }) }
            let more = t.rowCount > 5 ? "\n… \(t.rowCount - 5) more rows" : ""
            return "table \(t.name): \(t.rowCount) row\(t.rowCount == 1 ? "" : "s") × \(t.columns.count) columns\n" + table.rendered + more
        case .help(_, let text):
            return text
        case .saved(let what, let path):
            return "saved \(what) to \(path)"
        case .plot(let p):
            if let path = p.path { return "plotted \(p.target) to \(path)" }
            return TerminalPlot.render(p.figure, width: width, height: height, style: p.style, color: colour)
        }
    }

    /// `  where u1 = …` and the further names aligned under it.
    private func whereLines(_ pieces: [NamedPiece]) -> [String] {
        pieces.enumerated().map { i, d in (i == 0 ? "  where " : "        ") + "\(d.name) = \(d.expr)" }
    }

    private func check(_ c: CheckReport) -> String {
        var header = ["", "symbolic", "central", "forward", "|sym−central|", "|sym−forward|"]
        if let user = c.user { header += user.names.count == 1 ? [user.names[0]] : ["using"] }
        var table = TextTable(header, rightAligned: [false] + header.dropFirst().map { _ in true })
        table.colour = Colour(isEnabled: colour)
        for i in c.parameters.indices {
            var row = ["∂/∂\(c.parameters[i])", number(c.symbolic[i]), number(c.central[i]), number(c.forward[i]),
                       number(abs(c.symbolic[i] - c.central[i])), number(abs(c.symbolic[i] - c.forward[i]))]
            if let user = c.user { row.append(number(user.values[i])) }
            table.add(row)
        }
        var lines = ["check \(c.of) at \(point(c.parameters, c.point))", table.rendered,
                     "max abs err \(number(c.maxAbsoluteError)), max rel err \(number(c.maxRelativeError))"]
        if let user = c.user, let agrees = c.agrees {
            let names = user.names.joined(separator: ", ")
            if agrees {
                lines.append("\(names) agrees with the derivative (rel err \(number(c.userRelativeError ?? 0)))")
            } else {
                let wrong = c.parameters.indices.filter { !DerivativeCheck.agrees(user.values[$0], c.forward[$0]) }
                let details = wrong.map { "\(user.names[$0]) gives \(number(user.values[$0])) where ∂\(c.of)/∂\(c.parameters[$0]) is \(number(c.forward[$0]))" }
                lines.append("WRONG: \(details.joined(separator: "; ")) (rel err \(number(c.userRelativeError ?? .nan)))")
            }
        }
        return lines.joined(separator: "\n")
    }

    func stopDescription(_ r: RunReport) -> String {
        let s = r.settings
        switch r.stop {
        case .steps: return "reached the step limit (\(r.final.k) steps)"
        case .tolGrad: return "‖∇L‖ = \(number(r.final.gradientNorm)) ≤ tol_grad = \(number(s.tolGrad ?? 0)) after \(r.final.k) steps"
        case .tolLoss: return "L = \(number(r.final.loss)) ≤ tol_loss = \(number(s.tolLoss ?? 0)) after \(r.final.k) steps"
        case .tolStep: return "‖Δw‖ < tol_step = \(number(s.tolStep ?? 0)) after \(r.final.k) steps"
        case .diverged: return "at step \(r.final.k), " + divergence(r)
        case .interrupted: return "interrupted at step \(r.final.k)"
        }
    }

    func divergence(_ r: RunReport) -> String {
        let names = r.parameters
        switch r.divergence {
        case .lossNotFinite: return "L = \(number(r.final.loss))"
        case .pointNotFinite(let i): return "\(names[i]) = \(number(r.final.point[i]))"
        case .gradientNotFinite(let i): return "∂L/∂\(names[i]) = \(number(r.finalGradient[i]))"
        case .lossGrew: return "|L| = \(number(abs(r.final.loss))) grew past diverge = \(number(r.settings.divergence)) times its start"
        case .pointGrew: return "‖w‖ = \(number(euclideanNorm(r.final.point))) grew past diverge = \(number(r.settings.divergence)) times its start"
        case nil: return "unknown reason"
        }
    }

    /// `gd, η = 0.1` or `adam, η = 0.01, cosine schedule`.
    private func methodDescription(_ s: DescentSettings) -> String {
        var text = "\(s.method.name), η = \(number(s.eta))"
        if s.schedule != .constant { text += ", \(s.schedule.name) schedule" }
        if let batch = s.batch { text += ", mini-batches of \(batch.size)" }
        return text
    }

    /// `hessian f at …`: the values, the eigenvalues and the shape they give, and the step size past which plain
    /// descent diverges near the point.
    private func hessian(of f: String, wrt: [String], at: HessianAtPoint) -> String {
        let c = at.curvature
        var lines: [String]
        if wrt.count == 1 {
            lines = ["\(f)''(\(wrt[0])) = \(number(c.hessian[0][0])) at \(point(wrt, at.point))"]
        } else {
            var table = TextTable([""] + wrt.map { "∂\($0)" }, rightAligned: [false] + wrt.map { _ in true })
            table.colour = Colour(isEnabled: colour)
            for (p, row) in zip(wrt, c.hessian) { table.add(["∂\(p)"] + row.map(number)) }
            lines = ["∂²\(f) at \(point(wrt, at.point))", table.rendered]
        }
        guard let shape = c.shape else {
            lines.append("the Hessian is not finite here: no eigenvalues")
            return lines.joined(separator: "\n")
        }
        let gloss: String
        switch (shape, wrt.count == 1) {
        case (.positiveDefinite, true): gloss = "curved up"
        case (.negativeDefinite, true): gloss = "curved down"
        case (_, true): gloss = "flat"
        case (.positiveDefinite, false): gloss = "positive definite (curved up in every direction, as at a minimum)"
        case (.positiveSemidefinite, false): gloss = "positive semidefinite (flat along some direction, curved up or flat along the others)"
        case (.indefinite, false): gloss = "indefinite (curved up along some directions and down along others, as at a saddle)"
        case (.negativeSemidefinite, false): gloss = "negative semidefinite (flat along some direction, curved down or flat along the others)"
        case (.negativeDefinite, false): gloss = "negative definite (curved down in every direction, as at a maximum)"
        case (.zero, false): gloss = "zero (flat in every direction)"
        }
        if wrt.count == 1 {
            lines[0] += ": \(gloss)"
        } else {
            var line = "eigenvalues \(c.eigenvalues.map(number).joined(separator: ", ")): \(gloss)"
            if let kappa = c.conditionNumber { line += "; condition number κ = λmax/λmin = \(number(kappa))" }
            lines.append(line)
        }
        let lambda = wrt.count == 1 ? "\(f)''" : "λmax"
        if let etaMax = c.etaMax {
            lines.append("gd is stable near here for η < 2/\(lambda) = \(number(etaMax))")
        } else {
            lines.append("no positive curvature here: no step size makes gd diverge by overshooting")
        }
        return lines.joined(separator: "\n")
    }

    /// A step ratio below 1; where it prints as 1 at the session's digits, with 1 − ρ, which says how slow it is.
    private func ratio(_ rho: Double) -> String {
        let shown = number(rho)
        // Two digits: the step lengths are differences of nearly equal points, so 1 − ρ carries their rounding.
        return rho < 1 && shown == number(1) ? "\(shown) (1 − ρ ≈ \(NumberFormat.significant(1 - rho, digits: 2)))" : shown
    }

    private func run(_ r: RunReport) -> String {
        var lines = [
            "run \(r.of) from \(point(r.parameters, r.start)) with \(methodDescription(r.settings))",
            "  stop  \(r.stop.rawValue): \(stopDescription(r))",
            "  at    \(point(r.parameters, r.final.point))",
            "  L = \(number(r.final.loss)), \(r.settings.bounds == nil ? "‖∇L‖" : "‖projected ∇L‖") = \(number(r.final.gradientNorm))",
        ]
        let d = r.diagnostics
        if let rate = d.rate {
            switch rate {
            case .linear(let rho): lines.append("  rate  linear: each step shrinks by ρ ≈ \(ratio(rho))")
            case .sublinear(let rho): lines.append("  rate  sublinear: the step ratio ρ ≈ \(ratio(rho)) creeps towards 1")
            case .superlinear(let rho): lines.append("  rate  superlinear: the step ratio falls to \(number(rho))")
            case .notConverging(let rho): lines.append("  rate  not converging: steps grow by ρ ≈ \(number(rho))")
            }
        }
        if let curvature = d.curvature {
            var line = "  curvature \(r.parameters.count == 1 ? "L''" : "λmax(H)") = \(number(curvature)) at the end"
            if let etaMax = d.etaMax, let formula = d.etaMaxFormula {
                line += "; stable for η < \(formula) = \(number(etaMax))"
            }
            lines.append(line)
            if d.pastStabilityBound, let etaMax = d.etaMax {
                lines.append("  WARNING η = \(number(r.settings.eta)) is past the stability bound \(number(etaMax))")
            }
        }
        if !r.activeBounds.isEmpty { lines.append("  active bounds: \(r.activeBounds.joined(separator: ", "))") }
        if !r.newtonFallbacks.isEmpty {
            lines.append("  newton fell back to a gradient step \(r.newtonFallbackCount) time\(r.newtonFallbackCount == 1 ? "" : "s") (the Hessian was not positive definite at step \(r.newtonFallbacks.prefix(5).map(String.init).joined(separator: ", "))\(r.newtonFallbackCount > 5 ? ", …" : ""))")
        }
        return lines.joined(separator: "\n")
    }

    private func iterateTable(_ parameters: [String], _ iterates: [Iterate]) -> String {
        var table = TextTable(["k"] + parameters + ["L", "‖∇L‖"])
        table.colour = Colour(isEnabled: colour)
        for it in iterates {
            table.add([String(it.k)] + it.point.map(number) + [number(it.loss), number(it.gradientNorm)])
        }
        return table.rendered
    }

    private func sweep(_ s: SweepReport) -> String {
        let name = s.swept == "eta" ? "η" : s.swept
        var table = TextTable([name, "steps", "reached", "final L"], rightAligned: [true, true, false, true])
        table.colour = Colour(isEnabled: colour)
        for row in s.sweep.rows {
            let steps = row.reached ? String(row.steps) : (row.stop == .diverged ? "—" : "> \(row.steps)")
            let outcome = row.reached ? "yes" : (row.stop == .diverged ? "diverged at \(row.steps)" : "no")
            table.add([number(row.value), steps, outcome, number(row.finalLoss)])
        }
        let caps = Set(s.sweep.rows.map(\.cap))
        let limit = caps.count == 1 ? ", at most \(s.cap)" : ""
        var lines = ["sweep \(s.of) from \(point(s.parameters, s.start)): steps to L ≤ \(number(s.target))\(limit)",
                     table.rendered]
        if let best = s.sweep.best {
            lines.append("best \(name) = \(number(best.value)): \(best.steps) step\(best.steps == 1 ? "" : "s")")
        } else {
            lines.append("no \(name) reached L ≤ \(number(s.target))\(caps.count == 1 ? " within \(s.cap) steps" : "")")
        }
        return lines.joined(separator: "\n")
    }

    private func compare(_ c: CompareReport) -> String {
        var header = ["method"] + c.parameters + ["L", "steps", "stop"]
        if c.target != nil { header.append("to target") }
        var table = TextTable(header, rightAligned: [false] + c.parameters.map { _ in true } + [true, true, false, true])
        table.colour = Colour(isEnabled: colour)
        for (toTarget, r) in c.runs {
            var row = [r.settings.method.name] + r.final.point.map(number) + [number(r.final.loss), String(r.final.k), r.stop.rawValue]
            if c.target != nil { row.append(toTarget.map(String.init) ?? "—") }
            table.add(row)
        }
        var lines = ["compare on \(c.of) from \(point(c.parameters, c.start))", table.rendered]
        if let target = c.target {
            let reached = c.runs.compactMap { t, r in t.map { ($0, r.settings.method.name) } }
            if let fastest = reached.min(by: { $0.0 < $1.0 }) {
                lines.append("fastest to L ≤ \(number(target)): \(fastest.1) in \(fastest.0) steps")
            } else {
                lines.append("none reached L ≤ \(number(target))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A character map of the grid: η down the side, the start along the bottom; the shade says how fast a run
    /// converged (█ fastest quarter … ░ slowest), `·` that it ran out of steps, `×` that it diverged.
    private func grid(_ g: GridReport) -> String {
        let all = g.outcomes.flatMap { $0 }
        let converged = all.filter(GridReport.converged)
        let diverged = all.filter { $0.stop == .diverged }.count
        var lines = ["grid \(g.of): \(g.etas.count) step sizes × \(g.starts.count) starts of \(g.parameter), at most \(g.cap) steps",
                     "converged \(converged.count) of \(all.count), diverged \(diverged), out of steps \(all.count - converged.count - diverged)"]
        let sortedSteps = converged.map(\.steps).sorted()
        // The same quartiles as `plot grid`'s key.
        let cuts = sortedSteps.isEmpty ? [0, 0, 0] : Heatmap.quartiles(of: sortedSteps.map(Double.init))[1...3].map { Int($0) }
        let rows = sample(g.etas.indices, 24), columns = sample(g.starts.indices, 64)
        let label = rows.map { "η=" + number(g.etas[$0]) }
        let width = label.map(\.count).max() ?? 0
        for (r, i) in rows.enumerated().reversed() {
            let cells = columns.map { j -> Character in
                let o = g.outcomes[i][j]
                if o.stop == .diverged { return "×" }
                if !GridReport.converged(o) { return "·" }
                return o.steps <= cuts[0] ? "█" : o.steps <= cuts[1] ? "▓" : o.steps <= cuts[2] ? "▒" : "░"
            }
            lines.append(String(repeating: " ", count: width - label[r].count) + label[r] + " " + String(cells))
        }
        let left = "\(g.parameter)=" + number(g.starts.first ?? 0), right = number(g.starts.last ?? 0)
        let gap = max(1, columns.count - left.count - right.count)
        lines.append(String(repeating: " ", count: width + 1) + left + String(repeating: " ", count: gap) + right)
        if !sortedSteps.isEmpty {
            lines.append("█ ≤ \(cuts[0]) steps, ▓ ≤ \(cuts[1]), ▒ ≤ \(cuts[2]), ░ ≤ \(sortedSteps.last!), · out of steps, × diverged")
        }
        return lines.joined(separator: "\n")
    }

    /// At most `limit` indices spread evenly over `range`, ends included.
    private func sample(_ range: Range<Int>, _ limit: Int) -> [Int] {
        guard range.count > limit else { return Array(range) }
        return (0..<limit).map { range.lowerBound + $0 * (range.count - 1) / (limit - 1) }
    }

    private func multistart(_ m: MultistartReport) -> String {
        let ms = m.multistart
        var table = TextTable(m.parameters + ["L", "kind", "runs"], rightAligned: m.parameters.map { _ in true } + [true, false, true])
        table.colour = Colour(isEnabled: colour)
        for g in ms.groups {
            table.add(g.point.map(number) + [number(g.loss), g.kind.rawValue, String(g.count)])
        }
        var lines = ["multistart \(m.of): \(ms.runs) runs ended at \(ms.groups.count) point\(ms.groups.count == 1 ? "" : "s")", table.rendered]
        if !ms.diverged.isEmpty { lines.append("\(ms.diverged.count) run\(ms.diverged.count == 1 ? "" : "s") diverged") }
        let stuck = ms.groups.filter { $0.kind == .maximum || $0.kind == .saddle }
        for g in stuck {
            let starts = g.starts.prefix(3).map { point(m.parameters, $0) }.joined(separator: "; ")
            lines.append("stuck on a \(g.kind.rawValue): \(g.count) run\(g.count == 1 ? "" : "s") (from \(starts)\(g.starts.count > 3 ? "; …" : ""))")
        }
        return lines.joined(separator: "\n")
    }

    private func show(_ s: ShowReport) -> String {
        var lines: [String] = []
        if s.functions.isEmpty && s.variables.isEmpty { lines.append("no functions or variables yet") }
        for f in s.functions { lines.append("\(f.name)(\(f.parameters.joined(separator: ", "))) = \(f.expr)") }
        for v in s.variables { lines.append("\(v.name) = \(number(v.value))") }
        for t in s.tables { lines.append("table \(t.name): \(t.rowCount) rows of \(t.columns.joined(separator: ", "))") }
        let d = s.defaults.settings
        func tolerance(_ t: Double?) -> String { t.map(number) ?? "off" }
        var settings = "set eta=\(number(d.eta)) steps=\(d.steps) tol_grad=\(tolerance(d.tolGrad)) tol_loss=\(tolerance(d.tolLoss)) tol_step=\(tolerance(d.tolStep)) diverge=\(number(d.divergence))"
        settings += " method=\(s.defaults.method) schedule=\(s.defaults.schedule)"
        for (name, value) in s.defaults.hyperparameters.sorted(by: { $0.key < $1.key }) { settings += " \(name)=\(number(value))" }
        lines.append(settings + " digits=\(s.digits)")
        return lines.joined(separator: "\n")
    }
}
