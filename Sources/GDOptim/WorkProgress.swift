/// How far long work has come, told now and then (every 1024 steps of a run) so that a terminal can show it.
public enum WorkProgress: Sendable, Equatable {
    /// The run going on is at update `step`, with loss `loss`.
    case run(step: Int, loss: Double)
    /// Of `total` runs (sweep values, starts, grid cells, methods), `done` have finished; lanes, which advance
    /// together, also tell the update they have reached.
    case runs(done: Int, total: Int, step: Int?)
}

/// Where progress is told: a function that may be called from any thread.
public typealias ProgressReporter = @Sendable (WorkProgress) -> Void
