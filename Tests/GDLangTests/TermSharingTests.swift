import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

@Suite struct TermSharingTests {
    func gradient(_ source: String, _ parameters: [String]) throws -> [Term] {
        let loss = try lowered(source, parameters)
        return Derivative.gradient(loss, parameters: parameters)
    }

    @Test func repeatedPiecesAreNamedOnceAndMeanTheSame() throws {
        let g = try gradient("(sigmoid(w1*1.5 + w2*2 + b) - 1)^2 + (sigmoid(w1*0.5 - w2 + b))^2", ["w1", "w2", "b"])
        let shared = try #require(TermSharing.share(g))
        #expect(shared.definitions.map(\.name) == ["u1", "u2"])
        #expect(shared.definitions[0].expr == "sigmoid(b + 1.5*w1 + 2*w2)")
        #expect(shared.exprs[2] == "2*u2^2*(1 - u2) + 2*u1*(1 - u1)*(u1 - 1)")
        // Put the pieces back by parsing: the values must be those of the full derivatives.
        let point = ["w1": 0.3, "w2": -0.7, "b": 0.2]
        var environment = Environment()
        for (name, value) in point { environment.assign(name, value) }
        for d in shared.definitions {
            let v = try lowered(d.expr, in: environment).evaluate([String: Double]())
            environment.assign(d.name, v)
        }
        for (text, full) in zip(shared.exprs, g) {
            let v = try lowered(text, in: environment).evaluate([String: Double]())
            #expect(abs(v - full.evaluate(point)) <= 1e-14 * max(1, abs(v)))
        }
    }

    @Test func shortDerivativesAreLeftAlone() throws {
        #expect(TermSharing.share(try gradient("x^4 - 3*x^2 + 2", ["x"])) == nil)
        #expect(TermSharing.share(try gradient("w1^2 + 5*w2^2", ["w1", "w2"])) == nil)
    }

    @Test func namesAvoidTheUsersSymbols() throws {
        let g = try gradient("(sigmoid(u1*1.5 + u2*2) - 1)^2 + sigmoid(u1*1.5 + u2*2)^3", ["u1", "u2"])
        let shared = try #require(TermSharing.share(g))
        #expect(!shared.definitions.map(\.name).contains("u1"))
        #expect(!shared.definitions.map(\.name).contains("u2"))
    }
}
