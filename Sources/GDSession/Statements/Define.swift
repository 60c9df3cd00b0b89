import GDLang
import GDRender

/// `f(x, y) = body`: defines a function; defining it again replaces it.
struct Definition: StatementFormDeclaration {
    static let name = "define"
    static let rank = 0.0
    static let help = StatementHelp(syntax: "NAME(p1, p2, …) = EXPR", summary: "define a function; defining it again replaces it",
                                    example: "L(w1, w2) = w1^2 + 5*w2^2")

    var function: Name
    var parameters: [Name]
    var body: Expr

    init(function: Name, parameters: [Name], body: Expr) {
        self.function = function
        self.parameters = parameters
        self.body = body
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        [try context.session.define(function, parameters, body, at: context.location)]
    }
}

struct DefinitionReport: Report {
    var name: String
    var parameters: [String]
    var expr: String

    func text(_ r: TextRenderer) -> String { "\(name)(\(parameters.joined(separator: ", "))) = \(expr)" }

    var json: JSON {
        .object([("kind", .string("define")), ("name", .string(name)),
                 ("params", .array(parameters.map(JSON.string))), ("expr", .string(expr))])
    }
}
