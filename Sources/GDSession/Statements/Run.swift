import GDLang
import GDProgram
import GDRender
import GDOptim

/// `run f from x=… [where …] [options] [as NAME]`: one descent.
struct RunStatement: StatementDeclaration, FunctionFromStatement {
    static let name = "run"
    static let rank = 5.0
    static let help = StatementHelp(syntax: "run NAME from p1=v1, … [where BOUNDS] [OPTIONS]", summary: "run gradient descent (or another method)",
                                    example: "run f from x=-2.5 eta=0.1 steps=40", options: Options.run)

    var function: Name
    var settings: [Setting]

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        [try context.session.run(function, settings, statement: context.location)]
    }
}

/// A statement that names a function and then, after `from`, its start and options: `run f from x=1 eta=0.1`.
/// It is read and completed the same way for each: `read` and `completion` come with the protocol.
protocol FunctionFromStatement: StatementDeclaration {
    init(function: Name, settings: [Setting])
}

extension FunctionFromStatement {
    /// Tab offers the functions, then `from`, then the parameters and the statement's options.
    static var completion: StatementCompletion { .functionThen(word: "from", options: help.options) }

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> Self {
        let (function, settings) = try parser.functionFrom(name)
        return Self(function: function, settings: settings)
    }
}

extension Parser {
    /// `f from x=1, … [where …] options`: the function and the settings after `from`, as `run`, `sweep`, `compare`,
    /// `multistart` and `grid` take them.
    mutating func functionFrom(_ keyword: String) throws(Diagnostic) -> (Name, [Setting]) {
        if isWord("from") {
            // `run from w=2`: the function's name is missing, not the word after it.
            throw error("expected a function name before 'from'", help: "for example: \(keyword) f from x=1")
        }
        let name = try expectName("expected a function name after '\(keyword)'", help: "for example: \(keyword) f from x=1")
        guard isWord("from") else {
            throw error("expected 'from' and the starting point", help: "for example: \(keyword) \(name.text) from x=1")
        }
        _ = advance()
        return (name, try settings(allowBounds: true))
    }
}
