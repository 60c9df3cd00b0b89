import GDNative

/// A program translated to AVX2 machine code over lanes: one call runs the code on every lane of a register file
/// made by `Program.makeLaneRegisters(lanes:)`, four lanes per instruction (see `NativeTranslation.translate`'s
/// `laneStride`).
///
/// Each lane's values are bit for bit those of `Program.run(lanes:_:)`, and so of the scalar code: the packed
/// instructions round each lane as the scalar ones do, fused multiply-adds appear only where the program has them
/// (the expanded cubes and fourth powers), and powers and built-ins call the same functions, lane by lane.
final class LaneCode: Sendable {
    private let memory: ExecutableMemory
    private let entry: @convention(c) (UnsafeMutablePointer<Double>) -> Void

    /// Whether lane code can be made here: machine code enabled and a processor with AVX2 and FMA.
    static var isAvailable: Bool { ExecutableMemory.isEnabled && ProcessorFeatures.hasAVX2 }

    /// The code of `program` over a file of `lanes` lanes, a positive multiple of four; nil where lane code is
    /// unavailable or the file is too large to address.
    init?(_ program: Program, lanes: Int) {
        precondition(lanes > 0 && lanes % 4 == 0 && program.reductions.isEmpty, "lane code runs whole vectors of a table-free program")
        guard Self.isAvailable, program.registerCount <= Int(Int32.max) / (8 * lanes) else { return nil }
        var asm = X86Assembler()
        // rbx walks the file four lanes at a time up to r12; r13 is saved only to keep calls' stack aligned.
        asm.save(X86Assembler.laneLoopRegisters)
        asm.move(.rbx, .rdi)
        asm.loadAddress(.r12, X86Assembler.Memory(.rdi, lanes * 8))
        let top = asm.makeLabel()
        asm.bind(top)
        NativeTranslation.translate(program.code, registerCount: program.registerCount, outputs: program.outputs,
                                    laneStride: lanes * 8, into: &asm)
        asm.add(.rbx, Int8(32))
        asm.compare(.rbx, .r12)
        asm.jump(if: .below, to: top)
        asm.restoreAndReturn(X86Assembler.laneLoopRegisters)
        guard let memory = ExecutableMemory(asm.finished()) else { return nil }
        self.memory = memory
        entry = unsafeBitCast(memory.start, to: (@convention(c) (UnsafeMutablePointer<Double>) -> Void).self)
    }

    /// Runs the code on every lane of the file, inputs and constants in place.
    @inline(__always)
    func callAsFunction(_ registers: UnsafeMutablePointer<Double>) { entry(registers) }
}

/// A program run over a fixed number of lanes: as AVX2 machine code where it can be (`LaneCode`), else
/// interpreted (`Program.run(lanes:_:)`), with the same values either way.
public struct LaneKernel: Sendable {
    public let program: Program
    public let lanes: Int
    private let native: LaneCode?

    /// `lanes`: a positive multiple of four.
    public init(_ program: Program, lanes: Int) {
        self.program = program
        self.lanes = lanes
        native = LaneCode(program, lanes: lanes)
    }

    /// Whether the lanes run as machine code.
    public var isNative: Bool { native != nil }

    /// Whether programs will run as lane machine code here, for compilers choosing the form of a lane program.
    public static var machineCodeIsAvailable: Bool { LaneCode.isAvailable }

    /// Runs the program on every lane of a file made by `program.makeLaneRegisters(lanes:)`, inputs in place.
    @inline(__always)
    public func callAsFunction(_ registers: UnsafeMutablePointer<Double>) {
        if let native { native(registers) } else { program.run(lanes: lanes, registers) }
    }
}
