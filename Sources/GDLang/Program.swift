#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// A loss and its gradient compiled to straight-line code over registers.
///
/// Compiled once per definition; each evaluation is a loop over `instructions` with no allocation.
/// Common subexpressions of the outputs are computed once.
public struct Program: Sendable {
    public enum Instruction: Sendable, Hashable {
        case constant(Double)
        case parameter(Int)
        case add(Int, Int)
        case subtract(Int, Int)
        case multiply(Int, Int)
        case divide(Int, Int)
        case negate(Int)
        case power(Int, Int)
        case squareRoot(Int)
        case function(Builtin, Int)
        case function2(Builtin, Int, Int)
        /// Output `output` of reduction group `group`, computed over the rows before the other instructions run.
        case reduction(group: Int, output: Int)
    }

    /// The summands of the reductions over one table, compiled together over the parameters followed by the
    /// table's columns, so L and ∇L take one pass over the rows.
    public struct ReductionGroup: Sendable {
        public let table: DataTable
        public let program: Program
        /// Per output: whether it is a mean (else a sum), and the register of the main program that receives it.
        public let isMean: [Bool]
        public let registers: [Int]
    }

    /// Register `i` holds the result of `instructions[i]`.
    public let instructions: [Instruction]
    /// The registers holding each output, in the order they were given to `compile`.
    public let outputs: [Int]
    /// The parameter names, in the order evaluations take their values.
    public let parameters: [String]
    /// Sums over tables, evaluated first on each run.
    public let reductions: [ReductionGroup]

    /// Whether the program reads a table.
    public var hasReductions: Bool { !reductions.isEmpty }

    /// Compiles `outputs` (typically L followed by ∂L/∂p for each parameter) over `parameters`.
    /// Every symbol in the outputs must be one of the parameters.
    public static func compile(_ outputs: [Term], parameters: [String]) -> Program {
        var compiler = ProgramCompiler(parameters: parameters)
        let registers = outputs.map { compiler.emit($0) }
        let groups = compiler.groups.map { g in
            ReductionGroup(table: g.table,
                           program: Program.compile(g.summands, parameters: parameters, columns: g.table.columns.count),
                           isMean: g.isMean, registers: g.registers)
        }
        return Program(instructions: compiler.instructions, outputs: registers, parameters: parameters, reductions: groups)
    }

    /// A reduction's summands over the parameters and then `columns` table columns.
    static func compile(_ outputs: [Term], parameters: [String], columns: Int) -> Program {
        var compiler = ProgramCompiler(parameters: parameters)
        compiler.columnBase = parameters.count
        let registers = outputs.map { compiler.emit($0) }
        precondition(compiler.groups.isEmpty, "a reduction inside a reduction reached the compiler")
        return Program(instructions: compiler.instructions, outputs: registers, parameters: parameters, reductions: [])
    }

    /// Runs the program on `point`, writing every register into `registers` (which needs `instructions.count` room).
    @inline(__always)
    public func run(_ point: UnsafeBufferPointer<Double>, _ registers: UnsafeMutableBufferPointer<Double>) {
        run(point, registers, rows: nil)
    }

    /// Runs the program with its reductions over only `rows` (a mini-batch); means divide by their count.
    public func run(_ point: UnsafeBufferPointer<Double>, _ registers: UnsafeMutableBufferPointer<Double>, rows: [Int]?) {
        instructions.withUnsafeBufferPointer { code in
            guard !reductions.isEmpty else {
                // Most losses read no table: the loop stays a single dispatch per instruction.
                for i in code.indices { registers[i] = Self.execute(code[i], point, registers) }
                return
            }
            runReductions(point, registers, rows: rows)
            for i in code.indices {
                if case .reduction = code[i] { continue }
                registers[i] = Self.execute(code[i], point, registers)
            }
        }
    }

    /// Sums each group's summands over the rows, a block of rows at a time as lanes, into the registers that
    /// hold them. Large tables are split between the cores; each block's partial sums are added in block order,
    /// so the result does not depend on how many cores there are.
    private func runReductions(_ point: UnsafeBufferPointer<Double>, _ registers: UnsafeMutableBufferPointer<Double>, rows: [Int]?) {
        for group in reductions {
            let n = rows?.count ?? group.table.rowCount
            let blocks = (n + Self.block - 1) / Self.block
            let outputs = group.program.outputs.count
            var partial = [Double](repeating: 0, count: blocks * outputs)
            let parameters = Array(point)
            let workers = n >= 8 * Self.block ? min(Cores.count, blocks) : 1
            partial.withUnsafeMutableBufferPointer { sums in
                let sums = UnsafeSendablePointer(sums.baseAddress!)
                Cores.run(workers) { worker in
                    var evaluator = BlockEvaluator(group: group, parameters: parameters)
                    var b = worker
                    while b < blocks {
                        evaluator.sum(block: b, of: n, rows: rows, into: sums.pointer + b * outputs)
                        b += workers
                    }
                }
            }
            for o in 0..<outputs {
                var total = 0.0
                for b in 0..<blocks { total += partial[b * outputs + o] }
                registers[group.registers[o]] = group.isMean[o] ? total / Double(n) : total
            }
        }
    }

    /// Rows per block: lanes of the reduction's program.
    static let block = 256

    @inline(__always)
    static func execute(_ instruction: Instruction, _ point: UnsafeBufferPointer<Double>,
                        _ registers: UnsafeMutableBufferPointer<Double>) -> Double {
        let r: Double
        switch instruction {
        case .constant(let v): r = v
        case .parameter(let p): r = point[p]
        case .add(let a, let b): r = registers[a] + registers[b]
        case .subtract(let a, let b): r = registers[a] - registers[b]
        case .multiply(let a, let b): r = registers[a] * registers[b]
        case .divide(let a, let b): r = registers[a] / registers[b]
        case .negate(let a): r = -registers[a]
        case .power(let a, let b): r = Glibc.pow(registers[a], registers[b])
        case .squareRoot(let a): r = registers[a].squareRoot()
        case .function(let f, let a): r = f.evaluate(registers[a])
        case .function2(let f, let a, let b): r = f.evaluate(registers[a], registers[b])
        case .reduction: r = .nan  // filled in before the instructions run
        }
        return r
    }

    /// Runs the program on `lanes` points at once, structure-of-arrays: parameter p of lane l is
    /// `points[p * lanes + l]`, and register i of lane l is written to `registers[i * lanes + l]`.
    /// Each instruction sweeps all lanes in a tight loop, so the dispatch cost is shared and the loop vectorises.
    public func run(lanes: Int, _ points: UnsafePointer<Double>, _ registers: UnsafeMutablePointer<Double>) {
        for i in instructions.indices {
            let out = registers + i * lanes
            switch instructions[i] {
            case .constant(let v):
                for l in 0..<lanes { out[l] = v }
            case .parameter(let p):
                let src = points + p * lanes
                for l in 0..<lanes { out[l] = src[l] }
            case .add(let a, let b):
                let x = registers + a * lanes, y = registers + b * lanes
                for l in 0..<lanes { out[l] = x[l] + y[l] }
            case .subtract(let a, let b):
                let x = registers + a * lanes, y = registers + b * lanes
                for l in 0..<lanes { out[l] = x[l] - y[l] }
            case .multiply(let a, let b):
                let x = registers + a * lanes, y = registers + b * lanes
                for l in 0..<lanes { out[l] = x[l] * y[l] }
            case .divide(let a, let b):
                let x = registers + a * lanes, y = registers + b * lanes
                for l in 0..<lanes { out[l] = x[l] / y[l] }
            case .negate(let a):
                let x = registers + a * lanes
                for l in 0..<lanes { out[l] = -x[l] }
            case .power(let a, let b):
                let x = registers + a * lanes, y = registers + b * lanes
                for l in 0..<lanes { out[l] = Glibc.pow(x[l], y[l]) }
            case .squareRoot(let a):
                let x = registers + a * lanes
                for l in 0..<lanes { out[l] = x[l].squareRoot() }
            case .function(let f, let a):
                let x = registers + a * lanes
                for l in 0..<lanes { out[l] = f.evaluate(x[l]) }
            case .function2(let f, let a, let b):
                let x = registers + a * lanes, y = registers + b * lanes
                for l in 0..<lanes { out[l] = f.evaluate(x[l], y[l]) }
            case .reduction:
                // Lanes run programs without tables; `LaneDescent.supports` keeps those away.
                for l in 0..<lanes { out[l] = .nan }
            }
        }
    }

    /// Evaluates every output at `point`; a convenience that allocates, for tests and one-off values.
    public func evaluate(_ point: [Double]) -> [Double] {
        var registers = [Double](repeating: 0, count: instructions.count)
        point.withUnsafeBufferPointer { p in
            registers.withUnsafeMutableBufferPointer { r in run(p, r) }
        }
        return outputs.map { registers[$0] }
    }
}

/// Turns terms into instructions, giving each distinct subterm one register.
struct ProgramCompiler {
    let parameters: [String]
    /// Where table columns start among the inputs, when compiling a reduction's summands.
    var columnBase: Int?
    var instructions: [Program.Instruction] = []
    /// The reductions met so far, grouped by table.
    var groups: [(table: DataTable, summands: [Term], isMean: [Bool], registers: [Int])] = []
    var registerOf: [Term: Int] = [:]
    var registerOfInstruction: [Program.Instruction: Int] = [:]

    init(parameters: [String]) {
        self.parameters = parameters
    }

    mutating func emit(_ term: Term) -> Int {
        if let r = registerOf[term] { return r }
        let r: Int
        switch term {
        case .number(let v): r = push(.constant(v))
        case .constant(let c): r = push(.constant(c.value))
        case .symbol(let s):
            let index = parameters.firstIndex(of: s)
            precondition(index != nil, "unbound symbol \(s) reached the compiler")
            r = push(.parameter(index!))
        case .sum(let terms):
            var acc = emit(terms[0])
            for t in terms.dropFirst() {
                if let negated = t.negatedIfNegative {
                    acc = push(.subtract(acc, emit(negated)))
                } else {
                    acc = push(.add(acc, emit(t)))
                }
            }
            r = acc
        case .product(let factors):
            r = emitProduct(factors)
        case .power(_, .number(let n)) where n < 0:
            r = emitProduct([term])
        case .power(let b, let e):
            r = emitPower(b, e)
        case .apply(let f, let args):
            let a = emit(args[0])
            r = args.count == 2 ? push(.function2(f, a, emit(args[1]))) : push(.function(f, a))
        case .column(let name, let index):
            precondition(columnBase != nil, "column \(name) outside a reduction reached the compiler")
            r = push(.parameter(columnBase! + index))
        case .reduce(let reduction):
            var g = groups.firstIndex { $0.table === reduction.table }
            if g == nil {
                groups.append((reduction.table, [], [], []))
                g = groups.count - 1
            }
            let output = groups[g!].summands.count
            r = push(.reduction(group: g!, output: output))
            groups[g!].summands.append(reduction.summand)
            groups[g!].isMean.append(reduction.isMean)
            groups[g!].registers.append(r)
        }
        registerOf[term] = r
        return r
    }

    /// Multiplies the numerator factors and divides by the negative powers, as the printed form reads.
    mutating func emitProduct(_ factors: [Term]) -> Int {
        var coefficient = 1.0
        var numerator: [Int] = []
        var denominator: [Int] = []
        for f in factors {
            switch f {
            case .number(let c): coefficient = c
            case .power(let b, .number(let n)) where n < 0: denominator.append(emitPower(b, .number(-n)))
            default: numerator.append(emit(f))
            }
        }
        if coefficient != 1 && coefficient != -1 { numerator.insert(emit(.number(coefficient)), at: 0) }
        var acc = numerator.isEmpty ? emit(.one) : numerator[0]
        for n in numerator.dropFirst() { acc = push(.multiply(acc, n)) }
        if !denominator.isEmpty {
            var under = denominator[0]
            for d in denominator.dropFirst() { under = push(.multiply(under, d)) }
            acc = push(.divide(acc, under))
        }
        return coefficient == -1 ? push(.negate(acc)) : acc
    }

    mutating func emitPower(_ base: Term, _ exponent: Term) -> Int {
        let b = emit(base)
        switch exponent {
        case .number(1): return b
        case .number(2): return push(.multiply(b, b))
        case .number(3): return push(.multiply(push(.multiply(b, b)), b))
        case .number(4):
            let square = push(.multiply(b, b))
            return push(.multiply(square, square))
        case .number(0.5): return push(.squareRoot(b))
        default: return push(.power(b, emit(exponent)))
        }
    }

    /// Appends an instruction, reusing the register of an identical one already emitted.
    mutating func push(_ instruction: Program.Instruction) -> Int {
        if let r = registerOfInstruction[instruction] { return r }
        instructions.append(instruction)
        registerOfInstruction[instruction] = instructions.count - 1
        return instructions.count - 1
    }
}

/// Evaluates a reduction's program on blocks of rows, with its buffers allocated once.
struct BlockEvaluator {
    let group: Program.ReductionGroup
    var inputs: [Double]
    var scratch: [Double]

    init(group: Program.ReductionGroup, parameters: [Double]) {
        self.group = group
        let lanes = Program.block
        inputs = [Double](repeating: 0, count: (parameters.count + group.table.columns.count) * lanes)
        scratch = [Double](repeating: 0, count: group.program.instructions.count * lanes)
        // The parameters are the same in every lane and every block: broadcast them once.
        for (q, v) in parameters.enumerated() { for l in 0..<lanes { inputs[q * lanes + l] = v } }
    }

    /// Sums the outputs over rows [block·B, (block+1)·B) of the n selected, writing one sum per output.
    mutating func sum(block: Int, of n: Int, rows: [Int]?, into sums: UnsafeMutablePointer<Double>) {
        let lanes = Program.block
        let start = block * lanes
        let count = min(lanes, n - start)
        let p = group.program.parameters.count
        for (c, column) in group.table.values.enumerated() {
            let base = (p + c) * lanes
            if let rows {
                for l in 0..<count { inputs[base + l] = column[rows[start + l]] }
            } else {
                for l in 0..<count { inputs[base + l] = column[start + l] }
            }
            // A short last block repeats its last row; only the first `count` lanes are summed.
            for l in count..<lanes { inputs[base + l] = inputs[base + count - 1] }
        }
        let program = group.program
        inputs.withUnsafeBufferPointer { i in
            scratch.withUnsafeMutableBufferPointer { r in program.run(lanes: lanes, i.baseAddress!, r.baseAddress!) }
        }
        for (o, register) in program.outputs.enumerated() {
            var total = 0.0
            for l in 0..<count { total += scratch[register * lanes + l] }
            sums[o] = total
        }
    }
}

/// A pointer handed to worker threads that each write their own part of the memory behind it.
struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    init(_ pointer: UnsafeMutablePointer<Double>) { self.pointer = pointer }
}

/// The machine's cores, which reductions over rows and lanes of descents spread over.
public enum Cores {
    public static let count = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Runs `body(0)`, …, `body(workers − 1)`, in parallel when there is more than one.
    public static func run(_ workers: Int, _ body: @Sendable (Int) -> Void) {
        if workers <= 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: workers, execute: body)
    }
}
