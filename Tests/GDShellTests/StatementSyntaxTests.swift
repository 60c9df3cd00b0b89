import Testing
import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency
@testable import GDShell
@testable import GDSession
@testable import GDRender
@testable import GDRepl

/// Parses with the statements' grammar.
private func parse(_ source: String) throws(Diagnostic) -> [Statement] {
    try Parser.parse(source, file: "t", grammar: Statements.grammar)
}

private func parse(_ source: String, file: String) throws(Diagnostic) -> [Statement] {
    try Parser.parse(source, file: file, grammar: Statements.grammar)
}

private func statementError(_ source: String) -> Diagnostic? {
    do {
        _ = try parse(source)
        return nil
    } catch {
        return error
    }
}

extension Statement {
    /// What a keyword statement's declaration read.
    var syntax: (any StatementSyntax)? {
        if case .keyword(_, let syntax) = kind { return syntax }
        return nil
    }
}

/// How each statement's declaration reads its words (the expression grammar is `ParserTests`').
@Suite struct StatementSyntaxTests {
    @Test func statementKinds() throws {
        let s = try parse("""
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
        #expect(name.text == "L" && params.map(\.name.text) == ["w1", "w2"])
        guard let settings = (s[7].syntax as? RunStatement)?.settings else { Issue.record("not a run"); return }
        #expect(settings.map(\.name.text) == ["w1", "w2", "eta", "steps"])
        guard let sweep = (s[11].syntax as? SweepStatement)?.settings else { Issue.record("not a sweep"); return }
        #expect(sweep.last == Setting(Name("log", at: SourceLocation(file: "t", line: 11, column: 43)), .flag))
        guard let set = (s[12].syntax as? SetStatement)?.settings, case .names(let off) = set[1].value else { Issue.record("not set"); return }
        #expect(off.map(\.text) == ["off"])
        guard let using = (s[6].syntax as? CheckStatement)?.using else { Issue.record("not a check"); return }
        #expect(using.map(\.text) == ["df"])
        guard let hessian = s[5].syntax as? HessianStatement, hessian.at == nil else { Issue.record("not a symbolic hessian"); return }
        #expect(hessian.function.text == "L")
        let at = try parse("hessian L at w1=1, w2=-2", file: "t")
        guard let point = (at[0].syntax as? HessianStatement)?.at else { Issue.record("not a hessian at a point"); return }
        #expect(point.settings.map(\.name.text) == ["w1", "w2"])
        let bare = try parse("hessian f at -2", file: "t")
        guard let value = (bare[0].syntax as? HessianStatement)?.at, value.settings.isEmpty, value.value != nil else { Issue.record("not a bare point"); return }
        #expect(value.value?.1.column == 14)
    }

    @Test func pathsAfterLoadSaveAndTo() throws {
        let s = try parse("load ../a.gdscript\nsave session ~/s.gdscript; x = a/b\nload \"with space.gdscript\" # c", file: "t")
        #expect(s.count == 4)
        guard let p0 = (s[0].syntax as? LoadStatement)?.path, let save = s[1].syntax as? SaveStatement,
              case .assign(_, .binary(.divide, _, _)) = s[2].kind, let p3 = (s[3].syntax as? LoadStatement)?.path else {
            Issue.record("\(s.map(\.kind))")
            return
        }
        #expect(p0 == "../a.gdscript")
        #expect(save.what.text == "session" && save.path == "~/s.gdscript")
        #expect(p3 == "with space.gdscript")
    }

    @Test func boundsInAWhereClause() throws {
        let s = try parse("run f from w1=1, w2=2 where w1 >= 0, 0 <= w2 <= 5 and w1 <= 3 eta=0.1", file: "t")
        guard let settings = (s[0].syntax as? RunStatement)?.settings else { Issue.record("not a run"); return }
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
        let s = try parse("compare f from x=-2.5 methods=gd,momentum,adam eta=0.01\nmultistart f from x=-3..3 count=50 seed=1", file: "t")
        guard let c = (s[0].syntax as? CompareStatement)?.settings, case .names(let methods) = c[1].value else { Issue.record("compare"); return }
        #expect(methods.map(\.text) == ["gd", "momentum", "adam"])
        guard let m = (s[1].syntax as? MultistartStatement)?.settings, case .range = m[0].value else { Issue.record("multistart"); return }
    }

    // One test per message of a statement's reader.

    @Test func errorMessages() {
        let cases: [(String, String, Int, String?)] = [
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
            let error = statementError(source)
            #expect(error?.message == message, "\(source)")
            #expect(error?.location.column == column, "\(source)")
            #expect(error?.help == help, "\(source)")
        }
    }
}
