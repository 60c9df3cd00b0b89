import Testing
@testable import GDShell
import GDConcurrency
@testable import GDSession
@testable import GDRender
@testable import GDRepl

@Suite struct StatementTests {
    @Test func textOutputOfTheBasics() {
        let r = runScript("""
            f(x) = x^4 - 3*x^2 + 2
            f(1.5)
            f'(2)
            diff f
            a = 2
            f(a) + ans
            """)
        #expect(r.ok)
        // f(1.5) = 0.3125; f'(2) = 32 − 12 = 20; f(2) = 16 − 12 + 2 = 6, plus ans = 20.
        #expect(r.out == ["f(x) = x^4 - 3*x^2 + 2", "0.3125", "20", "f'(x) = 4*x^3 - 6*x", "a = 2", "26"])
    }

    @Test func definitionsBindLate() {
        let r = runScript("g(x) = x^2\nf(x) = g(x) + 1\nf(3)\ng(x) = x^3\nf(3)")
        #expect(r.out[2] == "10")
        #expect(r.out[4] == "28")
    }

    @Test func diffInsideExpressionsAndDefinitions() {
        let r = runScript("g(w) = diff(w^3, w)\ng(2)\nx = 3\ndiff(x^2, x)\nf(x) = sin(x)\nf''(0.5)")
        // 3·2² = 12; d(x²)/dx at 3 = 6; sin'' = −sin(0.5).
        #expect(r.out[1] == "12")
        #expect(r.out[3] == "6")
        #expect(r.out[5] == "-0.479426")
    }

    @Test func hessianText() {
        let r = runScript("L(w1, w2) = w1^2 + 5*w2^2\nhessian L")
        #expect(r.out[1] == "∂²L  ∂w1  ∂w2\n∂w1  2    0\n∂w2  0    10")
    }

    @Test func aRatioThatPrintsAsOneShowsHowFarBelowOneItIs() {
        // w ← (1 − η)w: each step is 1 − 10⁻⁷ times the one before, which prints as 1 at two digits.
        let slow = runScript("set digits=2\nh(w) = 0.5*w^2\nrun h from w=1 eta=1e-7 steps=100 tol_grad=off")
        #expect(slow.out[1].contains("\n  rate  linear: each step shrinks by ρ ≈ 1 (1 − ρ ≈ 1e-07) (steps 75–100)\n"))
        let fast = runScript("h(w) = 0.5*w^2\nrun h from w=1 eta=0.5 steps=20")
        #expect(fast.out[1].contains("\n  rate  linear: each step shrinks by ρ ≈ 0.5 (steps 8–20)\n"))
    }

    @Test func aShallowLossStillWarnsOfATooLargeStep() {
        // λ = 2·10⁻⁹, so η < 10⁹ (by hand); η = 3·10⁹ is past it.
        let r = runScript("f(x, y) = 1e-9*(x^2 + y^2)\nrun f from x=1, y=1 eta=3e9 steps=5 tol_grad=off")
        #expect(r.out[1].contains("stable for η < 2/λ = 1e+09"))
        #expect(r.out[1].contains("WARNING η = 3e+09 is past the stability bound 1e+09"))
    }

    @Test func hessianAtAPointText() {
        // By hand: H = [[2w2, 2w1], [2w1, 10]] at (1, 2) is [[4, 2], [2, 10]], λ = 7 ∓ √13 = 3.39445, 10.6056,
        // κ = (7 + √13)/(7 − √13) = 3.12438, η < 2/(7 + √13) = 0.188580.
        let r = runScript("L(w1, w2) = w1^2*w2 + 5*w2^2\nhessian L at w1=1, w2=2")
        #expect(r.out[1] == """
            ∂²L at w1 = 1, w2 = 2
                 ∂w1  ∂w2
            ∂w1    4    2
            ∂w2    2   10
            eigenvalues 3.39445, 10.6056: positive definite (curved up in every direction, as at a minimum); condition number κ = λmax/λmin = 3.12438
            gd is stable near here for η < 2/λmax = 0.18858
            """)
        // One parameter: f'' = 12x² − 6 is −6 at 0 and 42 at 2 (2/42 = 0.047619).
        let f = runScript("f(x) = x^4 - 3*x^2 + 2\nhessian f at x=0\nhessian f at x=2")
        #expect(f.out[1] == "f''(x) = -6 at x = 0: curved down\nno positive curvature here: gradient descent moves away from a point like this, for any η (where ∇L = 0 it is a maximum, not a minimum)")
        #expect(f.out[2] == "f''(x) = 42 at x = 2: curved up\ngd is stable near here for η < 2/f'' = 0.047619")
        // a·b: H = [[0, 1], [1, 0]], a saddle with λ = ±1.
        let s = runScript("S(a, b) = a*b\nhessian S at a=3, b=-1")
        #expect(s.out[1].contains("eigenvalues -1, 1: indefinite (curved up along some directions and down along others, as at a saddle)\n"))
        // No η makes a saddle stable: the line says so instead of "gd is stable near here for η < 2/λmax".
        #expect(!s.out[1].contains("stable near here"))
        #expect(s.out[1].hasSuffix("\nalong the directions that curve up, gd overshoots unless η < 2/λmax = 2; along those that curve down it moves away for any η\nno step size makes gd settle here unless it starts exactly on the directions that curve up: where ∇L = 0 this is a saddle"))
        // x⁴ and x³ are both flat at 0, yet descent settles at one and not the other: the curvature alone cannot say.
        #expect(runScript("q(x) = x^4\nhessian q at x=0").out[1].hasSuffix("\nno curvature here: η has no stability bound at this point, and whether descent settles at it depends on higher derivatives"))
        // −a² has a direction curving down and one flat: not a minimum.
        #expect(runScript("n(a, b) = -a^2\nhessian n at a=0, b=0").out[1].hasSuffix("(where ∇L = 0 this is not a minimum)"))
        // √x'' = −x^(−3/2)/4 is not finite at 0.
        let g = runScript("g(x, y) = sqrt(x) + y^2\nhessian g at x=0, y=1")
        #expect(g.out[1].hasSuffix("the Hessian is not finite here: no eigenvalues"))
    }

    @Test func digitsSetting() {
        let r = runScript("set digits=3\n1/3\nset digits=12\n1/3")
        #expect(r.out == ["0.333", "0.333333333333"])
    }

    @Test func setDefaultsApplyToLaterRuns() {
        let r = runScript("h(w) = 0.5*w^2\nset eta=0.5 steps=3 tol_grad=off\nrun h from w=8", json: true)
        #expect(r.out[1].contains(#""eta":0.5,"start":{"w":8},"final":{"w":1}"#))
        #expect(r.out[1].contains(#""steps":3,"stop":"steps""#))
    }

    @Test func stepPrintsEachIterate() {
        let r = runScript("h(w) = 0.5*w^2\nrun h from w=4 eta=0.5 steps=0\nstep 2")
        #expect(r.out[2].hasPrefix("k  w    L  ‖∇L‖\n1  2    2     2\n2  1  0.5     1\n"))
    }

    @Test func traceListsTheHistory() {
        let r = runScript("t(θ) = θ^2\nrun t from θ=4 eta=0.25 steps=3\ntrace")
        #expect(r.out[2] == "k    θ     L  ‖∇L‖\n0    4    16     8\n1    2     4     4\n2    1     1     2\n3  0.5  0.25     1")
    }

    @Test func severalParametersStartWithCommas() {
        let r = runScript("L(w1, w2) = w1^2 + 5*w2^2\nrun L from w1=2.5, w2=1.5 eta=0.08 steps=60 tol_grad=off", json: true)
        #expect(r.out[1].contains(#""start":{"w1":2.5,"w2":1.5}"#))
        #expect(r.out[1].contains(#""final":{"w1":7.156442272437106e-05,"w2":1.72938225691"#))
    }

    @Test func showListsTheSession() {
        let r = runScript("f(x) = x^2\na = 2\nset eta=0.25\nshow")
        #expect(r.out.last == "f(x) = x^2\na = 2\nset eta=0.25 steps=1000 tol_grad=1e-08 tol_loss=off tol_step=off tol_dloss=off diverge=1e+12 method=gd schedule=constant digits=6")
    }

    @Test func failedStatementLeavesTheSessionAsItWas() {
        let console = RecordingConsole()
        let shell = Shell(console: console)
        shell.run("f(x) = x^2", file: "a")
        #expect(!shell.run("f(x) = x^2 + nope", file: "b"))
        shell.run("f(3)", file: "c")
        #expect(console.outputs.last == "9")
    }
}

@Suite struct LongStepTests {
    @Test func aLongStepShowsTheFirstAndLastIteratesAndSaysHowManyMore() {
        let r = runScript("h(w) = 0.5*w^2\nrun h from w=1 eta=1e-9 steps=0\nstep 10005")
        let lines = r.out[2].split(separator: "\n")
        // Header, 50 iterates, the note, 50 iterates, and the run summary (4 lines, a rate and a curvature line).
        #expect(lines.count == 1 + 50 + 1 + 50 + 4 + 2)
        #expect(lines[51] == "… 9905 iterates not shown (trace 51..9955 shows them)")
        #expect(lines[101].hasPrefix("10005 "))
    }

    @Test func aLongContinuationIsCutAsALongTraceIs() {
        let script = "f(x) = x^2\nrun f from x=1 steps=1 tol_grad=off\nstep 10000"
        let r = runScript(script)
        #expect(r.ok)
        let lines = r.out[2].split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count < 120)
        #expect(lines.contains("… 9900 iterates not shown (trace 52..9951 shows them)"))
        // The run is the same as one of 10001 steps, and its history is whole.
        let whole = runScript("f(x) = x^2\nrun f from x=1 steps=10001 tol_grad=off\ntrace", json: true)
        let stepped = runScript(script + "\ntrace", json: true)
        #expect(stepped.out.last == whole.out.last)
        // A short one is printed whole.
        #expect(!runScript("f(x) = x^2\nrun f from x=1 steps=1 tol_grad=off\nstep 100").out[2].contains("not shown"))
    }
}

@Suite struct TableColourTests {
    @Test func numbersAreColouredAfterPaddingAndHeadersAreNot() {
        var table = TextTable(["k", "L"])
        table.add(["1", "0.25"])
        table.colour = Colour(isEnabled: true)
        #expect(table.rendered == "k     L\n\u{1B}[36m1\u{1B}[0m  \u{1B}[36m0.25\u{1B}[0m")
        table.colour = .plain
        #expect(table.rendered == "k     L\n1  0.25")
    }
}

@Suite struct WindowsLineEndTests {
    @Test func crlfScriptsRunAndQuoteTheRightLine() {
        let r = runScript("f(x) = x^2\r\nf(3)\r\ny = nope\r\n", file: "w.gdscript")
        #expect(r.out == ["f(x) = x^2", "9"])
        #expect(r.err.first?.hasPrefix("w.gdscript:3:5: error: unknown name 'nope'\n 3 | y = nope\n") == true)
    }
}

/// Wrong results found by review, each pinned.
@Suite struct ReviewRegressionTests {
    @Test func aRefusedKeepNameLeavesTheLastRunAlone() {
        let r = runScript("f(x) = x^2\nrun f from x=1 steps=1 eta=0.25\nrun f from x=5 steps=2 as f", json: true)
        #expect(!r.ok)
        let console = RecordingConsole()
        let shell = Shell(json: true, console: console)
        shell.run("f(x) = x^2\nrun f from x=1 steps=1 eta=0.25", file: "a")
        _ = shell.run("run f from x=5 steps=2 as f", file: "b")
        shell.run("trace", file: "c")
        #expect(console.outputs.last?.contains(#""point":{"x":1}"#) == true)
    }

    @Test func sweepingStepsUsesWholeNumbersAndEachRowsCap() {
        let r = runScript("f(x) = x^2\nsweep f from x=5 steps=1..10 count=3 eta=0.1 target=1e-3", json: true)
        #expect(r.ok)
        // Values 1, 5.5 → 6, 10; x shrinks by 0.8 a step, so none reaches L ≤ 1e-3 and each stops at its own cap.
        #expect(r.out.last?.contains(#""value":6}"#) == true)
        #expect(r.out.last?.contains(#""steps":6,"reached":false"#) == true)
    }

    @Test func checkUsingANaNDerivativeSaysWhatIsWrong() {
        let r = runScript("f(x) = x^2\ndf(x) = 0/0\ncheck f using df at x=1")
        #expect(r.out.last?.contains("WRONG: df gives nan where ∂f/∂x is 2") == true)
    }

    @Test func aSquaredSquareRootStaysUndefinedBelowZero() {
        let r = runScript("f(x) = sqrt(x)^2\ng(x) = sqrt(x)*sqrt(x)\nf(-4)\ng(-4)\ng(4)")
        #expect(r.out.suffix(3) == ["nan", "nan", "4"])
    }

    @Test func multistartSpreadsOnlyOverRangedParameters() {
        let r = runScript("f(x, y) = x^4 - 3*x^2 + y^2\nmultistart f from x=-3..3, y=0 count=21 eta=0.01", json: true)
        #expect(r.out.last?.contains(#""runs":21"#) == true)
    }
}

@Suite struct ClearStatementTests {
    @Test func clearForgetsOneNameOrEverything() {
        let r = runScript("""
            f(x) = x^2
            a = 3
            run f from x=1 as r
            clear a
            clear r
            show
            clear
            show
            """)
        #expect(r.ok)
        #expect(r.out[3] == "cleared a")
        #expect(r.out[4] == "cleared r")
        #expect(r.out[5].hasPrefix("f(x) = x^2\nset eta=0.1"))
        #expect(r.out[6] == "cleared everything")
        #expect(r.out[7].hasPrefix("no functions or variables yet\nset eta=0.1"))
        #expect(runScript("f(x) = x^2\nclear\nf(2)").err.first?.contains("unknown function 'f'") == true)
    }

    @Test func clearKeepsSettingsAndRefusesWhatOthersUse() {
        let kept = runScript("set digits=3\nf(x) = x^2\nclear\nf(x) = x/3\nf(1)")
        #expect(kept.out.last == "0.333")
        let used = runScript("f(x) = x^2\ng(x) = f(x) + 1\nclear f")
        #expect(!used.ok)
        #expect(used.err.first?.contains("g uses 'f', so it cannot be forgotten alone") == true)
        #expect(runScript("f(x) = x^2\ng(x) = f(x) + 1\nclear f\ng(2)").err.count == 1)
        let unknown = runScript("fun(x) = x\nclear fnu")
        #expect(unknown.err.first?.contains("nothing is named 'fnu'") == true)
        #expect(unknown.err.first?.contains("did you mean 'fun'?") == true)
    }

    @Test func clearInJSONHelpAndCompletion() {
        let r = runScript("f(x) = x\nclear f\nclear", json: true)
        #expect(r.out[1] == #"{"kind":"cleared","names":["f"]}"#)
        #expect(r.out[2] == #"{"kind":"cleared","names":[]}"#)
        #expect(Help().text("clear")?.contains("example: clear f") == true)
        #expect(Help().overview.contains("clear"))
        let shell = Shell(console: RecordingConsole())
        shell.run("fit(x) = x\nfoo = 1", file: "t")
        #expect(Completion.complete("cl", environment: shell.session.environment).candidates == ["clear "])
        #expect(Completion.complete("clear f", environment: shell.session.environment).candidates == ["fit", "foo"])
    }
}

/// Reports that used to say something the run contradicts, or changed what the user typed without a word.
@Suite struct TrueReportTests {
    @Test func aMiniBatchRunOfPlainDescentIsCalledSGD() {
        let script = "data p = synth linear n=40 w=1 seed=1\nM(a) = mean(p, (a*x1 - y)^2)\nrun M from a=0 method=sgd batch=8 epochs=2"
        #expect(runScript(script).out[2].hasPrefix("run M from a = 0 with sgd, η = 0.1, mini-batches of 8\n"))
        #expect(runScript(script, json: true).out[2].contains(#""method":"sgd""#))
        // Full-batch plain descent stays gd.
        #expect(runScript("q(w) = w^2\nrun q from w=1", json: true).out[1].contains(#""method":"gd""#))
    }

    @Test func aProjectedStartSaysFromWhatToWhat() {
        let text = runScript("q(w) = w^2\nrun q from w=-3 where w >= 0").out[1]
        #expect(text.hasPrefix("run q from w = -3 with gd, η = 0.1\n  start projected onto the bounds: w = 0\n"))
        let json = runScript("q(w) = w^2\nrun q from w=-3 where w >= 0", json: true).out[1]
        #expect(json.contains(#""start":{"w":0}"#) && json.contains(#""projected_from":{"w":-3}"#))
        // A start inside the bounds is not projected, and says nothing of it.
        let inside = runScript("q(w) = w^2\nrun q from w=3 where w >= 0")
        #expect(!inside.out[1].contains("start projected"))
        #expect(!runScript("q(w) = w^2\nrun q from w=3 where w >= 0", json: true).out[1].contains("projected_from"))
    }

    @Test func numbersTypedPrintAsTypedWhateverTheDigits() {
        let r = runScript("set digits=17\nq(w) = w^2\nrun q from w=0.1 eta=0.1 tol_grad=1e-9")
        #expect(r.out[1].hasPrefix("run q from w = 0.1 with gd, η = 0.1\n"))
        #expect(r.out[1].contains("≤ tol_grad = 1e-09 after"))
        // Computed numbers keep the digits asked for.
        #expect(r.out[1].contains("rate  linear: each step shrinks by ρ ≈ 0.79999999999999993 (steps 65–86)"))
        // A step size typed with more digits than shown by default keeps them.
        #expect(runScript("q(w) = w^2\nrun q from w=1 eta=0.123456789 steps=2").out[1]
            .hasPrefix("run q from w = 1 with gd, η = 0.123456789\n"))
    }

    @Test func aParameterNamedLikeAnOptionIsPointedOut() {
        let r = runScript("L(eta) = (eta - 1)^2\nset eta=0.4\nrun L from eta=3 steps=1")
        #expect(r.out[0] == "L(eta) = (eta - 1)^2\nnote: parameter 'eta' has the name of an option: in run, sweep and compare on L, eta=… gives the parameter's start; set the option for them with set eta=…")
        // set eta= sets the step size: 3 − 0.4·2·(3 − 1) = 1.4 by hand.
        #expect(r.out.count == 2 && r.out[1].contains("with gd, η = 0.4\n") && r.out[1].contains("at    eta = 1.4\n"))
        #expect(runScript("L(eta) = (eta - 1)^2", json: true).out[0].contains(#""notes":["note: parameter 'eta'"#))
        #expect(!runScript("L(w) = w^2", json: true).out[0].contains("notes"))
    }
}

/// `check f at 2`, `hessian f at 2`: for a function of one parameter, its value alone is the point.
@Suite struct BarePointTests {
    @Test func aValueAloneIsThePointOfAOneParameterFunction() {
        let prelude = "f(x) = x^3\n"
        #expect(runScript(prelude + "check f at 2").out == runScript(prelude + "check f at x=2").out)
        #expect(runScript(prelude + "hessian f at -1").out == runScript(prelude + "hessian f at x=-1").out)
        #expect(runScript(prelude + "check f at pi/2").out == runScript(prelude + "check f at x=pi/2").out)
    }
}

/// `inf` and `nan`, the names gd prints for such values, read back as what they print.
@Suite struct NonFiniteConstantTests {
    @Test func infAndNanAreConstants() {
        let r = runScript("a = inf\nb = -inf\nc = nan\n1/inf\nhelp inf")
        #expect(r.ok)
        #expect(r.out == ["a = inf", "b = -inf", "c = nan", "0", "constant inf = inf"])
        #expect(runScript("help functions").out.first?.hasSuffix("constants: pi, e, inf, nan") == true)
    }

    @Test func aSavedSessionWithAnInfiniteValueLoadsBack() {
        let console = RecordingConsole()
        let shell = Shell(json: false, console: console)
        #expect(shell.run("a = 1/0\nb = 0/0", file: "t.gdscript"))
        let again = Shell(json: false, console: RecordingConsole())
        #expect(again.run(shell.session.script(tableFiles: [:]), file: "saved.gdscript"))
        #expect(again.session.environment.variables["a"] == .infinity)
        #expect(again.session.environment.variables["b"]?.isNaN == true)
    }

    @Test func theyCannotBeRedefined() {
        let r = runScript("inf = 3", json: true)
        #expect(r.out.last?.contains("'inf' is a built-in constant and cannot be redefined") == true)
    }
}

/// What users of other REPLs type, and introspection of one name.
@Suite struct HabitTests {
    @Test func statementsCalledLikeFunctions() {
        #expect(runScript("help()").out.first?.hasPrefix("statements (help NAME shows") == true)
        let r = runScript("quit()\n1 + 1")
        #expect(r.ok && r.out.isEmpty)
    }

    @Test func aStatementCalledOnOneNameIsThatStatementOnIt() {
        #expect(runScript("help(run)").out == runScript("help run").out)
        #expect(runScript("f(x) = x^2\nshow(f)").out == runScript("f(x) = x^2\nshow f").out)
        // diff is also a function of expressions, called as one.
        #expect(runScript("diff(x)", json: true).out.last?.contains("diff takes an expression and a variable name") == true)
        let r = runScript("help(rnu)", json: true)
        #expect(r.out.last?.contains(#""column":6,"message":"no help on 'rnu'""#) == true)
    }

    @Test func quitAndExitInAnyCaseLeave() {
        for entry in ["quit", "Quit", "QUIT", "exit", "Exit", " EXIT ", "exit()", "Quit()"] {
            #expect(Statements.leaves(entry), "\(entry)")
        }
        #expect(!Statements.leaves("quit now"))
        #expect(!Statements.leaves("quiet"))
    }

    @Test func questionMarksAndExit() {
        #expect(Statements.habit("?") == "help")
        #expect(Statements.habit(" ?run ") == "help run")
        #expect(Statements.habit("f?") == "show f")
        #expect(Statements.habit("?functions") == "help functions")
        #expect(Statements.habit("exit()") == "quit")
        #expect(Statements.habit("f(2)") == nil)
        #expect(Statements.habit("a ? b") == nil)
    }

    @Test func showOneName() {
        let r = runScript("f(x) = x^4 - 3*x^2 + 2\na = 3\nrun f from x=1 steps=2 as r\nshow f\nshow a\nshow r")
        // f is the sum of x^4, −3·x^2 and 2: nodes x, 4, x^4, 3 (or −3), 2, x^2, −3·x^2 and the sum; ∇f = 4x³ − 6x alike.
        #expect(r.out[3].hasPrefix("f(x) = x^4 - 3*x^2 + 2\n  "))
        #expect(r.out[3].contains("distinct nodes; its gradient, "))
        #expect(r.out[4] == "a = 3")
        #expect(r.out[5] == r.out[2])
        let json = runScript("f(x) = x^2\nshow f", json: true).out[1]
        #expect(json.hasPrefix(#"{"kind":"define","name":"f","params":["x"],"expr":"x^2","nodes":"#))
    }
}

@Suite struct TraceTests {
    static let script = "f(x) = x^2\nrun f from x=1 eta=0.001 steps=500 as s\nrun f from x=1 steps=3\n"

    @Test func aLongHistoryShowsItsEndsAndSaysWhatItLeftOut() {
        let lines = runScript("f(x) = x^2\nrun f from x=1 eta=0.001 steps=500\ntrace").out[2].split(separator: "\n")
        // 501 iterates: a header, k = 0…49, the note, k = 451…500.
        #expect(lines.count == 1 + 50 + 1 + 50)
        #expect(lines[51] == "… 401 iterates not shown (trace 50..450 shows them)")
        #expect(lines[50].hasPrefix(" 49 ") && lines[52].hasPrefix("451 ") && lines.last!.hasPrefix("500 "))
        // A short history is shown whole, and so is one that would leave out fewer than 20 rows.
        #expect(runScript("f(x) = x^2\nrun f from x=1 steps=3\ntrace").out[2].split(separator: "\n").count == 5)
        #expect(runScript("f(x) = x^2\nrun f from x=1 eta=0.001 steps=118\ntrace").out[2].split(separator: "\n").count == 120)
        #expect(runScript("f(x) = x^2\nrun f from x=1 eta=0.001 steps=119\ntrace").out[2].split(separator: "\n").count == 102)
    }

    @Test func aCountARangeAndAKeptRun() {
        let r = runScript(Self.script + "trace s 3\ntrace 1..2\ntrace s 400..402")
        // The kept run s: x ← 0.998x from 1, so 1, 0.998, 0.996004.
        #expect(r.out[3] == "k         x         L     ‖∇L‖\n0         1         1        2\n1     0.998  0.996004    1.996\n2  0.996004  0.992024  1.99201")
        // The last run: x ← 0.8x, so x = 0.8 and 0.64 at k = 1 and 2.
        #expect(r.out[4] == "k     x       L  ‖∇L‖\n1   0.8    0.64   1.6\n2  0.64  0.4096  1.28")
        #expect(r.out[5].split(separator: "\n").count == 4)
        let json = runScript(Self.script + "trace s 2..3", json: true).out[3]
        #expect(json.contains(#""iterates":[{"k":2,"#) && !json.contains(#""k":4"#))
    }

    @Test func itsErrors() {
        #expect(runScript(Self.script + "trace q").err.first?.contains("no run kept as 'q'") == true)
        #expect(runScript(Self.script + "trace 2..1").err.first?.contains("the range of k must be increasing, not 2..1") == true)
        #expect(runScript(Self.script + "trace 1.5").err.first?.contains("trace takes whole numbers of iterates, at least 0, not 1.5") == true)
    }
}

@Suite struct TimeTests {
    @Test func timeCarriesOutTheStatementThenSaysHowLongItTook() {
        let r = runScript("f(x) = x^2\ntime run f from x=1 steps=3\ntime 2 + 2")
        #expect(r.ok && r.out.count == 5)
        #expect(r.out[1].hasPrefix("run f from x = 1 with gd, η = 0.1\n"))
        #expect(r.out[3] == "4")
        for line in [r.out[2], r.out[4]] {
            #expect(line.wholeMatch(of: /time: [0-9.]+ (µs|ms|s) \(wall clock\)/) != nil, "\(line)")
        }
        // The statement's effects stay: a = 3 is defined through time.
        #expect(runScript("time a = 3\na + 1").out.last == "4")
        let json = runScript("time 2 + 2", json: true).out
        #expect(json[0] == #"{"kind":"value","value":4}"#)
        #expect(json[1].hasPrefix(#"{"kind":"time","seconds":"#))
    }

    @Test func itsError() {
        #expect(runScript("time").err.first?.contains("expected a statement to time after 'time'") == true)
        #expect(runScript("time runn f").err.first?.contains("unknown statement 'runn'") == true)
    }
}

/// Runs that stop where ∇L = 0 say what the point is when it is not a minimum; a diverged run's curvature is
/// taken where it explains the run.
@Suite struct StationaryPointTests {
    // f'(2) = 4·8 − 6·2 = 20, so one step of η = 0.1 from x = ±2 lands exactly on the maximum x = 0 (f'' = −6).
    static let f = "f(x) = x^4 - 3*x^2 + 2\n"

    @Test func aRunThatStopsOnAMaximumSaysSo() {
        let r = runScript(Self.f + "run f from x=2 eta=0.1")
        #expect(r.out[1].contains("\n  NOTE  ∇L vanished at a maximum, not a minimum: the loss curves down in every direction here\n"))
        #expect(runScript(Self.f + "run f from x=2 eta=0.1", json: true).out[1].contains(#""point_kind":"maximum""#))
        // a² − b² from (1, 0): b stays 0, a goes to 0, a saddle.
        #expect(runScript("S(a, b) = a^2 - b^2\nrun S from a=1, b=0").out[1].contains("NOTE  ∇L vanished at a saddle point"))
        // A minimum needs no note, and its JSON says minimum.
        #expect(!runScript(Self.f + "run f from x=1").out[1].contains("NOTE"))
        #expect(runScript(Self.f + "run f from x=1", json: true).out[1].contains(#""point_kind":"minimum""#))
        // On an active bound the projected gradient vanishes at a constrained minimum, whatever L'' is.
        let bounded = runScript("n(w) = -w^2\nrun n from w=0.5 where 0 <= w <= 1", json: true).out[1]
        #expect(!bounded.contains("point_kind"))
    }

    @Test func compareSweepAndGridSayItToo() {
        let c = runScript(Self.f + "compare f from x=2 methods=gd,momentum eta=0.1")
        #expect(c.out[1].contains("gd        0  2      1  tol_grad (maximum)"))
        let s = runScript(Self.f + "sweep f from x=2 eta=0.1..0.1 count=1 tol_grad=1e-8 target=-0.2")
        #expect(s.out[1].contains("no, stopped on a maximum"))
        let g = runScript(Self.f + "grid f from x=-2..2 count=5 eta=0.1..0.1 count=1 steps=200", json: true).out[1]
        // Starts −2, −1, 0, 1, 2: the ends and the middle stop on the maximum; ±1 converge to the minima ±√1.5.
        #expect(g.contains(#""converged":[[false,true,false,true,false]]"#))
        #expect(g.contains(#""point_kind":[["maximum","minimum","maximum","minimum","maximum"]]"#))
        let text = runScript(Self.f + "grid f from x=-2..2 count=5 eta=0.1..0.1 count=1 steps=200").out[1]
        #expect(text.contains("converged 2 of 5, diverged 0, out of steps 0, stopped on a maximum, saddle or flat point 3"))
        #expect(text.contains("η=0.1 ^█^█^"))
    }

    @Test func aDivergedRunsCurvatureIsTakenAtItsStart() {
        // f''(−2.5) = 12·6.25 − 6 = 69, so η < 2/69 = 0.0289855; η = 0.5 is past it.
        let r = runScript(Self.f + "run f from x=-2.5 eta=0.5")
        #expect(r.out[1].contains("\n  curvature L'' = 69 at the start; stable for η < 2/λ = 0.0289855\n"))
        #expect(r.out[1].hasSuffix("\n  WARNING η = 0.5 is past the stability bound 0.0289855"))
        #expect(runScript(Self.f + "run f from x=-2.5 eta=0.5", json: true).out[1].contains(#""curvature":69,"curvature_at":"start""#))
    }
}

@Suite struct LossChangeToleranceTests {
    @Test func aRunWhoseLossStallsStopsByTolDloss() {
        // Backtracking from x = 2 with η = 1 on x⁴ − 3x² + 2: its loss stops changing by more than 1e-12 after
        // 21 steps, ten steps before ‖∇L‖ reaches tol_grad (Tests/reference/backtracking_stall.py, with the loss
        // computed as NumPy computes its text).
        let f = "f(x) = x^4 - 3*x^2 + 2\n"
        #expect(runScript(f + "run f from x=2 method=backtracking eta=1").out[1].contains("after 31 steps"))
        let r = runScript(f + "run f from x=2 method=backtracking eta=1 tol_dloss=1e-12", json: true).out[1]
        #expect(r.contains(#""stop":"tol_dloss""#))
        #expect(r.contains(#""steps":21,"#))
        let text = runScript(f + "run f from x=2 method=backtracking eta=1 tol_dloss=1e-12").out[1]
        #expect(text.contains("stop  tol_dloss: |ΔL| ≤ tol_dloss = 1e-12 after 21 steps: progress stalled"))
    }

    @Test func setSweepCompareAndMultistartTakeIt() {
        let f = "f(x) = x^4 - 3*x^2 + 2\n"
        #expect(runScript("set tol_dloss=1e-6\nshow").out[0].contains(" tol_dloss=1e-06 "))
        let sweep = runScript(f + "sweep f from x=2 eta=0.001..0.01 count=3 tol_dloss=1e-3 target=-1", json: true).out[1]
        #expect(sweep.contains(#""stop":"tol_dloss""#))
        let compare = runScript(f + "compare f from x=2 methods=gd,adam eta=0.01 tol_dloss=1e-3", json: true).out[1]
        #expect(compare.contains(#""stop":"tol_dloss""#))
        #expect(runScript(f + "multistart f from x=-3..3 count=5 tol_dloss=1e-3").ok)
        // A stalled run is not called converged: its grid cell is not.
        let grid = runScript(f + "grid f from x=1..2 count=2 eta=0.001..0.001 count=1 tol_dloss=1e-3", json: true).out[1]
        #expect(grid.contains(#""converged":[[false,false]]"#) && grid.contains(#""stop":[["tol_dloss","tol_dloss"]]"#))
    }
}

/// Work the user interrupts is reported as interrupted: what finished, and what never ran.
@Suite struct InterruptedWorkTests {
    /// Answers "interrupted?" with no for the first `after` questions, then yes.
    final class Interrupt: @unchecked Sendable {
        let lock = Lock()
        var asked = 0
        let after: Int
        init(after: Int) { self.after = after }
        func callAsFunction() -> Bool { lock.withLock { asked += 1; return asked > after } }
    }

    func run(_ source: String, json: Bool = false, interruptAfter after: Int) -> [String] {
        let console = RecordingConsole()
        let shell = Shell(json: json, console: console)
        let interrupt = Interrupt(after: after)
        shell.session.interrupted = { interrupt() }
        shell.run(source, file: "t.gdscript")
        return console.outputs
    }

    static let f = "f(x) = x^4 - 3*x^2 + 2\n"

    @Test func anInterruptedSweepSaysWhichValuesFinished() {
        // The plateau schedule follows each run's losses, so runs go one value at a time: the first finishes (the question before it says no), the others never start.
        let out = run(Self.f + "sweep f from x=2 eta=0.01..0.03 count=3 method=rmsprop schedule=plateau steps=200 target=-0.2", interruptAfter: 1)
        #expect(out[1].contains("never ran (interrupted)"))
        #expect(out[1].contains("interrupted: 1 of 3 values finished"))
        #expect(!out[1].contains("no η reached"))
        let json = run(Self.f + "sweep f from x=2 eta=0.01..0.03 count=3 method=rmsprop schedule=plateau steps=200 target=-0.2", json: true, interruptAfter: 1)
        #expect(json[1].contains(#""stop":"interrupted""#) && json[1].hasSuffix(#","interrupted":true}"#))
        // Lanes run together, and are interrupted together, part way: each row says where.
        let lanes = run(Self.f + "sweep f from x=2 eta=0.0001..0.0002 count=2 steps=100000 target=-10", interruptAfter: 0)
        // Its plot does not call the interrupted runs misses at the cap.
        let plotted = run(Self.f + "sweep f from x=2 eta=0.0001..0.0002 count=2 steps=100000 target=-10\nplot sweep", interruptAfter: 0)
        #expect(plotted[2].contains("interrupted (drawn at the steps run)") && !plotted[2].contains("missed"))
        #expect(lanes[1].contains("interrupted at 1023"))
        #expect(lanes[1].contains("interrupted: 0 of 2 values finished"))
    }

    @Test func anInterruptedGridMultistartAndCompareSayItToo() {
        let grid = run(Self.f + "grid f from x=1..2 count=2 eta=0.0001..0.0002 count=2 steps=100000", interruptAfter: 0)
        #expect(grid[1].contains("; interrupted before 4 finished (?)"))
        #expect(grid[1].contains("??"))
        #expect(run(Self.f + "grid f from x=1..2 count=2 eta=0.0001..0.0002 count=2 steps=100000", json: true, interruptAfter: 0)[1]
            .hasSuffix(#","interrupted":true}"#))
        let ms = run(Self.f + "multistart f from x=-2..2 count=4 method=rmsprop schedule=plateau steps=100", interruptAfter: 2)
        #expect(ms[1].contains("interrupted: 2 of 4 runs did not finish, and are left out"))
        #expect(ms[1].hasPrefix("multistart f: 2 runs"))
        let compare = run(Self.f + "compare f from x=2 methods=gd,momentum,adam eta=0.01", interruptAfter: 1)
        #expect(compare[1].hasSuffix("interrupted: momentum, adam never ran"))
        #expect(run(Self.f + "compare f from x=2 methods=gd,momentum,adam eta=0.01", json: true, interruptAfter: 1)[1]
            .hasSuffix(#""interrupted":true,"not_run":["momentum","adam"]}"#))
    }
}

/// Every name a user can type has help: methods, schedules and options too, from their declarations.
@Suite struct HelpTopicTests {
    @Test func methodsSchedulesAndOptions() {
        let methods = runScript("help methods").out[0]
        for name in ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "backtracking", "exact", "newton"] {
            #expect(methods.contains("\n  \(name) "), "\(name)")
        }
        let adam = runScript("help adam").out[0]
        #expect(adam.hasPrefix("method adam: torch.optim.Adam"))
        #expect(adam.contains("  beta1           0.9      decay of the first moment"))
        #expect(runScript("help momentum").out[0].contains("stable near a minimum for η < 2(1+β)/λ"))
        #expect(runScript("help cosine").out[0].hasPrefix("schedule cosine:"))
        #expect(runScript("help schedules").out[0].contains("\n  plateau "))
        #expect(runScript("help sgd").out[0].hasPrefix("method sgd: gd on mini-batches"))
        #expect(runScript("help options").out[0].contains("\n  tol_dloss "))
        // help run names every method and schedule.
        let run = runScript("help run").out[0].replacing("\n  ", with: " ")
        #expect(run.contains("methods: gd, momentum, nesterov, adagrad, rmsprop, adam, adamw, backtracking, exact, newton, sgd;"))
        #expect(run.contains("schedules: constant, step, exp, cosine, plateau (help NAME for one)"))
        // A misspelt method gets a suggestion.
        #expect(runScript("help adamm").err.first?.contains("did you mean 'help adam'?") == true)
        for topic in ["methods", "schedules", "options", "adam", "cosine", "sgd"] {
            #expect(Help().text(topic)!.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(topic)")
        }
    }
}

/// Cases a review of the true-reports work found: each a report that contradicted its run, or a crash.
@Suite struct ReviewedReportTests {
    @Test func aLongSumIsEvaluatedWithoutRecursingPastTheStack() {
        let sum = Array(repeating: "1", count: 10_000).joined(separator: "+")
        #expect(runScript("a = \(sum)").out == ["a = 10000"])
        let f = "f(x) = " + Array(repeating: "x", count: 9_000).joined(separator: "+")
        #expect(runScript(f + "\nf(2)").out.last == "18000")
    }

    @Test func onlyAVanishingGradientNamesThePoint() {
        // A tiny η stops on tol_step on the slope, where ‖∇L‖ ≈ 0.596: no point is named.
        let slope = runScript("f(x) = x^4 - 3*x^2 + 2\nrun f from x=0.1 eta=1e-6 tol_step=1e-3", json: true).out[1]
        #expect(!slope.contains("point_kind"))
        // A minimum of curvature 2e-9 is a minimum, not flat.
        let shallow = runScript("h(x) = 1e-9*(x-1)^2\nrun h from x=1000 eta=1e8")
        #expect(!shallow.out[1].contains("NOTE"))
        #expect(runScript("h(x) = 1e-9*(x-1)^2\nrun h from x=1000 eta=1e8", json: true).out[1].contains(#""point_kind":"minimum""#))
        // A sweep's rows that stop on a bound are not called maxima.
        let bounded = runScript("f(x) = -x^2\nsweep f from x=0.5 where 0 <= x <= 1 eta=0.1..0.5 count=3 target=-100 tol_grad=1e-8", json: true)
        #expect(!bounded.out[1].contains("point_kind"))
    }

    @Test func aGridSaysWhichCellsStalled() {
        let text = runScript("g(x) = (x-1)^2\ngrid g from x=-2..2 count=5 eta=0.01..0.5 count=3 tol_dloss=1e-6").out[1]
        #expect(text.contains("converged 7 of 15, diverged 0, out of steps 0, stalled (tol_dloss) 8"))
        #expect(text.contains("~ stalled"))
    }

    @Test func aRateVerdictDoesNotContradictTheLoss() {
        // Momentum gathering speed: its steps grow while L falls from 1 to about 1e-8; no verdict yet.
        let early = runScript("c(x) = x^4\nrun c from x=1 method=momentum eta=0.01 steps=12").out[1]
        #expect(!early.contains("rate"))
        // rmsprop on Rosenbrock: over the last quarter L rises; it is not converging, sublinearly or otherwise.
        let rising = runScript("r(x, y) = (1-x)^2 + 100*(y - x^2)^2\nrun r from x=-1, y=1 method=rmsprop eta=0.05").out[1]
        #expect(!rising.contains("sublinear") && !rising.contains("linear:"))
    }

    @Test func aMiniBatchRunSaysWhichGradientMetTolGrad() {
        let script = "data pts = synth linear n=100 w=2 noise=0.5 seed=3\nL(w) = mean(pts, (w*x1 - y)^2)\nrun L from w=0 eta=0.05 batch=10 tol_grad=1e-3"
        let r = runScript(script).out[2]
        #expect(r.contains("tol_grad: the batch's ‖∇L‖ ≤ tol_grad = 0.001 after ") && r.contains("(over all rows ‖∇L‖ = "))
    }
}

@Suite struct CycleReportTests {
    // Reference values: Tests/reference/two_cycle.py.
    static let L = "L(w) = 0.5*(w^2-1)^2\n"

    @Test func aRunThatSettlesIntoATwoCycleSaysSoWhicheverPointItStopsOn() {
        let a = runScript(Self.L + "run L from w=1.02 eta=0.51").out[1]
        #expect(a.contains("\n  rate  not converging: settled into a 2-cycle, between w = 0.922606 and w = 1.06263 (steps 992–1000)\n"))
        #expect(a.contains("\n  curvature L'' = 3.10721 to 4.77514 over the cycle's points; stable for η < 2/λ = 0.418836 at the steepest\n  WARNING η = 0.51 is past the stability bound 0.418836"))
        #expect(!a.contains("steps grow"))
        // From 1.5 the run stops on the cycle's flatter point, where L'' alone would call η = 0.51 stable.
        let b = runScript(Self.L + "run L from w=1.5 eta=0.51").out[1]
        #expect(b.contains("settled into a 2-cycle, between w = -1.06263 and w = -0.922606"))
        #expect(b.contains("WARNING η = 0.51 is past the stability bound 0.418836"))
        let json = runScript(Self.L + "run L from w=1.5 eta=0.51", json: true).out[1]
        #expect(json.contains(#""cycle_period":2,"cycle":[{"w":-1.0626"#))
        #expect(json.contains(#""curvature_at":"cycle""#))
        #expect(json.contains(#""past_stability_bound":true"#))
    }

    @Test func aKinkCycleIsACycleNotGrowth() {
        let r = runScript("a(x) = abs(x)\nrun a from x=1 eta=0.3").out[1]
        #expect(r.contains("settled into a 2-cycle, between x = -0.2 and x = 0.1"))
        #expect(r.contains("curvature L'' = 0 at each of the cycle's points"))
    }

    @Test func aConvergingRunIsNoCycle() {
        #expect(!runScript(Self.L + "run L from w=1.5 eta=0.1").out[1].contains("cycle"))
        #expect(!runScript("q(x) = x^2\nrun q from x=4 method=momentum eta=0.01").out[1].contains("cycle"))
    }
}

@Suite struct BoundStopReportTests {
    @Test func aRunHeldByItsBoundsHasNoStabilityBoundThere() {
        // (w − 1)² from 3 with η = 1.5 jumps to −3 and is projected onto w ≥ 2 in one step, where it stays:
        // L'' = 2 would put η past 2/λ = 1, but along w the bound, not the step size, decides.
        let r = runScript("q(w) = (w-1)^2\nrun q from w=3 where w >= 2 eta=1.5").out[1]
        #expect(r.contains("stop  tol_grad: ‖projected ∇L‖ = 0 ≤ tol_grad = 1e-08 after 1 step"))
        #expect(!r.contains("WARNING"))
        #expect(r.contains("curvature not read: the bounds hold every parameter here, and a step past them is projected back"))
        let json = runScript("q(w) = (w-1)^2\nrun q from w=3 where w >= 2 eta=1.5", json: true).out[1]
        #expect(json.contains(#""curvature":null"#))
        #expect(json.contains(#""past_stability_bound":false"#))
    }

    @Test func theCurvatureOfTheFreeParametersBoundsTheStep() {
        // (x − 1)² + 10(y + 1)² with x held at 2: only y moves, with L_yy = 20, so 2/λ = 0.1 (L_xx = 2 plays no part).
        let r = runScript("b(x,y) = (x-1)^2 + 10*(y+1)^2\nrun b from x=3, y=3 where x >= 2 eta=0.09").out[1]
        #expect(r.contains("curvature λmax(H) = 20 at the end, along the parameters no bound holds; stable for η < 2/λ = 0.1"))
        let held = runScript("b(x,y) = (x-1)^2 + 0.1*(y+1)^2\nrun b from x=3, y=3 where x >= 2 eta=0.9").out[1]
        // L_xx = 2 would say 2/λ = 1 and L_yy = 0.2 says 10; with x held, η = 0.9 is under 10, and no WARNING.
        #expect(held.contains("stable for η < 2/λ = 10"))
    }
}

@Suite struct DivergedCurvatureTests {
    @Test func aRunThatDivergesAfterDescendingReadsTheCurvatureWhereItsLossRose() {
        // x⁴ − 3x² + 2 from 0.1 with η = 0.5 first falls, then from step 10 rises at every step to the end. Step 10
        // (x = 0.4776) curves down; step 11 (x = 1.69247) is the first of the rise that curves up, L'' = 12x² − 6 =
        // 28.3734, where η = 0.5 overshoots (2/λ = 0.0704886). At the start L'' = −5.88, which explains nothing.
        // (The iterates, by the plain update in Python floats: x_{k+1} = x_k − 0.5(4x_k³ − 6x_k).)
        let r = runScript("f(x) = x^4 - 3*x^2 + 2\nrun f from x=0.1 eta=0.5").out[1]
        #expect(r.contains("\n  curvature L'' = 28.3734 at step 11, where L was growing; stable for η < 2/λ = 0.0704886\n  WARNING η = 0.5 is past the stability bound 0.0704886"))
        let json = runScript("f(x) = x^4 - 3*x^2 + 2\nrun f from x=0.1 eta=0.5", json: true).out[1]
        #expect(json.contains(#""curvature_at":"growth","curvature_k":11"#))
    }
}

@Suite struct AbandonedEntryTests {
    /// A console on which Ctrl-C is "pressed" as the first report is written.
    final class PressingConsole: Console {
        var outputs: [String] = []
        var pressed = false
        func output(_ text: String) { outputs.append(text); pressed = true }
        func error(_ text: String) {}
    }

    @Test func ctrlCAbandonsTheRestOfTheEntry() {
        let console = PressingConsole()
        let shell = Shell(console: console)
        shell.interrupts = ({ console.pressed }, { console.pressed = false })
        shell.run("1 + 1; 2 + 2; 3 + 3", file: "<stdin:1>")
        #expect(console.outputs == ["2", "… Ctrl-C: the 2 statements after it not run"])
        // The next entry runs whole.
        console.pressed = false
        shell.interrupts = ({ false }, {})
        shell.run("4 + 4; 5 + 5", file: "<stdin:2>")
        #expect(console.outputs.suffix(2) == ["8", "10"])
    }

    @Test func aStatementStoppedByCtrlCStopsTheEntry() {
        // The run's work sees the key (the descent stops as interrupted); the statements after it do not run.
        let console = RecordingConsole()
        let shell = Shell(console: console)
        nonisolated(unsafe) var pressed = false
        shell.interrupts = ({ pressed }, { pressed = false })
        // Ctrl-C comes as the run looks for it.
        shell.session.interrupted = { pressed = true; return true }
        shell.run("f(x) = x^2\nrun f from x=1 steps=100000000 tol_grad=off\nf(3)", file: "<stdin:1>")
        #expect(console.outputs.last == "… Ctrl-C: the 1 statement after it not run")
        #expect(!console.outputs.contains("9"))
    }
}

@Suite struct WrappedErrorTests {
    @Test func onATerminalAnErrorsMessageAndHelpBreakBetweenWords() {
        let console = RecordingConsole()
        let shell = Shell(console: console)
        shell.wrapsLines = true
        shell.layout = { (40, false) }
        shell.run("f(x) = x^2\nrun f from x=1 bogus=1", file: "t.gdscript")
        let text = console.errors.joined(separator: "\n")
        let lines = text.split(separator: "\n")
        // Every line fits but the quoted source line, which stays whole so the caret is under its column.
        for line in lines where !line.hasPrefix(" 2 |") { #expect(line.count <= 40, "\(line)") }
        #expect(lines.contains(" 2 | run f from x=1 bogus=1"))
        // No word is cut: the words are those of the unwrapped error.
        let plain = RecordingConsole()
        Shell(console: plain).run("f(x) = x^2\nrun f from x=1 bogus=1", file: "t.gdscript")
        func words(_ s: String) -> [Substring] { s.split(whereSeparator: { $0 == " " || $0 == "\n" }) }
        #expect(words(text) == words(plain.errors.joined(separator: "\n")))
        #expect(plain.errors.joined().split(separator: "\n").contains { $0.count > 40 })
    }
}
