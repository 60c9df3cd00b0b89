import Glibc

/// torch's CosineAnnealingLR down to 0: ½η₀(1 + cos(πt/T)).
struct CosineSchedule: ScheduleDeclaration, LaneSchedule {
    static let name = "cosine"
    static let rank = 4.0
    static let summary = "torch's CosineAnnealingLR: ½η₀(1 + cos(πt/T))"
    static let hyperparameters = [Hyperparameter("T", .positive, default: .steps, "period: ½η₀(1 + cos(πt/T))")]

    let initial: Double
    let period: Double

    init(_ hyperparameters: [Double], eta: Double) {
        initial = eta
        period = hyperparameters[0]
    }

    func eta(at t: Int, loss: Double) -> Double {
        let (scale, factor) = laneScale(at: t)
        return scale * initial * factor
    }
    func laneScale(at t: Int) -> (scale: Double, factor: Double) { (0.5, 1 + cos(Double.pi * Double(t) / period)) }
}
