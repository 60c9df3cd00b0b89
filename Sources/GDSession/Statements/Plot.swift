import GDLang
import GDProgram
import GDRender
import GDOptim
import GDPlot

/// `plot TARGET [LOW..HIGH] [RUN …] [FLAG …] [to PATH]`: a figure in the terminal, or an SVG file.
struct PlotStatement: StatementDeclaration {
    static let name = "plot"
    static let rank = 17.0
    static let help = StatementHelp(syntax: "plot f LOW..HIGH | loss | grad | diagnostics | path | sweep | compare | multistart | grid [to FILE.svg]",
                                    summary: "draw in the terminal, or write an SVG figure", example: "plot loss slow fast to loss.svg")
    /// What can be plotted besides a function.
    static let targets = ["loss", "grad", "diagnostics", "path", "sweep", "compare", "multistart", "grid"]
    /// The words that change how a figure is drawn.
    static let flags = ["linear", "log", "ascii", "braille"]
    static let completion = StatementCompletion.custom(complete)

    /// What Tab offers after the keyword.
    private static func complete(_ c: CompletionContext) -> [String] {
        c.tokens.count == 1 ? targets + c.environment.functionOrder : ["to "] + flags
    }

    /// A function name, or one of `targets`.
    var target: Name
    /// `plot f -3..3`: the range of the function's parameter.
    var range: (Expr, Expr)?
    /// `plot loss a b`: runs kept with `run … as a`.
    var runs: [Name]
    /// Flags such as `linear` and `ascii`, and `width=`/`height=` settings.
    var options: [Setting]
    /// `to FILE.svg`: write an SVG file instead of drawing in the terminal.
    var path: String?
    /// Where the path stands, for errors about the file.
    var pathLocation: SourceLocation?
    static func takesPath(after words: [String]) -> Bool { words.last == "to" }
    var touchesFiles: Bool { path != nil }

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> PlotStatement {
        let target = try parser.expectName("expected what to plot", help: "for example: plot loss, plot f -3..3, plot path")
        var command = PlotStatement(target: target, range: nil, runs: [], options: [], path: nil)
        if !parser.atEndOfStatement, !parser.isIdentifier(parser.current) {
            let low = try parser.expression()
            guard parser.match(.dotDot) else { throw parser.error("expected '..' and the end of the range", help: "for example: plot f -3..3") }
            command.range = (low, try parser.expression())
        }
        while !parser.atEndOfStatement {
            if parser.isWord("to") {
                _ = parser.advance()
                (command.path, command.pathLocation) = try parser.path(after: "to", example: "plot loss to loss.svg")
                continue
            }
            let name = try parser.expectName("expected a run name, an option or 'to FILE.svg'")
            if parser.match(.equals) {
                command.options.append(Setting(name, .number(try parser.expression())))
            } else if flags.contains(name.text) {
                command.options.append(Setting(name, .flag))
            } else {
                command.runs.append(name)
            }
        }
        return command
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let report = try context.session.plot(self)
        if let path {
            try context.host.write(SVGPlot.render(report.figure), to: path, at: pathLocation ?? context.location)
        }
        return [report]
    }

    /// The figure's own words in plain ASCII, for terminals that show nothing else.
    static func ascii(_ figure: Figure) -> Figure {
        func plain(_ s: String) -> String {
            var t = s
            for (a, b) in [("‖∇L‖", "|grad L|"), ("∇", "grad "), ("‖", "|"), ("η", "eta"), ("≤", "<="), ("—", "-"), ("·", "*")] {
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
        return f
    }
}

/// A figure for `plot`, drawn in the terminal or written as SVG.
struct PlotReport: Report {
    var target: String
    var figure: Figure
    var path: String?
    var style: TerminalPlot.Style

    func text(_ r: TextRenderer) -> String {
        if let path { return "plotted \(target) to \(path)" }
        return TerminalPlot.render(figure, width: r.width, height: r.height, style: style, color: r.colour)
    }

    var json: JSON {
        var pairs: [(String, JSON)] = [("kind", .string("plot")), ("target", .string(target)), ("file", path.map(JSON.string) ?? .null)]
        if path == nil {
            pairs.append(("text", .string(TerminalPlot.render(figure, width: 80, height: 24, style: style, color: false))))
        }
        return .object(pairs)
    }
}

/// Choosing the figure for what is named and what the session has.
extension Session {
    fileprivate func plot(_ command: PlotStatement) throws(Diagnostic) -> PlotReport {
        let target = command.target
        let linear = command.options.contains { $0.name.text == "linear" }
        var style: TerminalPlot.Style = plotStyle == "ascii" ? .ascii : .braille
        for o in command.options {
            switch o.name.text {
            case "ascii": style = .ascii
            case "braille": style = .braille
            case "linear", "log": break
            default:
                throw Diagnostic("unknown option '\(o.name.text)' for plot", at: o.name.location,
                                 help: "plot takes the words linear, log, ascii and braille, and 'to FILE.svg'")
            }
        }
        if command.range != nil && environment.functions[target.text] == nil {
            throw Diagnostic("only a function is plotted over a range", at: target.location, help: "for example: plot f -3..3")
        }
        if !command.runs.isEmpty && !["loss", "grad", "diagnostics"].contains(target.text) {
            throw Diagnostic("unexpected '\(command.runs[0].text)' after plot \(target.text)", at: command.runs[0].location,
                             help: "named runs are overlaid by plot loss, plot grad and plot diagnostics")
        }
        let figure: Figure
        switch target.text {
        case "loss", "grad", "diagnostics":
            let quantity: Figures.Quantity = target.text == "loss" ? .loss : target.text == "grad" ? .gradient : .both
            figure = Figures.curves(try runsToPlot(command.runs, at: target.location), quantity, linear: linear)
        case "path":
            guard let last = lastRun else { throw noRun(at: target.location, statement: "plot") }
            figure = try pathFigure(last.name, last.descent, range: nil, at: target.location)
        case "sweep":
            guard let s = lastSweep else { throw nothing("sweep", at: target.location, example: "sweep f from x=1 eta=0.01..1") }
            figure = Figures.sweep(s)
        case "compare":
            guard let c = lastCompare else { throw nothing("compare", at: target.location, example: "compare f from x=1 methods=gd,adam") }
            figure = Figures.compare(c)
        case "multistart":
            guard let m = lastMultistart else { throw nothing("multistart", at: target.location, example: "multistart f from x=-3..3") }
            figure = Figures.multistart(m)
        case "grid":
            guard let g = lastGrid else { throw nothing("grid", at: target.location, example: "grid f from x=-3..3 eta=0.01..1") }
            figure = Figures.grid(g)
        default:
            guard let f = environment.functions[target.text] else {
                throw Diagnostic("cannot plot '\(target.text)'", at: target.location,
                                 help: Suggestion.closest(to: target.text, among: PlotStatement.targets + environment.functionOrder)
                                    .map { "did you mean 'plot \($0)'?" }
                                    ?? "plot a function (plot f -3..3) or one of: " + PlotStatement.targets.joined(separator: ", "))
            }
            let reader = SettingReader(environment: environment)
            let range = try command.range.map { r throws(Diagnostic) in
                (try reader.number(r.0, at: target.location), try reader.number(r.1, at: target.location))
            }
            if let range, !(range.0 < range.1) {
                throw Diagnostic("the range must be increasing, not \(NumberFormat.shortest(range.0))..\(NumberFormat.shortest(range.1))",
                                 at: target.location)
            }
            let run = lastRun.flatMap { $0.name == f.name ? $0.descent : nil }
            let term = try Lowering.lower(function: f, in: environment)
            if f.parameters.count == 2, let run {
                figure = try pathFigure(f.name, run, range: range.map { ($0, $0) }, at: target.location)
            } else if f.parameters.count == 1 {
                guard let range = range ?? run.map({ iterateRange($0.history) }) else {
                    throw Diagnostic("plot \(f.name) needs a range", at: target.location, help: "for example: plot \(f.name) -3..3")
                }
                let program = Program.compile([term], parameters: f.parameters)
                figure = Figures.function(f.name, loss: program, parameter: f.parameters[0], range: range,
                                          run: run.map { (label(for: $0), $0.history) })
            } else {
                throw Diagnostic("plot draws functions of one parameter, or of two after a run (as contours)", at: target.location,
                                 help: "run \(f.name) first, then plot path")
            }
        }
        return PlotReport(target: target.text, figure: style == .ascii && command.path == nil ? PlotStatement.ascii(figure) : figure,
                          path: command.path, style: style)
    }

    private func nothing(_ what: String, at location: SourceLocation, example: String) -> Diagnostic {
        Diagnostic("no \(what) to plot", at: location, help: "run one first: \(example)")
    }

    private func label(for descent: Descent) -> String {
        "\(descent.settings.method.name), η = \(NumberFormat.significant(descent.settings.eta, digits: 4))"
    }

    /// The last run, or the named kept runs.
    private func runsToPlot(_ names: [Name], at location: SourceLocation) throws(Diagnostic) -> [(label: String, history: RunHistory)] {
        if names.isEmpty {
            guard let last = lastRun else { throw noRun(at: location, statement: "plot") }
            return [(label(for: last.descent), last.descent.history)]
        }
        var result: [(String, RunHistory)] = []
        for n in names {
            guard let kept = keptRuns[n.text] else {
                throw Diagnostic("no run kept as '\(n.text)'", at: n.location,
                                 help: Suggestion.closest(to: n.text, among: Array(keptRuns.keys)).map { "did you mean '\($0)'?" }
                                    ?? "keep a run with: run f from x=1 as \(n.text)")
            }
            result.append((n.text, kept.descent.history))
        }
        return result
    }

    /// The iterates' span with some margin, for a function plot without a range.
    private func iterateRange(_ h: RunHistory) -> (Double, Double) {
        let xs = (0..<h.count).map { h.iterate($0).point[0] }.filter(\.isFinite)
        let low = xs.min() ?? -1, high = xs.max() ?? 1
        let pad = max(0.2 * (high - low), 0.5)
        return (low - pad, high + pad)
    }

    private func pathFigure(_ name: String, _ descent: Descent, range: ((Double, Double), (Double, Double))?,
                            at location: SourceLocation) throws(Diagnostic) -> Figure {
        let objective = descent.objective
        switch objective.dimension {
        case 1:
            return Figures.function(name, loss: objective.lossProgram, parameter: objective.parameters[0],
                                    range: range?.0 ?? iterateRange(descent.history), run: (label(for: descent), descent.history))
        case 2:
            return Figures.contours(name, loss: objective.lossProgram, parameters: objective.parameters,
                                    run: (label(for: descent), descent.history), bounds: range)
        default:
            throw Diagnostic("plot path draws runs of one or two parameters; \(name) has \(objective.dimension)", at: location,
                             help: "plot loss shows any run")
        }
    }
}
