/// The kinds of token the lexer produces.
public enum TokenKind: Equatable, Sendable {
    case number(Double)
    case identifier(String)
    case string(String)
    case plus, minus, star, slash, caret   // `**` lexes as `caret`
    case leftParen, rightParen, leftBracket, rightBracket, comma, equals, prime, dotDot
    case less, lessEqual, greater, greaterEqual
    case newline      // ends a statement, as does `;`
    case semicolon
    case end

    /// How the token is named in error messages.
    public var spelling: String {
        switch self {
        case .number(let v): return NumberFormat.shortest(v)
        case .identifier(let s): return s
        case .string(let s): return "\"\(s)\""
        case .plus: return "+"
        case .minus: return "-"
        case .star: return "*"
        case .slash: return "/"
        case .caret: return "^"
        case .leftParen: return "("
        case .rightParen: return ")"
        case .leftBracket: return "["
        case .rightBracket: return "]"
        case .comma: return ","
        case .equals: return "="
        case .prime: return "'"
        case .dotDot: return ".."
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .newline: return "end of line"
        case .semicolon: return ";"
        case .end: return "end of input"
        }
    }
}

/// A token with where it starts and how many characters of source it covers.
public struct Token: Equatable, Sendable {
    public var kind: TokenKind
    public var location: SourceLocation
    /// Offset of the first character in the source's characters, and the count of characters.
    public var offset: Int
    public var length: Int

    /// True when `next` starts right where this token ends (no space between), as in `2x`.
    public func touches(_ next: Token) -> Bool { offset + length == next.offset }
}
