import GDLang
import Synchronization

/// Many plain gradient-descent runs advanced together, one per lane, on the structure-of-arrays program:
/// what sweeps, multistarts and grids run on. Each lane follows exactly the arithmetic of a `Descent` with
/// the same settings, so a lane's result equals the run it stands for.
public struct LaneDescent: Sendable {
    /// How one lane ended.
    public struct Outcome: Equatable, Sendable {
        public var steps: Int
        public var point: [Double]
        public var loss: Double
        public var gradientNorm: Double
        public var stop: StopReason
        public var divergence: Divergence?
    }

    public private(set) var outcomes: [Outcome] = []

    /// Whether lanes can stand in for single runs: plain gd with a constant step and no bounds, on a loss
    /// that does not range over a table (its rows are the lanes of its own reductions).
    public static func supports(_ settings: DescentSettings, _ objective: Objective) -> Bool {
        settings.method == .gd && settings.schedule == .constant && settings.bounds == nil && settings.batch == nil
            && !objective.program.hasReductions
    }

    /// Runs one lane per (start, η), spread over the machine's cores.
    public init(objective: Objective, starts: [[Double]], etas: [Double], settings: DescentSettings,
                interrupted: @Sendable () -> Bool = { false }) {
        precondition(starts.count == etas.count && Self.supports(settings, objective))
        let lanes = starts.count
        let cores = max(1, min(Cores.count, lanes / 64))
        // At most 4096 lanes run together, so memory stays (instructions × 4096) per core whatever the count.
        let chunk = min(4096, (lanes + cores - 1) / max(1, cores))
        let ranges = stride(from: 0, to: lanes, by: max(1, chunk)).map { $0..<min(lanes, $0 + chunk) }
        let results = OutcomeBuffer(count: ranges.count)
        Cores.run(ranges.count) { i in
            let r = ranges[i]
            results.store(i, Self.runChunk(objective, Array(starts[r]), Array(etas[r]), settings, interrupted))
        }
        outcomes = results.all.flatMap { $0 }
    }

    /// One chunk of lanes on one thread.
    static func runChunk(_ objective: Objective, _ starts: [[Double]], _ etas: [Double], _ settings: DescentSettings,
                         _ interrupted: () -> Bool) -> [Outcome] {
        let n = objective.dimension
        let program = objective.program
        var packed = starts.count                // lanes still computed, packed at the front
        var laneOf = Array(0..<packed)           // packed position → lane
        var w = [Double](repeating: 0, count: n * packed)
        for (l, s) in starts.enumerated() { for p in 0..<n { w[p * packed + l] = s[p] } }
        var registers = [Double](repeating: 0, count: program.instructions.count * packed)
        var outcomes = [Outcome?](repeating: nil, count: packed)
        var steps = [Int](repeating: 0, count: packed)
        var moved = [Double](repeating: .infinity, count: packed)
        var lossScale = [Double](repeating: 1, count: packed)
        var pointScale = [Double](repeating: 1, count: packed)
        var eta = etas
        var running = [Bool](repeating: true, count: packed)
        var active = packed
        var first = true
        var gradient = [Double](repeating: 0, count: n)
        var point = [Double](repeating: 0, count: n)

        while active > 0 {
            w.withUnsafeBufferPointer { wp in
                registers.withUnsafeMutableBufferPointer { rp in
                    program.run(lanes: packed, wp.baseAddress!, rp.baseAddress!)
                }
            }
            registers.withUnsafeBufferPointer { r in
                w.withUnsafeMutableBufferPointer { wp in
                    gradient.withUnsafeMutableBufferPointer { gp in
                        point.withUnsafeMutableBufferPointer { pp in
                            let lossRow = r.baseAddress! + program.outputs[0] * packed
                            for j in 0..<packed where running[j] {
                                let loss = lossRow[j]
                                // One pass gathers the lane's point and gradient and their sums of squares.
                                var gradientSquares = 0.0, pointSquares = 0.0
                                for p in 0..<n {
                                    let gv = r[program.outputs[p + 1] * packed + j]
                                    let pv = wp[p * packed + j]
                                    gp[p] = gv
                                    pp[p] = pv
                                    gradientSquares += gv * gv
                                    pointSquares += pv * pv
                                }
                                let gradientNorm = norm(sumOfSquares: gradientSquares, UnsafeBufferPointer(gp))
                                if first {
                                    let pointNorm = norm(sumOfSquares: pointSquares, UnsafeBufferPointer(pp))
                                    lossScale[j] = max(1, abs(loss).isFinite ? abs(loss) : 1)
                                    pointScale[j] = max(1, pointNorm.isFinite ? pointNorm : 1)
                                }
                                var stop: StopReason?
                                let divergence = Divergence.of(
                                    loss: loss, point: UnsafeBufferPointer(pp), pointSquares: pointSquares,
                                    gradient: UnsafeBufferPointer(gp), gradientSquares: gradientSquares,
                                    lossScale: lossScale[j], pointScale: pointScale[j], bound: settings.divergence)
                                if divergence != nil {
                                    stop = .diverged
                                } else if let tol = settings.tolStep, moved[j] < tol {
                                    stop = .tolStep
                                } else if let tol = settings.tolGrad, gradientNorm <= tol {
                                    stop = .tolGrad
                                } else if let tol = settings.tolLoss, loss <= tol {
                                    stop = .tolLoss
                                } else if steps[j] >= settings.steps {
                                    stop = .steps
                                } else if steps[j] & 1023 == 1023 && interrupted() {
                                    stop = .interrupted
                                }
                                if let stop {
                                    outcomes[laneOf[j]] = Outcome(steps: steps[j], point: Array(pp), loss: loss,
                                                                  gradientNorm: gradientNorm, stop: stop, divergence: divergence)
                                    running[j] = false
                                    active -= 1
                                    continue
                                }
                                var sum = 0.0
                                let e = eta[j]
                                for p in 0..<n {
                                    // As `Descent` computes it: the new point, then how far it is from the old one.
                                    let next = pp[p] - e * gp[p]
                                    wp[p * packed + j] = next
                                    sum += (next - pp[p]) * (next - pp[p])
                                }
                                moved[j] = sum.squareRoot()
                                steps[j] += 1
                            }
                        }
                    }
                }
            }
            first = false
            // Once most lanes have stopped, pack the running ones to the front so no work is wasted on the rest.
            if active > 0 && active * 2 <= packed && packed > 8 {
                let keep = (0..<packed).filter { running[$0] }
                var packedW = [Double](repeating: 0, count: n * active)
                for (k, j) in keep.enumerated() { for p in 0..<n { packedW[p * active + k] = w[p * packed + j] } }
                w = packedW
                laneOf = keep.map { laneOf[$0] }
                steps = keep.map { steps[$0] }
                moved = keep.map { moved[$0] }
                lossScale = keep.map { lossScale[$0] }
                pointScale = keep.map { pointScale[$0] }
                eta = keep.map { eta[$0] }
                running = [Bool](repeating: true, count: active)
                packed = active
                registers = [Double](repeating: 0, count: program.instructions.count * packed)
            }
        }
        return outcomes.map { $0! }
    }
}

/// Results written by concurrent chunks, each to its own slot.
private final class OutcomeBuffer: Sendable {
    private let slots: Mutex<[[LaneDescent.Outcome]]>

    init(count: Int) { slots = Mutex([[LaneDescent.Outcome]](repeating: [], count: count)) }

    func store(_ i: Int, _ outcomes: [LaneDescent.Outcome]) { slots.withLock { $0[i] = outcomes } }

    var all: [[LaneDescent.Outcome]] { slots.withLock { $0 } }
}


#if canImport(Glibc)
import Glibc
#endif
