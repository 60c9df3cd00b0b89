import GDLang
import GDProgram
import GDRender

/// Tab completion: the words that can finish the one being typed, judged from what comes before
/// it — statement keywords at the start of a statement, function names after `run`, `from` after
/// the function, parameters and options in settings, and built-in and user names in expressions.
///
/// Pure: the entry up to the cursor and the session's names in, candidates out.
public struct Completion: Equatable, Sendable {
    /// The part of the word before the cursor; every candidate starts with it.
    public var word: String
    /// The candidates in order, each as it would be inserted, with what follows it: `run `, `eta=`, `sin(`.
    public var candidates: [String]

    public init(word: String, candidates: [String]) {
        self.word = word
        self.candidates = candidates
    }

    /// The longest text every candidate starts with; `word` when there are none.
    public var commonPrefix: String {
        guard var prefix = candidates.first.map(Array.init) else { return word }
        for candidate in candidates.dropFirst() {
            prefix = Array(zip(prefix, candidate).prefix { $0 == $1 }.map(\.0))
        }
        return String(prefix)
    }

    /// The candidates as a person reads them (`sin`, `run`, `eta=`), in columns across `width`,
    /// down each column first.
    public func listing(width: Int) -> String {
        let names = candidates.map { candidate in
            var name = Substring(candidate)
            while let last = name.last, last == " " || last == "(" { name.removeLast() }
            return String(name)
        }
        guard let longest = names.map(\.count).max() else { return "" }
        let columnWidth = longest + 2
        let columns = max(1, min(names.count, (width + 2) / columnWidth))
        let rows = (names.count + columns - 1) / columns
        return (0..<rows).map { row in
            var line = ""
            for column in 0..<columns {
                let index = column * rows + row
                guard index < names.count else { break }
                line += index + rows < names.count
                    ? names[index] + String(repeating: " ", count: columnWidth - names[index].count)
                    : names[index]
            }
            return line
        }.joined(separator: "\n")
    }
}

extension Completion {
    /// Completes the word that ends `text`, the entry typed so far up to the cursor (with the
    /// earlier lines of an entry that continues over several).
    ///
    /// Where a statement takes a file path (`load PATH`, `save … to PATH`), the word is the path typed so far and
    /// `paths` lists what can complete it (the file system is the caller's: completion reads nothing itself).
    /// `defaults` are the session's: the method and schedule a run uses unless it names its own, whose
    /// hyperparameters Tab offers.
    public static func complete(_ text: String, environment: Environment, defaults: RunDefaults = RunDefaults(),
                                paths: (String) -> [String] = { _ in [] }) -> Completion {
        if let partial = pathBeingTyped(text) {
            // Paths are listed as they are named and offered as they are typed, a space in a name escaped.
            let offered = paths(BarePath.unescaped(partial)).map { path in
                path.hasSuffix(" ") ? BarePath.escaped(String(path.dropLast())) + " " : BarePath.escaped(path)
            }
            return Completion(word: partial, candidates: offered.filter { $0.hasPrefix(partial) }.sorted())
        }
        let scalars = Array(text.unicodeScalars)
        var start = scalars.count
        while start > 0, isIdentifierPart(scalars[start - 1]) { start -= 1 }
        let word = String(String.UnicodeScalarView(scalars[start...]))
        // A number, or a word glued to a prime or a number (`f'`, `2x`), is not a name to complete.
        if let first = word.unicodeScalars.first, isDigit(first) { return Completion(word: word, candidates: []) }
        if start > 0, scalars[start - 1] == "'" || scalars[start - 1] == "." { return Completion(word: word, candidates: []) }
        guard let statement = currentStatement(scalars[..<start]) else { return Completion(word: word, candidates: []) }
        let tokens = CompletionToken.scan(statement.text)
        let separated = statement.text.last.map { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "," } ?? true
        let context = CompletionContext(environment: environment, tokens: tokens, separated: separated,
                                        isWholeEntry: statement.isWholeEntry, defaults: defaults)
        var seen: Set<String> = []
        let candidates = context.candidates().filter { $0.hasPrefix(word) && seen.insert($0).inserted }.sorted()
        return Completion(word: word, candidates: candidates)
    }

    /// The path typed so far, where the statement being typed expects a file path next (its declaration says where).
    private static func pathBeingTyped(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard let statement = currentStatement(scalars[...]) else { return nil }
        // The path typed so far runs back to the first space not escaped by a backslash.
        var start = statement.text.endIndex
        while start > statement.text.startIndex {
            let c = statement.text[start - 1]
            let escaped = start - 2 >= statement.text.startIndex && statement.text[start - 2] == "\\"
            if (c == " " || c == "\t") && !escaped { break }
            start -= escaped ? 2 : 1
        }
        let partial = String(String.UnicodeScalarView(statement.text[start...]))
        let before = String(String.UnicodeScalarView(statement.text[..<start]))
            .split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let keyword = before.first, let declaration = Statements.declaration(keyword),
              declaration.takesPath(after: Array(before.dropFirst())) else { return nil }
        return partial
    }

    /// The text of the statement the cursor is in, from its start up to the word being completed;
    /// nil inside a comment or a string. `;` and newlines end statements, except inside
    /// parentheses or after a backslash.
    private static func currentStatement(_ head: ArraySlice<Unicode.Scalar>) -> (text: [Unicode.Scalar], isWholeEntry: Bool)? {
        var depth = 0
        var statementStart = head.startIndex
        var inComment = false
        var inString = false
        var index = head.startIndex
        while index < head.endIndex {
            let c = head[index]
            if inComment {
                if c == "\n" { inComment = false; if depth == 0 { statementStart = index + 1 } }
            } else if inString {
                if c == "\"" { inString = false } else if c == "\n" { inString = false }
            } else {
                switch c {
                case "#": inComment = true
                case "\"": inString = true
                case "(": depth += 1
                case ")": depth = max(0, depth - 1)
                case "\\" where index + 1 < head.endIndex && head[index + 1] == "\n": index += 1
                case ";", "\n": if depth == 0 { statementStart = index + 1 }
                default: break
                }
            }
            index += 1
        }
        if inComment || inString { return nil }
        let isWholeEntry = head[..<statementStart].allSatisfy { $0 == " " || $0 == "\t" }
        return (Array(head[statementStart...]), isWholeEntry)
    }

    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || isDigit(c) || (c.isASCII ? ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z")) : c.properties.isAlphabetic)
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
}

/// A rough token of a statement before the cursor: enough to tell where in the statement it is.
enum CompletionToken: Equatable {
    case word(String)
    case number
    case symbol(String)

    static func scan(_ text: [Unicode.Scalar]) -> [CompletionToken] {
        var tokens: [CompletionToken] = []
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == " " || c == "\t" || c == "\n" || c == "\\" {
                i += 1
            } else if Completion.isDigit(c) || (c == "." && i + 1 < text.count && Completion.isDigit(text[i + 1])) {
                while i < text.count, Completion.isDigit(text[i]) || text[i] == "." && !(i + 1 < text.count && text[i + 1] == ".") {
                    i += 1
                }
                if i < text.count, text[i] == "e" || text[i] == "E" {
                    var j = i + 1
                    if j < text.count, text[j] == "+" || text[j] == "-" { j += 1 }
                    if j < text.count, Completion.isDigit(text[j]) {
                        i = j
                        while i < text.count, Completion.isDigit(text[i]) { i += 1 }
                    }
                }
                tokens.append(.number)
            } else if Completion.isIdentifierPart(c) {
                let start = i
                while i < text.count, Completion.isIdentifierPart(text[i]) { i += 1 }
                tokens.append(.word(String(String.UnicodeScalarView(text[start..<i]))))
            } else if c == ".", i + 1 < text.count, text[i + 1] == "." {
                tokens.append(.symbol(".."))
                i += 2
            } else {
                tokens.append(.symbol(String(c)))
                i += 1
            }
        }
        return tokens
    }
}

/// Where in a statement the cursor is, and so what may come next.
struct CompletionContext {
    let environment: Environment
    let tokens: [CompletionToken]
    /// Whether a space or comma separates the word from the token before it.
    let separated: Bool
    /// Whether the statement is all that was typed, so `quit` and `exit` may follow.
    let isWholeEntry: Bool
    /// The session's method and schedule, for runs that do not name theirs.
    var defaults = RunDefaults()

    func candidates() -> [String] {
        guard case .word(let keyword)? = tokens.first else {
            return tokens.isEmpty ? statementStart() : expression()
        }
        if tokens.count >= 2, tokens[1] == .symbol("(") || tokens[1] == .symbol("=") {
            return expression(parameters: definedParameters())
        }
        guard let declaration = Statements.declaration(keyword) else { return expression() }
        switch declaration.completion {
        case .nothing:
            return []
        case .expression:
            return expression()
        case .definedName:
            return tokens.count == 1 ? environment.definedNames : []
        case .function:
            return tokens.count == 1 ? environment.functionOrder : []
        case .settings(let options):
            return settings(Array(tokens.dropFirst()), function: nil, options: options)
        case .word(let words):
            return tokens.count == 1 ? words() : []
        case .custom(let complete):
            return complete(self)
        case .functionThen(let connector, let options):
            switch tokens.count {
            case 1: return environment.functionOrder.map { $0 + " " }
            case 2: return [connector + " "]
            default:
                guard tokens[2] == .word(connector) else { return [] }
                let rest = Array(tokens.dropFirst(3))
                return settings(rest, function: function(at: 1), options: inEffect(options, rest))
            }
        }
    }

    private func statementStart() -> [String] {
        let leaving = isWholeEntry ? ["quit", "exit"].filter { !Statements.keywords.contains($0) } : []
        return Statements.keywords.map { $0 + " " } + leaving + expression()
    }

    /// Names that can appear in an expression, with a `(` after each function.
    private func expression(parameters: [String] = []) -> [String] {
        environment.functionOrder.map { $0 + "(" } + Builtin.allCases.map { $0.rawValue + "(" } + Lowering.formNames.map { $0 + "(" }
            + environment.variableOrder + NamedConstant.allCases.map(\.rawValue) + parameters
    }

    /// The parameters of `name(a, b) = …` while completing its body.
    private func definedParameters() -> [String] {
        guard tokens.count > 2, tokens[1] == .symbol("("), let close = tokens.firstIndex(of: .symbol(")")),
              close + 1 < tokens.count, tokens[close + 1] == .symbol("=")
        else { return [] }
        return tokens[2..<close].compactMap { if case .word(let name) = $0 { name } else { nil } }
    }

    func function(at index: Int) -> FunctionDefinition? {
        guard index < tokens.count, case .word(let name) = tokens[index] else { return nil }
        return environment.functions[name]
    }

    /// In `name=value` settings: a parameter or option name not given yet, or a value.
    func settings(_ rest: [CompletionToken], function: FunctionDefinition?, options: [OptionSpec]) -> [String] {
        var depth = 0
        for token in rest {
            if token == .symbol("(") { depth += 1 }
            if token == .symbol(")") { depth = max(0, depth - 1) }
        }
        let lastEquals = rest.lastIndex(of: .symbol("="))
        let option: OptionSpec? = lastEquals.flatMap { i in
            guard i > 0, case .word(let name) = rest[i - 1] else { return nil }
            return options.first { $0.name == name }
        }
        // `methods=gd,ad`: a comma inside a list value does not start a new setting.
        if let option, case .list(let choices) = option.kind, let i = lastEquals,
           rest[(i + 1)...].allSatisfy({ if case .word = $0 { true } else { $0 == .symbol(",") } }),
           rest.last == .symbol("=") || rest.last == .symbol(",") || !separated {
            return choices
        }
        let atName: Bool
        switch rest.last {
        case nil, .symbol(",")?: atName = depth == 0
        case .symbol(")")?, .word?, .number?: atName = depth == 0 && separated
        case .symbol?: atName = false
        }
        guard atName else { return value(of: option) }
        let given = Set(rest.indices.compactMap { i -> String? in
            guard case .word(let name) = rest[i] else { return nil }
            let flag = options.contains { $0.name == name && isFlag($0) }
            return flag || (i + 1 < rest.count && rest[i + 1] == .symbol("=")) ? name : nil
        })
        // A vector or matrix is given whole (`w=0`, `w=1,2,3`): its name, not its components.
        let parameters = (function?.declared.map(\.name) ?? []).filter { !given.contains($0) }.map { $0 + "=" }
        return parameters + options.filter { !given.contains($0.name) }.map { isFlag($0) ? $0.name + " " : $0.name + "=" }
    }

    /// `options` without the hyperparameters of methods and schedules the statement does not use: those of the
    /// `method=` and `schedule=` it gives, else the session's. A statement without `method` (compare) keeps them all.
    private func inEffect(_ options: [OptionSpec], _ rest: [CompletionToken]) -> [OptionSpec] {
        guard options.contains(where: { $0.name == "method" }) else { return options }
        func given(_ name: String) -> String? {
            rest.indices.dropLast(2).lazy.compactMap { i -> String? in
                guard rest[i] == .word(name), rest[i + 1] == .symbol("="), case .word(let value) = rest[i + 2] else { return nil }
                return value
            }.last
        }
        let method = given("method") ?? defaults.method, schedule = given("schedule") ?? defaults.schedule
        return options.filter { $0.appliesTo.isEmpty || $0.appliesTo.contains(method) || $0.appliesTo.contains(schedule) }
    }

    private func value(of option: OptionSpec?) -> [String] {
        switch option?.kind {
        case .tolerance?: return ["off"] + expression()
        case .choice(let choices)?, .list(let choices)?: return choices
        default: return expression()
        }
    }

    private func isFlag(_ option: OptionSpec) -> Bool {
        if case .flag = option.kind { return true }
        return false
    }
}
