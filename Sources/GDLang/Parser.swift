/// Parses tokens into statements by recursive descent; `grammar.md` is its specification.
public struct Parser {
    private let tokens: [Token]
    private var index = 0
    private var depth = 0
    /// The keyword statements this parser reads.
    private let grammar: StatementGrammar

    /// How deeply parentheses and unary operators may nest: deep enough for any real loss,
    /// shallow enough that no later recursive pass can exhaust the stack.
    public static let maximumNesting = 100

    public init(tokens: [Token], grammar: StatementGrammar = .expressionsOnly) {
        self.tokens = tokens
        self.grammar = grammar
    }

    /// Parses a whole script, with the keyword statements of `grammar`.
    public static func parse(_ source: String, file: String, grammar: StatementGrammar = .expressionsOnly)
        throws(Diagnostic) -> [Statement] {
        var parser = Parser(tokens: try Lexer.tokenize(source, file: file), grammar: grammar)
        return try parser.parseScript()
    }

    /// Parses a single expression, such as a command-line value.
    public static func parseExpression(_ source: String, file: String) throws(Diagnostic) -> Expr {
        var parser = Parser(tokens: try Lexer.tokenize(source, file: file))
        let expr = try parser.expression()
        try parser.expectEndOfStatement()
        return expr
    }

    public mutating func parseScript() throws(Diagnostic) -> [Statement] {
        var statements: [Statement] = []
        while true {
            skipSeparators()
            if current.kind == .end { return statements }
            statements.append(try statement())
            try expectEndOfStatement()
        }
    }

    // MARK: Token access

    // The primitives below are public so that each statement's declaration can read its own words.

    public var current: Token { tokens[index] }

    public func peek(_ ahead: Int) -> Token { tokens[min(index + ahead, tokens.count - 1)] }

    public mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    public mutating func match(_ kind: TokenKind) -> Bool {
        if current.kind == kind {
            _ = advance()
            return true
        }
        return false
    }

    private mutating func skipSeparators() {
        while current.kind == .newline || current.kind == .semicolon { _ = advance() }
    }

    public var atEndOfStatement: Bool {
        switch current.kind {
        case .newline, .semicolon, .end: return true
        default: return false
        }
    }

    /// An error at the current token; at the end of input inside parentheses it marks the input incomplete.
    public func error(_ message: String, help: String? = nil) -> Diagnostic {
        Diagnostic(message, at: current.location, help: help, isIncompleteInput: current.kind == .end && depth > 0)
    }

    public mutating func expect(_ kind: TokenKind, _ message: String, help: String? = nil) throws(Diagnostic) -> Token {
        guard current.kind == kind else { throw error(message, help: help) }
        return advance()
    }

    public mutating func expectName(_ message: String, help: String? = nil) throws(Diagnostic) -> Name {
        guard case .identifier(let text) = current.kind else { throw error(message, help: help) }
        return Name(text, at: advance().location)
    }

    private mutating func expectEndOfStatement() throws(Diagnostic) {
        guard atEndOfStatement else {
            if current.kind == .rightParen {
                throw error("unexpected ')' with no '(' open")
            }
            throw error("unexpected '\(current.kind.spelling)' after the end of the statement",
                        help: "put each statement on its own line or separate them with ';'")
        }
    }

    // MARK: Statements

    /// A whole statement inside another, such as the one `time` measures.
    public mutating func nestedStatement() throws(Diagnostic) -> Statement {
        try statement()
    }

    private mutating func statement() throws(Diagnostic) -> Statement {
        let start = current
        if case .identifier(let word) = start.kind, let read = grammar.readers[word], peek(1).kind != .leftParen,
           peek(1).kind != .equals {
            _ = advance()
            return Statement(.keyword(word, try read(&self, start.location)), at: start.location)
        }
        // `help()`, `quit()`: a statement called as Python calls them. A keyword names nothing else, so it is one.
        if case .identifier(let word) = start.kind, let read = grammar.readers[word], peek(1).kind == .leftParen,
           peek(2).kind == .rightParen, [.newline, .semicolon, .end].contains(peek(3).kind) {
            for _ in 0..<3 { _ = advance() }
            return Statement(.keyword(word, try read(&self, start.location)), at: start.location)
        }
        // `help(run)`: a statement called as Python calls it on one name is that statement on that name, unless the
        // keyword also names a function of expressions (`diff(x^2, x)`).
        if case .identifier(let word) = start.kind, let read = grammar.readers[word], !Lowering.formNames.contains(word),
           peek(1).kind == .leftParen, case .identifier = peek(2).kind, peek(3).kind == .rightParen,
           [.newline, .semicolon, .end].contains(peek(4).kind) {
            let close = peek(3)
            var inner = Parser(tokens: [peek(2), Token(kind: .end, location: close.location, offset: close.offset, length: 0)],
                               grammar: grammar)
            let syntax = try read(&inner, start.location)
            try inner.expectEndOfStatement()
            for _ in 0..<4 { _ = advance() }
            return Statement(.keyword(word, syntax), at: start.location)
        }
        if case .identifier(let text) = start.kind {
            if peek(1).kind == .equals {
                _ = advance()
                _ = advance()
                let value = try expression()
                return Statement(.assign(Name(text, at: start.location), value), at: start.location)
            }
            if peek(1).kind == .leftParen, let parameters = definitionParameters() {
                let body = try expression()
                return Statement(.define(Name(text, at: start.location), parameters: parameters, body: body),
                                 at: start.location)
            }
        }
        // `runn f from x=1`: a word that is not a keyword, followed by more words, is most likely a misspelt statement.
        if case .identifier(let word) = start.kind, case .identifier = peek(1).kind,
           let keyword = Suggestion.closest(to: word, among: grammar.keywords) {
            throw Diagnostic("unknown statement '\(word)'", at: start.location, help: "did you mean '\(keyword)'?")
        }
        return Statement(.evaluate(try expression()), at: start.location)
    }

    /// If the tokens at `index` read `name(a, w[10], W[8, 2], …) =`, consumes them and returns the parameters.
    private mutating func definitionParameters() -> [ParameterSyntax]? {
        var i = index + 2
        var parameters: [ParameterSyntax] = []
        while case .identifier(let p) = tokens[i].kind {
            var parameter = ParameterSyntax(Name(p, at: tokens[i].location))
            i += 1
            if tokens[i].kind == .leftBracket {
                i += 1
                // `w[-1]` reads as a declaration too, so that its size is reported as a size.
                while true {
                    let negative = tokens[i].kind == .minus
                    guard case .number(let size) = tokens[i + (negative ? 1 : 0)].kind else { break }
                    parameter.sizes.append((negative ? -size : size, tokens[i].location))
                    i += negative ? 2 : 1
                    if tokens[i].kind == .comma { i += 1 } else { break }
                }
                guard tokens[i].kind == .rightBracket, !parameter.sizes.isEmpty else { return nil }
                i += 1
            }
            parameters.append(parameter)
            if tokens[i].kind == .comma { i += 1 } else { break }
        }
        guard tokens[i].kind == .rightParen, tokens[i + 1].kind == .equals else { return nil }
        index = i + 2
        return parameters
    }

    /// A file path and where it stands, which is where errors about the file point.
    public mutating func path(after word: String, example: String) throws(Diagnostic) -> (String, SourceLocation) {
        guard case .string(let path) = current.kind, !path.isEmpty else {
            throw error("expected a file name after '\(word)'", help: "for example: \(example)")
        }
        return (path, advance().location)
    }

    public func isWord(_ word: String) -> Bool {
        if case .identifier(word) = current.kind { return true }
        return false
    }

    /// `name=value` items up to the end of the statement, optionally separated by commas;
    /// with `allowBounds`, a `where` clause of bounds may come among them.
    public mutating func settings(allowBounds: Bool = false) throws(Diagnostic) -> [Setting] {
        var result: [Setting] = []
        while !atEndOfStatement {
            if allowBounds && isWord("where") {
                _ = advance()
                result += try bounds()
                continue
            }
            if allowBounds && isWord("as") && peek(1).kind != .equals {
                // `run … as name` keeps the run under that name, as the setting `as=name`.
                let word = Name("as", at: advance().location)
                result.append(Setting(word, .names([try expectName("expected a name after 'as'", help: "for example: run f from x=1 as slow")])))
                continue
            }
            var name = try expectName("expected an option such as eta=0.1, found '\(current.kind.spelling)'")
            if current.kind == .leftBracket { name = try component(of: name) }
            guard match(.equals) else {
                result.append(Setting(name, .flag))
                _ = match(.comma)
                continue
            }
            if atEndOfStatement { throw error("expected a value after '\(name.text)='") }
            if case .identifier(let next) = current.kind, peek(1).kind == .equals {
                // `c= eta=0.1`: the value is missing, and the next option follows.
                throw error("expected a value after '\(name.text)=', found the next option '\(next)='",
                            help: "for example: \(name.text)=1")
            }
            if case .identifier = current.kind, !startsNumericValue() {
                var names = [Name(current.text, at: advance().location)]
                // `methods=gd,momentum`: a comma continues the list unless `name=` follows it.
                while current.kind == .comma, case .identifier(let next) = peek(1).kind, peek(2).kind != .equals {
                    _ = advance()
                    names.append(Name(next, at: advance().location))
                }
                result.append(Setting(name, .names(names)))
            } else {
                let low = try expression()
                if match(.dotDot) {
                    result.append(Setting(name, .range(low, try expression())))
                } else if current.kind == .comma, startsNumber(peek(1)) {
                    // `w=2,-1`: a comma followed by a number continues a list of numbers.
                    var items = [low]
                    while current.kind == .comma, startsNumber(peek(1)) {
                        _ = advance()
                        items.append(try expression())
                    }
                    result.append(Setting(name, .numbers(items)))
                } else {
                    result.append(Setting(name, .number(low)))
                }
            }
            _ = match(.comma)
        }
        return result
    }

    /// `w >= 0`, `w <= 1`, `0 <= w <= 1`, separated by commas or `and`.
    private mutating func bounds() throws(Diagnostic) -> [Setting] {
        var result: [Setting] = []
        repeat {
            if case .identifier(let text) = current.kind, peek(1).kind == .greaterEqual || peek(1).kind == .lessEqual
                || peek(1).kind == .greater || peek(1).kind == .less {
                let name = Name(text, at: advance().location)
                let lower = try boundOperator()
                let value = try expression()
                result.append(Setting(name, lower ? .atLeast(value) : .atMost(value)))
            } else {
                // value <= name [<= value]
                let value = try expression()
                let lowerFirst = try boundOperator()
                let name = try expectName("expected a parameter name in the bound", help: "for example: where w >= 0")
                result.append(Setting(name, lowerFirst ? .atMost(value) : .atLeast(value)))
                if current.kind == .lessEqual || current.kind == .greaterEqual || current.kind == .less || current.kind == .greater {
                    let upperIsLess = try !boundOperator()
                    let second = try expression()
                    result.append(Setting(name, upperIsLess ? .atMost(second) : .atLeast(second)))
                }
            }
        } while (match(.comma) || matchWord("and")) && !atEndOfStatement && startsBound()
        return result
    }

    /// Whether the tokens ahead read as a bound (`name >=`, or a number followed by a comparison) and not an option.
    private func startsBound() -> Bool {
        switch peek(1).kind {
        case .greaterEqual, .lessEqual, .greater, .less: return true
        default: break
        }
        if case .identifier = current.kind { return false }
        return true
    }

    public mutating func matchWord(_ word: String) -> Bool {
        if isWord(word) { _ = advance(); return true }
        return false
    }

    /// Consumes `>=` (true: a lower bound on what stands left) or `<=` (false); strict comparisons are refused.
    private mutating func boundOperator() throws(Diagnostic) -> Bool {
        switch current.kind {
        case .greaterEqual: _ = advance(); return true
        case .lessEqual: _ = advance(); return false
        case .greater, .less:
            throw error("use >= or <= in a bound", help: "projected descent needs closed bounds such as w >= 0")
        default:
            throw error("expected >= or <= in the bound", help: "for example: where w >= 0")
        }
    }

    private func startsNumber(_ token: Token) -> Bool {
        switch token.kind {
        case .number, .minus, .plus, .leftParen: return true
        default: return false
        }
    }

    /// Whether an identifier after `=` begins an expression (a constant, a call, a variable in arithmetic)
    /// rather than a word such as a method name.
    private func startsNumericValue() -> Bool {
        switch peek(1).kind {
        case .leftParen, .prime, .plus, .minus, .star, .slash, .caret, .dotDot: return true
        default: return false
        }
    }

    // MARK: Expressions

    public mutating func expression() throws(Diagnostic) -> Expr {
        var left = try term()
        while true {
            if match(.plus) {
                try continueAfterOperator("+")
                left = .binary(.add, left, try term())
            } else if match(.minus) {
                try continueAfterOperator("-")
                left = .binary(.subtract, left, try term())
            } else {
                return left
            }
        }
    }

    private mutating func term() throws(Diagnostic) -> Expr {
        var left = try unary()
        while true {
            if match(.star) {
                try continueAfterOperator("*")
                left = .binary(.multiply, left, try unary())
            } else if match(.slash) {
                try continueAfterOperator("/")
                left = .binary(.divide, left, try unary())
            } else {
                return left
            }
        }
    }

    /// A binary operator at the end of a line continues the expression on the next (Julia's rule, in scripts and at
    /// the prompt alike); at the end of the input the expression is incomplete, so the prompt asks for more.
    private mutating func continueAfterOperator(_ spelling: String) throws(Diagnostic) {
        let op = tokens[max(0, index - 1)]
        let written = op.kind == .caret && op.length == 2 ? "**" : spelling
        let after = SourceLocation(file: op.location.file, line: op.location.line, column: op.location.column + op.length)
        while current.kind == .newline { _ = advance() }
        if current.kind == .end {
            throw Diagnostic("expected an expression after '\(written)'", at: after, isIncompleteInput: true)
        }
    }

    private mutating func nest() throws(Diagnostic) {
        depth += 1
        if depth > Self.maximumNesting {
            throw error("expression nested too deeply (more than \(Self.maximumNesting) levels)",
                        help: "split it into smaller definitions")
        }
    }

    private mutating func unary() throws(Diagnostic) -> Expr {
        if current.kind == .minus || current.kind == .plus {
            let negative = advance().kind == .minus
            try nest()
            defer { depth -= 1 }
            let operand = try unary()
            return negative ? .negate(operand) : operand
        }
        return try power()
    }

    /// `^` binds tighter than unary minus on its left (`-x^2` is `-(x^2)`) and is right-associative.
    private mutating func power() throws(Diagnostic) -> Expr {
        let base = try primary()
        if match(.caret) {
            try continueAfterOperator("^")
            try nest()
            defer { depth -= 1 }
            return .binary(.power, base, try unary())
        }
        return base
    }

    private mutating func primary() throws(Diagnostic) -> Expr {
        let token = current
        switch token.kind {
        case .number(let value):
            _ = advance()
            // Implicit multiplication: a number literal directly followed by a name or '(' (`2x`, `3(x+1)`).
            if token.touches(current), current.kind == .leftParen || isIdentifier(current) {
                return .binary(.multiply, .number(value), try power())
            }
            return .number(value)
        case .identifier(let name):
            _ = advance()
            if current.kind == .prime {
                var order = 0
                while match(.prime) { order += 1 }
                guard current.kind == .leftParen else {
                    throw error("expected '(' after \(name)\(String(repeating: "'", count: order))",
                                help: "a derivative is called like a function: \(name)'(2)")
                }
                return .derivative(name, order: order, try arguments(of: name + String(repeating: "'", count: order)), token.location)
            }
            if current.kind == .leftParen {
                return .call(name, try arguments(of: name), token.location)
            }
            if current.kind == .leftBracket {
                return .index(name, try indices(of: name), token.location)
            }
            return .name(name, token.location)
        case .leftParen:
            _ = advance()
            try nest()
            let inner = try expression()
            guard current.kind == .rightParen else {
                throw error("expected ')' to close the '(' at column \(token.location.column)",
                            help: current.kind == .end || current.kind == .newline ? nil : "found '\(current.kind.spelling)'")
            }
            depth -= 1
            _ = advance()
            return inner
        case .end, .newline, .semicolon:
            throw Diagnostic("expected an expression", at: token.location,
                             isIncompleteInput: token.kind == .end && depth > 0)
        case .rightParen:
            throw error("expected an expression before ')'")
        case .leftBracket:
            throw error("expected an expression, found '['", help: "brackets index a vector or matrix, as in w[1]; group with ( )")
        default:
            throw error("expected an expression, found '\(token.kind.spelling)'")
        }
    }

    public func isIdentifier(_ token: Token) -> Bool {
        if case .identifier = token.kind { return true }
        return false
    }

    private mutating func arguments(of name: String) throws(Diagnostic) -> [Expr] {
        let args = try list(closedBy: .rightParen, "arguments", of: name) { (p: inout Parser) throws(Diagnostic) in try p.argument(of: name) }
        _ = advance()
        return args
    }

    /// The items after an opening `(` or `[` up to `close`, separated by commas.
    private mutating func list(closedBy close: TokenKind, _ what: String, of name: String,
                               _ item: (inout Parser) throws(Diagnostic) -> Expr) throws(Diagnostic) -> [Expr] {
        let open = advance()
        try nest()
        defer { depth -= 1 }
        var items: [Expr] = []
        if current.kind != close {
            repeat { items.append(try item(&self)) } while match(.comma)
        }
        guard current.kind == close else {
            throw error("expected '\(close.spelling)' or ',' in the \(what) of \(name) (opened at column \(open.location.column))")
        }
        return items
    }
}

extension Parser {
    /// An argument of a call of `callee`: an expression, or `i=1..10`, the index of an index sum.
    private mutating func argument(of callee: String) throws(Diagnostic) -> Expr {
        guard case .identifier(let index) = current.kind, peek(1).kind == .equals else { return try expression() }
        let name = Name(index, at: advance().location)
        _ = advance()
        let first = try expression()
        guard match(.dotDot) else {
            // `f(x=2)`: a value given by name, which no call takes.
            if !Lowering.forms.contains(where: { $0.name == callee && $0.takesIndex }) {
                throw Diagnostic("\(callee) takes its arguments in order, without names", at: name.location,
                                 help: "write the value alone: \(callee)(\(first.printed)), not \(callee)(\(index)=\(first.printed))")
            }
            throw error("expected '..' in the range of \(index)", help: "an index runs over a range: sum(\(index)=1..10, …)")
        }
        return .indexRange(name, first, try expression())
    }

    /// `w[2]`, `W[1,2]` in settings: one component of a vector or matrix, named as its function's parameters
    /// name their components; the indices are whole numbers as written.
    private mutating func component(of name: Name) throws(Diagnostic) -> Name {
        let indices = try list(closedBy: .rightBracket, "indices", of: name.text) { (p: inout Parser) throws(Diagnostic) -> Expr in
            guard case .number(let v) = p.current.kind, v >= 1, v == v.rounded(), v < 1e9 else {
                throw p.error("expected a whole number from 1 as an index of \(name.text)", help: "for example: \(name.text)[1]=0")
            }
            _ = p.advance()
            return .number(v)
        }
        guard !indices.isEmpty else { throw error("expected an index in \(name.text)[]", help: "for example: \(name.text)[1]=0") }
        _ = advance()
        let values = indices.map { index -> Int in if case .number(let v) = index { Int(v) } else { 0 } }
        return Name(ParameterDeclaration.component(name.text, indices: values), at: name.location)
    }

    /// `[i]`, `[j, i]`: the indices after a vector's or matrix's name.
    private mutating func indices(of name: String) throws(Diagnostic) -> [Expr] {
        let indices = try list(closedBy: .rightBracket, "indices", of: name) { (p: inout Parser) throws(Diagnostic) in try p.expression() }
        guard !indices.isEmpty else { throw error("expected an index in \(name)[]", help: "for example: \(name)[1]") }
        _ = advance()
        return indices
    }
}

extension Token {
    /// The identifier's text, or the spelling of any other token.
    public var text: String {
        if case .identifier(let s) = kind { return s }
        return kind.spelling
    }
}
