import Testing
@testable import GDShell
@testable import GDSession
@testable import GDRender
@testable import GDRepl

/// The `--json` contract of README.md, field by field and in order.
@Suite struct JSONContractTests {
    @Test func define() {
        let r = runScript("f(x) = x^4 - 3*x^2 + 2", json: true)
        #expect(r.out == [#"{"kind":"define","name":"f","params":["x"],"expr":"x^4 - 3*x^2 + 2"}"#])
    }

    @Test func value() {
        // f(1.5) = 5.0625 − 6.75 + 2 = 0.3125.
        let r = runScript("f(x) = x^4 - 3*x^2 + 2\nf(1.5)", json: true)
        #expect(r.out.last == #"{"kind":"value","value":0.3125}"#)
    }

    @Test func derivative() {
        let r = runScript("f(x) = x^4 - 3*x^2 + 2\ndiff f\nL(w1, w2) = w1^2 + 5*w2^2\ndiff L", json: true)
        #expect(r.out[1] == #"{"kind":"derivative","of":"f","wrt":["x"],"exprs":["4*x^3 - 6*x"]}"#)
        #expect(r.out[3] == #"{"kind":"derivative","of":"L","wrt":["w1","w2"],"exprs":["2*w1","10*w2"]}"#)
    }

    @Test func hessian() {
        let r = runScript("L(w1, w2) = w1^2*w2 + 5*w2^2\nhessian L", json: true)
        #expect(r.out[1] == #"{"kind":"hessian","of":"L","wrt":["w1","w2"],"exprs":[["2*w2","2*w1"],["2*w1","10"]]}"#)
        // At a point, the same fields and then the values and what they say (diag(2, 10) by hand: κ = 5, η < 0.2);
        // where no eigenvalue is positive, no condition number and no bound.
        let at = runScript("B(w1, w2) = w1^2 + 5*w2^2\nhessian B at w1=1, w2=-1\nC(x) = -x^2\nhessian C at x=3", json: true)
        #expect(at.out[1] == #"{"kind":"hessian","of":"B","wrt":["w1","w2"],"exprs":[["2","0"],["0","10"]],"at":{"w1":1,"w2":-1},"values":[[2,0],[0,10]],"eigenvalues":[2,10],"shape":"positive definite","condition":5,"eta_max":0.2}"#)
        #expect(at.out[3] == #"{"kind":"hessian","of":"C","wrt":["x"],"exprs":[["-2"]],"at":{"x":3},"values":[[-2]],"eigenvalues":[-2],"shape":"negative definite","condition":null,"eta_max":null}"#)
    }

    @Test func checkFields() {
        let r = runScript("f(x) = x^3\ncheck f at x=2", json: true)
        let line = r.out[1]
        #expect(line.hasPrefix(#"{"kind":"check","of":"f","at":{"x":2},"symbolic":[12],"central":["#))
        #expect(line.contains(#""forward":[12],"max_abs_err":"#))
        #expect(line.contains(#""max_rel_err":"#))
        #expect(!line.contains("agrees"))
    }

    @Test func checkUsingAHandDerivative() {
        let r = runScript("f(x) = x^3\ndf(x) = 3*x^2\nbad(x) = 3*x\ncheck f using df at x=2\ncheck f using bad at x=2", json: true)
        #expect(r.out[3].contains(#""using":["df"],"user":[12],"user_abs_err":0,"user_rel_err":0,"agrees":true}"#))
        // bad(2) = 6 against 12: abs err 6, rel err 0.5.
        #expect(r.out[4].contains(#""using":["bad"],"user":[6],"user_abs_err":6,"user_rel_err":0.5,"agrees":false}"#))
    }

    @Test func run() {
        let r = runScript("h(w) = 0.5*w^2\nrun h from w=5 eta=0.5 tol_grad=1e-10 steps=80", json: true)
        // The core fields, in order, then the diagnostics: 0.5*w^2 has L'' = 1, so η < 2/1, and w halves each step.
        #expect(r.out[1].hasPrefix(#"{"kind":"run","of":"h","method":"gd","eta":0.5,"start":{"w":5},"final":{"w":7.275957614183426e-11},"loss":2.6469779601696886e-21,"grad_norm":7.275957614183426e-11,"steps":36,"stop":"tol_grad","#))
        #expect(r.out[1].hasSuffix(#","schedule":"constant","rate":{"kind":"linear","rho":0.5,"from_k":24,"to_k":36},"curvature":1,"curvature_at":"end","point_kind":"minimum","eta_max":2,"past_stability_bound":false,"active_bounds":[]}"#))
    }

    @Test func runAfterStep() {
        let r = runScript("h(w) = 0.5*w^2\nrun h from w=4 eta=0.5 steps=1\nstep 2", json: true)
        #expect(r.out[2].hasPrefix(#"{"kind":"run","of":"h","method":"gd","eta":0.5,"start":{"w":4},"final":{"w":0.5},"loss":0.125,"grad_norm":0.5,"steps":3,"stop":"steps","#))
    }

    @Test func divergedRunSaysWhy() {
        let r = runScript("t(θ) = θ^2\nrun t from θ=4 eta=1.1", json: true)
        #expect(r.out[1].contains(#""steps":76,"stop":"diverged","diverged":"|L| = "#))
    }

    @Test func sweep() {
        let r = runScript("h(w) = 0.5*w^2\nsweep h from w=1 eta=0.5..0.99 count=2 target=1e-3 steps=100", json: true)
        #expect(r.out[1] == #"{"kind":"sweep","of":"h","rows":[{"eta":0.5,"steps":5,"reached":true,"final_loss":0.00048828125,"stop":"tol_loss","value":0.5},{"eta":0.99,"steps":1,"reached":true,"final_loss":5.000000000000009e-05,"stop":"tol_loss","value":0.99}],"best":{"eta":0.99,"steps":1,"value":0.99},"target":0.001,"swept":"eta"}"#)
    }

    @Test func errorObject() {
        let r = runScript("f(x) = x^2\ny = sinn(2)", json: true, file: "a.gdscript")
        #expect(!r.ok)
        #expect(r.out.last == #"{"kind":"error","file":"a.gdscript","line":2,"column":5,"message":"unknown function 'sinn'","help":"did you mean 'sin'?"}"#)
        #expect(r.err.isEmpty)
    }

    @Test func help() {
        let r = runScript("help run\nhelp functions", json: true)
        #expect(r.out[0].hasPrefix(#"{"kind":"help","topic":"run","text":"run NAME from"#))
        #expect(!r.out[0].contains(#""functions""#))
        // help functions adds the functions, for programs such as the SymPy tests, which read them from here.
        #expect(r.out[1].hasPrefix(#"{"kind":"help","topic":"functions","text":"function "#))
        #expect(r.out[1].contains(#"constants: pi, e, inf, nan","functions":[{"name":"sin","arity":1},{"name":"cos","arity":1},"#))
        #expect(r.out[1].contains(#"{"name":"min","arity":2},{"name":"max","arity":2},"#))
        #expect(r.out[1].hasSuffix(#"{"name":"heaviside","arity":1}]}"#))
    }

    @Test func nonFiniteNumbersAreNull() {
        let r = runScript("log(0)", json: true)
        #expect(r.out == [#"{"kind":"value","value":null}"#])
    }

    @Test func escaping() {
        #expect(JSON.string("a\"b\\c\n\u{1}").serialized == #""a\"b\\c\n\u0001""#)
    }
}
