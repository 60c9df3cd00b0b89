/// Plain gradient descent: w ← w − η∇L.
struct GD: MethodDeclaration, LaneMethod {
    static let name = "gd"
    static let rank = 1.0
    static let summary = "gradient descent: w ← w − η∇L"
    static let hyperparameters: [Hyperparameter] = []
    /// Near a minimum a step multiplies the error along each eigenvector of H by 1 − ηλ (see `Curvature`).
    static let stabilityBound: StabilityBound? = StabilityBound(formula: "2/λ") { _, gdBound, _ in gdBound }

    /// x − η·g
    static func laneUpdate(_ u: inout LaneUpdate, point x: Int, gradient g: Int, kept: [Int]) -> (next: Int, kept: [Int]) {
        (u.subtractProduct(u.eta, g, x), [])
    }
    static let laneBuffers = 0

    init(_ hyperparameters: [Double], dimension: Int) {}

    var laneState: [Double] {
        get { [] }
        set {}
    }

    func update(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let eta = step.eta, next = step.next, g = step.gradient
        for i in 0..<next.count { next[i] -= eta * g[i] }
    }

    func updateFloat32(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let eta = Float(step.eta), next = step.next, g = step.gradient
        for i in 0..<next.count { next[i] = Double(Float(next[i]) - eta * Float(g[i])) }
    }
}

extension Method {
    public static let gd = Method(GD.self, [])
}

extension Methods {
    /// `method=sgd`: gd on mini-batches, of 32 rows unless `batch=` says otherwise.
    public static let sgd = MethodPreset(name: "sgd", method: .gd, batchSize: 32)
}
