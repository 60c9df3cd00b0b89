/// Turns script text into tokens.
///
/// Newlines end statements except inside parentheses, so a long expression can span lines.
/// `#` starts a comment that runs to the end of the line.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    /// The first word of the current statement and the last token, which decide where a file path may stand:
    /// after `load`, after `save session`, and after `to` in `save` and `plot` statements.
    private var statementWord: String?
    private var previous: TokenKind = .newline
    private var beforePrevious: TokenKind = .newline

    public init(_ source: String, file: String) {
        self.scalars = Array(source.unicodeScalars)
        self.file = file
    }

    /// All tokens of the source, ending with `.end`.
    public static func tokenize(_ source: String, file: String) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(source, file: file)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var location: SourceLocation { SourceLocation(file: file, line: line, column: index - lineStart + 1) }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    private mutating func newLine() {
        line += 1
        lineStart = index
    }

    public mutating func next() throws(Diagnostic) -> Token {
        let token = try scan()
        switch token.kind {
        case .newline, .semicolon: statementWord = nil
        case .identifier(let word) where statementWord == nil && depth == 0: statementWord = word
        default: break
        }
        beforePrevious = previous
        previous = token.kind
        return token
    }

    /// Whether the next token is a file path: `load PATH`, `save session PATH`, `save … to PATH`, `plot … to PATH`.
    private var expectsPath: Bool {
        switch (statementWord, previous) {
        case ("load", .identifier("load")): return true
        case ("save", .identifier("session")), ("save", .identifier("to")), ("plot", .identifier("to")): return true
        case ("data", .leftParen): return true
        case ("save", .identifier):
            // `save history /tmp/h.csv` has left out its `to`: read the path whole, so that the parser can say so,
            // rather than stumbling on the '.' inside it.
            // Not before '(' or '=': `save f(x) …` and `save a = …` are other mistakes, better told as they stand.
            return beforePrevious == .identifier("save") && !nextIsWord("to") && peek() != "(" && peek() != "="
        default: return false
        }
    }

    private func nextIsWord(_ word: String) -> Bool {
        let letters = Array(word.unicodeScalars)
        for (offset, letter) in letters.enumerated() where peek(offset) != letter { return false }
        guard let after = peek(letters.count) else { return true }
        return !(isIdentifierStart(after) || isDigit(after))
    }

    private mutating func scan() throws(Diagnostic) -> Token {
        skipSpaceAndComments()
        if expectsPath, let c = peek(), c != "\"", c != "\n", c != ";", c != "#" {
            let start = index
            let loc = location
            // Inside `csv(…)` the closing parenthesis ends the path too.
            let closing: Unicode.Scalar = previous == .leftParen ? ")" : "\n"
            var text = String.UnicodeScalarView()
            while let d = peek(), d != " ", d != "\t", d != "\n", d != "\r", d != ";", d != closing {
                // As in a shell, a backslash keeps a space (or another character that would end the path) in it.
                if d == "\\", let next = peek(1), BarePath.escapable.contains(next) {
                    text.append(next)
                    index += 2
                    continue
                }
                text.append(d)
                index += 1
            }
            return Token(kind: .string(String(text)), location: loc, offset: start, length: index - start)
        }
        let start = index
        let loc = location
        func token(_ kind: TokenKind) -> Token {
            Token(kind: kind, location: loc, offset: start, length: index - start)
        }
        guard let c = peek() else {
            return token(.end)
        }
        index += 1
        switch c {
        case "\n":
            let t = token(.newline)
            newLine()
            return t
        case ";": return token(.semicolon)
        case "+": return token(.plus)
        case "-": return token(.minus)
        case "*":
            if peek() == "*" { index += 1; return token(.caret) }
            return token(.star)
        case "/": return token(.slash)
        case "^": return token(.caret)
        case "(":
            depth += 1
            return token(.leftParen)
        case ")":
            depth = max(0, depth - 1)
            return token(.rightParen)
        case "[":
            depth += 1
            return token(.leftBracket)
        case "]":
            depth = max(0, depth - 1)
            return token(.rightBracket)
        case ",": return token(.comma)
        case "=": return token(.equals)
        case "'": return token(.prime)
        case "<":
            if peek() == "=" { index += 1; return token(.lessEqual) }
            return token(.less)
        case ">":
            if peek() == "=" { index += 1; return token(.greaterEqual) }
            return token(.greater)
        case "\"":
            return try string(start: start, at: loc)
        case ".":
            if peek() == "." { index += 1; return token(.dotDot) }
            if let d = peek(), isDigit(d) {
                index -= 1
                return try number(start: start, at: loc)
            }
            throw Diagnostic("unexpected '.'", at: loc, help: "write a number as 0.5 or .5, and a range as a..b")
        default:
            if isDigit(c) {
                index -= 1
                return try number(start: start, at: loc)
            }
            if isIdentifierStart(c) {
                while let d = peek(), isIdentifierStart(d) || isDigit(d) { index += 1 }
                return token(.identifier(String(String.UnicodeScalarView(scalars[start..<index]))))
            }
            if c == "\\" && (peek(1) == nil || (peek(1) == "\r" && peek(2) == nil)) {
                throw Diagnostic("expected another line after '\\'", at: loc, isIncompleteInput: true)
            }
            throw Diagnostic("unexpected character '\(c)'", at: loc, help: Self.meaning(of: c))
        }
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" {
                index += 1
            } else if c == "#" {
                while let d = peek(), d != "\n" { index += 1 }
            } else if c == "\n" && depth > 0 {
                index += 1
                newLine()
            } else if c == "\\" && (peek(1) == nil || (peek(1) == "\r" && peek(2) == nil)) {
                // A backslash at the very end of the input: the next line, still to come, continues this one.
                return
            } else if c == "\\" && (peek(1) == "\n" || (peek(1) == "\r" && peek(2) == "\n")) {
                // A backslash at the end of a line joins it to the next.
                index += peek(1) == "\n" ? 2 : 3
                newLine()
            } else {
                return
            }
        }
    }

    private mutating func number(start: Int, at loc: SourceLocation) throws(Diagnostic) -> Token {
        while let d = peek(), isDigit(d) { index += 1 }
        // A '.' belongs to the number unless it starts a `..` range.
        if peek() == ".", peek(1) != "." {
            index += 1
            while let d = peek(), isDigit(d) { index += 1 }
        }
        // An exponent needs digits after `e`, so `2e` is 2 times the constant e.
        if let e = peek(), e == "e" || e == "E" {
            var ahead = 1
            if let s = peek(1), s == "+" || s == "-" { ahead = 2 }
            if let d = peek(ahead), isDigit(d) {
                index += ahead
                while let d = peek(), isDigit(d) { index += 1 }
            }
        }
        let text = String(String.UnicodeScalarView(scalars[start..<index]))
        guard let value = Double(text), value.isFinite else {
            throw Diagnostic("number '\(text)' is out of range", at: loc,
                             help: "the largest number is about 1.8e308")
        }
        return Token(kind: .number(value), location: loc, offset: start, length: index - start)
    }

    private mutating func string(start: Int, at loc: SourceLocation) throws(Diagnostic) -> Token {
        var text = String.UnicodeScalarView()
        while let c = peek(), c != "\"" {
            if c == "\n" { break }
            text.append(c)
            index += 1
        }
        guard peek() == "\"" else {
            throw Diagnostic("unterminated string", at: loc, help: "close it with \" on the same line")
        }
        index += 1
        return Token(kind: .string(String(text)), location: loc, offset: start, length: index - start)
    }

    private func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    /// What a character gd does not read most likely means, as text pasted from a paper or a chat writes it: `x²`,
    /// `2×x`, `√x`, the Unicode minus, `≤`.
    static func meaning(of c: Unicode.Scalar) -> String? {
        if let power = superscriptDigits.firstIndex(of: c) {
            return "write ^\(power) for a power, as in x^\(power)"
        }
        switch c {
        case "?": return "for help, write help, or help NAME for a statement or topic"
        case "×", "·", "⋅", "∗", "∙": return "write * to multiply"
        case "÷", "∕": return "write / to divide"
        case "√": return "write sqrt(…) for a square root"
        case "−", "–", "—", "‐", "‑": return "write - (the ASCII minus)"
        case "≤", "⩽": return "write <= for at most"
        case "≥", "⩾": return "write >= for at least"
        case "“", "”", "„": return "write \" to quote"
        default: return nil
        }
    }

    /// ⁰ ¹ ² … ⁹, each at the index of its digit.
    private static let superscriptDigits: [Unicode.Scalar] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]

    private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c.isASCII ? ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z")) : c.properties.isAlphabetic)
    }
}

/// A file path written without quotes (`load my\\ notes/run.gdscript`): a backslash before a space, a tab, `;`, `)`,
/// `"`, `#` or another backslash keeps that character in the path, as a shell's does.
public enum BarePath {
    public static let escapable: Set<Unicode.Scalar> = [" ", "\t", ";", ")", "\"", "#", "\\"]

    /// `path` as it is typed bare: each character that would end it or start something else escaped.
    public static func escaped(_ path: String) -> String {
        var text = String.UnicodeScalarView()
        for c in path.unicodeScalars {
            if escapable.contains(c) { text.append("\\") }
            text.append(c)
        }
        return String(text)
    }

    /// What `typed`, the start of a bare path, names: its escapes taken away.
    public static func unescaped(_ typed: String) -> String {
        var text = String.UnicodeScalarView()
        var escaping = false
        for c in typed.unicodeScalars {
            if !escaping, c == "\\" { escaping = true; continue }
            if escaping, !escapable.contains(c) { text.append("\\") }
            escaping = false
            text.append(c)
        }
        if escaping { text.append("\\") }
        return String(text)
    }
}
