/// Encodes the few x86-64 instructions that machine code here needs: scalar double arithmetic (SSE2) on the xmm
/// registers and on memory, calls to C functions, and for loops (see GDOptim's descent loop) 64-bit integer moves,
/// compares and jumps.
///
/// Only what is used; each method names the instruction it emits, in Intel operand order (destination first), as
/// the manuals list them. Straight-line code addresses the register file from `rbx`.
package struct X86Assembler {
    package private(set) var bytes: [UInt8] = []
    /// The float32 literals code reads (`Operand.literal`), placed after the code by `finished()`, and where each
    /// instruction's 32-bit displacement to its literal is to be written.
    private var literals: [UInt32] = []
    private var literalFixups: [(at: Int, index: Int)] = []

    package init() {}

    /// A general-purpose register, numbered as the encoding numbers them.
    package enum Register: Int {
        case rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15
    }

    /// A memory operand: `[base + index·8 + displacement]`.
    package struct Memory: Equatable {
        package var base: Register
        package var index: Register?
        package var displacement: Int

        package init(_ base: Register, index: Register? = nil, _ displacement: Int = 0) {
            self.base = base
            self.index = index
            self.displacement = displacement
        }

        /// The double in register `index` of the file at `rbx`.
        package static func file(_ index: Int) -> Memory { Memory(.rbx, index * 8) }
    }

    /// A source operand: an xmm register, a double of the register file at `rbx + 8·index`, or a float32 literal
    /// of the code's own (`literal(_:)`), read relative to the instruction pointer, for single-precision code.
    package enum Operand: Equatable {
        case xmm(Int)
        case file(Int)
        case literal(Int)
        /// A float32 held in the low four bytes of a register file slot, for single-precision code on a file of
        /// float32 values (the plain loop's in f32): the slot's address, read as four bytes.
        case singleFile(Int)
    }

    /// The operand reading `value` from the literals after the code.
    package mutating func literal(_ value: Float) -> Operand {
        if let i = literals.firstIndex(of: value.bitPattern) { return .literal(i) }
        literals.append(value.bitPattern)
        return .literal(literals.count - 1)
    }

    /// The code with its literals after it, 4-byte aligned, each instruction's displacement to its literal written.
    package func finished() -> [UInt8] {
        var out = bytes
        while out.count % 4 != 0 { out.append(0xCC) }
        let pool = out.count
        for value in literals { for shift in Swift.stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) } }
        for fixup in literalFixups {
            // rip-relative: from the end of the instruction, which its displacement ends.
            let displacement = Int32(pool + 4 * fixup.index - (fixup.at + 4))
            for k in 0..<4 { out[fixup.at + k] = UInt8(truncatingIfNeeded: displacement >> Int32(8 * k)) }
        }
        return out
    }

    /// ModRM for a literal (mod 00, rm 101: rip + disp32) and its displacement, written by `finished()`.
    private mutating func modRM(reg: Int, literal index: Int) {
        bytes.append(UInt8(reg & 7) << 3 | 0x05)
        literalFixups.append((bytes.count, index))
        bytes += [0, 0, 0, 0]
    }

    /// A condition for `jump(if:to:)`, by its encoding; after `ucomisd` the unsigned ones apply (an unordered
    /// compare sets ZF, PF and CF together).
    package enum Condition: UInt8 {
        case below = 0x2, aboveOrEqual = 0x3, equal = 0x4, notEqual = 0x5, belowOrEqual = 0x6, above = 0x7
        /// After `ucomisd`: parity is set when the comparison was unordered (a NaN).
        case parity = 0xA, notParity = 0xB
        case less = 0xC, greaterOrEqual = 0xD, lessOrEqual = 0xE, greater = 0xF
    }

    /// A place in the code that jumps go to, bound once with `bind`.
    package struct Label {
        fileprivate let id: Int
    }

    private var labelOffsets: [Int?] = []
    /// Where each jump's 32-bit displacement sits, and the label it goes to.
    private var fixups: [(at: Int, label: Int)] = []

    // MARK: Straight-line code on the register file

    /// `push rbx; mov rbx, rdi`: keeps the register file's address in a register calls preserve, and aligns the
    /// stack to 16 bytes for them.
    package mutating func prologue() {
        push(.rbx)
        move(.rbx, .rdi)
    }

    /// `pop rbx; ret`.
    package mutating func epilogue() {
        pop(.rbx)
        returnFromCall()
    }

    /// `movsd xmm, m64` from the register file.
    package mutating func load(_ xmm: Int, _ index: Int) { load(xmm, .file(index)) }

    /// `movsd m64, xmm` to the register file.
    package mutating func store(_ index: Int, _ xmm: Int) { store(.file(index), xmm) }

    /// `movupd m128, xmm`: two doubles to memory.
    package mutating func storePair(_ memory: Memory, _ xmm: Int) { encode(prefix: 0x66, [0x0F, 0x11], reg: xmm, memory) }

    /// `unpcklps destination, source`: the low float32s of both interleaved, destination's first, so that the
    /// low two of `destination` are destination's and source's.
    package mutating func interleaveLowSingles(_ destination: Int, _ source: Int) {
        encode([0x0F, 0x14], reg: destination, register: source)
    }

    /// `cvtps2pd destination, source`: the two low float32s of `source` as the two doubles they are exactly.
    package mutating func convertSinglePairToDoubles(_ destination: Int, _ source: Int) {
        encode([0x0F, 0x5A], reg: destination, register: source)
    }

    /// `movss m32, xmm` to the register file: a float32 into the low four bytes of the slot (`Operand.singleFile`).
    package mutating func storeSingle(_ index: Int, _ xmm: Int) { encode(prefix: 0xF3, [0x0F, 0x11], reg: xmm, .file(index)) }

    /// `movsd xmm, m64`.
    package mutating func load(_ xmm: Int, _ memory: Memory) { encode(prefix: 0xF2, [0x0F, 0x10], reg: xmm, memory) }

    /// `movsd m64, xmm`.
    package mutating func store(_ memory: Memory, _ xmm: Int) { encode(prefix: 0xF2, [0x0F, 0x11], reg: xmm, memory) }

    /// `movapd xmm, xmm` or `movsd xmm, m64`: `destination = source`.
    package mutating func move(_ destination: Int, _ source: Operand) {
        switch source {
        case .xmm(let s): if s != destination { packed(0x28, destination, s) }
        case .file(let index): load(destination, index)
        case .singleFile(let index):
            // movss xmm, m32: a float32, the rest of the register cleared.
            encode(prefix: 0xF3, [0x0F, 0x10], reg: destination, .file(index))
        case .literal(let index):
            // movss xmm, [rip + d]: a float32, the rest of the register cleared.
            bytes.append(0xF3)
            rex(wide: false, reg: destination, index: 0, base: 0)
            bytes += [0x0F, 0x10]
            modRM(reg: destination, literal: index)
        }
    }

    /// The scalar arithmetic: on doubles (`addsd` …), or with `single` on float32 values (`addss` …), whose memory
    /// operand is a float32: a literal or `.singleFile`, never a double of the file.
    package mutating func add(_ destination: Int, _ source: Operand, single: Bool = false) { scalar(0x58, destination, source, single) }
    package mutating func multiply(_ destination: Int, _ source: Operand, single: Bool = false) { scalar(0x59, destination, source, single) }
    package mutating func subtract(_ destination: Int, _ source: Operand, single: Bool = false) { scalar(0x5C, destination, source, single) }
    package mutating func divide(_ destination: Int, _ source: Operand, single: Bool = false) { scalar(0x5E, destination, source, single) }
    package mutating func squareRoot(_ destination: Int, _ source: Operand, single: Bool = false) { scalar(0x51, destination, source, single) }

    /// `cvtsd2ss destination, source`: a double rounded to float32 (a load and its conversion, from the file).
    /// With `fresh`, `xorpd destination, destination` first: the conversion writes only the register's low
    /// bits, so it would otherwise wait on whatever last wrote the rest.
    package mutating func convertToSingle(_ destination: Int, _ source: Operand, fresh: Bool = false) {
        if fresh, source != .xmm(destination) { packed(0x57, destination, destination) }
        scalar(0x5A, destination, source)
    }
    /// `cvtss2sd destination, source`: a float32 as the double it is exactly (`fresh` as for `convertToSingle`).
    package mutating func convertToDouble(_ destination: Int, _ source: Int, fresh: Bool = false) {
        if fresh, source != destination { packed(0x57, destination, destination) }
        encode(prefix: 0xF3, [0x0F, 0x5A], reg: destination, register: source)
    }
    /// `cvtss2sd destination, m32`: a float32 of the file (`Operand.singleFile`) as the double it is exactly.
    package mutating func convertToDouble(_ destination: Int, singleFile index: Int, fresh: Bool = false) {
        if fresh { packed(0x57, destination, destination) }
        encode(prefix: 0xF3, [0x0F, 0x5A], reg: destination, .file(index))
    }

    /// `destination = -destination`, flipping the sign bit as Swift's prefix minus does (so -0 and NaNs come out
    /// the same): `pcmpeqd scratch, scratch; psllq scratch, 63; xorpd destination, scratch`.
    package mutating func negate(_ destination: Int, scratch: Int, single: Bool = false) {
        allOnes(scratch)
        // A float32's sign is bit 31 (`pslld scratch, 31`).
        if single { shiftDoublewords(scratch, opcodeExtension: 6, by: 31) } else { shiftQuadwords(scratch, opcodeExtension: 6, by: 63) }
        packed(0x57, destination, scratch)
    }

    /// `destination = |destination|`, clearing the sign bit: `pcmpeqd scratch, scratch; psrlq scratch, 1;
    /// andpd destination, scratch`.
    /// With `single`, the float32's sign, bit 31, is cleared (`psrld scratch, 1`).
    package mutating func absolute(_ destination: Int, scratch: Int, single: Bool = false) {
        allOnes(scratch)
        if single { shiftDoublewords(scratch, opcodeExtension: 2, by: 1) } else { shiftQuadwords(scratch, opcodeExtension: 2, by: 1) }
        packed(0x54, destination, scratch)
    }

    /// `cvtsd2ss destination, source; cvtss2sd destination, destination`: the source rounded to the nearest float32,
    /// as a double again.
    package mutating func roundToFloat32(_ destination: Int, _ source: Operand) {
        convertToSingle(destination, source)
        convertToDouble(destination, destination)
    }

    /// `vfmadd231sd destination, a, b`: destination = a·b + destination, rounded once (`vfmadd231ss` with
    /// `single`). Needs FMA.
    package mutating func fusedMultiplyAdd(_ destination: Int, _ a: Int, _ b: Operand, single: Bool = false) {
        fused(0xB9, destination, a, b, single)
    }
    /// `vfmsub231sd destination, a, b`: destination = a·b − destination, rounded once (`vfmsub231ss` with
    /// `single`). Needs FMA.
    package mutating func fusedMultiplySubtract(_ destination: Int, _ a: Int, _ b: Operand, single: Bool = false) {
        fused(0xBB, destination, a, b, single)
    }

    /// `ucomisd xmm, operand` (`ucomiss` with `single`): compares `xmm` with the operand for `jump(if:to:)`,
    /// unordered when either is NaN.
    package mutating func compare(_ xmm: Int, _ source: Operand, single: Bool = false) {
        if single {
            // ucomiss xmm, operand
            switch source {
            case .xmm(let rm): encode([0x0F, 0x2E], reg: xmm, register: rm)
            case .singleFile(let index): encode([0x0F, 0x2E], reg: xmm, .file(index))
            case .file, .literal: preconditionFailure("ucomiss reads registers and float32s of the file here")
            }
            return
        }
        switch source {
        case .xmm(let rm): packed(0x2E, xmm, rm)
        case .file(let index): encode(prefix: 0x66, [0x0F, 0x2E], reg: xmm, .file(index))
        case .literal, .singleFile: preconditionFailure("float32 operands are for single-precision code")
        }
    }

    /// `mov rax, imm64; call rax`: a call to a C function taking and returning doubles in xmm0 and xmm1.
    package mutating func call(_ function: UnsafeRawPointer) {
        let address = UInt64(UInt(bitPattern: function))
        bytes += [0x48, 0xB8]
        for shift in Swift.stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: address >> UInt64(shift))) }
        bytes += [0xFF, 0xD0]
    }

    // MARK: Integer registers and control flow

    package mutating func push(_ register: Register) {
        if register.rawValue >= 8 { bytes.append(0x41) }
        bytes.append(0x50 | UInt8(register.rawValue & 7))
    }

    package mutating func pop(_ register: Register) {
        if register.rawValue >= 8 { bytes.append(0x41) }
        bytes.append(0x58 | UInt8(register.rawValue & 7))
    }

    /// `ret`.
    package mutating func returnFromCall() { bytes.append(0xC3) }

    /// Loops over lanes keep the file's address in rbx and their counts in r12 and r13, registers calls preserve.
    /// Three pushes after the return address leave the stack aligned to 16 bytes for the calls they make.
    package static let laneLoopRegisters: [Register] = [.rbx, .r12, .r13]

    /// `push` each of `registers`, in order.
    package mutating func save(_ registers: [Register]) { for register in registers { push(register) } }

    /// `vzeroupper`, `pop` each of `registers` in the reverse order, and `ret`: the end of code that used ymm registers
    /// and saved `registers` on entry.
    package mutating func restoreAndReturn(_ registers: [Register]) {
        zeroUpper()
        for register in registers.reversed() { pop(register) }
        returnFromCall()
    }

    /// `mov destination, source` (64-bit).
    package mutating func move(_ destination: Register, _ source: Register) {
        encode(wide: true, [0x89], reg: source.rawValue, register: destination.rawValue)
    }

    /// `mov destination, m64`.
    package mutating func load(_ destination: Register, _ memory: Memory) {
        encode(wide: true, [0x8B], reg: destination.rawValue, memory)
    }

    /// `mov m64, source`.
    package mutating func store(_ memory: Memory, _ source: Register) {
        encode(wide: true, [0x89], reg: source.rawValue, memory)
    }

    /// `mov r32, imm32`, which clears the upper half: `destination = value`.
    package mutating func move(_ destination: Register, _ value: UInt32) {
        if destination.rawValue >= 8 { bytes.append(0x41) }
        bytes.append(0xB8 | UInt8(destination.rawValue & 7))
        append32(Int(value))
    }

    /// `lea destination, [memory]`.
    package mutating func loadAddress(_ destination: Register, _ memory: Memory) {
        encode(wide: true, [0x8D], reg: destination.rawValue, memory)
    }

    /// `add destination, m64`.
    package mutating func add(_ destination: Register, _ memory: Memory) {
        encode(wide: true, [0x03], reg: destination.rawValue, memory)
    }

    /// `and destination, m64`.
    package mutating func and(_ destination: Register, _ memory: Memory) {
        encode(wide: true, [0x23], reg: destination.rawValue, memory)
    }

    /// `and destination, source` (64-bit).
    package mutating func and(_ destination: Register, _ source: Register) {
        encode(wide: true, [0x21], reg: source.rawValue, register: destination.rawValue)
    }

    /// `imul destination, m64` (the low 64 bits of the product).
    package mutating func multiply(_ destination: Register, _ memory: Memory) {
        encode(wide: true, [0x0F, 0xAF], reg: destination.rawValue, memory)
    }

    /// `add destination, imm8`.
    package mutating func add(_ destination: Register, _ value: Int8) {
        encode(wide: true, [0x83], reg: 0, register: destination.rawValue)
        bytes.append(UInt8(bitPattern: value))
    }

    /// `cmp register, m64`: flags from `register − memory`.
    package mutating func compare(_ register: Register, _ memory: Memory) {
        encode(wide: true, [0x3B], reg: register.rawValue, memory)
    }

    /// `test register, register`: flags from `register & register`.
    package mutating func test(_ register: Register) {
        encode(wide: true, [0x85], reg: register.rawValue, register: register.rawValue)
    }

    package mutating func makeLabel() -> Label {
        labelOffsets.append(nil)
        return Label(id: labelOffsets.count - 1)
    }

    /// Places `label` here.
    package mutating func bind(_ label: Label) {
        precondition(labelOffsets[label.id] == nil, "a label is bound once")
        labelOffsets[label.id] = bytes.count
        for fixup in fixups where fixup.label == label.id { patch(fixup.at, to: bytes.count) }
    }

    /// `jcc rel32`.
    package mutating func jump(if condition: Condition, to label: Label) {
        bytes += [0x0F, 0x80 | condition.rawValue]
        jumpDisplacement(to: label)
    }

    /// `jmp rel32`.
    package mutating func jump(to label: Label) {
        bytes.append(0xE9)
        jumpDisplacement(to: label)
    }

    /// `cmp register, imm8` (64-bit, the immediate sign-extended): flags from `register − value`.
    package mutating func compare(_ register: Register, _ value: Int8) {
        encode(wide: true, [0x83], reg: 7, register: register.rawValue)
        bytes.append(UInt8(bitPattern: value))
    }

    /// `cmp a, b` (64-bit): flags from `a − b`.
    package mutating func compare(_ a: Register, _ b: Register) {
        encode(wide: true, [0x39], reg: b.rawValue, register: a.rawValue)
    }

    // MARK: Vectors of four doubles (AVX2)

    /// A source operand of a vector instruction: a ymm register, or 32 bytes of memory (four doubles).
    package enum VectorOperand: Equatable {
        case ymm(Int)
        case memory(Memory)
    }

    /// `vmovapd ymm, ymm` or `vmovupd ymm, m256`: `destination = source`.
    package mutating func moveVector(_ destination: Int, _ source: VectorOperand) {
        if source == .ymm(destination) { return }
        if case .ymm = source { vex(1, 0x28, reg: destination, v: 0, source) } else { vex(1, 0x10, reg: destination, v: 0, source) }
    }

    /// `vmovupd m256, ymm`.
    package mutating func storeVector(_ memory: Memory, _ ymm: Int) { vex(1, 0x11, reg: ymm, v: 0, .memory(memory)) }

    /// The packed double arithmetic, `destination = a op b` lane by lane: `vaddpd`, `vsubpd`, `vmulpd`, `vdivpd`,
    /// `vxorpd` (bitwise, for signs).
    package mutating func addVector(_ destination: Int, _ a: Int, _ b: VectorOperand) { vex(1, 0x58, reg: destination, v: a, b) }
    package mutating func subtractVector(_ destination: Int, _ a: Int, _ b: VectorOperand) { vex(1, 0x5C, reg: destination, v: a, b) }
    package mutating func multiplyVector(_ destination: Int, _ a: Int, _ b: VectorOperand) { vex(1, 0x59, reg: destination, v: a, b) }
    package mutating func divideVector(_ destination: Int, _ a: Int, _ b: VectorOperand) { vex(1, 0x5E, reg: destination, v: a, b) }
    package mutating func xorVector(_ destination: Int, _ a: Int, _ b: VectorOperand) { vex(1, 0x57, reg: destination, v: a, b) }
    /// `vsqrtpd destination, source`.
    package mutating func squareRootVector(_ destination: Int, _ source: VectorOperand) { vex(1, 0x51, reg: destination, v: 0, source) }

    /// `vfmadd231pd destination, a, b`: destination = a·b + destination, rounded once per lane. Needs FMA.
    package mutating func fusedMultiplyAddVector(_ destination: Int, _ a: Int, _ b: VectorOperand) {
        vex(2, wide: true, 0xB8, reg: destination, v: a, b)
    }
    /// `vfmsub231pd destination, a, b`: destination = a·b − destination, rounded once per lane. Needs FMA.
    package mutating func fusedMultiplySubtractVector(_ destination: Int, _ a: Int, _ b: VectorOperand) {
        vex(2, wide: true, 0xBA, reg: destination, v: a, b)
    }

    /// The predicates of `vcmppd`, ordered and quiet except `unordered`.
    package enum VectorPredicate: UInt8 {
        case equal = 0x00, less = 0x11, lessOrEqual = 0x12, unordered = 0x03, greaterOrEqual = 0x1D, greater = 0x1E
    }

    /// `vcmppd destination, a, b, predicate`: all ones in each lane where `a predicate b` holds, else zero; false
    /// where either is NaN except for `unordered`.
    package mutating func compareVector(_ destination: Int, _ a: Int, _ b: VectorOperand, _ predicate: VectorPredicate) {
        vex(1, 0xC2, reg: destination, v: a, b)
        bytes.append(predicate.rawValue)
    }

    /// `vcmpunordpd destination, a, b`: all ones in each lane where a or b is NaN, else zero.
    package mutating func compareUnorderedVector(_ destination: Int, _ a: Int, _ b: VectorOperand) {
        compareVector(destination, a, b, .unordered)
    }

    /// `vminpd destination, a, b`: the smaller of each lane's pair; b's lane where either is NaN.
    package mutating func minimumVector(_ destination: Int, _ a: Int, _ b: VectorOperand) { vex(1, 0x5D, reg: destination, v: a, b) }

    /// `vandpd` and `vorpd`: `destination = a & b`, `a | b`, bitwise (for masks and signs).
    package mutating func andVector(_ destination: Int, _ a: Int, _ b: VectorOperand) { vex(1, 0x54, reg: destination, v: a, b) }
    package mutating func orVector(_ destination: Int, _ a: Int, _ b: VectorOperand) { vex(1, 0x56, reg: destination, v: a, b) }

    /// `vmovmskpd register, ymm`: the four lanes' sign bits as bits 0–3 of the register, the rest cleared.
    package mutating func moveMask(_ register: Register, _ ymm: Int) { vex(1, 0x50, reg: register.rawValue, v: 0, .ymm(ymm)) }

    /// `destination = |destination|` in each lane: `vpcmpeqd scratch, scratch, scratch; vpsrlq scratch, scratch, 1;
    /// vandpd destination, destination, scratch`.
    package mutating func absoluteVector(_ destination: Int, scratch: Int) {
        vex(1, 0x76, reg: scratch, v: scratch, .ymm(scratch))
        vex(1, 0x73, reg: 2, v: scratch, .ymm(scratch))
        bytes.append(1)
        andVector(destination, destination, .ymm(scratch))
    }

    /// `vblendvpd destination, a, b, mask`: per lane, b where the mask's sign bit is set, else a.
    package mutating func blendVector(_ destination: Int, _ a: Int, _ b: VectorOperand, mask: Int) {
        vex(3, 0x4B, reg: destination, v: a, b)
        bytes.append(UInt8(mask) << 4)
    }

    /// `destination = -destination` in each lane, flipping the sign bit: `vpcmpeqd scratch, scratch, scratch;
    /// vpsllq scratch, scratch, 63; vxorpd destination, destination, scratch`.
    package mutating func negateVector(_ destination: Int, scratch: Int) {
        vex(1, 0x76, reg: scratch, v: scratch, .ymm(scratch))
        // VEX.NDD: the destination in vvvv, the opcode extension /6 in reg.
        vex(1, 0x73, reg: 6, v: scratch, .ymm(scratch))
        bytes.append(63)
        xorVector(destination, destination, .ymm(scratch))
    }

    /// `vzeroupper`: clears the upper halves of the ymm registers, so the C code called next runs without the
    /// penalty of mixing them with SSE instructions.
    package mutating func zeroUpper() { bytes += [0xC5, 0xF8, 0x77] }

    /// A VEX.256.66 instruction with the three-byte prefix: `opcode reg, v, operand`, in opcode map 1 (0F),
    /// 2 (0F38) or 3 (0F3A), with W set by `wide`.
    private mutating func vex(_ map: UInt8, wide: Bool = false, _ opcode: UInt8, reg: Int, v: Int, _ operand: VectorOperand) {
        let base: Int, index: Int
        switch operand {
        case .ymm(let rm): (base, index) = (rm, 0)
        case .memory(let memory): (base, index) = (memory.base.rawValue, memory.index?.rawValue ?? 0)
        }
        bytes.append(0xC4)
        bytes.append((reg >= 8 ? 0 : 0x80) | (index >= 8 ? 0 : 0x40) | (base >= 8 ? 0 : 0x20) | map)
        bytes.append((wide ? 0x80 : 0) | UInt8(~v & 0xF) << 3 | 0x04 | 0x01)
        bytes.append(opcode)
        switch operand {
        case .ymm(let rm): bytes.append(0xC0 | UInt8(reg & 7) << 3 | UInt8(rm & 7))
        case .memory(let memory):
            precondition(memory.displacement >= Int(Int32.min) && memory.displacement <= Int(Int32.max), "displacement too large")
            modRM(reg: reg, memory)
        }
    }

    // MARK: Encoding

    private mutating func jumpDisplacement(to label: Label) {
        let at = bytes.count
        append32(0)
        if let target = labelOffsets[label.id] { patch(at, to: target) } else { fixups.append((at, label.id)) }
    }

    /// Writes the displacement at `at` (measured from the instruction's end, the four bytes after `at`).
    private mutating func patch(_ at: Int, to target: Int) {
        let displacement = Int32(target - (at + 4))
        for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: displacement >> (8 * i)) }
    }

    private mutating func append32(_ value: Int) {
        let value = Int32(truncatingIfNeeded: value)
        for shift in Swift.stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> Int32(shift))) }
    }

    /// `pcmpeqd xmm, xmm`: every bit set.
    private mutating func allOnes(_ xmm: Int) { packed(0x76, xmm, xmm) }

    /// `psllq` (extension 6) or `psrlq` (extension 2) `xmm, imm8`.
    /// `pslld` (extension 6) `xmm, imm8`.
    private mutating func shiftDoublewords(_ xmm: Int, opcodeExtension: Int, by count: UInt8) {
        encode(prefix: 0x66, [0x0F, 0x72], reg: opcodeExtension, register: xmm)
        bytes.append(count)
    }

    private mutating func shiftQuadwords(_ xmm: Int, opcodeExtension: Int, by count: UInt8) {
        encode(prefix: 0x66, [0x0F, 0x73], reg: opcodeExtension, register: xmm)
        bytes.append(count)
    }

    /// An F2-prefixed scalar double instruction (F3: single): `opcode xmm, operand`.
    private mutating func scalar(_ opcode: UInt8, _ reg: Int, _ operand: Operand, _ single: Bool = false) {
        let prefix: UInt8 = single ? 0xF3 : 0xF2
        switch operand {
        case .xmm(let rm): encode(prefix: prefix, [0x0F, opcode], reg: reg, register: rm)
        case .file(let index):
            precondition(!single, "single-precision code reads no doubles from the file")
            encode(prefix: prefix, [0x0F, opcode], reg: reg, .file(index))
        case .singleFile(let index):
            precondition(single, "a float32 of the file is for single-precision code")
            encode(prefix: prefix, [0x0F, opcode], reg: reg, .file(index))
        case .literal(let index):
            precondition(single, "literals are float32, for single-precision code")
            bytes.append(prefix)
            rex(wide: false, reg: reg, index: 0, base: 0)
            bytes += [0x0F, opcode]
            modRM(reg: reg, literal: index)
        }
    }

    /// A VEX.LIG.66.0F38.W1 instruction (the scalar-double fused multiply-adds): `opcode reg, v, operand`, with the
    /// three-byte VEX prefix carrying the inverted high bits of reg and rm, and v inverted in vvvv.
    private mutating func fused(_ opcode: UInt8, _ reg: Int, _ v: Int, _ operand: Operand, _ single: Bool) {
        switch operand {
        case .file: precondition(!single, "single-precision code reads no doubles from the file")
        case .singleFile: precondition(single, "a float32 of the file is for single-precision code")
        case .xmm, .literal: break
        }
        let base: Int
        switch operand {
        case .xmm(let rm): base = rm
        case .file, .singleFile: base = Memory.file(0).base.rawValue
        case .literal: base = 5  // rip
        }
        bytes.append(0xC4)
        bytes.append((reg >= 8 ? 0 : 0x80) | 0x40 | (base >= 8 ? 0 : 0x20) | 0x02)
        bytes.append((single ? 0 : 0x80) | UInt8(~v & 0xF) << 3 | 0x01)
        bytes.append(opcode)
        switch operand {
        case .xmm(let rm): bytes.append(0xC0 | UInt8(reg & 7) << 3 | UInt8(rm & 7))
        case .file(let index), .singleFile(let index): modRM(reg: reg, .file(index))
        case .literal(let index): modRM(reg: reg, literal: index)
        }
    }

    /// A 66-prefixed instruction between two xmm registers: `opcode reg, rm`.
    private mutating func packed(_ opcode: UInt8, _ reg: Int, _ rm: Int) {
        encode(prefix: 0x66, [0x0F, opcode], reg: reg, register: rm)
    }

    /// Prefix, REX (when `wide` or a register number needs its fourth bit) and opcode, then ModRM for a
    /// register operand.
    private mutating func encode(prefix: UInt8? = nil, wide: Bool = false, _ opcode: [UInt8], reg: Int, register rm: Int) {
        if let prefix { bytes.append(prefix) }
        rex(wide: wide, reg: reg, index: 0, base: rm)
        bytes += opcode
        bytes.append(0xC0 | UInt8(reg & 7) << 3 | UInt8(rm & 7))
    }

    /// The same with a memory operand: ModRM, a SIB byte where an index or a base of rsp/r12 needs one, and a
    /// one-byte displacement where it fits, else four.
    private mutating func encode(prefix: UInt8? = nil, wide: Bool = false, _ opcode: [UInt8], reg: Int, _ memory: Memory) {
        precondition(memory.displacement >= Int(Int32.min) && memory.displacement <= Int(Int32.max), "displacement too large")
        precondition(memory.index != .rsp, "rsp cannot be an index")
        if let prefix { bytes.append(prefix) }
        rex(wide: wide, reg: reg, index: memory.index?.rawValue ?? 0, base: memory.base.rawValue)
        bytes += opcode
        modRM(reg: reg, memory)
    }

    /// ModRM for a memory operand, with its SIB byte and displacement.
    private mutating func modRM(reg: Int, _ memory: Memory) {
        let base = memory.base.rawValue
        let short = memory.displacement >= -128 && memory.displacement < 128
        let mode: UInt8 = short ? 0x40 : 0x80
        if let index = memory.index {
            bytes += [mode | UInt8(reg & 7) << 3 | 4, 3 << 6 | UInt8(index.rawValue & 7) << 3 | UInt8(base & 7)]
        } else if base & 7 == 4 {
            bytes += [mode | UInt8(reg & 7) << 3 | 4, 0x24]
        } else {
            bytes.append(mode | UInt8(reg & 7) << 3 | UInt8(base & 7))
        }
        if short { bytes.append(UInt8(bitPattern: Int8(memory.displacement))) } else { append32(memory.displacement) }
    }

    private mutating func rex(wide: Bool, reg: Int, index: Int, base: Int) {
        let value: UInt8 = (wide ? 8 : 0) | (reg >= 8 ? 4 : 0) | (index >= 8 ? 2 : 0) | (base >= 8 ? 1 : 0)
        if value != 0 { bytes.append(0x40 | value) }
    }
}
