/// torch's RMSprop: s ← ρs + (1−ρ)g², w ← w − ηg/(√s + ε).
struct RMSprop: MethodDeclaration, LaneMethod {
    static let name = "rmsprop"
    static let rank = 5.0
    static let summary = "torch.optim.RMSprop: s ← ρs + (1−ρ)g², w ← w − ηg/(√s + ε)"
    static let hyperparameters = [
        Hyperparameter("rho", .fraction, default: "0.99", "decay ρ of the squared-gradient average"),
        Hyperparameter("epsilon", .positive, default: "1e-8", "added to √s in the denominator"),
    ]

    let rho: Double
    let epsilon: Double
    /// The average of squared gradients s, per parameter.
    var squares: [Double]

    /// s ← ρs + ((1 − ρ)·g)·g, x − (η·g)/(√s + ε)
    static func laneUpdate(_ u: inout LaneUpdate, point x: Int, gradient g: Int, kept: [Int]) -> (next: Int, kept: [Int]) {
        let s = u.add(u.multiply(u.h(0), kept[0]), u.multiply(u.multiply(u.subtract(u.one, u.h(0)), g), g))
        let step = u.divide(u.multiply(u.eta, g), u.add(u.squareRoot(s), u.h(1)))
        return (u.subtract(x, step), [s])
    }
    static let laneBuffers = 1

    var laneState: [Double] {
        get { squares }
        set { squares = newValue }
    }

    init(_ hyperparameters: [Double], dimension: Int) {
        rho = hyperparameters[0]
        epsilon = hyperparameters[1]
        squares = [Double](repeating: 0, count: dimension)
    }

    mutating func update(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let g = step.gradient
        for i in step.next.indices {
            squares[i] = rho * squares[i] + (1 - rho) * g[i] * g[i]
            step.next[i] -= step.eta * g[i] / (squares[i].squareRoot() + epsilon)
        }
    }

    mutating func updateFloat32(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let eta = Float(step.eta), rho = Float(self.rho), keep = Float(1 - self.rho), epsilon = Float(self.epsilon)
        for i in step.next.indices {
            let g = Float(step.gradient[i])
            let s = rho * Float(squares[i]) + keep * g * g
            squares[i] = Double(s)
            step.next[i] = Double(Float(step.next[i]) - eta * g / (s.squareRoot() + epsilon))
        }
    }
}
