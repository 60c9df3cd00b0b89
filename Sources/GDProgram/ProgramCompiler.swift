import GDConcurrency
import GDLang
import GDNative

extension ProgramCompiler.Instruction {
    /// The same instruction reading value `at[v]` wherever it read v.
    func renumbered(_ at: [Int]) -> Self {
        switch self {
        case .constant, .parameter, .reduction: return self
        case .add(let a, let b): return .add(at[a], at[b])
        case .subtract(let a, let b): return .subtract(at[a], at[b])
        case .multiply(let a, let b): return .multiply(at[a], at[b])
        case .divide(let a, let b): return .divide(at[a], at[b])
        case .negate(let a): return .negate(at[a])
        case .power(let a, let b): return .power(at[a], at[b])
        case .squareRoot(let a): return .squareRoot(at[a])
        case .function(let f, let a): return .function(f, at[a])
        case .function2(let f, let a, let b): return .function2(f, at[a], at[b])
        case .fusedMultiplySubtract(let a, let b, let c): return .fusedMultiplySubtract(at[a], at[b], at[c])
        case .fusedMultiplyAdd(let a, let b, let c): return .fusedMultiplyAdd(at[a], at[b], at[c])
        case .addCorrection(let a, let b): return .addCorrection(at[a], at[b])
        }
    }
}

/// Turns terms into single-assignment instructions, giving each distinct subterm one value; `RegisterAllocation`
/// then lowers them to the program's code.
struct ProgramCompiler {
    /// One value of the single-assignment form: value `i` is the result of `instructions[i]`.
    enum Instruction: Hashable {
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
        /// Output `output` of reduction group `group`, computed over the rows before the code runs.
        case reduction(group: Int, output: Int)
        /// The operations a cube or fourth power expands into (`expandingPowers`), after the gradient is taken:
        /// a·b − c and a·b + c rounded once, and a power's leading part plus its error (`Double.addCorrection`).
        case fusedMultiplySubtract(Int, Int, Int)
        case fusedMultiplyAdd(Int, Int, Int)
        case addCorrection(Int, Int)
    }

    let parameters: [String]
    /// Each parameter's position, for symbols: a model may have ten thousand.
    private let parameterIndex: [String: Int]
    /// Where table columns start among the inputs, when compiling a reduction's summands.
    var columnBase: Int?
    var instructions: [Instruction] = []
    /// The reductions met so far, grouped by table.
    var groups: [(table: DataTable, summands: [Term], isMean: [Bool], values: [Int])] = []
    var valueOf: [Term: Int] = [:]
    var valueOfInstruction: [Instruction: Int] = [:]
    /// The arguments of each `.function` and `.function2` value, and the sum over rows behind each `.reduction`
    /// value: what the reverse pass needs to differentiate them.
    var arguments: [Int: [Term]] = [:]
    var reductions: [Int: Reduction] = [:]

    init(parameters: [String]) {
        self.parameters = parameters
        self.parameterIndex = Dictionary(parameters.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func emit(_ term: Term) -> Int {
        if let r = valueOf[term] { return r }
        let r: Int
        switch term.kind {
        case .number(let v): r = push(.constant(v))
        case .constant(let c): r = push(.constant(c.value))
        case .symbol(let s):
            let index = parameterIndex[s]
            precondition(index != nil, "unbound symbol \(s) reached the compiler")
            r = push(.parameter(index!))
        case .sum(let terms):
            r = emitSum(terms[...])
        case .product(let factors):
            r = emitProduct(factors)
        case .power(let b, let e):
            if let n = e.numberValue, n < 0 {
                r = emitProduct([term])
            } else {
                r = emitPower(b, e)
            }
        case .apply(let f, let args):
            let a = emit(args[0])
            r = args.count == 2 ? push(.function2(f, a, emit(args[1]))) : push(.function(f, a))
            arguments[r] = args
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
            groups[g!].values.append(r)
            reductions[r] = reduction
        }
        valueOf[term] = r
        return r
    }

    /// The longest sum added as one chain. A longer one is split in halves, added separately: the same number
    /// of operations, but the additions no longer wait on each other in one long line. A loss as written
    /// (`Lowering.writtenSumChunk`) comes in chains no longer, so that its order is kept.
    static let longestChain = Lowering.writtenSumChunk

    /// Adds the terms left to right, subtracting the negative ones; past `longestChain` terms, as a balanced tree
    /// of such chains.
    mutating func emitSum(_ terms: ArraySlice<Term>) -> Int {
        if terms.count > Self.longestChain {
            let middle = terms.startIndex + terms.count / 2
            return push(.add(emitSum(terms[..<middle]), emitSum(terms[middle...])))
        }
        var acc: Int
        var rest = terms.dropFirst()
        let (first, second) = (terms[terms.startIndex], terms.dropFirst().first)
        if let second, let negated = first.negatedIfNegative, second.negatedIfNegative == nil {
            // −t₀ + t₁ is t₁ − t₀ to the bit, without a negation.
            acc = push(.subtract(emit(second), emit(negated)))
            rest = terms.dropFirst(2)
        } else {
            acc = emit(first)
        }
        for t in rest {
            if let negated = t.negatedIfNegative {
                acc = push(.subtract(acc, emit(negated)))
            } else {
                acc = push(.add(acc, emit(t)))
            }
        }
        return acc
    }

    /// Multiplies the numerator factors and divides by the negative powers, as the printed form reads.
    mutating func emitProduct(_ factors: [Term]) -> Int {
        var coefficient = 1.0
        var numerator: [Int] = []
        var denominator: [Int] = []
        for f in factors {
            if let c = f.numberValue {
                coefficient = c
            } else if case .power(let b, let e) = f.kind, let n = e.numberValue, n < 0 {
                denominator.append(emitPower(b, .number(-n)))
            } else {
                numerator.append(emit(f))
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
        guard let c = exponent.numberValue else { return push(.power(b, emit(exponent))) }
        return raise(b, c)
    }

    /// Value `b` to the constant power `c`: a square by multiplying, one half by a square root, other powers as
    /// `Double.power` computes them (cubes and fourth powers correctly rounded, without `pow`).
    mutating func raise(_ b: Int, _ c: Double) -> Int {
        switch c {
        case 0: return push(.constant(1))
        case 1: return b
        case 2: return push(.multiply(b, b))
        case 0.5: return push(.squareRoot(b))
        default: return push(.power(b, push(.constant(c))))
        }
    }

    /// The instructions with each cube and fourth power replaced by the operations that round it correctly, as
    /// `Double.power` computes it (x² = p + e exactly, then the product and its error, rounded once); and where
    /// each old value now is. Run after the gradient is emitted, which differentiates the power itself. An
    /// operation the expansions share (x·x of x², x³ and x⁴ alike) is computed once: the same operation on the same
    /// values gives the same bits.
    func expandingPowers() -> (instructions: [Instruction], where: [Int]) {
        var out: [Instruction] = []
        var at: [Int] = []
        var index: [Instruction: Int] = [:]
        func append(_ i: Instruction) -> Int {
            if let k = index[i] { return k }
            out.append(i)
            index[i] = out.count - 1
            return out.count - 1
        }
        for instruction in instructions {
            let i = instruction.renumbered(at)
            guard case .power(let b, let e) = i, case .constant(let c) = out[e], c == 3 || c == 4 else {
                at.append(append(i))
                continue
            }
            let p = append(.multiply(b, b)), pe = append(.fusedMultiplySubtract(b, b, p))
            let h: Int, low: Int
            if c == 3 {
                h = append(.multiply(p, b))
                let t = append(.fusedMultiplySubtract(p, b, h))
                low = append(.fusedMultiplyAdd(pe, b, t))
            } else {
                h = append(.multiply(p, p))
                let t = append(.fusedMultiplySubtract(p, p, h))
                low = append(.fusedMultiplyAdd(append(.add(p, p)), pe, t))
            }
            at.append(append(.addCorrection(h, low)))
        }
        return (out, at)
    }

    /// Appends an instruction, reusing the register of an identical one already emitted.
    mutating func push(_ instruction: Instruction) -> Int {
        if let r = valueOfInstruction[instruction] { return r }
        instructions.append(instruction)
        valueOfInstruction[instruction] = instructions.count - 1
        return instructions.count - 1
    }
}

