import GDLang
import GDProgram
import GDRender
import GDOptim

/// `a = value`: binds a number; a bare expression prints its value and binds it to `ans`.
struct Assignment: StatementFormDeclaration {
    static let name = "assign"
    static let rank = 1.0
    static let help = StatementHelp(syntax: "NAME = EXPR", summary: "bind a number; ans is the last printed value", example: "a = 3")

    var variable: Name
    var value: Expr

    init(variable: Name, value: Expr) {
        self.variable = variable
        self.value = value
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        try context.session.checkNewName(variable, as: .variable)
        let v = try context.session.constantValue(value, at: variable.location)
        context.session.environment.assign(variable.text, v)
        return [AssignmentReport(name: variable.text, value: v)]
    }

    /// A bare expression: its value, kept as `ans`; with `set precision=f32`, computed in float32 (a value bound by
    /// `a = …` stays a double, as a Python float does).
    static func evaluate(_ expr: Expr, _ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let precision = context.session.defaults.settings.precision
        let v = try context.session.constantValue(expr, at: context.location, precision: precision)
        context.session.environment.assign("ans", v)
        return [ValueReport(value: v, precision: precision)]
    }
}

struct AssignmentReport: Report {
    var name: String
    var value: Double

    func text(_ r: TextRenderer) -> String { "\(name) = \(r.number(value))" }

    var json: JSON { .object([("kind", .string("assign")), ("name", .string(name)), ("value", .number(value))]) }
}

struct ValueReport: Report {
    var value: Double
    var precision: Precision = .f64

    /// An f32 value says so, as NumPy's repr of a float32 does.
    func text(_ r: TextRenderer) -> String { r.number(value) + (precision != .f64 ? " (\(precision.rawValue))" : "") }

    var json: JSON {
        .object([("kind", .string("value")), ("value", .number(value))]
                + (precision != .f64 ? [("precision", .string(precision.rawValue))] : []))
    }
}
