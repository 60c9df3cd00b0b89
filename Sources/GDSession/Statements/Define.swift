import GDLang
import GDProgram
import GDRender

/// `f(x, y) = body`: defines a function; defining it again replaces it.
struct Definition: StatementFormDeclaration {
    static let name = "define"
    static let rank = 0.0
    static let help = StatementHelp(syntax: "NAME(p1, p2, w[n], …) = EXPR", summary: "define a function; defining it again replaces it",
                                    example: "L(w1, w2) = w1^2 + 5*w2^2")

    var function: Name
    var parameters: [ParameterSyntax]
    var body: Expr

    init(function: Name, parameters: [ParameterSyntax], body: Expr) {
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

    /// Parameters named like a run's option: in `run f from eta=3`, `eta=` gives the parameter's start.
    var shadowedOptions: [String] {
        let options = Set(Options.run.map(\.name))
        return parameters.filter { options.contains($0) }
    }

    /// What a reader of the definition should know of its parameters' names.
    var notes: [String] {
        shadowedOptions.map { p in
            "note: parameter '\(p)' has the name of an option: in run, sweep and compare on \(name), \(p)=… gives the parameter's start; set the option for them with set \(p)=…"
        }
    }

    func text(_ r: TextRenderer) -> String {
        (["\(name)(\(parameters.joined(separator: ", "))) = \(expr)"] + notes).joined(separator: "\n")
    }

    var json: JSON {
        var pairs: [(String, JSON)] = [("kind", .string("define")), ("name", .string(name)),
                                       ("params", .array(parameters.map(JSON.string))), ("expr", .string(expr))]
        if !notes.isEmpty { pairs.append(("notes", .array(notes.map(JSON.string)))) }
        return .object(pairs)
    }
}
