import Foundation
import Testing
import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency
@testable import GDShell
@testable import GDSession
@testable import GDRender
@testable import GDRepl

/// The docs list the statements the declarations declare, no more and no fewer.
@Suite struct DocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func grammarListsEveryDeclaredStatement() throws {
        let grammar = try Self.read("grammar.md")
        // The alternatives of `statement = … ;` in the EBNF.
        let start = try #require(grammar.range(of: "statement   ="))
        let end = try #require(grammar.range(of: ";", range: start.upperBound..<grammar.endIndex))
        let alternatives = grammar[start.upperBound..<end.lowerBound]
            .split(whereSeparator: { " |\n".contains($0) }).map(String.init)
        let forms = ["definition", "assignment", "expression"]
        #expect(Set(alternatives) == Set(Statements.keywords + forms))
        for keyword in Statements.keywords {
            #expect(grammar.contains("\n\(keyword.padding(toLength: 12, withPad: " ", startingAt: 0))= \"\(keyword)\""),
                    "grammar.md has no EBNF rule for \(keyword)")
            #expect(grammar.contains("\n| \(keyword) | "), "grammar.md's table has no row for \(keyword)")
        }
    }

    @Test func grammarListsEveryWordOfPlot() throws {
        let grammar = try Self.read("grammar.md")
        let rows = grammar.split(separator: "\n").filter { $0.hasPrefix("| `") && $0.contains("| every plot |") || $0.contains(" | functions") || $0.contains(" | loss/grad") }
        let documented = Set(rows.compactMap { row -> String? in
            guard let name = row.split(separator: "`").dropFirst().first else { return nil }
            return String(name.split(separator: "=").first ?? name)
        })
        #expect(documented == Set(PlotStatement.flags.map(\.name)))
        for flag in PlotStatement.flags {
            #expect(grammar.contains("| \(flag.summary) |"), "grammar.md's plot table has not the meaning of \(flag.name)")
        }
    }

    @Test func readmeNamesEveryStatement() throws {
        let readme = try Self.read("README.md")
        for keyword in Statements.keywords {
            #expect(readme.contains("`\(keyword)`"), "README.md does not name \(keyword)")
        }
    }

    @Test func everyStatementHasHelpAndAnExampleThatParses() throws {
        for statement in Statements.all {
            #expect(Help().text(statement.name) != nil)
            #expect(throws: Never.self, "\(statement.name)") {
                try Parser.parse(statement.help.example, file: "help", grammar: Statements.grammar)
            }
        }
    }
}
