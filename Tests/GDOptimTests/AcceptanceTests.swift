import Testing
import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency
@testable import GDOptim

func objective(_ source: String, _ parameters: [String]) throws -> Objective {
    let term = try Lowering.lower(try Parser.parseExpression(source, file: "t"), parameters: parameters, in: Environment())
    return Objective(loss: term, parameters: parameters)
}

func settings(eta: Double, steps: Int, tolGrad: Double? = nil) -> DescentSettings {
    var s = DescentSettings()
    s.eta = eta
    s.steps = steps
    s.tolGrad = tolGrad
    return s
}

/// The course notes' worked examples; reference values from Tests/reference/acceptance_runs.py.
@Suite struct AcceptanceTests {
    @Test func halfSquareStopsByGradientTolerance() throws {
        var run = Descent(objective: try objective("0.5*w^2", ["w"]), start: [5],
                          settings: settings(eta: 0.5, steps: 80, tolGrad: 1e-10))
        run.run()
        #expect(run.stop == .tolGrad)
        #expect(run.updates == 36)
        #expect(run.last.point[0] == 5 / 68719476736.0)   // 5·2⁻³⁶ = 7.275957614183426e-11, exact
    }

    @Test func shiftedHalfSquare() throws {
        var run = Descent(objective: try objective("0.5*(w-1)^2", ["w"]), start: [5],
                          settings: settings(eta: 0.5, steps: 80, tolGrad: 1e-10))
        run.run()
        #expect(run.stop == .tolGrad)
        #expect(run.updates == 36)
        #expect(abs(run.last.point[0] - 1) < 1e-10)
    }

    @Test func doubleWell() throws {
        var run = Descent(objective: try objective("0.5*(w^2-1)^2", ["w"]), start: [5],
                          settings: settings(eta: 0.02, steps: 200))
        run.run()
        #expect(run.stop == .steps)
        #expect(run.updates == 200)
        #expect(abs(run.last.point[0] - 0.99999908400214099) < 1e-12)
    }

    @Test func iteratesHalveAlternateOrDiverge() throws {
        let f = try objective("θ^2", ["θ"])
        var halving = Descent(objective: f, start: [4], settings: settings(eta: 0.25, steps: 5))
        halving.run()
        #expect(halving.history.iterates.map { $0.point[0] } == [4, 2, 1, 0.5, 0.25, 0.125])

        var alternating = Descent(objective: f, start: [4], settings: settings(eta: 0.85, steps: 5))
        alternating.run()
        let expected = [4.0, -2.8, 1.96, -1.3719999999999999, 0.9603999999999999, -0.67228]
        for (a, b) in zip(alternating.history.iterates.map { $0.point[0] }, expected) {
            #expect(abs(a - b) <= 1e-15 * abs(b))
        }

        var diverging = Descent(objective: f, start: [4], settings: settings(eta: 1.1, steps: 1000))
        diverging.run()
        #expect(diverging.stop == .diverged)
        #expect(diverging.divergence == .lossGrew)
        // |θ_k| = 4·1.2^k, so L = 16·1.44^k passes 1e12·16 first at k = ⌈12/log10(1.44)⌉ = 76.
        #expect(diverging.updates == 76)
    }

    @Test func twoParameterBowl() throws {
        var run = Descent(objective: try objective("w1^2 + 5*w2^2", ["w1", "w2"]), start: [2.5, 1.5],
                          settings: settings(eta: 0.08, steps: 60))
        run.run()
        #expect(abs(run.last.point[0] - 7.1564422724371059e-05) <= 1e-12 * 7.2e-5)
        #expect(abs(run.last.point[1] - 1.7293822569102486e-42) <= 1e-12 * 1.8e-42)
    }
}

@Suite struct StoppingRuleTests {
    @Test func lossToleranceStopsAtTheFirstIterateBelowIt() throws {
        // 0.5*w^2 from 4 with η = 0.5 halves w: L = 8, 2, 0.5, 0.125 ≤ 0.2 at k = 3.
        var s = settings(eta: 0.5, steps: 100)
        s.tolLoss = 0.2
        var run = Descent(objective: try objective("0.5*w^2", ["w"]), start: [4], settings: s)
        run.run()
        #expect(run.stop == .tolLoss)
        #expect(run.updates == 3)
    }

    @Test func stepToleranceCountsTheSmallUpdate() throws {
        // w halves from 4: |Δw| = 2, 1, 0.5, 0.25 < 0.3 on the 4th update.
        var s = settings(eta: 0.5, steps: 100)
        s.tolStep = 0.3
        var run = Descent(objective: try objective("0.5*w^2", ["w"]), start: [4], settings: s)
        run.run()
        #expect(run.stop == .tolStep)
        #expect(run.updates == 4)
    }

    @Test func nonFiniteLossIsDivergenceAtTheStepItAppears() throws {
        // log(w) from w = 0.5 with η = 1: w ← w − 1/w = 0.5 − 2 = −1.5, where log is NaN.
        var run = Descent(objective: try objective("log(w)", ["w"]), start: [0.5], settings: settings(eta: 1, steps: 10))
        run.run()
        #expect(run.stop == .diverged)
        #expect(run.divergence == .lossNotFinite)
        #expect(run.updates == 1)
    }

    @Test func nonFiniteStartIsDivergedAtStepZero() throws {
        var run = Descent(objective: try objective("sqrt(w)", ["w"]), start: [-1], settings: settings(eta: 1, steps: 10))
        run.run()
        #expect(run.stop == .diverged)
        #expect(run.updates == 0)
    }

    @Test func stepContinuesExactlyThatManyUpdates() throws {
        var run = Descent(objective: try objective("0.5*w^2", ["w"]), start: [4],
                          settings: settings(eta: 0.5, steps: 2, tolGrad: 1e-8))
        run.run()
        #expect(run.updates == 2)
        let new = run.step(3)
        #expect(new.map(\.k) == [3, 4, 5])
        #expect(run.last.point[0] == 0.125)
        #expect(run.history.iterates.count == 6)
    }

    @Test func interruptionStopsALongRun() throws {
        var run = Descent(objective: try objective("0.5*w^2", ["w"]), start: [4],
                          settings: settings(eta: 1e-9, steps: 1_000_000_000))
        run.run(interrupted: { true })
        #expect(run.stop == .interrupted)
        #expect(run.updates < 2048)
    }
}

@Suite struct SweepTests {
    @Test func stepsToTargetAndBestEta() throws {
        // 0.5*w^2 from 1: w_k = (1−η)^k, L_k = 0.5(1−η)^(2k) ≤ 1e-3 needs (1−η)^(2k) ≤ 2e-3:
        // η = 0.5 → k = 5 (0.25⁴ = 3.9e-3, 0.25⁵ = 9.8e-4); η = 0.99 → k = 1 (1e-4); η = 2.5 → |w| = 1.5^k diverges.
        let runs = [0.5, 0.99, 2.5].map { (value: $0, settings: settings(eta: $0, steps: 100)) }
        let sweep = Sweep(objective: try objective("0.5*w^2", ["w"]), start: [1], runs: runs, target: 1e-3)
        #expect(sweep.rows[0].steps == 5)
        #expect(sweep.rows[1].steps == 1)
        #expect(sweep.rows.map(\.reached) == [true, true, false])
        #expect(sweep.rows[2].stop == .diverged)
        #expect(sweep.best?.eta == 0.99)
    }

    @Test func spacing() {
        #expect(Sweep.values(from: 1, to: 3, count: 3, logarithmic: false) == [1, 2, 3])
        let logSpaced = Sweep.values(from: 0.001, to: 1, count: 4, logarithmic: true)
        for (a, b) in zip(logSpaced, [0.001, 0.01, 0.1, 1]) { #expect(abs(a - b) <= 1e-15 * b) }
        #expect(Sweep.values(from: 0.5, to: 0.9, count: 1, logarithmic: false) == [0.5])
    }

    @Test func norm() {
        #expect(euclideanNorm([3, 4]) == 5)
        #expect(euclideanNorm([1e200, 1e200]) == 1e200 * 2.0.squareRoot())
        #expect(euclideanNorm([.nan, 1]).isNaN)
        #expect(euclideanNorm([]) == 0)
    }
}

@Suite struct RunHistoryTests {
    func iterate(_ k: Int) -> Iterate { Iterate(k: k, point: [Double(k)], loss: 0, gradientNorm: 0, eta: 0.1) }

    @Test func keepsEverythingUnderCapacity() {
        var h = RunHistory(dimension: 1, capacity: 10)
        for k in 0...9 { h.append(iterate(k)) }
        #expect(h.iterates.map(\.k) == Array(0...9))
    }

    @Test func thinsPastCapacityAndKeepsTheLatest() {
        var h = RunHistory(dimension: 1, capacity: 8)
        for k in 0...20 { h.append(iterate(k)) }
        // Past 8 iterates the stride doubles to 2 (k = 8), then to 4 (k = 16): kept are 0, 4, 8, 12, 16 and the latest, 20.
        #expect(h.stride == 4)
        #expect(h.iterates.map(\.k) == [0, 4, 8, 12, 16, 20])
        h.append(iterate(21))
        #expect(h.iterates.map(\.k) == [0, 4, 8, 12, 16, 20, 21])
        h.append(iterate(22))
        #expect(h.iterates.map(\.k) == [0, 4, 8, 12, 16, 20, 22])
        #expect(h.iterates.count <= 8)
    }

    @Test func thinningKeepsEachIterateWhole() {
        func iterate(_ k: Int) -> Iterate {
            Iterate(k: k, point: [Double(k), -Double(k)], loss: Double(k) / 2, gradientNorm: 3 * Double(k), eta: Double(k) + 0.25)
        }
        var h = RunHistory(dimension: 2, capacity: 8)
        for k in 0...20 { h.append(iterate(k)) }
        #expect(h.iterates == [0, 4, 8, 12, 16, 20].map(iterate))
        #expect(Array(h.lazyIterates) == h.iterates)
    }
}

@Suite struct WideRangeTests {
    @Test func logSpacingOverManyDecadesDoesNotOverflow() {
        // high/low = 1e600 overflows; spacing through logarithms does not.
        let v = Sweep.values(from: 1e-300, to: 1e300, count: 5, logarithmic: true)
        #expect(v.allSatisfy { $0.isFinite && $0 > 0 })
        #expect(v.first == 1e-300 && v.last == 1e300 && abs(v[2] - 1) < 1e-12)
        let w = Sweep.values(from: -1.7e308, to: 1.7e308, count: 3, logarithmic: false)
        #expect(w == [-1.7e308, 0, 1.7e308])
    }

    @Test func aGridOfStartsNeverExceedsTheCount() {
        let low = [Double](repeating: -1, count: 25), high = [Double](repeating: 1, count: 25)
        #expect(Multistart.starts(low: low, high: high, count: 30_000, random: nil).count <= 30_000)
        #expect(Multistart.starts(low: [1], high: [1], count: 5, random: nil) == [[1]])
        #expect(Multistart.starts(low: [-1, 0], high: [1, 0], count: 3, random: nil) == [[-1, 0], [0, 0], [1, 0]])
    }
}
