/// η₀ throughout.
struct ConstantSchedule: ScheduleDeclaration, LaneSchedule {
    static let name = "constant"
    static let rank = 1.0
    static let summary = "η₀ throughout"
    static let hyperparameters: [Hyperparameter] = []

    let initial: Double

    init(_ hyperparameters: [Double], eta: Double) { initial = eta }

    func eta(at t: Int, loss: Double) -> Double { initial }
    func laneScale(at t: Int) -> (scale: Double, factor: Double) { (1, 1) }
}

extension StepSizeSchedule {
    public static let constant = StepSizeSchedule(ConstantSchedule.self, [])
}
