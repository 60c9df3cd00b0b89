/// Box constraints lower ≤ w ≤ upper for projected descent; ±∞ where a side is free.
public struct Bounds: Equatable, Sendable {
    public var lower: [Double]
    public var upper: [Double]

    public init(dimension: Int) {
        lower = [Double](repeating: -.infinity, count: dimension)
        upper = [Double](repeating: .infinity, count: dimension)
    }

    public var isEmpty: Bool { lower.allSatisfy { $0 == -.infinity } && upper.allSatisfy { $0 == .infinity } }

    /// The nearest point of the box.
    public func project(_ w: [Double]) -> [Double] {
        var p = w
        for i in p.indices { p[i] = min(max(p[i], lower[i]), upper[i]) }
        return p
    }

    /// The gradient with the components that push against an active bound removed: zero at a constrained minimum.
    public func projectedGradient(_ g: [Double], at w: [Double]) -> [Double] {
        var p = g
        for i in p.indices {
            if w[i] <= lower[i] && g[i] > 0 { p[i] = 0 }
            if w[i] >= upper[i] && g[i] < 0 { p[i] = 0 }
        }
        return p
    }

    public enum Side: String, Sendable { case lower = ">=", upper = "<=" }

    /// The bounds the point sits on, as (parameter index, side, value).
    public func active(at w: [Double]) -> [(parameter: Int, side: Side, value: Double)] {
        var result: [(Int, Side, Double)] = []
        for i in w.indices {
            if w[i] <= lower[i] { result.append((i, .lower, lower[i])) }
            if w[i] >= upper[i] { result.append((i, .upper, upper[i])) }
        }
        return result
    }
}
