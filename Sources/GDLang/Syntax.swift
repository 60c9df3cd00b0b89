/// The parsed form of an expression, as the user wrote it.
///
/// Names carry their source location so later stages can point at them in errors.
public indirect enum Expr: Equatable, Sendable {
    case number(Double)
    case name(String, SourceLocation)
    case negate(Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// A call of a built-in or user function, or the special form `diff(EXPR, x)`.
    case call(String, [Expr], SourceLocation)
    /// `f'(…)`, `f''(…)`: a derivative of a one-parameter function, `order` primes.
    case derivative(String, order: Int, [Expr], SourceLocation)
}

extension Expr {
    /// Where the expression's first name or call is written, if it has one.
    public var location: SourceLocation? {
        switch self {
        case .number: return nil
        case .name(_, let l), .call(_, _, let l), .derivative(_, _, _, let l): return l
        case .negate(let e): return e.location
        case .binary(_, let a, let b): return a.location ?? b.location
        }
    }
}

public enum BinaryOperator: Equatable, Sendable {
    case add, subtract, multiply, divide, power
}

/// A name as written, with where it was written.
public struct Name: Equatable, Sendable {
    public var text: String
    public var location: SourceLocation

    public init(_ text: String, at location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

/// `name=value`, `name=a..b`, `name=a,b,c` or a bare `name` in a statement's option list.
public struct Setting: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case flag
        case number(Expr)
        case range(Expr, Expr)
        case names([Name])
        /// `where name >= value`
        case atLeast(Expr)
        /// `where name <= value`
        case atMost(Expr)
        /// `w=2,-1`: a list of numbers.
        case numbers([Expr])
    }

    public var name: Name
    public var value: Value

    public init(_ name: Name, _ value: Value) {
        self.name = name
        self.value = value
    }
}

/// One statement of a script.
public struct Statement: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// `f(x, y) = body`
        case define(Name, parameters: [Name], body: Expr)
        /// `a = value`
        case assign(Name, Expr)
        /// A bare expression, whose value is printed.
        case evaluate(Expr)
        /// `diff f`
        case diff(Name)
        /// `hessian f [at x=…]`: the symbolic matrix, or its values and eigenvalues at the point.
        case hessian(Name, at: [Setting]?)
        /// `check f [using g, …] at x=…`
        case check(Name, using: [Name], at: [Setting])
        /// `run f from x=… options`
        case run(Name, [Setting])
        /// `step [count]`
        case step(Expr?)
        /// `trace`
        case trace
        /// `sweep f from x=… eta=a..b options`
        case sweep(Name, [Setting])
        /// `compare f from x=… methods=gd,adam options`
        case compare(Name, [Setting])
        /// `multistart f from x=a..b count=n options`
        case multistart(Name, [Setting])
        /// `grid f from x=a..b count=n eta=c..d count=m options`
        case grid(Name, [Setting])
        /// `set options`
        case set([Setting])
        /// `load PATH`: runs a script in this session. The location is the path's.
        case load(path: String, SourceLocation)
        /// `save session PATH` (and, with plots and data, `save history to PATH`, …). The location is the path's.
        case save(what: Name, path: String, SourceLocation)
        /// `help`, `help run`, `help functions`
        case help(Name?)
        /// `quit`: ends the script or session.
        case quit
        /// `plot TARGET [LOW..HIGH] [RUN …] [FLAG …] [to PATH]`
        case plot(PlotCommand)
        /// `show`, or `show NAME` for a table
        case show(Name?)
        /// `data NAME = csv("file.csv")` or `data NAME = synth linear n=500 w=2,-1 …`
        case data(Name, DataSource)
    }

    public var kind: Kind
    /// Where the statement starts.
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// Where a table's data comes from.
public enum DataSource: Equatable, Sendable {
    case csv(path: String, SourceLocation)
    /// A made-up data set: its kind (`linear`) and settings.
    case synth(Name, [Setting])
}

/// What `plot` was asked to draw.
public struct PlotCommand: Equatable, Sendable {
    /// A function name, or one of `loss`, `grad`, `diagnostics`, `path`, `sweep`, `compare`, `multistart`, `grid`.
    public var target: Name
    /// `plot f -3..3`: the range of the function's parameter.
    public var range: (Expr, Expr)?
    /// `plot loss a b`: runs kept with `run … as a`.
    public var runs: [Name]
    /// Flags such as `linear` and `ascii`, and `width=`/`height=` settings.
    public var options: [Setting]
    /// `to FILE.svg`: write an SVG file instead of drawing in the terminal.
    public var path: String?
    /// Where the path stands, for errors about the file.
    public var pathLocation: SourceLocation?

    public static func == (a: PlotCommand, b: PlotCommand) -> Bool {
        a.target == b.target && a.runs == b.runs && a.options == b.options && a.path == b.path
            && a.range?.0 == b.range?.0 && a.range?.1 == b.range?.1
    }
}

/// Words that begin a statement and so cannot name a function or variable.
public let statementKeywords: [String] = ["diff", "hessian", "check", "run", "step", "trace", "sweep", "compare", "multistart",
                                          "grid", "plot", "data", "set", "show", "load", "save", "help", "quit"]
