/// What runs that stopped with a vanishing gradient stopped on: each point classified by its Hessian as multistart
/// classifies the points it finds, the Hessian evaluated once for points within 1e-9 of one already seen.
public struct StationaryPoints {
    private var evaluator: ObjectiveEvaluator?
    private var seen: [(point: [Double], kind: Multistart.Kind)] = []
    /// How many distinct points are remembered; past it, each point's Hessian is evaluated anew.
    private static let remembered = 256

    /// nil evaluator: a loss with too many parameters for its Hessian, whose points are not classified.
    public init(_ objective: Objective) {
        evaluator = objective.dimension <= RunDiagnostics.maximumHessianDimension ? ObjectiveEvaluator(objective.withHessian()) : nil
    }

    /// What the point a run stopped on is, when the run stopped by tol_grad or tol_step with a gradient that
    /// vanished (‖∇L‖ at most `Multistart.stationaryTolerance`) off its bounds; nil otherwise, and where the
    /// Hessian cannot be had.
    public mutating func kind(at point: [Double], stop: StopReason, gradientNorm: Double, bounds: Bounds? = nil) -> Multistart.Kind? {
        guard Self.stoppedWhereGradientVanished(stop, gradientNorm), evaluator != nil else { return nil }
        // On a bound the projected gradient vanishes at a constrained minimum, whatever L's own curvature.
        if let bounds, !bounds.active(at: point).isEmpty { return nil }
        let scale = max(1, euclideanNorm(point))
        if let known = seen.first(where: { distance($0.point, point) <= 1e-9 * scale }) { return known.kind }
        guard let h = evaluator!.hessian(point) else { return nil }
        let kind = Self.classify(Curvature(hessian: h))
        if seen.count < Self.remembered { seen.append((point, kind)) }
        return kind
    }

    /// Whether a run stopped by a test that says its gradient vanished, and it did: tol_step stops a tiny η anywhere
    /// on a slope, and a loose tol_grad far from any stationary point.
    public static func stoppedWhereGradientVanished(_ stop: StopReason, _ gradientNorm: Double) -> Bool {
        (stop == .tolGrad || stop == .tolStep) && gradientNorm <= Multistart.stationaryTolerance
    }

    /// What a point where the gradient vanished is, by the signs of its Hessian's eigenvalues, zero within 1e-12 of
    /// the largest: a minimum of small curvature is a minimum (multistart's wider margin would call it flat).
    public static func classify(_ curvature: Curvature) -> Multistart.Kind {
        switch curvature.shape {
        case .positiveDefinite?: return .minimum
        case .negativeDefinite?: return .maximum
        case .indefinite?: return .saddle
        case .positiveSemidefinite?, .negativeSemidefinite?, .zero?, nil: return .flat
        }
    }
}
