#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    init?(_ code: [Program.Operation], registerCount: Int, outputs: [Int]) {
        guard ExecutableMemory.isEnabled, NativeTranslation.canAddress(registerCount: registerCount) else { return nil }
        var asm = X86Assembler()
        asm.prologue()
        NativeTranslation.translate(code, registerCount: registerCount, outputs: outputs, into: &asm)
        asm.epilogue()
        guard let memory = ExecutableMemory(asm.bytes) else { return nil }
        self.memory = memory
        entry = unsafeBitCast(memory.start, to: (@convention(c) (UnsafeMutablePointer<Double>) -> Void).self)
    }

    /// Runs the code on a register file with its inputs and constants in place.
    @inline(__always)
    func callAsFunction(_ registers: UnsafeMutablePointer<Double>) { entry(registers) }
}

/// Machine code in pages of its own, mapped for as long as this lives: written while writable, then made
/// executable and read-only, never both at once.
package final class ExecutableMemory: @unchecked Sendable {  // immutable after init
    /// Where the code starts; cast it to the function type the code implements.
    package let start: UnsafeRawPointer
    private let size: Int

    /// Whether machine code is made at all: on x86-64 Linux, unless `GD_INTERPRET` is set in the environment.
    package static let isEnabled: Bool = {
        #if arch(x86_64) && os(Linux)
        return getenv("GD_INTERPRET") == nil
        #else
        return false
        #endif
    }()

    /// nil where machine code is disabled or the system refuses executable memory.
    package init?(_ bytes: [UInt8]) {
        guard Self.isEnabled, !bytes.isEmpty else { return nil }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        size = (bytes.count + page - 1) / page * page
        guard let memory = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              memory != MAP_FAILED else { return nil }
        bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        guard mprotect(memory, size, PROT_READ | PROT_EXEC) == 0 else {
            munmap(memory, size)
            return nil
        }
        start = UnsafeRawPointer(memory)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: start), size) }
}

/// The C functions native code calls: `pow`, and each built-in's declared value (`BuiltinFunction.value`), all taking
/// two doubles (a one-argument built-in ignores the second).
enum NativeFunctions {
    typealias Function = BuiltinFunction.Value

    static let power: Function = { CMath.pow($0, $1) }

    static func address(_ function: Function) -> UnsafeRawPointer {
        unsafeBitCast(function, to: UnsafeRawPointer.self)
    }
}
