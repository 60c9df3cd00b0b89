/// How fast a run converged, read from its last iterates.
public enum ConvergenceRate: Equatable, Sendable {
    /// ‖w_{k+1} − w_k‖ ≈ ρ‖w_k − w_{k−1}‖ with a steady ρ < 1: geometric convergence.
    case linear(rho: Double)
    /// The ratio creeps towards 1: slower than any geometric rate (ρ is the latest ratio).
    case sublinear(rho: Double)
    /// The ratio itself falls towards 0, as with Newton's method near a minimum.
    case superlinear(rho: Double)
    /// The steps do not shrink.
    case notConverging(rho: Double)

    public var kind: String {
        switch self {
        case .linear: return "linear"
        case .sublinear: return "sublinear"
        case .superlinear: return "superlinear"
        case .notConverging: return "none"
        }
    }

    public var rho: Double {
        switch self {
        case .linear(let r), .sublinear(let r), .superlinear(let r), .notConverging(let r): return r
        }
    }

    /// The rate over the part of a run where it means something, and that part: the updates from `from` to `to`.
    public struct Estimate: Equatable, Sendable {
        public var rate: ConvergenceRate
        public var from: Int
        public var to: Int
        /// L at the iterates `from` and `to`.
        public var fromLoss: Double
        public var toLoss: Double
    }

    /// Estimates the rate from the history, or nil with too few evenly spaced moving iterates.
    public static func estimate<C: RandomAccessCollection<Iterate>>(_ iterates: C) -> ConvergenceRate? where C.Index == Int {
        estimateWithSpan(iterates)?.rate
    }

    /// Estimates the rate from the step lengths ‖w_{k+1} − w_k‖, on the part of the run where they mean something:
    /// steps down at the floating-point floor (a few thousand ulps of the point, where round-off, not the method,
    /// sets their ratios) are left out at the end. The per-step ratio is the geometric mean over the last quarter of that part
    /// (at least 12 steps, so that momentum's oscillating steps average out), and, for a longer run, over as many
    /// steps halfway through: a linear rate keeps 1 − ρ the same, a sublinear one sees it shrink. Reads only the
    /// iterates it needs, so a lazy view of a long history (`RunHistory.lazyIterates`) costs a few hundred at most.
    public static func estimateWithSpan<C: RandomAccessCollection<Iterate>>(_ iterates: C, window minimum: Int = 12)
        -> Estimate? where C.Index == Int {
        guard iterates.count >= 4 else { return nil }
        // The end of the meaningful part: the last iterate whose step from its predecessor is above the floor.
        var end = iterates.endIndex - 1
        while end > iterates.startIndex, isAtFloor(iterates[end - 1], iterates[end]) { end -= 1 }
        guard end - iterates.startIndex >= 3 else { return nil }
        let meaningful = iterates[iterates.startIndex...end]
        let spanSteps = meaningful.last!.k - meaningful.first!.k
        // The late window, at most a few hundred iterates: evenly spaced ones are needed for the ratios.
        // A window asked for wider than that is the whole meaningful part.
        let width = minimum > 256 ? spanSteps : min(max(minimum, spanSteps / 4), 256)
        let lateLow = firstIndex(of: meaningful, atLeast: meaningful.last!.k - width) ?? meaningful.startIndex
        guard let late = ratios(meaningful[max(meaningful.startIndex, min(lateLow, end - 3))...end]), !late.isEmpty else { return nil }
        let rho = perStep(late)
        let lastRatio = late[late.count - 1]
        let first = meaningful[max(meaningful.startIndex, min(lateLow, end - 3))], last = meaningful.last!
        func estimate(_ rate: ConvergenceRate) -> Estimate {
            Estimate(rate: rate, from: first.k, to: last.k, fromLoss: first.loss, toLoss: last.loss)
        }
        if rho >= 1 { return estimate(.notConverging(rho: rho)) }
        let recent = Array(late.suffix(12))
        if recent.count >= 2, lastRatio < 0.1, zip(recent, recent.dropFirst()).allSatisfy({ $1 < $0 * 0.75 }) {
            return estimate(.superlinear(rho: lastRatio))
        }
        // Too few ratios to tell a trend from a wobble.
        if late.count < 3 { return nil }
        // Compare with the same estimate halfway through the meaningful part.
        let k = last.k
        if k - meaningful.first!.k >= 40, let low = firstIndex(of: meaningful, atLeast: meaningful.first!.k + (k - meaningful.first!.k) / 2 - width / 2),
           low + 3 <= end, let mid = ratios(meaningful[low...min(end, low + (late.count + 1))]), mid.count >= 3 {
            let earlier = perStep(mid)
            if earlier < 1, (1 - rho) < 0.7 * (1 - earlier) { return estimate(.sublinear(rho: rho)) }
        }
        return estimate(.linear(rho: rho))
    }

    /// Whether the step from `a` to `b` is down at the floating-point floor: within 4096 ulps of the point, where the
    /// rounding of the points themselves is a tenth of a percent of the step and its ratios start to be noise.
    static func isAtFloor(_ a: Iterate, _ b: Iterate) -> Bool {
        var step = 0.0, size = 0.0
        for i in a.point.indices {
            step += (b.point[i] - a.point[i]) * (b.point[i] - a.point[i])
            size += b.point[i] * b.point[i]
        }
        return step.squareRoot() <= 4096 * Double.ulpOfOne * max(size.squareRoot(), Double.leastNormalMagnitude)
    }

    /// ‖b − a‖, the length of the step between two iterates.
    static func stepLength(_ a: Iterate, _ b: Iterate) -> Double {
        var sum = 0.0
        for i in a.point.indices { sum += (b.point[i] - a.point[i]) * (b.point[i] - a.point[i]) }
        return sum.squareRoot()
    }

    /// The first iterate whose k is at least `k`, by bisection: the ks ascend.
    private static func firstIndex<C: RandomAccessCollection<Iterate>>(of iterates: C, atLeast k: Int) -> Int?
        where C.Index == Int {
        var low = iterates.startIndex, high = iterates.endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if iterates[middle].k >= k { high = middle } else { low = middle + 1 }
        }
        return low < iterates.endIndex ? low : nil
    }

    /// Per-step ratios of successive step lengths over evenly spaced iterates; nil if the spacing is uneven.
    static func ratios(_ slice: some Collection<Iterate>) -> [Double]? {
        let its = Array(slice)
        guard its.count >= 4 else { return nil }
        let spacing = its[1].k - its[0].k
        guard spacing > 0, zip(its, its.dropFirst()).allSatisfy({ $1.k - $0.k == spacing }) else { return nil }
        let steps = zip(its, its.dropFirst()).map { stepLength($0, $1) }
        var result: [Double] = []
        for (a, b) in zip(steps, steps.dropFirst()) where a > 0 && b > 0 {
            let r = (b / a)
            guard r.isFinite else { return nil }
            result.append(spacing == 1 ? r : pow(r, 1 / Double(spacing)))
        }
        return result.count >= 2 ? result : nil
    }

    /// The per-step ratio over a window, from its successive step ratios. Steps that swing (momentum's, whose
    /// lengths oscillate as they shrink) are measured between the first and last of their peaks, which stand at
    /// the same phase of the swing; a window without two peaks, between its ends: the geometric mean of the ratios.
    static func perStep(_ ratios: [Double]) -> Double {
        // Log step lengths relative to the first; a peak is a step longer than the one before and no shorter than the next.
        var logs = [0.0]
        for r in ratios { logs.append(logs[logs.count - 1] + log(r)) }
        let peaks = logs.indices.dropFirst().dropLast().filter { logs[$0] > logs[$0 - 1] && logs[$0] >= logs[$0 + 1] }
        if let first = peaks.first, let last = peaks.last, last - first >= 2 {
            return exp((logs[last] - logs[first]) / Double(last - first))
        }
        return geometricMean(ratios)
    }

    static func geometricMean(_ values: [Double]) -> Double {
        exp(values.reduce(0) { $0 + log($1) } / Double(values.count))
    }
}

import Glibc
