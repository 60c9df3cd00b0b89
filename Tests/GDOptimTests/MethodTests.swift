import Testing
import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency
@testable import GDOptim

@Suite struct LinearAlgebraTests {
    @Test func choleskySolvesAPositiveDefiniteSystem() {
        // [[4, 2], [2, 3]]·x = [2, 5] has x = [-0.5, 2] (by hand: 4·−0.5 + 2·2 = 2, 2·−0.5 + 3·2 = 5).
        let x = LinearAlgebra.solvePositiveDefinite([[4, 2], [2, 3]], [2, 5])!
        #expect(abs(x[0] + 0.5) < 1e-15 && abs(x[1] - 2) < 1e-15)
        #expect(LinearAlgebra.solvePositiveDefinite([[1, 2], [2, 1]], [1, 1]) == nil)   // eigenvalues 3, −1
        #expect(LinearAlgebra.solvePositiveDefinite([[-6]], [1]) == nil)
    }

    @Test func jacobiEigenvaluesAtAnyScale() {
        // s·[[2, 1], [1, 2]] has eigenvalues s and 3s; s·[[2, 1], [1, 0]] has s(1 ∓ √2) (by the quadratic formula).
        // Unscaled, the convergence test overflowed for s = 1e200 and stopped at once for s = 1e-300.
        for s in [1e200, 1e-300, Double.leastNormalMagnitude / 64] {   // the last subnormal
            let e = LinearAlgebra.symmetricEigenvalues([[2 * s, s], [s, 2 * s]])
            #expect(abs(e[0] / s - 1) < 1e-12 && abs(e[1] / s - 3) < 1e-12, "\(s)")
            let f = LinearAlgebra.symmetricEigenvalues([[2 * s, s], [s, 0]])
            #expect(abs(f[0] / s - (1 - 2.0.squareRoot())) < 1e-12 && abs(f[1] / s - (1 + 2.0.squareRoot())) < 1e-12, "\(s)")
        }
        #expect(LinearAlgebra.symmetricEigenvalues([[0, 0], [0, 0]]) == [0, 0])
    }

    @Test func jacobiEigenvalues() {
        let e = LinearAlgebra.symmetricEigenvalues([[2, 1], [1, 2]])   // 1 and 3
        #expect(abs(e[0] - 1) < 1e-14 && abs(e[1] - 3) < 1e-14)
        let d = LinearAlgebra.symmetricEigenvalues([[2, 0, 0], [0, 10, 0], [0, 0, -1]])
        #expect(d == [-1, 2, 10])
        #expect(LinearAlgebra.symmetricEigenvalues([[.nan]]).first?.isNaN == true)
    }
}

@Suite struct ConvergenceRateTests {
    func iterates(_ xs: [Double]) -> [Iterate] {
        xs.enumerated().map { Iterate(k: $0.offset, point: [$0.element], loss: 0, gradientNorm: 0, eta: 0.1) }
    }

    @Test func geometricIsLinearWithItsRatio() {
        let rate = ConvergenceRate.estimate(iterates((0..<30).map { 5 * pow(0.5, Double($0)) }))
        #expect(rate?.kind == "linear")
        #expect(abs(rate!.rho - 0.5) < 1e-12)
    }

    @Test func alternatingSignsStillConvergeLinearly() {
        // θ ← −0.7θ: step lengths shrink by 0.7.
        let rate = ConvergenceRate.estimate(iterates((0..<20).map { 4 * pow(-0.7, Double($0)) }))
        #expect(rate?.kind == "linear")
        #expect(abs(rate!.rho - 0.7) < 1e-12)
    }

    @Test func harmonicDecayIsSublinear() {
        let rate = ConvergenceRate.estimate(iterates((1...400).map { 1 / Double($0) }))
        #expect(rate?.kind == "sublinear")
    }

    @Test func aFastStartDoesNotMakeASteadyRateSublinear() {
        // Step lengths shrink by 0.8 for 100 steps, then by 0.95: halfway (k = 200) the rate is already 0.95, so the
        // run is linear. Compared with its first steps instead, 1 − 0.95 < 0.7·(1 − 0.8) would call it sublinear.
        var steps: [Double] = []
        for k in 0..<400 { steps.append(k == 0 ? 1 : steps[k - 1] * (k <= 100 ? 0.8 : 0.95)) }
        // Points as the tails Σ_{j≥k} s_j, so that differences recover the steps closely.
        var xs = [Double](repeating: 0, count: 401)
        for k in (0..<400).reversed() { xs[k] = xs[k + 1] + steps[k] }
        let rate = ConvergenceRate.estimate(iterates(xs))
        #expect(rate?.kind == "linear")
        #expect(abs(rate!.rho - 0.95) < 1e-6)
        // A history read lazily gives the same estimate.
        var history = RunHistory(dimension: 1)
        for it in iterates(xs) { history.append(it) }
        #expect(ConvergenceRate.estimate(history.lazyIterates) == rate)
    }

    @Test func quadraticConvergenceIsSuperlinear() {
        // e_{k+1} = e_k²: 0.5, 0.25, 0.0625, …
        var e = 0.5
        var xs: [Double] = []
        for _ in 0..<6 { xs.append(1 + e); e *= e }
        #expect(ConvergenceRate.estimate(iterates(xs))?.kind == "superlinear")
    }

    @Test func growthIsNotConvergence() {
        #expect(ConvergenceRate.estimate(iterates((0..<10).map { pow(1.2, Double($0)) }))?.kind == "none")
    }

    @Test func unevenStepsAreJudgedOnlyWithEnoughOfThem() {
        // Steps 1, 0.5, 0.6: ratios 0.5 and 1.2, too few to tell a trend from a wobble. (L = a·b from (1, 2) with
        // η = 0.5 for three steps moves like this and was called "sublinear, ρ ≈ 1.118".)
        #expect(ConvergenceRate.estimate(iterates([0, 1, 1.5, 2.1])) == nil)
        // Step lengths 1, 0.5, 0.6, 0.3, 0.36, 0.18, … (ratios alternating 0.5 and 1.2), as momentum's wobble:
        // shrinking on average by √0.6 a step, though the latest step grew.
        var xs = [0.0], step = 1.0
        for i in 0..<11 { xs.append(xs.last! + step); step *= i % 2 == 0 ? 0.5 : 1.2 }
        let rate = ConvergenceRate.estimate(iterates(xs))
        #expect(rate?.kind == "linear")
        #expect(abs(rate!.rho - 0.6.squareRoot()) < 1e-9)
    }

    @Test func swingingStepsAreMeasuredAtTheSamePhase() {
        // Heavy-ball momentum on x²: the error is r^k·cos(θk) with r = √0.9, the steps swing as they shrink. Read
        // over a window that is not a whole number of swings, the ratio of its ends is off (it said "not converging,
        // ρ ≈ 1.0035" for a run that met tol_grad); between peaks of the swing it is r.
        let r = 0.9.squareRoot(), theta = 0.136
        let xs = (0..<340).map { k in 4 * pow(r, Double(k)) * cos(theta * Double(k)) }
        let estimate = ConvergenceRate.estimateWithSpan(iterates(xs))
        #expect(estimate?.rate.kind == "linear")
        #expect(abs(estimate!.rate.rho - r) < 2e-3)
    }

    @Test func stepsAtTheFloatingPointFloorAreLeftOut() {
        // x shrinks by 0.9 a step towards 1 until it is 1 to the last bit, then jitters by an ulp: those steps say
        // nothing of the method, and read with them the run looked sublinear.
        var xs = (0..<300).map { 1 + pow(0.9, Double($0)) }
        for k in 0..<200 { xs.append(k % 2 == 0 ? 1 : 1 + Double.ulpOfOne) }
        let estimate = ConvergenceRate.estimateWithSpan(iterates(xs))
        #expect(estimate?.rate.kind == "linear")
        #expect(abs(estimate!.rate.rho - 0.9) < 1e-4)
        // The span ends where the steps reach the floor, 4096 ulps of the point: 0.1·0.9^k < 4096·2⁻⁵² from k = 242.
        #expect(estimate!.to > 235 && estimate!.to < 245)
    }

    @Test func tooFewIteratesGiveNoEstimate() {
        #expect(ConvergenceRate.estimate(iterates([1, 0.5, 0.25])) == nil)
        #expect(ConvergenceRate.estimate(iterates([1, 1, 1, 1, 1])) == nil)
    }
}

@Suite struct ScheduleTests {
    func etas(_ name: String, _ hyperparameters: [String: Double],
              losses: [Double] = [Double](repeating: 1, count: 8)) -> [Double] {
        var state = StepSizeSchedule(named: name, hyperparameters: hyperparameters, steps: losses.count)!.start(eta: 0.8)
        return losses.indices.map { state.eta(at: $0, loss: losses[$0]) }
    }

    @Test func closedForms() {
        #expect(etas("step", ["gamma": 0.5, "every": 3]) == [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2])
        #expect(abs(etas("exp", ["k": 0.5])[2] - 0.8 * exp(-1.0)) < 1e-16)
        #expect(etas("constant", [:]) == [Double](repeating: 0.8, count: 8))
        // Cosine with T = 4: ½·0.8·(1 + cos(πt/4)) = 0.8, 0.6828…, 0.4, 0.1171…, 0.
        let cosine = etas("cosine", ["T": 4])
        #expect(abs(cosine[2] - 0.4) < 1e-15 && abs(cosine[4]) < 1e-15)
        #expect(abs(cosine[1] - 0.4 * (1 + 0.5.squareRoot())) < 1e-15)
    }

    @Test func plateauCutsAfterPatienceRunsOut() {
        // Losses stop improving after t = 1; patience 2 → more than 2 bad steps at t = 4, so η halves from t = 5 on.
        let e = etas("plateau", ["factor": 0.5, "patience": 2], losses: [5, 4, 4, 4, 4, 4, 4, 4])
        #expect(e == [0.8, 0.8, 0.8, 0.8, 0.8, 0.4, 0.4, 0.4])
    }
}

@Suite struct BoundsAndStartsTests {
    @Test func projectionAndActiveBounds() {
        var b = Bounds(dimension: 2)
        b.lower[0] = 2
        b.upper[1] = 1
        #expect(b.project([0, 5]) == [2, 1])
        #expect(b.active(at: [2, 0]).map(\.parameter) == [0])
        // At the lower bound a positive gradient pushes outward and is dropped; a negative one is kept.
        #expect(b.projectedGradient([3, -1], at: [2, 0]) == [0, -1])
        #expect(b.projectedGradient([-3, -1], at: [2, 1]) == [-3, 0])
    }

    @Test func evenAndSeededStarts() {
        #expect(Multistart.starts(low: [-1], high: [1], count: 5, random: nil) == [[-1], [-0.5], [0], [0.5], [1]])
        #expect(Multistart.starts(low: [0, 0], high: [1, 2], count: 9, random: nil).count == 9)
        let a = Multistart.starts(low: [-3], high: [3], count: 4, random: 7)
        #expect(a == Multistart.starts(low: [-3], high: [3], count: 4, random: 7))
        #expect(a != Multistart.starts(low: [-3], high: [3], count: 4, random: 8))
        #expect(a.allSatisfy { $0[0] >= -3 && $0[0] < 3 })
    }

    @Test func mersenneTwisterKnownValues() {
        // MT19937 from init_genrand(5489): first output 3499211612 and 10000th 4123659995 (C++'s std::mt19937 reference).
        var r = NumPyRandom(seed: 5489)
        #expect(r.word() == 3_499_211_612)
        for _ in 2..<10_000 { _ = r.word() }
        #expect(r.word() == 4_123_659_995)
        // np.random.seed(0); np.random.rand() is 0.5488135039273248, and randn() then 1.764052345967664 from a fresh seed.
        var u = NumPyRandom(seed: 0)
        #expect(u.uniform() == 0.5488135039273248)
        var n = NumPyRandom(seed: 0)
        #expect(n.standardNormal() == 1.764052345967664)
    }

    @Test func classification() {
        #expect(Multistart.classify(Curvature(hessian: [[1, 0], [0, 2]])) == .minimum)
        #expect(Multistart.classify(Curvature(hessian: [[-2, 0], [0, -1]])) == .maximum)
        #expect(Multistart.classify(Curvature(hessian: [[-1, 0], [0, 2]])) == .saddle)
        #expect(Multistart.classify(Curvature(hessian: [[0, 0], [0, 2]])) == .flat)
        #expect(Multistart.classify(Curvature(hessian: [[.nan, 0], [0, 2]])) == .flat)
    }
}

@Suite struct CurvatureTests {
    @Test func shapeConditionAndStableStep() {
        // diag(2, 10): κ = 5, η < 2/10.
        let bowl = Curvature(hessian: [[2, 0], [0, 10]])
        #expect(bowl.eigenvalues == [2, 10])
        #expect(bowl.shape == .positiveDefinite)
        #expect(bowl.conditionNumber == 5)
        #expect(bowl.etaMax == 0.2)
        // [[4, 1], [1, 3]]: λ = (7 ∓ √5)/2 by the quadratic formula, so κ = (7 + √5)/(7 − √5) and η < 4/(7 + √5).
        let tilted = Curvature(hessian: [[4, 1], [1, 3]])
        let root5 = 5.0.squareRoot()
        #expect(abs(tilted.eigenvalues[0] - (7 - root5) / 2) < 1e-14)
        #expect(abs(tilted.eigenvalues[1] - (7 + root5) / 2) < 1e-14)
        #expect(abs(tilted.conditionNumber! - (7 + root5) / (7 - root5)) < 1e-13)
        #expect(abs(tilted.etaMax! - 4 / (7 + root5)) < 1e-15)
        // [[0, 1], [1, 0]]: λ = ±1, a saddle; the positive one still limits η, but κ means nothing.
        let saddle = Curvature(hessian: [[0, 1], [1, 0]])
        #expect(saddle.shape == .indefinite)
        #expect(saddle.conditionNumber == nil)
        #expect(abs(saddle.etaMax! - 2) < 1e-14)   // the rotations give λ = 1 − 2⁻⁵²
        // [[1, 1], [1, 1]]: λ = 0 and 2; the zero comes out of the rotations as about 1e-16.
        #expect(Curvature(hessian: [[1, 1], [1, 1]]).shape == .positiveSemidefinite)
        #expect(Curvature(hessian: [[-1, -1], [-1, -1]]).shape == .negativeSemidefinite)
        let cap = Curvature(hessian: [[-3]])
        #expect(cap.shape == .negativeDefinite)
        #expect(cap.etaMax == nil)
        // The shape does not depend on the loss's scale: 10⁻⁹·diag(2, 2) is as positive definite as diag(2, 2).
        let shallow = Curvature(hessian: [[2e-9, 0], [0, 2e-9]])
        #expect(shallow.shape == .positiveDefinite && abs(shallow.etaMax! / 1e9 - 1) < 1e-15)
        #expect(Curvature(hessian: [[-2e-9, 0], [0, -2e-9]]).shape == .negativeDefinite)
        #expect(Curvature(hessian: [[0, 0], [0, 0]]).shape == .zero)
        // Multistart keeps its wider margin for points found by descent: 10⁻⁹ counts as flat there.
        #expect(Multistart.classify(shallow) == .flat)
        let broken = Curvature(hessian: [[1, .infinity], [.infinity, 1]])
        #expect(broken.eigenvalues.isEmpty && broken.shape == nil && broken.etaMax == nil)
    }
}

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ExactLineSearchTests {
    @Test func aTrialStepTooSmallToMatterGrows() throws {
        var s = DescentSettings()
        s.method = Method(named: "exact", hyperparameters: [:], steps: s.steps)!
        s.eta = 1e-300
        s.steps = 3
        var run = Descent(objective: try objective("x^2", ["x"]), start: [1], settings: s)
        run.run()
        // On x² the exact step from any x is t = 1/2, which lands on 0.
        #expect(run.last.point == [0])
    }
}
