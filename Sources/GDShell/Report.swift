import GDOptim

/// What a statement produced, before it is rendered as text or JSON.
public enum Report: Sendable {
    case define(name: String, parameters: [String], expr: String)
    case assign(name: String, value: Double)
    case value(Double)
    /// `exprs` are written out, unless they are too long to be: then they use the names `pieces` define.
    /// With `shared`, the written-out derivatives with their repeated pieces named, for people to read.
    case derivative(of: String, wrt: [String], exprs: [String], pieces: [NamedPiece], shared: TermSharing.Shared?)
    /// The entries of `rows` use the names `pieces` define, when they are too long to write out. With `at`, the
    /// matrix's values at a point and what they say.
    case hessian(of: String, wrt: [String], rows: [[String]], pieces: [NamedPiece], at: HessianAtPoint?)
    case check(CheckReport)
    case run(RunReport)
    /// `step`: the new iterates, then the run as it now stands.
    case steps([Iterate], RunReport)
    case trace(RunReport, [Iterate])
    case sweep(SweepReport)
    case compare(CompareReport)
    case multistart(MultistartReport)
    case grid(GridReport)
    case show(ShowReport)
    /// A table: its size and first rows.
    case table(DataTable)
    case help(topic: String?, text: String)
    /// A file was written by `save`.
    case saved(what: String, path: String)
    /// A figure for `plot`, drawn in the terminal or written as SVG by the shell.
    case plot(PlotReport)
}

/// `hessian f at …`: the point, and the Hessian's values there with their eigenvalues.
public struct HessianAtPoint: Sendable {
    public var point: [Double]
    public var curvature: Curvature
}

/// A repeated piece of long printed terms, and the name they use for it.
public struct NamedPiece: Sendable, Equatable {
    public var name: String
    public var expr: String
}

public struct RunReport: Sendable {
    public var of: String
    public var parameters: [String]
    public var settings: DescentSettings
    public var start: [Double]
    public var final: Iterate
    /// ∇L at the final iterate.
    public var finalGradient: [Double]
    public var stop: StopReason
    public var divergence: Divergence?
    public var diagnostics: RunDiagnostics
    /// Newton's method: how often, and (the first hundred) at which steps, it fell back to a gradient step.
    public var newtonFallbackCount: Int
    public var newtonFallbacks: [Int]

    init(of name: String, _ descent: Descent) {
        of = name
        parameters = descent.objective.parameters
        settings = descent.settings
        start = descent.start
        final = descent.last
        finalGradient = descent.gradient
        stop = descent.stop ?? .steps
        divergence = descent.divergence
        diagnostics = RunDiagnostics(descent)
        newtonFallbackCount = descent.fallbacks.count
        newtonFallbacks = descent.fallbacks.steps
    }

    /// `w >= 2`, one per active bound.
    public var activeBounds: [String] {
        diagnostics.activeBounds.map { "\(parameters[$0.parameter]) \($0.side.rawValue) \(NumberFormat.shortest($0.value))" }
    }
}

public struct CheckReport: Sendable {
    public var of: String
    public var parameters: [String]
    public var point: [Double]
    public var symbolic: [Double]
    public var central: [Double]
    public var forward: [Double]
    /// The largest error of the symbolic derivative against the central difference and forward mode.
    public var maxAbsoluteError: Double
    public var maxRelativeError: Double
    /// With `using`: the functions named and the values they give.
    public var user: (names: [String], values: [Double])?
    public var userAbsoluteError: Double?
    public var userRelativeError: Double?
    public var agrees: Bool?
}

public struct SweepReport: Sendable {
    public var of: String
    public var parameters: [String]
    public var start: [Double]
    /// The setting varied: `eta` unless another option was given as a range.
    public var swept: String
    /// Whether the values were spaced evenly in log.
    public var logarithmic: Bool
    public var target: Double
    public var cap: Int
    public var sweep: Sweep
}

public struct CompareReport: Sendable {
    public var of: String
    public var parameters: [String]
    public var start: [Double]
    public var target: Double?
    public var runs: [(stepsToTarget: Int?, run: RunReport)]
    /// Each method's history, for `plot compare`.
    public var histories: [(method: String, history: RunHistory)]
}

public struct PlotReport: Sendable {
    public var target: String
    public var figure: Figure
    public var path: String?
    public var style: TerminalPlot.Style
}

public struct MultistartReport: Sendable {
    public var of: String
    public var parameters: [String]
    public var multistart: Multistart
}

public struct ShowReport: Sendable {
    public var functions: [(name: String, parameters: [String], expr: String)]
    public var variables: [(name: String, value: Double)]
    public var tables: [DataTable]
    public var defaults: RunDefaults
    public var digits: Int
}

import GDLang
import GDPlot
