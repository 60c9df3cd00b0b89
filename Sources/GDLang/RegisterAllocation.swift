/// Lowers the compiler's single-assignment instructions to a program's code: drops values no output needs,
/// gives inputs, constants and reduction results fixed registers, and lets temporaries share registers once
/// their last reader has run, so a large loss needs a register file about as wide as its widest moment, not
/// as long as its code.
struct RegisterAllocation {
    private(set) var code: [Program.Operation] = []
    private(set) var constants: [Double] = []
    /// The register of each live value.
    private(set) var register: [Int]
    private(set) var registerCount = 0

    init(_ instructions: [ProgramCompiler.Instruction], outputs: [Int], inputCount: Int) {
        let n = instructions.count
        // Liveness, backwards: a value is live when an output or a live value reads it; note its last reader.
        var live = [Bool](repeating: false, count: n)
        var lastUse = [Int](repeating: -1, count: n)
        for o in outputs {
            live[o] = true
            lastUse[o] = Int.max  // outputs are read after the code has run
        }
        for i in stride(from: n - 1, through: 0, by: -1) where live[i] {
            for u in Self.operands(instructions[i]) {
                live[u] = true
                lastUse[u] = max(lastUse[u], i)
            }
        }
        register = [Int](repeating: -1, count: n)
        var constantRegister: [UInt64: Int] = [:]
        for i in 0..<n where live[i] {
            switch instructions[i] {
            case .parameter(let p):
                register[i] = p
            case .constant(let v):
                if let r = constantRegister[v.bitPattern] {
                    register[i] = r
                } else {
                    constants.append(v)
                    register[i] = inputCount + constants.count - 1
                    constantRegister[v.bitPattern] = register[i]
                }
            default:
                break
            }
        }
        var next = inputCount + constants.count
        for i in 0..<n where live[i] {
            if case .reduction = instructions[i] {
                register[i] = next
                next += 1
            }
        }
        let temporaries = next
        var free: [Int] = []
        for i in 0..<n where live[i] && register[i] < 0 {
            if let r = free.popLast() {
                register[i] = r
            } else {
                register[i] = next
                next += 1
            }
            code.append(operation(instructions[i], result: register[i]))
            // An operand read for the last time frees its register only now, so a result never overwrites its
            // own operand: the lanes' loops then see distinct arrays and vectorise.
            let operands = Self.operands(instructions[i])
            for (k, u) in operands.enumerated() where lastUse[u] == i && register[u] >= temporaries {
                if k == 1 && operands[0] == u { continue }
                free.append(register[u])
            }
        }
        registerCount = next
    }

    private static func operands(_ instruction: ProgramCompiler.Instruction) -> [Int] {
        switch instruction {
        case .constant, .parameter, .reduction: return []
        case .negate(let a), .squareRoot(let a), .function(_, let a): return [a]
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b),
             .power(let a, let b), .function2(_, let a, let b):
            return [a, b]
        }
    }

    private func operation(_ instruction: ProgramCompiler.Instruction, result: Int) -> Program.Operation {
        func op(_ opcode: Program.Operation.Opcode, _ a: Int, _ b: Int? = nil, _ f: Builtin? = nil) -> Program.Operation {
            Program.Operation(opcode: opcode, function: f, result: Int32(result), a: Int32(register[a]),
                              b: Int32(register[b ?? a]))
        }
        switch instruction {
        case .constant, .parameter, .reduction: preconditionFailure("inputs, constants and reductions have fixed registers")
        case .add(let a, let b): return op(.add, a, b)
        case .subtract(let a, let b): return op(.subtract, a, b)
        case .multiply(let a, let b): return op(.multiply, a, b)
        case .divide(let a, let b): return op(.divide, a, b)
        case .negate(let a): return op(.negate, a)
        case .power(let a, let b): return op(.power, a, b)
        case .squareRoot(let a): return op(.squareRoot, a)
        case .function(let f, let a): return op(.function, a, nil, f)
        case .function2(let f, let a, let b): return op(.function2, a, b, f)
        }
    }
}
