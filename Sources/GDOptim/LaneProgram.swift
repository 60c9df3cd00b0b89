import GDProgram

/// L, ∇L and one update of a lane method (`LaneMethod.laneUpdate`) as one program over lanes: the form both lane
/// paths run. The parameters and the method's kept values go in; L, ∇L, the new point and the new kept values come
/// out. Past the loss's own registers the caller fills each lane's η₀ and kept values, the constants (1 and the
/// hyperparameters, `setConstants`) and, per update, the schedule's scale and factor and the method's shared values
/// (`perUpdate`).
struct LaneProgram {
    let program: Program
    let loss: Int
    let gradient: [Int]
    /// Per lane: its η₀, and the values its method keeps, buffer b of parameter p at `b * dimension + p`.
    let eta: Int
    let kept: [Int]
    /// The same for every lane at update k (`perUpdateValues(k:)`): the schedule's scale and factor, unless it is
    /// constant, then the method's shared values.
    let perUpdate: [Int]
    /// The new point and kept values.
    let next: [Int]
    let nextKept: [Int]
    private let constants: [(register: Int, value: Double)]
    private let method: any LaneMethod.Type
    private let hyperparameters: [Double]
    private let schedule: (any LaneSchedule)?

    /// `expandsPowers`: as `Program.compileWithGradient`'s; true where the program runs as lane machine code.
    init(_ objective: Objective, settings: DescentSettings, expandsPowers: Bool) {
        let method = settings.method.rule as! any LaneMethod.Type
        let base = Program.compileWithGradient(objective.loss, value: objective.value, parameters: objective.parameters,
                                               order: .narrow, translated: false, expandsPowers: expandsPowers)
        let n = objective.dimension
        var free = base.registerCount
        func take(_ count: Int) -> [Int] {
            defer { free += count }
            return Array(free..<free + count)
        }
        let eta = take(1)[0], one = take(1)[0]
        hyperparameters = settings.method.hyperparameters
        let h = take(hyperparameters.count)
        schedule = settings.schedule == .constant ? nil : (settings.schedule.start(eta: 1) as! any LaneSchedule)
        let scaleAndFactor = take(schedule == nil ? 0 : 2)
        let shared = take(method.laneShared(k: 0, hyperparameters).count)
        let buffers = method.laneBuffers
        let kept = take(buffers * n)
        self.kept = kept
        var update = LaneUpdate(eta: eta, one: one, hyperparameters: h, shared: shared, firstFree: free)
        if schedule != nil { update.schedule(scale: scaleAndFactor[0], factor: scaleAndFactor[1]) }
        gradient = Array(base.outputs.dropFirst())
        var next: [Int] = [], nextKept = [Int](repeating: 0, count: buffers * n)
        for p in 0..<n {
            let (x, keeps) = method.laneUpdate(&update, point: p, gradient: gradient[p],
                                               kept: (0..<buffers).map { kept[$0 * n + p] })
            next.append(x)
            for b in 0..<buffers { nextKept[b * n + p] = keeps[b] }
        }
        program = base.extended(before: [], after: update.operations, registerCount: update.registerCount,
                                outputs: base.outputs + next + nextKept, translated: false)
        loss = base.outputs[0]
        self.eta = eta
        perUpdate = scaleAndFactor + shared
        self.next = next
        self.nextKept = nextKept
        constants = [(one, 1)] + zip(h, hyperparameters).map { ($0, $1) }
        self.method = method
    }

    /// The values of `perUpdate` at update k.
    func perUpdateValues(k: Int) -> [Double] {
        var values: [Double] = []
        if let schedule {
            let (scale, factor) = schedule.laneScale(at: k)
            values = [scale, factor]
        }
        return values + method.laneShared(k: k, hyperparameters)
    }

    /// Writes the constants into a register file of `lanes` lanes per register.
    func setConstants(in registers: UnsafeMutablePointer<Double>, lanes: Int) {
        for (register, value) in constants { (registers + register * lanes).update(repeating: value, count: lanes) }
    }

    /// Writes update k's `perUpdate` values into a register file of `lanes` lanes per register.
    func setPerUpdate(k: Int, in registers: UnsafeMutablePointer<Double>, lanes: Int) {
        for (register, value) in zip(perUpdate, perUpdateValues(k: k)) {
            (registers + register * lanes).update(repeating: value, count: lanes)
        }
    }
}
