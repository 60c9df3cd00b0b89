import GDLang
import GDOptim
import GDPlot

/// How reports are written for people: numbers to a set count of significant digits, the pieces reports share,
/// and the size and colour of terminal plots. Each report writes itself with these (`Report.text`).
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

    /// `  where u1 = …` and the further names aligned under it.
    func whereLines(_ pieces: [NamedPiece]) -> [String] {
        pieces.enumerated().map { i, d in (i == 0 ? "  where " : "        ") + "\(d.name) = \(d.expr)" }
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
    func methodDescription(_ s: DescentSettings) -> String {
        var text = "\(s.method.name), η = \(number(s.eta))"
        if s.schedule != .constant { text += ", \(s.schedule.name) schedule" }
        if let batch = s.batch { text += ", mini-batches of \(batch.size)" }
        return text
    }

    /// A step ratio below 1; where it prints as 1 at the session's digits, with 1 − ρ, which says how slow it is.
    func ratio(_ rho: Double) -> String {
        let shown = number(rho)
        // Two digits: the step lengths are differences of nearly equal points, so 1 − ρ carries their rounding.
        return rho < 1 && shown == number(1) ? "\(shown) (1 − ρ ≈ \(NumberFormat.significant(1 - rho, digits: 2)))" : shown
    }

    func iterateTable(_ parameters: [String], _ iterates: [Iterate]) -> String {
        var table = TextTable(["k"] + parameters + ["L", "‖∇L‖"])
        table.colour = Colour(isEnabled: colour)
        for it in iterates {
            table.add([String(it.k)] + it.point.map(number) + [number(it.loss), number(it.gradientNorm)])
        }
        return table.rendered
    }
}
