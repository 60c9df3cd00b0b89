import Testing
import GDLang
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

    @Test func onlyPlainConstantStepDescentUsesLanes() throws {
        var s = DescentSettings()
        let f = try objective("w^2", ["w"])
        #expect(LaneDescent.supports(s, f))
        s.method = .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
        #expect(!LaneDescent.supports(s, f))
    }
}
