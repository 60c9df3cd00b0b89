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

    /// What the point a run stopped on is, when the stop says its gradient vanished (tol_grad or tol_step);
    /// nil for other stops and where the Hessian cannot be had.
    public mutating func kind(at point: [Double], stop: StopReason) -> Multistart.Kind? {
        guard stop == .tolGrad || stop == .tolStep, evaluator != nil else { return nil }
        let scale = max(1, euclideanNorm(point))
        if let known = seen.first(where: { distance($0.point, point) <= 1e-9 * scale }) { return known.kind }
        guard let h = evaluator!.hessian(point) else { return nil }
        let kind = Multistart.classify(Curvature(hessian: h))
        if seen.count < Self.remembered { seen.append((point, kind)) }
        return kind
    }
}
