import Testing
import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency
@testable import GDOptim

/// Lanes must give exactly what one `Descent` per lane gives.
@Suite struct LaneDescentTests {
    func check(_ source: String, _ parameters: [String], starts: [[Double]], etas: [Double], settings s: DescentSettings) throws {
        let f = try objective(source, parameters)
        let lanes = LaneDescent(objective: f, starts: starts, etas: etas, settings: s)
        #expect(lanes.outcomes.count == starts.count)
        for (i, o) in lanes.outcomes.enumerated() {
            var settings = s
            settings.eta = etas[i]
            var run = Descent(objective: f, start: starts[i], settings: settings, keepsHistory: false)
            run.run()
            #expect(o.steps == run.updates, "lane \(i)")
            #expect(o.stop == run.stop, "lane \(i)")
            #expect(o.divergence == run.divergence, "lane \(i)")
            #expect(o.point == run.last.point || (o.point.contains { $0.isNaN } && run.last.point.contains { $0.isNaN }), "lane \(i)")
            #expect(o.loss == run.last.loss || (o.loss.isNaN && run.last.loss.isNaN), "lane \(i)")
            #expect(o.gradientNorm == run.last.gradientNorm || (o.gradientNorm.isNaN && run.last.gradientNorm.isNaN), "lane \(i)")
        }
    }

    @Test func aThousandStepSizesOnTheDoubleWell() throws {
        var s = DescentSettings()
        s.steps = 500
        s.tolLoss = 1e-5
        s.tolGrad = nil
        let etas = (0..<1024).map { 0.001 + 0.06 * Double($0) / 1023 }   // some converge, the largest diverge
        try check("0.5*(w^2-1)^2", ["w"], starts: etas.map { _ in [5] }, etas: etas, settings: s)
    }

    @Test func lossChangeToleranceStopsLanesAsItStopsRuns() throws {
        // Steps where L changes by at most tol_dloss stop a lane where they stop its run: on the double well, the
        // smaller step sizes stall first; the largest diverge before.
        var s = DescentSettings()
        s.steps = 2000
        s.tolGrad = nil
        s.tolDloss = 1e-9
        let etas = (0..<512).map { 0.0005 + 0.06 * Double($0) / 511 }
        try check("0.5*(w^2-1)^2", ["w"], starts: etas.map { _ in [5] }, etas: etas, settings: s)
        try check("x^4 - 3*x^2 + 2", ["x"], starts: (0..<256).map { [-3 + 6 * Double($0) / 255] }, etas: (0..<256).map { _ in 0.02 },
                  settings: s)
        let f = try objective("x^4 - 3*x^2 + 2", ["x"])
        let lanes = LaneDescent(objective: f, starts: [[2]], etas: [0.01], settings: s)
        #expect(lanes.outcomes[0].stop == .tolDloss)
    }

    @Test func manyStartsOnTheBowlWithStepTolerance() throws {
        var s = DescentSettings()
        s.steps = 300
        s.tolStep = 1e-6
        let starts = (0..<300).map { i in [Double(i % 17) - 8, Double(i % 5) - 2] }
        try check("w1^2 + 5*w2^2", ["w1", "w2"], starts: starts, etas: starts.map { _ in 0.19 }, settings: s)
    }

    @Test func nonFiniteLanesStopAtTheirStep() throws {
        var s = DescentSettings()
        s.steps = 50
        let starts: [[Double]] = [[0.5], [2], [-1], [0.1]]
        try check("log(w) + w^2", ["w"], starts: starts, etas: [1, 0.1, 0.1, 0.5], settings: s)
    }

    @Test func lanesThatReachZeroExactlyOrGrowHugeLeaveTheBulkPath() throws {
        // w^2 with η = 0.5 lands on w = 0 exactly after one step (a zero gradient, a zero point); η = 1e150 sends
        // w past the divergence bound; the rest converge. 300 lanes span three blocks, and once most have
        // stopped the rest are packed together.
        var s = DescentSettings()
        s.steps = 200
        s.tolGrad = nil
        let etas: [Double] = (0..<300).map { (i: Int) -> Double in
            switch i % 3 {
            case 0: return 0.5
            case 1: return 1e150
            default: return 0.01 * Double(i) / 300
            }
        }
        try check("w^2 + 0*w", ["w"], starts: etas.indices.map { [Double($0 % 7 - 3)] }, etas: etas, settings: s)
        s.tolGrad = 1e-3
        s.steps = 5000
        try check("w1^4 + (w2 - w1)^2 + exp(-w1)", ["w1", "w2"], starts: etas.indices.map { [Double($0 % 5 - 2), 1] },
                  etas: etas.map { min($0, 0.02) }, settings: s)
    }

    /// A loss that falls without bound while the point stays modest: lanes leave where |L| passes its limit
    /// from below, at their runs' steps, with or without a loss tolerance.
    @Test func lanesWhoseLossFallsWithoutBoundDivergeAtTheirRunsSteps() throws {
        var s = DescentSettings()
        s.steps = 3000
        s.tolGrad = nil
        let etas = (0..<64).map { 0.0005 + 0.05 * Double($0) / 63 }
        try check("-exp(x)", ["x"], starts: etas.map { _ in [1] }, etas: etas, settings: s)
        s.tolLoss = -1e300
        try check("-exp(x)", ["x"], starts: etas.map { _ in [1] }, etas: etas, settings: s)
        let f = try objective("-exp(x)", ["x"])
        let diverged = LaneDescent(objective: f, starts: etas.map { _ in [1] }, etas: etas, settings: s).outcomes
        #expect(diverged.allSatisfy { $0.stop == .diverged })
    }

    @Test func lanesHonourTheStepLimitAndTheLossTolerance() throws {
        var s = DescentSettings()
        s.steps = 1500
        s.tolLoss = 1e-9
        s.tolGrad = nil
        let etas = (0..<200).map { 1e-4 + 0.004 * Double($0) / 200 }
        try check("(x - 1)^2 * (1 + sin(x)^2)", ["x"], starts: etas.map { _ in [3] }, etas: etas, settings: s)
    }

    @Test func methodsWithALaneFormAndAConstantStepUseLanes() throws {
        var s = DescentSettings()
        let f = try objective("w^2", ["w"])
        #expect(LaneDescent.supports(s, f))
        for name in ["momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] {
            s.method = Method(named: name, hyperparameters: [:], steps: s.steps)!
            #expect(LaneDescent.supports(s, f), "\(name)")
        }
        for name in ["step", "exp", "cosine"] {
            s.schedule = StepSizeSchedule(named: name, hyperparameters: [:], steps: s.steps)!
            #expect(LaneDescent.supports(s, f), "\(name)")
        }
        // Plateau's η follows each run's own losses.
        s.schedule = StepSizeSchedule(named: "plateau", hyperparameters: [:], steps: s.steps)!
        #expect(!LaneDescent.supports(s, f))
        s = DescentSettings()
        s.method = Method(named: "newton", hyperparameters: [:], steps: s.steps)!
        #expect(!LaneDescent.supports(s, f))
    }

    /// Every first-order method's lanes against its single runs: divergence, NaN, a point and gradient of exactly zero,
    /// every tolerance, several blocks, packing, and hyperparameters other than the defaults.
    @Test(arguments: [("momentum", [String: Double]()), ("momentum", ["beta": 0.5]), ("nesterov", [:]), ("adagrad", [:]),
                      ("adagrad", ["epsilon": 1e-3]), ("rmsprop", [:]), ("rmsprop", ["rho": 0.5, "epsilon": 1e-4]), ("adam", [:]),
                      ("adam", ["beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6]), ("adamw", [:]), ("adamw", ["weight_decay": 0.3])])
    func firstOrderMethodLanesMatchTheirRuns(method name: String, hyperparameters: [String: Double]) throws {
        var s = DescentSettings()
        s.method = Method(named: name, hyperparameters: hyperparameters, steps: s.steps)!
        s.steps = 500
        s.tolLoss = 1e-5
        s.tolGrad = nil
        let etas = (0..<300).map { 0.001 + 0.3 * Double($0) / 299 }
        try check("0.5*(w^2-1)^2", ["w"], starts: etas.map { _ in [3] }, etas: etas, settings: s)
        s.tolLoss = nil
        s.tolStep = 1e-6
        let starts = (0..<150).map { i in [Double(i % 17) - 8, Double(i % 5) - 2] }
        try check("w1^2 + 5*w2^2", ["w1", "w2"], starts: starts, etas: starts.indices.map { 0.01 + 0.2 * Double($0 % 7) }, settings: s)
        s.tolStep = nil
        s.tolGrad = 1e-8
        s.steps = 50
        try check("log(w) + w^2", ["w"], starts: [[0.5], [2], [-1], [0.1]], etas: [1, 0.1, 0.1, 0.5], settings: s)
        s.steps = 200
        s.tolGrad = nil
        let mixed: [Double] = (0..<300).map { i in [0.5, 1e150, 0.01 * Double(i) / 300][i % 3] }
        try check("w^2 + 0*w", ["w"], starts: mixed.indices.map { [Double($0 % 7 - 3)] }, etas: mixed, settings: s)
        s.tolGrad = 1e-3
        s.steps = 3000
        try check("w1^4 + (w2 - w1)^2 + exp(-w1)", ["w1", "w2"], starts: mixed.indices.map { [Double($0 % 5 - 2), 1] },
                  etas: mixed.map { min($0, 0.02) }, settings: s)
        s.tolGrad = nil
        s.tolDloss = 1e-9
        s.steps = 2000
        try check("x^4 - 3*x^2 + 2", ["x"], starts: (0..<256).map { [-3 + 6 * Double($0) / 255] },
                  etas: (0..<256).map { 0.002 + 0.03 * Double($0 % 9) }, settings: s)
    }

    /// Every lane method's step has a mirror (so its new values never move), and code the mirror would change is
    /// refused: code that writes the current point, or reads a new value's register before writing it.
    @Test func everyLaneMethodsStepHasAMirror() throws {
        guard LaneKernel.machineCodeIsAvailable else { return }
        let f = try objective("w1^4 + (w2 - w1)^2 + exp(-w1)", ["w1", "w2"])
        for name in ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] {
            var s = DescentSettings()
            s.method = Method(named: name, hyperparameters: [:], steps: s.steps)!
            let loop = try #require(LaneLoop(f, settings: s))
            let lanes = loop.layout.lanes
            let current = [0, 1] + lanes.kept, new = lanes.next + lanes.nextKept
            let mirror = try #require(LaneLoop.mirror(loop.layout.program.code, current: current, new: new, keeping: [lanes.loss]),
                                      "\(name)")
            // The mirror reads the new values' registers where the step reads the current ones.
            for (op, mirrored) in zip(loop.layout.program.code, mirror) where current.contains(Int(op.a)) {
                #expect(new[current.firstIndex(of: Int(op.a))!] == Int(mirrored.a))
            }
        }
        let writesTheInput = [Program.Operation(.add, result: 0, 0, 0), Program.Operation(.multiply, result: 1, 0, 0)]
        #expect(LaneLoop.mirror(writesTheInput, current: [0], new: [1], keeping: []) == nil)
        let readsTheResultFirst = [Program.Operation(.add, result: 2, 0, 1), Program.Operation(.multiply, result: 1, 2, 2)]
        #expect(LaneLoop.mirror(readsTheResultFirst, current: [0], new: [1], keeping: []) == nil)
        let steps = [Program.Operation(.add, result: 2, 0, 0), Program.Operation(.multiply, result: 1, 2, 0)]
        #expect(LaneLoop.mirror(steps, current: [0], new: [1], keeping: [2]) ==
                [Program.Operation(.add, result: 2, 1, 1), Program.Operation(.multiply, result: 0, 2, 1)])
        #expect(LaneLoop.mirror(steps, current: [0], new: [1], keeping: [1]) == nil)
    }

    @Test func theLaneProgramRunsAsLaneCodeNotScalarCode() throws {
        // Lanes run the program as vector machine code where the processor has AVX2 (else interpret it); scalar
        // machine code for it would never run. The scalar program is translated where machine code is available,
        // so the switch is what differs.
        let f = try objective("(x - 1)^2 * (1 + sin(x)^2)", ["x"])
        let lanes = LaneProgram(f, settings: DescentSettings(), expandsPowers: LaneKernel.machineCodeIsAvailable)
        let kernel = LaneKernel(lanes.program, lanes: LaneDescent.block)
        #expect(kernel.isNative == (ExecutableMemory.isEnabled && ProcessorFeatures.hasAVX2))
        #expect(!kernel.program.isNative)
        #expect(f.program.isNative == ExecutableMemory.isEnabled)
    }

    /// Schedules over lanes: each lane's η, (scale·η₀)·factor, is its run's to the bit, for every lane method.
    @Test(arguments: [("step", ["gamma": 0.5, "every": 7]), ("exp", ["k": 0.02]), ("cosine", [:]), ("cosine", ["T": 37])])
    func scheduledLanesMatchTheirRuns(schedule name: String, hyperparameters: [String: Double]) throws {
        for method in ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] {
            var s = DescentSettings()
            s.steps = 300
            s.method = Method(named: method, hyperparameters: [:], steps: s.steps)!
            s.schedule = StepSizeSchedule(named: name, hyperparameters: hyperparameters, steps: s.steps)!
            s.tolLoss = 1e-6
            s.tolGrad = nil
            let etas = (0..<140).map { 0.003 + 0.25 * Double($0) / 139 }
            try check("0.5*(w^2-1)^2", ["w"], starts: etas.map { _ in [2.5] }, etas: etas, settings: s)
            s.tolLoss = nil
            s.tolGrad = 1e-6
            try check("w1^4 + (w2 - w1)^2 + exp(-w1)", ["w1", "w2"], starts: etas.indices.map { [Double($0 % 5 - 2), 1] },
                      etas: etas.map { $0 / 10 }, settings: s)
        }
    }

    /// Box constraints over lanes: starts outside the box, iterates pressed against a bound (where tol_grad reads the
    /// projected gradient), a bound at zero, and bounds on one side only, for every lane method.
    @Test func boundedLanesMatchTheirRuns() throws {
        for method in ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] {
            var s = DescentSettings()
            s.steps = 400
            s.method = Method(named: method, hyperparameters: [:], steps: s.steps)!
            s.tolGrad = 1e-7
            var box = Bounds(dimension: 2)
            box.lower = [0, -.infinity]
            box.upper = [1.5, 0.25]
            s.bounds = box
            let etas = (0..<150).map { 0.002 + 0.2 * Double($0) / 149 }
            let starts = etas.indices.map { [Double($0 % 7) - 3, Double($0 % 3) - 1] }
            try check("(w1 - 2)^2 + 3*(w2 - 1)^2 + w1*w2", ["w1", "w2"], starts: starts, etas: etas, settings: s)
            s.tolGrad = nil
            s.tolLoss = -1e300
            try check("x^4 - 3*x^2 + 2 + 0*y", ["x", "y"], starts: starts, etas: etas.map { $0 / 4 }, settings: s)
        }
    }
}
