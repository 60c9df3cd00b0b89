/// What a finished run says about how it converged and whether its step size was stable.
public struct RunDiagnostics: Equatable, Sendable {
    public var rate: ConvergenceRate?
    /// At the final point: L'' for one parameter, the Hessian's largest eigenvalue λ for several.
    public var curvature: Double?
    /// The largest stable step size there, for a method with a stability bound (2/λ for gd, 2(1+β)/λ for heavy-ball
    /// momentum), and that bound's formula.
    public var etaMax: Double?
    public var etaMaxFormula: String?
    /// Whether the run's (initial) η is past `etaMax`.
    public var pastStabilityBound: Bool
    /// The bounds the final point sits on.
    public var activeBounds: [(parameter: Int, side: Bounds.Side, value: Double)]

    public static func == (a: RunDiagnostics, b: RunDiagnostics) -> Bool {
        a.rate == b.rate && a.curvature == b.curvature && a.etaMax == b.etaMax && a.etaMaxFormula == b.etaMaxFormula
            && a.pastStabilityBound == b.pastStabilityBound
            && a.activeBounds.map(\.parameter) == b.activeBounds.map(\.parameter)
    }

    /// The curvature is computed from the symbolic Hessian for up to this many parameters.
    public static let maximumHessianDimension = 20

    public init(_ descent: Descent) {
        rate = ConvergenceRate.estimate(descent.history.lazyIterates)
        activeBounds = descent.settings.bounds?.active(at: descent.last.point) ?? []
        curvature = nil
        etaMax = nil
        etaMaxFormula = nil
        pastStabilityBound = false
        guard descent.objective.dimension <= Self.maximumHessianDimension else { return }
        var evaluator = ObjectiveEvaluator(descent.objective.withHessian())
        let finalPoint = descent.last.point
        let point = finalPoint.allSatisfy(\.isFinite) ? finalPoint : descent.start
        guard let h = evaluator.hessian(point) else { return }
        let atEnd = Curvature(hessian: h)
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
