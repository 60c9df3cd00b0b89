/// Several methods run from the same start, side by side.
public struct Comparison: Sendable {
    public struct Row: Sendable {
        public var method: Method
        public var descent: Descent
        /// The first k with L ≤ target, if any.
        public var stepsToTarget: Int?
    }

    public var rows: [Row]

    public init(objective: Objective, start: [Double], settings: DescentSettings, methods: [Method], target: Double?,
                interrupted: () -> Bool = { false }, progress: (Int, Double) -> Void = { _, _ in }) {
        rows = []
        for method in methods {
            if interrupted() { break }
            var s = settings
            s.method = method
            var run = Descent(objective: objective, start: start, settings: s)
            run.run(interrupted: interrupted, progress: progress)
            let history = run.history
            let reached = target.flatMap { t in history.losses.firstIndex { $0 <= t }.map { history.ks[$0] } }
            rows.append(Row(method: method, descent: run, stepsToTarget: reached))
        }
    }
}
