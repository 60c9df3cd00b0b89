import GDLang
import GDProgram
import GDRender

/// `clear NAME` forgets a function, variable, table or kept run; `clear` alone forgets everything defined.
struct ClearStatement: StatementDeclaration {
    static let name = "clear"
    static let rank = 14.5
    static let help = StatementHelp(syntax: "clear [NAME]",
                                    summary: "forget a function, variable, table or kept run; alone, forget every definition, table and run (settings stay)",
                                    example: "clear f")
    static let completion = StatementCompletion.definedName

    var target: Name?

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> ClearStatement {
        if parser.atEndOfStatement { return ClearStatement(target: nil) }
        return ClearStatement(target: try parser.expectName("expected a name after 'clear', or nothing to clear everything",
                                                            help: "for example: clear f"))
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        guard let target else {
            let settings = (context.session.defaults, context.session.digits, context.session.plotStyle)
            var fresh = Session()
            fresh.interrupted = context.session.interrupted
            fresh.progress = context.session.progress
            (fresh.defaults, fresh.digits, fresh.plotStyle) = settings
            context.session = fresh
            return [ClearedReport(names: [])]
        }
        var session = context.session
        let name = target.text
        var forgot = session.environment.forget(name)
        if session.keptRuns.removeValue(forKey: name) != nil { forgot = true }
        guard forgot else {
            throw Diagnostic("nothing is named '\(name)'", at: target.location,
                             help: Suggestion.closest(to: name, among: session.names).map { "did you mean '\($0)'?" } ?? "show lists what there is")
        }
        // A function another one calls stays: forgetting it would leave the caller unusable.
        for caller in session.environment.functionOrder {
            do {
                _ = try Lowering.lower(function: session.environment.functions[caller]!, in: session.environment)
            } catch {
                throw Diagnostic("\(caller) uses '\(name)', so it cannot be forgotten alone", at: target.location,
                                 help: "clear \(caller) first, or define \(name) anew")
            }
        }
        if session.lastRun?.name == name { session.lastRun = nil }
        context.session = session
        return [ClearedReport(names: [name])]
    }
}

/// What `clear` forgot: one name, or (empty) everything.
struct ClearedReport: Report {
    var names: [String]

    func text(_ r: TextRenderer) -> String { names.isEmpty ? "cleared everything" : "cleared \(names.joined(separator: ", "))" }

    var json: JSON { .object([("kind", .string("cleared")), ("names", .array(names.map(JSON.string)))]) }
}
