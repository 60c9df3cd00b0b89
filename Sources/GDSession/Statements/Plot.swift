import GDLang
import GDProgram
import GDRender
import GDOptim
import GDPlot

/// `plot TARGET[, TARGET …] [LOW..HIGH] [RUN …] [FLAG …] [NAME=VALUE …] [to PATH]`: a figure in the terminal, or an
/// SVG file.
struct PlotStatement: StatementDeclaration {
    static let name = "plot"
    static let rank = 17.0
    static let help = StatementHelp(syntax: "plot f[, g …] [LOW..HIGH] [RUN …] | loss | grad | diagnostics | path | sweep | compare | multistart | grid [RUN …] [FLAGS] [to FILE.svg]",
                                    summary: "draw in the terminal, or write an SVG figure", example: "plot loss slow fast to loss.svg",
                                    options: flags.map(\.option))
    /// What can be plotted besides a function.
    static let targets = ["loss", "grad", "diagnostics", "path", "sweep", "compare", "multistart", "grid"]
    /// The words that change how a figure is drawn, and the options that take a value, with what each applies to.
    static let flags: [PlotFlag] = [
        PlotFlag(name: "linear", kinds: [.function, .curves, .compare], summary: "a linear y axis"),
        PlotFlag(name: "log", kinds: [.function, .curves, .compare], summary: "a logarithmic y axis"),
        PlotFlag(name: "ascii", kinds: PlotKind.allCases, summary: "plain ASCII characters in the terminal"),
        PlotFlag(name: "braille", kinds: PlotKind.allCases, summary: "braille dots in the terminal"),
        PlotFlag(name: "steps", kinds: [.function], summary: "each update as an arrow from w_k to w_k+1, below the curve"),
        PlotFlag(name: "batchloss", kinds: [.curves], summary: "a mini-batch run's batch losses, faint behind its loss over all rows"),
        PlotFlag(name: "tangent", value: "K", kinds: [.function], summary: "the tangent at iterate K, with its slope",
                 valueKind: .count(minimum: 0)),
        PlotFlag(name: "per", value: "step|epoch", kinds: [.curves], summary: "what the x axis counts when a mini-batch run is drawn",
                 valueKind: .choice(["step", "epoch"]), defaultValue: "epoch"),
        PlotFlag(name: "animate", kinds: [.function, .contours], summary: "an SVG that plays the run, a ball at each iterate in turn"),
        PlotFlag(name: "fps", value: "N", kinds: [.function, .contours], summary: "frames (iterates) a second of an animation",
                 valueKind: .positive, defaultValue: NumberFormat.shortest(Animation.defaultFramesPerSecond)),
    ]
    static let completion = StatementCompletion.custom(complete)

    /// The flags as written: `log`, `tangent=K`.
    static var flagList: String {
        flags.map { flag in flag.value.map { "\(flag.name)=\($0)" } ?? flag.name }.joined(separator: ", ")
    }

    /// What Tab offers after the keyword.
    private static func complete(_ c: CompletionContext) -> [String] {
        c.tokens.count == 1 ? targets + c.environment.functionOrder
            : ["to "] + flags.map { $0.value == nil ? $0.name : $0.name + "=" }
    }

    /// A function name, or one of `targets`; `plot f, g …` names several functions.
    var targets: [Name]
    var target: Name { targets[0] }
    /// `plot f -3..3`: the range of the function's parameter.
    var range: (Expr, Expr)?
    /// `plot loss a b`: runs kept with `run … as a`.
    var runs: [Name]
    /// Flags such as `linear` and `ascii`, and `tangent=`/`per=` settings.
    var options: [Setting]
    /// `to FILE.svg`: write an SVG file instead of drawing in the terminal.
    var path: String?
    /// Where the path stands, for errors about the file.
    var pathLocation: SourceLocation?
    static func takesPath(after words: [String]) -> Bool { words.last == "to" }
    var touchesFiles: Bool { path != nil }

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> PlotStatement {
        var targets = [try parser.expectName("expected what to plot", help: "for example: plot loss, plot f -3..3, plot path")]
        while parser.match(.comma) {
            targets.append(try parser.expectName("expected a function after ','", help: "for example: plot f, g 0..10"))
        }
        var command = PlotStatement(targets: targets, range: nil, runs: [], options: [], path: nil)
        if !parser.atEndOfStatement, !parser.isIdentifier(parser.current) {
            let low = try parser.expression()
            guard parser.match(.dotDot) else { throw parser.error("expected '..' and the end of the range", help: "for example: plot f -3..3") }
            command.range = (low, try parser.expression())
        }
        while !parser.atEndOfStatement {
            if parser.isWord("to") {
                _ = parser.advance()
                let (path, location) = try parser.path(after: "to", example: "plot loss to loss.svg")
                try Self.checkFormat(of: path, at: location)
                (command.path, command.pathLocation) = (path, location)
                continue
            }
            let name = try parser.expectName("expected a run name, an option or 'to FILE.svg'")
            if parser.match(.equals) {
                if parser.isIdentifier(parser.current), case .identifier(let word) = parser.current.kind {
                    command.options.append(Setting(name, .names([Name(word, at: parser.advance().location)])))
                } else {
                    command.options.append(Setting(name, .number(try parser.expression())))
                }
            } else if flags.contains(where: { $0.name == name.text && $0.value == nil }) {
                command.options.append(Setting(name, .flag))
            } else {
                command.runs.append(name)
            }
        }
        return command
    }

    /// Formats a figure's file name may ask for that gd does not write: it writes SVG, whatever the name says.
    static let otherFormats = ["png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "pdf", "eps", "ps"]

    /// Refuses a file name that asks for a format other than SVG (`a.png`), rather than writing SVG text under it.
    static func checkFormat(of path: String, at location: SourceLocation) throws(Diagnostic) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return }
        let format = path[path.index(after: dot)...].lowercased()
        guard otherFormats.contains(format) else { return }
        let svg = String(path[..<dot]) + ".svg"
        throw Diagnostic("gd writes figures as SVG, not \(format.uppercased())", at: location,
                         help: "write to \(svg); a browser or a converter such as rsvg-convert turns it into \(format.uppercased())")
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let report = try context.session.plot(self)
        if let path {
            let svg = report.animation.map { SVGPlot.render(report.figure, animation: $0) } ?? SVGPlot.render(report.figure)
            try context.host.write(svg, to: path, at: pathLocation ?? context.location)
        }
        return [report]
    }

    /// The figure's own words in plain ASCII, for terminals that show nothing else.
    static func ascii(_ figure: Figure) -> Figure {
        func plain(_ s: String) -> String {
            var t = s
            for (a, b) in [("‖∇L‖", "|grad L|"), ("∇", "grad "), ("‖", "|"), ("η", "eta"), ("≤", "<="), ("—", "-"), ("·", "*"), ("→", "->")] {
                t = t.replacing(a, with: b)
            }
            return t
        }
        var f = figure
        f.title = plain(f.title)
        f.xLabel = plain(f.xLabel)
        f.yLabel = plain(f.yLabel)
        f.series = f.series.map { s in
            var s = s
            s.name = plain(s.name)
            return s
        }
        f.labels = f.labels.map { label in
            var label = label
            label.text = plain(label.text)
            return label
        }
        return f
    }
}

/// A figure for `plot`, drawn in the terminal or written as SVG.
struct PlotReport: Report {
    var target: String
    var figure: Figure
    var path: String?
    var style: TerminalPlot.Style
    /// What the figure leaves out, and why (values a log axis cannot show, updates not drawn).
    var notes: [String] = []
    /// The run the SVG plays, with `animate`.
    var animation: Animation?

    func text(_ r: TextRenderer) -> String {
        let drawn = path.map { "plotted \(target) to \($0)" }
            ?? TerminalPlot.render(figure, width: r.width, height: r.height, style: style, color: r.colour)
        return ([drawn] + notes).joined(separator: "\n")
    }

    var json: JSON {
        var pairs: [(String, JSON)] = [("kind", .string("plot")), ("target", .string(target)), ("file", path.map(JSON.string) ?? .null),
                                       ("series", .array(figure.series.map { .string($0.name) }))]
        if !notes.isEmpty { pairs.append(("notes", .array(notes.map(JSON.string)))) }
        if path == nil {
            pairs.append(("text", .string(TerminalPlot.render(figure, width: 80, height: 24, style: style, color: false))))
        }
        return .object(pairs)
    }
}

/// What a plot draws, which decides the flags it takes.
enum PlotKind: String, CaseIterable, Sendable {
    case function = "a function of one parameter"
    case contours = "contours"
    case curves = "loss, grad and diagnostics"
    case compare, sweep, multistart, grid
}

/// A word or `NAME=VALUE` option of `plot`, with the kinds of plot it applies to.
struct PlotFlag: Sendable {
    var name: String
    /// What the value looks like, for an option that takes one.
    var value: String? = nil
    var kinds: [PlotKind]
    var summary: String
    /// The value an option takes (a bare word is `.flag`), and what holds when it is not given.
    var valueKind: OptionSpec.Kind = .flag
    var defaultValue = "off"

    /// The flag as `help plot` and `help NAME` list it.
    var option: OptionSpec {
        OptionSpec(name: name, kind: valueKind, defaultValue: defaultValue,
                   summary: summary + " (plots of " + kinds.map(\.rawValue).joined(separator: ", ") + ")")
    }
}

/// Choosing the figure for what is named and what the session has.
extension Session {
    fileprivate func plot(_ command: PlotStatement) throws(Diagnostic) -> PlotReport {
        let target = command.target
        let kind = try plotKind(command)
        var style: TerminalPlot.Style = plotStyle == "ascii" ? .ascii : .braille
        var seen: [String: Setting] = [:]
        for o in command.options {
            guard let flag = PlotStatement.flags.first(where: { $0.name == o.name.text }) else {
                throw Diagnostic("unknown option '\(o.name.text)' for plot", at: o.name.location,
                                 help: Suggestion.closest(to: o.name.text, among: PlotStatement.flags.map(\.name)).map { "did you mean '\($0)'?" }
                                    ?? "plot takes " + PlotStatement.flagList + ", and 'to FILE.svg'")
            }
            guard flag.kinds.contains(kind) else {
                let applies = PlotStatement.flags.filter { $0.kinds.contains(kind) }.map(\.name)
                throw Diagnostic("'\(flag.name)' does not apply to a plot of \(kind.rawValue)", at: o.name.location,
                                 help: "\(flag.name): \(flag.summary), for plots of "
                                    + flag.kinds.map(\.rawValue).joined(separator: ", ") + "; this plot takes " + applies.joined(separator: ", "))
            }
            for (a, b) in [("linear", "log"), ("ascii", "braille")] where o.name.text == b && seen[a] != nil || o.name.text == a && seen[b] != nil {
                throw Diagnostic("'\(a)' and '\(b)' contradict each other", at: o.name.location, help: "keep one of them")
            }
            if seen[o.name.text] != nil { throw Diagnostic("'\(o.name.text)' is given twice", at: o.name.location) }
            seen[o.name.text] = o
            if o.name.text == "ascii" { style = .ascii }
            if o.name.text == "braille" { style = .braille }
        }
        let linear = seen["linear"] != nil, log = seen["log"] != nil
        if let fps = seen["fps"], seen["animate"] == nil {
            throw Diagnostic("fps= is the pace of an animation", at: fps.name.location, help: "add the word animate")
        }
        if let animate = seen["animate"], command.path == nil {
            throw Diagnostic("an animation is an SVG file to open in a browser", at: animate.name.location,
                             help: "add to FILE.svg, as in: plot \(target.text) animate to run.svg")
        }
        var figure: Figure
        var notes: [String] = []
        switch kind {
        case .curves:
            var perStep = false
            if let per = seen["per"] {
                guard case .names(let words) = per.value, ["step", "epoch"].contains(words[0].text) else {
                    throw Diagnostic("per takes step or epoch", at: per.name.location, help: "for example: plot loss full sgd per=step")
                }
                perStep = words[0].text == "step"
            }
            let quantity: Figures.Quantity = target.text == "loss" ? .loss : target.text == "grad" ? .gradient : .both
            figure = Figures.curves(try runsToPlot(command.runs, at: target.location).map(plotted), quantity, linear: linear,
                                    batchLosses: seen["batchloss"] != nil, perStep: perStep)
        case .sweep:
            guard let s = lastSweep else { throw nothing("sweep", at: target.location, example: "sweep f from x=1 eta=0.01..1") }
            figure = Figures.sweep(s)
        case .compare:
            guard let c = lastCompare else { throw nothing("compare", at: target.location, example: "compare f from x=1 methods=gd,adam") }
            figure = Figures.compare(c, linear: linear)
        case .multistart:
            guard let m = lastMultistart else { throw nothing("multistart", at: target.location, example: "multistart f from x=-3..3") }
            figure = Figures.multistart(m)
        case .grid:
            guard let g = lastGrid else { throw nothing("grid", at: target.location, example: "grid f from x=-3..3 eta=0.01..1") }
            figure = Figures.grid(g)
        case .contours:
            let runs = try pathRuns(command)
            let range = try plotRange(command)
            let objective = runs[0].descent.objective
            figure = Figures.contours(runs[0].function, loss: objective.lossProgram, parameters: objective.parameters,
                                      runs: runs.map { ($0.label, $0.descent.history, $0.descent.stop == .diverged) },
                                      bounds: range.map { ($0, $0) })
        case .function:
            (figure, notes) = try functionFigure(command, log: log, steps: seen["steps"], tangent: seen["tangent"])
        }
        var animation: Animation?
        if seen["animate"] != nil {
            let played = try playedRun(command, kind: kind, fps: seen["fps"])
            animation = played.animation
            // The run builds up as it plays: its whole path drawn from the start would give the ending away.
            figure.series.removeAll { $0.name == played.label }
        }
        return PlotReport(target: command.targets.map(\.text).joined(separator: ", "),
                          figure: style == .ascii && command.path == nil ? PlotStatement.ascii(figure) : figure,
                          path: command.path, style: style, notes: notes, animation: animation)
    }

    /// The run `animate` plays: the first drawn, a frame per iterate at (w_k, L(w_k)) for one parameter or at w_k
    /// over the contours of two, captioned with k and L.
    private func playedRun(_ command: PlotStatement, kind: PlotKind, fps: Setting?) throws(Diagnostic) -> (animation: Animation, label: String) {
        let function = command.target.text == "path" ? nil : command.target.text
        guard command.targets.count == 1, let run = try drawnRuns(command, of: function).first else {
            throw Diagnostic("animate plays a run; there is none to play", at: command.target.location,
                             help: "run \(function ?? "f") first, or name a kept run")
        }
        let rate = try fps.map { s throws(Diagnostic) in try SettingReader(environment: environment).positive(s) }
        let h = run.descent.history
        let iterates = (0..<h.count).map { h.iterate($0) }
        let frames = iterates.map { it in kind == .contours ? Point(it.point[0], it.point[1]) : Point(it.point[0], it.loss) }
        let captions = iterates.map { "k = \($0.k), L = \(NumberFormat.significant($0.loss, digits: 6))" }
        return (Animation(frames: frames, captions: captions, framesPerSecond: rate ?? Animation.defaultFramesPerSecond), run.label)
    }

    /// What `command` draws: a named target, one or more functions of one parameter, or contours of one of two.
    private func plotKind(_ command: PlotStatement) throws(Diagnostic) -> PlotKind {
        let target = command.target
        if PlotStatement.targets.contains(target.text) {
            if command.targets.count > 1 {
                throw Diagnostic("only functions are plotted together", at: command.targets[1].location,
                                 help: "for example: plot f, g 0..10; several runs go after the target: plot loss a b")
            }
            if command.range != nil {
                throw Diagnostic("only a function is plotted over a range", at: target.location, help: "for example: plot f -3..3")
            }
            switch target.text {
            case "loss", "grad", "diagnostics": return .curves
            case "path":
                guard let run = command.runs.first.flatMap({ keptRuns[$0.text] }) ?? lastRun else { return .function }
                let dimension = run.descent.objective.dimension
                guard dimension <= 2 else {
                    throw Diagnostic("plot path draws runs of one or two parameters; \(run.name) has \(dimension)", at: target.location,
                                     help: "plot loss shows any run")
                }
                return dimension == 2 ? .contours : .function
            case "compare": return .compare
            case "sweep": return .sweep
            case "multistart": return .multistart
            default: return .grid
            }
        }
        for name in command.targets {
            guard let f = environment.functions[name.text] else {
                throw Diagnostic("cannot plot '\(name.text)'", at: name.location,
                                 help: Suggestion.closest(to: name.text, among: PlotStatement.targets + environment.functionOrder)
                                    .map { "did you mean 'plot \($0)'?" }
                                    ?? "plot a function (plot f -3..3) or one of: " + PlotStatement.targets.joined(separator: ", "))
            }
            if f.parameters.count == 2 && command.targets.count == 1 { return .contours }
            guard f.parameters.count == 1 else {
                throw Diagnostic(command.targets.count > 1 ? "functions plotted together take one parameter; \(f.name) has \(f.parameters.count)"
                                    : "plot draws functions of one parameter, or of two after a run (as contours)", at: name.location,
                                 help: command.targets.count > 1 ? "plot each function of more parameters on its own" : "run \(f.name) first, then plot path")
            }
        }
        return .function
    }

    /// The range written after the target, checked to increase.
    private func plotRange(_ command: PlotStatement) throws(Diagnostic) -> (Double, Double)? {
        let reader = SettingReader(environment: environment)
        let range = try command.range.map { r throws(Diagnostic) in
            (try reader.number(r.0, at: command.target.location), try reader.number(r.1, at: command.target.location))
        }
        if let range, !(range.0 < range.1) {
            throw Diagnostic("the range must be increasing, not \(NumberFormat.shortest(range.0))..\(NumberFormat.shortest(range.1))",
                             at: command.target.location)
        }
        return range
    }

    /// A run on a plot of its function: the function's name, the run and its legend entry.
    private struct DrawnRun {
        var function: String
        var descent: Descent
        var label: String
    }

    /// The runs `plot f … RUN …` or `plot path RUN …` draws: those named (each a run of the function plotted), or
    /// else the last run, when it is one of that function (for `plot path`, of any).
    private func drawnRuns(_ command: PlotStatement, of function: String?) throws(Diagnostic) -> [DrawnRun] {
        if command.runs.isEmpty {
            guard let last = lastRun, function == nil || last.name == function else { return [] }
            return [DrawnRun(function: last.name, descent: last.descent, label: label(for: last.descent))]
        }
        var result: [DrawnRun] = []
        for n in command.runs {
            guard let kept = keptRuns[n.text] else {
                throw noKeptRun(n)
            }
            let expected = function ?? result.first?.function
            if let expected, kept.name != expected {
                throw Diagnostic("'\(n.text)' is a run of \(kept.name), not of \(expected)", at: n.location,
                                 help: "runs drawn together are runs of the function plotted")
            }
            let diverged = kept.descent.stop == .diverged ? ", diverged" : ""
            result.append(DrawnRun(function: kept.name, descent: kept.descent,
                                   label: "\(n.text): η = \(NumberFormat.significant(kept.descent.settings.eta, digits: 4))\(diverged)"))
        }
        return result
    }

    /// The runs of a contour plot, all of one two-parameter function.
    private func pathRuns(_ command: PlotStatement) throws(Diagnostic) -> [DrawnRun] {
        let function = command.target.text == "path" ? nil : command.target.text
        let runs = try drawnRuns(command, of: function)
        guard !runs.isEmpty else {
            if let function { throw Diagnostic("plot \(function) draws contours after a run of \(function)", at: command.target.location,
                                                help: "run \(function) first, for example: run \(function) from \(environment.functions[function]!.parameters.map { "\($0)=1" }.joined(separator: ", "))") }
            throw noRun(at: command.target.location, statement: "plot")
        }
        return runs
    }

    /// `plot f[, g …] [a..b] [RUN …]` for functions of one parameter, and `plot path` after a run of one.
    private func functionFigure(_ command: PlotStatement, log: Bool, steps: Setting?, tangent: Setting?) throws(Diagnostic)
        -> (Figure, [String]) {
        let isPath = command.target.text == "path"
        let functions = isPath ? [] : command.targets.map { environment.functions[$0.text]! }
        let single = isPath ? nil : functions.count == 1 ? functions[0].name : nil
        if functions.count > 1, let run = command.runs.first {
            throw Diagnostic("runs are drawn on a plot of one function", at: run.location, help: "plot \(functions[0].name) -3..3 \(run.text)")
        }
        let runs = functions.count > 1 ? [] : try drawnRuns(command, of: single)
        if isPath && runs.isEmpty { throw noRun(at: command.target.location, statement: "plot") }
        var curves: [(name: String, parameter: String, loss: Program)] = []
        if isPath {
            let objective = runs[0].descent.objective
            curves = [(runs[0].function, objective.parameters[0], objective.lossProgram)]
        } else {
            for f in functions {
                let term = try Lowering.lower(function: f, in: environment)
                curves.append((f.name, f.parameters[0], Program.compile([term], parameters: f.parameters)))
            }
        }
        guard let range = try plotRange(command) ?? iterateRange(runs.map(\.descent)) else {
            throw Diagnostic("plot \(command.target.text) needs a range", at: command.target.location,
                             help: "for example: plot \(command.targets.map(\.text).joined(separator: ", ")) -3..3")
        }
        var (figure, notes) = Figures.functions(curves, range: range, runs: runs.map { ($0.label, $0.descent.history) }, log: log)
        if steps != nil || tangent != nil {
            guard let run = runs.first else {
                throw Diagnostic("'\((steps ?? tangent)!.name.text)' draws a run; there is none of \(curves[0].name)",
                                 at: (steps ?? tangent)!.name.location, help: "run \(curves[0].name) first")
            }
            let history = run.descent.history
            if let steps {
                guard !log else { throw Diagnostic("steps are drawn on a linear axis", at: steps.name.location, help: "leave out log") }
                let window = figure.shownYRange
                let limit = 12
                figure.series.append(Figures.steps(history, low: window.lowerBound, span: window.upperBound - window.lowerBound,
                                                   limit: limit))
                let updates = history.count - 1
                if updates > limit { notes.append("note: the first \(limit) of \(updates) updates are drawn as steps") }
            }
            if let tangent {
                let reader = SettingReader(environment: environment)
                let k = try reader.count(tangent, minimum: 0)
                guard let index = history.ks.firstIndex(of: k) else {
                    throw Diagnostic("the run has no iterate k = \(k)", at: tangent.name.location,
                                     help: "its iterates go from k = 0 to \(history.ks.last ?? 0)"
                                        + (history.stride > 1 ? ", every \(history.stride)th kept" : ""))
                }
                let it = history.iterate(index)
                var evaluator = ObjectiveEvaluator(run.descent.objective)
                var gradient = [0.0]
                let value = evaluator.evaluate(it.point, gradient: &gradient)
                figure.series.append(Figures.tangent(at: it.point[0], y: value, slope: gradient[0], halfWidth: (range.1 - range.0) / 6, k: k))
                figure.labels.append(Figure.Label(at: Point(it.point[0], value), text: "slope \(NumberFormat.significant(gradient[0], digits: 4))",
                                                  series: figure.series.count - 1))
            }
        }
        return (figure, notes)
    }

    /// A word after the target that names no kept run: perhaps a misspelt run or word of plot.
    private func noKeptRun(_ n: Name) -> Diagnostic {
        Diagnostic("no run kept as '\(n.text)'", at: n.location,
                   help: Suggestion.closest(to: n.text, among: Array(keptRuns.keys) + PlotStatement.flags.map(\.name))
                    .map { "did you mean '\($0)'?" } ?? "keep a run with: run f from x=1 as \(n.text)")
    }

    private func nothing(_ what: String, at location: SourceLocation, example: String) -> Diagnostic {
        Diagnostic("no \(what) to plot", at: location, help: "run one first: \(example)")
    }

    private func label(for descent: Descent) -> String {
        "\(descent.settings.method.name), η = \(NumberFormat.significant(descent.settings.eta, digits: 4))"
            + (descent.stop == .diverged ? ", diverged" : "")
    }

    /// The last run, or the named kept runs.
    private func runsToPlot(_ names: [Name], at location: SourceLocation) throws(Diagnostic) -> [(label: String, descent: Descent)] {
        if names.isEmpty {
            guard let last = lastRun else { throw noRun(at: location, statement: "plot") }
            return [(label(for: last.descent), last.descent)]
        }
        var result: [(String, Descent)] = []
        for n in names {
            guard let kept = keptRuns[n.text] else {
                throw noKeptRun(n)
            }
            result.append((n.text, kept.descent))
        }
        return result
    }

    /// A run as `plot loss` draws it: a mini-batch run's loss over all rows measured at each iterate kept.
    private func plotted(_ run: (label: String, descent: Descent)) -> Figures.PlottedRun {
        let d = run.descent
        guard let batch = d.settings.batch, let rows = d.objective.tableRows else {
            return Figures.PlottedRun(label: run.label, history: d.history)
        }
        var evaluator = ObjectiveEvaluator(d.objective)
        let h = d.history
        let allRows = (0..<h.count).map { evaluator.loss(h.iterate($0).point) }
        return Figures.PlottedRun(label: run.label, history: h, allRows: allRows, updatesPerEpoch: (rows + batch.size - 1) / batch.size)
    }

    /// The iterates' span with some margin, for a function plot without a range; nil without runs. A diverged run
    /// counts only its start, so that its flight does not shrink the others to a point.
    private func iterateRange(_ runs: [Descent]) -> (Double, Double)? {
        guard !runs.isEmpty else { return nil }
        let xs = runs.flatMap { run in
            let h = run.history
            return (0..<(run.stop == .diverged ? min(1, h.count) : h.count)).map { h.iterate($0).point[0] }
        }.filter(\.isFinite)
        let low = xs.min() ?? -1, high = xs.max() ?? 1
        let pad = max(0.2 * (high - low), 0.5)
        return (low - pad, high + pad)
    }
}
