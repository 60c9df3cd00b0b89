/// Newton's method: w ← w − H⁻¹∇L with the symbolic Hessian; a gradient step of size η where H is not positive
/// definite.
struct Newton: MethodDeclaration {
    static let name = "newton"
    static let rank = 9.0
    static let summary = "Newton's method: w ← w − H⁻¹∇L, a gradient step of size η where H is not positive definite"
    static let hyperparameters: [Hyperparameter] = []
    static let needs = MethodNeeds.hessian

    /// The updates that fell back to a gradient step.
    private(set) var fallbacks = Fallbacks()

    init(_ hyperparameters: [Double], dimension: Int) {}

    mutating func update(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let g = step.gradient
        if let h = objective.hessian(Array(step.point)), let d = LinearAlgebra.solvePositiveDefinite(h, Array(g)) {
            step.eta = 1
            for i in step.next.indices { step.next[i] -= d[i] }
        } else {
            fallbacks.record(at: step.k)
            for i in step.next.indices { step.next[i] -= step.eta * g[i] }
        }
    }
}

extension Method {
    public static let newton = Method(Newton.self, [])
}
