import GDLang
import GDOptim

/// The state a script builds up — definitions, variables, defaults, the last run — and the
/// meaning of each statement. A statement that fails leaves the session as it was.
public struct Session: Sendable {
    public private(set) var environment = Environment()
    public internal(set) var defaults = RunDefaults()
    /// Significant digits in text output.
    public internal(set) var digits = 6
    /// The run `step` and `trace` refer to.
    public internal(set) var lastRun: (name: String, descent: Descent)?
    public internal(set) var lastSweep: SweepReport?
    public internal(set) var lastCompare: CompareReport?
    public internal(set) var lastMultistart: MultistartReport?
    public internal(set) var lastGrid: GridReport?
    /// Runs kept with `run … as name`, for `plot loss a b`.
    public internal(set) var keptRuns: [String: (name: String, descent: Descent)] = [:]
    /// How terminal plots are drawn: `set plot=ascii` or `braille`.
    public internal(set) var plotStyle = "braille"
    /// Polled during long runs; true stops them where they are.
    public var interrupted: @Sendable () -> Bool = { false }
    /// Told the step and the loss of a long run now and then, to show progress.
    public var progress: @Sendable (Int, Double) -> Void = { _, _ in }

    public init() {}

    /// Carries out one statement and returns what it has to say.
    public mutating func execute(_ statement: Statement) throws(Diagnostic) -> [Report] {
        switch statement.kind {
        case .define(let name, let parameters, let body):
            return [try define(name, parameters, body, at: statement.location)]
        case .assign(let name, let expr):
            try checkNewName(name, as: .variable)
            let value = try constantValue(expr, at: name.location)
            environment.assign(name.text, value)
            return [.assign(name: name.text, value: value)]
        case .evaluate(let expr):
            let value = try constantValue(expr, at: statement.location)
            environment.assign("ans", value)
            return [.value(value)]
        case .diff(let name):
            let (f, term) = try descentFunction(name)
            let gradient = Derivative.gradient(term, parameters: f.parameters)
            let (exprs, pieces) = Self.printed(gradient)
            return [.derivative(of: f.name, wrt: f.parameters, exprs: exprs, pieces: pieces,
                                shared: pieces.isEmpty ? TermSharing.share(gradient) : nil)]
        case .hessian(let name, let settings):
            let (f, term) = try descentFunction(name)
            let n = f.parameters.count
            let hessian = Derivative.hessian(term, parameters: f.parameters).flatMap { $0 }
            let (entries, pieces) = Self.printed(hessian)
            let rows = (0..<n).map { Array(entries[($0 * n)..<($0 * n + n)]) }
            var at: HessianAtPoint?
            if let settings {
                let x = try pointOnly(for: f, in: settings, statement: statement.location)
                let values = Program.compile(hessian, parameters: f.parameters).evaluate(x)
                at = HessianAtPoint(point: x, curvature: Curvature(hessian: (0..<n).map { Array(values[($0 * n)..<($0 * n + n)]) }))
            }
            return [.hessian(of: f.name, wrt: f.parameters, rows: rows, pieces: pieces, at: at)]
        case .check(let name, let using, let at):
            return [.check(try check(name, using: using, at: at, statement: statement.location))]
        case .run(let name, let settings):
            return [.run(try run(name, settings, statement: statement.location))]
        case .step(let countExpr):
            return [try step(countExpr, at: statement.location)]
        case .trace:
            guard let last = lastRun else { throw noRun(at: statement.location, statement: "trace") }
            return [.trace(RunReport(of: last.name, last.descent), last.descent.history.iterates)]
        case .sweep(let name, let settings):
            let sweep = try self.sweep(name, settings, statement: statement.location)
            lastSweep = sweep
            return [.sweep(sweep)]
        case .compare(let name, let settings):
            let comparison = try compare(name, settings, statement: statement.location)
            lastCompare = comparison
            return [.compare(comparison)]
        case .grid(let name, let settings):
            let grid = try self.grid(name, settings, statement: statement.location)
            lastGrid = grid
            return [.grid(grid)]
        case .multistart(let name, let settings):
            let multistart = try self.multistart(name, settings, statement: statement.location)
            lastMultistart = multistart
            return [.multistart(multistart)]
        case .set(let settings):
            try set(settings)
            return []
        case .help(let topic):
            guard let text = Help.text(topic?.text) else {
                throw Diagnostic("no help on '\(topic!.text)'", at: topic!.location,
                                 help: Suggestion.closest(to: topic!.text, among: Help.topics).map { "did you mean 'help \($0)'?" }
                                    ?? "topics: " + Help.topics.joined(separator: ", "))
            }
            return [.help(topic: topic?.text, text: text)]
        case .plot(let command):
            return [.plot(try plot(command))]
        case .load, .save, .quit:
            // Statements about files and leaving belong to the shell, which handles them before the session sees them.
            return []
        case .show(let name):
            if let name {
                guard let table = environment.tables[name.text] else {
                    throw Diagnostic("unknown table '\(name.text)'", at: name.location,
                                     help: Suggestion.closest(to: name.text, among: environment.tableOrder).map { "did you mean '\($0)'?" }
                                        ?? "show alone lists the session")
                }
                return [.table(table)]
            }
            return [.show(ShowReport(
                functions: environment.functionOrder.map { name in
                    let f = environment.functions[name]!
                    return (name, f.parameters, f.body.printed)
                },
                variables: environment.variableOrder.map { ($0, environment.variables[$0]!) },
                tables: environment.tableOrder.map { environment.tables[$0]! },
                defaults: defaults, digits: digits))]
        case .data(let name, .synth(let kind, let settings)):
            let table = try synthesize(name, kind, settings)
            try define(table, at: name)
            return [.table(table)]
        case .data:
            // A table from a file is read by the shell, which hands it to `define(_:at:)`.
            return []
        }
    }

    // MARK: Names

    enum NameRole { case function, variable, parameter }

    /// Rejects names that would shadow a keyword, built-in, constant, or a name of the other kind.
    func checkNewName(_ name: Name, as role: NameRole) throws(Diagnostic) {
        let text = name.text
        if statementKeywords.contains(text) || text == "diff" {
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

    private mutating func define(_ name: Name, _ parameters: [Name], _ body: Expr,
                                 at location: SourceLocation) throws(Diagnostic) -> Report {
        try checkNewName(name, as: .function)
        var seen: Set<String> = []
        for p in parameters {
            try checkNewName(p, as: .parameter)
            guard seen.insert(p.text).inserted else {
                throw Diagnostic("parameter '\(p.text)' appears twice", at: p.location)
            }
        }
        let definition = FunctionDefinition(name: name.text, parameters: parameters.map(\.text), body: body,
                                            location: location)
        // Check the body now, so a misspelt name is reported where it is written, not at first use.
        var trial = environment
        trial.define(definition)
        _ = try Lowering.lower(function: definition, in: trial)
        environment = trial
        return .define(name: name.text, parameters: definition.parameters, expr: body.printed)
    }

    /// The terms written out, or, when that would be too long, with every repeated piece named.
    static func printed(_ terms: [Term]) -> (exprs: [String], pieces: [NamedPiece]) {
        guard TermSharing.isTooLongToWriteOut(terms) else { return (terms.map(\.printed), []) }
        let shared = TermSharing.everyRepeatedPiece(terms)
        return (shared.exprs, shared.definitions.map { NamedPiece(name: $0.name, expr: $0.expr) })
    }

    private func constantValue(_ expr: Expr, at location: SourceLocation) throws(Diagnostic) -> Double {
        let term = try Lowering.lower(expr, in: environment)
        return term.evaluate([String: Double]())
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
        for s in settings {
            if let i = f.parameters.firstIndex(of: s.name.text) {
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
        if let missing = f.parameters.first(where: { values[$0] == nil }) {
            let example = f.parameters.map { "\($0)=\(values[$0].map(NumberFormat.shortest) ?? "1")" }.joined(separator: ", ")
            // `run f from y=1` for f(x): the stray name is the likelier mistake than the missing one.
            if let stray = options.first(where: { !optionNames.contains($0.name.text) }) {
                throw Diagnostic("'\(stray.name.text)' is \(optionNames.isEmpty ? "not a parameter of \(f.name)" : "neither a parameter of \(f.name) nor an option")",
                                 at: stray.name.location,
                                 help: "\(f.name) has parameters: \(f.parameters.joined(separator: ", ")); give every parameter: \(example)")
            }
            throw Diagnostic("no value for '\(missing)', a parameter of \(f.name)", at: statement,
                             help: "give every parameter: \(example)")
        }
        return (f.parameters.map { values[$0]! }, options, bounds.isEmpty ? nil : bounds)
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

    private func synthesize(_ name: Name, _ kind: Name, _ settings: [Setting]) throws(Diagnostic) -> DataTable {
        guard kind.text == "linear" else {
            throw Diagnostic("unknown synthetic data '\(kind.text)'", at: kind.location, help: "synth linear n=500 w=2,-1 noise=0.5 seed=0")
        }
        let specs = [
            OptionSpec(name: "n", kind: .count(minimum: 1), defaultValue: "100", summary: "rows"),
            OptionSpec(name: "w", kind: .real, defaultValue: "(required)", summary: "the true weights, one per feature"),
            OptionSpec(name: "noise", kind: .real, defaultValue: "0", summary: "standard deviation of the noise on y"),
            OptionSpec(name: "seed", kind: .count(minimum: 0), defaultValue: "0", summary: "seed of the generator"),
        ]
        let reader = SettingReader(environment: environment)
        try reader.validate(settings, against: specs, statement: "synth linear", numberLists: true)
        var n = 100, noise = 0.0, seed: UInt64 = 0
        var weights: [Double]?
        for s in settings {
            switch s.name.text {
            case "n": n = try reader.count(s, minimum: 1)
            case "noise":
                // A standard deviation: −σ would give the same table as σ with every ε flipped, which reads as a mistake.
                noise = try reader.real(s)
                guard noise >= 0 else {
                    throw Diagnostic("noise is a standard deviation, at least 0, not \(NumberFormat.shortest(noise))", at: s.name.location)
                }
            case "seed": seed = UInt64(try reader.count(s, minimum: 0))
            default:
                if case .numbers(let items) = s.value {
                    var list: [Double] = []
                    for e in items { list.append(try reader.number(e, at: s.name.location)) }
                    weights = list
                } else {
                    weights = [try reader.real(s)]
                }
            }
        }
        guard let weights else {
            throw Diagnostic("synth linear needs the true weights", at: kind.location, help: "for example: w=2,-1")
        }
        guard n * (weights.count + 1) <= 100_000_000 else {
            throw Diagnostic("a table of \(n) rows × \(weights.count + 1) columns is more than 100000000 numbers", at: kind.location)
        }
        guard noise <= 1e100, weights.allSatisfy({ abs($0) <= 1e100 }) else {
            throw Diagnostic("noise and weights must be at most 1e100 in size", at: kind.location)
        }
        return SyntheticData.linear(name: name.text, rows: n, weights: weights, noise: noise, seed: seed)
    }

    // MARK: check

    private func check(_ name: Name, using: [Name], at settings: [Setting],
                       statement: SourceLocation) throws(Diagnostic) -> CheckReport {
        let (f, term) = try function(name)
        let x = try pointOnly(for: f, in: settings, statement: statement)
        // The derivatives `diff` prints, compiled as they read (runs compile theirs in reverse mode).
        let symbolic = Program.compile(Derivative.gradient(term, parameters: f.parameters), parameters: f.parameters)
            .evaluate(x)
        let central = DerivativeCheck.centralDifference(term, parameters: f.parameters, at: x)
        let forward = DerivativeCheck.forwardMode(term, parameters: f.parameters, at: x)
        var (absErr, relErr) = DerivativeCheck.errors(symbolic, central)
        let (absF, relF) = DerivativeCheck.errors(symbolic, forward)
        absErr = max(absErr, absF)
        relErr = max(relErr, relF)
        var report = CheckReport(of: f.name, parameters: f.parameters, point: x, symbolic: symbolic, central: central,
                                 forward: forward, maxAbsoluteError: absErr, maxRelativeError: relErr)
        guard !using.isEmpty else { return report }
        guard using.count == f.parameters.count else {
            throw Diagnostic("\(f.name) has \(count(f.parameters.count, "parameter")), so 'using' needs \(count(f.parameters.count, "function")), one per partial derivative, not \(using.count)",
                             at: using[0].location, help: "for example: check \(f.name) using \(f.parameters.map { "d\($0)" }.joined(separator: ", ")) at …")
        }
        var values: [Double] = []
        for u in using {
            let (g, gTerm) = try function(u)
            guard g.parameters.count == f.parameters.count else {
                throw Diagnostic("\(g.name) takes \(count(g.parameters.count, "parameter")) but \(f.name) takes \(f.parameters.count)",
                                 at: u.location, help: "a derivative takes the same parameters as its function")
            }
            var env: [String: Double] = [:]
            for (p, v) in zip(g.parameters, x) { env[p] = v }
            values.append(gTerm.evaluate(env))
        }
        let (userAbs, userRel) = DerivativeCheck.errors(values, forward)
        report.user = (using.map(\.text), values)
        report.userAbsoluteError = userAbs
        report.userRelativeError = userRel
        report.agrees = DerivativeCheck.agrees(values, forward)
        return report
    }

    /// The point `settings` give, a value for every parameter of `f` and nothing else (`check`, `hessian … at`).
    private func pointOnly(for f: FunctionDefinition, in settings: [Setting], statement: SourceLocation) throws(Diagnostic) -> [Double] {
        let (x, extra, _) = try point(for: f, in: settings, statement: statement, optionNames: [])
        if let s = extra.first {
            throw Diagnostic("'\(s.name.text)' is not a parameter of \(f.name)", at: s.name.location,
                             help: "\(f.name) has parameters: \(f.parameters.joined(separator: ", "))")
        }
        return x
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
            lines.append("\(name)(\(f.parameters.joined(separator: ", "))) = \(f.body.printed)")
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
        if d.settings.divergence != fresh.settings.divergence { options.append("diverge=\(NumberFormat.shortest(d.settings.divergence))") }
        if d.method != fresh.method { options.append("method=\(d.method)") }
        if d.schedule != fresh.schedule { options.append("schedule=\(d.schedule)") }
        for (name, value) in d.hyperparameters.sorted(by: { $0.key < $1.key }) { options.append("\(name)=\(NumberFormat.shortest(value))") }
        if digits != 6 { options.append("digits=\(digits)") }
        if plotStyle != "braille" { options.append("plot=\(plotStyle)") }
        if !options.isEmpty { lines.append("set " + options.joined(separator: " ")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "1 parameter", "2 parameters".
    func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
}
