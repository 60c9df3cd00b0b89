import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

/// The printed, simplified term of `source` with x, y, w as symbols.
func simplified(_ source: String) throws -> String {
    let expr = try Parser.parseExpression(source, file: "t")
    return try Lowering.lower(expr, parameters: ["x", "y", "w", "w1", "w2"], in: Environment()).printed
}

/// The printed derivative of `source` with respect to `x` (or `wrt`).
func derivative(_ source: String, wrt: String = "x") throws -> String {
    let expr = try Parser.parseExpression(source, file: "t")
    let term = try Lowering.lower(expr, parameters: ["x", "y", "w", "w1", "w2"], in: Environment())
    return Derivative.of(term, wrt: wrt).printed
}

@Suite struct SimplifierTests {
    @Test func identitiesDisappear() throws {
        #expect(try simplified("0 + x") == "x")
        #expect(try simplified("1*x") == "x")
        #expect(try simplified("x^1") == "x")
        #expect(try simplified("x^0") == "1")
        #expect(try simplified("x*0") == "0")
        #expect(try simplified("x - x") == "0")
        #expect(try simplified("x/x") == "1")
        #expect(try simplified("1^y") == "1")
    }

    @Test func constantsFold() throws {
        #expect(try simplified("2*3 + 4") == "10")
        #expect(try simplified("2^10") == "1024")
        #expect(try simplified("sin(0) + exp(0)") == "1")
        #expect(try simplified("0.5*2*x") == "x")
        // Non-finite constants stay as written, so they evaluate to what IEEE arithmetic says.
        #expect(try simplified("log(0)") == "log(0)")
        #expect(try simplified("0*log(0)") == "0*log(0)")
        #expect(try simplified("1/0") == "1/0")
    }

    @Test func likeTermsAndPowersCollect() throws {
        #expect(try simplified("2*x + 3*x") == "5*x")
        #expect(try simplified("x*x^2") == "x^3")
        #expect(try simplified("x*y*x") == "x^2*y")
        #expect(try simplified("y*x - x*y") == "0")
        #expect(try simplified("(x^2)^3") == "x^6")
        #expect(try simplified("(2*x)^2") == "4*x^2")
        #expect(try simplified("2*(x + 1)") == "2*x + 2")
        #expect(try simplified("x/y^2") == "x/y^2")
    }

    @Test func polynomialsInDescendingDegree() throws {
        #expect(try simplified("2 + x^4 - 3*x^2") == "x^4 - 3*x^2 + 2")
        #expect(try simplified("1 + x + x^2") == "x^2 + x + 1")
        #expect(try simplified("5*w2^2 + w1^2") == "w1^2 + 5*w2^2")
    }

    @Test func sqrtAndNegativePowersPrintAsPeopleWriteThem() throws {
        #expect(try simplified("sqrt(x)") == "sqrt(x)")
        #expect(try simplified("1/sqrt(x)") == "1/sqrt(x)")
        #expect(try simplified("x^-1") == "1/x")
        #expect(try simplified("-2/x^2") == "-2/x^2")
        #expect(try simplified("x/(y*w)") == "x/(w*y)")
        #expect(try simplified("e^x") == "exp(x)")
        #expect(try simplified("2*pi*x") == "2*pi*x")
    }

    /// The derivatives the course notes print (as SymPy prints them, integers where integral).
    @Test func derivativesAsTheNotesPrintThem() throws {
        #expect(try derivative("x^4 - 3*x^2 + 2") == "4*x^3 - 6*x")
        #expect(try derivative("0.5*(w^2-1)^2", wrt: "w") == "2*w*(w^2 - 1)")
        #expect(try derivative("(w^2-1)^2/2", wrt: "w") == "2*w*(w^2 - 1)")
        #expect(try derivative("0.5*w^2", wrt: "w") == "w")
        #expect(try derivative("0.5*(w-1)^2", wrt: "w") == "w - 1")
        #expect(try derivative("w1^2 + 5*w2^2", wrt: "w2") == "10*w2")
        #expect(try derivative("x^2*sin(x)") == "x^2*cos(x) + 2*x*sin(x)")
        #expect(try derivative("exp(-x^2)") == "-2*x*exp(-x^2)")
        #expect(try derivative("log(x)") == "1/x")
        #expect(try derivative("sqrt(x)") == "0.5/sqrt(x)")
        #expect(try derivative("sigmoid(x)") == "sigmoid(x)*(1 - sigmoid(x))")
        #expect(try derivative("relu(x)") == "heaviside(x)")
        #expect(try derivative("abs(x)") == "sign(x)")
        #expect(try derivative("tanh(x)") == "1 - tanh(x)^2")
        #expect(try derivative("x^x") == "x^x*(log(x) + 1)")
        #expect(try derivative("2^x") == "0.6931471805599453*2^x")
    }

    @Test func derivativeOfAConstantIsZero() throws {
        #expect(try derivative("y^2 + 3") == "0")
        #expect(try derivative("pi") == "0")
    }
}
