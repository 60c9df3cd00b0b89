/// One point of a run: the state after `k` updates.
public struct Iterate: Equatable, Sendable {
    public var k: Int
    public var point: [Double]
    public var loss: Double
    public var gradient: [Double]
    /// The step size the update from this point uses.
    public var eta: Double

    public var gradientNorm: Double { euclideanNorm(gradient) }
}

/// The iterates of a run in order, starting with the start point.
public struct RunHistory: Equatable, Sendable {
    public private(set) var iterates: [Iterate] = []

    public init() {}

    public mutating func append(_ iterate: Iterate) { iterates.append(iterate) }

    public var last: Iterate? { iterates.last }
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
