import GDLang
import GDOptim

/// The text of `help`: one entry per statement, with its options drawn from the option tables.
enum Help {
    struct Entry {
        var name: String
        var syntax: String
        var summary: String
        var example: String
        var options: [OptionSpec] = []
    }

    static let entries: [Entry] = [
        Entry(name: "define", syntax: "NAME(p1, p2, …) = EXPR", summary: "define a function; defining it again replaces it",
              example: "L(w1, w2) = w1^2 + 5*w2^2"),
        Entry(name: "assign", syntax: "NAME = EXPR", summary: "bind a number; ans is the last printed value", example: "a = 3"),
        Entry(name: "diff", syntax: "diff NAME", summary: "print the simplified derivative, every partial for several parameters",
              example: "diff f"),
        Entry(name: "hessian", syntax: "hessian NAME [at x=…]", summary: "print the matrix of second derivatives; at a point, its values, eigenvalues and the largest stable η", example: "hessian L at w1=1, w2=-1"),
        Entry(name: "check", syntax: "check NAME [using D1, D2, …] at p1=v1, …",
              summary: "compare the symbolic derivative with central differences and dual numbers, or check hand-written ones",
              example: "check f using df at x=2"),
        Entry(name: "run", syntax: "run NAME from p1=v1, … [where BOUNDS] [OPTIONS]", summary: "run gradient descent (or another method)",
              example: "run f from x=-2.5 eta=0.1 steps=40", options: Options.run),
        Entry(name: "step", syntax: "step [N]", summary: "continue the last run by N updates (1 by default), printing each iterate",
              example: "step 5"),
        Entry(name: "trace", syntax: "trace", summary: "print the last run's history: k, the point, L, ‖∇L‖", example: "trace"),
        Entry(name: "sweep", syntax: "sweep NAME from p1=v1, … OPTION=LOW..HIGH [OPTIONS]",
              summary: "one run per value of an option (η by default), timed to reach L ≤ target",
              example: "sweep f from x=5 eta=0.001..1.99 count=50 target=1e-5 steps=1000 log", options: Options.sweep),
        Entry(name: "compare", syntax: "compare NAME from p1=v1, … methods=M1,M2,… [OPTIONS]",
              summary: "several methods from one start, side by side",
              example: "compare f from x=-2.5 methods=gd,momentum,adam eta=0.01 steps=200", options: Options.compare),
        Entry(name: "multistart", syntax: "multistart NAME from p1=LOW..HIGH, … [OPTIONS]",
              summary: "runs from many starts, grouped by the stationary point each found",
              example: "multistart f from x=-3..3 count=50 seed=1 eta=0.1 steps=100", options: Options.multistart),
        Entry(name: "grid", syntax: "grid NAME from p=LOW..HIGH count=N eta=LOW..HIGH count=M [OPTIONS]",
              summary: "plain descent from every (start, η) pair: which converge and how fast (the basin map)",
              example: "grid f from x=-3..3 count=200 eta=0.001..1 count=200 steps=500", options: Session.gridOptions),
        Entry(name: "data", syntax: "data NAME = csv(\"FILE.csv\") | data NAME = synth linear n=N w=W1,W2,… noise=S seed=K",
              summary: "a table of numbers; its columns are names inside mean(NAME, …) and sum(NAME, …)",
              example: "data pts = csv(\"points.csv\")"),
        Entry(name: "set", syntax: "set OPTION=VALUE …", summary: "change the defaults of later runs and of the output",
              example: "set eta=0.1 steps=200 digits=8", options: Options.set),
        Entry(name: "show", syntax: "show", summary: "print the functions, variables and defaults", example: "show"),
        Entry(name: "load", syntax: "load FILE", summary: "run a script in this session, keeping its definitions",
              example: "load examples/tour.gdscript"),
        Entry(name: "save", syntax: "save session FILE | save history to FILE.csv | save sweep to FILE.csv",
              summary: "write the session as a script, or the last run's iterates or the last sweep's rows (.csv or .json)",
              example: "save history to run.csv"),
        Entry(name: "plot", syntax: "plot f LOW..HIGH | loss | grad | diagnostics | path | sweep | compare | multistart | grid [to FILE.svg]",
              summary: "draw in the terminal, or write an SVG figure", example: "plot loss slow fast to loss.svg"),
        Entry(name: "help", syntax: "help [STATEMENT | functions]", summary: "this help", example: "help run"),
        Entry(name: "quit", syntax: "quit", summary: "leave (Ctrl-D does too)", example: "quit"),
    ]

    /// The help text for `topic`, or nil when there is no such topic.
    static func text(_ topic: String?) -> String? {
        guard let topic else { return overview }
        if topic == "functions" { return functions }
        guard let entry = entries.first(where: { $0.name == topic }) else { return nil }
        // The example stays on one line, so that it can be copied as it is.
        var lines = wrapped(entry.syntax, after: "", indent: 4) + wrapped(entry.summary, after: "  ") + ["  example: \(entry.example)"]
        if !entry.options.isEmpty {
            let rows = [("option", "default", "meaning")] + entry.options.map { o in
                (o.name, o.defaultValue, o.summary + (o.appliesTo.isEmpty ? "" : " (\(o.appliesTo.joined(separator: ", ")))"))
            }
            let nameWidth = rows.map(\.0.count).max()! + 2, defaultWidth = rows.map(\.1.count).max()! + 2
            for (name, value, meaning) in rows {
                lines.append(contentsOf: wrapped(meaning, after: "  " + padded(name, nameWidth) + padded(value, defaultWidth)))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The width help text keeps within.
    static let width = 80

    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// `text` after `lead`, its words wrapped to `width` columns with later lines indented by `indent`, or as far
    /// as `lead` goes.
    private static func wrapped(_ text: String, after lead: String, indent: Int? = nil) -> [String] {
        var lines: [String] = []
        var line = lead
        var lineHasWord = false
        for word in text.split(separator: " ") {
            if lineHasWord, line.count + 1 + word.count > width {
                lines.append(line)
                line = String(repeating: " ", count: indent ?? lead.count)
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        return lines + [line]
    }

    static var topics: [String] { entries.map(\.name) + ["functions"] }

    /// Each topic with its summary, wrapped to fit `width`: the full syntax is `help NAME`'s, and would make
    /// the overview over 200 columns wide.
    static var overview: String {
        let nameWidth = (entries.map(\.name.count).max() ?? 0) + 2
        let lines = entries.flatMap { wrapped($0.summary, after: "  " + padded($0.name, nameWidth)) }
        return (["statements (help NAME shows one's syntax, options and an example):"] + lines
                + ["help functions lists the built-in functions."]).joined(separator: "\n")
    }

    static var functions: String {
        var table = TextTable(["function", "meaning"], rightAligned: [false, false])
        for b in Builtin.allCases {
            let args = b.arity == 2 ? "(a, b)" : "(x)"
            table.add([b.rawValue + args, b.summary])
        }
        table.add(["f'(x), f''(x)", "derivatives of a one-parameter function"])
        table.add(["diff(EXPR, x)", "the symbolic derivative of EXPR with respect to x"])
        table.add(["mean(t, EXPR), sum(t, EXPR)", "EXPR averaged or summed over the rows of table t"])
        return table.rendered + "\nconstants: pi, e"
    }
}
