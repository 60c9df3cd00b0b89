import GDLang
import GDProgram
import GDRender

/// `diff f`: the simplified derivative, every partial for several parameters.
struct DiffStatement: StatementDeclaration {
    static let name = "diff"
    static let rank = 2.0
    static let help = StatementHelp(syntax: "diff NAME",
                                    summary: "print the simplified derivative, every partial for several parameters",
                                    example: "diff f")
    static let completion = StatementCompletion.function

    var function: Name

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> DiffStatement {
        DiffStatement(function: try parser.expectName("expected a function name after 'diff'", help: "for example: diff f"))
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let (f, term) = try context.session.descentFunction(function)
        let gradient = Derivative.gradient(term, parameters: f.parameters)
        let (exprs, pieces) = Session.printed(gradient)
        return [DerivativeReport(of: f.name, wrt: f.parameters, exprs: exprs, pieces: pieces,
                                 shared: pieces.isEmpty ? TermSharing.share(gradient) : nil)]
    }
}

/// The derivatives `diff` prints. `exprs` are written out, unless they are too long to be: then they use the names
/// `pieces` define. With `shared`, the written-out derivatives with their repeated pieces named, for people to read.
struct DerivativeReport: Report {
    var of: String
    var wrt: [String]
    var exprs: [String]
    var pieces: [NamedPiece]
    var shared: TermSharing.Shared?

    func text(_ r: TextRenderer) -> String {
        let shown = shared?.exprs ?? exprs
        let lines = wrt.count == 1 ? ["\(of)'(\(wrt[0])) = \(shown[0])"] : zip(wrt, shown).map { "∂\(of)/∂\($0) = \($1)" }
        let named = pieces.isEmpty ? (shared?.definitions ?? []).map { NamedPiece(name: $0.name, expr: $0.expr) } : pieces
        return (lines + r.whereLines(named)).joined(separator: "\n")
    }

    var json: JSON {
        .object([("kind", .string("derivative")), ("of", .string(of)),
                 ("wrt", .array(wrt.map(JSON.string))), ("exprs", .array(exprs.map(JSON.string)))]
                + JSON.wherePair(pieces))
    }
}
