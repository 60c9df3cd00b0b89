import Testing
import GDLang
@testable import GDConcurrency
@testable import GDOptim

/// Runs that lanes cannot stand in for run one on each core: each outcome must be its own run's, in its place.
@Suite struct RunBatchTests {
    @Test(arguments: [("newton", "constant"), ("backtracking", "constant"), ("rmsprop", "plateau"), ("gd", "plateau")])
    func runsOnTheCoresGiveEachRunsOwnOutcome(method: String, schedule: String) throws {
        let f = try objective("x^4 - 3*x^2 + 2 + (y - x)^2", ["x", "y"])
        var s = DescentSettings()
        s.steps = 300
        s.method = Method(named: method, hyperparameters: [:], steps: s.steps)!
        s.schedule = StepSizeSchedule(named: schedule, hyperparameters: [:], steps: s.steps)!
        #expect(!LaneDescent.supports(s, f))
        let runs = (0..<37).map { i -> (start: [Double], settings: DescentSettings) in
            var settings = s
            settings.eta = 0.005 + 0.01 * Double(i % 9)
            return ([Double(i % 7) - 3, Double(i % 3) - 1], settings)
        }
        let outcomes = RunBatch.outcomes(f, runs: runs)
        #expect(outcomes.count == runs.count)
        for (i, (start, settings)) in runs.enumerated() {
            var run = Descent(objective: f, start: start, settings: settings, keepsHistory: false)
            run.run()
            #expect(outcomes[i].steps == run.updates, "run \(i)")
            #expect(outcomes[i].stop == run.stop, "run \(i)")
            #expect(outcomes[i].point == run.last.point, "run \(i)")
            #expect(outcomes[i].loss == run.last.loss || (outcomes[i].loss.isNaN && run.last.loss.isNaN), "run \(i)")
        }
    }
}
