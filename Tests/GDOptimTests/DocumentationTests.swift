import Foundation
import Testing
@testable import GDOptim

/// grammar.md and README.md list the methods, the schedules and their hyperparameters by hand; they must say what
/// the declarations (Methods/, Schedules/) say.
@Suite struct DocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func document(_ name: String) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent(name), encoding: .utf8)
    }

    /// The line of `text` that starts with `prefix`.
    func line(_ text: String, startingWith prefix: String) throws -> String {
        try #require(text.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init), "no line starts with \(prefix)")
    }

    /// The cells of a table row.
    func cells(_ row: String) -> [String] {
        row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The words in backticks, in order.
    func quoted(_ text: some StringProtocol) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// The `FORMULA for METHOD` pairs of a sentence such as `(η < 2/λ for gd, 2(1+β)/λ for momentum)`.
    func bounds(_ text: String) -> [String] {
        let words = text.split(separator: " ")
        return words.indices.dropFirst().dropLast().filter { words[$0] == "for" }.map { i in
            let formula = words[i - 1].drop { $0 == "(" }
            return "\(formula) for \(words[i + 1].filter { $0.isLetter })"
        }
    }

    var declaredBounds: [String] {
        Methods.all.compactMap { m in m.stabilityBound.map { "\($0.formula) for \(m.name)" } }
    }

    @Test func grammarListsTheMethodsAndSchedules() throws {
        let grammar = try document("grammar.md")
        #expect(quoted(cells(try line(grammar, startingWith: "| `method` |"))[3]) == Methods.names)
        #expect(quoted(cells(try line(grammar, startingWith: "| `schedule` |"))[3]) == Schedules.names)
    }

    /// The table of method and schedule parameters: each row's names, owners and defaults, in the order of help's.
    @Test func grammarTabulatesTheHyperparameters() throws {
        let grammar = try document("grammar.md")
        let heading = try #require(grammar.range(of: "| option | belongs to | default | meaning |"))
        let rows = grammar[heading.upperBound...].split(separator: "\n").dropFirst().prefix { $0.hasPrefix("|") }.map { cells(String($0)) }
        #expect(rows.flatMap { quoted($0[0]) } == HyperparameterOption.all.map(\.name))
        for row in rows {
            let options = try quoted(row[0]).map { name in try #require(HyperparameterOption.all.first { $0.name == name }) }
            for option in options {
                let owners = option.owners.map { owner in Methods.names.contains(owner.name) ? owner.name : "schedule=\(owner.name)" }
                #expect(row[1] == owners.joined(separator: ", "), "owners of \(option.name)")
            }
            #expect(row[2] == options.map(\.defaultText).joined(separator: ", "), "defaults of \(row[0])")
        }
    }

    @Test func grammarGivesTheStabilityBounds() throws {
        let grammar = try document("grammar.md")
        let sentence = try #require(grammar.replacingOccurrences(of: "\n", with: " ").components(separatedBy: ". ")
            .first { $0.contains("with the stability bound") })
        #expect(bounds(sentence.components(separatedBy: "with the stability bound")[1]) == declaredBounds)
    }

    @Test func readmeCountsListsAndBoundsTheMethods() throws {
        let readme = try document("README.md")
        let numbers = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
        let flat = readme.replacingOccurrences(of: "\n", with: " ")
        let counts = try #require(flat.firstMatch(of: /with (\w+) methods, (\w+) step-size schedules/))
        #expect(numbers.firstIndex(of: String(counts.1)).map { $0 + 1 } == Methods.all.count)
        #expect(numbers.firstIndex(of: String(counts.2)).map { $0 + 1 } == Schedules.all.count)
        // The module table's row for GDOptim: `Methods` (…) and `Schedules` (…).
        let row = try line(readme, startingWith: "| `Sources/GDOptim` |")
        func listed(after name: String) throws -> [String] {
            let start = try #require(row.range(of: "`\(name)` ("))
            return quoted(row[start.upperBound...].prefix { $0 != ")" })
        }
        #expect(try listed(after: "Methods") == Methods.names)
        #expect(try listed(after: "Schedules") == Schedules.names)
        // The JSON contract's eta_max.
        let etaMax = try #require(flat.firstMatch(of: /`"eta_max":\.\.` \(([^`]*)`null`\)/))
        #expect(bounds(String(etaMax.1)) == declaredBounds)
    }

    /// What the docs tests rely on: every method's and schedule's name and rank is unique, and a hyperparameter that
    /// several declare means the same to each.
    @Test func declarationsAgree() {
        let names = Methods.names + Schedules.names
        #expect(Set(names).count == names.count)
        #expect(Set(Methods.all.map { $0.rank }).count == Methods.all.count)
        #expect(Set(Schedules.all.map { $0.rank }).count == Schedules.all.count)
        for option in HyperparameterOption.all {
            let declarations: [any Declared.Type] = Methods.all + Schedules.all
            let declared = declarations.flatMap { $0.hyperparameters }.filter { $0.name == option.name }
            #expect(declared.allSatisfy { $0.kind == option.hyperparameter.kind && $0.summary == option.hyperparameter.summary },
                    "\(option.name)")
            for owner in option.owners {
                if case .number(let text) = owner.defaultValue { #expect(Double(text) != nil, "\(owner.name) \(option.name)") }
            }
        }
    }
}
