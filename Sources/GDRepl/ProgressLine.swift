import GDConcurrency
import GDLang
import GDOptim
import GDRender
import GDSession
import GDShell
import Glibc

/// A one-line progress report for long work on a terminal, rewritten in place a few times a second once the
/// work has gone on for a second, and erased when it ends:
/// `step 12345678, L = 0.25 · 3.1 s (Ctrl-C stops)` for a run, `run 3 of 6: step 2048, L = 0.25 · …` for work
/// made of runs one after another, `412 of 1024 runs finished, at step 20480 · …` for lanes.
public final class ProgressLine: Sendable {
    private struct State {
        var started: Double?
        var lastShown = 0.0
        var visible = false
        /// The latest of each kind of report since the statement began.
        var runs: (done: Int, total: Int, step: Int?)?
        var run: (step: Int, loss: Double)?
    }

    private let state = Locked(State())
    private let fd: Int32
    /// The terminal's width, read when a line is written.
    private let columns: @Sendable () -> Int

    public init(fd: Int32 = 2, columns: @escaping @Sendable () -> Int = { 80 }) {
        self.fd = fd
        self.columns = columns
    }

    /// Call from the work's poll; any thread.
    public func report(_ progress: WorkProgress) {
        let now = Self.seconds()
        state.withLock { s in
            switch progress {
            case .run(let step, let loss): s.run = (step, loss)
            case .runs(let done, let total, let step):
                // A new run of a series starts from nothing.
                if s.runs?.done != done || step != nil { s.run = nil }
                s.runs = (done, total, step)
            }
            guard let started = s.started else { s.started = now; return }
            guard now - started >= 1, now - s.lastShown >= 0.25 else { return }
            s.lastShown = now
            s.visible = true
            let line = Self.text(s, seconds: now - started)
            // One column short of the width, so the terminal never wraps the line it rewrites.
            StandardConsole.write("\r\u{1B}[2K" + String(line.prefix(max(10, columns() - 1))), to: fd)
        }
    }

    private static func text(_ s: State, seconds: Double) -> String {
        var parts: [String] = []
        let run = s.run.map { "step \($0.step), L = \(NumberFormat.significant($0.loss, digits: 6))" }
        if let runs = s.runs {
            if let step = runs.step {
                parts.append("\(runs.done) of \(runs.total) runs finished, at step \(step)")
            } else {
                parts.append("run \(min(runs.done + 1, runs.total)) of \(runs.total)" + (run.map { ": " + $0 } ?? ""))
            }
        } else if let run {
            parts.append(run)
        }
        return parts.joined() + " · \(NumberFormat.significant(seconds, digits: 2)) s (Ctrl-C stops)"
    }

    /// Erases the line and gets ready for the next statement.
    public func finish() {
        state.withLock { s in
            if s.visible { StandardConsole.write("\r\u{1B}[2K", to: fd) }
            s = State()
        }
    }

    private static func seconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
