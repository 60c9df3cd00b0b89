import Foundation
import Testing
import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency
@testable import GDOptim

/// Plain descent takes a loop of its own; it must give exactly what the general loop gives. A step schedule
/// with γ = 1 has the same η at every step (η₀·1^t = η₀ exactly) but goes through the general loop.
@Suite struct PlainLoopTests {
    /// A history bit for bit, so NaNs are compared too.
    func bits(_ h: RunHistory) -> [[UInt64]] {
        [h.ks.map { UInt64(bitPattern: Int64($0)) }, h.losses.map(\.bitPattern), h.gradientNorms.map(\.bitPattern),
         h.etas.map(\.bitPattern), h.iterates.flatMap { $0.point.map(\.bitPattern) }, [UInt64(h.stride)]]
    }

    func compare(_ source: String, _ parameters: [String], start: [Double], _ s: DescentSettings, stops: StopReason,
                 keepsHistory: Bool = true, interrupted: @escaping () -> Bool = { false }) throws {
        let f = try objective(source, parameters)
        #expect(LaneDescent.supports(s, f) || s.precision == .f32)
        var general = s
        general.schedule = StepSizeSchedule(named: "step", hyperparameters: ["gamma": 1, "every": 1], steps: 1)!
        var plain = Descent(objective: f, start: start, settings: s, keepsHistory: keepsHistory)
        var reference = Descent(objective: f, start: start, settings: general, keepsHistory: keepsHistory)
        var progressPlain: [Int] = [], progressReference: [Int] = []
        plain.run(interrupted: interrupted, progress: { k, _ in progressPlain.append(k) })
        reference.run(interrupted: interrupted, progress: { k, _ in progressReference.append(k) })
        #expect(plain.stop == stops)
        #expect(plain.stop == reference.stop)
        #expect(plain.divergence == reference.divergence)
        #expect(plain.updates == reference.updates)
        #expect(plain.last == reference.last || (plain.last.loss.isNaN && reference.last.loss.isNaN))
        #expect(plain.gradient.map(\.bitPattern) == reference.gradient.map(\.bitPattern))
        #expect(bits(plain.history) == bits(reference.history))
        #expect(progressPlain == progressReference)
    }

    /// In f32 too (the plain loop's float32 code against the general loop's float32 arithmetic), η recorded as given.
    @Test(arguments: [Precision.f64, .f32])
    func eachStoppingRuleGivesTheSameRunAndHistory(_ precision: Precision) throws {
        var s = DescentSettings()
        s.precision = precision
        s.eta = 0.1
        s.steps = 5000
        // In float32 ‖∇L‖ of 0.5(w² − 1)² never gets under 1e-8 near −1 from 3: the run uses all its steps.
        try compare("0.5*(w^2-1)^2", ["w"], start: [3], s, stops: precision == .f64 ? .tolGrad : .steps)
        if precision == .f32 { try compare("x^4 - 3*x^2 + 2", ["x"], start: [2], s, stops: .tolGrad) }
        s.tolGrad = nil
        s.tolLoss = 1e-6
        try compare("w1^2 + 5*w2^2", ["w1", "w2"], start: [2.5, 1.5], s, stops: .tolLoss)
        s.tolLoss = nil
        s.tolStep = 1e-7
        try compare("x^4 - 3*x^2 + 2", ["x"], start: [2], s, stops: .tolStep)
        s.tolStep = nil
        s.eta = 1.1
        try compare("w^2", ["w"], start: [1], s, stops: .diverged)
        s.eta = 1
        try compare("log(w) + w^2", ["w"], start: [0.5], s, stops: .diverged)
        s.eta = 0.01
        s.steps = 3000
        try compare("sin(w1)*w2 + (w1 - 1)^2 + w2^2", ["w1", "w2"], start: [0.3, -2], s, stops: .steps)
        // The notes' shifted quadratic: w = 1 exactly after 26 updates in f32, by tol_grad after 36 in f64.
        s.eta = 0.5
        s.tolGrad = 1e-10
        s.steps = 80
        try compare("0.5*(w-1)^2", ["w"], start: [5], s, stops: .tolGrad)
    }

    /// The f32 loop's limits: for a float32 v, v ≤ x exactly when v ≤ largestFloat32(atMost: x).
    @Test func float32LimitsRoundDown() {
        // 1 − 1e-11 lies between 1 − 2⁻²⁴ and 1, nearer 1: the nearest float32 (1) is above it.
        #expect(largestFloat32(atMost: 1 - 1e-11) == Float(1).nextDown)
        #expect(largestFloat32(atMost: 1 + 1e-11) == 1)
        #expect(largestFloat32(atMost: -(1 + 1e-11)) == -Float(1).nextUp)
        #expect(largestFloat32(atMost: .greatestFiniteMagnitude) == .greatestFiniteMagnitude)
        #expect(largestFloat32(atMost: -.greatestFiniteMagnitude) == -.infinity)
        #expect(largestFloat32(atMost: 1e-300) == 0)
        #expect(largestFloat32(atMost: .infinity) == .infinity)
        #expect(largestFloat32(atMost: .nan).isNaN)
        // Every float32 near the limit is on the same side of both.
        for x in [1 - 1e-11, 1 + 1e-11, 3.0e-39, 0.1] {
            var v = Float(x).nextDown.nextDown
            for _ in 0..<5 {
                #expect((Double(v) <= x) == (v <= largestFloat32(atMost: x)))
                v = v.nextUp
            }
        }
    }

    @Test func longRunsThinTheirHistoryAlike() throws {
        // More steps than the history's capacity of 100,000: it thins twice, identically.
        var s = DescentSettings()
        s.eta = 1e-7
        s.steps = 250_000
        s.tolGrad = nil
        try compare("0.5*w^2", ["w"], start: [5], s, stops: .steps)
        try compare("0.5*w^2", ["w"], start: [5], s, stops: .steps, keepsHistory: false)
    }

    @Test func anInterruptionStopsBothAtTheSameStep() throws {
        var s = DescentSettings()
        s.eta = 1e-6
        s.steps = 100_000
        s.tolGrad = nil
        final class Counter: @unchecked Sendable { var calls = 0 }
        let a = Counter(), b = Counter()
        let f = try objective("0.5*w^2", ["w"])
        var general = s
        general.schedule = StepSizeSchedule(named: "step", hyperparameters: ["gamma": 1, "every": 1], steps: 1)!
        var plain = Descent(objective: f, start: [1], settings: s)
        var reference = Descent(objective: f, start: [1], settings: general)
        plain.run(interrupted: { a.calls += 1; return a.calls == 3 })
        reference.run(interrupted: { b.calls += 1; return b.calls == 3 })
        #expect(plain.stop == .interrupted && reference.stop == .interrupted)
        #expect(plain.updates == 3 * 1024 - 1 && reference.updates == plain.updates)
        #expect(plain.history == reference.history)
    }

    @Test func gradientsThatAreInputsOrConstantsGiveTheSameRun() throws {
        // ∂(a·b)/∂a is b itself, an input register the fused step also updates; ∂(2·u)/∂u is a constant register.
        var s = DescentSettings()
        s.eta = 0.01
        s.steps = 300
        s.tolGrad = nil
        try compare("a*b", ["a", "b"], start: [1, 2], s, stops: .steps)
        try compare("2*u + v^2", ["u", "v"], start: [1, 2], s, stops: .steps)
        try compare("0.5*p^2 + 0.5*q^2", ["p", "q"], start: [3, -4], s, stops: .steps)
        s.tolStep = 1e-9
        s.steps = 20_000
        try compare("a*b + a^2 + b^2", ["a", "b"], start: [1, 2], s, stops: .tolStep)
    }

    /// One fused step against values worked by hand.
    @Test func theFusedStepComputesTheUpdateTheLossAndTheSums() throws {
        func step(_ source: String, _ parameters: [String], at point: [Double], eta: Double,
                  measuresMove: Bool) throws -> (point: [Double], outputs: [Double], moved: Double, point2: Double,
                                                 gradient2: Double) {
            let f = try objective(source, parameters)
            let step = PlainStep(f.program, dimension: point.count, measuresMove: measuresMove)
            let r = step.makeRegisters(point: point, eta: eta)
            defer { r.deallocate() }
            step.program.execute(r)
            return ((0..<point.count).map { r[$0] }, f.program.outputs.map { r[$0] }, r[step.movedSquares],
                    r[step.pointSquares], r[step.gradientSquares])
        }
        // 0.5·w² from w = 5, η = 0.1: w = 5 − 0.5 = 4.5, L = 10.125, g = 4.5, moved 0.5² = 0.25.
        let half = try step("0.5*w^2", ["w"], at: [5], eta: 0.1, measuresMove: true)
        #expect(half.point == [4.5] && half.outputs == [10.125, 4.5])
        #expect(half.moved == 0.25 && half.point2 == 20.25 && half.gradient2 == 20.25)
        // a·b from (1, 2), η = 0.5: ∇ = (b, a) = (2, 1), so (a, b) = (1 − 1, 2 − 0.5) = (0, 1.5), both read before
        // either moves; L = 0, ∇ = (1.5, 0); moved 1 + 0.25.
        let product = try step("a*b", ["a", "b"], at: [1, 2], eta: 0.5, measuresMove: true)
        #expect(product.point == [0, 1.5] && product.outputs == [0, 1.5, 0])
        #expect(product.moved == 1.25 && product.point2 == 2.25 && product.gradient2 == 2.25)
        // Without a tolerance on the step the move is not measured.
        let unmeasured = try step("(w - 1)^2", ["w"], at: [3], eta: 0.25, measuresMove: false)
        #expect(unmeasured.point == [2] && unmeasured.outputs == [1, 2] && unmeasured.moved == 0)
    }

    @Test func runsOfOneObjectiveShareItsFusedSteps() throws {
        let f = try objective("0.5*(w^2-1)^2", ["w"])
        var s = DescentSettings()
        s.eta = 0.01
        s.steps = 50
        for _ in 0..<3 {
            var run = Descent(objective: f, start: [3], settings: s)
            run.run()
        }
        #expect(f.plainSteps.count == 1)
        s.tolStep = 1e-12
        var measured = Descent(objective: f, start: [3], settings: s)
        measured.run()
        #expect(f.plainSteps.count == 2)
    }

    @Test func theLoopRunsAsMachineCodeHere() throws {
        #if arch(x86_64) && os(Linux)
        if ProcessInfo.processInfo.environment["GD_INTERPRET"] == nil {
            let f = try objective("0.5*(w^2-1)^2", ["w"])
            #expect(PlainStep(f.program, dimension: 1, measuresMove: false).loop != nil)
            #expect(PlainStep(f.program, dimension: 1, measuresMove: true).loop != nil)
        }
        #endif
    }

    /// Each rule met exactly, where a test on squares that rounded the wrong way would stop a step early or late.
    /// With η = 0.5 on 0.5·w² from 1, w, ‖∇L‖ and the move halve exactly at each step: 2⁻ᵏ, 2⁻ᵏ, 2⁻ᵏ.
    @Test func rulesMetExactlyStopAtTheSameStep() throws {
        var s = DescentSettings()
        s.eta = 0.5
        s.steps = 100
        s.tolGrad = 0x1p-10  // ‖∇L‖ = 2⁻¹⁰ after 10 steps: ≤ holds, so it stops there
        try compare("0.5*w^2", ["w"], start: [1], s, stops: .tolGrad)
        s.tolGrad = nil
        s.tolStep = 0x1p-10  // the 11th step moves by 2⁻¹¹ < 2⁻¹⁰; the 10th by 2⁻¹⁰, not less
        try compare("0.5*w^2", ["w"], start: [1], s, stops: .tolStep)
        s.tolStep = nil
        s.tolLoss = 0x1p-21  // L = 2⁻²¹ after 10 steps
        try compare("0.5*w^2", ["w"], start: [1], s, stops: .tolLoss)
        s.tolLoss = nil
        // η = −1 doubles w: ‖w‖ = 2ᵏ, and L = 0.5·4ᵏ. With L₀ = 0.5 and ‖w₀‖ = 1 both scales are 1.
        s.eta = -1
        s.divergence = 0x1p9  // L = 2⁹ after 5 steps, not past it; 2¹¹ after 6
        try compare("0.5*w^2", ["w"], start: [1], s, stops: .diverged)
        // L = −w/1024 with η = 1024 adds 1 to w at each step, |L| stays small; ‖w‖ = 8 is not past 8, 9 is.
        s.eta = 1024
        s.divergence = 8
        try compare("-w/1024", ["w"], start: [1], s, stops: .diverged)
        var plain = Descent(objective: try objective("-w/1024", ["w"]), start: [1], settings: s)
        plain.run()
        #expect(plain.updates == 8 && plain.divergence == .pointGrew)
    }

    /// Rules that hold at the same iterate: every loop stops by the first in `StoppingRules`' order.
    @Test func rulesThatHoldTogetherStopByTheirOrder() throws {
        // 0.5·w² from 1 with η = 0.5: after 10 steps ‖∇L‖ = 2⁻¹⁰ and L = 2⁻²¹, and the step limit is reached.
        var s = DescentSettings()
        s.eta = 0.5
        s.steps = 10
        s.tolGrad = 0x1p-10
        s.tolLoss = 0x1p-21
        #expect(StoppingRules.beforeUpdate == [.tolGrad, .tolLoss, .steps])
        try compare("0.5*w^2", ["w"], start: [1], s, stops: .tolGrad)
        try LaneDescentTests().check("0.5*w^2", ["w"], starts: [[1]], etas: [0.5], settings: s)
        s.tolGrad = nil
        try compare("0.5*w^2", ["w"], start: [1], s, stops: .tolLoss)
        // η = −1 doubles w: the first update moves by 1 < tol_step, and L = 2 passes diverge = 1 times its scale 1.
        s = DescentSettings()
        s.eta = -1
        s.tolStep = 1e300
        s.divergence = 1
        #expect(StoppingRules.afterUpdate == [.diverged, .tolStep, .tolDloss])
        try compare("0.5*w^2", ["w"], start: [1], s, stops: .diverged)
        try LaneDescentTests().check("0.5*w^2", ["w"], starts: [[1]], etas: [-1], settings: s)
    }

    /// Random runs, plain against general: losses with aliased and constant partials, starts with zeros,
    /// subnormals and huge values, step sizes that converge, crawl or blow up, every tolerance on and off, small
    /// divergence bounds and histories small enough to thin.
    @Test func randomRunsGiveTheSameRunAndHistory() throws {
        let losses: [(String, [String])] = [
            ("0.5*w^2", ["w"]), ("0.5*(w^2-1)^2", ["w"]), ("x^4 - 3*x^2 + 2", ["x"]), ("w1^2 + 5*w2^2", ["w1", "w2"]),
            ("a*b", ["a", "b"]), ("2*u + v^2", ["u", "v"]), ("exp(w) - w", ["w"]), ("log(1 + w^2)", ["w"]),
            ("(a - 1)^2 + 100*(b - a^2)^2", ["a", "b"]), ("sin(p)*q + 0.1*q^2 + r^2*p", ["p", "q", "r"]),
        ]
        let objectives = try losses.map { try objective($0.0, $0.1) }
        var random = NumPyRandom(seed: 6)
        let starts: [Double] = [0, -0.0, 1, -2, 0.5, 3, 1e-300, .leastNonzeroMagnitude, 1e150, -7.25]
        for trial in 0..<400 {
            let which = Int.random(in: 0..<losses.count, using: &random)
            let f = objectives[which]
            var s = DescentSettings()
            s.eta = [1e-3, 0.01, 0.1, 0.5, 1, 2.5, -0.3, 0][Int.random(in: 0..<8, using: &random)]
            s.steps = Int.random(in: 0..<3000, using: &random)
            s.tolGrad = Bool.random(using: &random) ? nil : [1e-8, 1e-3, 0.5][Int.random(in: 0..<3, using: &random)]
            s.tolLoss = Bool.random(using: &random) ? nil : [-1, 1e-6, 0.3][Int.random(in: 0..<3, using: &random)]
            s.tolStep = Bool.random(using: &random) ? nil : [1e-12, 1e-4][Int.random(in: 0..<2, using: &random)]
            s.divergence = Bool.random(using: &random) ? 1e12 : [10, 1e3][Int.random(in: 0..<2, using: &random)]
            let start = losses[which].1.map { _ in starts[Int.random(in: 0..<starts.count, using: &random)] }
            let capacity = Bool.random(using: &random) ? 100_000 : Int.random(in: 2..<64, using: &random)
            var general = s
            general.schedule = StepSizeSchedule(named: "step", hyperparameters: ["gamma": 1, "every": 1], steps: 1)!
            var plain = Descent(objective: f, start: start, settings: s, historyCapacity: capacity)
            var reference = Descent(objective: f, start: start, settings: general, historyCapacity: capacity)
            plain.run()
            reference.run()
            let same = plain.stop == reference.stop && plain.divergence == reference.divergence
                && plain.updates == reference.updates
                && plain.point.map(\.bitPattern) == reference.point.map(\.bitPattern)
                && bits(plain.history) == bits(reference.history)
            #expect(same, "trial \(trial): \(losses[which].0) from \(start) with \(s), capacity \(capacity)")
            if !same { break }
        }
    }

    /// The bound on a sum of squares is the largest one whose root passes, whatever t: the next double up fails.
    @Test func boundsOnSquaresAreTheLargestWhoseRootPasses() {
        var random = NumPyRandom(seed: 11)
        var ts: [Double] = [0, 1, 2, 0x1p-10, 1e-8, 1e12, 1e200, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 0.1, 3]
        for _ in 0..<300 { ts.append(Double(bitPattern: UInt64.random(in: 0..<Double.infinity.bitPattern, using: &random))) }
        for t in ts {
            for test in [{ (r: Double) in r <= t }, { (r: Double) in r < t }] {
                let m = largestSquare(where: test)
                if m == -.infinity {
                    #expect(!test(0), "t = \(t)")
                } else {
                    #expect(m >= 0 && test(m.squareRoot()), "t = \(t)")
                    #expect(m == .infinity || !test(m.nextUp.squareRoot()), "t = \(t)")
                }
            }
        }
        // Python: the largest s with math.sqrt(s) <= 4, stepping math.nextafter up from 16, is 0x1.0000000000001p+4.
        #expect(largestSquare { $0 <= 4 } == 0x1.0000000000001p+4)
        #expect(largestSquare { $0 <= -1 } == -.infinity && largestSquare { $0 <= .nan } == -.infinity)
        #expect(largestSquare { $0 <= .infinity } == .infinity)
    }
}
