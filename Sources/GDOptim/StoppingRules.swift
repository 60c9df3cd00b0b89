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
    /// Stop when an update changes the loss by at most this (|L(w_k+1) − L(w_k)| ≤ tol_dloss): progress has stalled.
    public var tolDloss: Double?
    /// A run has diverged once |L| passes `divergence`·max(1, |L₀|) or ‖w‖ passes `divergence`·max(1, ‖w₀‖).
    public var divergence: Double = 1e12
    public var method: Method = .gd
    public var schedule: StepSizeSchedule = .constant
    /// Box constraints for projected descent; nil for none.
    public var bounds: Bounds?
    /// Mini-batches: each update sees `size` rows of the loss's table, in an order shuffled every epoch from `seed`.
    public var batch: Batching?
    /// The format the run computes in (see `Precision`).
    public var precision: Precision = .f64

    public init() {}
}

/// Mini-batch stochastic descent over the rows of the loss's table.
public struct Batching: Equatable, Sendable {
    public var size: Int
    /// The seed the run gave, or nil when it draws from the session's stream (which `stream` then holds).
    public var seed: UInt64?
    /// The random stream the epochs' shuffles are drawn from, as it stands when the run starts.
    public var stream: NumPyRandom
    /// Whether the loss over all rows is measured after every update (the notes' curve), not only after each epoch.
    public var measuresEveryUpdate: Bool

    public init(size: Int, seed: UInt64?, measuresEveryUpdate: Bool = false) {
        self.size = size
        self.seed = seed
        stream = NumPyRandom(seed: seed ?? 0)
        self.measuresEveryUpdate = measuresEveryUpdate
    }
}

/// Why a run stopped.
public enum StopReason: String, Sendable, Equatable {
    /// It applied the most updates allowed.
    case steps
    case tolGrad = "tol_grad"
    case tolLoss = "tol_loss"
    case tolStep = "tol_step"
    /// An update changed the loss by at most tol_dloss: progress stalled, which is not convergence to a point.
    case tolDloss = "tol_dloss"
    /// The loss or the point became non-finite or grew past the divergence bound.
    case diverged
    /// The user interrupted it.
    case interrupted

    /// Whether a tolerance stopped it: the run converged, by its own test.
    public var isConvergence: Bool { self == .tolGrad || self == .tolLoss || self == .tolStep }
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

/// The rules that end a run, defined once: what each tests, its threshold, the order they are tested in, and the
/// scales divergence is measured against. The general loop (`Descent.run`), plain descent's loop
/// (Descent+PlainLoop.swift), the lanes (`LaneDescent`) and the machine code (`NativePlainLoop`, with the limits
/// `PlainStep.setLimits` sets) all take them from here, each applying them in its own form.
///
/// Before each update, on the iterate it starts from: `beforeUpdate` in order, then every 1024 updates whether the
/// user interrupted. After each update, on the iterate it reached: `afterUpdate` in order. A run stops at the first
/// rule that holds.
struct StoppingRules: Sendable {
    /// Stop when ‖∇L‖ ≤ this.
    let tolGrad: Double?
    /// Stop when L ≤ this.
    let tolLoss: Double?
    /// Stop when an update moves the point by less than this.
    let tolStep: Double?
    /// Stop when an update changes the loss by at most this.
    let tolDloss: Double?
    /// The most updates.
    let steps: Int
    /// Diverged once |L| or ‖w‖ passes this times its scale (see `DivergenceScales`).
    let divergence: Double

    /// With `precision=f32` the tolerances are rounded to float32, as `np.float32(tol)` is in the test it meets.
    init(_ settings: DescentSettings) {
        let p = settings.precision
        tolGrad = settings.tolGrad.map(p.rounded)
        tolLoss = settings.tolLoss.map(p.rounded)
        tolStep = settings.tolStep.map(p.rounded)
        tolDloss = settings.tolDloss.map(p.rounded)
        steps = settings.steps
        divergence = settings.divergence
    }

    /// The rules tested on an iterate before the update from it, in order.
    static let beforeUpdate: [StopReason] = [.tolGrad, .tolLoss, .steps]
    /// The rules tested on the iterate an update reached, in order (before the next update's `beforeUpdate`).
    static let afterUpdate: [StopReason] = [.diverged, .tolStep, .tolDloss]

    /// Whether `rule`, one of `beforeUpdate`, holds at an iterate k updates into a run.
    @inline(__always)
    func holds(_ rule: StopReason, k: Int, loss: Double, gradientNorm: Double) -> Bool {
        switch rule {
        case .tolGrad: return gradientStops(gradientNorm)
        case .tolLoss: if let tol = tolLoss { return loss <= tol } else { return false }
        case .steps: return k >= steps
        default: preconditionFailure("\(rule) is not tested before an update")
        }
    }

    /// ‖∇L‖ ≤ tol_grad (false when unordered).
    @inline(__always)
    func gradientStops(_ gradientNorm: Double) -> Bool {
        if let tol = tolGrad { return gradientNorm <= tol } else { return false }
    }

    /// ‖Δw‖ < tol_step (false when unordered).
    @inline(__always)
    func moveStops(_ moved: Double) -> Bool {
        if let tol = tolStep { return moved < tol } else { return false }
    }

    /// The first rule of `beforeUpdate` that holds at an iterate k updates into a run; nil to go on.
    @inline(__always)
    func stop(before k: Int, loss: Double, gradientNorm: Double) -> StopReason? {
        for rule in Self.beforeUpdate where holds(rule, k: k, loss: loss, gradientNorm: gradientNorm) { return rule }
        return nil
    }

    /// |ΔL| ≤ tol_dloss (false when unordered).
    @inline(__always)
    func lossChangeStops(_ change: Double) -> Bool {
        if let tol = tolDloss { return change <= tol } else { return false }
    }

    /// The first rule of `afterUpdate` that holds for an update that moved the point by √`movedSquares` and changed
    /// the loss by `lossChange` to an iterate that has diverged for `divergence` (nil: it has not); nil to go on.
    @inline(__always)
    func stop(after divergence: Divergence?, movedSquares: Double, lossChange: Double = .infinity) -> StopReason? {
        for rule in Self.afterUpdate {
            switch rule {
            case .diverged: if divergence != nil { return rule }
            case .tolStep: if tolStep != nil, moveStops(movedSquares.squareRoot()) { return rule }
            case .tolDloss: if tolDloss != nil, lossChangeStops(lossChange) { return rule }
            default: preconditionFailure("\(rule) is not tested after an update")
            }
        }
        return nil
    }

    /// Whether the user is asked before the update from iterate k (after `beforeUpdate`): every 1024 updates.
    @inline(__always)
    static func asksForInterruption(at k: Int) -> Bool { k & 1023 == 1023 }

    /// The first iterate after k at which the user is asked.
    static func nextInterruptionCheck(after k: Int) -> Int { k & 1023 == 1023 ? k + 1024 : k | 1023 }

    /// The bound |L| must not pass, and the one ‖w‖ must not pass, for a run with these scales.
    @inline(__always)
    func lossBound(_ scales: DivergenceScales) -> Double { divergence * scales.loss }
    @inline(__always)
    func pointBound(_ scales: DivergenceScales) -> Double { divergence * scales.point }

    /// Whether an iterate has diverged, and why: the one test every kind of run applies, in this order.
    /// The sums of squares are passed in because callers have them already; they are finite exactly when every
    /// component is, so the culprit is searched for only when one is not.
    @inline(__always)
    func divergence(loss: Double, point: UnsafeBufferPointer<Double>, pointSquares: Double,
                    gradient: UnsafeBufferPointer<Double>, gradientSquares: Double, scales: DivergenceScales) -> Divergence? {
        if !loss.isFinite { return .lossNotFinite }
        if !pointSquares.isFinite, let i = point.firstIndex(where: { !$0.isFinite }) { return .pointNotFinite(parameter: i) }
        if !gradientSquares.isFinite, let i = gradient.firstIndex(where: { !$0.isFinite }) { return .gradientNotFinite(parameter: i) }
        if abs(loss) > lossBound(scales) { return .lossGrew }
        if norm(sumOfSquares: pointSquares, point) > pointBound(scales) { return .pointGrew }
        return nil
    }
}

/// What divergence is measured against, fixed by a run's start: max(1, |L₀|) and max(1, ‖w₀‖), each 1 where
/// it is not finite.
struct DivergenceScales: Sendable {
    var loss: Double
    var point: Double
}

extension DivergenceScales {
    /// The scales of a run that starts with loss L₀ at a point of norm ‖w₀‖.
    init(startLoss loss: Double, startPointNorm pointNorm: Double) {
        self.loss = max(1, abs(loss).isFinite ? abs(loss) : 1)
        point = max(1, pointNorm.isFinite ? pointNorm : 1)
    }
}
