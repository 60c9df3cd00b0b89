import GDLang
import GDNative
import GDProgram

/// Plain gradient descent (constant η, no bounds, no tol_step or tol_dloss) over a group of `width` lanes as one
/// piece of AVX2 machine code that takes step after step without returning, as a hand-written loop over lanes does.
/// The lanes are `width / 4` vectors, each with a file of its own, side by side: a step of one vector is one long
/// chain of dependent operations, and several independent chains in one pass keep the processor busy.
///
/// Each pass evaluates L and ∇L at each vector's four points, then g² = Σg², w² = Σw² and each new point x − η∇L (one
/// extended program, `NativeTranslation`'s lane form), tests the common case (every running lane's loss, point and
/// gradient finite and well inside the limits, no tolerance met: the test of `gd_lanes_step`, which need only be
/// safe), and moves the points. It returns to Swift, the lanes evaluated at their current points, as soon as a
/// running lane fails the test or the group has taken as many steps as it was allowed; Swift then settles the
/// group's lanes by `Descent`'s rules, so every lane's result is its single run's, bit for bit.
final class LaneLoop: Sendable {
    /// Where the group's file holds what the loop reads besides the program's registers, four lanes each.
    struct Layout: Sendable {
        /// The extended program and its register count (the file of one group is `registerCount × 4` doubles).
        let program: Program
        var registerCount: Int { program.registerCount }
        let loss: Int
        let gradient: [Int]
        /// Set by the caller per lane: η; |L| ≤ lossLimit and w² ≤ pointLimit pass (both capped at the largest
        /// finite value); L > tolLoss; g² > gradientFloor; all ones (a NaN's bits) where the lane has stopped.
        let eta, lossLimit, pointLimit, tolLoss, gradientFloor, stopped: Int
        /// Constants of the test: the largest finite double and the smallest w² the norms are taken of.
        let largest, tiny: Int
        /// Written by the loop.
        let gradientSquares, pointSquares: Int
        let next: [Int]
    }

    let layout: Layout
    /// Vectors of four lanes per group.
    static let vectors = 4
    /// Lanes per group.
    static let width = 4 * vectors
    private let memory: ExecutableMemory
    private let entry: @convention(c) (UnsafeMutablePointer<Double>, Int) -> Int

    /// The loop for `objective`; nil where lane machine code is unavailable.
    init?(_ objective: Objective) {
        guard LaneKernel.machineCodeIsAvailable else { return nil }
        let base = Program.compileWithGradient(objective.loss, value: objective.value, parameters: objective.parameters,
                                               order: .narrow, translated: false)
        let n = objective.dimension, r = base.registerCount
        let (eta, lossLimit, pointLimit, tolLoss, gradientFloor, stopped, largest, tiny, g2, w2) =
            (r, r + 1, r + 2, r + 3, r + 4, r + 5, r + 6, r + 7, r + 8, r + 9)
        // Where the test's verdicts of the vectors of one pass are gathered (in the first vector's file).
        let verdict = r + 10
        let next = (0..<n).map { r + 11 + $0 }
        let gradient = Array(base.outputs.dropFirst())
        var after: [Program.Operation] = []
        for p in 0..<n {
            if p == 0 {
                after.append(Program.Operation(.multiply, result: g2, gradient[p], gradient[p]))
                after.append(Program.Operation(.multiply, result: w2, p, p))
            } else {
                after.append(Program.Operation(.multiplyAdd, result: g2, gradient[p], gradient[p], g2))
                after.append(Program.Operation(.multiplyAdd, result: w2, p, p, w2))
            }
            // x − η·g, the product rounded first: `Descent`'s update.
            after.append(Program.Operation(.subtractProduct, result: next[p], eta, gradient[p], p))
        }
        let program = base.extended(before: [], after: after, registerCount: r + 11 + n,
                                    outputs: base.outputs + [g2, w2] + next, translated: false)
        guard program.registerCount <= Int(Int32.max) / (32 * Self.vectors) else { return nil }
        layout = Layout(program: program, loss: base.outputs[0], gradient: gradient, eta: eta, lossLimit: lossLimit,
                        pointLimit: pointLimit, tolLoss: tolLoss, gradientFloor: gradientFloor, stopped: stopped,
                        largest: largest, tiny: tiny, gradientSquares: g2, pointSquares: w2, next: next)

        var asm = X86Assembler()
        func lanes(_ register: Int) -> X86Assembler.VectorOperand { .memory(X86Assembler.Memory(.rbx, register * 32)) }
        // rbx: the group's file; r12: the steps allowed; r13: the steps taken.
        asm.save(X86Assembler.laneLoopRegisters)
        asm.move(.rbx, .rdi)
        asm.move(.r12, .rsi)
        asm.move(.r13, UInt32(0))
        let top = asm.makeLabel(), done = asm.makeLabel()
        let fileBytes = program.registerCount * 32
        asm.bind(top)
        for vector in 0..<Self.vectors {
            // rbx: this vector's file.
            if vector > 0 { asm.loadAddress(.rbx, X86Assembler.Memory(.rbx, fileBytes)) }
            NativeTranslation.translate(program.code, registerCount: program.registerCount, outputs: program.outputs,
                                        laneStride: 32, into: &asm)
            // ok = |L| ≤ lossLimit ∧ L > tolLoss ∧ w² > tiny ∧ w² ≤ pointLimit ∧ g² > gradientFloor ∧ g² ≤ largest,
            // or stopped; gathered over the vectors in the first one's file.
            asm.moveVector(0, lanes(layout.loss))
            asm.compareVector(2, 0, lanes(tolLoss), .greater)
            asm.absoluteVector(0, scratch: 15)
            asm.compareVector(1, 0, lanes(lossLimit), .lessOrEqual)
            asm.andVector(1, 1, .ymm(2))
            asm.moveVector(3, lanes(w2))
            asm.compareVector(2, 3, lanes(tiny), .greater)
            asm.andVector(1, 1, .ymm(2))
            asm.compareVector(2, 3, lanes(pointLimit), .lessOrEqual)
            asm.andVector(1, 1, .ymm(2))
            asm.moveVector(4, lanes(g2))
            asm.compareVector(2, 4, lanes(gradientFloor), .greater)
            asm.andVector(1, 1, .ymm(2))
            asm.compareVector(2, 4, lanes(largest), .lessOrEqual)
            asm.andVector(1, 1, .ymm(2))
            asm.orVector(1, 1, lanes(stopped))
            let gathered = X86Assembler.Memory(.rbx, verdict * 32 - vector * fileBytes)
            if vector > 0 { asm.andVector(1, 1, .memory(gathered)) }
            asm.storeVector(gathered, 1)
        }
        asm.loadAddress(.rbx, X86Assembler.Memory(.rbx, -(Self.vectors - 1) * fileBytes))
        asm.moveVector(1, lanes(verdict))
        asm.moveMask(.rax, 1)
        asm.compare(.rax, 15)
        asm.jump(if: .notEqual, to: done)
        asm.compare(.r13, .r12)
        asm.jump(if: .aboveOrEqual, to: done)
        for vector in 0..<Self.vectors {
            for p in 0..<n {
                asm.moveVector(0, .memory(X86Assembler.Memory(.rbx, vector * fileBytes + next[p] * 32)))
                asm.storeVector(X86Assembler.Memory(.rbx, vector * fileBytes + p * 32), 0)
            }
        }
        asm.add(.r13, Int8(1))
        asm.jump(to: top)
        asm.bind(done)
        asm.move(.rax, .r13)
        asm.restoreAndReturn(X86Assembler.laneLoopRegisters)
        guard let memory = ExecutableMemory(asm.finished()) else { return nil }
        self.memory = memory
        entry = unsafeBitCast(memory.start, to: (@convention(c) (UnsafeMutablePointer<Double>, Int) -> Int).self)
    }

    /// Runs the group whose files are at `file` (`vectors` files of four lanes and `layout.registerCount` registers
    /// each, side by side, points in the inputs) for at most `limit` steps; returns the steps taken. The files then
    /// hold L and ∇L at the lanes' current points.
    func callAsFunction(_ file: UnsafeMutablePointer<Double>, limit: Int) -> Int { entry(file, limit) }
}
