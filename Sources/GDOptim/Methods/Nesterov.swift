/// torch's SGD with nesterov=True: b as for momentum, w ← w − η(g + βb).
struct Nesterov: MethodDeclaration, LaneMethod {
    static let name = "nesterov"
    static let rank = 3.0
    static let summary = "torch.optim.SGD with nesterov=True: b as for momentum, w ← w − η(g + βb)"
    static let hyperparameters = Momentum.hyperparameters

    /// The buffer b is momentum's.
    var momentum: Momentum

    /// b ← βb + g, x − η·(g + β·b)
    static func laneUpdate(_ u: inout LaneUpdate, point x: Int, gradient g: Int, kept: [Int]) -> (next: Int, kept: [Int]) {
        let b = u.multiplyAdd(u.h(0), kept[0], g)
        return (u.subtractProduct(u.eta, u.multiplyAdd(u.h(0), b, g), x), [b])
    }
    static let laneBuffers = 1

    var laneState: [Double] {
        get { momentum.buffer }
        set { momentum.buffer = newValue }
    }

    init(_ hyperparameters: [Double], dimension: Int) {
        momentum = Momentum(hyperparameters, dimension: dimension)
    }

    mutating func update(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let g = step.gradient, beta = momentum.beta
        for i in step.next.indices {
            momentum.accumulate(i, g[i], first: step.k == 0)
            step.next[i] -= step.eta * (g[i] + beta * momentum.buffer[i])
        }
    }

    mutating func updateFloat32(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let g = step.gradient, beta = Float(momentum.beta), eta = Float(step.eta)
        for i in step.next.indices {
            momentum.accumulateFloat32(i, g[i], first: step.k == 0)
            step.next[i] = Double(Float(step.next[i]) - eta * (Float(g[i]) + beta * Float(momentum.buffer[i])))
        }
    }
}
