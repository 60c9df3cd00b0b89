import GDLang
import GDNative
import GDProgram

/// Plain descent's loop as one piece of machine code: the fused step (see `PlainStep`), the stopping rules, the
/// divergence test and the recording of each iterate, with the step count and the history's place in integer
/// registers.
///
/// On a small loss a step's arithmetic is a few nanoseconds; calling it from Swift and doing the bookkeeping
/// there cost as much again. Here only the common case runs: a step whose sums of squares are finite and large
/// enough to give the norms, whose loss and point are within the divergence bounds, and which does not stop the
/// run by its move. Any other step returns to Swift undone (`Exit.afterStep`), which does what the general loop
/// does with it; so the run is the general loop's, bit for bit. Checks on the step count, the history's room and
/// the interrupt are Swift's too: it gives each call a limit on k (`Word.kLimit`).
final class NativePlainLoop: Sendable {
    private let memory: ExecutableMemory
    private let entry: @convention(c) (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Int>) -> Int

    /// The words of the control block the code reads and writes (see `Control`).
    enum Word: Int, CaseIterable {
        /// Updates so far; the code adds one per step it completes.
        case k
        /// The code steps only while k is below this.
        case kLimit
        /// Whether to record iterates (0 or 1), and where: the history's recorder (see `RunHistory.Recorder`).
        case records
        case count, lastK, strideMask, dimension
        case ks, losses, gradientNorms, etas, points
    }

    /// Where the code handed the run back.
    enum Exit: Int {
        /// Before a step: a stopping rule may hold, or k reached its limit. The latest iterate is complete.
        case beforeStep = 0
        /// After a step whose bookkeeping needs Swift: the step's values are in the registers, k not yet counted.
        case afterStep = 1
    }

    /// The loop's integer state, in memory the code reads on entry and writes back on exit.
    struct Control {
        let words: UnsafeMutablePointer<Int>

        init() {
            words = .allocate(capacity: Word.allCases.count)
            words.initialize(repeating: 0, count: Word.allCases.count)
        }

        func deallocate() { words.deallocate() }

        subscript(_ word: Word) -> Int {
            get { words[word.rawValue] }
            nonmutating set { words[word.rawValue] = newValue }
        }
    }

    /// The loop for `step`, whose program computes L in `lossRegister`; nil where machine code is unavailable.
    init?(_ step: PlainStep, lossRegister: Int, dimension n: Int, measuresMove: Bool) {
        let program = step.program
        guard ExecutableMemory.isEnabled, NativeTranslation.canTranslate(program.code, registerCount: program.registerCount) else { return nil }
        let limits = step.limits
        typealias Memory = X86Assembler.Memory
        func control(_ word: Word) -> Memory { Memory(.r15, word.rawValue * 8) }
        var asm = X86Assembler()
        // rbx: the register file; r15: the control block; r12: k; r13: the recorder's count; r14: its last k.
        // All five are preserved across the calls the step may make; five pushes keep the stack aligned for them.
        let saved: [X86Assembler.Register] = [.rbx, .r12, .r13, .r14, .r15]
        for register in saved { asm.push(register) }
        asm.move(.rbx, .rdi)
        asm.move(.r15, .rsi)
        asm.load(.r12, control(.k))
        asm.load(.r13, control(.count))
        asm.load(.r14, control(.lastK))
        // In f32 the file holds float32 values while the loop runs, read and written without conversion (see
        // `NativeTranslation.translate`'s `singleFile`): the registers the step reads before it writes them are
        // converted on entry, and they and the step's outputs back to doubles on exit. Each is a float32 value
        // (the point, ∇L, η and the constants rounded to float32), so the trip there and back is exact.
        let float32 = program.isFloat32
        let boundary = float32 ? Self.boundary(of: program, limits: limits.all) : (entry: [], exit: [])
        for register in boundary.entry {
            asm.convertToSingle(15, .file(register), fresh: true)
            asm.storeSingle(register, 15)
        }
        /// A value of the file as a double in `xmm`.
        func loadDouble(_ xmm: Int, _ register: Int) {
            // movss clears the rest of the register, so the conversion waits on nothing else.
            if float32 {
                asm.move(xmm, .singleFile(register))
                asm.convertToDouble(xmm, xmm)
            } else {
                asm.load(xmm, .file(register))
            }
        }
        // The tests compare as the file holds the values: in f32, float32 sums and L with float32 limits (which
        // `PlainStep.setLimits` makes so that they decide as the double limits do).
        func value(_ register: Int) -> X86Assembler.Operand { float32 ? .singleFile(register) : .file(register) }
        func compare(_ xmm: Int, _ register: Int) { asm.compare(xmm, value(register), single: float32) }
        let top = asm.makeLabel(), stepping = asm.makeLabel(), slotFound = asm.makeLabel()
        let beforeStep = asm.makeLabel(), afterStep = asm.makeLabel(), exit = asm.makeLabel()
        // The point and the gradient, which each step reads first and the previous step computed last, stay in
        // xmm registers from one step to the next, where there are few enough of them; the tests and the
        // recording between steps use only xmm14 and xmm15.
        var carried: [Int] = []
        var isCarried = Set<Int>()
        for register in Array(0..<n) + step.gradient where isCarried.insert(register).inserted { carried.append(register) }
        if carried.count > 12 { carried = [] }
        let (a, b) = (15, 14)
        for (xmm, register) in carried.enumerated() {
            asm.move(xmm, value(register))
        }
        // Swift tested the rules before the first step.
        asm.jump(to: stepping)

        // Before each later step, the rules in their order: ‖∇L‖ ≤ tol_grad, L ≤ tol_loss (both false when
        // unordered), k at its limit (the step limit, or where Swift asks the user or makes room in the history).
        asm.bind(top)
        for rule in StoppingRules.beforeUpdate {
            switch rule {
            case .tolGrad:
                asm.move(a, value(limits.gradientStop))
                compare(a, step.gradientSquares)
                asm.jump(if: .aboveOrEqual, to: beforeStep)
            case .tolLoss:
                asm.move(a, value(limits.lossStop))
                compare(a, lossRegister)
                asm.jump(if: .aboveOrEqual, to: beforeStep)
            case .steps:
                asm.compare(.r12, control(.kLimit))
                asm.jump(if: .greaterOrEqual, to: beforeStep)
            default:
                preconditionFailure("no machine code for the rule \(rule)")
            }
        }

        asm.bind(stepping)
        NativeTranslation.translate(program.code, registerCount: program.registerCount, outputs: program.outputs,
                                    carrying: carried, single: float32, singleFile: float32,
                                    constants: Dictionary(uniqueKeysWithValues: program.constants.enumerated().map {
                                        (program.inputCount + $0.offset, $0.element)
                                    }), into: &asm)

        // The step is left to Swift unless each sum of squares lies in [smallest, largest] (so NaN and ∞ fail)…
        for sum in [step.gradientSquares, step.pointSquares] {
            asm.move(a, value(sum))
            compare(a, limits.smallestSum)
            asm.jump(if: .belowOrEqual, to: afterStep)
            compare(a, limits.largestSum)
            asm.jump(if: .above, to: afterStep)
        }
        // … and no rule tested after a step holds, in their order: |L| and Σx² are within their bounds (below: less,
        // or unordered), and the move does not stop the run (at most: stops, or unordered).
        for rule in StoppingRules.afterUpdate {
            switch rule {
            case .diverged:
                asm.move(a, value(lossRegister))
                asm.absolute(a, scratch: b, single: float32)
                asm.move(b, value(limits.lossBound))
                asm.compare(b, .xmm(a), single: float32)
                asm.jump(if: .below, to: afterStep)
                asm.move(b, value(limits.pointBound))
                compare(b, step.pointSquares)
                asm.jump(if: .below, to: afterStep)
            case .tolStep:
                guard measuresMove else { continue }
                asm.move(a, value(step.movedSquares))
                compare(a, limits.moveStop)
                asm.jump(if: .belowOrEqual, to: afterStep)
            case .tolDloss:
                // Runs with tol_dloss take the general loop (`Descent.run`): the plain loop never sees the rule.
                continue
            default:
                preconditionFailure("no machine code for the rule \(rule)")
            }
        }
        asm.add(.r12, 1)

        // Recording, as `RunHistory.Recorder.record` does: the slot is the count, or the latest iterate's when
        // that one is off the stride.
        asm.load(.rax, control(.records))
        asm.test(.rax)
        asm.jump(if: .equal, to: top)
        asm.move(.rax, .r13)
        asm.test(.r13)
        asm.jump(if: .equal, to: slotFound)
        asm.move(.rcx, .r14)
        asm.and(.rcx, control(.strideMask))
        asm.jump(if: .equal, to: slotFound)
        asm.add(.rax, -1)
        asm.bind(slotFound)
        asm.load(.rcx, control(.ks))
        asm.store(Memory(.rcx, index: .rax), .r12)
        asm.load(.rcx, control(.losses))
        loadDouble(a, lossRegister)
        asm.store(Memory(.rcx, index: .rax), a)
        // η as given: in f32 a double the step never reads, so never converted.
        asm.load(.rcx, control(.etas))
        asm.load(a, .file(step.recordedEta))
        asm.store(Memory(.rcx, index: .rax), a)
        // ‖∇L‖, the one square root a step takes, and only where it is recorded.
        asm.load(.rcx, control(.gradientNorms))
        if float32 {
            // sqrtss: the root correctly rounded to float32, which is the double root rounded to float32.
            asm.move(a, .singleFile(step.gradientSquares))
            asm.squareRoot(a, .xmm(a), single: true)
            asm.convertToDouble(a, a)
        } else {
            asm.squareRoot(a, .file(step.gradientSquares))
        }
        asm.store(Memory(.rcx, index: .rax), a)
        // The point's row starts at points + 8·slot·n.
        asm.move(.rcx, .rax)
        asm.multiply(.rcx, control(.dimension))
        asm.load(.rdx, control(.points))
        asm.loadAddress(.rcx, Memory(.rdx, index: .rcx))
        if float32 {
            // Two float32s at a time, converted together and stored as one pair of doubles: half the stores.
            for j in stride(from: 0, to: n, by: 2) {
                if j + 1 < n {
                    // Four-byte loads, as the values were stored: a wider load would wait for the store to finish.
                    asm.move(a, .singleFile(j))
                    asm.move(b, .singleFile(j + 1))
                    asm.interleaveLowSingles(a, b)
                    asm.convertSinglePairToDoubles(a, a)
                    asm.storePair(Memory(.rcx, 8 * j), a)
                } else {
                    loadDouble(a, j)
                    asm.store(Memory(.rcx, 8 * j), a)
                }
            }
        } else {
            for j in 0..<n {
                asm.load(a, .file(j))
                asm.store(Memory(.rcx, 8 * j), a)
            }
        }
        asm.loadAddress(.r13, Memory(.rax, 1))
        asm.move(.r14, .r12)
        asm.jump(to: top)

        asm.bind(beforeStep)
        asm.move(.rax, UInt32(Exit.beforeStep.rawValue))
        asm.jump(to: exit)
        asm.bind(afterStep)
        asm.move(.rax, UInt32(Exit.afterStep.rawValue))
        asm.bind(exit)
        for register in boundary.exit {
            asm.convertToDouble(15, singleFile: register, fresh: true)
            asm.store(register, 15)
        }
        asm.store(control(.k), .r12)
        asm.store(control(.count), .r13)
        asm.store(control(.lastK), .r14)
        for register in saved.reversed() { asm.pop(register) }
        asm.returnFromCall()

        guard let memory = ExecutableMemory(asm.finished()) else { return nil }
        self.memory = memory
        entry = unsafeBitCast(memory.start,
                              to: (@convention(c) (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Int>) -> Int).self)
    }

    /// For a float32 step: the registers the loop converts to float32 on entry (those its code reads before
    /// writing them), and those it converts back on exit (these and the outputs the code writes).
    /// The limits the tests read are converted with them.
    static func boundary(of program: Program, limits: [Int]) -> (entry: [Int], exit: [Int]) {
        var written = Set<Int32>(), entry: [Int] = [], seen = Set<Int32>(limits.map(Int32.init))
        entry = limits
        for op in program.code {
            for r in [op.a, op.b, op.c] where !written.contains(r) && seen.insert(r).inserted { entry.append(Int(r)) }
            written.insert(op.result)
        }
        let exit = entry + program.outputs.filter { written.contains(Int32($0)) && !seen.contains(Int32($0)) }
        return (entry, Array(Set(exit)).sorted())
    }

    /// Steps from the registers' state until the code hands the run back. The caller has tested the stopping
    /// rules for the first step and set `control`; k < `kLimit`, and the recorder has room for every step up to it.
    @inline(__always)
    func run(_ registers: UnsafeMutablePointer<Double>, _ control: Control) -> Exit {
        Exit(rawValue: entry(registers, control.words))!
    }
}
