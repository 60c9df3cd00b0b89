import GDConcurrency
import GDLang
import GDNative
import GDProgram

/// One step of plain gradient descent as a single program: the update x ← x − η·∇L, the evaluation of L and ∇L
/// at the new point, and the sums of squares the stopping rules need.
///
/// Fused into one program, the step runs as one piece of machine code: the new point goes from the update to the
/// loss's arithmetic in xmm registers instead of through memory, and the bookkeeping arithmetic costs no trip
/// back to Swift. Every value is the one the general loop computes: the same operations in the same order.
/// No square roots: they are slow next to a small loss's arithmetic, and the stopping rules can test the sums
/// against bounds on the squares instead (see `setLimits`).
struct PlainStep {
    /// The loss's program the step is built on: the compiled one, or its float32 form for an f32 run.
    let base: Program
    let program: Program
    /// Whether the step computes in float32 (`precision=f32`): the update, L and ∇L and every sum of squares
    /// rounded to float32 operation by operation, as the general loop computes them.
    let float32: Bool
    /// Registers of the extended file: η, and the step's results Σ(x_new − x)², Σx_new² and Σ(∇L)².
    let eta: Int
    /// η as the history records it: `eta`'s register, but in f32 one of its own, since the history keeps the
    /// step size as given while the update uses it rounded to float32.
    let recordedEta: Int
    let movedSquares: Int
    let pointSquares: Int
    let gradientSquares: Int
    /// The registers holding ∂L/∂x₀, … (outputs of the loss's program; inputs or constants too, at times).
    let gradient: [Int]
    /// Registers the machine-code loop compares with (see `NativePlainLoop`), set per run by `setLimits`.
    let limits: Limits
    /// The whole loop as machine code, where that is available; else the loop runs `program` one step at a time.
    private(set) var loop: NativePlainLoop?

    /// Registers of the bounds the loop tests each iterate against, each on a sum of squares or on L; an iterate
    /// within them all is one the general loop records and goes on from.
    struct Limits {
        /// Σ(∇L)² at most this stops a run before its next step (‖∇L‖ ≤ tol_grad).
        let gradientStop: Int
        /// L at most this likewise (L ≤ tol_loss).
        let lossStop: Int
        /// Σ(x_new − x)² at most this stops it after the step (‖Δx‖ < tol_step).
        let moveStop: Int
        /// |L| and Σx² above these make it diverge.
        let lossBound: Int
        let pointBound: Int
        /// Sums of squares outside [smallestSum, largestSum] leave the step to Swift (see `givesNorm`).
        let smallestSum: Int
        let largestSum: Int

        var all: [Int] { [gradientStop, lossStop, moveStop, lossBound, pointBound, smallestSum, largestSum] }
    }

    /// `base` is a compiled loss with its gradient over `n` parameters (outputs L, ∂L/∂x₀, …). Σ(x_new − x)² is
    /// computed only when `measuresMove` (a run with a tolerance on the step); otherwise it stays 0.
    init(_ compiled: Program, dimension n: Int, measuresMove: Bool, float32: Bool = false) {
        let base = float32 ? compiled.float32() : compiled
        self.base = base
        self.float32 = float32
        let file = base.registerCount
        let gradient = Array(base.outputs.dropFirst())
        self.gradient = gradient
        // Extra registers: η, +0.0, the three sums, two temporaries, the limits, then the new point x̂ᵢ.
        eta = file
        let zero = file + 1
        movedSquares = file + 2
        pointSquares = file + 3
        gradientSquares = file + 4
        let difference = file + 5, square = file + 6
        limits = Limits(gradientStop: file + 7, lossStop: file + 8, moveStop: file + 9, lossBound: file + 10,
                        pointBound: file + 11, smallestSum: file + 12, largestSum: file + 13)
        let next = { file + 14 + $0 }
        // For f32: where a folded product is rounded before its sum (see `Program.float32`).
        let product = file + 14 + n
        recordedEta = float32 ? file + 15 + n : eta
        typealias Op = Program.Operation
        func rounded(_ ops: [Op]) -> [Op] { float32 ? Program.float32(ops, product: product) : ops }

        var before: [Op] = []
        // A gradient output may be an input register itself (∂(a·b)/∂a is b): then every x̂ᵢ = xᵢ − η·gᵢ (the
        // product rounded first) is computed before any xᵢ changes, and copied as x̂ᵢ − (+0), which is x̂ᵢ
        // exactly (−0 included). Otherwise each xᵢ is updated in place, keeping copies off the path from one
        // step to the next, and x̂ᵢ is computed apart only to measure the move.
        let aliased = gradient.contains { $0 < n }
        if aliased || measuresMove {
            for i in 0..<n { before.append(Op(.subtractProduct, result: next(i), eta, gradient[i], i)) }
        }
        if measuresMove {
            for i in 0..<n {
                before.append(Op(.subtract, result: difference, next(i), i))
                before.append(Op(.multiply, result: square, difference, difference))
                before.append(Op(.add, result: movedSquares, i == 0 ? zero : movedSquares, square))
            }
        }
        for i in 0..<n {
            before.append(aliased ? Op(.subtract, result: i, next(i), zero) : Op(.subtractProduct, result: i, eta, gradient[i], i))
        }

        var after: [Op] = []
        for i in 0..<n {
            after.append(Op(.multiply, result: square, i, i))
            after.append(Op(.add, result: pointSquares, i == 0 ? zero : pointSquares, square))
        }
        for i in 0..<n {
            after.append(Op(.multiply, result: square, gradient[i], gradient[i]))
            after.append(Op(.add, result: gradientSquares, i == 0 ? zero : gradientSquares, square))
        }
        let loopCode = ExecutableMemory.isEnabled
        program = base.extended(before: rounded(before), after: rounded(after), registerCount: file + 16 + n,
                                outputs: base.outputs + Array(0..<n) + [movedSquares, pointSquares, gradientSquares],
                                translated: !loopCode)
        loop = nil
        loop = loopCode ? NativePlainLoop(self, lossRegister: base.outputs[0], dimension: n, measuresMove: measuresMove) : nil
    }

    /// A register file for the step at `point` with step size `eta`, holding L and ∇L at `point` as the
    /// compiled program computes them, ready for the first step.
    func makeRegisters(point: [Double], eta: Double) -> UnsafeMutablePointer<Double> {
        let registers = UnsafeMutablePointer<Double>.allocate(capacity: program.registerCount)
        registers.initialize(repeating: 0, count: program.registerCount)
        for (i, value) in base.makeRegisters().enumerated() { registers[i] = value }
        for (i, x) in point.enumerated() { registers[i] = x }
        registers[recordedEta] = eta
        registers[self.eta] = float32 ? Double(Float(eta)) : eta
        base.execute(registers)
        return registers
    }

    /// Sets the bounds of a run's stopping rules and divergence test in its register file, from `rules`. Each rule
    /// on a norm, √sum ≤ t say, becomes one on the sum, sum ≤ M, with M the largest double whose square root
    /// passes; square roots being correctly rounded and monotonic, the two agree on every sum.
    func setLimits(_ registers: UnsafeMutablePointer<Double>, rules: StoppingRules, scales: DivergenceScales) {
        // In f32 a norm is the float32 square root of a float32 sum: the test sees the root rounded to float32.
        let norm: (Double) -> Double = float32 ? { Double(Float($0)) } : { $0 }
        registers[limits.gradientStop] = largestSquare { rules.gradientStops(norm($0)) }
        registers[limits.lossStop] = rules.tolLoss ?? -.infinity
        registers[limits.moveStop] = largestSquare { rules.moveStops(norm($0)) }
        // The divergence test's bounds. |L| > NaN never holds, but an infinite L diverges whatever the bound: the
        // bound on |L| is capped at the largest finite double, and a NaN one lets every step go to Swift.
        let lossBound = rules.lossBound(scales)
        registers[limits.lossBound] = lossBound.isNaN ? lossBound : min(lossBound, .greatestFiniteMagnitude)
        let pointBound = rules.pointBound(scales)
        registers[limits.pointBound] = pointBound.isNaN ? .infinity : largestSquare { $0 <= pointBound }
        registers[limits.smallestSum] = smallestTrustedSumOfSquares
        registers[limits.largestSum] = .greatestFiniteMagnitude
        // In f32 the loop compares float32 values with float32 limits. Every test is `value ≤ limit` or its
        // negation, and for a float32 value that holds exactly when value ≤ the largest float32 at most the limit.
        if float32 {
            for register in limits.all { registers[register] = Double(largestFloat32(atMost: registers[register])) }
        }
    }
}

/// The largest float32 that is at most `x` (NaN for NaN).
func largestFloat32(atMost x: Double) -> Float {
    let near = Float(x)
    return Double(near) > x ? near.nextDown : near
}

/// The largest sum s ≥ 0 (possibly +∞) whose square root passes `test`, for a test `root ≤ t` or `root < t`
/// (which holds from 0 up to some root); −∞ when even √0 fails (a negative or NaN t), which no sum is at most.
func largestSquare(where test: (Double) -> Bool) -> Double {
    guard test(0) else { return -.infinity }
    if test(.infinity) { return .infinity }
    // Bisection on the bit patterns of the doubles in [0, ∞), which order as the values do: `low` passes,
    // `high` fails. At most 64 steps.
    var low: UInt64 = 0, high = Double.infinity.bitPattern
    while high - low > 1 {
        let middle = low + (high - low) / 2
        if test(Double(bitPattern: middle).squareRoot()) { low = middle } else { high = middle }
    }
    return Double(bitPattern: low)
}

/// An objective's fused steps, made when a plain run first needs one and kept for its later runs: translating
/// the step of a large loss to machine code takes milliseconds, more than a short run's steps.
final class PlainStepCache: @unchecked Sendable {  // state only under `lock`
    private let lock = Lock()
    private var steps: [[Bool]: PlainStep] = [:]

    /// The step of `program` over `n` parameters, with or without measuring the move, in double or float32.
    func step(_ program: Program, dimension n: Int, measuresMove: Bool, float32: Bool = false) -> PlainStep {
        lock.withLock {
            if let step = steps[[measuresMove, float32]] { return step }
            let step = PlainStep(program, dimension: n, measuresMove: measuresMove, float32: float32)
            steps[[measuresMove, float32]] = step
            return step
        }
    }

    /// How many steps have been made: at most four, whatever the number of runs.
    var count: Int { lock.withLock { steps.count } }
}
