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
        guard !f.isScalar else {
            return [DerivativeReport(of: f.name, wrt: f.parameters, exprs: exprs, pieces: pieces,
                                     shared: pieces.isEmpty ? TermSharing.share(gradient) : nil)]
        }
        // Vectors: dot products and sums of squares folded back, and a vector's partials in one line where they can be.
        let vectors = IndexForm.vectors(of: f, in: gradient)
        let (folded, foldedPieces) = Session.printed(IndexForm.folded(gradient, vectors: vectors))
        let lines = IndexForm.indexed(f, folded, vectors: vectors).map {
            DerivativeReport.Line(wrt: $0.wrt, expr: $0.expr, range: $0.index.map { [count = $0.count] i in "\(i) = 1..\(count)" })
        }
        return [DerivativeReport(of: f.name, wrt: f.parameters, exprs: exprs, pieces: pieces, shared: nil,
                                 lines: lines, linePieces: foldedPieces)]
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
    /// For a function of vectors, what the text shows instead of a line per partial: a vector's partials in one line
    /// where they read as one (`count` of them), and the pieces those lines name.
    var lines: [Line]?
    var linePieces: [NamedPiece] = []

    struct Line {
        var wrt: String
        var expr: String
        /// `i = 1..10` for a line that stands for a vector's partials.
        var range: String?
    }

    /// The most lines the text shows of a long list (partials, named pieces): the first ones, a line saying how many
    /// are left out, and the last two.
    static let mostLines = 24

    static func abbreviated(_ lines: [String], noun: String) -> [String] {
        guard lines.count > mostLines else { return lines }
        let head = mostLines - 3
        return Array(lines.prefix(head)) + ["… \(lines.count - head - 2) more \(noun) (diff --json gives every partial in full)"]
            + Array(lines.suffix(2))
    }

    func text(_ r: TextRenderer) -> String {
        if let lines {
            let shown = lines.map { "∂\(of)/∂\($0.wrt) = \($0.expr)" + ($0.range.map { "   for \($0)" } ?? "") }
            return (Self.abbreviated(shown, noun: "partials") + Self.abbreviated(r.whereLines(linePieces), noun: "named pieces"))
                .joined(separator: "\n")
        }
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
