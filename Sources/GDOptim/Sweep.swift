import Glibc

/// A sweep: one descent per value of a setting (η by default) from the same start, timed by how many
/// updates reach a target loss.
public struct SweepRow: Equatable, Sendable {
    /// The swept setting's value.
    public var value: Double
    public var eta: Double
    /// Updates applied: to reach the target where `reached`, else until the run stopped.
    public var steps: Int
    public var reached: Bool
    public var finalLoss: Double
    public var stop: StopReason
    /// The most steps this run could take.
    public var cap: Int
    /// Where the run ended, and ‖∇L‖ there.
    public var point: [Double] = []
    public var gradientNorm: Double = .nan
}

public struct Sweep: Sendable {
    public var rows: [SweepRow]

    /// The fastest value that reached the target; ties go to the smaller value.
    public var best: SweepRow? {
        rows.filter(\.reached).min { a, b in a.steps != b.steps ? a.steps < b.steps : a.value < b.value }
    }

    /// Runs one descent per (value, settings), each stopping at L ≤ `target`, the step cap or divergence.
    public init(objective: Objective, start: [Double], runs: [(value: Double, settings: DescentSettings)], target: Double,
                interrupted: @Sendable () -> Bool = { false }, progress: @escaping ProgressReporter = { _ in }) {
        let outcomes = RunBatch.outcomes(objective, runs: runs.map { run in
            var s = run.settings
            s.tolLoss = target
            return (start, s)
        }, interrupted: interrupted, progress: progress)
        rows = zip(runs, outcomes).map { run, o in
            SweepRow(value: run.value, eta: run.settings.eta, steps: o.steps,
                     reached: o.loss <= run.settings.precision.rounded(target), finalLoss: o.loss, stop: o.stop,
                     cap: run.settings.steps, point: o.point, gradientNorm: o.gradientNorm)
        }
    }

    /// `count` values from `low` to `high`, evenly spaced or (with `logarithmic`) evenly spaced in log.
    public static func values(from low: Double, to high: Double, count: Int, logarithmic: Bool) -> [Double] {
        guard count > 1 else { return [low] }
        // Interpolated as low·(1 − t) + high·t, and in log space through logarithms, so wide ranges never overflow.
        let logLow = log(low), logHigh = log(high)
        return (0..<count).map { i in
            let t = Double(i) / Double(count - 1)
            if i == 0 { return low }
            if i == count - 1 { return high }
            if logarithmic { return exp(logLow * (1 - t) + logHigh * t) }
            return low * (1 - t) + high * t
        }
    }
}
