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
/// for them (settings that differ only in η, and that lanes support), else as single runs (`Descent`), one after
/// another. Either way each outcome is exactly that of the run with its start and settings.
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
        // One run after another, each telling the progress of its steps, as the terminal shows them.
        var outcomes: [RunOutcome] = []
        outcomes.reserveCapacity(runs.count)
        for (start, settings) in runs {
            progress(.runs(done: outcomes.count, total: runs.count, step: nil))
            if interrupted() {
                outcomes.append(.neverStarted(at: start))
                continue
            }
            var run = Descent(objective: objective, start: start, settings: settings, keepsHistory: false)
            run.run(interrupted: interrupted, progress: { step, loss in progress(.run(step: step, loss: loss)) })
            let last = run.last
            outcomes.append(RunOutcome(steps: last.k, point: last.point, loss: last.loss, gradientNorm: last.gradientNorm,
                                       stop: run.stop ?? .steps, divergence: run.divergence))
        }
        progress(.runs(done: outcomes.count, total: runs.count, step: nil))
        return outcomes
    }
}
