/// What a finished run says about how it converged and whether its step size was stable.
public struct RunDiagnostics: Equatable, Sendable {
    public var rate: ConvergenceRate?
    /// The updates the rate was read from: the end of the run, before its steps reach the floating-point floor.
    public var rateSpan: ClosedRange<Int>?
    /// The cycle a run that stopped on its step limit settled into, if it did: the rate then says so, and the
    /// curvature is read over the cycle's points.
    public var cycle: Cycle?
    /// L'' for one parameter, the Hessian's largest eigenvalue λ for several: at the final point, at the start
    /// for a run that diverged (where it explains the run, rather than at the point it blew up to), or the
    /// largest over a cycle's points.
    public var curvature: Double?
    /// The smallest of those over a cycle's points.
    public var curvatureLow: Double?
    /// Whether `curvature` was taken before the end, for a run that diverged: at `curvatureStep`, the iterate from
    /// which L rose at every step to the end (0, the start, when it rose from the first step).
    public var curvatureBeforeEnd = false
    public var curvatureStep = 0
    /// Whether a final point on active bounds had its curvature read along the parameters no bound holds only;
    /// `heldByBounds` when the bounds hold every parameter, so that no step size overshoots there.
    public var curvatureOnFreeParameters = false
    public var heldByBounds = false
    /// Where `curvature` was taken: "start", "growth" (at `curvatureStep`), "end" or "cycle".
    public var curvatureAt: String {
        curvatureBeforeEnd ? (curvatureStep == 0 ? "start" : "growth") : (cycle != nil ? "cycle" : "end")
    }
    /// For a run stopped by tol_grad or tol_step, where the gradient (nearly) vanished: what its Hessian makes of
    /// the point (a minimum, or a maximum, saddle or flat point descent stopped on).
    public var stationaryKind: Multistart.Kind?
    /// The largest stable step size there, for a method with a stability bound (2/λ for gd, 2(1+β)/λ for heavy-ball
    /// momentum), and that bound's formula.
    public var etaMax: Double?
    public var etaMaxFormula: String?
    /// Whether the run's (initial) η is past `etaMax`.
    public var pastStabilityBound: Bool
    /// The bounds the final point sits on.
    public var activeBounds: [(parameter: Int, side: Bounds.Side, value: Double)]

    public static func == (a: RunDiagnostics, b: RunDiagnostics) -> Bool {
        a.rate == b.rate && a.rateSpan == b.rateSpan && a.cycle == b.cycle && a.curvature == b.curvature && a.curvatureLow == b.curvatureLow && a.heldByBounds == b.heldByBounds && a.curvatureOnFreeParameters == b.curvatureOnFreeParameters && a.curvatureBeforeEnd == b.curvatureBeforeEnd && a.curvatureStep == b.curvatureStep && a.stationaryKind == b.stationaryKind && a.etaMax == b.etaMax && a.etaMaxFormula == b.etaMaxFormula
            && a.pastStabilityBound == b.pastStabilityBound
            && a.activeBounds.map(\.parameter) == b.activeBounds.map(\.parameter)
    }

    /// The curvature is computed from the symbolic Hessian for up to this many parameters.
    public static let maximumHessianDimension = 20

    public init(_ descent: Descent) {
        var estimate = ConvergenceRate.estimateWithSpan(descent.history.lazyIterates)
        let batched = descent.settings.batch != nil
        if let e = estimate, case .notConverging = e.rate, descent.stop?.isConvergence == true {
            // A run that met a tolerance converged: steps that grew at its end (momentum's swing, a line search's
            // jump) say nothing against that. Read the rate over the whole run instead, or say none; a mini-batch
            // run's steps over the whole run are the batches' noise.
            let whole = batched ? nil : ConvergenceRate.estimateWithSpan(descent.history.lazyIterates, window: Int.max / 2)
            if case .notConverging? = whole?.rate { estimate = nil } else { estimate = whole }
        }
        // Nor may a verdict contradict the loss over the steps it was read from (a batch's loss is no measure): steps
        // that grow while L falls (momentum gathering speed) are too early to judge, and steps that shrink while L
        // rises are not convergence.
        if let e = estimate, !batched, descent.stop != .diverged, e.fromLoss.isFinite, e.toLoss.isFinite {
            // Beyond round-off: at the floor L wobbles in its last bits.
            let noise = 1e-12 * max(abs(e.fromLoss), abs(e.toLoss))
            switch e.rate {
            case .notConverging: if e.toLoss < e.fromLoss - noise { estimate = nil }
            case .linear, .sublinear, .superlinear: if e.toLoss > e.fromLoss + noise { estimate = nil }
            }
        }
        rate = estimate?.rate
        rateSpan = estimate.map { $0.from...$0.to }
        if let stop = descent.stop, !stop.isConvergence, stop != .diverged, stop != .tolDloss,
           let cycle = Cycle.detect(descent.history.lazyIterates) {
            self.cycle = cycle
            rate = .notConverging(rho: 1)
            rateSpan = cycle.span
        }
        activeBounds = descent.settings.bounds?.active(at: descent.last.point) ?? []
        curvature = nil
        etaMax = nil
        etaMaxFormula = nil
        pastStabilityBound = false
        guard descent.objective.dimension <= Self.maximumHessianDimension else { return }
        var evaluator = ObjectiveEvaluator(descent.objective.withHessian())
        let finalPoint = descent.last.point
        curvatureBeforeEnd = descent.stop == .diverged || !finalPoint.allSatisfy(\.isFinite)
        var point = finalPoint
        if curvatureBeforeEnd {
            // Where the growth took over explains the divergence; the point it blew up to does not.
            let iterates = descent.history.lazyIterates
            var i = iterates.endIndex - 1
            while i > iterates.startIndex, iterates[i - 1].loss.isFinite,
                  !(iterates[i].loss <= iterates[i - 1].loss) { i -= 1 }
            // The first point of that rise that curves up is where a step size past 2/λ overshoots.
            var j = i
            while j < iterates.endIndex - 1, !(evaluator.hessian(iterates[j].point).flatMap { Curvature(hessian: $0).largest }
                                                   .map { $0 > 0 } ?? false) { j += 1 }
            if j == iterates.endIndex - 1 { j = i }
            curvatureStep = iterates[j].k
            point = curvatureStep == 0 ? descent.start : iterates[j].point
        }
        guard let h = evaluator.hessian(point) else { return }
        var atEnd = Curvature(hessian: h)
        if !curvatureBeforeEnd, !activeBounds.isEmpty {
            // A step along a parameter the bounds hold is projected back onto them: only the free ones can overshoot.
            let held = Set(activeBounds.map(\.parameter))
            let free = h.indices.filter { !held.contains($0) }
            guard !free.isEmpty else { heldByBounds = true; return }
            atEnd = Curvature(hessian: free.map { i in free.map { h[i][$0] } })
            curvatureOnFreeParameters = true
        }
        if let cycle {
            // The steepest point of the cycle bounds the step size; each point's curvature is reported as a range.
            let all = cycle.points.compactMap { evaluator.hessian($0).map(Curvature.init(hessian:)) }
            guard all.count == cycle.points.count, let steepest = all.max(by: { ($0.largest ?? -.infinity) < ($1.largest ?? -.infinity) })
            else { return }
            atEnd = steepest
            curvatureLow = all.compactMap(\.largest).min()
        }
        // On an active bound the projected gradient vanishes at a constrained minimum, whatever L's own curvature.
        if !curvatureBeforeEnd, activeBounds.isEmpty, let stop = descent.stop,
           StationaryPoints.stoppedWhereGradientVanished(stop, descent.last.gradientNorm) {
            stationaryKind = StationaryPoints.classify(atEnd)
        }
        guard let lambda = atEnd.largest else { return }
        curvature = lambda
        // No bound where no curvature is positive beyond rounding, nor for a method that declares none.
        let method = descent.settings.method
        guard let gdBound = atEnd.etaMax, let bound = method.rule.stabilityBound else { return }
        let etaMax = bound.value(lambda, gdBound, method.hyperparameters)
        self.etaMax = etaMax
        etaMaxFormula = bound.formula
        pastStabilityBound = descent.settings.eta > etaMax * (1 + 1e-12)
    }
}
