/// One point of a run: the state after `k` updates.
public struct Iterate: Equatable, Sendable {
    public var k: Int
    public var point: [Double]
    public var loss: Double
    public var gradient: [Double]
    /// The step size the update from this point used (for the latest iterate: the one it would use).
    public var eta: Double
    /// ‖∇L‖; for a constrained run, the norm of the projected gradient.
    public var gradientNorm: Double

    public init(k: Int, point: [Double], loss: Double, gradient: [Double], eta: Double) {
        self.k = k
        self.point = point
        self.loss = loss
        self.gradient = gradient
        self.eta = eta
        self.gradientNorm = euclideanNorm(gradient)
    }
}

/// The iterates of a run in order, starting with the start point.
///
/// A long run keeps a bounded history: past `capacity` iterates it drops every other one and from then
/// on keeps every second (fourth, …) iterate, so memory stays bounded while the whole run stays visible.
/// The latest iterate is always kept.
public struct RunHistory: Equatable, Sendable {
    public private(set) var iterates: [Iterate] = []
    /// Only iterates whose k is a multiple of `stride` are kept (besides the latest).
    public private(set) var stride = 1
    public let capacity: Int

    public init(capacity: Int = 100_000) {
        self.capacity = max(2, capacity)
    }

    public mutating func append(_ iterate: Iterate) {
        // The previous latest iterate stays only if it falls on the stride.
        if let last = iterates.last, last.k % stride != 0 { iterates.removeLast() }
        iterates.append(iterate)
        if iterates.count > capacity {
            stride *= 2
            let latest = iterates.removeLast()
            iterates.removeAll { $0.k % stride != 0 }
            iterates.append(latest)
        }
    }

    public var last: Iterate? { iterates.last }

    /// Records the η the update from iterate `k` used, if that iterate is the latest kept.
    mutating func setEta(_ eta: Double, forLast k: Int) {
        if let i = iterates.indices.last, iterates[i].k == k { iterates[i].eta = eta }
    }
}

/// ‖v‖₂, scaled so that huge components do not overflow the squares.
public func euclideanNorm(_ v: [Double]) -> Double {
    var scale = 0.0
    for x in v {
        if x.isNaN { return .nan }
        scale = max(scale, abs(x))
    }
    if scale == 0 || !scale.isFinite { return scale }
    var sum = 0.0
    for x in v {
        let y = x / scale
        sum += y * y
    }
    return scale * sum.squareRoot()
}
