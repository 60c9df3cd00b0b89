import Testing
@testable import GDLang

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

    @Test func statementKinds() throws {
        let s = try Parser.parse("""
            f(x) = x^2
            L(w1, w2) = w1^2 + 5*w2^2
            a = 3; f(a)
            diff f
            hessian L
            check f using df at x=2
            run L from w1=2.5, w2=1.5 eta=0.1 steps=40
            step
            step 5
            trace
            sweep f from x=5 eta=0.001..1.99 count=50 log
            set eta=0.1 tol_grad=off
            show
            """, file: "t")
        #expect(s.count == 14)
        guard case .define(let name, let params, _) = s[1].kind else { Issue.record("not a definition"); return }
        #expect(name.text == "L" && params.map(\.text) == ["w1", "w2"])
        guard case .run(_, let settings) = s[7].kind else { Issue.record("not a run"); return }
        #expect(settings.map(\.name.text) == ["w1", "w2", "eta", "steps"])
        guard case .sweep(_, let sweep) = s[11].kind else { Issue.record("not a sweep"); return }
        #expect(sweep.last == Setting(Name("log", at: SourceLocation(file: "t", line: 11, column: 43)), .flag))
        guard case .set(let set) = s[12].kind, case .names(let off) = set[1].value else { Issue.record("not set"); return }
        #expect(off.map(\.text) == ["off"])
        guard case .check(_, let using, _) = s[6].kind else { Issue.record("not a check"); return }
        #expect(using.map(\.text) == ["df"])
        guard case .hessian(let h, nil) = s[5].kind else { Issue.record("not a symbolic hessian"); return }
        #expect(h.text == "L")
        let at = try Parser.parse("hessian L at w1=1, w2=-2", file: "t")
        guard case .hessian(_, let point?) = at[0].kind else { Issue.record("not a hessian at a point"); return }
        #expect(point.map(\.name.text) == ["w1", "w2"])
    }

    @Test func pathsAfterLoadSaveAndTo() throws {
        let s = try Parser.parse("load ../a.gdscript\nsave session ~/s.gdscript; x = a/b\nload \"with space.gdscript\" # c", file: "t")
        #expect(s.count == 4)
        guard case .load(let p0, _) = s[0].kind, case .save(let what, let p1, _) = s[1].kind,
              case .assign(_, .binary(.divide, _, _)) = s[2].kind, case .load(let p3, _) = s[3].kind else {
            Issue.record("\(s.map(\.kind))")
            return
        }
        #expect(p0 == "../a.gdscript")
        #expect(what.text == "session" && p1 == "~/s.gdscript")
        #expect(p3 == "with space.gdscript")
    }

    @Test func boundsInAWhereClause() throws {
        let s = try Parser.parse("run f from w1=1, w2=2 where w1 >= 0, 0 <= w2 <= 5 and w1 <= 3 eta=0.1", file: "t")
        guard case .run(_, let settings) = s[0].kind else { Issue.record("not a run"); return }
        let described = settings.map { s -> String in
            switch s.value {
            case .atLeast(let e): return "\(s.name.text)>=\(e.printed)"
            case .atMost(let e): return "\(s.name.text)<=\(e.printed)"
            case .number(let e): return "\(s.name.text)=\(e.printed)"
            default: return "?"
            }
        }
        #expect(described == ["w1=1", "w2=2", "w1>=0", "w2>=0", "w2<=5", "w1<=3", "eta=0.1"])
    }

    @Test func compareAndMultistart() throws {
        let s = try Parser.parse("compare f from x=-2.5 methods=gd,momentum,adam eta=0.01\nmultistart f from x=-3..3 count=50 seed=1", file: "t")
        guard case .compare(_, let c) = s[0].kind, case .names(let methods) = c[1].value else { Issue.record("compare"); return }
        #expect(methods.map(\.text) == ["gd", "momentum", "adam"])
        guard case .multistart(_, let m) = s[1].kind, case .range = m[0].value else { Issue.record("multistart"); return }
    }

    @Test func diffCallIsAnExpressionNotAStatement() throws {
        let s = try Parser.parse("diff(x^2, x)", file: "t")
        guard case .evaluate(.call("diff", _, _)) = s[0].kind else { Issue.record("\(s[0].kind)"); return }
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
            ("diff 3", "expected a function name after 'diff'", 6, "for example: diff f"),
            ("hessian", "expected a function name after 'hessian'", 8, "for example: hessian f"),
            ("hessian f x=1", "expected 'at' and the point, or the end of the statement", 11, "for example: hessian f at x=1"),
            ("check f x=2", "expected 'at' and the point to check", 9, "for example: check f at x=2"),
            ("check f using 3 at x=1", "expected a function name after 'using'", 15, "for example: check f using df at x=2"),
            ("check", "expected a function name after 'check'", 6, "for example: check f at x=2"),
            ("run f x=1", "expected 'from' and the starting point", 7, "for example: run f from x=1"),
            ("sweep", "expected a function name after 'sweep'", 6, "for example: sweep f from x=1"),
            ("run", "expected a function name after 'run'", 4, "for example: run f from x=1"),
            ("set", "expected an option after 'set'", 4, "for example: set eta=0.1 steps=200"),
            ("set 3", "expected an option such as eta=0.1, found '3'", 5, nil),
            ("set eta=", "expected a value after 'eta='", 9, nil),
            ("run L from a=1, b=1, c= eta=0.1", "expected a value after 'c=', found the next option 'eta='", 25,
             "for example: c=1"),
            ("load", "expected a file name after 'load'", 5, "for example: load examples/tour.gdscript"),
            ("save session", "expected a file name after 'session'", 13, "for example: save session mysession.gdscript"),
            ("save history", "expected 'to' and a file name", 13, "for example: save history to history.csv"),
            ("save history x", "expected 'to' before the file name", 14, "save history to x"),
            // The path is read whole, so its '.' is not reported as an unexpected character.
            ("save history /tmp/h.csv", "expected 'to' before the file name", 14, "save history to /tmp/h.csv"),
            ("save sweep tomb.csv", "expected 'to' before the file name", 12, "save sweep to tomb.csv"),
            ("save history \"a b.csv\"", "expected 'to' before the file name", 14, "save history to \"a b.csv\""),
            ("save data(x) to a", "expected 'to' and a file name", 10, "for example: save data to data.csv"),
            ("save 3", "expected what to save", 6, "for example: save session mysession.gdscript"),
            ("help 3", "expected a statement or topic after 'help'", 6, "for example: help run"),
            ("run f from w=1 where w > 0", "use >= or <= in a bound", 24, "projected descent needs closed bounds such as w >= 0"),
            ("run f from w=1 where w", "expected >= or <= in the bound", 23, "for example: where w >= 0"),
            ("run f from w=1 where 0 <= 3", "expected a parameter name in the bound", 27, "for example: where w >= 0"),
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
        #expect(parseError("1 +")?.isIncompleteInput == false)
        #expect(parseError("1 + 2)")?.isIncompleteInput == false)
    }
}
