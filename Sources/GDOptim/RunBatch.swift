import GDConcurrency
import Synchronization

/// How one of many runs ended: what sweeps, multistarts and grids report of each.
public struct RunOutcome: Equatable, Sendable {
    /// Updates applied.
    public var steps: Int
    public var point: [Double]
    public var loss: Double
    public var gradientNorm: Double
    public var stop: StopReason
    public var divergence: Divergence?

    public init(steps: Int, point: [Double], loss: Double, gradientNorm: Double, stop: StopReason, divergence: Divergence?) {
        self.steps = steps
        self.point = point
        self.loss = loss
        self.gradientNorm = gradientNorm
        self.stop = stop
        self.divergence = divergence
    }

    /// A run the user's interrupt kept from starting.
    static func neverStarted(at start: [Double]) -> RunOutcome {
        RunOutcome(steps: 0, point: start, loss: .nan, gradientNorm: .nan, stop: .interrupted, divergence: nil)
    }
}

/// Many runs of one loss, each from its start with its settings: as lanes (`LaneDescent`) where lanes can stand in
/// for them (settings that differ only in η, and that lanes support), else as single runs (`Descent`),
/// one on each core. Either way each outcome is exactly that of the run with its start and settings.
public enum RunBatch {
    public static func outcomes(_ objective: Objective, runs: [(start: [Double], settings: DescentSettings)],
                                interrupted: @Sendable () -> Bool = { false },
                                progress: @escaping ProgressReporter = { _ in }) -> [RunOutcome] {
        guard let first = runs.first?.settings else { return [] }
        if LaneDescent.supports(first, objective),
           runs.allSatisfy({ var s = $0.settings; s.eta = first.eta; return s == first }) {
            return LaneDescent(objective: objective, starts: runs.map(\.start), etas: runs.map(\.settings.eta), settings: first,
                               interrupted: interrupted, progress: progress).outcomes
        }
        let workers = min(Cores.count, runs.count)
        if workers > 1 {
            // Each run on a core of its own; they tell how many have finished, and the update the latest report is at.
            let results = Locked([RunOutcome?](repeating: nil, count: runs.count))
            let finished = Atomic(0)
            Cores.run(workers) { worker in
                for i in stride(from: worker, to: runs.count, by: workers) {
                    let outcome = Self.run(objective, runs[i], interrupted: interrupted) { step, _ in
                        progress(.runs(done: finished.load(ordering: .relaxed), total: runs.count, step: step))
                    }
                    results.withLock { $0[i] = outcome }
                    let done = finished.add(1, ordering: .relaxed).newValue
                    progress(.runs(done: done, total: runs.count, step: nil))
                }
            }
            return results.withLock { $0.map { $0! } }
        }
        // One run after another, each telling the progress of its steps.
        var outcomes: [RunOutcome] = []
        outcomes.reserveCapacity(runs.count)
        for run in runs {
            progress(.runs(done: outcomes.count, total: runs.count, step: nil))
            outcomes.append(Self.run(objective, run, interrupted: interrupted) { step, loss in
                progress(.run(step: step, loss: loss))
            })
        }
        progress(.runs(done: outcomes.count, total: runs.count, step: nil))
        return outcomes
    }

    /// One run to its end, or never started where the user has interrupted already.
    private static func run(_ objective: Objective, _ run: (start: [Double], settings: DescentSettings),
                            interrupted: () -> Bool, progress: (Int, Double) -> Void) -> RunOutcome {
        if interrupted() { return .neverStarted(at: run.start) }
        var descent = Descent(objective: objective, start: run.start, settings: run.settings, keepsHistory: false)
        descent.run(interrupted: interrupted, progress: progress)
        let last = descent.last
        return RunOutcome(steps: last.k, point: last.point, loss: last.loss, gradientNorm: last.gradientNorm,
                          stop: descent.stop ?? .steps, divergence: descent.divergence)
    }
}