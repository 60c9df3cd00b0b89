import Foundation
import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

/// The declarations of the built-in functions (Sources/GDLang/Builtins) against what is written about them
/// elsewhere, and each declaration's rules against each other: a function added with one file is checked here
/// without a test naming it.
@Suite struct BuiltinDeclarationTests {
    /// The rows of grammar.md's table of built-in functions: `name(parameters)`, and the meaning.
    static func grammarTable() throws -> [(name: String, parameters: [String], meaning: String)] {
        let grammar = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("grammar.md")
        let lines = try String(contentsOf: grammar, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.firstIndex(of: "| function | meaning |") else { return [] }
        let row = /^\| `(\w+)\(([^)]*)\)` \| (.*) \|$/
        return lines[(header + 2)...].prefix { $0.hasPrefix("|") }.compactMap { line in
            guard let m = line.wholeMatch(of: row) else { return ("?" + line, [], "") }
            let parameters = m.2.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return (String(m.1), parameters, String(m.3))
        }
    }

    @Test func grammarTableListsEachFunctionAsDeclared() throws {
        let rows = try Self.grammarTable()
        #expect(rows.map(\.name) == Builtin.allCases.map(\.rawValue),
                "grammar.md's table of built-in functions does not list the declared ones, in their order")
        for (row, f) in zip(rows, Builtin.allCases) {
            #expect(row.parameters.count == f.arity, "grammar.md: \(row.name) takes \(f.arity) argument(s)")
            #expect(row.meaning == f.summary, "grammar.md: \(row.name) means \(f.summary), as help functions says")
        }
    }

    @Test func eachNameLooksUpItsDeclaration() {
        #expect(BuiltinFunction.all.count == Builtin.allCases.count)
        #expect(Set(BuiltinFunction.all.map(\.name)).count == BuiltinFunction.all.count, "a name declared twice")
        for (f, declaration) in zip(Builtin.allCases, BuiltinFunction.all) {
            #expect(Builtin(rawValue: declaration.name) == f)
            #expect(f.rawValue == declaration.name && (1...2).contains(f.arity))
        }
        #expect(Builtin(rawValue: "sinn") == nil)
    }

    /// At points inside every function's domain and away from kinks: the symbolic derivative, the dual-number
    /// slope and a central difference of the value agree.
    @Test(arguments: Builtin.allCases)
    func declaredDerivativesAgree(_ f: Builtin) {
        let symbols = ["x", "y"].prefix(f.arity)
        let call = Term.call(f, symbols.map { Term.symbol($0) })
        for point in [[0.3, 0.6], [0.6, 0.35]] {
            let at = Dictionary(uniqueKeysWithValues: zip(symbols, point))
            for (i, name) in symbols.enumerated() {
                let symbolic = Derivative.of(call, wrt: name).evaluate(at)
                let forward = call.evaluate(at.mapValues { Dual($0) }.merging([name: Dual(point[i], 1)]) { $1 }).derivative
                let h = 1e-6
                var (above, below) = (point, point)
                above[i] += h
                below[i] -= h
                // A function of one argument ignores the second.
                let central = (f.evaluate(above[0], above[1]) - f.evaluate(below[0], below[1])) / (2 * h)
                #expect(abs(symbolic - forward) <= 1e-12 * max(1, abs(forward)), "\(f.rawValue): ∂/∂\(name) at \(point)")
                #expect(abs(central - forward) <= 1e-6 * max(1, abs(forward)), "\(f.rawValue): ∂/∂\(name) at \(point)")
            }
        }
    }
}

/// grammar.md's table of forms is `Lowering.forms`, row for row.
@Suite struct ExpressionFormDocumentationTests {
    @Test func grammarListsEachFormAsDeclared() throws {
        let grammar = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("grammar.md")
        let text = try String(contentsOf: grammar, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex(of: "| call | example | meaning |"))
        let rows = Array(lines[(header + 2)...].prefix { $0.hasPrefix("| ") })
        #expect(rows == Lowering.forms.map { "| `\($0.call)` | `\($0.example)` | \($0.meaning) |" },
                "grammar.md's table of forms is not Lowering.forms")
    }
}
