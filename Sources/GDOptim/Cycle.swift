/// A run that settled into a cycle: its iterates repeat every `period` steps (2 to `longestPeriod`), as gradient
/// descent does around a minimum whose curvature makes η too large to settle (a 2-cycle for η just past 2/λ), or
/// on a kink such as |x|'s. Its step lengths neither grow nor shrink, so no convergence rate describes it.
public struct Cycle: Equatable, Sendable {
    /// How many steps the iterates take to come back.
    public var period: Int
    /// The points of the cycle, ordered by their coordinates (so that a report does not depend on the step the
    /// run stopped at).
    public var points: [[Double]]
    /// The updates the repetition was checked over.
    public var span: ClosedRange<Int>

    public static let longestPeriod = 8
    /// How many whole periods must repeat.
    static let repeats = 3

    /// The cycle the run's last iterates repeat, or nil. The iterates must be consecutive steps, each a move
    /// well above the floating-point floor, and every iterate of the last `repeats` periods must come back to
    /// within a millionth of the shortest step.
    public static func detect<C: RandomAccessCollection<Iterate>>(_ iterates: C) -> Cycle? where C.Index == Int {
        for period in 2...longestPeriod {
            let needed = period * (repeats + 1)
            guard iterates.count > needed else { return nil }
            let last = iterates.endIndex - 1
            let window = (last - needed)...last
            guard iterates[window.lowerBound].k == iterates[last].k - needed else { return nil }
            var shortest = Double.infinity
            for i in (window.lowerBound + 1)...last { shortest = min(shortest, ConvergenceRate.stepLength(iterates[i - 1], iterates[i])) }
            guard shortest > 0, shortest.isFinite, !ConvergenceRate.isAtFloor(iterates[last - 1], iterates[last])
            else { return nil }
            let returns = ((window.lowerBound + period)...last).allSatisfy {
                ConvergenceRate.stepLength(iterates[$0 - period], iterates[$0]) <= 1e-6 * shortest
            }
            guard returns else { continue }
            let points = ((last - period + 1)...last).map { iterates[$0].point }
                .sorted { $0.lexicographicallyPrecedes($1) }
            return Cycle(period: period, points: points, span: iterates[window.lowerBound].k...iterates[last].k)
        }
        return nil
    }
}
