import Glibc
import Dispatch

/// The machine's cores, which reductions over rows and lanes of descents spread over.
public enum Cores {
    public static let count = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Runs `body(0)`, …, `body(workers − 1)`, in parallel when there is more than one.
    public static func run(_ workers: Int, _ body: @Sendable (Int) -> Void) {
        if workers <= 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: workers, execute: body)
    }
}

/// A pointer handed to worker threads that each write their own part of the memory behind it.
package struct UnsafeSendablePointer: @unchecked Sendable {
    package let pointer: UnsafeMutablePointer<Double>
    package init(_ pointer: UnsafeMutablePointer<Double>) { self.pointer = pointer }
}
