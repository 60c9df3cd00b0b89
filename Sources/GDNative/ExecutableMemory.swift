import Glibc

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
