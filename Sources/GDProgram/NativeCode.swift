import GDConcurrency
import GDLang
import GDNative
import Glibc

/// A program's code translated to x86-64 machine code, which `Program.execute` runs instead of interpreting.
///
/// The interpreter loads every operand from the register file and stores every result back, so a chain of
/// operations waits on memory at each link; on a large loss it also spends most of its time dispatching.
/// Here values stay in xmm registers while they are needed (see `NativeTranslation`), and the file is touched
/// only for inputs, constants, values pushed out of the xmm registers, and outputs.
///
/// Every value is bit for bit the interpreter's: the same IEEE operations in the same order (no fused
/// multiply-add, no reassociation), and calls to the same functions for powers and built-ins.
/// Available on x86-64 Linux; elsewhere, where executable memory is refused, or with `GD_INTERPRET` set in the
/// environment, programs are interpreted.
final class NativeCode: Sendable {
    private let memory: ExecutableMemory
    private let entry: @convention(c) (UnsafeMutablePointer<Double>) -> Void

    /// Translates `code` (run on a file of `registerCount` registers, whose `outputs` must hold their values at
    /// the end); nil where native code is unavailable.
    /// `single`: float32 code, computed in single precision (see `NativeTranslation.translate`).
    init?(_ code: [Program.Operation], registerCount: Int, outputs: [Int], single: Bool = false,
          constants: [Int: Double] = [:]) {
        guard ExecutableMemory.isEnabled, NativeTranslation.canTranslate(code, registerCount: registerCount) else { return nil }
        var asm = X86Assembler()
        asm.prologue()
        NativeTranslation.translate(code, registerCount: registerCount, outputs: outputs, single: single,
                                    constants: constants, into: &asm)
        asm.epilogue()
        guard let memory = ExecutableMemory(asm.finished()) else { return nil }
        self.memory = memory
        entry = unsafeBitCast(memory.start, to: (@convention(c) (UnsafeMutablePointer<Double>) -> Void).self)
    }

    /// Runs the code on a register file with its inputs and constants in place.
    @inline(__always)
    func callAsFunction(_ registers: UnsafeMutablePointer<Double>) { entry(registers) }
}

/// The functions native code calls: `Double.power`, and each built-in's declared value (`BuiltinFunction.value`), all taking
/// two doubles (a one-argument built-in ignores the second).
enum NativeFunctions {
    typealias Function = BuiltinFunction.Value

    static let power: Function = { Double.power($0, $1) }

    static func address(_ function: Function) -> UnsafeRawPointer {
        unsafeBitCast(function, to: UnsafeRawPointer.self)
    }
}
