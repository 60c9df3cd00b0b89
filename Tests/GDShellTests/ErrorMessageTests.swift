import Testing
@testable import GDShell
@testable import GDSession
@testable import GDRender
@testable import GDRepl
import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

/// Every error message of lowering, statements and options: the message, where it points, and the hint.
@Suite struct ErrorMessageTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var script: String
        var message: String
        var line: Int
        var column: Int
        var help: String?
        var testDescription: String { script }
    }

    static let prelude = "f(x) = x^2\nL(w1, w2) = w1^2 + 5*w2^2\na = 2\n"   // lines 1–3

    static let cases: [Case] = [
        // Names and calls (Lowering)
        Case(script: "y = sin + 1", message: "'sin' is a function; call it with arguments", line: 4, column: 5, help: "for example: sin(1)"),
        Case(script: "g(x) = x + aa", message: "unknown name 'aa'", line: 4, column: 12, help: "did you mean 'a'?"),
        Case(script: "diff(x^2)", message: "diff takes an expression and a variable name", line: 4, column: 1, help: "for example: diff(x^3, x)"),
        Case(script: "a(3)", message: "'a' is a number, not a function", line: 4, column: 1, help: "write a*(…) to multiply"),
        Case(script: "fx(2)", message: "unknown function 'fx'", line: 4, column: 1, help: "did you mean 'f'?"),
        Case(script: "g(x) = f(x)\nf(x) = g(x)", message: "'f' calls itself (f → g → f)", line: 4, column: 8,
             help: "a loss must be a closed formula; recursion is not supported"),
        Case(script: "sin(1, 2)", message: "sin takes 1 argument, but 2 were given", line: 4, column: 1),
        Case(script: "max(1)", message: "max takes 2 arguments, but 1 was given", line: 4, column: 1),
        Case(script: "f'(1, 2)", message: "f' takes 1 argument, but 2 were given", line: 4, column: 1),
        Case(script: "L'(1)", message: "L' needs a function of one parameter; L has 2", line: 4, column: 1,
             help: "use diff(L(…), x) for a partial derivative"),
        Case(script: "q'(1)", message: "unknown function 'q'", line: 4, column: 1),
        Case(script: "diff(z^2, z)", message: "'z' has no value here, so diff(…, z) cannot be evaluated", line: 4, column: 11,
             help: "use diff inside a definition, as in g(z) = diff(…, z), or set z = …"),
        // multistart from one point would count one run many times
        Case(script: "multistart f from x=1 count=5", message: "multistart needs a range of starts for at least one parameter of f",
             line: 4, column: 19, help: "for example: multistart f from x=-3..3 count=20; for one start, use run"),
        // Habits of other REPLs, in a script
        Case(script: "ans + 1", message: "ans has no value yet", line: 4, column: 1,
             help: "ans is the last value printed; evaluate an expression first"),
        Case(script: "?", message: "unexpected character '?'", line: 4, column: 1,
             help: "for help, write help, or help NAME for a statement or topic"),
        // Characters pasted from a paper or a chat, pointed at with what to write instead
        Case(script: "g(x) = x²", message: "unexpected character '²'", line: 4, column: 9, help: "write ^2 for a power, as in x^2"),
        Case(script: "g(x) = x³ + 1", message: "unexpected character '³'", line: 4, column: 9, help: "write ^3 for a power, as in x^3"),
        Case(script: "g(x) = 2×x", message: "unexpected character '×'", line: 4, column: 9, help: "write * to multiply"),
        Case(script: "g(x) = 2·x", message: "unexpected character '·'", line: 4, column: 9, help: "write * to multiply"),
        Case(script: "g(x) = √x", message: "unexpected character '√'", line: 4, column: 8, help: "write sqrt(…) for a square root"),
        Case(script: "g(x) = 1 − x", message: "unexpected character '−'", line: 4, column: 10, help: "write - (the ASCII minus)"),
        Case(script: "run f from x=1 where x ≤ 3", message: "unexpected character '≤'", line: 4, column: 24, help: "write <= for at most"),
        Case(script: "run f from x=1 where x ≥ 0", message: "unexpected character '≥'", line: 4, column: 24, help: "write >= for at least"),
        Case(script: "show zz", message: "nothing is named 'zz'", line: 4, column: 6, help: "show alone lists the session"),
        Case(script: "show aa", message: "nothing is named 'aa'", line: 4, column: 6, help: "did you mean 'a'?"),
        // A misspelt statement, suggested from the declared keywords
        Case(script: "runn f from x=1", message: "unknown statement 'runn'", line: 4, column: 1, help: "did you mean 'run'?"),
        Case(script: "dif f", message: "unknown statement 'dif'", line: 4, column: 1, help: "did you mean 'diff'?"),
        Case(script: "plto loss", message: "unknown statement 'plto'", line: 4, column: 1, help: "did you mean 'plot'?"),
        Case(script: "clera f", message: "unknown statement 'clera'", line: 4, column: 1, help: "did you mean 'clear'?"),
        // Names a definition may not take (Session)
        Case(script: "run = 3", message: "'run' is a statement keyword and cannot be used as a name", line: 4, column: 1),
        Case(script: "sin(x) = x", message: "'sin' is a built-in function and cannot be redefined", line: 4, column: 1,
             help: "choose another name, such as my_sin"),
        Case(script: "pi = 3", message: "'pi' is a built-in constant and cannot be redefined", line: 4, column: 1),
        Case(script: "a(x) = x", message: "'a' is already a variable", line: 4, column: 1, help: "choose another name for the function"),
        Case(script: "f = 2", message: "'f' is already a function", line: 4, column: 1, help: "choose another name for the variable"),
        Case(script: "g(f) = f", message: "parameter 'f' has the name of a function", line: 4, column: 3, help: "choose another parameter name"),
        Case(script: "g(x, x) = x", message: "parameter 'x' appears twice", line: 4, column: 6),
        // Statements on functions
        Case(script: "diff q", message: "unknown function 'q'", line: 4, column: 6),
        Case(script: "diff a", message: "'a' is a variable, not a function", line: 4, column: 6),
        Case(script: "hessian LL", message: "unknown function 'LL'", line: 4, column: 9, help: "did you mean 'L'?"),
        Case(script: "run f from x=1, x=2", message: "'x' is given twice", line: 4, column: 17),
        Case(script: "run f from xx=1", message: "'xx' is neither a parameter of f nor an option", line: 4, column: 12, help: "did you mean 'x'?"),
        Case(script: "run f from eta=0.1", message: "no value for 'x', a parameter of f", line: 4, column: 1, help: "give every parameter: x=1"),
        Case(script: "run L from w1=3", message: "no value for 'w2', a parameter of L", line: 4, column: 1, help: "give every parameter: w1=3, w2=1"),
        // A stray name and a missing parameter: the stray name is pointed at.
        Case(script: "run f from y=1", message: "'y' is neither a parameter of f nor an option", line: 4, column: 12,
             help: "f has parameters: x; give every parameter: x=1"),
        Case(script: "check L at w1=1, v=2", message: "'v' is neither a parameter of L nor an option", line: 4, column: 18,
             help: "L has parameters: w1, w2; give every parameter: w1=1, w2=1"),
        Case(script: "run f from x", message: "'x' needs a number", line: 4, column: 12),
        Case(script: "check L at 2", message: "L has 2 parameters, so the point names each", line: 4, column: 12,
             help: "give every parameter: w1=2, w2=2"),
        Case(script: "hessian L at -1", message: "L has 2 parameters, so the point names each", line: 4, column: 14,
             help: "give every parameter: w1=-1, w2=-1"),
        Case(script: "check f at x=1, eta=2", message: "unknown option 'eta' for check", line: 4, column: 17, help: "options: precision"),
        Case(script: "check f at 1 precsion=f32", message: "unknown option 'precsion' for check", line: 4, column: 14,
             help: "did you mean 'precision'?"),
        Case(script: "hessian f at 1 precision=f32", message: "'precision' is not a parameter of f", line: 4, column: 16,
             help: "f has parameters: x"),
        Case(script: "d(w1, w2) = 2*w1\ncheck L using d at w1=1, w2=2", message: "L has 2 parameters, so 'using' needs 2 functions, one per partial derivative, not 1",
             line: 5, column: 15, help: "for example: check L using dw1, dw2 at …"),
        Case(script: "d(x, y) = 2*x\ncheck f using d at x=1", message: "d takes 2 parameters but f takes 1", line: 5, column: 15,
             help: "a derivative takes the same parameters as its function"),
        Case(script: "step", message: "no run to continue", line: 4, column: 1, help: "start one with: run f from x=1"),
        Case(script: "trace", message: "no run to trace", line: 4, column: 1, help: "start one with: run f from x=1"),
        Case(script: "run f from x=1 steps=50 tol_grad=off\ntrace 100..200", message: "the run of f has only 50 steps, so no iterate has k in 100..200",
             line: 5, column: 1, help: "k goes from 0 to 50: trace 0..50 shows them all"),
        Case(script: "run f from x=1 steps=50\ntrace 5..3", message: "the range of k must be increasing, not 5..3", line: 5, column: 1),
        Case(script: "run f from x=1 steps=1\nstep 0.5", message: "step takes a whole number of updates, at least 1, not 0.5", line: 5, column: 1),
        Case(script: "run f from x=1 eta=2\nstep", message: "the last run of f diverged, so it cannot continue", line: 5, column: 1,
             help: "start a new run with a smaller eta"),
        Case(script: "sweep f from x=1 count=3", message: "sweep needs a range of values to try", line: 4, column: 1, help: "for example: eta=0.001..1 count=20"),
        Case(script: "sweep f from x=1 eta=1..0.5", message: "the range of eta must be increasing, not 1..0.5", line: 4, column: 18),
        Case(script: "sweep f from x=1 eta=0..0.5 log", message: "the range of eta must be increasing and positive for log spacing, not 0..0.5", line: 4, column: 18),
        Case(script: "sweep f from x=1 eta=0..0.5", message: "eta must be positive, not 0", line: 4, column: 18),
        Case(script: "sweep f from x=1 eta=0.1..0.5 beta=0..0.9", message: "sweep varies one setting at a time, but 'eta' and 'beta' are both ranges", line: 4, column: 31),
        Case(script: "sweep f from x=1 eta=0.1..1 count=2e6", message: "count must be at most 1000000", line: 4, column: 29),
        Case(script: "set digits=20", message: "digits must be between 1 and 17", line: 4, column: 5),
        Case(script: "run from x=2", message: "expected a function name before 'from'", line: 4, column: 5,
             help: "for example: run f from x=1"),
        // Options
        Case(script: "run f from x=1 etta=0.1", message: "unknown option 'etta' for run", line: 4, column: 16, help: "did you mean 'eta'?"),
        // Names other libraries give an option: suggested by what gd calls it, not accepted.
        Case(script: "run f from x=1 lr=0.1", message: "unknown option 'lr' for run", line: 4, column: 16,
             help: "did you mean 'eta'? gd calls lr eta"),
        Case(script: "run f from x=1 learning_rate=0.1", message: "unknown option 'learning_rate' for run", line: 4, column: 16,
             help: "did you mean 'eta'? gd calls learning_rate eta"),
        Case(script: "run f from x=1 alpha=0.1", message: "unknown option 'alpha' for run", line: 4, column: 16,
             help: "did you mean 'eta'? gd calls alpha eta"),
        Case(script: "set step_size=0.1", message: "unknown option 'step_size' for set", line: 4, column: 5,
             help: "did you mean 'eta'? gd calls step_size eta"),
        Case(script: "run f from x=1 iters=5", message: "unknown option 'iters' for run", line: 4, column: 16,
             help: "did you mean 'steps'? gd calls iters steps"),
        Case(script: "run f from x=1 max_iter=5", message: "unknown option 'max_iter' for run", line: 4, column: 16,
             help: "did you mean 'steps'? gd calls max_iter steps"),
        Case(script: "run f from x=1 tol=1e-6", message: "unknown option 'tol' for run", line: 4, column: 16,
             help: "did you mean 'tol_grad'? gd calls tol tol_grad"),
        Case(script: "sweep f from x=1 eta=0.1..1 lr=0.1", message: "unknown option 'lr' for sweep", line: 4, column: 29,
             help: "did you mean 'eta'? gd calls lr eta"),
        Case(script: "set colour=1", message: "unknown option 'colour' for set", line: 4, column: 5,
             help: "options: eta, steps, tol_grad, tol_loss, tol_step, tol_dloss, diverge, method, schedule, precision, beta, rho, beta1, beta2, epsilon, weight_decay, shrink, c, gamma, every, k, T, factor, patience, threshold, digits, plot, seed"),
        Case(script: "run f from x=1 eta=0.1 eta=0.2", message: "option 'eta' is given twice", line: 4, column: 24),
        Case(script: "sweep f from x=1 eta=0.1..1 log=1", message: "'log' takes no value", line: 4, column: 29, help: "write just 'log'"),
        Case(script: "run f from x=1 eta", message: "'eta' needs a value", line: 4, column: 16, help: "for example: eta=0.1"),
        Case(script: "run f from x=1 tol_grad", message: "'tol_grad' needs a value", line: 4, column: 16, help: "for example: tol_grad=1e-8"),
        Case(script: "run f from x=1 eta=0.1..0.2", message: "'eta' takes one value, not a range", line: 4, column: 16),
        Case(script: "run f from x=1 eta=p,q", message: "'eta' takes one value, not a list", line: 4, column: 16),
        Case(script: "run f from x=1 eta=1/0", message: "value is inf, not a finite number", line: 4, column: 16),
        Case(script: "run f from x=1 eta=-1", message: "eta must be positive, not -1", line: 4, column: 16),
        Case(script: "run f from x=1 steps=1.5", message: "steps must be a whole number of at least 0, not 1.5", line: 4, column: 16),
        // Methods, schedules, bounds, compare and multistart
        Case(script: "run f from x=1 method=adma", message: "unknown method 'adma'", line: 4, column: 23, help: "did you mean 'adam'?"),
        Case(script: "run f from x=1 method=3", message: "'method' takes a name", line: 4, column: 16,
             help: "choose from: gd, momentum, nesterov, adagrad, rmsprop, adam, adamw, backtracking, exact, newton, sgd"),
        Case(script: "run f from x=1 method=gd,adam", message: "'method' takes one value, not a list", line: 4, column: 16),
        Case(script: "run f from x=1 beta=0.5", message: "'beta' belongs to method=momentum or method=nesterov; this run uses method=gd",
             line: 4, column: 16, help: "add method=momentum, or leave out beta"),
        Case(script: "run f from x=1 schedule=step T=5", message: "'T' belongs to schedule=cosine; this run uses schedule=step",
             line: 4, column: 30, help: "add schedule=cosine, or leave out T"),
        Case(script: "run f from x=1 method=momentum beta=1", message: "beta must be at least 0 and below 1, not 1", line: 4, column: 32),
        Case(script: "run f from x=1 method=adam weight_decay=0.1",
             message: "'weight_decay' belongs to method=adamw; this run uses method=adam", line: 4, column: 28,
             help: "add method=adamw, or leave out weight_decay"),
        Case(script: "run f from x=1 method=adamw weight_decay=1", message: "weight_decay must be at least 0 and below 1, not 1",
             line: 4, column: 29),
        Case(script: "run f from x=1 where z >= 0", message: "'z' is not a parameter of f, so it cannot be bounded", line: 4, column: 22),
        Case(script: "run f from x=1 where x >= 2, x <= 1", message: "the bounds on 'x' leave no room: 2 > 1", line: 4, column: 30),
        Case(script: "run f from x=1 eta=0.1 where eta >= 0", message: "'eta' is not a parameter of f, so it cannot be bounded", line: 4, column: 30),
        Case(script: "compare f from x=1 eta=0.1", message: "compare needs the methods to compare", line: 4, column: 1,
             help: "for example: methods=gd,momentum,adam"),
        Case(script: "compare f from x=1 methods=gd,bogus", message: "unknown method 'bogus'", line: 4, column: 31,
             help: "choose one of: gd, momentum, nesterov, adagrad, rmsprop, adam, adamw, backtracking, exact, newton"),
        Case(script: "help rnu", message: "no help on 'rnu'", line: 4, column: 6, help: "did you mean 'help run'?"),
        // Errors about a file point at its path.
        Case(script: "load /nonexistent/x.gdscript", message: "cannot read '/nonexistent/x.gdscript': No such file or directory", line: 4, column: 6),
        Case(script: "load /tmp", message: "cannot read '/tmp': it is a directory, not a script", line: 4, column: 6),
        Case(script: "save session /nonexistent/x.gdscript", message: "cannot write '/nonexistent/x.gdscript': No such file or directory", line: 4, column: 14),
        Case(script: "run f from x=1 steps=2\nsave history to /nonexistent/h.csv", message: "cannot write '/nonexistent/h.csv': No such file or directory", line: 5, column: 17),
        Case(script: "plot f -1..1 to /nonexistent/f.svg", message: "cannot write '/nonexistent/f.svg': No such file or directory", line: 4, column: 17),
        // A figure is SVG whatever its file is called: a name asking for another format is refused.
        Case(script: "plot f -1..1 to a.png", message: "gd writes figures as SVG, not PNG", line: 4, column: 17,
             help: "write to a.svg; a browser or a converter such as rsvg-convert turns it into PNG"),
        Case(script: "run f from x=1 steps=3\nplot loss to figs/loss.PDF", message: "gd writes figures as SVG, not PDF", line: 5, column: 14,
             help: "write to figs/loss.svg; a browser or a converter such as rsvg-convert turns it into PDF"),
        Case(script: "plot f -1..1 to a.jpg", message: "gd writes figures as SVG, not JPG", line: 4, column: 17,
             help: "write to a.svg; a browser or a converter such as rsvg-convert turns it into JPG"),
        Case(script: "save bogus to x.csv", message: "cannot save 'bogus'", line: 4, column: 6,
             help: "save session FILE.gdscript, save history|sweep|compare|multistart|grid to FILE.csv, a table, or a run kept with as"),
        // Found by review: each once trapped.
        Case(script: "g() = 3\nrun g from eta=0.1", message: "g has no parameters", line: 5, column: 5,
             help: "define it with parameters, as in g(x) = …"),
        Case(script: "g() = 3\nmultistart g from count=5", message: "g has no parameters", line: 5, column: 12,
             help: "define it with parameters, as in g(x) = …"),
        Case(script: "grid f from x=-3..3 count=5e9 eta=0.1..1 count=5e9", message: "count must be at most 4000000", line: 4, column: 21),
        Case(script: "data d = synth linear n=1e7 w=1,2,3,4,5,6,7,8,9,10", message: "a table of 10000000 rows × 11 columns is more than 100000000 numbers",
             line: 4, column: 16),
        Case(script: "data d = synth linear n=3 w=1\nd = 3", message: "'d' is already a table", line: 5, column: 1, help: "choose another name"),
        Case(script: "run f from x=1 as", message: "expected a name after 'as'", line: 4, column: 18, help: "for example: run f from x=1 as slow"),
        Case(script: "run f from x=1 as a as b", message: "a run is kept under one name", line: 4, column: 21),
        Case(script: "data t = csv()", message: "expected a file name in csv(…)", line: 4, column: 14,
             help: "for example: csv(\"points.csv\")"),
        Case(script: "plot f 3", message: "expected '..' and the end of the range", line: 4, column: 9, help: "for example: plot f -3..3"),
        Case(script: "save history to h.csv", message: "no run to save", line: 4, column: 6, help: "start one with: run f from x=1"),
        Case(script: "data d = synth linear n=3 w=1 noise=1e300", message: "noise and weights must be at most 1e100 in size",
             line: 4, column: 16),
        Case(script: "data d = synth linear n=3 w=1 noise=-0.5", message: "noise is a standard deviation, at least 0, not -0.5",
             line: 4, column: 31),
        Case(script: "run f from x=1 steps=2\nplot loss 1..2", message: "only a function is plotted over a range", line: 5, column: 6,
             help: "for example: plot f -3..3"),
        Case(script: "g(p, q, r) = p\nplot g", message: "plot draws functions of one parameter, or of two after a run (as contours)",
             line: 5, column: 6, help: "run g first, then plot path"),
        Case(script: "grid f from x=-1..1 log eta=0.1..0.2", message: "log spacing needs a positive range", line: 4, column: 21),
        Case(script: "grid f from x=-1..1 count=3000 eta=0.1..0.2 count=3000", message: "a grid of 3000 × 3000 runs is more than 4000000",
             line: 4, column: 1),
        Case(script: "data t = synth linear n=2 w=1\nM(w) = mean(t, (w*x1 - y)^2)\nrun M from w=0 batch=1 epochs=9e18",
             message: "too many epochs", line: 6, column: 24),
        Case(script: "run f from x=1 as L", message: "'L' already names a function or variable", line: 4, column: 19,
             help: "keep the run under another name"),
        Case(script: "multistart f from x=3..1", message: "the range of x must be increasing, not 3..1", line: 4, column: 19),
        Case(script: "multistart f from x=-1..1 count=200000", message: "count must be at most 100000", line: 4, column: 27),
        // Vectors and matrices
        Case(script: "V(w[0]) = 1", message: "the size of 'w' must be a whole number from 1 to 1000000, not 0", line: 4, column: 5,
             help: "for example: w[10]"),
        Case(script: "V(w[2.5]) = 1", message: "the size of 'w' must be a whole number from 1 to 1000000, not 2.5", line: 4, column: 5,
             help: "for example: w[10]"),
        Case(script: "V(w[-1]) = 1", message: "the size of 'w' must be a whole number from 1 to 1000000, not -1", line: 4, column: 5,
             help: "for example: w[10]"),
        Case(script: "V(w[3]) = sum(i, w[i])", message: "unknown table 'i'", line: 4, column: 15,
             help: "over an index, give its range: sum(i=1..10, …); over a table, load one first"),
        Case(script: "V(w[2]) = w[3]", message: "index 3 is out of range: 'w' is a vector of 2 numbers, indexed 1 to 2", line: 4, column: 11),
        Case(script: "V(w[2]) = sum(i=1..3, w[i])", message: "index i = 3 is out of range: 'w' is a vector of 2 numbers, indexed 1 to 2",
             line: 4, column: 25),
        Case(script: "V(w[2]) = w[1.5]", message: "an index of 'w' is a whole number, and 1.5 is not", line: 4, column: 11),
        Case(script: "V(w[2]) = w + 1", message: "'w' is a vector of 2 numbers, not a number", line: 4, column: 11,
             help: "index it, as in w[1], or reduce it, as in sumsq(w)"),
        Case(script: "V(W[2,3]) = W[1]", message: "'W' is a 2×3 matrix, so it takes 2 indices, not 1", line: 4, column: 13,
             help: "for example: W[1,1]"),
        Case(script: "V(w[2], v[3]) = dot(w, v)", message: "dot needs two vectors of one size; w is a vector of 2 numbers and v is a vector of 3 numbers",
             line: 4, column: 24),
        Case(script: "V(w[2]) = dot(w)", message: "dot takes two vectors, but 1 argument was given", line: 4, column: 11,
             help: "for example: dot(w, x)"),
        Case(script: "V(w[2]) = sumsq(w[1])", message: "sumsq needs a vector here; 'w[1]' is not one", line: 4, column: 17,
             help: "the vectors here: w"),
        Case(script: "V(w[2]) = w[a + x]", message: "unknown name 'x'", line: 4, column: 17, help: nil),
        Case(script: "V(w[2]) = q[1]", message: "unknown vector 'q'", line: 4, column: 11,
             help: "declare it as a parameter with its size, as in L(q[3]) = sumsq(q)"),
        Case(script: "V(x) = x[1]", message: "'x' is a number, not a vector, so it has no components", line: 4, column: 8,
             help: "declare a vector parameter, as in L(x[3]) = …"),
        Case(script: "V(w[2]) = sum(i=3..1, w[i])", message: "the range 3..1 of 'i' is empty", line: 4, column: 15,
             help: "write the smaller end first"),
        Case(script: "V(w[2]) = sum(i=1..n, w[i])", message: "unknown name 'n'", line: 4, column: 20, help: nil),
        Case(script: "V(w[2]) = max(i=1..2, 0)", message: "'i=…' ranges an index only as the first argument of sum or mean", line: 4, column: 15,
             help: "for example: sum(i=1..10, w[i]^2)"),
        Case(script: "V(w[2]) = w[]", message: "expected an index in w[]", line: 4, column: 13, help: "for example: w[1]"),
        Case(script: "V(w[2], b) = sumsq(w) + b\nrun V from w=1,2,3 b=0", message: "'w' has 2 components, but 3 values were given",
             line: 5, column: 12, help: "give one value for all, as in w=0, or 2 values separated by commas"),
        Case(script: "V(w[2], b) = sumsq(w) + b\nrun V from b=0", message: "no value for 'w', a parameter of V", line: 5, column: 1,
             help: "give every parameter: w=0, b=0"),
        Case(script: "V(w[2], b) = sumsq(w) + b\ngrid V from w=-1..1 b=0 eta=0.1..1", message: "grid's starts range over one number, and 'w' holds 2",
             line: 5, column: 13, help: "use multistart for starts drawn over a vector: multistart V from w=-1..1"),
        Case(script: "V(w[2]) = sumsq(w)\nrun V from w=randn(-1)", message: "the scale of randn is at least 0, not -1", line: 5, column: 14),
        Case(script: "V(w[2]) = sumsq(w)\nrun V from w=randn(1, 2)", message: "randn takes at most one argument, the scale", line: 5, column: 14,
             help: "for example: w=randn(0.5)"),
        Case(script: "V(w[401]) = sumsq(w)\nhessian V", message: "V has 401 numbers as parameters: its Hessian would have 160801 entries, more than hessian works out",
             line: 5, column: 9, help: "hessian takes functions of at most 400 numbers; runs report the largest curvature λmax at their end"),
        Case(script: "V(w[2]) = sumsq(w)\ncheck V at w=randn()", message: "randn draws starts, and only there: run, sweep and compare take w=randn(0.5)",
             line: 5, column: 14, help: "give a value here, or start a run from randn and use its point: run f from w=randn(1) as fit"),
        Case(script: "V(w[2], b) = w[b]", message: "an index of 'w' must be known before the run; 'b' is not", line: 4, column: 16,
             help: "use a number, or an index of sum, as in sum(i=1..2, w[i])"),
        Case(script: "V(w[2]) = sum(i=1..2)", message: "sum over an index takes the index's range and an expression", line: 4, column: 11,
             help: "for example: sum(i=1..10, w[i]^2)"),
        Case(script: "V(w[2], b) = sum(i=1..b, w[i])", message: "the range of 'i' must be whole numbers known before the run", line: 4, column: 23,
             help: "for example: i=1..10"),
        Case(script: "V(w[2]) = sum(i=1, w[i])", message: "expected '..' in the range of i", line: 4, column: 18,
             help: "an index runs over a range: sum(i=1..10, …)"),
        Case(script: "V(w[2]) = w[1]\nrun V from w[0]=1", message: "expected a whole number from 1 as an index of w", line: 5, column: 14,
             help: "for example: w[1]=0"),
        Case(script: "V(w[2]) = w[1]\nrun V from w[]=1", message: "expected an index in w[]", line: 5, column: 14,
             help: "for example: w[1]=0"),
        Case(script: "f'(x=2)", message: "f' takes its arguments in order, without names", line: 4, column: 4,
             help: "write the value alone: f'(2), not f'(x=2)"),
        Case(script: "f(x = 1 + 2)", message: "f takes its arguments in order, without names", line: 4, column: 3,
             help: "write the value alone: f(1 + 2), not f(x=1 + 2)"),
        Case(script: "V(w[1]) = w[1]^2\nV'(2)", message: "V' needs a function of one number; V's parameter w is a vector", line: 5, column: 1,
             help: "the statement diff V prints its gradient"),
        Case(script: "M(W[2,2]) = W[1,2]\nM''(2)", message: "M'' needs a function of one number; M's parameter W is a matrix", line: 5, column: 1,
             help: "the statement diff M prints its gradient"),
        Case(script: "V(w[2]) = w[1", message: "expected ']' or ',' in the indices of w (opened at column 12)", line: 4, column: 14),
        Case(script: "V(w[600000], v[600000]) = 1", message: "V has more than 1000000 numbers as parameters", line: 4, column: 14),
        Case(script: "data c = synth clouds n=10 sep=1e200", message: "sep must be at most 1e100 in size", line: 4, column: 28),
        Case(script: "data c = synth cloud n=10", message: "unknown synthetic data 'cloud'", line: 4, column: 16, help: "did you mean 'clouds'?"),
        Case(script: "V(w[2], b) = sumsq(w) + b\nrun V from w=1 b=0 as fit\nU(w[2], c) = c\nU(fit)",
             message: "'fit' has no value for 'c', a parameter of U", line: 7, column: 3, help: "fit is a point of b, w[1], w[2]"),
        Case(script: "U(v[2]) = sumsq(v)\nV(w[3]) = U(w)", message: "U needs a vector of 2 numbers here; 'w' is a vector of 3 numbers", line: 5, column: 13),
    ]

    @Test(arguments: cases)
    func message(_ c: Case) {
        let console = RecordingConsole()
        let shell = Shell(json: true, console: console)
        #expect(shell.run(Self.prelude, file: "p.gdscript"))
        #expect(!shell.run(Self.prelude + c.script, file: "t.gdscript"))
        let expected = JSON.object([
            ("kind", .string("error")), ("file", .string("t.gdscript")), ("line", .number(Double(c.line))),
            ("column", .number(Double(c.column))), ("message", .string(c.message)),
        ] + (c.help.map { [("help", JSON.string($0))] } ?? []))
        #expect(console.outputs.last == expected.serialized)
    }

    @Test func textRenderingQuotesTheLineWithACaret() {
        let r = runScript("f(x) = x^2\n\tg(x) = f(x) + zz", file: "s.gdscript")
        #expect(r.err == ["s.gdscript:2:16: error: unknown name 'zz'\n 2 | \tg(x) = f(x) + zz\n   | \t              ^"])
    }
}

@Suite struct ExpansionLimitTests {
    @Test func definitionsThatDoubleEachLevelAreStoppedBySize() {
        var script = "f0(x) = x + 1\n"
        for k in 1...25 { script += "f\(k)(x) = f\(k - 1)(x) + f\(k - 1)(x + 1)\n" }
        let r = runScript(script + "f25(1)", json: true)
        #expect(!r.ok)
        #expect(r.out.last?.contains("expression too large once its functions are expanded (more than 1000000 nodes)") == true)
    }

    @Test func deepChainsOfFunctionsAreStoppedByDepth() {
        var script = "f0(x) = sin(x)\n"
        for k in 1...120 { script += "f\(k)(x) = sin(sin(sin(sin(f\(k - 1)(x)))))\n" }
        let r = runScript(script, json: true)
        #expect(!r.ok)
        #expect(r.out.last?.contains("expression nested too deeply once its functions are expanded (more than 400 levels)") == true)
    }
}

@Suite struct ZeroParameterTests {
    @Test func diffAndHessianOfAConstantFunctionSaySo() {
        for statement in ["diff g", "hessian g"] {
            let r = runScript("g() = 3\n" + statement, json: true)
            #expect(r.out.last?.contains(#""message":"g has no parameters""#) == true)
        }
    }
}
