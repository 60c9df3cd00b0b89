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
    /// The file, and where the registers of `columns` lie (unused without them).
    private let entry: @convention(c) (UnsafeMutablePointer<Double>, UnsafePointer<Double>?) -> Void

    /// Whether lane code can be made here: machine code enabled and a processor with AVX2 and FMA.
    static var isAvailable: Bool { ExecutableMemory.isEnabled && ProcessorFeatures.hasAVX2 }

    /// The code of `program` over a file of `lanes` lanes, a positive multiple of four; nil where lane code is
    /// unavailable or the file is too large to address.
    /// With `columns`, those registers are read where the second argument points, laid out as the file would hold
    /// them (a table's block), instead of from the file.
    init?(_ program: Program, lanes: Int, columns: Range<Int>? = nil) {
        precondition(lanes > 0 && lanes % 4 == 0 && program.reductions.isEmpty, "lane code runs whole vectors of a table-free program")
        guard Self.isAvailable, program.registerCount <= Int(Int32.max) / (8 * lanes) else { return nil }
        var asm = X86Assembler()
        // rbx walks the file four lanes at a time up to r12, and r13 the columns beside it.
        asm.save(X86Assembler.laneLoopRegisters)
        asm.move(.rbx, .rdi)
        asm.move(.r13, .rsi)
        asm.loadAddress(.r12, X86Assembler.Memory(.rdi, lanes * 8))
        let top = asm.makeLabel()
        asm.bind(top)
        NativeTranslation.translate(program.code, registerCount: program.registerCount, outputs: program.outputs,
                                    laneStride: lanes * 8,
                                    columns: columns.map { NativeTranslation.Columns(registers: $0, base: .r13) }, into: &asm)
        asm.add(.rbx, Int8(32))
        asm.add(.r13, Int8(32))
        asm.compare(.rbx, .r12)
        asm.jump(if: .below, to: top)
        asm.restoreAndReturn(X86Assembler.laneLoopRegisters)
        guard let memory = ExecutableMemory(asm.finished()) else { return nil }
        self.memory = memory
        entry = unsafeBitCast(memory.start, to: (@convention(c) (UnsafeMutablePointer<Double>, UnsafePointer<Double>?) -> Void).self)
    }

    /// Runs the code on every lane of the file, inputs and constants in place (the columns at `columns`).
    @inline(__always)
    func callAsFunction(_ registers: UnsafeMutablePointer<Double>, columns: UnsafePointer<Double>? = nil) {
        entry(registers, columns)
    }
}

/// A program run over a fixed number of lanes: as AVX2 machine code where it can be (`LaneCode`), else
/// interpreted (`Program.run(lanes:_:)`), with the same values either way.
public struct LaneKernel: Sendable {
    public let program: Program
    public let lanes: Int
    private let native: LaneCode?
    /// Registers the caller may hand over where they lie (`callAsFunction(_:columns:)`): a table's columns.
    public let columns: Range<Int>?

    /// `lanes`: a positive multiple of four. `columns`: registers (inputs the code never writes) that calls may
    /// give in place of the file's, laid out as the file holds them.
    public init(_ program: Program, lanes: Int, columns: Range<Int>? = nil) {
        self.program = program
        self.lanes = lanes
        let unwritten = columns.map { c in !program.code.contains { c.contains(Int($0.result)) } } ?? false
        self.columns = unwritten ? columns : nil
        native = LaneCode(program, lanes: lanes, columns: self.columns)
    }

    /// Whether the lanes run as machine code.
    public var isNative: Bool { native != nil }

    /// Whether programs will run as lane machine code here, for compilers choosing the form of a lane program.
    public static var machineCodeIsAvailable: Bool { LaneCode.isAvailable }

    /// Runs the program on every lane of a file made by `program.makeLaneRegisters(lanes:)`, inputs in place.
    @inline(__always)
    public func callAsFunction(_ registers: UnsafeMutablePointer<Double>) {
        callAsFunction(registers, columns: columns.map { UnsafePointer(registers + $0.lowerBound * lanes) })
    }

    /// Runs the program with the registers of `columns` read from `source` (laid out as the file holds them, for
    /// example a block of a blocked table) rather than copied into the file: the machine code reads them there;
    /// the interpreter gets them copied in first.
    @inline(__always)
    public func callAsFunction(_ registers: UnsafeMutablePointer<Double>, columns source: UnsafePointer<Double>?) {
        if let native {
            native(registers, columns: source)
            return
        }
        if let columns, let source {
            let inFile = registers + columns.lowerBound * lanes
            if inFile != UnsafeMutablePointer(mutating: source) { inFile.update(from: source, count: columns.count * lanes) }
        }
        program.run(lanes: lanes, registers)
    }
}
