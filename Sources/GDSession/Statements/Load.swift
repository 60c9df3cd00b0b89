import GDLang
import GDProgram
import GDRender

/// `load FILE`: runs a script in this session.
struct LoadStatement: StatementDeclaration {
    static let name = "load"
    static let rank = 15.0
    static let help = StatementHelp(syntax: "load FILE", summary: "run a script in this session, keeping its definitions",
                                    example: "load examples/tour.gdscript")
    static let completion = StatementCompletion.nothing

    var path: String
    /// Where the path stands: errors about the file point there.
    var pathLocation: SourceLocation
    static func takesPath(after words: [String]) -> Bool { words.isEmpty }
    var touchesFiles: Bool { true }

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> LoadStatement {
        let (path, at) = try parser.path(after: "load", example: "load examples/tour.gdscript")
        return LoadStatement(path: path, pathLocation: at)
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        try context.host.load(path, at: pathLocation, into: &context.session)
        return []
    }
}
