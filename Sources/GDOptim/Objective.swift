import GDConcurrency
import GDLang
import GDProgram

/// A loss and its gradient, compiled into one program, ready to evaluate at points.
public struct Objective: Sendable {
    public let parameters: [String]
    /// The loss in canonical form, which the derivatives are taken of.
    public let loss: Term
    /// The same loss as its text reads, which L's values are computed from (see `Program.compileWithGradient`).
    public let value: Term
    /// L and ∇L in one pass.
    public let program: Program
    /// L alone, for line searches.
    public let lossProgram: Program
    /// The Hessian, row by row, compiled when asked for (Newton's method, curvature diagnostics).
    public let hessianProgram: Program?
    /// Plain descent's fused steps, shared by every run of this objective (see `PlainStep`).
    let plainSteps = PlainStepCache()
    /// The programs in float32 (`Program.float32()`), made when an f32 run first needs them and kept for later runs.
    let float32Programs = Float32Programs()

    /// Compiles L and ∇L together, the gradient in reverse mode; with `withHessian`, also the symbolic
    /// second derivatives.
    public init(loss: Term, value: Term? = nil, parameters: [String], withHessian: Bool = false) {
        self.parameters = parameters
        self.loss = loss
        self.value = value ?? loss
        self.program = Program.compileWithGradient(loss, value: value, parameters: parameters)
        self.lossProgram = Program.compile([self.value], parameters: parameters)
        if withHessian {
            let rows = Derivative.hessian(loss, parameters: parameters)
            hessianProgram = Program.compile(rows.flatMap { $0 }, parameters: parameters)
        } else {
            hessianProgram = nil
        }
    }

    /// The same objective with its Hessian compiled.
    public func withHessian() -> Objective {
        hessianProgram != nil ? self : Objective(loss: loss, value: value, parameters: parameters, withHessian: true)
    }

    public var dimension: Int { parameters.count }

    /// The number of rows of the one table the loss ranges over, or nil when it reads no table or several.
    public var tableRows: Int? {
        let tables = program.reductions.map(\.table)
        guard let first = tables.first, tables.allSatisfy({ $0 === first }) else { return nil }
        return first.rowCount
    }
}

/// Evaluates an objective repeatedly without allocating: owns the programs' registers.
public struct ObjectiveEvaluator: Sendable {
    public let objective: Objective
    /// The programs held directly, so evaluating does not copy the objective's fields on every call.
    private let program: Program
    private let lossProgram: Program
    private let hessianProgram: Program?
    private var registers: [Double]
    private var lossRegisters: [Double]
    private var hessianRegisters: [Double]

    /// With `precision` f32, the programs run in float32 arithmetic (`Program.float32()`); then the points given
    /// must hold float32 values, and so do the values returned. f32 is not for losses that read a table.
    public init(_ objective: Objective, precision: Precision = .f64) {
        self.objective = objective
        let float32 = precision == .f32
        precondition(!float32 || !objective.program.hasReductions, "f32 runs do not read tables")
        let programs = float32 ? objective.float32Programs.of(objective)
            : (objective.program, objective.lossProgram, objective.hessianProgram)
        (program, lossProgram, hessianProgram) = programs
        registers = program.makeRegisters()
        lossRegisters = lossProgram.makeRegisters()
        hessianRegisters = hessianProgram?.makeRegisters() ?? []
    }

    /// L at `point`, with ∇L written into `gradient` (which must have the objective's dimension); with `rows`,
    /// the loss's table is read at those rows only (a mini-batch).
    public mutating func evaluate(_ point: [Double], gradient: inout [Double], rows: [Int]? = nil) -> Double {
        Self.run(program, point, &registers, rows: rows)
        return registers.withUnsafeBufferPointer { r in
            program.outputs.withUnsafeBufferPointer { outputs in
                for i in gradient.indices { gradient[i] = r[outputs[i + 1]] }
                return r[outputs[0]]
            }
        }
    }

    /// L alone at `point`.
    public mutating func loss(_ point: [Double]) -> Double {
        Self.run(lossProgram, point, &lossRegisters)
        return lossRegisters[lossProgram.outputs[0]]
    }

    /// The Hessian at `point` as rows; nil when the objective was compiled without it.
    public mutating func hessian(_ point: [Double]) -> [[Double]]? {
        guard let program = hessianProgram else { return nil }
        Self.run(program, point, &hessianRegisters)
        let n = objective.dimension
        return (0..<n).map { i in (0..<n).map { j in hessianRegisters[program.outputs[i * n + j]] } }
    }

    private static func run(_ program: Program, _ point: [Double], _ registers: inout [Double], rows: [Int]? = nil) {
        registers.withUnsafeMutableBufferPointer { r in
            point.withUnsafeBufferPointer { p in program.run(p, r, rows: rows) }
        }
    }
}

/// An objective's programs in float32, translated once for all of its f32 runs (a sweep makes one run per η).
final class Float32Programs: @unchecked Sendable {  // state only under `lock`
    private let lock = Lock()
    private var programs: (Program, Program, Program?)?

    /// L and ∇L, L alone, and the Hessian of `objective`, in float32.
    func of(_ objective: Objective) -> (Program, Program, Program?) {
        lock.withLock {
            if let programs { return programs }
            let made = (objective.program.float32(), objective.lossProgram.float32(), objective.hessianProgram?.float32())
            programs = made
            return made
        }
    }
}
