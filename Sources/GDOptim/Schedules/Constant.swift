/// η₀ throughout.
struct ConstantSchedule: ScheduleDeclaration {
    static let name = "constant"
    static let rank = 1.0
    static let summary = "η₀ throughout"
    static let hyperparameters: [Hyperparameter] = []

    let initial: Double

    init(_ hyperparameters: [Double], eta: Double) { initial = eta }

    func eta(at t: Int, loss: Double) -> Double { initial }
}

extension StepSizeSchedule {
    public static let constant = StepSizeSchedule(ConstantSchedule.self, [])
}
