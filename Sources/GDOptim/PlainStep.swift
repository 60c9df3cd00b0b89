import GDLang

/// One step of plain gradient descent as a single program: the update x ← x − η·∇L, the evaluation of L and ∇L
/// at the new point, and the sums of squares the stopping rules need.
///
/// Fused into one program, the step runs as one piece of machine code: the new point goes from the update to the
/// loss's arithmetic in xmm registers instead of through memory, and the bookkeeping arithmetic costs no trip
/// back to Swift. Every value is the one the general loop computes: the same operations in the same order.
struct PlainStep {
    let program: Program
    /// Registers of the extended file: η, and the step's results Σ(x_new − x)², Σx_new² and Σ(∇L)² with the
    /// square roots of the last two (taken here, where the sums are already in xmm registers).
    let eta: Int
    let movedSquares: Int
    let pointSquares: Int
    let gradientSquares: Int
    let pointSquareRoot: Int
    let gradientSquareRoot: Int

    /// `base` is a compiled loss with its gradient over `n` parameters (outputs L, ∂L/∂x₀, …). Σ(x_new − x)² is
    /// computed only when `measuresMove` (a run with a tolerance on the step); otherwise it stays 0.
    init(_ base: Program, dimension n: Int, measuresMove: Bool) {
        let file = base.registerCount
        let gradient = Array(base.outputs.dropFirst())
        // Extra registers: η, +0.0, the three sums, two square roots, two temporaries, then the new point x̂ᵢ.
        eta = file
        let zero = file + 1
        movedSquares = file + 2
        pointSquares = file + 3
        gradientSquares = file + 4
        pointSquareRoot = file + 5
        gradientSquareRoot = file + 6
        let difference = file + 7, square = file + 8
        let next = { file + 9 + $0 }
        typealias Op = Program.Operation

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
        after.append(Op(.squareRoot, result: pointSquareRoot, pointSquares))
        after.append(Op(.squareRoot, result: gradientSquareRoot, gradientSquares))
        program = base.extended(before: before, after: after, registerCount: file + 9 + n,
                                outputs: base.outputs + Array(0..<n)
                                    + [movedSquares, pointSquares, gradientSquares, pointSquareRoot, gradientSquareRoot])
    }

    /// A register file for the step at `point` with step size `eta`, holding L and ∇L at `point` as the
    /// compiled program computes them, ready for the first step.
    func makeRegisters(_ base: Program, point: [Double], eta: Double) -> UnsafeMutablePointer<Double> {
        let registers = UnsafeMutablePointer<Double>.allocate(capacity: program.registerCount)
        registers.initialize(repeating: 0, count: program.registerCount)
        for (i, value) in base.makeRegisters().enumerated() { registers[i] = value }
        for (i, x) in point.enumerated() { registers[i] = x }
        registers[self.eta] = eta
        base.execute(registers)
        return registers
    }
}

/// An objective's fused steps, made when a plain run first needs one and kept for its later runs: translating
/// the step of a large loss to machine code takes milliseconds, more than a short run's steps.
final class PlainStepCache: @unchecked Sendable {  // state only under `lock`
    private let lock = Lock()
    private var steps: [Bool: PlainStep] = [:]

    /// The step of `program` over `n` parameters, with or without measuring the move.
    func step(_ program: Program, dimension n: Int, measuresMove: Bool) -> PlainStep {
        lock.withLock {
            if let step = steps[measuresMove] { return step }
            let step = PlainStep(program, dimension: n, measuresMove: measuresMove)
            steps[measuresMove] = step
            return step
        }
    }

    /// How many steps have been made: at most two, whatever the number of runs.
    var count: Int { lock.withLock { steps.count } }
}
