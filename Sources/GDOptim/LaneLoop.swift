import GDLang
import GDNative
import GDProgram

/// Descent over a group of `width` lanes (any lane method and schedule; no bounds, no tol_step or tol_dloss) as one
/// piece of AVX2 machine code that takes step after step without returning, as a hand-written loop over lanes does.
/// The lanes are `width / 4` vectors, each with a file of its own, side by side: a step of one vector is one long
/// chain of dependent operations, and several independent chains in one pass keep the processor busy.
///
/// Each pass copies the update's shared values (the schedule's scale and factor, Adam's bias corrections) from a
/// table, one row per update, into each file; evaluates L, ∇L and the method's update at each vector's four points,
/// then g² = Σg² and w² = Σw² (one extended `LaneProgram`, `NativeTranslation`'s lane form); and tests the common
/// case (every running lane's loss, point and gradient finite and well inside the limits, no tolerance met: the test
/// of `gd_lanes_step`, which need only be safe) on L, g² and w² where the code left them in registers. Passes
/// alternate between the code and its mirror, so the new point and kept values are written where the next pass
/// reads them and never moved. It returns to Swift, the lanes evaluated at their current points (one more pass that
/// writes every output), as soon as a running lane fails the test or the group has taken as many steps as it was
/// allowed; Swift then settles the group's lanes by `Descent`'s rules, so every lane's result is its single run's,
/// bit for bit.
final class LaneLoop: Sendable {
    /// Where the group's file holds what the loop reads besides the program's registers, four lanes each.
    struct Layout: Sendable {
        /// The extended program and its register count (the file of one group is `registerCount × 4` doubles).
        let program: Program
        var registerCount: Int { program.registerCount }
        /// L, ∇L and the update, and the registers of the values the caller fills.
        let lanes: LaneProgram
        /// Set by the caller per lane: L ≤ lossLimit and w² ≤ pointLimit pass (both capped at the largest finite
        /// value); L > lossFloor (the larger of tol_loss and the double below −lossLimit, so that one comparison
        /// makes both lower bounds); g² > gradientFloor; all ones (a NaN's bits) where the lane has stopped.
        let lossLimit, pointLimit, lossFloor, gradientFloor, stopped: Int
        /// Constants of the test: the largest finite double and the smallest w² the norms are taken of
        /// (`LaneDescent.BulkThresholds.tiny`).
        let largest, tiny: Int
        /// Written by the loop.
        let gradientSquares, pointSquares: Int
    }

    let layout: Layout
    /// Vectors of four lanes per group.
    static let vectors = 4
    /// Lanes per group.
    static let width = 4 * vectors
    private let memory: ExecutableMemory
    private let entry: @convention(c) (UnsafeMutablePointer<Double>, Int, UnsafePointer<Double>) -> Int

    /// The loop for `objective` under `settings`; nil where lane machine code is unavailable.
    init?(_ objective: Objective, settings: DescentSettings) {
        guard LaneKernel.machineCodeIsAvailable else { return nil }
        let lanes = LaneProgram(objective, settings: settings, expandsPowers: true)
        let base = lanes.program
        let n = objective.dimension, r = base.registerCount
        let (lossLimit, pointLimit, lossFloor, gradientFloor, stopped, largest, tiny, g2, w2) =
            (r, r + 1, r + 2, r + 3, r + 4, r + 5, r + 6, r + 7, r + 8)
        // Without a gradient tolerance g² has the floor w² has, and one comparison of the smaller makes both tests.
        let sharedFloor = LaneDescent.BulkThresholds(StoppingRules(settings)).gradientFloor == LaneDescent.BulkThresholds.tiny
        var after: [Program.Operation] = []
        for p in 0..<n {
            let g = lanes.gradient[p]
            if p == 0 {
                after.append(Program.Operation(.multiply, result: g2, g, g))
                after.append(Program.Operation(.multiply, result: w2, p, p))
            } else {
                after.append(Program.Operation(.multiplyAdd, result: g2, g, g, g2))
                after.append(Program.Operation(.multiplyAdd, result: w2, p, p, w2))
            }
        }
        let program = base.extended(before: [], after: after, registerCount: r + 9,
                                    outputs: base.outputs + [g2, w2], translated: false)
        guard program.registerCount <= Int(Int32.max) / (32 * Self.vectors) else { return nil }
        layout = Layout(program: program, lanes: lanes, lossLimit: lossLimit, pointLimit: pointLimit, lossFloor: lossFloor,
                        gradientFloor: gradientFloor, stopped: stopped, largest: largest, tiny: tiny,
                        gradientSquares: g2, pointSquares: w2)

        var asm = X86Assembler()
        func slot(_ register: Int) -> X86Assembler.VectorOperand { .memory(X86Assembler.Memory(.rbx, register * 32)) }
        // rbx: the group's file; r12: the steps allowed; r13: the steps taken; r14: the table's row of this update;
        // r15: the verdicts of the pass, a bit per lane of the vector.
        let saved = X86Assembler.laneLoopRegisters + [.r14, .r15]
        asm.save(saved)
        asm.move(.rbx, .rdi)
        asm.move(.r12, .rsi)
        asm.move(.r14, .rdx)
        asm.move(.r13, UInt32(0))
        let fileBytes = program.registerCount * 32
        let perUpdate = layout.lanes.perUpdate
        // A step needs only the new point and kept values in the file; L, g² and w² stay where the code left them
        // for the test, and ∇L is not written at all. On leaving, one more pass writes every output.
        let current = Array(0..<n) + layout.lanes.kept, new = layout.lanes.next + layout.lanes.nextKept
        let leaving = [layout.lanes.loss, w2, g2]
        // Steps alternate between the code and its mirror, which reads the point and kept values where the code
        // writes them and writes them where it reads them, so a step's results never move.
        let mirror = Self.mirror(program.code, current: current, new: new,
                                 keeping: leaving + program.outputs.filter { !new.contains($0) })

        /// One pass of `code` (whose new point and kept values are `results`) over the group's vectors and their
        /// test; leaves for `exit` if a running lane fails the test or the steps allowed are taken, else counts the
        /// step and goes on to the next update's values.
        func pass(_ code: [Program.Operation], writing results: [Int], exit: X86Assembler.Label) {
            // This update's shared values, four lanes each in the table, into every vector's file.
            for (i, register) in perUpdate.enumerated() {
                asm.moveVector(0, .memory(X86Assembler.Memory(.r14, i * 32)))
                for vector in 0..<Self.vectors {
                    asm.storeVector(X86Assembler.Memory(.rbx, vector * fileBytes + register * 32), 0)
                }
            }
            asm.move(.r15, UInt32(15))
            for vector in 0..<Self.vectors {
                // rbx: this vector's file.
                if vector > 0 { asm.loadAddress(.rbx, X86Assembler.Memory(.rbx, fileBytes)) }
                let left = NativeTranslation.translate(code, registerCount: program.registerCount, outputs: results,
                                                       leaving: leaving, laneStride: 32, into: &asm)
                test(left)
            }
            asm.loadAddress(.rbx, X86Assembler.Memory(.rbx, -(Self.vectors - 1) * fileBytes))
            asm.compare(.r15, 15)
            asm.jump(if: .notEqual, to: exit)
            asm.compare(.r13, .r12)
            asm.jump(if: .aboveOrEqual, to: exit)
            asm.add(.r13, Int8(1))
            if !perUpdate.isEmpty { asm.loadAddress(.r14, X86Assembler.Memory(.r14, perUpdate.count * 32)) }
        }
        /// ok = L > lossFloor ∧ L ≤ lossLimit ∧ w² ≤ pointLimit ∧ w² > tiny ∧ g² > gradientFloor ∧ g² ≤ largest,
        /// or stopped, from where the code left L, w² and g²; gathered over the vectors in r15. (A NaN fails a
        /// comparison, and the upper bounds compare w² and g² themselves, so a minimum that drops a NaN is safe.)
        func test(_ left: [X86Assembler.VectorOperand]) {
            let held = Set(left.compactMap { operand -> Int? in if case .ymm(let s) = operand { s } else { nil } })
            let free = (0..<16).filter { !held.contains($0) }
            let (ok, test, spare) = (free[0], free[1], free[2])
            func register(_ operand: X86Assembler.VectorOperand) -> Int {
                if case .ymm(let s) = operand { return s }
                asm.moveVector(spare, operand)
                return spare
            }
            let loss = register(left[0])
            asm.compareVector(ok, loss, slot(lossFloor), .greater)
            asm.compareVector(test, loss, slot(lossLimit), .lessOrEqual)
            asm.andVector(ok, ok, .ymm(test))
            let pointSquares = register(left[1])
            asm.compareVector(test, pointSquares, slot(pointLimit), .lessOrEqual)
            asm.andVector(ok, ok, .ymm(test))
            if sharedFloor {
                asm.minimumVector(test, pointSquares, left[2])
                asm.compareVector(test, test, slot(tiny), .greater)
            } else {
                asm.compareVector(test, pointSquares, slot(tiny), .greater)
            }
            asm.andVector(ok, ok, .ymm(test))
            let gradientSquares = register(left[2])
            if !sharedFloor {
                asm.compareVector(test, gradientSquares, slot(gradientFloor), .greater)
                asm.andVector(ok, ok, .ymm(test))
            }
            asm.compareVector(test, gradientSquares, slot(largest), .lessOrEqual)
            asm.andVector(ok, ok, .ymm(test))
            asm.orVector(ok, ok, slot(stopped))
            asm.moveMask(.rax, ok)
            asm.and(.r15, .rax)
        }

        let top = asm.makeLabel(), done = asm.makeLabel()
        asm.bind(top)
        if let mirror {
            let doneMirrored = asm.makeLabel()
            pass(program.code, writing: new, exit: done)
            pass(mirror, writing: current, exit: doneMirrored)
            asm.jump(to: top)
            // Leaving after the mirror's pass: the current point and kept values are where the code writes them.
            asm.bind(doneMirrored)
            for vector in 0..<Self.vectors {
                for (from, to) in zip(new, current) {
                    asm.moveVector(0, .memory(X86Assembler.Memory(.rbx, vector * fileBytes + from * 32)))
                    asm.storeVector(X86Assembler.Memory(.rbx, vector * fileBytes + to * 32), 0)
                }
            }
        } else {
            pass(program.code, writing: new, exit: done)
            // The step: the new point and kept values become the current ones.
            for vector in 0..<Self.vectors {
                for (from, to) in zip(new, current) {
                    asm.moveVector(0, .memory(X86Assembler.Memory(.rbx, vector * fileBytes + from * 32)))
                    asm.storeVector(X86Assembler.Memory(.rbx, vector * fileBytes + to * 32), 0)
                }
            }
            asm.jump(to: top)
        }
        asm.bind(done)
        // Every output at the lanes' current points, for Swift to settle them from.
        for vector in 0..<Self.vectors {
            if vector > 0 { asm.loadAddress(.rbx, X86Assembler.Memory(.rbx, fileBytes)) }
            NativeTranslation.translate(program.code, registerCount: program.registerCount, outputs: program.outputs,
                                        laneStride: 32, into: &asm)
        }
        asm.move(.rax, .r13)
        asm.restoreAndReturn(saved)
        guard let memory = ExecutableMemory(asm.finished()) else { return nil }
        self.memory = memory
        entry = unsafeBitCast(memory.start,
                              to: (@convention(c) (UnsafeMutablePointer<Double>, Int, UnsafePointer<Double>) -> Int).self)
    }

    /// `code` with each register of `current` and its partner in `new` trading places, so that it reads the point
    /// and kept values from where `code` writes them and writes them where `code` reads them; nil unless that is
    /// the same computation: `code` never writes `current`, reads no register of `new` before writing it, and
    /// neither set holds a register of `keeping` (values read after the code) or of the other.
    static func mirror(_ code: [Program.Operation], current: [Int], new: [Int], keeping: [Int]) -> [Program.Operation]? {
        var partner: [Int32: Int32] = [:]
        for (c, n) in zip(current, new) {
            partner[Int32(c)] = Int32(n)
            partner[Int32(n)] = Int32(c)
        }
        guard current.count == new.count, partner.count == 2 * current.count,
              !keeping.contains(where: { partner[Int32($0)] != nil }) else { return nil }
        let currentSet = Set(current.map(Int32.init)), newSet = Set(new.map(Int32.init))
        var written = Set<Int32>()
        for op in code {
            if [op.a, op.b, op.c].contains(where: { newSet.contains($0) && !written.contains($0) }) { return nil }
            if currentSet.contains(op.result) { return nil }
            written.insert(op.result)
        }
        return code.map { op in
            var op = op
            op.result = partner[op.result] ?? op.result
            op.a = partner[op.a] ?? op.a
            op.b = partner[op.b] ?? op.b
            op.c = partner[op.c] ?? op.c
            return op
        }
    }

    /// Runs the group whose files are at `file` (`vectors` files of four lanes and `layout.registerCount` registers
    /// each, side by side, points in the inputs) for at most `limit` steps, update i of them reading its shared values
    /// from row i of `table` (`perUpdate.count` values, each four times); returns the steps taken. The files then
    /// hold L and ∇L at the lanes' current points.
    func callAsFunction(_ file: UnsafeMutablePointer<Double>, limit: Int, table: UnsafePointer<Double>) -> Int {
        entry(file, limit, table)
    }
}
