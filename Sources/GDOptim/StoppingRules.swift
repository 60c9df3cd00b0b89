/// What a descent does and when it stops.
public struct DescentSettings: Equatable, Sendable {
    /// The step size η.
    public var eta: Double = 0.1
    /// The most updates a run applies.
    public var steps: Int = 1000
    /// Stop when ‖∇L‖ ≤ this.
    public var tolGrad: Double? = 1e-8
    /// Stop when L ≤ this.
    public var tolLoss: Double?
    /// Stop when an update moves the point by less than this (‖Δw‖ < tol_step).
    public var tolStep: Double?
    /// A run has diverged once |L| passes `divergence`·max(1, |L₀|) or ‖w‖ passes `divergence`·max(1, ‖w₀‖).
    public var divergence: Double = 1e12
    public var method: Method = .gd
    public var schedule: StepSizeSchedule = .constant
    /// Box constraints for projected descent; nil for none.
    public var bounds: Bounds?
    /// Mini-batches: each update sees `size` rows of the loss's table, in an order shuffled every epoch from `seed`.
    public var batch: Batching?

    public init() {}
}

/// Mini-batch stochastic descent over the rows of the loss's table.
public struct Batching: Equatable, Sendable {
    public var size: Int
    public var seed: UInt64

    public init(size: Int, seed: UInt64) {
        self.size = size
        self.seed = seed
    }
}

/// Why a run stopped.
public enum StopReason: String, Sendable, Equatable {
    /// It applied the most updates allowed.
    case steps
    case tolGrad = "tol_grad"
    case tolLoss = "tol_loss"
    case tolStep = "tol_step"
    /// The loss or the point became non-finite or grew past the divergence bound.
    case diverged
    /// The user interrupted it.
    case interrupted
}

/// What made a run count as diverged.
public enum Divergence: Sendable, Equatable {
    /// L is NaN or infinite.
    case lossNotFinite
    /// A coordinate of the point is NaN or infinite.
    case pointNotFinite(parameter: Int)
    /// A component of the gradient is NaN or infinite.
    case gradientNotFinite(parameter: Int)
    /// |L| passed `divergence`·max(1, |L₀|).
    case lossGrew
    /// ‖w‖ passed `divergence`·max(1, ‖w₀‖).
    case pointGrew
}

extension Divergence {
    /// Whether an iterate has diverged, and why: the one test every kind of run applies, in this order.
    /// The sums of squares are passed in because callers have them already; they are finite exactly when every
    /// component is, so the culprit is searched for only when one is not.
    static func of(loss: Double, point: UnsafeBufferPointer<Double>, pointSquares: Double,
                   gradient: UnsafeBufferPointer<Double>, gradientSquares: Double,
                   lossScale: Double, pointScale: Double, bound: Double) -> Divergence? {
        if !loss.isFinite { return .lossNotFinite }
        if !pointSquares.isFinite, let i = point.firstIndex(where: { !$0.isFinite }) { return .pointNotFinite(parameter: i) }
        if !gradientSquares.isFinite, let i = gradient.firstIndex(where: { !$0.isFinite }) { return .gradientNotFinite(parameter: i) }
        if abs(loss) > bound * lossScale { return .lossGrew }
        if norm(sumOfSquares: pointSquares, point) > bound * pointScale { return .pointGrew }
        return nil
    }
}
