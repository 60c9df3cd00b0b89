/// Encodes the few x86-64 instructions that `NativeCode` needs: scalar double arithmetic (SSE2) on the xmm
/// registers and on the register file, addressed from `rbx`, and calls to C functions.
///
/// Only what the compiled programs use; each method names the instruction it emits, in Intel operand order
/// (destination first), as the manuals list them.
struct X86Assembler {
    private(set) var bytes: [UInt8] = []

    /// A source operand: an xmm register, or a double of the register file at `rbx + 8·index`.
    enum Operand: Equatable {
        case xmm(Int)
        case file(Int)
    }

    /// `push rbx; mov rbx, rdi`: keeps the register file's address in a register calls preserve, and aligns the
    /// stack to 16 bytes for them.
    mutating func prologue() {
        bytes += [0x53, 0x48, 0x89, 0xFB]
    }

    /// `pop rbx; ret`.
    mutating func epilogue() {
        bytes += [0x5B, 0xC3]
    }

    /// `movsd xmm, m64`.
    mutating func load(_ xmm: Int, _ index: Int) { scalar(0x10, xmm, .file(index)) }

    /// `movsd m64, xmm`.
    mutating func store(_ index: Int, _ xmm: Int) { scalar(0x11, xmm, .file(index)) }

    /// `movapd xmm, xmm` or `movsd xmm, m64`: `destination = source`.
    mutating func move(_ destination: Int, _ source: Operand) {
        switch source {
        case .xmm(let s): if s != destination { packed(0x28, destination, s) }
        case .file(let index): load(destination, index)
        }
    }

    mutating func add(_ destination: Int, _ source: Operand) { scalar(0x58, destination, source) }
    mutating func multiply(_ destination: Int, _ source: Operand) { scalar(0x59, destination, source) }
    mutating func subtract(_ destination: Int, _ source: Operand) { scalar(0x5C, destination, source) }
    mutating func divide(_ destination: Int, _ source: Operand) { scalar(0x5E, destination, source) }
    mutating func squareRoot(_ destination: Int, _ source: Operand) { scalar(0x51, destination, source) }

    /// `destination = -destination`, flipping the sign bit as Swift's prefix minus does (so -0 and NaNs come out
    /// the same): `pcmpeqd scratch, scratch; psllq scratch, 63; xorpd destination, scratch`.
    mutating func negate(_ destination: Int, scratch: Int) {
        packed(0x76, scratch, scratch)
        bytes += [0x66] + rex(reg: 0, rm: scratch) + [0x0F, 0x73, 0xC0 | 6 << 3 | UInt8(scratch & 7), 63]
        packed(0x57, destination, scratch)
    }

    /// `mov rax, imm64; call rax`: a call to a C function taking and returning doubles in xmm0 and xmm1.
    mutating func call(_ function: UnsafeRawPointer) {
        let address = UInt64(UInt(bitPattern: function))
        bytes += [0x48, 0xB8]
        for shift in Swift.stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: address >> UInt64(shift))) }
        bytes += [0xFF, 0xD0]
    }

    /// An F2-prefixed scalar double instruction: `opcode xmm, operand`.
    private mutating func scalar(_ opcode: UInt8, _ reg: Int, _ operand: Operand) {
        bytes.append(0xF2)
        switch operand {
        case .xmm(let rm):
            bytes += rex(reg: reg, rm: rm) + [0x0F, opcode, 0xC0 | UInt8(reg & 7) << 3 | UInt8(rm & 7)]
        case .file(let index):
            bytes += rex(reg: reg, rm: 0) + [0x0F, opcode]
            fileAddress(reg: reg, index: index)
        }
    }

    /// A 66-prefixed instruction between two xmm registers: `opcode reg, rm`.
    private mutating func packed(_ opcode: UInt8, _ reg: Int, _ rm: Int) {
        bytes += [0x66] + rex(reg: reg, rm: rm) + [0x0F, opcode, 0xC0 | UInt8(reg & 7) << 3 | UInt8(rm & 7)]
    }

    /// The REX prefix extending ModRM's reg and rm fields to registers 8–15; none when neither needs it.
    private func rex(reg: Int, rm: Int) -> [UInt8] {
        reg < 8 && rm < 8 ? [] : [0x40 | (reg >= 8 ? 4 : 0) | (rm >= 8 ? 1 : 0)]
    }

    /// ModRM and displacement for `[rbx + 8·index]`, with a one-byte displacement where it fits; `NativeCode`
    /// keeps files small enough for four bytes.
    private mutating func fileAddress(reg: Int, index: Int) {
        let displacement = index * 8
        let rbx: UInt8 = 3
        if displacement < 128 {
            bytes += [0x40 | UInt8(reg & 7) << 3 | rbx, UInt8(displacement)]
        } else {
            bytes.append(0x80 | UInt8(reg & 7) << 3 | rbx)
            for shift in Swift.stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: displacement >> shift)) }
        }
    }
}
