/// torch's ReduceLROnPlateau (mode min, relative threshold): η ← η·factor after more than `patience` steps without L
/// improving on its best by a relative `threshold`.
struct PlateauSchedule: ScheduleDeclaration {
    static let name = "plateau"
    static let rank = 5.0
    static let summary = "torch's ReduceLROnPlateau: η ← η·factor after more than patience steps without improvement"
    static let hyperparameters = [
        Hyperparameter("factor", .positive, default: "0.1", "η is multiplied by factor on a plateau"),
        Hyperparameter("patience", .count(minimum: 0), default: "10", "steps without improvement tolerated"),
        Hyperparameter("threshold", .positive, default: "1e-4", "relative improvement that counts"),
    ]

    let factor: Double
    let patience: Int
    let threshold: Double
    /// η now, the best loss so far, and the steps since it last improved.
    private var current: Double
    private var best = Double.infinity
    private var badSteps = 0

    init(_ hyperparameters: [Double], eta: Double) {
        factor = hyperparameters[0]
        patience = Int(hyperparameters[1])
        threshold = hyperparameters[2]
        current = eta
    }

    mutating func eta(at t: Int, loss: Double) -> Double {
        // torch calls scheduler.step(loss) after optimizer.step(): the loss seen at t changes η from t + 1 on.
        let eta = current
        if loss < best * (1 - threshold) || best == .infinity {
            best = loss
            badSteps = 0
        } else {
            badSteps += 1
        }
        if badSteps > patience {
            let reduced = current * factor
            if current - reduced > 1e-8 { current = reduced }
            badSteps = 0
        }
        return eta
    }
}
