/// torch's Adagrad: s ← s + g², w ← w − ηg/(√s + ε).
struct Adagrad: MethodDeclaration, LaneMethod {
    static let name = "adagrad"
    static let rank = 4.0
    static let summary = "torch.optim.Adagrad: s ← s + g², w ← w − ηg/(√s + ε)"
    static let hyperparameters = [Hyperparameter("epsilon", .positive, default: "1e-10", "added to √s in the denominator")]

    let epsilon: Double
    /// The sum of squared gradients s, per parameter.
    var squares: [Double]

    /// s ← s + g·g, x − (η·g)/(√s + ε)
    static func laneUpdate(_ u: inout LaneUpdate, point x: Int, gradient g: Int, kept: [Int]) -> (next: Int, kept: [Int]) {
        let s = u.add(kept[0], u.multiply(g, g))
        let step = u.divide(u.multiply(u.eta, g), u.add(u.squareRoot(s), u.h(0)))
        return (u.subtract(x, step), [s])
    }
    static let laneBuffers = 1

    var laneState: [Double] {
        get { squares }
        set { squares = newValue }
    }

    init(_ hyperparameters: [Double], dimension: Int) {
        epsilon = hyperparameters[0]
        squares = [Double](repeating: 0, count: dimension)
    }

    mutating func update(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let g = step.gradient
        for i in step.next.indices {
            squares[i] += g[i] * g[i]
            step.next[i] -= step.eta * g[i] / (squares[i].squareRoot() + epsilon)
        }
    }

    mutating func updateFloat32(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let eta = Float(step.eta), epsilon = Float(self.epsilon)
        for i in step.next.indices {
            let g = Float(step.gradient[i])
            let s = Float(squares[i]) + g * g
            squares[i] = Double(s)
            step.next[i] = Double(Float(step.next[i]) - eta * g / (s.squareRoot() + epsilon))
        }
    }
}
