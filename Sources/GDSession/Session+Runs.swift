import GDLang
import GDProgram
import GDRender
import GDOptim

/// What the statements that run descents share: the objective and start of a function, and `run` itself.
extension Session {
    /// The objective of `f`, its start, bounds, and the statement's options, validated against `specs`.
    mutating func prepare(_ name: Name, _ settings: [Setting], statement: SourceLocation, specs: [OptionSpec],
                          verb: String, ranges: Bool = false)
        throws(Diagnostic) -> (f: FunctionDefinition, objective: Objective, start: [Double], options: [Setting], bounds: Bounds?) {
        let (f, term) = try descentFunction(name)
        let settings = try drawingStarts(f, settings)
        let (start, options, bounds) = try point(for: f, in: settings, statement: statement, optionNames: specs.map(\.name))
        try SettingReader(environment: environment).validate(options, against: specs, statement: verb, ranges: ranges)
        return (f, try objective(f, term), start, options, bounds)
    }

    /// The settings with each start written `p=randn(s)` drawn from the session's random stream, in the order
    /// written: s·N(0, 1) for each component, row by row, as `s * np.random.randn(rows, columns)` draws them (s is 1
    /// in `randn()`).
    mutating func drawingStarts(_ f: FunctionDefinition, _ settings: [Setting]) throws(Diagnostic) -> [Setting] {
        var result: [Setting] = []
        for s in settings {
            guard case .number(.call("randn", let args, let location)) = s.value,
                  let p = f.declared.first(where: { $0.name == s.name.text }) else {
                result.append(s)
                continue
            }
            guard args.count <= 1 else {
                throw Diagnostic("randn takes at most one argument, the scale", at: location, help: "for example: \(p.name)=randn(0.5)")
            }
            let scale = try args.first.map { e throws(Diagnostic) in try SettingReader(environment: environment).number(e, at: location) } ?? 1
            guard scale.isFinite, scale >= 0 else {
                throw Diagnostic("the scale of randn is at least 0, not \(NumberFormat.shortest(scale))", at: location)
            }
            let values = (0..<p.count).map { _ in Expr.number(scale * random.standardNormal()) }
            result.append(Setting(s.name, values.count == 1 ? .number(values[0]) : .numbers(values)))
        }
        return result
    }

    /// The objective of `f`, whose canonical term is `term`: its L computed as `f`'s text reads, so a run's
    /// values are the ones typing `f(…)` gives.
    /// A loss whose written form is too deep for the passes over terms (tens of thousands of terms in one sum)
    /// computes L from the canonical term instead, whose sums are flat.
    func objective(_ f: FunctionDefinition, _ term: Term) throws(Diagnostic) -> Objective {
        let written = try Lowering.lower(function: f, in: environment, asWritten: true)
        return Objective(loss: term, value: written.height <= Lowering.maximumHeight ? written : nil,
                         parameters: f.parameters)
    }

    /// A function with parameters, to differentiate or descend on.
    func descentFunction(_ name: Name) throws(Diagnostic) -> (FunctionDefinition, Term) {
        let (f, term) = try function(name)
        guard !f.parameters.isEmpty else {
            throw Diagnostic("\(f.name) has no parameters", at: name.location,
                             help: "define it with parameters, as in \(f.name)(x) = …")
        }
        return (f, term)
    }

    mutating func run(_ name: Name, _ settings: [Setting], statement: SourceLocation) throws(Diagnostic) -> RunReport {
        let keeps = settings.filter { $0.name.text == "as" }
        if keeps.count > 1 { throw Diagnostic("a run is kept under one name", at: keeps[1].name.location) }
        let keepAs = keeps.first
        var keptName: String?
        if let keepAs, case .names(let names) = keepAs.value {
            // Checked before running, so a refused name leaves the session as it was.
            if environment.functions[names[0].text] != nil || environment.variables[names[0].text] != nil {
                throw Diagnostic("'\(names[0].text)' already names a function or variable", at: names[0].location,
                                 help: "keep the run under another name")
            }
            keptName = names[0].text
        }
        let p = try prepare(name, settings.filter { $0.name.text != "as" }, statement: statement, specs: Options.run, verb: "run")
        let reader = SettingReader(environment: environment)
        var descentSettings = try reader.resolve(p.options, defaults: defaults)
        descentSettings.bounds = p.bounds
        try batching(&descentSettings, p.objective, p.options, statement: statement)
        try checkPrecision(descentSettings, p.objective, p.options, statement: statement)
        var descent = Descent(objective: p.objective, start: p.start, settings: descentSettings)
        descent.run(interrupted: interrupted, progress: { [progress] in progress(.run(step: $0, loss: $1)) })
        // A mini-batch run drew its shuffles from the session's stream, which goes on from there.
        if descentSettings.batch != nil { random = descent.random }
        lastRun = (p.f.name, descent)
        if let keptName {
            keptRuns[keptName] = (p.f.name, descent)
            environment.define(point: keptName, Dictionary(uniqueKeysWithValues: zip(p.f.parameters, descent.last.point)))
        }
        return RunReport(of: p.f.name, descent, given: p.start)
    }

    /// Checks a mini-batch run against its loss, and turns `epochs` into steps.
    func batching(_ settings: inout DescentSettings, _ objective: Objective, _ options: [Setting],
                          statement: SourceLocation) throws(Diagnostic) {
        let epochs = options.first { $0.name.text == "epochs" }
        guard let batch = settings.batch else {
            if let s = epochs ?? options.first(where: { $0.name.text == "seed" || $0.name.text == "full_loss" }) {
                throw Diagnostic("'\(s.name.text)' belongs to mini-batch runs", at: s.name.location, help: "add batch=32 or method=sgd")
            }
            return
        }
        // Without seed=, the shuffles come from the session's stream where it stands.
        if batch.seed == nil { settings.batch?.stream = random }
        guard let rows = objective.tableRows else {
            let at = options.first { $0.name.text == "batch" || $0.name.text == "method" }?.name.location ?? statement
            throw Diagnostic("mini-batches need a loss over one table", at: at,
                             help: "write the loss as a mean over a table, as in L(w) = mean(pts, (w*x - y)^2)")
        }
        if let epochs {
            let n = try SettingReader(environment: environment).count(epochs, minimum: 1)
            let perEpoch = (rows + batch.size - 1) / batch.size
            guard n <= Int.max / max(1, perEpoch) else { throw Diagnostic("too many epochs", at: epochs.name.location) }
            settings.steps = n * perEpoch
        }
    }

    /// Refuses `precision=f32` for a loss over a table: float32 evaluation runs the program without its reductions.
    func checkPrecision(_ settings: DescentSettings, _ objective: Objective, _ options: [Setting],
                        statement: SourceLocation) throws(Diagnostic) {
        guard settings.precision == .f32, objective.program.hasReductions else { return }
        let at = options.first { $0.name.text == "precision" }?.name.location ?? statement
        throw Diagnostic("precision=f32 is for losses that do not read a table", at: at,
                         help: "leave out precision=f32 (or set precision=f64) for a loss over data")
    }

    func noRun(at location: SourceLocation, statement: String) -> Diagnostic {
        Diagnostic("no run to \(statement == "step" ? "continue" : statement)", at: location,
                   help: "start one with: run f from x=1")
    }
}
