import GDLang
import GDProgram
import GDRender
import GDOptim

/// `check f [using g, …] at x=…`: the symbolic derivative against central differences and dual numbers, or
/// hand-written derivatives against forward mode.
struct CheckStatement: StatementDeclaration {
    static let name = "check"
    static let rank = 4.0
    /// `precision=f32` checks the gradient an f32 run computes.
    static let options: [OptionSpec] = Options.descent.filter { $0.name == "precision" }
    static let help = StatementHelp(syntax: "check NAME [using D1, D2, …] at p1=v1, … | at VALUE [precision=f32]",
                                    summary: "compare the symbolic derivative with central differences and dual numbers, or check hand-written ones",
                                    example: "check f using df at x=2", options: options)
    static let completion = StatementCompletion.custom(complete)

    /// What Tab offers after the keyword.
    private static func complete(_ c: CompletionContext) -> [String] {
        switch c.tokens.count {
        case 1: return c.environment.functionOrder.map { $0 + " " }
        case 2: return ["using ", "at "]
        default:
            if let at = c.tokens.firstIndex(of: .word("at")) {
                return c.settings(Array(c.tokens[(at + 1)...]), function: c.function(at: 1), options: options)
            }
            guard c.tokens[2] == .word("using") else { return [] }
            return c.tokens.last == .word("using") || c.tokens.last == .symbol(",") || !c.separated
                ? c.environment.functionOrder : ["at "]
        }
    }

    var function: Name
    var using: [Name]
    var at: PointSyntax

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> CheckStatement {
        let name = try parser.expectName("expected a function name after 'check'", help: "for example: check f at x=2")
        var using: [Name] = []
        if parser.isWord("using") {
            _ = parser.advance()
            repeat {
                using.append(try parser.expectName("expected a function name after 'using'",
                                                   help: "for example: check f using df at x=2"))
            } while parser.match(.comma)
        }
        guard parser.isWord("at") else {
            throw parser.error("expected 'at' and the point to check", help: "for example: check \(name.text) at x=2")
        }
        _ = parser.advance()
        return CheckStatement(function: name, using: using, at: try parser.point())
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let session = context.session
        let (f, term) = try session.function(function)
        let (given, options) = try session.point(for: f, in: at, statement: context.location, optionNames: Self.options.map(\.name))
        let reader = SettingReader(environment: session.environment)
        try reader.validate(options, against: Self.options, statement: "check")
        let precision = try reader.resolve(options, defaults: session.defaults).precision
        let x = given.map(precision.rounded)
        let symbolic: [Double], central: [Double]
        if precision == .f32 {
            // What an f32 run computes: its float32 gradient, and differences of its float32 loss.
            let objective = try session.objective(f, term)
            guard !objective.program.hasReductions else {
                throw Diagnostic("precision=f32 is for losses that do not read a table", at: options.first?.name.location ?? context.location,
                                 help: "leave out precision=f32 (or set precision=f64) for a loss over data")
            }
            var evaluator = ObjectiveEvaluator(objective, precision: .f32)
            var gradient = [Double](repeating: 0, count: x.count)
            _ = evaluator.evaluate(x, gradient: &gradient)
            symbolic = gradient
            central = DerivativeCheck.float32CentralDifference({ evaluator.loss($0) }, at: x)
        } else {
            // The derivatives `diff` prints, compiled as they read (runs compile theirs in reverse mode).
            symbolic = Program.compile(Derivative.gradient(term, parameters: f.parameters), parameters: f.parameters)
                .evaluate(x)
            central = DerivativeCheck.centralDifference(term, parameters: f.parameters, at: x)
        }
        // The exact derivative to double precision, whatever the precision checked.
        let forward = DerivativeCheck.forwardMode(term, parameters: f.parameters, at: x)
        var (absErr, relErr) = DerivativeCheck.errors(symbolic, central)
        let (absF, relF) = DerivativeCheck.errors(symbolic, forward)
        absErr = max(absErr, absF)
        relErr = max(relErr, relF)
        var report = CheckReport(of: f.name, parameters: f.parameters, point: x, symbolic: symbolic, central: central,
                                 forward: forward, maxAbsoluteError: absErr, maxRelativeError: relErr, precision: precision)
        guard !using.isEmpty else { return [report] }
        guard using.count == f.parameters.count else {
            throw Diagnostic("\(f.name) has \(count(f.parameters.count, "parameter")), so 'using' needs \(count(f.parameters.count, "function")), one per partial derivative, not \(using.count)",
                             at: using[0].location, help: "for example: check \(f.name) using \(f.parameters.map { "d\($0)" }.joined(separator: ", ")) at …")
        }
        var values: [Double] = []
        for u in using {
            let (g, gTerm) = try session.function(u)
            guard g.parameters.count == f.parameters.count else {
                throw Diagnostic("\(g.name) takes \(count(g.parameters.count, "parameter")) but \(f.name) takes \(f.parameters.count)",
                                 at: u.location, help: "a derivative takes the same parameters as its function")
            }
            var env: [String: Double] = [:]
            for (p, v) in zip(g.parameters, x) { env[p] = v }
            // As `g(…)` typed at the prompt gives it: the value its text reads.
            values.append(ExprEvaluation.value(of: g.body, bindings: env, in: session.environment, float32: precision == .f32)
                          ?? precision.rounded(gTerm.evaluate(env)))
        }
        let (userAbs, userRel) = DerivativeCheck.errors(values, forward)
        report.user = (using.map(\.text), values)
        report.userAbsoluteError = userAbs
        report.userRelativeError = userRel
        report.agrees = DerivativeCheck.agrees(values, forward, precision: precision)
        return [report]
    }

    /// "1 parameter", "2 parameters".
    private func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
}

struct CheckReport: Report {
    var of: String
    var parameters: [String]
    var point: [Double]
    var symbolic: [Double]
    var central: [Double]
    var forward: [Double]
    /// The largest error of the symbolic derivative against the central difference and forward mode.
    var maxAbsoluteError: Double
    var maxRelativeError: Double
    /// With `using`: the functions named and the values they give.
    var user: (names: [String], values: [Double])?
    var userAbsoluteError: Double?
    var userRelativeError: Double?
    var agrees: Bool?
    /// In f32 the symbolic and central columns (and `using`) are float32 values; forward mode stays the exact
    /// derivative in double, the reference.
    var precision: Precision = .f64

    func text(_ r: TextRenderer) -> String {
        var header = ["", "symbolic", "central", "forward", "|sym−central|", "|sym−forward|"]
        if let user { header += user.names.count == 1 ? [user.names[0]] : ["using"] }
        var table = TextTable(header, rightAligned: [false] + header.dropFirst().map { _ in true })
        table.colour = Colour(isEnabled: r.colour)
        for i in parameters.indices {
            var row = ["∂/∂\(parameters[i])", r.number(symbolic[i]), r.number(central[i]), r.number(forward[i]),
                       r.number(abs(symbolic[i] - central[i])), r.number(abs(symbolic[i] - forward[i]))]
            if let user { row.append(r.number(user.values[i])) }
            table.add(row)
        }
        let arithmetic = precision != .f64 ? " in \(precision.rawValue) (forward: the exact derivative in f64)" : ""
        var lines = ["check \(of) at \(r.point(parameters, point))\(arithmetic)", table.rendered(width: r.width),
                     "max abs err \(r.number(maxAbsoluteError)), max rel err \(r.number(maxRelativeError))"]
        if let user, let agrees {
            let names = user.names.joined(separator: ", ")
            if agrees {
                lines.append("\(names) agrees with the derivative (rel err \(r.number(userRelativeError ?? 0)))")
            } else {
                let wrong = parameters.indices.filter { !DerivativeCheck.agrees(user.values[$0], forward[$0], precision: precision) }
                let details = wrong.map { "\(user.names[$0]) gives \(r.number(user.values[$0])) where ∂\(of)/∂\(parameters[$0]) is \(r.number(forward[$0]))" }
                lines.append("WRONG: \(details.joined(separator: "; ")) (rel err \(r.number(userRelativeError ?? .nan)))")
            }
        }
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        var pairs: [(String, JSON)] = [
            ("kind", .string("check")), ("of", .string(of)), ("at", .point(parameters, point)),
            ("symbolic", .numbers(symbolic)), ("central", .numbers(central)), ("forward", .numbers(forward)),
            ("max_abs_err", .number(maxAbsoluteError)), ("max_rel_err", .number(maxRelativeError)),
        ]
        if precision != .f64 { pairs.append(("precision", .string(precision.rawValue))) }
        if let user {
            pairs.append(("using", .array(user.names.map(JSON.string))))
            pairs.append(("user", .numbers(user.values)))
            pairs.append(("user_abs_err", .number(userAbsoluteError ?? .nan)))
            pairs.append(("user_rel_err", .number(userRelativeError ?? .nan)))
            pairs.append(("agrees", .bool(agrees ?? false)))
        }
        return .object(pairs)
    }
}

/// The point after `at` in `check f at …` and `hessian f at …`: `x=2, …`, or for a function of one parameter its
/// value alone, `at 2`.
struct PointSyntax: Sendable {
    var settings: [Setting] = []
    /// `at 2`: the value and where it stands, and any options after it (`at 2 precision=f32`).
    var value: (Expr, SourceLocation)?
    var options: [Setting] = []
}

extension Parser {
    /// The point after `at`: a value alone when it is no `name=` setting (`at 2`, `at -1`, `at pi/2`), else settings.
    mutating func point() throws(Diagnostic) -> PointSyntax {
        let isSetting: Bool
        if case .identifier = current.kind {
            isSetting = [.equals, .comma, .newline, .semicolon, .end].contains(peek(1).kind)
        } else {
            isSetting = atEndOfStatement
        }
        guard !isSetting else { return PointSyntax(settings: try settings()) }
        let location = current.location
        let value = try expression()
        return PointSyntax(value: (value, location), options: atEndOfStatement ? [] : try settings())
    }
}
