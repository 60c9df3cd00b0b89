#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How η changes over a run; t counts the updates applied before this one. The closed forms are
/// those of torch's StepLR, ExponentialLR-style decay, CosineAnnealingLR and ReduceLROnPlateau.
public enum StepSizeSchedule: Equatable, Sendable {
    case constant
    /// η₀·γ^⌊t/every⌋
    case step(gamma: Double, every: Int)
    /// η₀·e^(−k·t)
    case exponential(k: Double)
    /// ½η₀(1 + cos(πt/T))
    case cosine(period: Double)
    /// η ← η·factor after more than `patience` steps without L improving on its best by a relative `threshold`.
    case plateau(factor: Double, patience: Int, threshold: Double)

    public var name: String {
        switch self {
        case .constant: return "constant"
        case .step: return "step"
        case .exponential: return "exp"
        case .cosine: return "cosine"
        case .plateau: return "plateau"
        }
    }

    public static let names = ["constant", "step", "exp", "cosine", "plateau"]
}

/// A schedule in motion: the closed forms need only t; the plateau rule remembers the best loss.
struct ScheduleState: Sendable {
    let schedule: StepSizeSchedule
    let initial: Double
    private var current: Double
    private var best = Double.infinity
    private var badSteps = 0

    init(_ schedule: StepSizeSchedule, eta: Double) {
        self.schedule = schedule
        self.initial = eta
        self.current = eta
    }

    /// η for the update from iterate t, whose loss is `loss`.
    mutating func eta(at t: Int, loss: Double) -> Double {
        switch schedule {
        case .constant: return initial
        case .step(let gamma, let every): return initial * pow(gamma, Double(t / max(1, every)))
        case .exponential(let k): return initial * exp(-k * Double(t))
        case .cosine(let period): return 0.5 * initial * (1 + cos(Double.pi * Double(t) / period))
        case .plateau:
            // torch calls scheduler.step(loss) after optimizer.step(): the loss seen at t changes η from t + 1 on.
            let eta = current
            observe(loss)
            return eta
        }
    }

    private mutating func observe(_ loss: Double) {
        guard case .plateau(let factor, let patience, let threshold) = schedule else { return }
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
    }
}
