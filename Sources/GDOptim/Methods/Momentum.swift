/// Heavy ball, as torch's SGD with momentum: b ← βb + g (b₁ = g), w ← w − ηb.
struct Momentum: MethodDeclaration, LaneMethod {
    static let name = "momentum"
    static let rank = 2.0
    static let summary = "heavy ball, as torch.optim.SGD with momentum: b ← βb + g (b₁ = g), w ← w − ηb"
    static let hyperparameters = [Hyperparameter("beta", .fraction, default: "0.9", "momentum coefficient β")]
    /// Near a minimum the error along an eigenvector of H with eigenvalue λ follows a two-term recurrence that stays
    /// bounded while ηλ < 2(1 + β).
    static let stabilityBound: StabilityBound? = StabilityBound(formula: "2(1+β)/λ") { lambda, _, h in 2 * (1 + h[0]) / lambda }

    /// b ← βb + g, x − η·b
    static func laneUpdate(_ u: inout LaneUpdate, point x: Int, gradient g: Int, kept: [Int]) -> (next: Int, kept: [Int]) {
        let b = u.multiplyAdd(u.h(0), kept[0], g)
        return (u.subtractProduct(u.eta, b, x), [b])
    }
    static let laneBuffers = 1

    let beta: Double
    /// The momentum buffer b, per parameter.
    var buffer: [Double]

    var laneState: [Double] {
        get { buffer }
        set { buffer = newValue }
    }

    init(_ hyperparameters: [Double], dimension: Int) {
        beta = hyperparameters[0]
        buffer = [Double](repeating: 0, count: dimension)
    }

    mutating func update(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let g = step.gradient
        for i in step.next.indices {
            accumulate(i, g[i], first: step.k == 0)
            step.next[i] -= step.eta * buffer[i]
        }
    }

    mutating func updateFloat32(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let g = step.gradient, eta = Float(step.eta)
        for i in step.next.indices {
            accumulateFloat32(i, g[i], first: step.k == 0)
            step.next[i] = Double(Float(step.next[i]) - eta * Float(buffer[i]))
        }
    }

    /// `accumulate` in float32.
    @inline(__always)
    mutating func accumulateFloat32(_ i: Int, _ g: Double, first: Bool) {
        buffer[i] = first ? g : Double(Float(beta) * Float(buffer[i]) + Float(g))
    }

    /// b ← βb + g, or b ← g on the first update.
    @inline(__always)
    mutating func accumulate(_ i: Int, _ g: Double, first: Bool) {
        buffer[i] = first ? g : beta * buffer[i] + g
    }
}
