import Glibc

/// Exponential decay: η₀·e^(−k·t).
struct ExponentialSchedule: ScheduleDeclaration, LaneSchedule {
    static let name = "exp"
    static let rank = 3.0
    static let summary = "exponential decay: η₀·e^(−k·t)"
    static let hyperparameters = [Hyperparameter("k", .positive, default: "0.01", "decay rate: η₀·e^(−k·t)")]

    let initial: Double
    let k: Double

    init(_ hyperparameters: [Double], eta: Double) {
        initial = eta
        k = hyperparameters[0]
    }

    func eta(at t: Int, loss: Double) -> Double { initial * laneScale(at: t).factor }
    func laneScale(at t: Int) -> (scale: Double, factor: Double) { (1, exp(-k * Double(t))) }
}
