import Glibc

/// torch's Adam, with bias correction, arranged as torch computes it: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// w ← w − (η/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε).
struct Adam: MethodDeclaration, LaneMethod {
    static let name = "adam"
    static let rank = 6.0
    static let summary = "torch.optim.Adam: moment estimates m and v with bias correction, w ← w − η·m̂/(√v̂ + ε)"
    static let hyperparameters = [
        Hyperparameter("beta1", .fraction, default: "0.9", "decay of the first moment"),
        Hyperparameter("beta2", .fraction, default: "0.999", "decay of the second moment"),
        Hyperparameter("epsilon", .positive, default: "1e-8", "added to √s in the denominator"),
    ]

    /// m ← β₁m + (1 − β₁)·g, v ← β₂v + ((1 − β₂)·g)·g, x − ((η/c₁)·m)/(√v/c₂ + ε), with c₁ and c₂ the shared bias
    /// corrections.
    static func laneUpdate(_ u: inout LaneUpdate, point x: Int, gradient g: Int, kept: [Int]) -> (next: Int, kept: [Int]) {
        moments(&u, from: x, gradient: g, kept: kept)
    }

    /// Adam's update from `from` (AdamW's decayed point).
    static func moments(_ u: inout LaneUpdate, from x: Int, gradient g: Int, kept: [Int]) -> (next: Int, kept: [Int]) {
        let m = u.add(u.multiply(u.h(0), kept[0]), u.multiply(u.subtract(u.one, u.h(0)), g))
        let v = u.add(u.multiply(u.h(1), kept[1]), u.multiply(u.multiply(u.subtract(u.one, u.h(1)), g), g))
        let size = u.divide(u.eta, u.shared[0])
        let step = u.divide(u.multiply(size, m), u.add(u.divide(u.squareRoot(v), u.shared[1]), u.h(2)))
        return (u.subtract(x, step), [m, v])
    }
    static let laneBuffers = 2

    let beta1: Double
    let beta2: Double
    let epsilon: Double
    /// The first and second moment estimates m and v, per parameter.
    var firstMoment: [Double]
    var secondMoment: [Double]

    var laneState: [Double] {
        get { firstMoment + secondMoment }
        set {
            firstMoment = Array(newValue[..<firstMoment.count])
            secondMoment = Array(newValue[firstMoment.count...])
        }
    }

    static func laneShared(k: Int, _ hyperparameters: [Double]) -> [Double] {
        let (c1, c2) = biasCorrections(k: k, beta1: hyperparameters[0], beta2: hyperparameters[1])
        return [c1, c2]
    }

    /// The bias corrections of update k (t = k + 1), in double as torch computes them from Python numbers:
    /// 1 − β₁ᵗ and √(1 − β₂ᵗ).
    static func biasCorrections(k: Int, beta1: Double, beta2: Double) -> (Double, Double) {
        let t = Double(k + 1)
        return (1 - pow(beta1, t), (1 - pow(beta2, t)).squareRoot())
    }

    init(_ hyperparameters: [Double], dimension: Int) {
        beta1 = hyperparameters[0]
        beta2 = hyperparameters[1]
        epsilon = hyperparameters[2]
        firstMoment = [Double](repeating: 0, count: dimension)
        secondMoment = firstMoment
    }

    mutating func update(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let g = step.gradient
        let (correction1, correction2) = Self.biasCorrections(k: step.k, beta1: beta1, beta2: beta2)
        let stepSize = step.eta / correction1
        for i in step.next.indices {
            firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * g[i]
            secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g[i] * g[i]
            step.next[i] -= stepSize * firstMoment[i] / (secondMoment[i].squareRoot() / correction2 + epsilon)
        }
    }

    /// The update in float32: the bias corrections and the step size are computed in double, as torch computes them
    /// from Python numbers, and rounded to float32 where they meet the moments; every tensor operation is float32's.
    mutating func updateFloat32(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let (correction1, root) = Self.biasCorrections(k: step.k, beta1: beta1, beta2: beta2)
        let correction2 = Float(root)
        let stepSize = Float(step.eta / correction1)
        let b1 = Float(beta1), b2 = Float(beta2), c1 = Float(1 - beta1), c2 = Float(1 - beta2), eps = Float(epsilon)
        for i in step.next.indices {
            let g = Float(step.gradient[i])
            let m = b1 * Float(firstMoment[i]) + c1 * g
            let v = b2 * Float(secondMoment[i]) + c2 * g * g
            firstMoment[i] = Double(m)
            secondMoment[i] = Double(v)
            step.next[i] = Double(Float(step.next[i]) - stepSize * m / (v.squareRoot() / correction2 + eps))
        }
    }
}
