import GDProgram

/// A method's update of one parameter over lanes, written as program operations that follow L and ∇L
/// (`LaneMethod.laneUpdate`): the one form of each update both lane paths run, `LaneLoop`'s machine code and the
/// lockstep kernel, so that adding a method adds no case anywhere else. Each operation rounds as the Swift
/// expression it stands for does (a product rounded before the sum it feeds), so a lane's update is its run's to
/// the bit.
struct LaneUpdate {
    private(set) var operations: [Program.Operation] = []
    /// Registers used so far; a new value takes the next.
    private(set) var registerCount: Int
    /// This update's η, per lane.
    private(set) var eta: Int
    /// The constant 1.
    let one: Int
    /// The method's hyperparameters, in the order it declares them.
    let hyperparameters: [Int]
    /// The values this update shares among every lane (`LaneMethod.laneShared`).
    let shared: [Int]

    init(eta: Int, one: Int, hyperparameters: [Int], shared: [Int], firstFree: Int) {
        self.eta = eta
        self.one = one
        self.hyperparameters = hyperparameters
        self.shared = shared
        registerCount = firstFree
    }

    /// Makes η the schedule's (scale·η)·factor, as `LaneSchedule` computes it.
    mutating func schedule(scale: Int, factor: Int) {
        eta = multiply(multiply(scale, eta), factor)
    }

    /// Hyperparameter i.
    func h(_ i: Int) -> Int { hyperparameters[i] }

    private mutating func emit(_ opcode: Program.Operation.Opcode, _ a: Int, _ b: Int? = nil, _ c: Int? = nil) -> Int {
        let result = registerCount
        registerCount += 1
        operations.append(Program.Operation(opcode, result: result, a, b, c))
        return result
    }

    /// a + b
    mutating func add(_ a: Int, _ b: Int) -> Int { emit(.add, a, b) }
    /// a − b
    mutating func subtract(_ a: Int, _ b: Int) -> Int { emit(.subtract, a, b) }
    /// a · b
    mutating func multiply(_ a: Int, _ b: Int) -> Int { emit(.multiply, a, b) }
    /// a / b
    mutating func divide(_ a: Int, _ b: Int) -> Int { emit(.divide, a, b) }
    /// √a
    mutating func squareRoot(_ a: Int) -> Int { emit(.squareRoot, a) }
    /// a·b + c, the product rounded first.
    mutating func multiplyAdd(_ a: Int, _ b: Int, _ c: Int) -> Int { emit(.multiplyAdd, a, b, c) }
    /// c − a·b, the product rounded first.
    mutating func subtractProduct(_ a: Int, _ b: Int, _ c: Int) -> Int { emit(.subtractProduct, a, b, c) }
}
