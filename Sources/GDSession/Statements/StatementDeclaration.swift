import GDLang
import GDProgram
import GDRender

/// A statement of the language that begins with a keyword, declared once: its keyword, its help, how its words
/// are read, how Tab completes them, and what it does. The parser's table of statements, `help`, completion,
/// "did you mean" for a mistyped statement and the docs' statement tables all come from these declarations.
///
/// A new statement is one file in this folder with a type that conforms: the Registry build plugin gathers every
/// conforming type into `registeredStatementDeclarations`, which `Statements` orders by `rank`.
protocol StatementDeclaration: DeclaredStatement, StatementSyntax {
    /// Reads the words after the keyword; the parser is at the first of them.
    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> Self
    /// How Tab completes the words after the keyword.
    static var completion: StatementCompletion { get }
    /// Whether it reads or writes a file (the fuzzer's sessions refuse those).
    var touchesFiles: Bool { get }
    /// Whether a file path comes next after these words (those after the keyword), for Tab to complete paths.
    static func takesPath(after words: [String]) -> Bool
    /// Carries the statement out and returns what it has to say. It does no I/O of its own: files and scripts
    /// go through `context.host`.
    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report]
}

extension StatementDeclaration {
    var touchesFiles: Bool { false }
    static func takesPath(after words: [String]) -> Bool { false }
}

/// A statement that the language itself shapes (a definition, an assignment): declared for its help.
protocol StatementFormDeclaration: DeclaredStatement {}

/// What every statement declares for `help` and the docs.
protocol DeclaredStatement: Sendable {
    /// The keyword, or for a statement without one the name of its help topic.
    static var name: String { get }
    static var help: StatementHelp { get }
    /// Where it stands in `help`'s overview and in the docs' tables: lower first.
    static var rank: Double { get }
}

/// What `help NAME` says of a statement.
struct StatementHelp: Sendable {
    var syntax: String
    var summary: String
    /// One line that can be copied and run.
    var example: String
    var options: [OptionSpec] = []
}

/// How Tab completes the words after a statement's keyword.
enum StatementCompletion: Sendable {
    case nothing
    /// An expression: `step N`.
    case expression
    /// A name the session defines, a function, variable or table: `show f`, `clear f`.
    case definedName
    /// A function name, and nothing after it: `diff f`.
    case function
    /// A function, then `word`, then its parameters and `options` as settings: `run f from x=1 eta=…`.
    case functionThen(word: String, options: [OptionSpec])
    /// Settings out of `options`: `set eta=…`.
    case settings([OptionSpec])
    /// One word out of a list, right after the keyword: `help run`.
    case word(@Sendable () -> [String])
    /// Worked out by the statement itself.
    case custom(@Sendable (CompletionContext) -> [String])
}

/// What a statement runs against: the session, where the statement stands, and the program running it.
package struct StatementContext {
    package var session: Session
    /// Where the statement starts.
    package let location: SourceLocation
    package let host: any StatementHost

    package init(session: Session, location: SourceLocation, host: any StatementHost) {
        self.session = session
        self.location = location
        self.host = host
    }
}

/// What a statement asks of the program that runs it: files, scripts and leaving. The shell is the host; the
/// statements themselves read and write nothing.
package protocol StatementHost: AnyObject {
    /// The text of the file at `path` (relative to the folder of the script `at` stands in), and its resolved path.
    func read(_ path: String, at location: SourceLocation) throws(Diagnostic) -> (text: String, path: String)
    /// Writes `text` to `path`; errors point at `location`.
    func write(_ text: String, to path: String, at location: SourceLocation) throws(Diagnostic)
    /// Runs the script at `path` in `session`, writing what its statements report.
    func load(_ path: String, at location: SourceLocation, into session: inout Session) throws(Diagnostic)
    /// Ends the script or session after this statement.
    func quit()
}

/// The statements of the language, in the order `help` lists them, as their declarations give them.
package enum Statements {
    /// Every statement that begins with a keyword.
    static let keywordStatements: [any StatementDeclaration.Type] = registeredStatementDeclarations.sorted { $0.rank < $1.rank }

    /// Every statement with help, keyword or not.
    static let all: [any DeclaredStatement.Type] = {
        var all: [any DeclaredStatement.Type] = []
        for form in registeredStatementFormDeclarations { all.append(form) }
        for statement in keywordStatements { all.append(statement) }
        return all.sorted { $0.rank < $1.rank }
    }()

    /// Words that begin a statement and so cannot name a function or variable.
    package static let keywords: [String] = keywordStatements.map { $0.name }

    /// The declaration of the statement `keyword` begins.
    static func declaration(_ keyword: String) -> (any StatementDeclaration.Type)? {
        keywordStatements.first { $0.name == keyword }
    }

    /// Carries out `statement` and returns what it has to say, for the program running it.
    package static func execute(_ statement: Statement, _ context: inout StatementContext) throws(Diagnostic) -> [Output] {
        try reports(of: statement, &context).map(Output.init)
    }

    /// Carries out `statement`: the one place every statement is dispatched.
    static func reports(of statement: Statement, _ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        switch statement.kind {
        case .define(let name, let parameters, let body):
            return try Definition(function: name, parameters: parameters, body: body).execute(&context)
        case .assign(let name, let value):
            return try Assignment(variable: name, value: value).execute(&context)
        case .evaluate(let expr):
            return try Assignment.evaluate(expr, &context)
        case .keyword(_, let syntax):
            guard let declared = syntax as? any StatementDeclaration else { return [] }
            return try declared.execute(&context)
        }
    }

    /// What a user of another REPL means by an entry gd does not read as it stands: `?` and `?f` or `f?` (help,
    /// or show a name that is no help topic), `exit()`; nil for everything else.
    package static func habit(_ entry: String) -> String? {
        let text = entry.trimmingSpaces
        if text == "?" { return "help" }
        if text == "exit()" { return "quit" }
        let name = text.hasPrefix("?") ? String(text.dropFirst()) : text.hasSuffix("?") ? String(text.dropLast()) : nil
        guard let name = name?.trimmingSpaces, !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            return nil
        }
        return Help.topics.contains(name) ? "help \(name)" : "show \(name)"
    }

    /// Whether an entry at the prompt leaves: `quit` or `exit`, in any case (`Quit`, `EXIT`), bare or called as `exit()`.
    package static func leaves(_ entry: String) -> Bool {
        ["quit", "exit", "quit()", "exit()"].contains(entry.trimmingSpaces.lowercased())
    }

    /// Whether `statement` reads or writes a file.
    package static func touchesFiles(_ statement: Statement) -> Bool {
        guard case .keyword(_, let syntax) = statement.kind, let declared = syntax as? any StatementDeclaration else { return false }
        return declared.touchesFiles
    }

    /// A statement's report, for the program that writes it.
    package struct Output {
        let report: any Report

        package var json: JSON { report.json }

        package func text(_ renderer: TextRenderer) -> String { report.text(renderer) }
    }

    /// The parser's table: each keyword with its declaration's reader.
    package static let grammar = StatementGrammar(Dictionary(uniqueKeysWithValues: keywordStatements.map { ($0.name, reader($0)) }))

    private static func reader<S: StatementDeclaration>(_ statement: S.Type) -> StatementGrammar.Reader {
        { (parser: inout Parser, at: SourceLocation) throws(Diagnostic) -> any StatementSyntax in try S.read(&parser, at: at) }
    }
}
