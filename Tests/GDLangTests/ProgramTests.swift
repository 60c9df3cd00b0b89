import Testing
@testable import GDLang

@Suite struct ProgramTests {
    func term(_ source: String, _ parameters: [String]) throws -> Term {
        try Lowering.lower(try Parser.parseExpression(source, file: "t"), parameters: parameters, in: Environment())
    }

    @Test func sharedSubexpressionsAreComputedOnce() throws {
        // L = 0.5*(w^2-1)^2 and L' = 2*w*(w^2-1) share w^2 - 1.
        let loss = try term("0.5*(w^2-1)^2", ["w"])
        let program = Program.compile([loss, Derivative.of(loss, wrt: "w")], parameters: ["w"])
        let squares = program.instructions.filter {
            if case .multiply(let a, let b) = $0, a == b, program.instructions[a] == .parameter(0) { return true }
            return false
        }
        #expect(squares.count == 1)
        let subtractions = program.instructions.filter {
            if case .subtract = $0 { return true }
            return false
        }
        #expect(subtractions.count == 1)
        // Values: at w = 3, L = 0.5*64 = 32 and L' = 2*3*8 = 48.
        #expect(program.evaluate([3]) == [32, 48])
    }

    @Test func twoParametersAndEveryOperation() throws {
        let loss = try term("w1^2 + 5*w2^2 - w1/w2 + sqrt(w1) + w2^0.3 + max(w1, w2)", ["w1", "w2"])
        let program = Program.compile([loss], parameters: ["w1", "w2"])
        let expected = loss.evaluate(["w1": 4.0, "w2": 2.0])
        // By hand: 16 + 20 - 2 + 2 + 2^0.3 + 4.
        #expect(abs(program.evaluate([4, 2])[0] - (40 + 1.2311444133449163)) < 1e-12)
        #expect(abs(expected - (40 + 1.2311444133449163)) < 1e-12)
    }

    @Test func divisionByZeroGivesInfinityNotACrash() throws {
        let program = Program.compile([try term("1/x + log(x)", ["x"])], parameters: ["x"])
        #expect(program.evaluate([0])[0].isNaN)   // inf + -inf
        #expect(program.evaluate([-1])[0].isNaN)
    }
}
