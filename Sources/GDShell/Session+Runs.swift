import GDLang
import GDOptim

/// The statements that run descents: run, step, sweep, compare, multistart, and set for their defaults.
extension Session {
    /// The objective of `f`, its start, bounds, and the statement's options, validated against `specs`.
    private func prepare(_ name: Name, _ settings: [Setting], statement: SourceLocation, specs: [OptionSpec],
                         verb: String, ranges: Bool = false)
        throws(Diagnostic) -> (f: FunctionDefinition, objective: Objective, start: [Double], options: [Setting], bounds: Bounds?) {
        let (f, term) = try descentFunction(name)
        let (start, options, bounds) = try point(for: f, in: settings, statement: statement, optionNames: specs.map(\.name))
        try SettingReader(environment: environment).validate(options, against: specs, statement: verb, ranges: ranges)
        return (f, Objective(loss: term, parameters: f.parameters), start, options, bounds)
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
        var descent = Descent(objective: p.objective, start: p.start, settings: descentSettings)
        descent.run(interrupted: interrupted, progress: progress)
        lastRun = (p.f.name, descent)
        if let keptName { keptRuns[keptName] = (p.f.name, descent) }
        return RunReport(of: p.f.name, descent)
    }

    /// Checks a mini-batch run against its loss, and turns `epochs` into steps.
    private func batching(_ settings: inout DescentSettings, _ objective: Objective, _ options: [Setting],
                          statement: SourceLocation) throws(Diagnostic) {
        let epochs = options.first { $0.name.text == "epochs" }
        guard let batch = settings.batch else {
            if let s = epochs ?? options.first(where: { $0.name.text == "seed" }) {
                throw Diagnostic("'\(s.name.text)' belongs to mini-batch runs", at: s.name.location, help: "add batch=32 or method=sgd")
            }
            return
        }
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

    func noRun(at location: SourceLocation, statement: String) -> Diagnostic {
        Diagnostic("no run to \(statement == "step" ? "continue" : statement)", at: location,
                   help: "start one with: run f from x=1")
    }

    mutating func step(_ countExpr: Expr?, at location: SourceLocation) throws(Diagnostic) -> Report {
        guard var last = lastRun else { throw noRun(at: location, statement: "step") }
        var count = 1
        if let countExpr {
            let v = try SettingReader(environment: environment).number(countExpr, at: location)
            guard v == v.rounded(), v >= 1, v < 9.2e18 else {
                throw Diagnostic("step takes a whole number of updates, at least 1, not \(NumberFormat.shortest(v))",
                                 at: location)
            }
            count = Int(v)
        }
        if last.descent.stop == .diverged {
            throw Diagnostic("the last run of \(last.name) diverged, so it cannot continue", at: location,
                             help: "start a new run with a smaller eta")
        }
        let new = last.descent.step(count, interrupted: interrupted, progress: progress)
        lastRun = last
        return .steps(new, RunReport(of: last.name, last.descent))
    }

    func sweep(_ name: Name, _ settings: [Setting], statement: SourceLocation) throws(Diagnostic) -> SweepReport {
        let p = try prepare(name, settings, statement: statement, specs: Options.sweep, verb: "sweep", ranges: true)
        let reader = SettingReader(environment: environment)
        let ranged = p.options.filter { if case .range = $0.value { true } else { false } }
        guard let swept = ranged.first else {
            throw Diagnostic("sweep needs a range of values to try", at: statement,
                             help: "for example: eta=0.001..1 count=20")
        }
        if ranged.count > 1 {
            throw Diagnostic("sweep varies one setting at a time, but '\(swept.name.text)' and '\(ranged[1].name.text)' are both ranges",
                             at: ranged[1].name.location)
        }
        let (low, high) = try reader.range(swept)
        var count = 20
        var target = 1e-6
        var logarithmic = false
        for s in p.options {
            switch s.name.text {
            case "count": count = try reader.count(s, minimum: 1)
            case "target": target = try reader.real(s)
            case "log": logarithmic = true
            default: continue
            }
        }
        guard high >= low, !logarithmic || low > 0 else {
            throw Diagnostic("the range of \(swept.name.text) must be increasing\(logarithmic ? " and positive for log spacing" : ""), not \(NumberFormat.shortest(low))..\(NumberFormat.shortest(high))",
                             at: swept.name.location)
        }
        guard count <= 1_000_000 else {
            throw Diagnostic("count must be at most 1000000", at: p.options.first { $0.name.text == "count" }!.name.location)
        }
        // Time to target is the measure, so the gradient tolerance is off unless given.
        var base = defaults
        base.settings.tolGrad = nil
        var runs: [(value: Double, settings: DescentSettings)] = []
        // A whole-number option (steps, every, patience, …) is swept over whole numbers.
        let sweptKind = Options.sweep.first { $0.name == swept.name.text }?.kind
        var whole = false
        if case .count? = sweptKind { whole = true }
        for raw in Sweep.values(from: low, to: high, count: count, logarithmic: logarithmic) {
            let value = whole ? raw.rounded() : raw
            var given = p.options.filter { $0.name.text != swept.name.text }
            given.append(Setting(swept.name, .number(.number(value))))
            var s = try reader.resolve(given, defaults: base)
            s.bounds = p.bounds
            runs.append((value, s))
        }
        let sweep = Sweep(objective: p.objective, start: p.start, runs: runs, target: target, interrupted: interrupted)
        return SweepReport(of: p.f.name, parameters: p.f.parameters, start: p.start, swept: swept.name.text,
                           logarithmic: logarithmic, target: target, cap: runs.map(\.settings.steps).max() ?? defaults.settings.steps,
                           sweep: sweep)
    }

    func compare(_ name: Name, _ settings: [Setting], statement: SourceLocation) throws(Diagnostic) -> CompareReport {
        let p = try prepare(name, settings, statement: statement, specs: Options.compare, verb: "compare")
        let reader = SettingReader(environment: environment)
        guard let methodsSetting = p.options.first(where: { $0.name.text == "methods" }),
              case .names(let methods) = methodsSetting.value else {
            throw Diagnostic("compare needs the methods to compare", at: statement, help: "for example: methods=gd,momentum,adam")
        }
        let target = try p.options.first { $0.name.text == "target" }.map { s throws(Diagnostic) in try reader.real(s) }
        var runs: [(Int?, RunReport)] = []
        var histories: [(String, RunHistory)] = []
        for method in methods {
            if interrupted() { break }
            var given = p.options.filter { $0.name.text != "methods" && $0.name.text != "target" }
            given.append(Setting(Name("method", at: method.location), .names([method])))
            var s = try reader.resolve(given, defaults: defaults)
            s.bounds = p.bounds
            try batching(&s, p.objective, given, statement: statement)
            let comparison = Comparison(objective: p.objective, start: p.start, settings: s, methods: [s.method],
                                        target: target, interrupted: interrupted)
            for row in comparison.rows {
                runs.append((row.stepsToTarget, RunReport(of: p.f.name, row.descent)))
                histories.append((method.text, row.descent.history))
            }
        }
        return CompareReport(of: p.f.name, parameters: p.f.parameters, start: p.start, target: target, runs: runs,
                             histories: histories)
    }

    func multistart(_ name: Name, _ settings: [Setting], statement: SourceLocation) throws(Diagnostic) -> MultistartReport {
        let (f, term) = try descentFunction(name)
        let reader = SettingReader(environment: environment)
        // Each parameter is given as a range of starts (or a single value); the rest are options.
        var low: [Double] = [], high: [Double] = []
        var pointSettings: [Setting] = []
        for s in settings {
            if f.parameters.contains(s.name.text), case .range = s.value {
                pointSettings.append(Setting(s.name, .number(.number(0))))
            } else {
                pointSettings.append(s)
            }
        }
        let (_, options, bounds) = try point(for: f, in: pointSettings, statement: statement, optionNames: Options.multistart.map(\.name))
        for p in f.parameters {
            let s = settings.first { $0.name.text == p }!
            if case .range = s.value {
                let (a, b) = try reader.range(s)
                guard b >= a else {
                    throw Diagnostic("the range of \(p) must be increasing, not \(NumberFormat.shortest(a))..\(NumberFormat.shortest(b))",
                                     at: s.name.location)
                }
                low.append(a)
                high.append(b)
            } else {
                let v = try reader.real(s)
                low.append(v)
                high.append(v)
            }
        }
        try reader.validate(options, against: Options.multistart, statement: "multistart")
        var count = 20
        var seed: UInt64?
        for s in options {
            switch s.name.text {
            case "count": count = try reader.count(s, minimum: 1)
            case "seed": seed = UInt64(try reader.count(s, minimum: 0))
            default: continue
            }
        }
        guard count <= 100_000 else {
            throw Diagnostic("count must be at most 100000", at: options.first { $0.name.text == "count" }!.name.location)
        }
        var s = try reader.resolve(options.filter { $0.name.text != "count" && $0.name.text != "seed" }, defaults: defaults)
        s.bounds = bounds
        let starts = Multistart.starts(low: low, high: high, count: count, random: seed)
        let multistart = Multistart(objective: Objective(loss: term, parameters: f.parameters), starts: starts, settings: s,
                                    interrupted: interrupted)
        return MultistartReport(of: f.name, parameters: f.parameters, multistart: multistart)
    }

    mutating func set(_ settings: [Setting]) throws(Diagnostic) {
        let reader = SettingReader(environment: environment)
        try reader.validate(settings, against: Options.set, statement: "set")
        let newDefaults = try reader.apply(settings, to: defaults)
        var newDigits = digits
        if let s = settings.first(where: { $0.name.text == "digits" }) {
            newDigits = try reader.count(s, minimum: 1)
            guard newDigits <= 17 else {
                throw Diagnostic("digits must be between 1 and 17", at: s.name.location)
            }
        }
        defaults = newDefaults
        digits = newDigits
        if let s = settings.first(where: { $0.name.text == "plot" }), let style = reader.word(s) { plotStyle = style }
    }
}
