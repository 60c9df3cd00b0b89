import GDConcurrency
import GDLang
import GDNative

/// Lowers the compiler's single-assignment instructions to a program's code: fuses a product into the sum
/// that alone reads it, drops values no output needs, gives inputs, constants and reduction results fixed
/// registers, and lets temporaries share registers once their last reader has run, so a large loss needs a
/// register file about as wide as its widest moment, not as long as its code.
struct RegisterAllocation {
    private(set) var code: [Program.Operation] = []
    private(set) var constants: [Double] = []
    /// The register of each live value.
    private(set) var register: [Int]
    private(set) var registerCount = 0

    /// An operation before registers are chosen: its operands are values.
    private struct Planned {
        var opcode: Program.Operation.Opcode
        var function: Builtin?
        var operands: [Int]
    }

    init(_ instructions: [ProgramCompiler.Instruction], outputs: [Int], inputCount: Int, order: Program.Order) {
        let n = instructions.count
        var planned = instructions.map(Self.plan)
        Self.fuseProducts(&planned, outputs: outputs)
        // Liveness, backwards: a value is live when an output or a live value reads it; note its last reader.
        var live = [Bool](repeating: false, count: n)
        var lastUse = [Int](repeating: -1, count: n)
        for o in outputs {
            live[o] = true
            lastUse[o] = Int.max  // outputs are read after the code has run
        }
        for i in stride(from: n - 1, through: 0, by: -1) where live[i] {
            for u in planned[i]?.operands ?? [] { live[u] = true }
        }
        let order = order == .byKind
            ? Self.schedule(planned, live: live)
            : (0..<n).filter { live[$0] && planned[$0] != nil }
        // The last reader of each value, as a position in the scheduled order.
        for (k, i) in order.enumerated() {
            for u in planned[i]!.operands { lastUse[u] = max(lastUse[u], k) }
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
        for (k, i) in order.enumerated() {
            let op = planned[i]!
            if let r = free.popLast() {
                register[i] = r
            } else {
                register[i] = next
                next += 1
            }
            let a = register[op.operands[0]]
            let b = op.operands.count > 1 ? register[op.operands[1]] : a
            let c = op.operands.count > 2 ? register[op.operands[2]] : a
            code.append(Program.Operation(opcode: op.opcode, function: op.function, result: Int32(register[i]),
                                          a: Int32(a), b: Int32(b), c: Int32(c)))
            // An operand read for the last time frees its register only now, so a result never overwrites its
            // own operand: the lanes' loops then see distinct arrays and vectorise.
            var freed: [Int] = []
            for u in op.operands where lastUse[u] == k && register[u] >= temporaries && !freed.contains(u) {
                freed.append(u)
                free.append(register[u])
            }
        }
        registerCount = next
    }

    /// The order the live operations run in: any order in which each comes after its operands, chosen to run
    /// operations of one kind back to back wherever that is free, so that the scalar loop dispatches once
    /// per run of them (`Program.runs`). It takes the kind of the earliest ready operation, then every ready
    /// operation of that kind as one batch, and only then readies their readers: operations in a batch never
    /// read each other, so none waits for the one before it.
    private static func schedule(_ planned: [Planned?], live: [Bool]) -> [Int] {
        let n = planned.count
        var waiting = [Int](repeating: 0, count: n)
        var readers = [[Int]](repeating: [], count: n)
        for i in 0..<n where live[i] {
            guard let op = planned[i] else { continue }
            for u in op.operands where planned[u] != nil {
                waiting[i] += 1
                readers[u].append(i)
            }
        }
        // The ready operations of each opcode, earliest first.
        var ready: [Program.Operation.Opcode: MinHeap] = [:]
        func makeReady(_ i: Int) { ready[planned[i]!.opcode, default: MinHeap()].insert(i) }
        for i in 0..<n where live[i] && planned[i] != nil && waiting[i] == 0 { makeReady(i) }
        var order: [Int] = []
        while let key = ready.filter({ $0.value.minimum != nil }).min(by: { $0.value.minimum! < $1.value.minimum! })?.key {
            // Every operation of this kind that is ready now, and only those: none of them reads another, so
            // none waits for the one before it to be stored.
            var batch: [Int] = []
            while ready[key]!.minimum != nil { batch.append(ready[key]!.removeMinimum()) }
            order += batch
            for i in batch {
                for r in readers[i] {
                    waiting[r] -= 1
                    if waiting[r] == 0 { makeReady(r) }
                }
            }
        }
        return order
    }

    /// The operation an instruction becomes; nil for inputs, constants and reductions, which have fixed registers.
    private static func plan(_ instruction: ProgramCompiler.Instruction) -> Planned? {
        switch instruction {
        case .constant, .parameter, .reduction: return nil
        case .add(let a, let b): return Planned(opcode: .add, operands: [a, b])
        case .subtract(let a, let b): return Planned(opcode: .subtract, operands: [a, b])
        case .multiply(let a, let b): return Planned(opcode: .multiply, operands: [a, b])
        case .divide(let a, let b): return Planned(opcode: .divide, operands: [a, b])
        case .negate(let a): return Planned(opcode: .negate, operands: [a])
        case .power(let a, let b): return Planned(opcode: .power, operands: [a, b])
        case .squareRoot(let a): return Planned(opcode: .squareRoot, operands: [a])
        case .function(let f, let a): return Planned(opcode: .function, function: f, operands: [a])
        case .function2(let f, let a, let b): return Planned(opcode: .function2, function: f, operands: [a, b])
        case .fusedMultiplySubtract(let a, let b, let c): return Planned(opcode: .fusedMultiplySubtract, operands: [a, b, c])
        case .fusedMultiplyAdd(let a, let b, let c): return Planned(opcode: .fusedMultiplyAdd, operands: [a, b, c])
        case .addCorrection(let a, let b): return Planned(opcode: .addCorrection, operands: [a, b])
        }
    }

    /// Folds x·y into the sum or difference that is its only reader: x·y + z, x·y − z and z − x·y become one
    /// operation each. The product is still rounded before the addition (no fused multiply-add instruction),
    /// so values are unchanged; what is saved is a dispatch, and for lanes a pass over memory.
    private static func fuseProducts(_ planned: inout [Planned?], outputs: [Int]) {
        var readers = [Int](repeating: 0, count: planned.count)
        for op in planned { for u in op?.operands ?? [] { readers[u] += 1 } }
        for o in outputs { readers[o] += 1 }
        func product(_ v: Int) -> [Int]? {
            guard readers[v] == 1, let op = planned[v], op.opcode == .multiply else { return nil }
            return op.operands
        }
        for i in planned.indices {
            guard let op = planned[i], op.opcode == .add || op.opcode == .subtract else { continue }
            let (p, q) = (op.operands[0], op.operands[1])
            if p == q { continue }
            if let xy = product(p) {
                planned[i] = Planned(opcode: op.opcode == .add ? .multiplyAdd : .multiplySubtract, operands: xy + [q])
            } else if let xy = product(q) {
                planned[i] = Planned(opcode: op.opcode == .add ? .multiplyAdd : .subtractProduct, operands: xy + [p])
            }
        }
    }
}

/// A binary min-heap of indices.
private struct MinHeap {
    private var items: [Int] = []

    var minimum: Int? { items.first }

    mutating func insert(_ x: Int) {
        items.append(x)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeMinimum() -> Int {
        let top = items[0]
        let last = items.removeLast()
        guard !items.isEmpty else { return top }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count && items[left] < items[smallest] { smallest = left }
            if right < items.count && items[right] < items[smallest] { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
