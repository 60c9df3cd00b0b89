/// Runs from many starts, with their end points grouped into the distinct stationary points they found.
public struct Multistart: Sendable {
    public enum Kind: String, Sendable {
        case minimum, maximum, saddle
        /// The Hessian is singular there, so its second derivatives do not decide.
        case flat
        /// The runs stopped before the gradient vanished.
        case notConverged = "not converged"
        /// A stationary point of a loss with too many parameters for its Hessian to be computed.
        case stationary

        /// Whether descent stopped here without a minimum to show for it: a maximum, a saddle or a flat point.
        public var isNotAMinimum: Bool { self == .maximum || self == .saddle || self == .flat }
    }

    public struct Group: Sendable {
        public var point: [Double]
        public var loss: Double
        public var kind: Kind
        public var count: Int
        /// The starts of the runs that ended here.
        public var starts: [[Double]]
    }

    public var groups: [Group]
    public var diverged: [[Double]]
    /// The runs that finished (and are grouped or counted as diverged).
    public var runs: Int
    /// The runs the user interrupted: stopped part way, or never started.
    public var interrupted = 0

    /// A run counts as converged when ‖∇L‖ at its end is at most this.
    public static let stationaryTolerance = 1e-4

    public init(objective: Objective, starts: [[Double]], settings: DescentSettings, interrupted: @Sendable () -> Bool = { false },
                progress: @escaping ProgressReporter = { _ in }) {
        groups = []
        diverged = []
        runs = 0
        var evaluator = ObjectiveEvaluator(objective.dimension <= RunDiagnostics.maximumHessianDimension
                                           ? objective.withHessian() : objective)
        let ends = RunBatch.outcomes(objective, runs: starts.map { ($0, settings) }, interrupted: interrupted, progress: progress)
        for (start, end) in zip(starts, ends) {
            if end.stop == .interrupted {
                self.interrupted += 1
                continue
            }
            runs += 1
            if end.stop == .diverged {
                diverged.append(start)
                continue
            }
            let scale = max(1, euclideanNorm(end.point))
            if let i = groups.firstIndex(where: { distance($0.point, end.point) <= 1e-3 * scale }) {
                groups[i].count += 1
                groups[i].starts.append(start)
                continue
            }
            let kind: Kind
            if end.gradientNorm > Self.stationaryTolerance {
                kind = .notConverged
            } else if let h = evaluator.hessian(end.point) {
                kind = Self.classify(Curvature(hessian: h))
            } else {
                kind = .stationary
            }
            groups.append(Group(point: end.point, loss: end.loss, kind: kind, count: 1, starts: [start]))
        }
        groups.sort { a, b in a.point.lexicographicallyPrecedes(b.point) }
    }

    /// What a stationary point with this curvature is; singular or not finite: flat. The point is only as exact
    /// as the descent that found it, so an eigenvalue within 1e-8 · max(1, |λ|) of zero counts as zero.
    public static func classify(_ curvature: Curvature) -> Kind {
        switch curvature.shape(zeroWithin: 1e-8 * max(1, curvature.scale)) {
        case .positiveDefinite: return .minimum
        case .negativeDefinite: return .maximum
        case .indefinite: return .saddle
        case .positiveSemidefinite, .negativeSemidefinite, .zero, nil: return .flat
        }
    }

    /// Evenly spaced starts over the box (a grid of at most `count` points over the parameters whose range is not
    /// a single value), or `count` seeded uniform ones.
    public static func starts(low: [Double], high: [Double], count: Int, random seed: UInt64?) -> [[Double]] {
        if let seed {
            var rng = NumPyRandom(seed: seed)
            return starts(low: low, high: high, count: count, drawingFrom: &rng)
        }
        let ranged = (0..<low.count).filter { low[$0] < high[$0] }
        // The largest whole number of points per ranged axis whose grid stays within `count`.
        var perAxis = ranged.isEmpty ? 1 : max(1, Int(pow(Double(count), 1 / Double(ranged.count)).rounded(.down)))
        while ranged.count > 0, pow(Double(perAxis + 1), Double(ranged.count)) <= Double(count) { perAxis += 1 }
        var result: [[Double]] = [low]
        for i in ranged {
            let values = Sweep.values(from: low[i], to: high[i], count: perAxis, logarithmic: false)
            result = result.flatMap { prefix in values.map { v in var p = prefix; p[i] = v; return p } }
        }
        return result
    }

    /// `count` uniform starts over the box, as np.random.uniform(low, high) draws them, one start after another.
    public static func starts(low: [Double], high: [Double], count: Int, drawingFrom rng: inout NumPyRandom) -> [[Double]] {
        (0..<count).map { _ in low.indices.map { i in low[i] + (high[i] - low[i]) * rng.uniform() } }
    }

    /// Whether an even grid of at most `count` starts takes two values or more on each ranged parameter.
    public static func gridSpansEveryRange(low: [Double], high: [Double], count: Int) -> Bool {
        let ranged = zip(low, high).filter { $0 < $1 }.count
        return ranged < Int.bitWidth - 1 && 1 << ranged <= count
    }
}

/// The Euclidean distance between two points.
func distance(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += (a[i] - b[i]) * (a[i] - b[i]) }
    return sum.squareRoot()
}

import Glibc
