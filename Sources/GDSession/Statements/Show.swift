import GDLang
import GDProgram
import GDRender
import GDOptim

/// `show`, `show TABLE`: what the session holds.
struct ShowStatement: StatementDeclaration {
    static let name = "show"
    static let rank = 14.0
    static let help = StatementHelp(syntax: "show [NAME]",
                                    summary: "print the functions, variables and defaults; with a name, that function, variable, table or kept run",
                                    example: "show f")
    static let completion = StatementCompletion.definedName

    var table: Name?

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> ShowStatement {
        ShowStatement(table: parser.atEndOfStatement ? nil : try parser.expectName("expected a name after 'show'",
                                                                                   help: "for example: show f"))
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let session = context.session
        let environment = session.environment
        if let name = table {
            if let table = environment.tables[name.text] { return [TableReport(table: table)] }
            if let f = environment.functions[name.text] {
                let term = try Lowering.lower(function: f, in: environment)
                let gradient = Derivative.gradient(term, parameters: f.parameters)
                return [FunctionReport(definition: DefinitionReport(name: f.name, parameters: f.declared.map(\.written), expr: f.body.printed),
                                       lossNodes: term.nodeCount, gradientNodes: Term.nodeCount(of: gradient))]
            }
            if let value = environment.variables[name.text] { return [AssignmentReport(name: name.text, value: value)] }
            if let kept = session.keptRuns[name.text] { return [RunReport(of: kept.name, kept.descent)] }
            throw Diagnostic("nothing is named '\(name.text)'", at: name.location,
                             help: Suggestion.closest(to: name.text, among: session.names).map { "did you mean '\($0)'?" }
                                ?? "show alone lists the session")
        }
        return [ShowReport(
            functions: environment.functionOrder.map { name in
                let f = environment.functions[name]!
                return (name, f.declared.map(\.written), f.body.printed)
            },
            variables: environment.variableOrder.map { ($0, environment.variables[$0]!) },
            tables: environment.tableOrder.map { environment.tables[$0]! },
            defaults: session.defaults, digits: session.digits)]
    }
}

struct ShowReport: Report {
    var functions: [(name: String, parameters: [String], expr: String)]
    var variables: [(name: String, value: Double)]
    var tables: [DataTable]
    var defaults: RunDefaults
    var digits: Int

    func text(_ r: TextRenderer) -> String {
        var lines: [String] = []
        if functions.isEmpty && variables.isEmpty { lines.append("no functions or variables yet") }
        for f in functions { lines.append("\(f.name)(\(f.parameters.joined(separator: ", "))) = \(f.expr)") }
        for v in variables { lines.append("\(v.name) = \(r.number(v.value))") }
        for t in tables { lines.append("table \(t.name): \(t.rowCount) rows of \(t.columns.joined(separator: ", "))") }
        let d = defaults.settings
        func tolerance(_ t: Double?) -> String { t.map(r.number) ?? "off" }
        var settings = "set eta=\(r.number(d.eta)) steps=\(d.steps) tol_grad=\(tolerance(d.tolGrad)) tol_loss=\(tolerance(d.tolLoss)) tol_step=\(tolerance(d.tolStep)) tol_dloss=\(tolerance(d.tolDloss)) diverge=\(r.number(d.divergence))"
        settings += " method=\(defaults.method) schedule=\(defaults.schedule)"
        for (name, value) in defaults.hyperparameters.sorted(by: { $0.key < $1.key }) { settings += " \(name)=\(r.number(value))" }
        lines.append(settings + " digits=\(digits)")
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        let d = defaults.settings
        return .object([
            ("kind", .string("show")),
            ("functions", .array(functions.map { f in
                .object([("name", .string(f.name)), ("params", .array(f.parameters.map(JSON.string))), ("expr", .string(f.expr))])
            })),
            ("variables", .object(variables.map { ($0.name, .number($0.value)) })),
            ("tables", .object(tables.map { ($0.name, .object([("rows", .number(Double($0.rowCount))),
                                                               ("columns", .array($0.columns.map(JSON.string)))])) })),
            ("hyperparameters", .object(defaults.hyperparameters.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })),
            ("settings", .object([
                ("eta", .number(d.eta)), ("steps", .number(Double(d.steps))),
                ("tol_grad", d.tolGrad.map(JSON.number) ?? .null), ("tol_loss", d.tolLoss.map(JSON.number) ?? .null),
                ("tol_step", d.tolStep.map(JSON.number) ?? .null), ("tol_dloss", d.tolDloss.map(JSON.number) ?? .null),
                ("diverge", .number(d.divergence)),
                ("method", .string(defaults.method)), ("schedule", .string(defaults.schedule)),
                ("digits", .number(Double(digits))),
            ])),
        ])
    }
}

/// `show f`: a function's definition, and how large it and its gradient are as DAGs (what a run evaluates).
struct FunctionReport: Report {
    var definition: DefinitionReport
    var lossNodes: Int
    var gradientNodes: Int

    func text(_ r: TextRenderer) -> String {
        definition.text(r) + "\n  \(lossNodes) distinct node\(lossNodes == 1 ? "" : "s"); its gradient, \(gradientNodes)"
    }

    var json: JSON {
        guard case .object(var pairs) = definition.json else { return definition.json }
        pairs += [("nodes", .number(Double(lossNodes))), ("gradient_nodes", .number(Double(gradientNodes)))]
        return .object(pairs)
    }
}
