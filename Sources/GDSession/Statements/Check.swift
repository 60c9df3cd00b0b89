import GDLang
import GDProgram
import GDRender
import GDOptim

/// `check f [using g, …] at x=…`: the symbolic derivative against central differences and dual numbers, or
/// hand-written derivatives against forward mode.
struct CheckStatement: StatementDeclaration {
    static let name = "check"
    static let rank = 4.0
    static let help = StatementHelp(syntax: "check NAME [using D1, D2, …] at p1=v1, … | at VALUE",
                                    summary: "compare the symbolic derivative with central differences and dual numbers, or check hand-written ones",
                                    example: "check f using df at x=2")
    static let completion = StatementCompletion.custom(complete)

    /// What Tab offers after the keyword.
    private static func complete(_ c: CompletionContext) -> [String] {
        switch c.tokens.count {
        case 1: return c.environment.functionOrder.map { $0 + " " }
        case 2: return ["using ", "at "]
        default:
            if let at = c.tokens.firstIndex(of: .word("at")) {
                return c.settings(Array(c.tokens[(at + 1)...]), function: c.function(at: 1), options: [])
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
        let x = try session.pointOnly(for: f, in: at, statement: context.location)
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
            values.append(ExprEvaluation.value(of: g.body, bindings: env, in: session.environment) ?? gTerm.evaluate(env))
        }
        let (userAbs, userRel) = DerivativeCheck.errors(values, forward)
        report.user = (using.map(\.text), values)
        report.userAbsoluteError = userAbs
        report.userRelativeError = userRel
        report.agrees = DerivativeCheck.agrees(values, forward)
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
        var lines = ["check \(of) at \(r.point(parameters, point))", table.rendered(width: r.width),
                     "max abs err \(r.number(maxAbsoluteError)), max rel err \(r.number(maxRelativeError))"]
        if let user, let agrees {
            let names = user.names.joined(separator: ", ")
            if agrees {
                lines.append("\(names) agrees with the derivative (rel err \(r.number(userRelativeError ?? 0)))")
            } else {
                let wrong = parameters.indices.filter { !DerivativeCheck.agrees(user.values[$0], forward[$0]) }
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
    /// `at 2`: the value and where it stands.
    var value: (Expr, SourceLocation)?
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
        return PointSyntax(value: (try expression(), location))
    }
}
