import Testing
import GDLang
@testable import GDOptim

/// Plain descent takes a loop of its own; it must give exactly what the general loop gives. A step schedule
/// with γ = 1 has the same η at every step (η₀·1^t = η₀ exactly) but goes through the general loop.
@Suite struct PlainLoopTests {
    func compare(_ source: String, _ parameters: [String], start: [Double], _ s: DescentSettings, stops: StopReason,
                 keepsHistory: Bool = true, interrupted: @escaping () -> Bool = { false }) throws {
        let f = try objective(source, parameters)
        #expect(LaneDescent.supports(s, f))
        var general = s
        general.schedule = .step(gamma: 1, every: 1)
        var plain = Descent(objective: f, start: start, settings: s, keepsHistory: keepsHistory)
        var reference = Descent(objective: f, start: start, settings: general, keepsHistory: keepsHistory)
        var progressPlain: [Int] = [], progressReference: [Int] = []
        plain.run(interrupted: interrupted, progress: { k, _ in progressPlain.append(k) })
        reference.run(interrupted: interrupted, progress: { k, _ in progressReference.append(k) })
        #expect(plain.stop == stops)
        #expect(plain.stop == reference.stop)
        #expect(plain.divergence == reference.divergence)
        #expect(plain.updates == reference.updates)
        #expect(plain.last == reference.last || plain.last.loss.isNaN)
        #expect(plain.history == reference.history || plain.last.loss.isNaN)
        #expect(progressPlain == progressReference)
        if plain.last.loss.isNaN {
            #expect(reference.last.loss.isNaN)
            #expect(plain.history.ks == reference.history.ks)
        }
    }

    @Test func eachStoppingRuleGivesTheSameRunAndHistory() throws {
        var s = DescentSettings()
        s.eta = 0.1
        s.steps = 5000
        try compare("0.5*(w^2-1)^2", ["w"], start: [3], s, stops: .tolGrad)
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
        general.schedule = .step(gamma: 1, every: 1)
        var plain = Descent(objective: f, start: [1], settings: s)
        var reference = Descent(objective: f, start: [1], settings: general)
        plain.run(interrupted: { a.calls += 1; return a.calls == 3 })
        reference.run(interrupted: { b.calls += 1; return b.calls == 3 })
        #expect(plain.stop == .interrupted && reference.stop == .interrupted)
        #expect(plain.updates == 3 * 1024 - 1 && reference.updates == plain.updates)
        #expect(plain.history == reference.history)
    }
}
