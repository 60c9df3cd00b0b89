/// A gradient-descent run, w ← w − η∇L(w), that can be continued step by step.
public struct Descent: Sendable {
    public let objective: Objective
    public let settings: DescentSettings
    public let start: [Double]
    public private(set) var history = RunHistory()
    /// Why the run stopped, once it has.
    public private(set) var stop: StopReason?
    /// For a diverged run, what crossed the line.
    public private(set) var divergence: Divergence?
    /// Whether every iterate is kept; sweeps keep only the last.
    public let keepsHistory: Bool

    private var evaluator: ObjectiveEvaluator
    private var current: Iterate
    private let lossScale: Double
    private let pointScale: Double

    public init(objective: Objective, start: [Double], settings: DescentSettings, keepsHistory: Bool = true) {
        precondition(start.count == objective.dimension)
        self.objective = objective
        self.settings = settings
        self.start = start
        self.keepsHistory = keepsHistory
        evaluator = ObjectiveEvaluator(objective)
        var gradient = [Double](repeating: 0, count: start.count)
        let loss = evaluator.evaluate(start, gradient: &gradient)
        current = Iterate(k: 0, point: start, loss: loss, gradient: gradient, eta: settings.eta)
        lossScale = max(1, abs(loss).isFinite ? abs(loss) : 1)
        let norm = euclideanNorm(start)
        pointScale = max(1, norm.isFinite ? norm : 1)
        history.append(current)
        checkDivergence()
    }

    /// The latest iterate.
    public var last: Iterate { current }

    /// The number of updates applied so far.
    public var updates: Int { current.k }

    /// Applies updates until a stopping rule holds; `interrupted` is polled now and then.
    public mutating func run(interrupted: () -> Bool = { false }) {
        while stop == nil {
            if let tol = settings.tolGrad, current.gradientNorm <= tol { stop = .tolGrad; return }
            if let tol = settings.tolLoss, current.loss <= tol { stop = .tolLoss; return }
            if current.k >= settings.steps { stop = .steps; return }
            if current.k & 1023 == 1023 && interrupted() { stop = .interrupted; return }
            let moved = update()
            if stop == nil, let tol = settings.tolStep, moved < tol { stop = .tolStep }
        }
    }

    /// Applies `count` more updates whatever the tolerances say, stopping early only on divergence
    /// or interruption; returns the first `keep` of the new iterates.
    @discardableResult
    public mutating func step(_ count: Int, keep: Int = 10_000, interrupted: () -> Bool = { false }) -> [Iterate] {
        var new: [Iterate] = []
        if stop == .diverged { return new }
        stop = nil
        for i in 0..<count {
            if i & 1023 == 1023 && interrupted() { stop = .interrupted; return new }
            _ = update()
            if new.count < keep { new.append(current) }
            if stop == .diverged { return new }
        }
        stop = .steps
        return new
    }

    /// One update; returns ‖Δw‖.
    private mutating func update() -> Double {
        var next = current.point
        var moved = 0.0
        for i in next.indices {
            let delta = settings.eta * current.gradient[i]
            next[i] -= delta
            moved += delta * delta
        }
        var gradient = current.gradient
        let loss = evaluator.evaluate(next, gradient: &gradient)
        current = Iterate(k: current.k + 1, point: next, loss: loss, gradient: gradient, eta: settings.eta)
        if keepsHistory {
            history.append(current)
        }
        checkDivergence()
        return moved.squareRoot()
    }

    private mutating func checkDivergence() {
        var reason: Divergence?
        if !current.loss.isFinite {
            reason = .lossNotFinite
        } else if let i = current.point.firstIndex(where: { !$0.isFinite }) {
            reason = .pointNotFinite(parameter: i)
        } else if let i = current.gradient.firstIndex(where: { !$0.isFinite }) {
            reason = .gradientNotFinite(parameter: i)
        } else if abs(current.loss) > settings.divergence * lossScale {
            reason = .lossGrew
        } else if euclideanNorm(current.point) > settings.divergence * pointScale {
            reason = .pointGrew
        }
        if let reason {
            divergence = reason
            stop = .diverged
            if !keepsHistory { history.append(current) }
        }
    }

    /// Marks the end of a run whose history was not kept, so the last iterate is recorded.
    public mutating func finish() {
        if !keepsHistory, history.last?.k != current.k { history.append(current) }
    }
}
