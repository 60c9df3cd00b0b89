import GDLang
import GDProgram
import GDRender
import GDOptim

/// The state a script builds up — definitions, variables, defaults, the last run — and the
/// meaning of each statement. A statement that fails leaves the session as it was.
public struct Session: Sendable {
    public internal(set) var environment = Environment()
    public internal(set) var defaults = RunDefaults()
    /// Significant digits in text output.
    public internal(set) var digits = 6
    /// The run `step` and `trace` refer to.
    public internal(set) var lastRun: (name: String, descent: Descent)?
    var lastSweep: SweepReport?
    var lastCompare: CompareReport?
    var lastMultistart: MultistartReport?
    var lastGrid: GridReport?
    /// Runs kept with `run … as name`, for `plot loss a b`.
    public internal(set) var keptRuns: [String: (name: String, descent: Descent)] = [:]
    /// How terminal plots are drawn: `set plot=ascii` or `braille`.
    public internal(set) var plotStyle = "braille"
    /// The session's random stream, NumPy's legacy one: `synth` data and mini-batch shuffles draw from it, and
    /// `seed=N` (or `set seed=N`) restarts it as `np.random.seed(N)` does.
    public internal(set) var random = NumPyRandom(seed: 0)
    /// Polled during long runs; true stops them where they are.
    public var interrupted: @Sendable () -> Bool = { false }
    /// Told how far long work has come now and then, to show progress.
    public var progress: ProgressReporter = { _ in }

    public init() {}

    // MARK: Names

    /// Everything the session has named: functions, variables, tables and kept runs (for `show` and `clear`).
    var names: [String] { environment.definedNames + keptRuns.keys.sorted() }

    enum NameRole { case function, variable, parameter }

    /// Rejects names that would shadow a keyword, built-in, constant, or a name of the other kind.
    func checkNewName(_ name: Name, as role: NameRole) throws(Diagnostic) {
        let text = name.text
        if Statements.keywords.contains(text) || text == "diff" {
            throw Diagnostic("'\(text)' is a statement keyword and cannot be used as a name", at: name.location)
        }
        if Builtin(rawValue: text) != nil {
            throw Diagnostic("'\(text)' is a built-in function and cannot be redefined", at: name.location,
                             help: "choose another name, such as my_\(text)")
        }
        if NamedConstant(rawValue: text) != nil {
            throw Diagnostic("'\(text)' is a built-in constant and cannot be redefined", at: name.location)
        }
        switch role {
        case .function where environment.variables[text] != nil:
            throw Diagnostic("'\(text)' is already a variable", at: name.location, help: "choose another name for the function")
        case .variable where environment.functions[text] != nil:
            throw Diagnostic("'\(text)' is already a function", at: name.location, help: "choose another name for the variable")
        case .variable where environment.tables[text] != nil:
            throw Diagnostic("'\(text)' is already a table", at: name.location, help: "choose another name")
        case .parameter where environment.functions[text] != nil:
            throw Diagnostic("parameter '\(text)' has the name of a function", at: name.location,
                             help: "choose another parameter name")
        default:
            return
        }
    }

    mutating func define(_ name: Name, _ parameters: [ParameterSyntax], _ body: Expr,
                         at location: SourceLocation) throws(Diagnostic) -> DefinitionReport {
        try checkNewName(name, as: .function)
        var seen: Set<String> = []
        var declared: [ParameterDeclaration] = []
        var components = 0
        for p in parameters {
            try checkNewName(p.name, as: .parameter)
            guard seen.insert(p.name.text).inserted else {
                throw Diagnostic("parameter '\(p.name.text)' appears twice", at: p.name.location)
            }
            declared.append(try p.declaration())
            components += declared.last!.count
            guard components <= ParameterDeclaration.maximumComponents else {
                throw Diagnostic("\(name.text) has more than \(ParameterDeclaration.maximumComponents) numbers as parameters",
                                 at: p.name.location)
            }
        }
        let definition = FunctionDefinition(name: name.text, declared: declared, body: body, location: location)
        // Check the body now, so a misspelt name is reported where it is written, not at first use.
        var trial = environment
        trial.define(definition)
        _ = try Lowering.lower(function: definition, in: trial)
        environment = trial
        return DefinitionReport(name: name.text, parameters: definition.declared.map(\.written), expr: body.printed)
    }

    /// The terms written out, or, when that would be too long, with every repeated piece named.
    static func printed(_ terms: [Term]) -> (exprs: [String], pieces: [NamedPiece]) {
        guard TermSharing.isTooLongToWriteOut(terms) else { return (terms.map(\.printed), []) }
        let shared = TermSharing.everyRepeatedPiece(terms)
        return (shared.exprs, shared.definitions.map { NamedPiece(name: $0.name, expr: $0.expr) })
    }

    /// The value of `expr` as its text reads (see `ExprEvaluation`); lowered first, so that its errors are found.
    /// In f32, as `precision=f32` computes it; what is not plain arithmetic, from the term's float32 program.
    func constantValue(_ expr: Expr, at location: SourceLocation, precision: Precision = .f64) throws(Diagnostic) -> Double {
        let term = try Lowering.lower(expr, in: environment)
        let float32 = precision == .f32
        if let v = ExprEvaluation.value(of: expr, in: environment, float32: float32) { return v }
        return float32 ? Program.compile([term], parameters: []).float32().evaluate([])[0] : term.evaluate([String: Double]())
    }

    /// The user function `name`, lowered with its parameters as symbols.
    func function(_ name: Name) throws(Diagnostic) -> (FunctionDefinition, Term) {
        guard let f = environment.functions[name.text] else {
            if environment.variables[name.text] != nil {
                throw Diagnostic("'\(name.text)' is a variable, not a function", at: name.location)
            }
            throw Diagnostic("unknown function '\(name.text)'", at: name.location,
                             help: Suggestion.closest(to: name.text, among: environment.functionOrder).map { "did you mean '\($0)'?" }
                                ?? (environment.functionOrder.isEmpty ? "define one first, as in f(x) = x^2" : nil))
        }
        return (f, try Lowering.lower(function: f, in: environment))
    }

    /// The point given by `name=value` settings for each parameter of `f`, the bounds of a `where` clause,
    /// and the other settings, which are options.
    func point(for f: FunctionDefinition, in settings: [Setting], statement: SourceLocation,
               optionNames: [String]) throws(Diagnostic) -> (point: [Double], options: [Setting], bounds: Bounds?) {
        let reader = SettingReader(environment: environment)
        var values: [String: Double] = [:]
        var options: [Setting] = []
        var bounds = Bounds(dimension: f.parameters.count)
        let position = Dictionary(f.parameters.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for s in try Self.componentSettings(f, settings) {
            if let i = position[s.name.text] {
                switch s.value {
                case .atLeast(let e): bounds.lower[i] = max(bounds.lower[i], try reader.number(e, at: s.name.location))
                case .atMost(let e): bounds.upper[i] = min(bounds.upper[i], try reader.number(e, at: s.name.location))
                default:
                    guard values[s.name.text] == nil else {
                        throw Diagnostic("'\(s.name.text)' is given twice", at: s.name.location)
                    }
                    values[s.name.text] = try reader.real(s)
                }
                if bounds.lower[i] > bounds.upper[i] {
                    throw Diagnostic("the bounds on '\(s.name.text)' leave no room: \(NumberFormat.shortest(bounds.lower[i])) > \(NumberFormat.shortest(bounds.upper[i]))",
                                     at: s.name.location)
                }
            } else {
                switch s.value {
                case .atLeast, .atMost:
                    throw Diagnostic("'\(s.name.text)' is not a parameter of \(f.name), so it cannot be bounded", at: s.name.location,
                                     help: Suggestion.closest(to: s.name.text, among: f.parameters).map { "did you mean '\($0)'?" })
                default: break
                }
                if !optionNames.contains(s.name.text), let p = Suggestion.closest(to: s.name.text, among: f.parameters) {
                    throw Diagnostic("'\(s.name.text)' is neither a parameter of \(f.name) nor an option", at: s.name.location,
                                     help: "did you mean '\(p)'?")
                }
                options.append(s)
            }
        }
        if let missingComponent = f.parameters.first(where: { values[$0] == nil }) {
            let missing = ParameterDeclaration.split(component: missingComponent)?.name ?? missingComponent
            let example = f.declared.map { p in
                "\(p.name)=\(p.components.first.flatMap { values[$0] }.map(NumberFormat.shortest) ?? (p.sizes.isEmpty ? "1" : "0"))"
            }.joined(separator: ", ")
            // `run f from y=1` for f(x): the stray name is the likelier mistake than the missing one.
            if let stray = options.first(where: { !optionNames.contains($0.name.text) }) {
                throw Diagnostic("'\(stray.name.text)' is \(optionNames.isEmpty ? "not a parameter of \(f.name)" : "neither a parameter of \(f.name) nor an option")",
                                 at: stray.name.location,
                                 help: "\(f.name) has parameters: \(f.declared.map(\.written).joined(separator: ", ")); give every parameter: \(example)")
            }
            throw Diagnostic("no value for '\(missing)', a parameter of \(f.name)", at: statement,
                             help: "give every parameter: \(example)")
        }
        return (f.parameters.map { values[$0]! }, options, bounds.isEmpty ? nil : bounds)
    }

    /// The settings with each one of a vector or matrix parameter of `f` given to its components: `w=0` (or a
    /// range, or a bound) to every one, `w=1,2,3` one value each, in row order.
    static func componentSettings(_ f: FunctionDefinition, _ settings: [Setting]) throws(Diagnostic) -> [Setting] {
        guard !f.isScalar else { return settings }
        // A component's value given by itself (`w=0 w[2]=5`) takes the place of the vector's value for it; bounds
        // (`where w >= -1`) still hold for every component.
        let given = Set(settings.filter { s in
            switch s.value {
            case .number, .numbers, .range: return true
            default: return false
            }
        }.map(\.name.text))
        var result: [Setting] = []
        for s in settings {
            guard let p = f.declared.first(where: { $0.name == s.name.text && !$0.sizes.isEmpty }) else {
                result.append(s)
                continue
            }
            let names = p.components.map { Name($0, at: s.name.location) }
            switch s.value {
            case .numbers(let values):
                guard values.count == names.count else {
                    throw Diagnostic("'\(p.name)' has \(p.count) components, but \(values.count) values were given", at: s.name.location,
                                     help: "give one value for all, as in \(p.name)=0, or \(p.count) values separated by commas")
                }
                result += zip(names, values).filter { !given.contains($0.0.text) }.map { Setting($0, .number($1)) }
            case .flag, .names:
                result.append(s)
            case .atLeast, .atMost:
                result += names.map { Setting($0, s.value) }
            default:
                result += names.filter { !given.contains($0.text) }.map { Setting($0, s.value) }
            }
        }
        return result
    }

    // MARK: data

    /// Adds a table under `name`, which must not name anything else.
    public mutating func define(_ table: DataTable, at name: Name) throws(Diagnostic) {
        try checkNewName(name, as: .variable)
        if environment.variables[name.text] != nil {
            throw Diagnostic("'\(name.text)' is already a variable", at: name.location, help: "choose another name for the table")
        }
        environment.define(table: table)
    }

    /// The point after `at` (`check`, `hessian … at`): a value for every parameter of `f` and nothing else, or for a
    /// function of one parameter its value alone.
    func pointOnly(for f: FunctionDefinition, in point: PointSyntax, statement: SourceLocation) throws(Diagnostic) -> [Double] {
        let (x, options) = try self.point(for: f, in: point, statement: statement, optionNames: [])
        if let s = options.first {
            throw Diagnostic("'\(s.name.text)' is not a parameter of \(f.name)", at: s.name.location,
                             help: "\(f.name) has parameters: \(f.parameters.joined(separator: ", "))")
        }
        return x
    }

    /// The point after `at`, and the settings that are not parameters of `f` (options, for the caller to check).
    func point(for f: FunctionDefinition, in point: PointSyntax, statement: SourceLocation,
               optionNames: [String]) throws(Diagnostic) -> (point: [Double], options: [Setting]) {
        guard let (value, location) = point.value else {
            // The parser reads no bounds after `at`.
            let (x, options, _) = try self.point(for: f, in: point.settings, statement: statement, optionNames: optionNames)
            return (x, options)
        }
        let v = try SettingReader(environment: environment).number(value, at: location)
        guard f.parameters.count == 1 else {
            let example = f.parameters.map { "\($0)=\(NumberFormat.shortest(v))" }.joined(separator: ", ")
            throw Diagnostic("\(f.name) has \(f.parameters.count) parameters, so the point names each", at: location,
                             help: "give every parameter: \(example)")
        }
        return ([v], point.options)
    }


    /// A script that recreates the session: its tables (read from `tableFiles`, written by the caller), functions,
    /// variables and changed defaults.
    public func script(tableFiles: [String: String] = [:]) -> String {
        var lines = ["# gd session"]
        for name in environment.tableOrder {
            if let file = tableFiles[name] { lines.append("data \(name) = csv(\"\(file)\")") }
        }
        for name in environment.functionOrder {
            let f = environment.functions[name]!
            lines.append("\(f.signature) = \(f.body.printed)")
        }
        for name in environment.variableOrder where name != "ans" {
            lines.append("\(name) = \(NumberFormat.shortest(environment.variables[name]!))")
        }
        let fresh = RunDefaults()
        let d = defaults
        var options: [String] = []
        func tolerance(_ t: Double?) -> String { t.map(NumberFormat.shortest) ?? "off" }
        if d.settings.eta != fresh.settings.eta { options.append("eta=\(NumberFormat.shortest(d.settings.eta))") }
        if d.settings.steps != fresh.settings.steps { options.append("steps=\(d.settings.steps)") }
        if d.settings.tolGrad != fresh.settings.tolGrad { options.append("tol_grad=\(tolerance(d.settings.tolGrad))") }
        if d.settings.tolLoss != fresh.settings.tolLoss { options.append("tol_loss=\(tolerance(d.settings.tolLoss))") }
        if d.settings.tolStep != fresh.settings.tolStep { options.append("tol_step=\(tolerance(d.settings.tolStep))") }
        if d.settings.tolDloss != fresh.settings.tolDloss { options.append("tol_dloss=\(tolerance(d.settings.tolDloss))") }
        if d.settings.divergence != fresh.settings.divergence { options.append("diverge=\(NumberFormat.shortest(d.settings.divergence))") }
        if d.method != fresh.method { options.append("method=\(d.method)") }
        if d.schedule != fresh.schedule { options.append("schedule=\(d.schedule)") }
        for (name, value) in d.hyperparameters.sorted(by: { $0.key < $1.key }) { options.append("\(name)=\(NumberFormat.shortest(value))") }
        if digits != 6 { options.append("digits=\(digits)") }
        if plotStyle != "braille" { options.append("plot=\(plotStyle)") }
        if !options.isEmpty { lines.append("set " + options.joined(separator: " ")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
