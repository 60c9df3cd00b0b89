import GDLang
import GDProgram
import GDOptim
import GDRender

/// A run as `run`, `step` and `compare` report it.
struct RunReport: Report {
    var of: String
    var parameters: [String]
    var settings: DescentSettings
    var start: [Double]
    var final: Iterate
    /// ∇L at the final iterate.
    var finalGradient: [Double]
    var stop: StopReason
    var divergence: Divergence?
    var diagnostics: RunDiagnostics
    /// Newton's method: how often, and (the first hundred) at which steps, it fell back to a gradient step.
    var newtonFallbackCount: Int
    var newtonFallbacks: [Int]
    /// The start as given, where the bounds moved it: the run began from its projection, `start`.
    var projectedFrom: [Double]?

    init(of name: String, _ descent: Descent, given: [Double]? = nil) {
        of = name
        parameters = descent.objective.parameters
        settings = descent.settings
        start = descent.start
        final = descent.last
        finalGradient = descent.gradient
        stop = descent.stop ?? .steps
        divergence = descent.divergence
        diagnostics = RunDiagnostics(descent)
        newtonFallbackCount = descent.fallbacks.count
        newtonFallbacks = descent.fallbacks.steps
        if let given, given != start { projectedFrom = given }
    }

    /// What to say of the point a run stopped on because its gradient vanished, when that is not a minimum.
    var stationaryNote: String? {
        switch diagnostics.stationaryKind {
        case .maximum?: return "∇L vanished at a maximum, not a minimum: the loss curves down in every direction here"
        case .saddle?: return "∇L vanished at a saddle point, not a minimum: the loss curves down along some direction here"
        case .flat?: return "∇L vanished where the loss is flat: its second derivatives do not say whether this is a minimum"
        default: return nil
        }
    }

    /// The point kind a row of `compare` shows beside its stop, when the point is not a minimum.
    var stopShown: String {
        guard let kind = diagnostics.stationaryKind, kind.isNotAMinimum else { return stop.rawValue }
        return "\(stop.rawValue) (\(kind.rawValue))"
    }

    /// The method's name; plain descent on mini-batches is `sgd`, as the user asks for it.
    var methodName: String { settings.batch != nil && settings.method == .gd ? "sgd" : settings.method.name }

    /// `w >= 2`, one per active bound.
    var activeBounds: [String] {
        diagnostics.activeBounds.map { "\(parameters[$0.parameter]) \($0.side.rawValue) \(NumberFormat.shortest($0.value))" }
    }

    func text(_ r: TextRenderer) -> String {
        var lines = [
            "run \(of) from \(r.typedPoint(parameters, projectedFrom ?? start)) with \(r.methodDescription(self))",
            "  stop  \(stop.rawValue): \(r.stopDescription(self))",
            "  at    \(r.point(parameters, final.point))",
            "  L = \(r.number(final.loss)), \(settings.bounds == nil ? "‖∇L‖" : "‖projected ∇L‖") = \(r.number(final.gradientNorm))",
        ]
        if let note = stationaryNote { lines.insert("  NOTE  " + note, at: 2) }
        if projectedFrom != nil {
            lines.insert("  start projected onto the bounds: \(r.point(parameters, start))", at: 1)
        }
        let d = diagnostics
        if let rate = d.rate {
            let span = d.rateSpan.map { " (steps \($0.lowerBound)–\($0.upperBound))" } ?? ""
            switch rate {
            case .linear(let rho): lines.append("  rate  linear: each step shrinks by ρ ≈ \(r.ratio(rho))\(span)")
            case .sublinear(let rho): lines.append("  rate  sublinear: the step ratio ρ ≈ \(r.ratio(rho)) creeps towards 1\(span)")
            case .superlinear(let rho): lines.append("  rate  superlinear: the step ratio falls to \(r.number(rho))\(span)")
            case .notConverging(let rho):
                if let cycle = d.cycle {
                    let points = cycle.points.map { r.point(parameters, $0) }
                    let between = points.count == 2 ? points.joined(separator: " and ") : points.joined(separator: "; ")
                    lines.append("  rate  not converging: settled into a \(cycle.period)-cycle, between \(between)\(span)")
                } else {
                    lines.append("  rate  not converging: steps grow by ρ ≈ \(r.number(rho))\(span)")
                }
            }
        }
        if let curvature = d.curvature {
            let name = parameters.count == 1 ? "L''" : "λmax(H)"
            var line: String
            if let low = d.curvatureLow, d.cycle != nil {
                line = r.number(low) == r.number(curvature)
                    ? "  curvature \(name) = \(r.number(curvature)) at each of the cycle's points"
                    : "  curvature \(name) = \(r.number(low)) to \(r.number(curvature)) over the cycle's points"
            } else {
                let at = !d.curvatureBeforeEnd ? "the end"
                    : d.curvatureStep == 0 ? "the start" : "step \(d.curvatureStep), where L was growing"
                line = "  curvature \(name) = \(r.number(curvature)) at \(at)"
                if d.curvatureOnFreeParameters { line += ", along the parameters no bound holds" }
            }
            if let etaMax = d.etaMax, let formula = d.etaMaxFormula {
                line += "; stable for η < \(formula) = \(r.number(etaMax))\(d.cycle != nil ? " at the steepest" : "")"
            }
            lines.append(line)
            if d.pastStabilityBound, let etaMax = d.etaMax {
                lines.append("  WARNING η = \(r.typed(settings.eta)) is past the stability bound \(r.number(etaMax))")
            }
        }
        if d.heldByBounds {
            lines.append("  curvature not read: the bounds hold every parameter here, and a step past them is projected back")
        }
        if !activeBounds.isEmpty { lines.append("  active bounds: \(activeBounds.joined(separator: ", "))") }
        if !newtonFallbacks.isEmpty {
            lines.append("  newton fell back to a gradient step \(newtonFallbackCount) time\(newtonFallbackCount == 1 ? "" : "s") (the Hessian was not positive definite at step \(newtonFallbacks.prefix(5).map(String.init).joined(separator: ", "))\(newtonFallbackCount > 5 ? ", …" : ""))")
        }
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        var pairs: [(String, JSON)] = [
            ("kind", .string("run")), ("of", .string(of)), ("method", .string(methodName)),
            ("eta", .number(settings.eta)),
            ("start", .point(parameters, start)), ("final", .point(parameters, final.point)),
            ("loss", .number(final.loss)), ("grad_norm", .number(final.gradientNorm)),
            ("steps", .number(Double(final.k))), ("stop", .string(stop.rawValue)),
        ]
        if divergence != nil {
            pairs.append(("diverged", .string(TextRenderer(digits: 17).divergence(self))))
        }
        let d = diagnostics
        pairs.append(("schedule", .string(settings.schedule.name)))
        pairs.append(("rate", d.rate.map { rate in
            var fields: [(String, JSON)] = [("kind", .string(rate.kind)), ("rho", .number(rate.rho))]
            if let span = d.rateSpan { fields += [("from_k", .number(Double(span.lowerBound))), ("to_k", .number(Double(span.upperBound)))] }
            if let cycle = d.cycle {
                fields += [("cycle_period", .number(Double(cycle.period))),
                           ("cycle", .array(cycle.points.map { .point(parameters, $0) }))]
            }
            return .object(fields)
        } ?? .null))
        pairs.append(("curvature", d.curvature.map(JSON.number) ?? .null))
        if d.curvature != nil { pairs.append(("curvature_at", .string(d.curvatureAt))) }
        if let low = d.curvatureLow { pairs.append(("curvature_low", .number(low))) }
        if d.curvature != nil, d.curvatureBeforeEnd, d.curvatureStep > 0 { pairs.append(("curvature_k", .number(Double(d.curvatureStep)))) }
        if let kind = d.stationaryKind { pairs.append(("point_kind", .string(kind.rawValue))) }
        pairs.append(("eta_max", d.etaMax.map(JSON.number) ?? .null))
        pairs.append(("past_stability_bound", .bool(d.pastStabilityBound)))
        pairs.append(("active_bounds", .array(activeBounds.map(JSON.string))))
        if settings.method == .newton { pairs.append(("fallbacks", .number(Double(newtonFallbackCount)))) }
        if let batch = settings.batch { pairs.append(("batch", .number(Double(batch.size)))) }
        if let projectedFrom { pairs.append(("projected_from", .point(parameters, projectedFrom))) }
        if settings.precision != .f64 { pairs.append(("precision", .string(settings.precision.rawValue))) }
        return .object(pairs)
    }
}

/// How runs are described in text, for `run`, `step` and `compare`.
extension TextRenderer {
    func stopDescription(_ r: RunReport) -> String {
        let s = r.settings
        switch r.stop {
        case .steps: return "reached the step limit (\(Self.steps(r.final.k)))"
        case .tolGrad where s.batch != nil:
            // The test saw the batch's gradient; the run is then measured on all rows, which may not meet it.
            return "the batch's ‖∇L‖ ≤ tol_grad = \(typed(s.tolGrad ?? 0)) after \(Self.steps(r.final.k)) (over all rows ‖∇L‖ = \(number(r.final.gradientNorm)))"
        case .tolGrad: return "\(s.bounds == nil ? "‖∇L‖" : "‖projected ∇L‖") = \(number(r.final.gradientNorm)) ≤ tol_grad = \(typed(s.tolGrad ?? 0)) after \(Self.steps(r.final.k))"
        case .tolLoss: return "L = \(number(r.final.loss)) ≤ tol_loss = \(typed(s.tolLoss ?? 0)) after \(Self.steps(r.final.k))"
        case .tolStep: return "‖Δw‖ < tol_step = \(typed(s.tolStep ?? 0)) after \(Self.steps(r.final.k))"
        case .tolDloss: return "|ΔL| ≤ tol_dloss = \(typed(s.tolDloss ?? 0)) after \(Self.steps(r.final.k)): progress stalled"
        case .diverged: return "at step \(r.final.k), " + divergence(r)
        case .interrupted: return "interrupted at step \(r.final.k)"
        }
    }

    /// `1 step`, `12 steps`.
    static func steps(_ k: Int) -> String { k == 1 ? "1 step" : "\(k) steps" }

    func divergence(_ r: RunReport) -> String {
        let names = r.parameters
        switch r.divergence {
        case .lossNotFinite: return "L = \(number(r.final.loss))"
        case .pointNotFinite(let i): return "\(names[i]) = \(number(r.final.point[i]))"
        case .gradientNotFinite(let i): return "∂L/∂\(names[i]) = \(number(r.finalGradient[i]))"
        case .lossGrew: return "|L| = \(number(abs(r.final.loss))) grew past diverge = \(typed(r.settings.divergence)) times its start"
        case .pointGrew: return "‖w‖ = \(number(euclideanNorm(r.final.point))) grew past diverge = \(typed(r.settings.divergence)) times its start"
        case nil: return "unknown reason"
        }
    }

    /// `gd, η = 0.1` or `adam, η = 0.01, cosine schedule`; an f32 run ends `, f32`.
    func methodDescription(_ r: RunReport) -> String {
        let s = r.settings
        var text = "\(r.methodName), η = \(typed(s.eta))"
        if s.schedule != .constant { text += ", \(s.schedule.name) schedule" }
        if let batch = s.batch { text += ", mini-batches of \(batch.size)" }
        if s.precision != .f64 { text += ", \(s.precision.rawValue)" }
        return text
    }
}
