import GDLang
import GDProgram
import GDRender

/// `help`, `help NAME`: the language explained from inside, drawn from the declarations.
struct HelpStatement: StatementDeclaration {
    static let name = "help"
    static let rank = 18.0
    static let help = StatementHelp(syntax: "help [STATEMENT | functions]", summary: "this help", example: "help run")
    static let completion = StatementCompletion.word(topics)

    private static func topics() -> [String] { Help.topics }

    var topic: Name?

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> HelpStatement {
        if parser.atEndOfStatement { return HelpStatement(topic: nil) }
        return HelpStatement(topic: try parser.expectName("expected a statement or topic after 'help'", help: "for example: help run"))
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        guard Help().text(topic?.text) != nil else {
            throw Diagnostic("no help on '\(topic!.text)'", at: topic!.location,
                             help: Suggestion.closest(to: topic!.text, among: Help.topics).map { "did you mean 'help \($0)'?" }
                                ?? "topics: " + Help.subjects.joined(separator: ", ") + ", and any option's, built-in function's or constant's name")
        }
        return [HelpReport(topic: topic?.text)]
    }
}

struct HelpReport: Report {
    var topic: String?

    /// Wrapped to the terminal's width.
    func text(_ r: TextRenderer) -> String { Help(width: r.width).text(topic) ?? "" }

    /// At 80 columns, as for a file.
    var text: String { Help().text(topic) ?? "" }

    var json: JSON {
        var pairs: [(String, JSON)] = [("kind", .string("help")), ("topic", topic.map(JSON.string) ?? .null), ("text", .string(text))]
        if topic == "functions" {
            // The built-in functions for programs to read, as the text lists them for people.
            pairs.append(("functions", .array(Builtin.allCases.map { f in
                .object([("name", .string(f.rawValue)), ("arity", .number(Double(f.arity)))])
            })))
        }
        return .object(pairs)
    }
}
