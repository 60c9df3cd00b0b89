import GDConcurrency
import GDLang
import GDNative
import CLanes

/// A loss and its gradient compiled to straight-line code over a small register file.
///
/// Compiled once per definition. Common subexpressions of the outputs are computed once, dead values are
/// dropped, and registers are reused once their value is no longer needed, so even a large loss runs in a
/// register file that stays in cache. The register file is laid out as
///
///     [inputs (parameters, then a reduction's table columns)] [constants] [reduction results] [temporaries]
///
/// Inputs and constants are never written by the code, so an evaluation copies the point in and runs only
/// arithmetic: no allocation, no lookup, no constant reloaded.
public struct Program: Sendable {
    /// One operation of the compiled code: `registers[result] = opcode(registers[a], registers[b], registers[c])`.
    public struct Operation: Sendable, Equatable {
        public enum Opcode: UInt8, Sendable {
            case add, subtract, multiply, divide, negate, power, squareRoot, function, function2
            /// a·b + c, a·b − c and c − a·b, the product rounded first as in separate operations.
            case multiplyAdd, multiplySubtract, subtractProduct
            /// a·b − c and a·b + c rounded once, and a power's leading part plus its error (`Double.addCorrection`):
            /// what a cube or fourth power expands
            /// into (`ProgramCompiler.expandingPowers`), to be correctly rounded without calling `pow`.
            case fusedMultiplySubtract, fusedMultiplyAdd, addCorrection
            /// The value rounded to the nearest float32 (`Program.float32()` puts one after each operation).
            case roundToFloat32
        }
        public var opcode: Opcode
        /// The built-in of `.function` and `.function2`.
        public var function: Builtin?
        public var result: Int32
        public var a: Int32
        /// The second and third operands; equal to `a` where the operation has fewer, so reading them is always
        /// in range.
        public var b: Int32
        public var c: Int32
    }

    /// The summands of the reductions over one table, compiled together over the parameters followed by the
    /// table's columns, so L and ∇L take one pass over the rows.
    public struct ReductionGroup: Sendable {
        public let table: DataTable
        public let program: Program
        /// Per output: whether it is a mean (else a sum), and the register of the main program that receives it.
        public let isMean: [Bool]
        public let registers: [Int]
        /// The program over a block of rows as lanes (`Program.rowsPerBlock`): machine code where it can be.
        public let kernel: LaneKernel
        /// The table's columns as the blocks' lanes lay them out in the register file, block after block (a short
        /// last block repeating its last row), so that a full pass copies each block's columns in one piece; nil for
        /// a table too large to hold twice.
        let blocked: [Double]?

        init(table: DataTable, program: Program, isMean: [Bool], registers: [Int]) {
            self.table = table
            self.program = program
            self.isMean = isMean
            self.registers = registers
            let lanes = Program.rowsPerBlock(program)
            let first = program.parameters.count
            kernel = LaneKernel(program, lanes: lanes, columns: first..<first + table.values.count)
            blocked = Program.blocked(table, lanes: lanes)
        }
    }

    public let code: [Operation]
    /// The code cut into runs of one opcode: the scalar loop dispatches once per run (see `RegisterAllocation`,
    /// which orders operations of one kind together wherever that is free).
    public let runs: [Run]

    /// The operations `code[start..<end]`, all of them of `opcode`.
    public struct Run: Sendable, Equatable {
        public var opcode: Operation.Opcode
        public var start: Int
        public var end: Int
    }
    /// The number of registers an evaluation needs.
    public let registerCount: Int
    /// The registers holding each output, in the order they were given to `compile`.
    public let outputs: [Int]
    /// The parameter names, in the order evaluations take their values.
    public let parameters: [String]
    /// How many input registers come first: the parameters, and for a reduction's summands its table's columns.
    public let inputCount: Int
    /// The constants, in the registers from `inputCount` on.
    public let constants: [Double]
    /// Sums over tables, evaluated first on each run.
    public let reductions: [ReductionGroup]
    /// The code as machine code, where that is available (see `NativeCode`); else `execute` interprets it.
    let native: NativeCode?
    /// Whether this is float32 code (`float32()`), whose machine code computes in single precision.
    public let isFloat32: Bool

    /// `translated`: whether to make machine code for `execute` (see `NativeCode`); not for code that only ever
    /// runs as lanes.
    init(code: [Operation], registerCount: Int, outputs: [Int], parameters: [String], inputCount: Int,
         constants: [Double], reductions: [ReductionGroup], translated: Bool = true, float32: Bool = false) {
        isFloat32 = float32
        self.code = code
        self.registerCount = registerCount
        self.outputs = outputs
        self.parameters = parameters
        self.inputCount = inputCount
        self.constants = constants
        self.reductions = reductions
        var runs: [Run] = []
        for (k, op) in code.enumerated() {
            if let last = runs.last, last.opcode == op.opcode {
                runs[runs.count - 1].end = k + 1
            } else {
                runs.append(Run(opcode: op.opcode, start: k, end: k + 1))
            }
        }
        self.runs = runs
        native = translated ? NativeCode(code, registerCount: registerCount, outputs: outputs, single: float32,
                                         constants: Dictionary(uniqueKeysWithValues: constants.enumerated().map { (inputCount + $0.offset, $0.element) }))
            : nil
    }

    /// Whether `execute` runs machine code rather than interpreting.
    public var isNative: Bool { native != nil }

    /// Whether the program reads a table.
    public var hasReductions: Bool { !reductions.isEmpty }

    /// The order of the compiled code, which never changes any value.
    public enum Order: Sendable {
        /// Operations of one kind back to back wherever that is free, for the scalar loop, which dispatches
        /// once per run of them; this keeps more values waiting, so the register file is wider.
        case byKind
        /// The compiler's own order, which keeps few values waiting: for lanes, whose register file is
        /// the program's times the number of lanes, and which dispatch once per operation over all lanes anyway.
        case narrow

        /// The order `execute` runs fastest in: the compiler's own for machine code, whose few xmm registers
        /// then hold most waiting values; by kind for the interpreter.
        public static var scalar: Order { ExecutableMemory.isEnabled ? .narrow : .byKind }
    }

    /// Compiles `outputs` as they read (a loss alone, symbolic derivatives, Hessian rows) over `parameters`;
    /// `compileWithGradient` compiles a loss with its gradient.
    /// Every symbol in the outputs must be one of the parameters.
    public static func compile(_ outputs: [Term], parameters: [String], order: Order = .scalar) -> Program {
        var compiler = ProgramCompiler(parameters: parameters)
        return lower(&compiler, outputs.map { compiler.emit($0) }, order: order)
    }

    /// Compiles `loss` and its gradient over `parameters`: output 0 is L, output 1 + i is ∂L/∂parameters[i].
    /// The gradient is taken in reverse mode on the compiled values (see `ProgramCompiler.emitGradient`), so
    /// its code costs a small constant times the loss's, whatever the number of parameters. Every symbol in
    /// the loss must be one of the parameters.
    /// `value`, when given, is the same loss as its text reads (`Lowering.lower(function:asWritten:)`): output 0
    /// is then computed from it, so L has the value typing the loss gives, while the gradient comes from `loss`.
    /// `translated: false` skips the machine code, for callers that only run the program over lanes.
    /// `expandsPowers: false` keeps each cube and fourth power one operation, for programs run over lanes, whose
    /// kernels compute the whole power in one pass (see `expandingPowers`).
    public static func compileWithGradient(_ loss: Term, value: Term? = nil, parameters: [String],
                                           order: Order = .scalar, translated: Bool = true,
                                           expandsPowers: Bool = true) -> Program {
        var compiler = ProgramCompiler(parameters: parameters)
        let root = compiler.emit(loss)
        let gradient = compiler.emitGradient(of: root)
        let output = value.map { compiler.emit($0) } ?? root
        return lower(&compiler, [output] + gradient, order: order, translated: translated, expandsPowers: expandsPowers)
    }

    /// Allocates registers for the compiled `values` and compiles the reductions' summands.
    private static func lower(_ compiler: inout ProgramCompiler, _ values: [Int], order: Order,
                              translated: Bool = true, expandsPowers: Bool = true) -> Program {
        var values = values
        if expandsPowers {
            let (instructions, at) = compiler.expandingPowers()
            compiler.instructions = instructions
            values = values.map { at[$0] }
            for g in compiler.groups.indices { compiler.groups[g].values = compiler.groups[g].values.map { at[$0] } }
        }
        let parameters = compiler.parameters
        let groups = compiler.groups.map { g in
            (table: g.table,
             program: Program.compile(g.summands, parameters: parameters, columns: g.table.columns.count),
             isMean: g.isMean, values: g.values)
        }
        let allocation = RegisterAllocation(compiler.instructions, outputs: values, inputCount: parameters.count,
                                            order: order)
        return Program(code: allocation.code, registerCount: allocation.registerCount,
                       outputs: values.map { allocation.register[$0] }, parameters: parameters,
                       inputCount: parameters.count, constants: allocation.constants,
                       reductions: groups.map {
                           ReductionGroup(table: $0.table, program: $0.program, isMean: $0.isMean,
                                          registers: $0.values.map { allocation.register[$0] })
                       },
                       translated: translated)
    }

    /// A reduction's summands over the parameters and then `columns` table columns.
    static func compile(_ outputs: [Term], parameters: [String], columns: Int) -> Program {
        var compiler = ProgramCompiler(parameters: parameters)
        compiler.columnBase = parameters.count
        let values = outputs.map { compiler.emit($0) }
        precondition(compiler.groups.isEmpty, "a reduction inside a reduction reached the compiler")
        let inputs = parameters.count + columns
        // Summands run over blocks of rows as lanes.
        let allocation = RegisterAllocation(compiler.instructions, outputs: values, inputCount: inputs, order: .narrow)
        return Program(code: allocation.code, registerCount: allocation.registerCount,
                       outputs: values.map { allocation.register[$0] }, parameters: parameters,
                       inputCount: inputs, constants: allocation.constants, reductions: [], translated: false)
    }

    /// A register file for this program, with its constants in place.
    public func makeRegisters() -> [Double] {
        var registers = [Double](repeating: 0, count: registerCount)
        for (i, c) in constants.enumerated() { registers[inputCount + i] = c }
        return registers
    }

    /// Runs the program on `point`, in `registers` made by `makeRegisters()`; output `o` is then in
    /// `registers[outputs[o]]`. With `rows`, the reductions read only those rows (a mini-batch) and means
    /// divide by their count.
    public func run(_ point: UnsafeBufferPointer<Double>, _ registers: UnsafeMutableBufferPointer<Double>, rows: [Int]? = nil) {
        precondition(point.count == parameters.count && registers.count >= registerCount)
        let r = registers.baseAddress!
        for i in 0..<point.count { r[i] = point[i] }
        if !reductions.isEmpty { runReductions(point, r, rows: rows) }
        execute(r)
    }

    /// Runs the code alone, on a register file whose inputs are already in place; the hot loop of plain descent
    /// keeps its point in the input registers and calls this.
    @inline(__always)
    public func execute(_ r: UnsafeMutablePointer<Double>) {
        if let native { native(r) } else { interpret(r) }
    }

    /// Runs the code by interpreting it, as `execute` does where machine code is unavailable; the reference the
    /// machine code is tested against. Only the registers holding outputs are guaranteed to agree: machine
    /// code keeps other values out of the file.
    public func interpret(_ r: UnsafeMutablePointer<Double>) {
        code.withUnsafeBufferPointer { code in
            let ops = code.baseAddress!
            for run in runs {
                let range = run.start..<run.end
                switch run.opcode {
                case .multiplyAdd: for k in range { let op = ops[k]; r[Int(op.result)] = r[Int(op.a)] * r[Int(op.b)] + r[Int(op.c)] }
                case .multiplySubtract: for k in range { let op = ops[k]; r[Int(op.result)] = r[Int(op.a)] * r[Int(op.b)] - r[Int(op.c)] }
                case .subtractProduct: for k in range { let op = ops[k]; r[Int(op.result)] = r[Int(op.c)] - r[Int(op.a)] * r[Int(op.b)] }
                case .add: for k in range { let op = ops[k]; r[Int(op.result)] = r[Int(op.a)] + r[Int(op.b)] }
                case .subtract: for k in range { let op = ops[k]; r[Int(op.result)] = r[Int(op.a)] - r[Int(op.b)] }
                case .multiply: for k in range { let op = ops[k]; r[Int(op.result)] = r[Int(op.a)] * r[Int(op.b)] }
                case .divide: for k in range { let op = ops[k]; r[Int(op.result)] = r[Int(op.a)] / r[Int(op.b)] }
                case .negate: for k in range { let op = ops[k]; r[Int(op.result)] = -r[Int(op.a)] }
                case .power: for k in range { let op = ops[k]; r[Int(op.result)] = Double.power(r[Int(op.a)], r[Int(op.b)]) }
                case .squareRoot: for k in range { let op = ops[k]; r[Int(op.result)] = r[Int(op.a)].squareRoot() }
                case .fusedMultiplySubtract:
                    for k in range { let op = ops[k]; r[Int(op.result)] = Double.fusedMultiplySubtract(r[Int(op.a)], r[Int(op.b)], r[Int(op.c)]) }
                case .fusedMultiplyAdd:
                    for k in range { let op = ops[k]; r[Int(op.result)] = r[Int(op.c)].addingProduct(r[Int(op.a)], r[Int(op.b)]) }
                case .roundToFloat32: for k in range { let op = ops[k]; r[Int(op.result)] = Double(Float(r[Int(op.a)])) }
                case .addCorrection: for k in range { let op = ops[k]; r[Int(op.result)] = Double.addCorrection(r[Int(op.a)], r[Int(op.b)]) }
                case .function, .function2:
                    // The declared values, taken once per run; a function of one argument ignores its second
                    // operand, which is its first.
                    let values = Builtin.values
                    for k in range {
                        let op = ops[k]
                        r[Int(op.result)] = values[Int(op.function!.index)](r[Int(op.a)], r[Int(op.b)])
                    }
                }
            }
        }
    }

    /// A register file for `lanes` evaluations at once, structure-of-arrays: register i of lane l is at
    /// `i * lanes + l`. The constants are filled in; the caller writes input i of lane l at `i * lanes + l`.
    public func makeLaneRegisters(lanes: Int) -> [Double] {
        var registers = [Double](repeating: 0, count: registerCount * lanes)
        for (i, c) in constants.enumerated() {
            for l in 0..<lanes { registers[(inputCount + i) * lanes + l] = c }
        }
        return registers
    }

    /// Runs the code on `lanes` evaluations at once in a register file made by `makeLaneRegisters(lanes:)`,
    /// inputs in place. Each operation sweeps all lanes in a tight loop, so the dispatch cost is shared and the
    /// loop vectorises; keep `lanes` small enough (a few hundred) for the file to stay in cache.
    /// Programs with reductions are not run this way: their rows are the lanes of their own summands.
    public func run(lanes: Int, _ registers: UnsafeMutablePointer<Double>) {
        precondition(reductions.isEmpty, "lanes run programs without tables")
        for op in code {
            let out = registers + Int(op.result) * lanes
            let x = registers + Int(op.a) * lanes, y = registers + Int(op.b) * lanes, z = registers + Int(op.c) * lanes
            switch op.opcode {
            case .multiplyAdd: for l in 0..<lanes { out[l] = x[l] * y[l] + z[l] }
            case .multiplySubtract: for l in 0..<lanes { out[l] = x[l] * y[l] - z[l] }
            case .subtractProduct: for l in 0..<lanes { out[l] = z[l] - x[l] * y[l] }
            case .add: for l in 0..<lanes { out[l] = x[l] + y[l] }
            case .subtract: for l in 0..<lanes { out[l] = x[l] - y[l] }
            case .multiply: for l in 0..<lanes { out[l] = x[l] * y[l] }
            case .divide: for l in 0..<lanes { out[l] = x[l] / y[l] }
            case .negate: for l in 0..<lanes { out[l] = -x[l] }
            case .power:
                // A constant exponent of 3 or 4 (the same in every lane): the whole correctly rounded power in one
                // vectorised pass, the values Double.power gives.
                let k = Int(op.b) - inputCount
                let exponent = k >= 0 && k < constants.count ? constants[k] : nil
                if exponent == 3 {
                    gd_lanes_cube(lanes, x, out)
                } else if exponent == 4 {
                    gd_lanes_fourth_power(lanes, x, out)
                } else {
                    for l in 0..<lanes { out[l] = Double.power(x[l], y[l]) }
                }
            case .squareRoot: for l in 0..<lanes { out[l] = x[l].squareRoot() }
            case .fusedMultiplySubtract: gd_lanes_fused_multiply_subtract(lanes, x, y, z, out)
            case .fusedMultiplyAdd: gd_lanes_fused_multiply_add(lanes, x, y, z, out)
            case .roundToFloat32: for l in 0..<lanes { out[l] = Double(Float(x[l])) }
            case .addCorrection: for l in 0..<lanes { out[l] = Double.addCorrection(x[l], y[l]) }
            case .function, .function2:
                // A function of one argument ignores y, which is x.
                op.function!.lanes(lanes, x, y, out)
            }
        }
    }

    /// This program's code with `before` run ahead of it and `after` behind it, on a register file of
    /// `registerCount` registers (at least this program's; the extra ones are the caller's to lay out), whose
    /// `outputs` hold their values at the end. For loops that fuse arithmetic of their own with an evaluation,
    /// such as a descent step: one program, so machine code keeps values in xmm registers across the seams.
    /// Unlike a compiled program's, this code may write the input registers. Not for programs with reductions.
    /// `translated`: whether `execute` runs machine code (not needed where the caller translates `code` itself).
    public func extended(before: [Operation], after: [Operation], registerCount: Int, outputs: [Int],
                         translated: Bool = true) -> Program {
        precondition(reductions.isEmpty && registerCount >= self.registerCount, "cannot extend this program")
        for op in before + after {
            precondition([op.result, op.a, op.b, op.c].allSatisfy { $0 >= 0 && Int($0) < registerCount },
                         "an operation reads or writes outside the register file")
            precondition(op.opcode != .function && op.opcode != .function2, "built-ins need their function")
        }
        precondition(outputs.allSatisfy { (0..<registerCount).contains($0) }, "an output outside the register file")
        return Program(code: before + code + after, registerCount: registerCount, outputs: outputs,
                       parameters: parameters, inputCount: inputCount, constants: constants, reductions: [],
                       translated: translated, float32: isFloat32)
    }

    /// Evaluates every output at `point`; a convenience that allocates, for tests and one-off values.
    public func evaluate(_ point: [Double]) -> [Double] {
        var registers = makeRegisters()
        point.withUnsafeBufferPointer { p in
            registers.withUnsafeMutableBufferPointer { r in run(p, r) }
        }
        return outputs.map { registers[$0] }
    }
}

extension Program.Operation {
    /// `registers[result] = opcode(registers[a], registers[b], registers[c])` for an arithmetic opcode (not a
    /// built-in); `b` and `c` default to `a`, as operations with fewer operands read them.
    public init(_ opcode: Opcode, result: Int, _ a: Int, _ b: Int? = nil, _ c: Int? = nil) {
        self.init(opcode: opcode, function: nil, result: Int32(result), a: Int32(a), b: Int32(b ?? a), c: Int32(c ?? a))
    }
}
