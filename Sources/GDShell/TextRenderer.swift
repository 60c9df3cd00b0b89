import GDLang
import GDOptim

/// Renders reports for people: aligned tables, numbers to a set count of significant digits.
struct TextRenderer {
    var digits: Int

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
        case .derivative(let of, let wrt, let exprs):
            if wrt.count == 1 { return "\(of)'(\(wrt[0])) = \(exprs[0])" }
            return zip(wrt, exprs).map { "∂\(of)/∂\($0) = \($1)" }.joined(separator: "\n")
        case .hessian(let of, let wrt, let rows):
            var table = TextTable(["∂²\(of)"] + wrt.map { "∂\($0)" }, rightAligned: [false] + wrt.map { _ in false })
            for (p, row) in zip(wrt, rows) { table.add(["∂\(p)"] + row) }
            return table.rendered
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
        case .show(let s):
            return show(s)
        }
    }

    private func check(_ c: CheckReport) -> String {
        var header = ["", "symbolic", "central", "forward", "|sym−central|", "|sym−forward|"]
        if let user = c.user { header += user.names.count == 1 ? [user.names[0]] : ["using"] }
        var table = TextTable(header, rightAligned: [false] + header.dropFirst().map { _ in true })
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
                let wrong = c.parameters.indices.filter { abs(user.values[$0] - c.forward[$0]) > 1e-8 * max(1, abs(c.forward[$0])) }
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
        case .gradientNotFinite(let i): return "∂L/∂\(names[i]) = \(number(r.final.gradient[i]))"
        case .lossGrew: return "|L| = \(number(abs(r.final.loss))) grew past diverge = \(number(r.settings.divergence)) times its start"
        case .pointGrew: return "‖w‖ = \(number(euclideanNorm(r.final.point))) grew past diverge = \(number(r.settings.divergence)) times its start"
        case nil: return "unknown reason"
        }
    }

    private func run(_ r: RunReport) -> String {
        let lines = [
            "run \(r.of) from \(point(r.parameters, r.start)) with \(r.method), η = \(number(r.settings.eta))",
            "  stop  \(r.stop.rawValue): \(stopDescription(r))",
            "  at    \(point(r.parameters, r.final.point))",
            "  L = \(number(r.final.loss)), ‖∇L‖ = \(number(r.final.gradientNorm))",
        ]
        return lines.joined(separator: "\n")
    }

    private func iterateTable(_ parameters: [String], _ iterates: [Iterate]) -> String {
        var table = TextTable(["k"] + parameters + ["L", "‖∇L‖"])
        for it in iterates {
            table.add([String(it.k)] + it.point.map(number) + [number(it.loss), number(it.gradientNorm)])
        }
        return table.rendered
    }

    private func sweep(_ s: SweepReport) -> String {
        var table = TextTable(["η", "steps", "reached", "final L"], rightAligned: [true, true, false, true])
        for row in s.sweep.rows {
            let steps = row.reached ? String(row.steps) : (row.stop == .diverged ? "—" : "> \(row.steps)")
            let outcome = row.reached ? "yes" : (row.stop == .diverged ? "diverged at \(row.steps)" : "no")
            table.add([number(row.eta), steps, outcome, number(row.finalLoss)])
        }
        var lines = ["sweep \(s.of) from \(point(s.parameters, s.start)): steps to L ≤ \(number(s.target)), at most \(s.cap)",
                     table.rendered]
        if let best = s.sweep.best {
            lines.append("best η = \(number(best.eta)): \(best.steps) steps")
        } else {
            lines.append("no η reached L ≤ \(number(s.target)) within \(s.cap) steps")
        }
        return lines.joined(separator: "\n")
    }

    private func show(_ s: ShowReport) -> String {
        var lines: [String] = []
        if s.functions.isEmpty && s.variables.isEmpty { lines.append("no functions or variables yet") }
        for f in s.functions { lines.append("\(f.name)(\(f.parameters.joined(separator: ", "))) = \(f.expr)") }
        for v in s.variables { lines.append("\(v.name) = \(number(v.value))") }
        let d = s.settings
        func tolerance(_ t: Double?) -> String { t.map(number) ?? "off" }
        lines.append("set eta=\(number(d.eta)) steps=\(d.steps) tol_grad=\(tolerance(d.tolGrad)) tol_loss=\(tolerance(d.tolLoss)) tol_step=\(tolerance(d.tolStep)) diverge=\(number(d.divergence)) digits=\(s.digits)")
        return lines.joined(separator: "\n")
    }
}
