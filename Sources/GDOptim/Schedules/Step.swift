import Glibc

/// torch's StepLR: η₀·γ^⌊t/every⌋.
struct StepSchedule: ScheduleDeclaration, LaneSchedule {
    static let name = "step"
    static let rank = 2.0
    static let summary = "torch's StepLR: η₀·γ^⌊t/every⌋"
    static let hyperparameters = [
        Hyperparameter("gamma", .positive, default: "0.1", "η is multiplied by gamma every `every` steps"),
        Hyperparameter("every", .count(minimum: 1), default: "10", "steps between reductions"),
    ]

    let initial: Double
    let gamma: Double
    let every: Int

    init(_ hyperparameters: [Double], eta: Double) {
        initial = eta
        gamma = hyperparameters[0]
        every = Int(hyperparameters[1])
    }

    func eta(at t: Int, loss: Double) -> Double { initial * laneScale(at: t).factor }
    func laneScale(at t: Int) -> (scale: Double, factor: Double) { (1, pow(gamma, Double(t / max(1, every)))) }
}
