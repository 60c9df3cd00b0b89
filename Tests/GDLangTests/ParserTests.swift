import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

/// Parses an expression and evaluates it with x = 3, so precedence is checked by value
/// (the expected numbers are worked out by hand in each comment).
func value(_ source: String, x: Double = 3) throws -> Double {
    let expr = try Parser.parseExpression(source, file: "t")
    let term = try Lowering.lower(expr, parameters: ["x"], in: Environment())
    return term.evaluate(["x": x])
}

func parseError(_ source: String) -> Diagnostic? {
    do {
        _ = try Parser.parse(source, file: "t")
        return nil
    } catch {
        return error
    }
}

@Suite struct ParserTests {
    @Test func precedence() throws {
        #expect(try value("1 + 2*3") == 7)
        #expect(try value("(1 + 2)*3") == 9)
        #expect(try value("2*3^2") == 18)
        #expect(try value("12/2*3") == 18)     // left to right
    }

    @Test func associativity() throws {
        #expect(try value("8 - 3 - 2") == 3)
        #expect(try value("8/4/2") == 1)
        #expect(try value("2^3^2") == 512)     // right-associative: 2^(3^2)
        #expect(try value("2**3**2") == 512)
    }

    @Test func unaryMinus() throws {
        #expect(try value("-x^2") == -9)       // -(x^2)
        #expect(try value("(-x)^2") == 9)
        #expect(try value("-2^2") == -4)
        #expect(try value("2^-1") == 0.5)
        #expect(try value("2*-x") == -6)
        #expect(try value("- -x") == 3)
        #expect(try value("+x") == 3)
    }

    @Test func implicitMultiplicationAfterNumbers() throws {
        #expect(try value("2x") == 6)
        #expect(try value("3(x+1)") == 12)
        #expect(try value("2x^2") == 18)       // 2*(x^2)
        #expect(try value("1/2x") == 1.0 / 6)  // 1/(2*x): a coefficient binds to its factor
        #expect(parseError("2 x") != nil)      // only when touching
    }

    @Test func constantsAndFunctions() throws {
        #expect(try value("pi") == Double.pi)
        #expect(try value("e") == 2.718281828459045)
        #expect(try value("max(x, 5) + min(x, 5)") == 8)
        #expect(try value("sqrt(x^2 + 16)") == 5)
    }

    @Test func printedExpressionsParseBackToTheSameTree() throws {
        for source in ["x^4 - 3*x^2 + 2", "-x^2", "(-x)^2", "2^3^2", "(2^3)^2", "a - (b - c)", "a/(b*c)", "a*b/c",
                       "-(a + b)", "f'(x) + g''(2)", "2*x", "sin(x)^2", "x^-1", "-a*b", "a - -b"] {
            let expr = try Parser.parseExpression(source, file: "t")
            let again = try Parser.parseExpression(expr.printed, file: "t")
            #expect(again.printed == expr.printed, "\(source) printed as \(expr.printed)")
        }
        #expect(try Parser.parseExpression("x**4-3*x**2+2", file: "t").printed == "x^4 - 3*x^2 + 2")
        #expect(try Parser.parseExpression("2x", file: "t").printed == "2*x")
    }

    @Test func diffCallIsAnExpressionNotAStatement() throws {
        let s = try Parser.parse("diff(x^2, x)", file: "t")
        guard case .evaluate(.call("diff", _, _)) = s[0].kind else { Issue.record("\(s[0].kind)"); return }
    }

    @Test func aTrailingOperatorContinuesOnTheNextLine() throws {
        // 2^3 = 8, 1 + 2 = 3, and (4 − 1)·2 = 6 by hand.
        #expect(try value("2^\n3") == 8)
        #expect(try value("1 +\n\n  2") == 3)
        #expect(try value("(x - 1) *\n 2") == 4)
        #expect(try Parser.parse("f(x) = x *\n 2\nf(4)", file: "t").count == 2)
    }

    @Test func multiLineDefinition() throws {
        let s = try Parser.parse("f(x) = (x^2 +\n   2*x)\nf(1)", file: "t")
        #expect(s.count == 2)
    }

    // One test per parser error message.

    @Test func errorMessages() {
        let cases: [(String, String, Int, String?)] = [
            ("x = ", "expected an expression", 5, nil),
            ("1 +* 2", "expected an expression, found '*'", 4, nil),
            ("f(1, 2", "expected ')' or ',' in the arguments of f (opened at column 2)", 7, nil),
            ("(1 + 2", "expected ')' to close the '(' at column 1", 7, nil),
            ("(1 + 2 3)", "expected ')' to close the '(' at column 1", 8, "found '3'"),
            ("1 + 2)", "unexpected ')' with no '(' open", 6, nil),
            ("1 2", "unexpected '2' after the end of the statement", 3, "put each statement on its own line or separate them with ';'"),
            ("()", "expected an expression before ')'", 2, nil),
            ("f'x", "expected '(' after f'", 3, "a derivative is called like a function: f'(2)"),
        ]
        for (source, message, column, help) in cases {
            let error = parseError(source)
            #expect(error?.message == message, "\(source)")
            #expect(error?.location.column == column, "\(source)")
            #expect(error?.help == help, "\(source)")
        }
    }

    @Test func nestingLimit() {
        let deep = String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)
        let error = parseError(deep)
        #expect(error?.message == "expression nested too deeply (more than 100 levels)")
        #expect(error?.help == "split it into smaller definitions")
        let minus = String(repeating: "-", count: 150) + "1"
        #expect(parseError(minus)?.message == "expression nested too deeply (more than 100 levels)")
        #expect(parseError(String(repeating: "(", count: 99) + "1" + String(repeating: ")", count: 99)) == nil)
    }

    @Test func incompleteInputIsMarked() {
        #expect(parseError("f(x) = (x +")?.isIncompleteInput == true)
        #expect(parseError("f(1,")?.isIncompleteInput == true)
        #expect(parseError("(1 + 2")?.isIncompleteInput == true)
        // A trailing binary operator or backslash continues the entry, at the prompt as in scripts.
        for source in ["1 +", "1 -", "2 *", "2 /", "2^", "2**", "x = 2 \\", "f(x) = x^2 +\n"] {
            #expect(parseError(source)?.isIncompleteInput == true, "\(source)")
        }
        #expect(parseError("1 +")?.message == "expected an expression after '+'")
        // The error points just after the operator, on its own line, even at the end of a file.
        #expect(parseError("a = 2*\n")?.location.line == 1 && parseError("a = 2*\n")?.location.column == 7)
        #expect(parseError("a = 2 **")?.message == "expected an expression after '**'")
        #expect(parseError("1 + 2)")?.isIncompleteInput == false)
    }
}
