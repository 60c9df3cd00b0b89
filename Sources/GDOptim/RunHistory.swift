/// One point of a run: the state after `k` updates.
public struct Iterate: Equatable, Sendable {
    public var k: Int
    public var point: [Double]
    public var loss: Double
    /// ‖∇L‖; for a constrained run, the norm of the projected gradient.
    public var gradientNorm: Double
    /// The step size the update from this point used (for the latest iterate: the one it would use).
    public var eta: Double

    public init(k: Int, point: [Double], loss: Double, gradientNorm: Double, eta: Double) {
        self.k = k
        self.point = point
        self.loss = loss
        self.gradientNorm = gradientNorm
        self.eta = eta
    }
}

/// The iterates of a run in order, starting with the start point, stored flat so that recording a step
/// allocates nothing beyond the arrays' growth. Gradients are not kept: nothing shows them per iterate, and
/// for n parameters they would double what every step writes to memory.
///
/// A long run keeps a bounded history: past `capacity` iterates it drops every other one and from then
/// on keeps every second (fourth, …) iterate, so memory stays bounded while the whole run stays visible.
/// The latest iterate is always kept.
public struct RunHistory: Equatable, Sendable {
    public private(set) var ks: HistoryColumn<Int>
    public private(set) var losses: HistoryColumn<Double>
    public private(set) var gradientNorms: HistoryColumn<Double>
    public private(set) var etas: HistoryColumn<Double>
    /// Points, `dimension` values per iterate.
    private var points: HistoryColumn<Double>
    public let dimension: Int
    /// For mini-batch runs: the loss over all the data at the start, after each epoch (or each update, when asked) and
    /// at the end, with the step k.
    public private(set) var fullLossKs: [Int] = []
    public private(set) var fullLosses: [Double] = []
    /// Only iterates whose k is a multiple of `stride` are kept (besides the latest).
    public private(set) var stride = 1
    public let capacity: Int

    /// How many iterates a history keeps, unless told otherwise.
    public static let defaultCapacity = 100_000

    public init(dimension: Int, capacity: Int = defaultCapacity, expected: Int = 0) {
        self.dimension = dimension
        self.capacity = max(2, capacity)
        // Room for every iterate expected, up to the capacity and 32 MB: reserved, not touched, so it costs
        // address space rather than memory, and a long run never copies its history as it grows.
        let n = min(expected, self.capacity, (1 << 22) / (4 + max(1, dimension))) + 1
        ks = HistoryColumn(capacity: n)
        losses = HistoryColumn(capacity: n)
        gradientNorms = HistoryColumn(capacity: n)
        etas = HistoryColumn(capacity: n)
        points = HistoryColumn(capacity: n * dimension)
    }

    public var count: Int { ks.count }

    /// The iterates as values; builds them, so call it for output, not in a loop over steps.
    public var iterates: [Iterate] { (0..<count).map(iterate) }

    /// The iterates as a collection that builds each one only when it is read.
    public var lazyIterates: LazyMapCollection<Range<Int>, Iterate> { (0..<count).lazy.map(iterate) }

    public func iterate(_ i: Int) -> Iterate {
        let range = i * dimension..<(i + 1) * dimension
        return Iterate(k: ks[i], point: Array(points[range]), loss: losses[i], gradientNorm: gradientNorms[i], eta: etas[i])
    }

    public var last: Iterate? { count > 0 ? iterate(count - 1) : nil }

    public mutating func append(_ it: Iterate) {
        it.point.withUnsafeBufferPointer { p in
            append(k: it.k, point: p, loss: it.loss, gradientNorm: it.gradientNorm, eta: it.eta)
        }
    }

    public mutating func append(k: Int, point: UnsafeBufferPointer<Double>, loss: Double, gradientNorm: Double, eta: Double) {
        let i = Self.slot(count: ks.count, lastK: ks.last ?? 0, strideMask: stride - 1)
        if i < ks.count {
            ks[i] = k
            losses[i] = loss
            gradientNorms[i] = gradientNorm
            etas[i] = eta
            for j in 0..<dimension { points[i * dimension + j] = point[j] }
            return
        }
        ks.append(k)
        losses.append(loss)
        gradientNorms.append(gradientNorm)
        etas.append(eta)
        for i in 0..<dimension { points.append(point[i]) }
        if ks.count > capacity { thin() }
    }

    /// Where the next iterate goes: the previous latest stays only if it falls on the stride; otherwise the next
    /// takes its slot. (The stride is a power of two and k ≥ 0, so a mask tests it.)
    @inline(__always)
    private static func slot(count: Int, lastK: Int, strideMask: Int) -> Int {
        count > 0 && lastK & strideMask != 0 ? count - 1 : count
    }

    /// Doubles the stride: keeps the iterates on it and the latest, compacting the arrays in place in one pass.
    private mutating func thin() {
        stride *= 2
        let mask = stride - 1, last = ks.count - 1, width = dimension
        var kept = 0
        ks.withUnsafeMutableBufferPointer { ks in
            losses.withUnsafeMutableBufferPointer { losses in
                gradientNorms.withUnsafeMutableBufferPointer { norms in
                    etas.withUnsafeMutableBufferPointer { etas in
                        points.withUnsafeMutableBufferPointer { points in
                            for i in 0...last where ks[i] & mask == 0 || i == last {
                                ks[kept] = ks[i]
                                losses[kept] = losses[i]
                                norms[kept] = norms[i]
                                etas[kept] = etas[i]
                                for j in 0..<width { points[kept * width + j] = points[i * width + j] }
                                kept += 1
                            }
                        }
                    }
                }
            }
        }
        let dropped = last + 1 - kept
        ks.removeLast(dropped)
        losses.removeLast(dropped)
        gradientNorms.removeLast(dropped)
        etas.removeLast(dropped)
        points.removeLast(dropped * width)
    }

    /// Stores straight into the history's storage, for the hot loop of plain descent: `record` does what
    /// `append(k:point:loss:gradientNorm:eta:)` does, without the arrays' checks on every call.
    struct Recorder: IterateRecording {
        fileprivate let ks: UnsafeMutablePointer<Int>
        fileprivate let losses, gradientNorms, etas, points: UnsafeMutablePointer<Double>
        fileprivate let dimension: Int
        fileprivate let strideMask: Int
        /// Iterates held, and the most this stretch can hold.
        fileprivate(set) var count: Int
        fileprivate let limit: Int
        /// The k of the latest iterate held (0 when none), kept here rather than read back from `ks`: reading it
        /// from memory made every step wait on the previous step's store.
        fileprivate var lastK: Int

        var isFull: Bool { count >= limit }

        var room: Int { limit - count }

        func lend(to control: NativePlainLoop.Control) {
            control[.records] = 1
            control[.count] = count
            control[.lastK] = lastK
            control[.strideMask] = strideMask
            control[.dimension] = dimension
            control[.ks] = Int(bitPattern: ks)
            control[.losses] = Int(bitPattern: losses)
            control[.gradientNorms] = Int(bitPattern: gradientNorms)
            control[.etas] = Int(bitPattern: etas)
            control[.points] = Int(bitPattern: points)
        }

        mutating func takeBack(from control: NativePlainLoop.Control) {
            count = control[.count]
            lastK = control[.lastK]
        }

        @inline(__always)
        mutating func record(k: Int, point: UnsafePointer<Double>, loss: Double, gradientNorm: Double, eta: Double) {
            let i = RunHistory.slot(count: count, lastK: lastK, strideMask: strideMask)
            ks[i] = k
            losses[i] = loss
            gradientNorms[i] = gradientNorm
            etas[i] = eta
            for j in 0..<dimension { points[i * dimension + j] = point[j] }
            count = i + 1
            lastK = k
        }
    }

    /// Lends `body` a recorder with room for `room` more iterates (at most up to one past `capacity`), then
    /// counts what it recorded and thins the history if it has grown past its capacity.
    mutating func withRecorder<R>(room: Int, _ body: (inout Recorder) -> R) -> R {
        let start = count
        let room = max(1, min(room, capacity + 1 - start))
        var recorder = Recorder(ks: ks.lendRoom(room), losses: losses.lendRoom(room),
                                gradientNorms: gradientNorms.lendRoom(room), etas: etas.lendRoom(room),
                                points: points.lendRoom(room * dimension), dimension: dimension,
                                strideMask: stride - 1, count: start, limit: start + room,
                                lastK: start > 0 ? ks[start - 1] : 0)
        let result = body(&recorder)
        let used = recorder.count
        ks.commit(count: used)
        losses.commit(count: used)
        gradientNorms.commit(count: used)
        etas.commit(count: used)
        points.commit(count: used * dimension)
        if ks.count > capacity { thin() }
        return result
    }

    mutating func appendFullLoss(k: Int, loss: Double) {
        fullLossKs.append(k)
        fullLosses.append(loss)
    }

    /// Replaces the loss and gradient norm of the latest iterate (a mini-batch run's end, measured on all the data).
    mutating func replaceLast(loss: Double, gradientNorm: Double) {
        guard let i = ks.indices.last else { return }
        losses[i] = loss
        gradientNorms[i] = gradientNorm
    }

    /// Records the η the update from iterate `k` used, if that iterate is the latest kept.
    mutating func setEta(_ eta: Double, forLast k: Int) {
        if let i = ks.indices.last, ks[i] == k { etas[i] = eta }
    }
}

/// Where a hot loop records its iterates: into a run's history, or nowhere. The loop is generic over it, so each
/// kind gets its own compiled loop with nothing tested per step.
protocol IterateRecording {
    /// No room is left: the history must be thinned (or the stretch was sized too small) before recording more.
    var isFull: Bool { get }
    /// How many more iterates fit before the recorder is full.
    var room: Int { get }
    mutating func record(k: Int, point: UnsafePointer<Double>, loss: Double, gradientNorm: Double, eta: Double)
    /// Sets `control` so that machine code records as `record` would (see `NativePlainLoop`) …
    func lend(to control: NativePlainLoop.Control)
    /// … and takes up where that code left off.
    mutating func takeBack(from control: NativePlainLoop.Control)
}

/// Records nothing: a run that keeps no history.
struct NoRecording: IterateRecording {
    var isFull: Bool { false }
    var room: Int { .max }
    func lend(to control: NativePlainLoop.Control) { control[.records] = 0 }
    func takeBack(from control: NativePlainLoop.Control) {}
    @inline(__always)
    func record(k: Int, point: UnsafePointer<Double>, loss: Double, gradientNorm: Double, eta: Double) {}
}

/// ‖v‖₂: the plain sum of squares where it neither overflows nor underflows, else scaled by the largest
/// component. `LaneDescent` uses the same rule through `norm(sumOfSquares:_:)`, so both agree to the bit.
public func euclideanNorm(_ v: [Double]) -> Double {
    v.withUnsafeBufferPointer { euclideanNorm($0) }
}

public func euclideanNorm(_ v: UnsafeBufferPointer<Double>) -> Double {
    var sum = 0.0
    for x in v { sum += x * x }
    return norm(sumOfSquares: sum, v)
}

/// Whether √sum is the norm of the vector whose squares were summed: the sum is finite, and large enough that
/// no square can have underflowed.
@inline(__always)
func givesNorm(sumOfSquares sum: Double) -> Bool { sum.isFinite && sum > smallestTrustedSumOfSquares }

/// Below this a sum of squares may have lost squares to underflow (see `givesNorm`).
let smallestTrustedSumOfSquares = 1e-280

/// The norm from a sum of squares already computed, falling back to the scaled computation when the sum is not trustworthy (infinite, NaN, or small enough that
/// squares may have underflowed).
@inline(__always)
func norm(sumOfSquares sum: Double, _ v: UnsafeBufferPointer<Double>) -> Double {
    if givesNorm(sumOfSquares: sum) { return sum.squareRoot() }
    var scale = 0.0
    for x in v {
        if x.isNaN { return .nan }
        scale = max(scale, abs(x))
    }
    if scale == 0 || !scale.isFinite { return scale }
    var scaled = 0.0
    for x in v {
        let y = x / scale
        scaled += y * y
    }
    return scale * scaled.squareRoot()
}
