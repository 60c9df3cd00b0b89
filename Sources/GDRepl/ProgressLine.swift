import GDLang
import GDRender
import GDSession
import GDShell
import Glibc
import Synchronization

/// A one-line progress report for long runs on a terminal: `step 12345678, L = 0.25 (Ctrl-C stops)`,
/// rewritten in place at most twice a second once a run has gone on for a second, and erased when it ends.
public final class ProgressLine: Sendable {
    private struct State {
        var started: Double?
        var lastShown = 0.0
        var visible = false
    }

    private let state = Mutex(State())
    private let fd: Int32

    public init(fd: Int32 = 2) { self.fd = fd }

    /// Call from the run's poll.
    public func report(step: Int, loss: Double) {
        let now = Self.seconds()
        let text: String? = state.withLock { s in
            guard let started = s.started else { s.started = now; return nil }
            guard now - started >= 1, now - s.lastShown >= 0.5 else { return nil }
            s.lastShown = now
            s.visible = true
            return "\r\u{1B}[2Kstep \(step), L = \(NumberFormat.significant(loss, digits: 6)) (Ctrl-C stops)"
        }
        if let text { StandardConsole.write(text, to: fd) }
    }

    /// Erases the line and gets ready for the next statement.
    public func finish() {
        let visible = state.withLock { s in
            defer { s = State() }
            return s.visible
        }
        if visible { StandardConsole.write("\r\u{1B}[2K", to: fd) }
    }

    private static func seconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
