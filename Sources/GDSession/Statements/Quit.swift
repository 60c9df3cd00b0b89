import GDLang
import GDProgram
import GDRender

/// `quit`: ends the script or the session.
struct QuitStatement: StatementDeclaration {
    static let name = "quit"
    static let rank = 19.0
    static let help = StatementHelp(syntax: "quit", summary: "leave (Ctrl-D does too)", example: "quit")
    static let completion = StatementCompletion.nothing

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> QuitStatement {
        QuitStatement()
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        context.host.quit()
        return []
    }
}
