import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

/// Checks the symbolic derivative, the compiled reverse-mode gradient, forward mode and central differences against the hand-derived
/// table (itself checked against SymPy by Tests/reference/verify_derivative_table.py).
@Suite struct DerivativeTableTests {
    static func relativeError(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / max(abs(a), abs(b))
    }

    @Test(arguments: derivativeTable)
    func symbolicAndNumericDerivativesMatchTheHandDerivation(_ c: DerivativeCase) throws {
        let loss = try lowered(c.expr, ["x"])
        let hand = try lowered(c.derivative, ["x"])
        let symbolic = Derivative.of(loss, wrt: "x")
        let program = Program.compile([loss, symbolic], parameters: ["x"])
        let reverse = Program.compileWithGradient(loss, parameters: ["x"])
        for x in c.points {
            let expected = hand.evaluate(["x": x])
            let compiled = program.evaluate([x])
            #expect(Self.relativeError(reverse.evaluate([x])[1], expected) <= 1e-9, "reverse mode of \(c.expr) at \(x)")
            #expect(Self.relativeError(compiled[0], loss.evaluate(["x": x])) <= 1e-12, "L of \(c.expr) at \(x)")
            #expect(Self.relativeError(compiled[1], expected) <= 1e-9,
                    "symbolic \(symbolic.printed) of \(c.expr) at \(x): \(compiled[1]) vs \(expected)")
            let forward = loss.evaluate(["x": Dual(x, 1)]).derivative
            #expect(Self.relativeError(forward, expected) <= 1e-9, "forward mode of \(c.expr) at \(x)")
            let central = DerivativeTableTests.central(loss, x)
            #expect(abs(central - expected) <= 1e-5 * max(1, abs(expected)), "central difference of \(c.expr) at \(x)")
            // The printed derivative parses back to the same values.
            let reparsed = try lowered(symbolic.printed, ["x"])
            #expect(Self.relativeError(reparsed.evaluate(["x": x]), expected) <= 1e-9, "reparsed \(symbolic.printed)")
        }
    }

    static func central(_ loss: Term, _ x: Double) -> Double {
        let h = 1e-6 * max(1, abs(x))
        return (loss.evaluate(["x": x + h]) - loss.evaluate(["x": x - h])) / (2 * h)
    }

    @Test func tableCoversEveryFunction() {
        let text = derivativeTable.map(\.expr).joined(separator: " ")
        for f in Builtin.allCases where f != .sign && f != .heaviside {
            #expect(text.contains(f.rawValue + "("), "\(f.rawValue) is not in the table")
        }
        #expect(derivativeTable.count >= 30)
    }
}
