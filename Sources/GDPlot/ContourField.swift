import Glibc

/// A function of two variables sampled on a grid, and the levels at which to draw its level lines.
public struct ContourField: Equatable, Sendable {
    /// The grid's x coordinates, increasing.
    public var xs: [Double]
    /// The grid's y coordinates, increasing.
    public var ys: [Double]
    /// `values[j][i]` is the value at (`xs[i]`, `ys[j]`). Cells with a NaN or infinite corner get no lines.
    public var values: [[Double]]
    /// The values whose level lines are drawn.
    public var levels: [Double]

    public init(xs: [Double], ys: [Double], values: [[Double]], levels: [Double]) {
        self.xs = xs
        self.ys = ys
        self.values = values
        self.levels = levels
    }

    /// Samples `f` at every grid point and picks about `levelCount` levels with `levels(for:count:)`.
    public init(xs: [Double], ys: [Double], levelCount: Int = 10, _ f: (Double, Double) -> Double) {
        let values = ys.map { y in xs.map { x in f(x, y) } }
        self.init(xs: xs, ys: ys, values: values, levels: ContourField.levels(for: values, count: levelCount))
    }

    /// At most `count` round levels strictly between the smallest and largest finite values.
    ///
    /// A field that is never negative and whose positive values span two decades or more (a bowl such as
    /// w1² + 5·w2²) gets log-spaced levels — 1, 2, 5 per decade, or 1, 3, or 1 when that is too many, keeping
    /// the highest — so the lines near the minimum show; below four decades under the top they are too small
    /// to see and are left out. Any other field gets evenly spaced levels on a 1-2-5 step.
    public static func levels(for values: [[Double]], count: Int) -> [Double] {
        let finite = values.joined().filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), high > low, count > 0 else { return [] }
        if low >= 0, let smallest = finite.filter({ $0 > 0 }).min() {
            let bottom = max(smallest, high * 1e-4)
            if high >= 100 * bottom {
                let decades = Int(floor(log10(bottom)))...Int(ceil(log10(high)))
                var levels: [Double] = []
                for mantissas in [[1, 2, 5], [1, 3], [1]] {
                    levels = decades.flatMap { e in mantissas.map { Ticks.multiple($0, ofPowerOfTen: e) } }
                        .filter { $0 > bottom && $0 < high }
                    if levels.count <= count { return levels }
                }
                return Array(levels.suffix(count))
            }
        }
        return Ticks.nice(low: low, high: high, maxCount: count).filter { $0 > low && $0 < high }
    }
}

/// A straight piece of a level line.
public struct Segment: Equatable, Sendable {
    public var start: Point
    public var end: Point

    public init(_ start: Point, _ end: Point) {
        self.start = start
        self.end = end
    }
}

extension ContourField {
    /// The level line at `level` as segments, by marching squares: each grid cell whose corners lie on both
    /// sides of the level (a corner at or above it counts as above) gets one segment, or two where the
    /// level passes between diagonal corners, joining the points where the level crosses the cell's edges
    /// (found by linear interpolation). Such a saddle is resolved by the mean of the four corners.
    public func segments(at level: Double) -> [Segment] {
        var segments: [Segment] = []
        for j in 0..<max(0, ys.count - 1) {
            for i in 0..<max(0, xs.count - 1) {
                segments += cellSegments(i, j, level)
            }
        }
        return segments
    }

    /// The sides of a grid cell: bottom from corner a to b, right from b to c, top from d to c, left from a to d,
    /// where a = (i, j), b = (i+1, j), c = (i+1, j+1), d = (i, j+1).
    private enum Side { case bottom, right, top, left }

    private func cellSegments(_ i: Int, _ j: Int, _ level: Double) -> [Segment] {
        guard let a = value(i, j), let b = value(i + 1, j), let c = value(i + 1, j + 1), let d = value(i, j + 1) else {
            return []
        }
        func crossing(_ side: Side) -> Point {
            func between(_ p: Point, _ vp: Double, _ q: Point, _ vq: Double) -> Point {
                let t = (level - vp) / (vq - vp)
                return Point(p.x + t * (q.x - p.x), p.y + t * (q.y - p.y))
            }
            let (pa, pb) = (Point(xs[i], ys[j]), Point(xs[i + 1], ys[j]))
            let (pc, pd) = (Point(xs[i + 1], ys[j + 1]), Point(xs[i], ys[j + 1]))
            switch side {
            case .bottom: return between(pa, a, pb, b)
            case .right: return between(pb, b, pc, c)
            case .top: return between(pd, d, pc, c)
            case .left: return between(pa, a, pd, d)
            }
        }
        func join(_ pairs: (Side, Side)...) -> [Segment] { pairs.map { Segment(crossing($0.0), crossing($0.1)) } }

        let index = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0)
        let centreAbove = (a + b + c + d) / 4 >= level
        switch index {
        case 1, 14: return join((.left, .bottom))       // a apart from the rest
        case 2, 13: return join((.bottom, .right))      // b apart
        case 4, 11: return join((.right, .top))         // c apart
        case 8, 7: return join((.top, .left))           // d apart
        case 3, 12: return join((.left, .right))        // a, b against c, d
        case 6, 9: return join((.bottom, .top))         // b, c against a, d
        case 5: return centreAbove ? join((.bottom, .right), (.top, .left)) : join((.left, .bottom), (.right, .top))
        case 10: return centreAbove ? join((.left, .bottom), (.right, .top)) : join((.bottom, .right), (.top, .left))
        default: return []                              // all corners on one side
        }
    }

    /// The segments joined into polylines where they share an end (neighbouring cells compute the crossing on
    /// their common edge identically, so shared ends are equal).
    static func chains(_ segments: [Segment]) -> [[Point]] {
        var touching: [Point: [Int]] = [:]
        for (k, s) in segments.enumerated() {
            touching[s.start, default: []].append(k)
            touching[s.end, default: []].append(k)
        }
        var used = [Bool](repeating: false, count: segments.count)
        var chains: [[Point]] = []
        for k in segments.indices where !used[k] {
            used[k] = true
            var chain = [segments[k].start, segments[k].end]
            // Grow from the last point, then turn the chain round and grow from the other end.
            for _ in 0..<2 {
                while let end = chain.last, let next = touching[end]?.first(where: { !used[$0] }) {
                    used[next] = true
                    chain.append(segments[next].start == end ? segments[next].end : segments[next].start)
                }
                chain.reverse()
            }
            chains.append(chain)
        }
        return chains
    }

    /// The value at grid point (i, j), or nil when it is missing or not finite.
    private func value(_ i: Int, _ j: Int) -> Double? {
        guard i < xs.count, j < ys.count, j < values.count, i < values[j].count, values[j][i].isFinite else {
            return nil
        }
        return values[j][i]
    }
}
