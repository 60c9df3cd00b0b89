import Glibc
import Testing
import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency
@testable import GDShell
@testable import GDSession
@testable import GDRender
@testable import GDRepl

@Suite struct CompletionTests {
    /// A session with two functions and two variables.
    private let environment: Environment = {
        let shell = Shell(console: RecordingConsole())
        shell.run("f(x) = x^2\nL(w1, w2) = w1^2 + 5*w2^2\na = 3\nalpha = 0.5", file: "t")
        return shell.session.environment
    }()

    private func complete(_ text: String) -> [String] {
        Completion.complete(text, environment: environment).candidates
    }

    @Test func statementKeywordsAtTheStartOfAStatement() {
        #expect(complete("ru") == ["run "])
        #expect(complete("hes") == ["hessian "])
        #expect(complete("  swe") == ["sweep "])
        #expect(complete("f(2); ru") == ["run "])
        #expect(complete("f(2)\nru") == ["run "])
        // Every keyword is offered on an empty line, with the names an expression can start with.
        let all = complete("")
        for keyword in Statements.keywords { #expect(all.contains(keyword + " ")) }
        #expect(all.contains("sin(") && all.contains("f(") && all.contains("alpha") && all.contains("pi"))
    }

    /// A vector is given whole: its name is offered, not its components; the forms are offered in expressions.
    @Test func vectorParametersAndForms() {
        let shell = Shell(console: RecordingConsole())
        shell.run("V(w[3], b) = sumsq(w) + b", file: "t")
        let environment = shell.session.environment
        let first = Completion.complete("run V from ", environment: environment).candidates
        #expect(first.contains("w=") && first.contains("b=") && !first.contains { $0.hasPrefix("w[") })
        let next = Completion.complete("run V from w=1 ", environment: environment).candidates
        #expect(next.contains("b=") && !next.contains("w="))
        #expect(Completion.complete("g(v) = su", environment: environment).candidates == ["sum(", "sumsq("])
        #expect(Completion.complete("g(v) = do", environment: environment).candidates == ["dot("])
    }

    @Test func quitAndExitOnlyAsTheWholeEntry() {
        #expect(complete("ex").contains("exit"))
        #expect(complete("qu").contains { $0.hasPrefix("quit") })
        #expect(!complete("f(2); ex").contains("exit"))
    }

    @Test func functionNamesAfterStatementsThatTakeOne() {
        #expect(complete("run ") == ["L ", "f "])
        #expect(complete("sweep f") == ["f "])
        #expect(complete("diff ") == ["L", "f"])
        #expect(complete("hessian L") == ["L "])   // `at` may follow
        #expect(complete("check ") == ["L ", "f "])
    }

    @Test func theWordAfterTheFunction() {
        #expect(complete("run f ") == ["from "])
        #expect(complete("sweep L fr") == ["from "])
        #expect(complete("check f ") == ["at ", "using "])
        #expect(complete("check L using ") == ["L", "f"])
        #expect(complete("check L using f, ") == ["L", "f"])
        #expect(complete("check L using f, f ") == ["at "])
        #expect(complete("hessian L ") == ["at "])
        #expect(complete("hessian L at ") == ["w1=", "w2="])
        #expect(complete("hessian L at w1=1, ") == ["w2="])
        #expect(complete("run f from x=1 eta=0.1 from").isEmpty)
    }

    @Test func optionNamesAfterFrom() {
        #expect(complete("run f from x=1 et") == ["eta="])
        #expect(complete("run f from x=1 e").contains("eta="))
        #expect(complete("run f from x=1 e").allSatisfy { $0.hasPrefix("e") })
        #expect(complete("run f from x=1, ste") == ["steps="])
        // Every option of the table that a run with gd takes, and nothing else once the point is given.
        let rest = complete("run f from x=1 ")
        #expect(rest == Options.run.filter(\.appliesTo.isEmpty).map { option -> String in
            if case .flag = option.kind { return option.name + " " }
            return option.name + "="
        }.sorted())
        // Options already given are not offered again.
        #expect(!complete("run f from x=1 eta=0.1 ").contains("eta="))
        #expect(complete("set dig") == ["digits="])
        #expect(complete("set eta=0.1 dig") == ["digits="])
    }

    @Test func parametersOfTheFunctionInItsSettings() {
        #expect(complete("run f from ").contains("x="))
        // The parameters come first, then the options (adamw's weight_decay=, once adamw is the method).
        #expect(complete("run L from method=adamw w") == ["w1=", "w2=", "weight_decay="])
        #expect(complete("run L from w1=1 w") == ["w2="])
        #expect(complete("check L at w1=1, w") == ["w2="])
        // check takes the point and its one option.
        #expect(complete("check f at ") == ["precision=", "x="])
        #expect(complete("check f at x=1 p") == ["precision="])
        // An unknown function still gets the options.
        #expect(complete("run g from et") == ["eta="])
    }

    @Test func flagOptionsTakeNoEqualsSign() {
        let sweep = complete("sweep f from x=1 eta=0.01..1 ")
        for option in SweepStatement.options {
            if case .flag = option.kind { #expect(sweep.contains(option.name + " ")) }
        }
    }

    @Test func valuesOfSettings() {
        #expect(complete("run f from x=1 tol_grad=o") == ["off"])
        #expect(complete("run f from x=al") == ["alpha"])
        #expect(complete("run f from x=(1 + al") == ["alpha"])
        #expect(complete("run f from x=1 + al") == ["alpha"])
        #expect(complete("run f from x=1 method=ad") == ["adagrad", "adam", "adamw"])
        #expect(complete("compare f from x=1 methods=gd,adam").contains("adamw"))
        #expect(complete("run f from x=1 method=adamw w").contains("weight_decay="))
        for option in Options.run {
            if case .choice(let choices) = option.kind {
                #expect(complete("run f from x=1 \(option.name)=") == choices.sorted())
            }
        }
    }

    @Test func onlyTheHyperparametersOfTheMethodInEffect() {
        // gd by default: no momentum's beta, adam's beta1 or a schedule's T.
        let plain = complete("run f from x=1 ")
        #expect(plain.contains("eta=") && plain.contains("method=") && plain.contains("schedule="))
        for other in ["beta=", "beta1=", "rho=", "weight_decay=", "T=", "gamma="] { #expect(!plain.contains(other), "\(other)") }
        #expect(complete("run f from x=1 b") == ["batch="])
        // Those of the method and schedule given.
        #expect(complete("run f from x=1 method=momentum b") == ["batch=", "beta="])
        #expect(complete("run f from x=1 method=adam beta") == ["beta1=", "beta2="])
        #expect(complete("sweep f from x=1 schedule=cosine ").contains("T="))
        // Or of the session's method, set before.
        let shell = Shell(console: RecordingConsole())
        shell.run("f(x) = x^2\nset method=momentum", file: "t")
        #expect(Completion.complete("run f from x=1 be", environment: shell.session.environment, defaults: shell.session.defaults)
            .candidates == ["beta="])
        // compare runs several methods: it offers them all.
        #expect(complete("compare f from x=1 methods=gd,adam be").contains("beta1="))
        // set sets any of them.
        #expect(complete("set be").contains("beta="))
    }

    @Test func namesInExpressions() {
        #expect(complete("1 + al") == ["alpha"])
        #expect(complete("y = sq") == ["sqrt("])
        #expect(complete("f(x) = x + sigm") == ["sigmoid("])
        #expect(complete("f(").contains("sin("))
        #expect(complete("step a") == ["a", "abs(", "acos(", "alpha", "asin(", "atan("])
        // The parameters of the function being defined.
        #expect(complete("g(u, v) = u + v") == ["v"])
        #expect(complete("g(θ) = sin(θ) + θ") == ["θ"])
        // An entry continued over lines is read as one.
        #expect(complete("g(x) = (x +\n  alp") == ["alpha"])
    }

    @Test func nothingInNumbersCommentsOrStatementsWithoutNames() {
        #expect(complete("2e").isEmpty)
        #expect(complete("x = 1.5e").isEmpty)
        #expect(complete("# ru").isEmpty)
        #expect(complete("f(2) # ru").isEmpty)
        #expect(complete("f'").isEmpty)
        #expect(complete("trace s").isEmpty)
    }

    @Test func showCompletesTheNamesItCanShow() {
        // The session of these tests defines f, L and alpha.
        #expect(complete("show ") == ["L", "a", "alpha", "f"])
        #expect(complete("show al") == ["alpha"])
        #expect(complete("show f ").isEmpty)
    }

    @Test func helpTopics() {
        #expect(complete("help ") == Help.topics.sorted())
        #expect(complete("help swe") == ["sweep"])
    }

    @Test func theWordIsWhatPrecedesTheCursor() {
        let c = Completion.complete("run f from x=1 ste", environment: environment)
        #expect(c.word == "ste")
        #expect(c.commonPrefix == "steps=")
    }

    @Test func commonPrefixAndListing() {
        let c = Completion(word: "s", candidates: ["set ", "show ", "sin("])
        #expect(c.commonPrefix == "s")
        #expect(c.listing(width: 80) == "set   show  sin")
        #expect(c.listing(width: 10) == "set   sin\nshow")
        #expect(Completion(word: "x", candidates: []).commonPrefix == "x")
        #expect(Completion(word: "", candidates: ["steps=", "step "]).commonPrefix == "step")
    }
}

@Suite struct TerminalTextTests {
    @Test func promptEscapesAreMarkedInvisibleForLibedit() {
        let prompt = Colour(isEnabled: true).prompt("gd> ")
        #expect(prompt == "\u{1B}[1;32mgd>\u{1B}[0m ")
        #expect(Colour.plain.prompt("gd> ") == "gd> ")
        #expect(LineEditor.markingInvisible(prompt) == "\u{1}\u{1B}[1;32m\u{1}gd>\u{1}\u{1B}[0m\u{1} ")
        #expect(LineEditor.markingInvisible("gd> ") == "gd> ")
    }

    @Test func colouredErrorsDifferOnlyByEscapes() {
        let d = Diagnostic("unknown function 'sinn'", at: SourceLocation(file: "t", line: 1, column: 5))
        let plain = DiagnosticRenderer.render(d, sourceLine: "y = sinn(x)")
        let coloured = DiagnosticRenderer.render(d, sourceLine: "y = sinn(x)", colour: Colour(isEnabled: true))
        #expect(plain == DiagnosticRenderer.render(d, sourceLine: "y = sinn(x)", colour: .plain))
        #expect(coloured.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        #expect(coloured.contains("|     \u{1B}[1;31m^\u{1B}[0m"))
        #expect(coloured.replacingEscapes == plain)
    }
}

private extension String {
    /// The text without ANSI colour sequences.
    var replacingEscapes: String {
        var result = ""
        var inEscape = false
        for c in unicodeScalars {
            if c == "\u{1B}" { inEscape = true; continue }
            if inEscape { if c == "m" { inEscape = false }; continue }
            result.unicodeScalars.append(c)
        }
        return result
    }
}

@Suite struct PlotAndGridCompletionTests {
    private let environment: Environment = {
        let shell = Shell(console: RecordingConsole())
        shell.run("f(x) = x^2", file: "t")
        return shell.session.environment
    }()

    @Test func plotTargetsAndGridOptions() {
        #expect(Completion.complete("plot lo", environment: environment).candidates == ["loss"])
        #expect(Completion.complete("plot di", environment: environment).candidates == ["diagnostics"])
        #expect(Completion.complete("grid f from x=-1..1 count=5 st", environment: environment).candidates == ["steps="])
    }
}

@Suite struct SaveCompletionTests {
    @Test func saveOffersWhatItCanSaveThenTo() {
        let shell = Shell(console: RecordingConsole())
        shell.run("data pts = synth linear n=3 w=1", file: "t")
        let environment = shell.session.environment
        #expect(Completion.complete("save ", environment: environment).candidates
                == ["compare ", "grid ", "history ", "multistart ", "pts ", "session ", "sweep "])
        #expect(Completion.complete("save h", environment: environment).candidates == ["history "])
        #expect(Completion.complete("save history ", environment: environment).candidates == ["to "])
        #expect(Completion.complete("save session ", environment: environment).candidates.isEmpty)
    }
}

@Suite struct PathCompletionTests {
    @Test func whereAStatementTakesAFileTheWordIsThePath() {
        let paths: (String) -> [String] = { partial in
            ["examples/", "examples/tour.gdscript ", "ex.csv ", "run.csv "].filter { $0.hasPrefix(partial) }
        }
        let env = Environment()
        let load = Completion.complete("load ex", environment: env, paths: paths)
        #expect(load.word == "ex" && load.candidates == ["ex.csv ", "examples/", "examples/tour.gdscript "])
        #expect(Completion.complete("load examples/t", environment: env, paths: paths).candidates == ["examples/tour.gdscript "])
        #expect(Completion.complete("save history to r", environment: env, paths: paths).candidates == ["run.csv "])
        #expect(Completion.complete("save session ", environment: env, paths: paths).candidates.count == 4)
        #expect(Completion.complete("plot loss to e", environment: env, paths: paths).candidates.count == 3)
        // Not where no path goes: `save h` completes what to save, a run's options stay options.
        #expect(Completion.complete("save h", environment: env, paths: paths).candidates == ["history "])
        #expect(Completion.complete("run f from x=1 ", environment: env, paths: paths).candidates.allSatisfy { !$0.hasSuffix(".csv ") })
    }

    @Test func aSpaceInAPathIsEscapedAsInAShell() throws {
        // The lister is asked for the path as named, and its answers come back as they are typed.
        var asked: [String] = []
        let paths: (String) -> [String] = { partial in
            asked.append(partial)
            return ["my notes/", "my notes/run 1.csv "].filter { $0.hasPrefix(partial) }
        }
        let env = Environment()
        #expect(Completion.complete("load my", environment: env, paths: paths).candidates == ["my\\ notes/", "my\\ notes/run\\ 1.csv "])
        let inside = Completion.complete("save history to my\\ notes/r", environment: env, paths: paths)
        #expect(inside.word == "my\\ notes/r" && inside.candidates == ["my\\ notes/run\\ 1.csv "])
        #expect(asked.last == "my notes/r")
        // The lexer reads the escaped path back as the name.
        let tokens = try Lexer.tokenize("load my\\ notes/run\\ 1.csv", file: "t")
        #expect(tokens.contains { $0.kind == .string("my notes/run 1.csv") })
    }

    @Test func theFileSystemListerMarksFoldersAndHidesDotFiles() throws {
        let dir = temporaryFolder()
        try ScriptFile.write("", to: dir + "/alpha.gdscript")
        try ScriptFile.write("", to: dir + "/.hidden")
        #expect(mkdir(dir + "/sub", 0o755) == 0)
        try ScriptFile.write("", to: dir + "/sub/inner.csv")
        #expect(FilePaths.completing(dir + "/") == [dir + "/alpha.gdscript ", dir + "/sub/"])
        #expect(FilePaths.completing(dir + "/.h") == [dir + "/.hidden "])
        #expect(FilePaths.completing(dir + "/sub/in") == [dir + "/sub/inner.csv "])
        #expect(FilePaths.completing(dir + "/nothing/here").isEmpty)
    }
}
