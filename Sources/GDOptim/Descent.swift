/// A descent run that can be continued step by step: each update moves w against the gradient by the
/// rule of `settings.method`, with η from `settings.schedule`, projected onto `settings.bounds`.
public struct Descent: Sendable {
    public let objective: Objective
    public let settings: DescentSettings
    public let start: [Double]
    public private(set) var history = RunHistory()
    /// Why the run stopped, once it has.
    public private(set) var stop: StopReason?
    /// For a diverged run, what crossed the line.
    public private(set) var divergence: Divergence?
    /// Newton's method: the updates that fell back to a gradient step because H was not positive definite.
    public private(set) var newtonFallbacks: [Int] = []
    /// Whether every iterate is kept; sweeps keep only the last.
    public let keepsHistory: Bool

    private var evaluator: ObjectiveEvaluator
    private var current: Iterate
    private var schedule: ScheduleState
    /// Per-parameter state of the adaptive methods: momentum buffer or first moment, and squared-gradient sum.
    private var firstMoment: [Double]
    private var secondMoment: [Double]
    private let lossScale: Double
    private let pointScale: Double

    public init(objective: Objective, start: [Double], settings: DescentSettings, keepsHistory: Bool = true) {
        precondition(start.count == objective.dimension)
        let objective = settings.method.needsHessian ? objective.withHessian() : objective
        self.objective = objective
        self.settings = settings
        self.keepsHistory = keepsHistory
        let start = settings.bounds?.project(start) ?? start
        self.start = start
        evaluator = ObjectiveEvaluator(objective)
        schedule = ScheduleState(settings.schedule, eta: settings.eta)
        firstMoment = [Double](repeating: 0, count: start.count)
        secondMoment = firstMoment
        var gradient = firstMoment
        let loss = evaluator.evaluate(start, gradient: &gradient)
        current = Iterate(k: 0, point: start, loss: loss, gradient: gradient, eta: settings.eta)
        lossScale = max(1, abs(loss).isFinite ? abs(loss) : 1)
        let norm = euclideanNorm(start)
        pointScale = max(1, norm.isFinite ? norm : 1)
        current.gradientNorm = stationarity(current)
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

    /// ‖∇L‖, or for a constrained run the norm of the projected gradient, which is 0 at a constrained minimum.
    private func stationarity(_ it: Iterate) -> Double {
        guard let bounds = settings.bounds else { return euclideanNorm(it.gradient) }
        return euclideanNorm(bounds.projectedGradient(it.gradient, at: it.point))
    }

    /// One update; returns ‖Δw‖.
    private mutating func update() -> Double {
        let w = current.point
        let g = current.gradient
        var eta = schedule.eta(at: current.k, loss: current.loss)
        var next = w
        switch settings.method {
        case .gd:
            for i in next.indices { next[i] -= eta * g[i] }
        case .momentum(let beta), .nesterov(let beta):
            for i in next.indices {
                firstMoment[i] = current.k == 0 ? g[i] : beta * firstMoment[i] + g[i]
                let direction = settings.method == .momentum(beta: beta) ? firstMoment[i] : g[i] + beta * firstMoment[i]
                next[i] -= eta * direction
            }
        case .adagrad(let epsilon):
            for i in next.indices {
                secondMoment[i] += g[i] * g[i]
                next[i] -= eta * g[i] / (secondMoment[i].squareRoot() + epsilon)
            }
        case .rmsprop(let rho, let epsilon):
            for i in next.indices {
                secondMoment[i] = rho * secondMoment[i] + (1 - rho) * g[i] * g[i]
                next[i] -= eta * g[i] / (secondMoment[i].squareRoot() + epsilon)
            }
        case .adam(let beta1, let beta2, let epsilon):
            let t = Double(current.k + 1)
            let correction1 = 1 - pow(beta1, t)
            let correction2 = (1 - pow(beta2, t)).squareRoot()
            let stepSize = eta / correction1
            for i in next.indices {
                firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * g[i]
                secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g[i] * g[i]
                next[i] -= stepSize * firstMoment[i] / (secondMoment[i].squareRoot() / correction2 + epsilon)
            }
        case .backtracking(let shrink, let c):
            let found = LineSearch.backtracking(from: w, loss: current.loss, gradient: g, trial: eta, shrink: shrink, c: c,
                                                bounds: settings.bounds, evaluate: { $0.loss($1) }, evaluator: &evaluator)
            (eta, next) = found
        case .exact:
            (eta, next) = LineSearch.exact(from: w, loss: current.loss, gradient: g, trial: eta, bounds: settings.bounds,
                                           evaluator: &evaluator)
        case .newton:
            if let h = evaluator.hessian(w), let d = LinearAlgebra.solvePositiveDefinite(h, g) {
                eta = 1
                for i in next.indices { next[i] -= d[i] }
            } else {
                newtonFallbacks.append(current.k)
                for i in next.indices { next[i] -= eta * g[i] }
            }
        }
        if let bounds = settings.bounds { next = bounds.project(next) }
        var moved = 0.0
        for i in next.indices { moved += (next[i] - w[i]) * (next[i] - w[i]) }
        var gradient = g
        let loss = evaluator.evaluate(next, gradient: &gradient)
        // The η recorded with an iterate is the one its outgoing update used; set it on the iterate just left.
        if keepsHistory { history.setEta(eta, forLast: current.k) }
        current = Iterate(k: current.k + 1, point: next, loss: loss, gradient: gradient, eta: eta)
        current.gradientNorm = stationarity(current)
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
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
