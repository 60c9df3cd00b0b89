/// A descent run that can be continued step by step: each update moves w against the gradient by the
/// rule of `settings.method`, with η from `settings.schedule`, projected onto `settings.bounds`.
public struct Descent: Sendable {
    public let objective: Objective
    public let settings: DescentSettings
    public let start: [Double]
    public internal(set) var history: RunHistory
    /// Why the run stopped, once it has.
    public internal(set) var stop: StopReason?
    /// For a diverged run, what crossed the line.
    public internal(set) var divergence: Divergence?
    /// Whether every iterate is kept; sweeps keep only the last.
    public let keepsHistory: Bool

    private var evaluator: ObjectiveEvaluator
    /// The latest iterate, kept in buffers that are reused from step to step (the plain loop of
    /// Descent+PlainLoop.swift reads and writes these, and the scales, directly).
    var k = 0
    var point: [Double]
    /// ∇L at the latest iterate (for a mini-batch run mid-epoch, the batch's).
    public internal(set) var gradient: [Double]
    var loss: Double
    var gradientNorm: Double
    var eta: Double
    /// Scratch for the next point and its gradient.
    private var nextPoint: [Double]
    private var nextGradient: [Double]
    /// The method and the schedule in motion, with what each keeps from update to update.
    private var method: any MethodDeclaration
    private var schedule: any ScheduleDeclaration
    /// Mini-batches: the shuffled row order of this epoch, where the current batch starts, and the generator.
    private var order: [Int] = []
    private var batchStart = 0
    private var batchRows: [Int]?
    /// The stream the shuffles are drawn from, as far as this run has drawn it.
    public private(set) var random: NumPyRandom
    /// The stopping rules, and what divergence is measured against (fixed by the start).
    let rules: StoppingRules
    var scales: DivergenceScales

    /// `historyCapacity`: how many iterates the history keeps before it thins (see `RunHistory`).
    public init(objective: Objective, start: [Double], settings: DescentSettings, keepsHistory: Bool = true,
                historyCapacity: Int = RunHistory.defaultCapacity) {
        precondition(start.count == objective.dimension)
        let objective = settings.method.rule.needs.contains(.hessian) ? objective.withHessian() : objective
        self.objective = objective
        self.settings = settings
        rules = StoppingRules(settings)
        self.keepsHistory = keepsHistory
        let projected = settings.bounds?.project(start) ?? start
        // An f32 run starts from the point rounded to float32, as torch.tensor(w0) holds it.
        let start = settings.precision == .f32 ? projected.map(settings.precision.rounded) : projected
        self.start = start
        evaluator = ObjectiveEvaluator(objective, precision: settings.precision)
        method = settings.method.start(dimension: start.count)
        schedule = settings.schedule.start(eta: settings.eta)
        history = RunHistory(dimension: start.count, capacity: historyCapacity, expected: keepsHistory ? settings.steps : 0)
        point = start
        gradient = [Double](repeating: 0, count: start.count)
        nextPoint = start
        nextGradient = gradient
        eta = settings.eta
        random = settings.batch?.stream ?? NumPyRandom(seed: 0)
        loss = 0
        gradientNorm = 0
        scales = DivergenceScales(loss: 1, point: 1)
        if settings.batch != nil, let n = objective.tableRows {
            // As the notes write it: indices = np.arange(n) once, then np.random.shuffle(indices) each epoch.
            order = Array(0..<n)
            random.shuffle(&order)
            history.appendFullLoss(k: 0, loss: evaluator.loss(start))
        }
        batchRows = nextBatch()
        loss = evaluator.evaluate(start, gradient: &gradient, rows: batchRows)
        scales = DivergenceScales(startLoss: loss, startPointNorm: euclideanNorm(start))
        if measure() != nil { stop = .diverged }
        record()
    }

    /// The latest iterate.
    public var last: Iterate {
        Iterate(k: k, point: point, loss: loss, gradientNorm: gradientNorm, eta: eta)
    }

    /// The number of updates applied so far.
    public var updates: Int { k }

    /// The updates where the method took a gradient step instead of its own (Newton's, where H was not positive
    /// definite).
    public var fallbacks: Fallbacks { method.fallbacks }

    /// Applies updates until a stopping rule holds. Every 1024 steps `interrupted` is asked whether to stop
    /// and `progress` is told the step and the loss.
    public mutating func run(interrupted: () -> Bool = { false }, progress: (Int, Double) -> Void = { _, _ in }) {
        defer { measureOnAllRows() }
        // Plain runs (gd, constant η, no bounds, no table) take a loop of their own, with identical results, in f64
        // and in f32.
        // tol_dloss compares each loss with the one before, which the plain loop's machine code does not keep.
        var f64 = settings
        f64.precision = .f64
        if settings.method == .gd && settings.schedule == .constant && settings.bounds == nil && LaneDescent.supports(f64, objective)
            && settings.tolDloss == nil {
            runPlain(interrupted: interrupted, progress: progress)
            return
        }
        while stop == nil {
            if let reason = rules.stop(before: k, loss: loss, gradientNorm: gradientNorm) { stop = reason; return }
            if StoppingRules.asksForInterruption(at: k) {
                if interrupted() { stop = .interrupted; return }
                progress(k, loss)
            }
            let before = loss
            let (reached, movedSquares) = update()
            // |ΔL| of two float32 losses, rounded as float32's own subtraction rounds it.
            let change = settings.precision == .f32 ? settings.precision.rounded(abs(loss - before)) : abs(loss - before)
            stop = rules.stop(after: reached, movedSquares: movedSquares, lossChange: change)
        }
    }

    /// Applies `count` more updates whatever the tolerances say, stopping early only on divergence
    /// or interruption; returns the first `keep` of the new iterates.
    @discardableResult
    public mutating func step(_ count: Int, keep: Int = 10_000, interrupted: () -> Bool = { false },
                              progress: (Int, Double) -> Void = { _, _ in }) -> [Iterate] {
        var new: [Iterate] = []
        if stop == .diverged { return new }
        defer { measureOnAllRows() }
        stop = nil
        for i in 0..<count {
            if StoppingRules.asksForInterruption(at: i) {
                if interrupted() { stop = .interrupted; return new }
                progress(k, loss)
            }
            if update().divergence != nil { stop = .diverged }
            if new.count < keep { new.append(last) }
            if stop == .diverged { return new }
        }
        stop = .steps
        return new
    }

    /// The rows of the next mini-batch, reshuffling at the start of each epoch; nil for full-batch runs.
    private mutating func nextBatch() -> [Int]? {
        guard let size = settings.batch?.size, !order.isEmpty else { return nil }
        if batchStart >= order.count {
            // An epoch has ended at the point just reached (k + 1): record the loss over all rows there.
            history.appendFullLoss(k: k + 1, loss: evaluator.loss(nextPoint))
            random.shuffle(&order)
            batchStart = 0
        }
        let rows = Array(order[batchStart..<min(order.count, batchStart + size)])
        batchStart += size
        return rows
    }

    /// A mini-batch run ends measured on all the data, so its summary and final iterate show the real loss.
    /// A later `step` goes on with fresh mini-batches.
    private mutating func measureOnAllRows() {
        guard settings.batch != nil, batchRows != nil else { return }
        batchRows = nil
        loss = evaluator.evaluate(point, gradient: &gradient)
        gradientNorm = stationarity()
        if keepsHistory { history.replaceLast(loss: loss, gradientNorm: gradientNorm) }
        if history.fullLossKs.last != k { history.appendFullLoss(k: k, loss: loss) }
    }

    /// ‖∇L‖, or for a constrained run the norm of the projected gradient, which is 0 at a constrained minimum.
    private func stationarity() -> Double {
        guard let bounds = settings.bounds else { return euclideanNorm(gradient) }
        return euclideanNorm(bounds.projectedGradient(gradient, at: point))
    }

    /// Appends the latest iterate to the history (or, without history, only remembers it).
    private mutating func record() {
        guard keepsHistory else { return }
        point.withUnsafeBufferPointer { p in
            history.append(k: k, point: p, loss: loss, gradientNorm: gradientNorm, eta: eta)
        }
    }

    /// One update; returns why the iterate it reached has diverged (nil: it has not), and ‖Δw‖².
    private mutating func update() -> (divergence: Divergence?, movedSquares: Double) {
        let float32 = settings.precision == .f32
        let stepEta = Self.applyMethod(&method, &evaluator, next: &nextPoint, k: k, point: point, loss: loss, gradient: gradient,
                                       eta: schedule.eta(at: k, loss: loss), bounds: settings.bounds, float32: float32)
        if let bounds = settings.bounds { nextPoint = bounds.project(nextPoint) }
        var moved = 0.0
        if float32 {
            // The update and the projection leave a float32 point (a method without a float32 update of its own
            // is rounded here), and ‖Δw‖ is measured in float32.
            for i in nextPoint.indices { nextPoint[i] = Double(Float(nextPoint[i])) }
            let movedNorm = Self.float32Norm(zip(nextPoint, point).map { Double(Float($0) - Float($1)) })
            // Squared in double, exactly, so that the rule's square root gives the float32 norm back.
            moved = movedNorm * movedNorm
        } else {
            nextPoint.withUnsafeBufferPointer { next in
                point.withUnsafeBufferPointer { p in
                    for i in 0..<next.count { moved += (next[i] - p[i]) * (next[i] - p[i]) }
                }
            }
        }
        // The η recorded with an iterate is the one its outgoing update used; set it on the iterate just left.
        if keepsHistory { history.setEta(stepEta, forLast: k) }
        batchRows = nextBatch()
        loss = evaluator.evaluate(nextPoint, gradient: &nextGradient, rows: batchRows)
        swap(&point, &nextPoint)
        swap(&gradient, &nextGradient)
        k += 1
        eta = stepEta
        if settings.batch?.measuresEveryUpdate == true, history.fullLossKs.last != k {
            history.appendFullLoss(k: k, loss: evaluator.loss(point))
        }
        let reached = measure()
        record()
        return (reached, moved)
    }

    /// The method's update from `point` into `next`; returns the step size it took. Static, with the run's state
    /// passed piece by piece, so that the arrays are lent to the method as they are, not retained.
    private static func applyMethod(_ method: inout any MethodDeclaration, _ evaluator: inout ObjectiveEvaluator, next: inout [Double],
                                    k: Int, point: [Double], loss: Double, gradient: [Double], eta: Double,
                                    bounds: Bounds?, float32: Bool) -> Double {
        next.withUnsafeMutableBufferPointer { next in
            point.withUnsafeBufferPointer { p in
                gradient.withUnsafeBufferPointer { g in
                    for i in 0..<next.count { next[i] = p[i] }
                    var step = MethodStep(k: k, point: p, loss: loss, gradient: g, eta: eta, next: next)
                    if float32 {
                        method.updateFloat32(&step, &evaluator, bounds: bounds)
                    } else {
                        method.update(&step, &evaluator, bounds: bounds)
                    }
                    return step.eta
                }
            }
        }
    }

    /// Sets ‖∇L‖ (projected, with bounds) for the new iterate and checks it for divergence, in one pass; returns
    /// (and keeps in `divergence`) why it has diverged, nil where it has not.
    private mutating func measure() -> Divergence? {
        var pointSquares = 0.0, gradientSquares = 0.0
        for i in point.indices {
            pointSquares += point[i] * point[i]
            gradientSquares += gradient[i] * gradient[i]
        }
        if settings.precision == .f32 {
            // Sums of float32 squares in float32, as the plain loop's float32 code computes them.
            var points: Float = 0, gradients: Float = 0
            for i in point.indices {
                points += Float(point[i]) * Float(point[i])
                gradients += Float(gradient[i]) * Float(gradient[i])
            }
            (pointSquares, gradientSquares) = (Double(points), Double(gradients))
        }
        let reason = point.withUnsafeBufferPointer { p in
            gradient.withUnsafeBufferPointer { g in
                if settings.bounds == nil {
                    gradientNorm = norm(sumOfSquares: gradientSquares, g)
                }
                return rules.divergence(loss: loss, point: p, pointSquares: pointSquares, gradient: g,
                                        gradientSquares: gradientSquares, scales: scales)
            }
        }
        if settings.bounds != nil { gradientNorm = stationarity() }
        if settings.precision == .f32 {
            gradientNorm = Self.float32Norm(settings.bounds.map { $0.projectedGradient(gradient, at: point) } ?? gradient)
        }
        if let reason { divergence = reason }
        return reason
    }

    /// The Euclidean norm of float32 values in float32: squares summed in order, then the square root.
    static func float32Norm(_ values: [Double]) -> Double {
        var squares: Float = 0
        for v in values { squares += Float(v) * Float(v) }
        return Double(squares.squareRoot())
    }

    /// Adds the latest iterate to a history that was not kept step by step, so it holds at least the end.
    public mutating func finish() {
        if !keepsHistory, history.ks.last != k {
            point.withUnsafeBufferPointer { p in
                history.append(k: k, point: p, loss: loss, gradientNorm: gradientNorm, eta: eta)
            }
        }
    }
}

import Glibc
