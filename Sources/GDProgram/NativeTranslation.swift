import GDConcurrency
import GDLang
import GDNative

/// Translates straight-line program code to x86-64, keeping values in xmm registers.
///
/// xmm0–xmm14 hold values of program registers (`slots`); xmm15 is scratch. A result goes to a
/// slot and is written to the register file only if it is still needed when its slot is taken, before a call
/// (which may change every xmm register), or at the end if it is an output. Operands not in a slot are read
/// from the file. When every slot is taken, the one whose value is needed furthest ahead gives way, which is
/// the best choice for straight-line code; a value never read again frees its slot at once.
package struct NativeTranslation {

    private static let slotCount = 15
    private static let scratch = 15
    private static let never = Int.max

    private var asm: X86Assembler
    /// Per slot: the program register whose value it holds, and when that value is next read (an operation's
    /// index, `code.count` for an output, `never`). Only results are held, and a slot is released once its
    /// value is written back, so the file always lacks a held value.
    private var holder = [Int?](repeating: nil, count: slotCount)
    private var nextRead = [Int](repeating: never, count: slotCount)
    /// Per program register: the slot holding its value, if any.
    private var slotOf: [Int]

    /// Whether `code` on a file of `registerCount` registers can be translated: registers are addressed with
    /// 32-bit displacements, and a file too large for them is interpreted.
    /// Fused multiply-adds (the operations of a cube or fourth power) need a processor that has them.
    package static func canTranslate(_ code: [Program.Operation], registerCount: Int) -> Bool {
        registerCount <= Int(Int32.max) / 8
            && (ProcessorFeatures.hasFMA || !code.contains { $0.opcode == .fusedMultiplyAdd || $0.opcode == .fusedMultiplySubtract })
    }

    /// Appends `code`'s translation to `asm`: code that expects the register file's address in `rbx`, leaves every
    /// output in the file, may change every xmm register and, through calls, every register calls may change.
    ///
    /// `carried` is for code run in a loop: register `carried[i]` is read from xmm`i` rather than the file, and its
    /// value at the end is left in xmm`i` as well as in the file, so a value carried from one pass to the next
    /// never waits on a store and a load. The caller loads them before the first pass. Each must be an output or
    /// a register the code never writes, and there may be at most 14 (xmm14 and xmm15 stay free).
    ///
    /// `single` is for float32 code (`Program.float32()`, every result rounded by a `.roundToFloat32` of its own
    /// register): its values are held in the xmm registers as float32 and computed by single-precision
    /// instructions (`addss` …), which give exactly the double operation rounded to float32, so the rounding
    /// operations fall away; they are converted from the file's doubles as they are read, and back as they are
    /// written. Carried registers are then float32 in their xmm registers (the caller converts them as it loads
    /// them before the first pass).
    /// In single precision, `constants` (register → value, registers the code never writes) are read as float32
    /// literals of the code's own instead of converted from the file; the caller takes the code with
    /// `X86Assembler.finished()`, which places them.
    /// With `singleFile` too, the file itself holds float32 values, each in the low four bytes of its slot
    /// (`X86Assembler.Operand.singleFile`): they are read and written as they are, with no conversion, and the
    /// caller converts the file at its boundaries (as `NativePlainLoop` does on entry and exit).
    ///
    /// With `laneStride`, the code runs four lanes at once (see `LaneCode`): the file is structure-of-arrays, four
    /// lanes of register i at `rbx + i·laneStride`, the slots are ymm registers holding four lanes each, and every
    /// operation is its packed AVX2 form, which rounds each lane exactly as the scalar instruction rounds it. Calls
    /// (powers, built-ins) are made lane by lane from the file. Needs `ProcessorFeatures.hasAVX2`.
    /// Lane code may also leave values where they are: each register of `leaving` that is no output is kept to the
    /// end but not written back, and the result says where each is, a ymm register or its lanes in the file (for
    /// values the code that follows reads once, such as a loop's test, and that need not go through memory).
    @discardableResult
    package static func translate(_ code: [Program.Operation], registerCount: Int, outputs: [Int],
                                  carrying carried: [Int] = [], single: Bool = false, singleFile: Bool = false,
                                  constants: [Int: Double] = [:], leaving: [Int] = [], laneStride: Int? = nil,
                                  columns: Columns? = nil, into asm: inout X86Assembler) -> [X86Assembler.VectorOperand] {
        precondition(single || !singleFile, "a file of float32 values is for single-precision code")
        precondition(laneStride == nil || (!single && carried.isEmpty), "lanes run double code, carrying nothing")
        precondition(leaving.isEmpty || laneStride != nil, "only lane code leaves values in its registers")
        precondition(carried.count < scratch && Set(carried).count == carried.count, "cannot carry these registers")
        let code = single ? code.filter { !($0.opcode == .roundToFloat32 && $0.a == $0.result) } : code
        let written = Set(code.map { Int($0.result) }), outputSet = Set(outputs)
        precondition(carried.allSatisfy { outputSet.contains($0) || !written.contains($0) },
                     "a carried register must be an output or never written")
        precondition(columns == nil || (laneStride != nil && !code.contains { columns!.registers.contains(Int($0.result)) }),
                     "columns read in place are lane code's, and never written")
        var translation = NativeTranslation(asm: asm, registerCount: registerCount, single: single, singleFile: singleFile,
                                            laneStride: laneStride)
        translation.columns = columns
        if single {
            let written = Set(code.map(\.result))
            for (register, value) in constants where !written.contains(Int32(register)) {
                translation.literalOf[register] = translation.asm.literal(Float(value))
            }
        }
        let (reads, firstReads) = nextReads(code, registerCount: registerCount, outputs: outputs + leaving)
        for (slot, register) in carried.enumerated() {
            translation.take(slot, for: Int32(register), nextRead: firstReads[register])
        }
        for (k, op) in code.enumerated() { translation.translate(op, at: k, reads: reads[k]) }
        let leftInPlace = Set(leaving).subtracting(outputs)
        for slot in 0..<slotCount {
            guard let register = translation.holder[slot], !leftInPlace.contains(register) else { continue }
            translation.writeBack(slot)
        }
        translation.bringHome(carried)
        asm = translation.asm
        return leaving.map { register in
            let slot = translation.slotOf[register]
            return slot >= 0 ? .ymm(slot) : .memory(translation.lanes(of: register))
        }
    }

    /// Moves each carried register's value into its own xmm register: from the slot holding it, else from the
    /// file (which holds every output now). Moves between slots go in an order that reads each slot before it is
    /// overwritten, breaking cycles through the scratch register.
    private mutating func bringHome(_ carried: [Int]) {
        var moves: [(to: Int, from: Int)] = []
        var loads: [(to: Int, register: Int)] = []
        for (home, register) in carried.enumerated() {
            let slot = slotOf[register]
            if slot < 0 { loads.append((home, register)) } else if slot != home { moves.append((home, slot)) }
        }
        while !moves.isEmpty {
            if let i = moves.firstIndex(where: { move in !moves.contains { $0.from == move.to } }) {
                asm.move(moves[i].to, .xmm(moves[i].from))
                moves.remove(at: i)
            } else {
                // Every destination is still to be read: a cycle. Park one destination's value in scratch.
                let parked = moves[0].to
                asm.move(Self.scratch, .xmm(parked))
                for i in moves.indices where moves[i].from == parked { moves[i].from = Self.scratch }
            }
        }
        for load in loads {
            if single && !singleFile {
                asm.convertToSingle(load.to, .file(load.register), fresh: true)
            } else {
                asm.move(load.to, fileOperand(load.register))
            }
        }
    }

    private init(asm: X86Assembler, registerCount: Int, single: Bool, singleFile: Bool, laneStride: Int?) {
        self.asm = asm
        self.laneStride = laneStride
        self.single = single
        self.singleFile = singleFile
        slotOf = [Int](repeating: -1, count: registerCount)
    }

    /// Whether the code is float32 code held and computed in single precision (see `translate`).
    private let single: Bool
    /// Whether the file holds float32 values rather than doubles (see `translate`).
    private let singleFile: Bool
    /// For code over four lanes at once, the bytes from one register's lanes to the next's (see `translate`).
    private let laneStride: Int?

    /// Four lanes of an operand: its ymm register, or its lanes in the file.
    private func vector(_ operand: X86Assembler.Operand) -> X86Assembler.VectorOperand {
        switch operand {
        case .xmm(let slot): return .ymm(slot)
        case .file(let r): return .memory(lanes(of: r))
        case .literal, .singleFile: preconditionFailure("lanes read doubles")
        }
    }

    /// Registers of lane code read from a table's block where it lies rather than from the file: `registers`, at
    /// `base` + (r − first)·laneStride, walked in step with the file.
    package struct Columns: Equatable {
        package let registers: Range<Int>
        package let base: X86Assembler.Register
        package init(registers: Range<Int>, base: X86Assembler.Register) {
            self.registers = registers
            self.base = base
        }
    }
    private var columns: Columns?

    /// Where register `r`'s four lanes are, offset by `lane` doubles: the file, or a column's block.
    private func lanes(of r: Int, lane: Int = 0) -> X86Assembler.Memory {
        if let columns, columns.registers.contains(r) {
            return X86Assembler.Memory(columns.base, (r - columns.registers.lowerBound) * laneStride! + lane * 8)
        }
        return X86Assembler.Memory(.rbx, r * laneStride! + lane * 8)
    }

    /// A ymm register holding the operand: its slot, or `register` with the operand loaded into it.
    private mutating func held(_ operand: X86Assembler.Operand, in register: Int) -> Int {
        if case .xmm(let slot) = operand { return slot }
        asm.moveVector(register, vector(operand))
        return register
    }

    /// Register `r`'s place in the file, as the file holds it.
    private func fileOperand(_ r: Int) -> X86Assembler.Operand { singleFile ? .singleFile(r) : .file(r) }
    /// In single precision, the literal each constant register is read from.
    private var literalOf: [Int: X86Assembler.Operand] = [:]

    /// `destination = operand`: in single precision, a value from the file is converted as it is loaded.
    private mutating func place(_ destination: Int, _ operand: X86Assembler.Operand) {
        if single, case .file = operand { asm.convertToSingle(destination, operand, fresh: true) } else { asm.move(destination, operand) }
    }

    /// An operand single-precision arithmetic can read: a value from the file converted into `register` first.
    private mutating func readable(_ operand: X86Assembler.Operand, into register: Int) -> X86Assembler.Operand {
        guard single, case .file = operand else { return operand }
        asm.convertToSingle(register, operand, fresh: true)
        return .xmm(register)
    }

    /// When each operation's operands (a, b, c) and result are next read after it, or `never`.
    private struct Reads {
        var a, b, c, result: Int
    }

    /// One pass backwards over the code: a register's next read is forgotten where it is written, since from
    /// there back it holds an older value. Also, per register, its first read (of the value it holds on entry).
    private static func nextReads(_ code: [Program.Operation], registerCount: Int, outputs: [Int]) -> ([Reads], [Int]) {
        var next = [Int](repeating: never, count: registerCount)
        for o in outputs { next[o] = code.count }
        var reads = [Reads](repeating: Reads(a: never, b: never, c: never, result: never), count: code.count)
        for k in code.indices.reversed() {
            let op = code[k]
            let result = Int(op.result), a = Int(op.a), b = Int(op.b), c = Int(op.c)
            reads[k].result = next[result]
            next[result] = never
            reads[k].a = next[a]
            reads[k].b = next[b]
            reads[k].c = next[c]
            next[a] = k
            next[b] = k
            next[c] = k
        }
        return (reads, next)
    }

    private func operand(_ register: Int32) -> X86Assembler.Operand {
        let slot = slotOf[Int(register)]
        return slot >= 0 ? .xmm(slot) : literalOf[Int(register)] ?? fileOperand(Int(register))
    }

    private mutating func translate(_ op: Program.Operation, at k: Int, reads: Reads) {
        let a = operand(op.a), b = operand(op.b), c = operand(op.c)
        switch op.opcode {
        case .power, .function, .function2:
            // A call may change every xmm register: the file must hold every value still needed.
            for slot in 0..<Self.slotCount where holder[slot] != nil { writeBack(slot) }
            let function = op.opcode == .power ? NativeFunctions.power : op.function!.value
            if laneStride != nil {
                // Lane by lane, from the file to the file; the C code runs with the upper halves cleared.
                asm.zeroUpper()
                for lane in 0..<4 {
                    asm.load(0, lanes(of: Int(op.a), lane: lane))
                    asm.load(1, lanes(of: Int(op.b), lane: lane))
                    asm.call(NativeFunctions.address(function))
                    asm.store(lanes(of: Int(op.result), lane: lane), 0)
                }
                for slot in 0..<Self.slotCount { release(slot) }
                return
            }
            if singleFile {
                asm.convertToDouble(0, singleFile: Int(op.a), fresh: true)
                asm.convertToDouble(1, singleFile: Int(op.b), fresh: true)
            } else {
                asm.load(0, Int(op.a))
                asm.load(1, Int(op.b))
            }
            asm.call(NativeFunctions.address(function))
            // The double result rounded to float32: what the `.roundToFloat32` after it, dropped, did.
            if single { asm.convertToSingle(0, .xmm(0)) }
            for slot in 0..<Self.slotCount { release(slot) }
            take(0, for: op.result, nextRead: reads.result)
            return
        default:
            break
        }
        // The operands' slots stay as they are until the result has a slot of its own, unless a's value is read
        // for the last time here and no instruction after the first reads a's slot (as a·b + c does when c is a):
        // then the result takes a's slot.
        let fused = op.opcode == .multiplyAdd || op.opcode == .multiplySubtract
        // a·b ± c rounded once: the destination takes c first, so it must be none of the operands' slots.
        // So must that of a power's correction, which may read its first operand again after writing the sum.
        let roundedOnce = op.opcode == .fusedMultiplyAdd || op.opcode == .fusedMultiplySubtract || op.opcode == .addCorrection
        var pinned: [Int] = []
        for operand in [a, b, c] { if case .xmm(let s) = operand { pinned.append(s) } }
        let destination: Int
        if case .xmm(let s) = a, reads.a == Self.never, !(fused && op.c == op.a), !roundedOnce {
            destination = s
        } else {
            destination = freeSlot(avoiding: pinned)
        }
        if laneStride != nil {
            translateLanes(op, into: destination, a, b, c)
        } else {
            translateScalar(op, into: destination, a, b, c)
        }
        // The operands' values are now read: each slot keeps its value until that value's next read.
        for (register, next) in [(op.a, reads.a), (op.b, reads.b), (op.c, reads.c)] {
            let slot = slotOf[Int(register)]
            guard slot >= 0, slot != destination else { continue }
            nextRead[slot] = next
            if next == Self.never { release(slot) }
        }
        take(destination, for: op.result, nextRead: reads.result)
    }

    /// An arithmetic operation over four lanes, as `translateScalar` does it for one.
    private mutating func translateLanes(_ op: Program.Operation, into d: Int, _ a: X86Assembler.Operand,
                                         _ b: X86Assembler.Operand, _ c: X86Assembler.Operand) {
        let scratch = Self.scratch
        switch op.opcode {
        case .add: asm.addVector(d, held(a, in: d), vector(b))
        case .subtract: asm.subtractVector(d, held(a, in: d), vector(b))
        case .multiply: asm.multiplyVector(d, held(a, in: d), vector(b))
        case .divide: asm.divideVector(d, held(a, in: d), vector(b))
        case .negate: asm.moveVector(d, vector(a)); asm.negateVector(d, scratch: scratch)
        case .squareRoot: asm.squareRootVector(d, vector(a))
        case .multiplyAdd: asm.multiplyVector(d, held(a, in: d), vector(b)); asm.addVector(d, d, vector(c))
        case .multiplySubtract: asm.multiplyVector(d, held(a, in: d), vector(b)); asm.subtractVector(d, d, vector(c))
        case .subtractProduct:
            asm.multiplyVector(scratch, held(a, in: scratch), vector(b))
            asm.subtractVector(d, held(c, in: d), .ymm(scratch))
        case .fusedMultiplyAdd, .fusedMultiplySubtract:
            // vfmadd231pd d, a, b: d = a·b + d, so d takes c first (d is none of the operands' slots).
            let factor = held(a, in: scratch)
            asm.moveVector(d, vector(c))
            if op.opcode == .fusedMultiplyAdd {
                asm.fusedMultiplyAddVector(d, factor, vector(b))
            } else {
                asm.fusedMultiplySubtractVector(d, factor, vector(b))
            }
        case .addCorrection:
            // a + b, and a again in the lanes where that is NaN (d is not a's slot).
            asm.addVector(d, held(a, in: d), vector(b))
            asm.compareUnorderedVector(scratch, d, .ymm(d))
            asm.blendVector(d, d, vector(a), mask: scratch)
        case .roundToFloat32: preconditionFailure("lanes run double code")
        case .power, .function, .function2: preconditionFailure("calls are translated in translate(_:at:reads:)")
        }
    }

    /// An arithmetic operation on scalars, double or (with `single`) float32.
    private mutating func translateScalar(_ op: Program.Operation, into destination: Int, _ a: X86Assembler.Operand,
                                          _ b: X86Assembler.Operand, _ c: X86Assembler.Operand) {
        var pinned: [Int] = []
        for operand in [a, b, c] { if case .xmm(let s) = operand { pinned.append(s) } }
        let s = single
        switch op.opcode {
        case .add: place(destination, a); asm.add(destination, readable(b, into: Self.scratch), single: s)
        case .subtract: place(destination, a); asm.subtract(destination, readable(b, into: Self.scratch), single: s)
        case .multiply: place(destination, a); asm.multiply(destination, readable(b, into: Self.scratch), single: s)
        case .divide: place(destination, a); asm.divide(destination, readable(b, into: Self.scratch), single: s)
        case .negate: place(destination, a); asm.negate(destination, scratch: Self.scratch, single: s)
        case .squareRoot: asm.squareRoot(destination, readable(a, into: destination), single: s)
        case .roundToFloat32:
            // In single precision the value is a float32 already.
            if s { place(destination, a) } else { asm.roundToFloat32(destination, a) }
        case .multiplyAdd where s, .multiplySubtract where s, .subtractProduct where s:
            preconditionFailure("float32 code rounds a product before its sum (Program.float32)")
        case .multiplyAdd: asm.move(destination, a); asm.multiply(destination, b); asm.add(destination, c)
        case .multiplySubtract: asm.move(destination, a); asm.multiply(destination, b); asm.subtract(destination, c)
        case .subtractProduct:
            asm.move(Self.scratch, a)
            asm.multiply(Self.scratch, b)
            asm.move(destination, c)
            asm.subtract(destination, .xmm(Self.scratch))
        case .fusedMultiplyAdd, .fusedMultiplySubtract:
            // vfmadd231sd d, a, b: d = a·b + d, with a in a register.
            // A second register for b read from the file in single precision: a free slot, used here and left
            // free; taken first, since freeing it may write back through scratch.
            var spare: Int?
            if s, case .file = b { spare = freeSlot(avoiding: pinned + [destination]) }
            var factor = Self.scratch
            if case .xmm(let slot) = a { factor = slot } else { place(Self.scratch, a) }
            place(destination, c)
            let other = spare.map { readable(b, into: $0) } ?? b
            if op.opcode == .fusedMultiplyAdd {
                asm.fusedMultiplyAdd(destination, factor, other, single: s)
            } else {
                asm.fusedMultiplySubtract(destination, factor, other, single: s)
            }
        case .addCorrection:
            // a + b, and a again where that is NaN: a branch almost never taken, off the sum's path.
            let done = asm.makeLabel()
            place(destination, a)
            asm.add(destination, readable(b, into: Self.scratch), single: s)
            asm.compare(destination, .xmm(destination), single: s)
            asm.jump(if: .notParity, to: done)
            place(destination, a)
            asm.bind(done)
        case .power, .function, .function2:
            preconditionFailure("calls are translated in translate(_:at:reads:)")
        }
    }

    /// Records that `slot` now holds the (new) value of `register`, which the file lacks.
    private mutating func take(_ slot: Int, for register: Int32, nextRead next: Int) {
        let r = Int(register)
        // The register's older value is overwritten, wherever it was held.
        if slotOf[r] >= 0 { release(slotOf[r]) }
        if holder[slot] != nil { release(slot) }
        holder[slot] = r
        slotOf[r] = slot
        nextRead[slot] = next
        if next == Self.never { release(slot) }
    }

    /// A slot for a new value, other than `pinned`: an empty one, or else the one whose value is needed
    /// furthest ahead, written back first.
    private mutating func freeSlot(avoiding pinned: [Int]) -> Int {
        var victim = -1
        for slot in 0..<Self.slotCount where !pinned.contains(slot) {
            if holder[slot] == nil { return slot }
            if victim < 0 || nextRead[slot] > nextRead[victim] { victim = slot }
        }
        writeBack(victim)
        release(victim)
        return victim
    }

    /// Stores the slot's value if it is still needed; the caller then releases the slot.
    private mutating func writeBack(_ slot: Int) {
        guard let r = holder[slot], nextRead[slot] != Self.never else { return }
        if laneStride != nil {
            asm.storeVector(lanes(of: r), slot)
            return
        }
        // A float32 goes back as the double it is, converted in scratch: the slot keeps its value (a carried one is
        // brought home after the write-backs at the end).
        if singleFile {
            asm.storeSingle(r, slot)
        } else if single {
            asm.convertToDouble(Self.scratch, slot, fresh: true)
            asm.store(r, Self.scratch)
        } else {
            asm.store(r, slot)
        }
    }

    private mutating func release(_ slot: Int) {
        guard let r = holder[slot] else { return }
        if slotOf[r] == slot { slotOf[r] = -1 }
        holder[slot] = nil
        nextRead[slot] = Self.never
    }
}
