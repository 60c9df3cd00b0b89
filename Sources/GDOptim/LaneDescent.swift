import GDConcurrency
import GDLang
import GDProgram
import CLanes

/// Many descent runs advanced together, one per lane, on the structure-of-arrays program: what sweeps, multistarts
/// and grids run on, for the methods that declare a lane form (`LaneMethod`). Each lane follows exactly the arithmetic of a `Descent` with
/// the same settings, so a lane's result equals the run it stands for.
public struct LaneDescent: Sendable {
    /// How one lane ended: as the run it stands for would.
    public typealias Outcome = RunOutcome

    public private(set) var outcomes: [Outcome] = []

    /// Whether lanes can stand in for single runs: a method and a schedule with lane forms, in f64, full-batch, on a
    /// loss that does not range over a table (its rows are the lanes of its own reductions).
    public static func supports(_ settings: DescentSettings, _ objective: Objective) -> Bool {
        settings.method.rule is any LaneMethod.Type && settings.schedule.start(eta: 1) is any LaneSchedule && settings.batch == nil
            && settings.precision == .f64 && !objective.program.hasReductions
    }

    /// Runs one lane per (start, η), spread over the machine's cores. `progress` is told how many lanes have
    /// stopped, and the update the lanes are at, every 1024 updates.
    public init(objective: Objective, starts: [[Double]], etas: [Double], settings: DescentSettings,
                interrupted: @Sendable () -> Bool = { false }, progress: @escaping ProgressReporter = { _ in }) {
        precondition(starts.count == etas.count && Self.supports(settings, objective))
        let lanes = starts.count
        let cores = max(1, min(Cores.count, lanes / 64))
        // At most 4096 lanes run together, so memory stays (instructions × 4096) per core whatever the count.
        let chunk = min(4096, (lanes + cores - 1) / max(1, cores))
        let ranges = stride(from: 0, to: lanes, by: max(1, chunk)).map { $0..<min(lanes, $0 + chunk) }
        // Each chunk writes its own slot.
        let results = Locked([[Outcome]](repeating: [], count: ranges.count))
        // Plain descent runs group by group in machine code of its own where it can; the rest step together.
        let loop = Self.runsInGroups(settings) ? LaneLoop(objective, settings: settings) : nil
        let program = loop == nil ? LaneProgram(objective, settings: settings, expandsPowers: LaneKernel.machineCodeIsAvailable) : nil
        let kernel = program.map { LaneKernel($0.program, lanes: Self.block) }
        // Lanes still running in each chunk, so that any chunk can tell how many have stopped in all.
        let running = Locked(ranges.map(\.count))
        Cores.run(ranges.count) { i in
            let r = ranges[i]
            let report = { (active: Int, step: Int) in
                let stillRunning = running.withLock { counts in
                    counts[i] = active
                    return counts.reduce(0, +)
                }
                progress(.runs(done: lanes - stillRunning, total: lanes, step: step))
            }
            let chunk = loop.map { Self.runGroups(objective, $0, Array(starts[r]), Array(etas[r]), settings, interrupted, report) }
                ?? Self.runChunk(objective, program!, kernel!, Array(starts[r]), Array(etas[r]), settings, interrupted, report)
            results.withLock { $0[i] = chunk }
        }
        outcomes = results.withLock { $0.flatMap { $0 } }
    }

    /// The thresholds of the bulk test, which need only be safe: a lane it turns away settles exactly. It compares
    /// squares with limits a shade inside the exact ones (square roots would be calls into libm); lanes whose loss
    /// changes by less than a shade over tol_dloss settle, where the exact test is made.
    struct BulkThresholds {
        let gradientFloor: Double, movedFloor: Double, dlossFloor: Double, tolLoss: Double
        /// The smallest w² and g² the bulk test passes: below them a norm's square root loses precision.
        static let tiny = smallestTrustedSumOfSquares

        init(_ rules: StoppingRules) {
            func floor(_ tol: Double?) -> Double { tol.map { $0 > 0 ? ($0 * (1 + 1e-9)) * ($0 * (1 + 1e-9)) : 0 } ?? 0 }
            gradientFloor = max(Self.tiny, floor(rules.tolGrad))
            movedFloor = floor(rules.tolStep)
            dlossFloor = rules.tolDloss.map { $0 * (1 + 1e-9) } ?? -1
            tolLoss = rules.tolLoss ?? -.infinity
        }
    }

    /// Whether the lanes run group by group in `LaneLoop`: no bounds, and no tolerance on the move or the change in
    /// L (whose tests that loop does not make).
    static func runsInGroups(_ settings: DescentSettings) -> Bool {
        settings.bounds == nil && settings.tolStep == nil && settings.tolDloss == nil
    }

    /// One chunk of lanes in groups of `LaneLoop.width`, run by `LaneLoop` for as long as every lane takes the common
    /// step and settled by `Descent`'s rules where one does not. The groups go through the steps window by window,
    /// a window ending where the step limit or a question about interruption falls (the steps the lockstep path
    /// stops at too): every group crosses a window before any goes on, so the window's table of shared values is
    /// made once.
    static func runGroups(_ objective: Objective, _ loop: LaneLoop, _ starts: [[Double]], _ etas: [Double],
                          _ settings: DescentSettings, _ interrupted: () -> Bool,
                          _ progress: (_ active: Int, _ step: Int) -> Void = { _, _ in }) -> [Outcome] {
        let layout = loop.layout, lanes = layout.lanes
        let state = ChunkState(objective: objective, starts: starts, etas: etas, gradientOutputs: lanes.gradient,
                               settings: settings)
        let rules = state.rules, n = objective.dimension, count = starts.count, packed = state.packed
        // Lane j is lane j % 4 of file j / 4; a group's `LaneLoop.vectors` files lie side by side.
        let width = LaneLoop.width, fileSize = layout.registerCount * 4, groupSize = fileSize * LaneLoop.vectors
        let groups = (count + width - 1) / width
        let files = UnsafeMutablePointer<Double>.allocate(capacity: groupSize * groups)
        defer { files.deallocate() }
        let template = layout.program.makeLaneRegisters(lanes: 4)
        let stoppedBits = Double(bitPattern: ~0)
        let thresholds = BulkThresholds(rules)
        func place(_ j: Int) -> (UnsafeMutablePointer<Double>, Int) { (files + (j / 4) * fileSize, j % 4) }
        for f in 0..<groups * LaneLoop.vectors {
            let file = files + f * fileSize
            file.initialize(from: template, count: fileSize)
            lanes.setConstants(in: file, lanes: 4)
        }
        for j in 0..<groups * width {
            let (f, slot) = place(j)
            func set(_ register: Int, _ value: Double) { f[register * 4 + slot] = value }
            set(layout.largest, .greatestFiniteMagnitude)
            set(layout.tiny, BulkThresholds.tiny)
            set(layout.lossFloor, thresholds.tolLoss)
            set(layout.gradientFloor, thresholds.gradientFloor)
            // Lanes past the chunk's end are stopped from the start.
            set(layout.stopped, j < count ? 0 : stoppedBits)
            set(lanes.eta, j < count ? state.eta[j] : 0)
            for p in 0..<n { set(p, j < count ? state.w[p * packed + j] : 0) }
        }
        // Each update's shared values, four times over, a row per update of the window.
        var table = [Double](repeating: 0, count: 4 * lanes.perUpdate.count)
        func makeTable(from first: Int, through last: Int) {
            let row = 4 * lanes.perUpdate.count
            table = [Double](repeating: 0, count: max(1, (last - first + 1) * row))
            for k in first...last {
                for (i, value) in lanes.perUpdateValues(k: k).enumerated() {
                    for slot in 0..<4 { table[(k - first) * row + 4 * i + slot] = value }
                }
            }
        }
        func isRunning(_ group: Int) -> Bool {
            (group * width..<min(count, (group + 1) * width)).contains { state.running[$0] == 1 }
        }
        // Settles every running lane of the group at `step` (its iterate evaluated in the file), the method's kept
        // values taken out of the file and put back, and brings what settling changed back into the file.
        func settle(_ group: Int, at step: Int, first: Bool, forced: StopReason?) {
            for j in group * width..<min(count, (group + 1) * width) where state.running[j] == 1 {
                let (f, slot) = place(j)
                for (i, register) in lanes.kept.enumerated() { state.methodState[i * packed + j] = f[register * 4 + slot] }
                state.settle(lane: j, loss: f[lanes.loss * 4 + slot], registers: f, slot: slot, block: 4, first: first,
                             forced: forced, step: step)
                if state.running[j] == 1 {
                    for p in 0..<n { f[p * 4 + slot] = state.w[p * packed + j] }
                    for (i, register) in lanes.kept.enumerated() { f[register * 4 + slot] = state.methodState[i * packed + j] }
                    if first {
                        let largest = Double.greatestFiniteMagnitude
                        let lossLimit = min(rules.divergence * state.lossScale[j], largest)
                        f[layout.lossLimit * 4 + slot] = lossLimit
                        f[layout.lossFloor * 4 + slot] = max(thresholds.tolLoss, (-lossLimit).nextDown)
                        let pointLimit = min(rules.divergence * state.pointScale[j], largest) * (1 - 1e-9)
                        f[layout.pointLimit * 4 + slot] = min(pointLimit * pointLimit, largest)
                    }
                } else {
                    f[layout.stopped * 4 + slot] = stoppedBits
                }
            }
        }
        makeTable(from: 0, through: 0)
        for group in 0..<groups {
            _ = table.withUnsafeBufferPointer { loop(files + group * groupSize, limit: 0, table: $0.baseAddress!) }
            settle(group, at: 0, first: true, forced: rules.steps <= 0 ? .steps : nil)
        }
        var start = 1
        while state.active > 0 {
            let end = min(rules.steps, StoppingRules.nextInterruptionCheck(after: start))
            makeTable(from: start, through: end)
            for group in 0..<groups {
                var step = start
                while isRunning(group) {
                    let limit = end - step
                    let taken = table.withUnsafeBufferPointer { t in
                        loop(files + group * groupSize, limit: limit, table: t.baseAddress! + (step - start) * 4 * lanes.perUpdate.count)
                    }
                    step += taken
                    if taken == limit { break }
                    // A lane left the common path: every running lane settles here, and those that go on step once.
                    settle(group, at: step, first: false, forced: nil)
                    step += 1
                }
            }
            var forced: StopReason? = end >= rules.steps ? .steps : nil
            if forced == nil, StoppingRules.asksForInterruption(at: end) {
                if interrupted() { forced = .interrupted } else { progress(state.active, end) }
            }
            if let forced { for group in 0..<groups { settle(group, at: end, first: false, forced: forced) } }
            start = end
        }
        return state.outcomes.map { $0! }
    }

    /// Lanes evaluated together: small enough for the register file of a large loss to stay in cache.
    /// A multiple of four (an AVX2 vector's lanes), and not a power of two: with 128 lanes the registers' lanes lie 1 KiB
    /// apart, so every fourth register is 4 KiB from another and the processor holds loads back behind unrelated
    /// stores to it (4K aliasing), which made lane code on Rosenbrock-20 take twice the interpreter's time.
    static let block = 132

    /// One chunk of lanes on one thread.
    ///
    /// Each step runs the lane program (L, ∇L and the method's update) over blocks of lanes, then takes the common
    /// case in bulk (`gd_lanes_step`, four lanes to an AVX2 vector where the processor has them): a lane whose loss,
    /// point and gradient are finite and well inside every bound, and that meets no tolerance, takes the update the
    /// program computed. Every other lane (the first step, a tolerance met, anything non-finite, tiny or large) goes
    /// through `settle`, which applies `Descent`'s rules one by one. Both paths do the same arithmetic in the same
    /// order, so a lane's result equals the run it stands for.
    static func runChunk(_ objective: Objective, _ lanes: LaneProgram, _ kernel: LaneKernel, _ starts: [[Double]],
                         _ etas: [Double], _ settings: DescentSettings, _ interrupted: () -> Bool,
                         _ progress: (_ active: Int, _ step: Int) -> Void = { _, _ in }) -> [Outcome] {
        let n = objective.dimension
        let block = Self.block
        let state = ChunkState(objective: objective, starts: starts, etas: etas, gradientOutputs: lanes.gradient,
                               settings: settings)
        var registerFile = kernel.program.makeLaneRegisters(lanes: block)
        registerFile.withUnsafeMutableBufferPointer { lanes.setConstants(in: $0.baseAddress!, lanes: block) }
        // Per lane of a block: 1 where the lane took the bulk path.
        let bulk = UnsafeMutablePointer<Double>.allocate(capacity: block)
        defer { bulk.deallocate() }
        // The registers the kernel reads, as C arrays: the gradient's, the new point's and the new kept values'.
        let registerLists = [lanes.gradient, lanes.next, lanes.nextKept].map { list in
            let buffer = UnsafeMutablePointer<Int>.allocate(capacity: max(1, list.count))
            buffer.initialize(from: list, count: list.count)
            return buffer
        }
        defer { for buffer in registerLists { buffer.deallocate() } }
        let rules = state.rules
        let thresholds = BulkThresholds(rules)
        var first = true

        while state.active > 0 {
            // A stop that applies to every lane alike: the step limit, or an interruption (asked every 1024 steps).
            var forced: StopReason? = state.steps >= rules.steps ? .steps : nil
            if forced == nil, StoppingRules.asksForInterruption(at: state.steps) {
                if interrupted() { forced = .interrupted } else { progress(state.active, state.steps) }
            }
            // On the first step every lane settles one by one: it fixes the lane's scales.
            let settleAll = first || forced != nil
            let packed = state.packed
            let w = state.w, running = state.running, kept = state.methodState, eta = state.eta
            registerFile.withUnsafeMutableBufferPointer { rb in
                let r = rb.baseAddress!
                lanes.setPerUpdate(k: state.steps, in: r, lanes: block)
                var step = gd_lane_block(
                    registers: r, stride: block, loss_register: lanes.loss, gradient_registers: registerLists[0],
                    next_registers: registerLists[1], kept_registers: registerLists[2],
                    kept_count: lanes.nextKept.count, dimension: n, point: w, packed: packed,
                    moved_squares: state.movedSquares, previous_loss: state.previousLoss, loss_scale: state.lossScale,
                    point_scale: state.pointScale, running: running, state: kept, bulk: bulk,
                    divergence: rules.divergence, gradient_floor: thresholds.gradientFloor,
                    moved_floor: thresholds.movedFloor, dloss_floor: thresholds.dlossFloor, tol_loss: thresholds.tolLoss,
                    lower: state.lower, upper: state.upper)
                for s in stride(from: 0, to: packed, by: block) {
                    let m = min(block, packed - s)
                    func copy(_ from: UnsafeMutablePointer<Double>, to register: Int) {
                        (r + register * block).update(from: from + s, count: m)
                    }
                    for p in 0..<n { copy(w + p * packed, to: p) }
                    copy(eta, to: lanes.eta)
                    for (i, register) in lanes.kept.enumerated() { copy(kept + i * packed, to: register) }
                    kernel(r)
                    let loss = r + lanes.loss * block
                    var settling = m
                    if settleAll {
                        for l in 0..<m { bulk[l] = 0 }
                    } else {
                        settling = gd_lanes_step(&step, s, m)
                    }
                    if settling == 0 { continue }
                    for l in 0..<m where bulk[l] == 0 && running[s + l] == 1 {
                        state.settle(lane: s + l, loss: loss[l], registers: r, slot: l, block: block, first: first, forced: forced)
                    }
                }
            }
            first = false
            state.steps += 1
            state.packIfSparse()
        }
        return state.outcomes.map { $0! }
    }
}

/// The lanes of one chunk: their points (structure of arrays, running lanes packed at the front once most
/// have stopped) and per-lane state, in buffers the hot loop reads through pointers. Every buffer has a
/// vector's worth of padding past its last lane (not running, scales 1), so whole vectors can be read and
/// written back unchanged there.
private final class ChunkState {
    let dimension: Int
    let gradientOutputs: [Int]
    let rules: StoppingRules
    var packed: Int
    var active: Int
    /// Updates applied so far by every running lane (lanes step together).
    var steps = 0
    /// Packed position → lane.
    var laneOf: [Int]
    var outcomes: [LaneDescent.Outcome?]
    /// Parameter p of packed lane j at `p * packed + j`.
    var w: UnsafeMutablePointer<Double>
    /// ‖Δw‖² of each lane's latest update (its square root is taken only when `tol_step` is checked).
    var movedSquares: UnsafeMutablePointer<Double>
    /// Each lane's loss at the iterate before its current one (∞ before its first update), for `tol_dloss`.
    var previousLoss: UnsafeMutablePointer<Double>
    var lossScale: UnsafeMutablePointer<Double>
    var pointScale: UnsafeMutablePointer<Double>
    var eta: UnsafeMutablePointer<Double>
    /// 1 while the lane runs, 0 once it has stopped.
    var running: UnsafeMutablePointer<Double>
    /// The method, as each lane's update not taken in bulk runs it (its state loaded from and stored to
    /// `methodState` around the update), and what it keeps from update to update: buffer b of parameter p of
    /// packed lane j at `(b * dimension + p) * packed + j`.
    var method: any LaneMethod
    var methodState: UnsafeMutablePointer<Double>
    /// The box constraints, per parameter (nil: none), which every lane's point is projected onto.
    let bounds: Bounds?
    let lower: UnsafeMutablePointer<Double>?
    let upper: UnsafeMutablePointer<Double>?
    /// The schedule, started from η₀ = 1: the scale and factor of each step's η, the same for every lane.
    let schedule: any LaneSchedule
    /// For the method's update, which reads nothing from it (methods that evaluate the loss have no lane form).
    var evaluator: ObjectiveEvaluator

    /// A vector of four lanes.
    static let padding = 4

    init(objective: Objective, starts: [[Double]], etas: [Double], gradientOutputs: [Int], settings: DescentSettings) {
        packed = starts.count
        active = packed
        dimension = gradientOutputs.count
        self.gradientOutputs = gradientOutputs
        rules = StoppingRules(settings)
        laneOf = Array(0..<packed)
        outcomes = [LaneDescent.Outcome?](repeating: nil, count: packed)
        w = .allocate(capacity: dimension * packed + Self.padding)
        w.initialize(repeating: 0, count: dimension * packed + Self.padding)
        // Each start projected onto the bounds, as a run's is.
        for (l, start) in starts.enumerated() {
            let start = settings.bounds?.project(start) ?? start
            for p in 0..<dimension { w[p * packed + l] = start[p] }
        }
        func filled(_ lanes: [Double], padding: Double) -> UnsafeMutablePointer<Double> {
            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: lanes.count + Self.padding)
            buffer.initialize(from: lanes, count: lanes.count)
            (buffer + lanes.count).initialize(repeating: padding, count: Self.padding)
            return buffer
        }
        movedSquares = filled(Array(repeating: .infinity, count: packed), padding: .infinity)
        previousLoss = filled(Array(repeating: .infinity, count: packed), padding: .infinity)
        lossScale = filled(Array(repeating: 1, count: packed), padding: 1)
        pointScale = filled(Array(repeating: 1, count: packed), padding: 1)
        eta = filled(etas, padding: 0)
        running = filled(Array(repeating: 1, count: packed), padding: 0)
        method = settings.method.start(dimension: dimension) as! any LaneMethod
        schedule = settings.schedule.start(eta: 1) as! any LaneSchedule
        bounds = settings.bounds
        func copy(_ values: [Double]?) -> UnsafeMutablePointer<Double>? {
            guard let values else { return nil }
            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: values.count)
            buffer.initialize(from: values, count: values.count)
            return buffer
        }
        lower = copy(bounds?.lower)
        upper = copy(bounds?.upper)
        let stateCount = type(of: method).laneBuffers * dimension * packed + Self.padding
        methodState = .allocate(capacity: stateCount)
        methodState.initialize(repeating: 0, count: stateCount)
        evaluator = ObjectiveEvaluator(objective, precision: .f64)
    }

    deinit {
        for buffer in [w, movedSquares, previousLoss, lossScale, pointScale, eta, running, methodState] { buffer.deallocate() }
        lower?.deallocate()
        upper?.deallocate()
    }

    /// One lane's step by `Descent`'s rules, in their order: fixes its scales on the first step, tests the rules
    /// after the update that reached the lane's iterate and those before the next (`forced` stands in for the step
    /// limit and the interruption, which hold for every lane alike), and either records how it stopped or applies
    /// its update.
    func settle(lane j: Int, loss: Double, registers r: UnsafeMutablePointer<Double>, slot l: Int, block: Int,
                first: Bool, forced: StopReason?, step: Int? = nil) {
        // The lane's updates so far: the chunk's, where its lanes step together.
        let steps = step ?? self.steps
        let n = dimension
        var point = [Double](repeating: 0, count: n), gradient = point
        var gradientSquares = 0.0, pointSquares = 0.0
        for p in 0..<n {
            let gv = r[gradientOutputs[p] * block + l], pv = r[p * block + l]
            gradient[p] = gv
            point[p] = pv
            gradientSquares += gv * gv
            pointSquares += pv * pv
        }
        let (gradientNorm, divergence) = point.withUnsafeBufferPointer { pp in
            gradient.withUnsafeBufferPointer { gp in
                // With bounds, the norm of the projected gradient, as `Descent` measures stationarity.
                let gradientNorm = bounds.map { euclideanNorm($0.projectedGradient(gradient, at: point)) }
                    ?? norm(sumOfSquares: gradientSquares, gp)
                if first {
                    let scales = DivergenceScales(startLoss: loss, startPointNorm: norm(sumOfSquares: pointSquares, pp))
                    lossScale[j] = scales.loss
                    pointScale[j] = scales.point
                }
                let scales = DivergenceScales(loss: lossScale[j], point: pointScale[j])
                return (gradientNorm, rules.divergence(loss: loss, point: pp, pointSquares: pointSquares, gradient: gp,
                                                       gradientSquares: gradientSquares, scales: scales))
            }
        }
        // The step limit holds here exactly where `forced` is .steps.
        if let stop = rules.stop(after: divergence, movedSquares: movedSquares[j], lossChange: abs(loss - previousLoss[j]))
            ?? rules.stop(before: steps, loss: loss, gradientNorm: gradientNorm) ?? forced {
            outcomes[laneOf[j]] = LaneDescent.Outcome(steps: steps, point: point, loss: loss, gradientNorm: gradientNorm,
                                                      stop: stop, divergence: divergence)
            running[j] = 0
            active -= 1
            return
        }
        // The method's own update, on the lane's state, as `Descent` applies it.
        let stateCount = type(of: method).laneBuffers * n
        if stateCount > 0 { method.laneState = (0..<stateCount).map { methodState[$0 * packed + j] } }
        var next = point
        next.withUnsafeMutableBufferPointer { nb in
            point.withUnsafeBufferPointer { pb in
                gradient.withUnsafeBufferPointer { gb in
                    let (scale, factor) = schedule.laneScale(at: steps)
                    var step = MethodStep(k: steps, point: pb, loss: loss, gradient: gb, eta: scale * eta[j] * factor, next: nb)
                    method.update(&step, &evaluator, bounds: bounds)
                }
            }
        }
        if stateCount > 0 { for (i, v) in method.laneState.enumerated() { methodState[i * packed + j] = v } }
        if let bounds { next = bounds.project(next) }
        var sum = 0.0
        for p in 0..<n {
            w[p * packed + j] = next[p]
            sum += (next[p] - point[p]) * (next[p] - point[p])
        }
        movedSquares[j] = sum
        previousLoss[j] = loss
    }

    /// Once most lanes have stopped, packs the running ones to the front so no work is wasted on the rest.
    func packIfSparse() {
        guard active > 0 && active * 2 <= packed && packed > 8 else { return }
        let keep = (0..<packed).filter { running[$0] == 1 }
        let packedW = UnsafeMutablePointer<Double>.allocate(capacity: dimension * active + Self.padding)
        packedW.initialize(repeating: 0, count: dimension * active + Self.padding)
        for (k, j) in keep.enumerated() { for p in 0..<dimension { packedW[p * active + k] = w[p * packed + j] } }
        w.deallocate()
        w = packedW
        let rows = type(of: method).laneBuffers * dimension
        let packedState = UnsafeMutablePointer<Double>.allocate(capacity: rows * active + Self.padding)
        packedState.initialize(repeating: 0, count: rows * active + Self.padding)
        for (k, j) in keep.enumerated() { for row in 0..<rows { packedState[row * active + k] = methodState[row * packed + j] } }
        methodState.deallocate()
        methodState = packedState
        laneOf = keep.map { laneOf[$0] }
        func pack(_ buffer: inout UnsafeMutablePointer<Double>, padding: Double) {
            let kept = UnsafeMutablePointer<Double>.allocate(capacity: keep.count + Self.padding)
            kept.initialize(from: keep.map { buffer[$0] }, count: keep.count)
            (kept + keep.count).initialize(repeating: padding, count: Self.padding)
            buffer.deallocate()
            buffer = kept
        }
        pack(&movedSquares, padding: .infinity)
        pack(&previousLoss, padding: .infinity)
        pack(&lossScale, padding: 1)
        pack(&pointScale, padding: 1)
        pack(&eta, padding: 0)
        pack(&running, padding: 0)
        packed = active
    }
}

#if canImport(Glibc)
import Glibc
#endif
