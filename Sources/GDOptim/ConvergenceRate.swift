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

    /// Estimates the rate from the history, or nil with too few evenly spaced moving iterates.
    ///
    /// The per-step ratio of successive step lengths is taken over the last iterates and, for a longer run,
    /// also halfway through: a linear rate keeps 1 − ρ the same, a sublinear one sees it shrink.
    /// Reads only the iterates it needs, so a lazy view of a long history (`RunHistory.lazyIterates`) costs
    /// a few dozen iterates, not the whole run.
    public static func estimate<C: RandomAccessCollection<Iterate>>(_ iterates: C) -> ConvergenceRate? where C.Index == Int {
        guard let late = ratios(iterates.suffix(12)), !late.isEmpty else { return nil }
        let rho = geometricMean(late)
        let last = late[late.count - 1]
        if rho >= 1 { return .notConverging(rho: rho) }
        if late.count >= 2, last < 0.1, zip(late, late.dropFirst()).allSatisfy({ $1 < $0 * 0.75 }) {
            return .superlinear(rho: last)
        }
        let steady = (late.max()! - late.min()!) <= 0.25 * (1 - rho) + 1e-12
        guard steady else {
            // Too few ratios to tell a trend from a wobble.
            if late.count < 4 { return nil }
            // Steps that sometimes grow but shrink on average, as heavy-ball momentum's do: linear at the mean rate.
            if last >= 1 { return .linear(rho: rho) }
            return last > late.first! ? .sublinear(rho: last) : .linear(rho: rho)
        }
        // Compare with the same estimate halfway through the run.
        let k = iterates.last!.k
        if k >= 40, let low = firstIndex(of: iterates, atLeast: k / 2),
           let mid = ratios(iterates[low..<min(iterates.endIndex, low + 12)]), mid.count >= 3 {
            let earlier = geometricMean(mid)
            if earlier < 1, (1 - rho) < 0.7 * (1 - earlier) { return .sublinear(rho: rho) }
        }
        return .linear(rho: rho)
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
        var steps: [Double] = []
        for (a, b) in zip(its, its.dropFirst()) {
            var sum = 0.0
            for i in a.point.indices { sum += (b.point[i] - a.point[i]) * (b.point[i] - a.point[i]) }
            steps.append(sum.squareRoot())
        }
        var result: [Double] = []
        for (a, b) in zip(steps, steps.dropFirst()) where a > 0 && b > 0 {
            let r = (b / a)
            guard r.isFinite else { return nil }
            result.append(spacing == 1 ? r : pow(r, 1 / Double(spacing)))
        }
        return result.count >= 2 ? result : nil
    }

    static func geometricMean(_ values: [Double]) -> Double {
        exp(values.reduce(0) { $0 + log($1) } / Double(values.count))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
