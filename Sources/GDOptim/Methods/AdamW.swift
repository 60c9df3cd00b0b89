/// torch's AdamW: Adam with decoupled weight decay. Each update first shrinks the point, w ← w − η·λ·w, computed as
/// torch does (`param.mul_(1 - lr * weight_decay)`, with η from the schedule), then takes Adam's step, arranged as
/// `Adam` arranges it, with the gradient at the point before the decay.
struct AdamW: MethodDeclaration, LaneMethod {
    static let name = "adamw"
    static let rank = 6.5
    static let summary = "torch.optim.AdamW: decoupled weight decay w ← w − η·weight_decay·w, then Adam's update"
    static let hyperparameters = Adam.hyperparameters + [
        Hyperparameter("weight_decay", .fraction, default: "0.01", "decoupled weight decay λ: w ← w − ηλw before the step"),
    ]

    let weightDecay: Double
    /// Adam's hyperparameters and moment estimates.
    var adam: Adam

    /// x·(1 − η·λ), then Adam's update from there.
    static func laneUpdate(_ u: inout LaneUpdate, point x: Int, gradient g: Int, kept: [Int]) -> (next: Int, kept: [Int]) {
        let decayed = u.multiply(x, u.subtractProduct(u.eta, u.h(3), u.one))
        return Adam.moments(&u, from: decayed, gradient: g, kept: kept)
    }
    static let laneBuffers = 2

    static func laneShared(k: Int, _ hyperparameters: [Double]) -> [Double] {
        Adam.laneShared(k: k, hyperparameters)
    }

    var laneState: [Double] {
        get { adam.laneState }
        set { adam.laneState = newValue }
    }

    init(_ hyperparameters: [Double], dimension: Int) {
        adam = Adam(Array(hyperparameters.prefix(Adam.hyperparameters.count)), dimension: dimension)
        weightDecay = hyperparameters[Adam.hyperparameters.count]
    }

    mutating func update(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let decay = 1 - step.eta * weightDecay
        for i in step.next.indices { step.next[i] *= decay }
        adam.update(&step, &objective, bounds: bounds)
    }

    mutating func updateFloat32(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let decay = Float(1 - step.eta * weightDecay)
        for i in step.next.indices { step.next[i] = Double(Float(step.next[i]) * decay) }
        adam.updateFloat32(&step, &objective, bounds: bounds)
    }
}
