/// The parsed form of an expression, as the user wrote it.
///
/// Names carry their source location so later stages can point at them in errors.
public indirect enum Expr: Equatable, Sendable {
    case number(Double)
    case name(String, SourceLocation)
    case negate(Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// A call of a built-in or user function, or the special form `diff(EXPR, x)`.
    case call(String, [Expr], SourceLocation)
    /// `f'(…)`, `f''(…)`: a derivative of a one-parameter function, `order` primes.
    case derivative(String, order: Int, [Expr], SourceLocation)
    /// `w[3]`, `W[j, i]`: a component of a vector or matrix, indices counted from 1.
    case index(String, [Expr], SourceLocation)
    /// `i=1..10`, the first argument of an index sum `sum(i=1..10, …)`: the index and its first and last values.
    case indexRange(Name, Expr, Expr)
}

extension Expr {
    /// Where the expression's first name or call is written, if it has one.
    public var location: SourceLocation? {
        switch self {
        case .number: return nil
        case .name(_, let l), .call(_, _, let l), .derivative(_, _, _, let l), .index(_, _, let l): return l
        case .indexRange(let name, _, _): return name.location
        case .negate(let e): return e.location
        case .binary(_, let a, let b): return a.location ?? b.location
        }
    }
}

public enum BinaryOperator: Equatable, Sendable {
    case add, subtract, multiply, divide, power
}

/// A name as written, with where it was written.
public struct Name: Equatable, Sendable {
    public var text: String
    public var location: SourceLocation

    public init(_ text: String, at location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

/// A parameter as a definition declares it: `x`, or `w[10]`, `W[8, 2]` with its sizes and where each is written.
public struct ParameterSyntax: Equatable, Sendable {
    public var name: Name
    /// The sizes written in brackets, empty for a number.
    public var sizes: [(value: Double, location: SourceLocation)]

    public init(_ name: Name, sizes: [(value: Double, location: SourceLocation)] = []) {
        self.name = name
        self.sizes = sizes
    }

    public static func == (a: ParameterSyntax, b: ParameterSyntax) -> Bool {
        a.name == b.name && a.sizes.map(\.value) == b.sizes.map(\.value) && a.sizes.map(\.location) == b.sizes.map(\.location)
    }
}

/// `name=value`, `name=a..b`, `name=a,b,c` or a bare `name` in a statement's option list.
public struct Setting: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case flag
        case number(Expr)
        case range(Expr, Expr)
        case names([Name])
        /// `where name >= value`
        case atLeast(Expr)
        /// `where name <= value`
        case atMost(Expr)
        /// `w=2,-1`: a list of numbers.
        case numbers([Expr])
    }

    public var name: Name
    public var value: Value

    public init(_ name: Name, _ value: Value) {
        self.name = name
        self.value = value
    }
}

/// What a keyword statement read: each statement declares its own type for it, above the language.
public protocol StatementSyntax: Sendable {}

/// The keyword statements a parser knows, each with how it reads the words after its keyword. Definitions,
/// assignments and expressions are the language's own; every other statement is declared above it and handed
/// to the parser in this table, as Lua's `luaL_Reg` hands functions to the interpreter.
public struct StatementGrammar: Sendable {
    /// Reads the rest of the statement; the keyword has been consumed, and the location is the keyword's.
    public typealias Reader = @Sendable (inout Parser, SourceLocation) throws(Diagnostic) -> any StatementSyntax

    public var readers: [String: Reader]

    public init(_ readers: [String: Reader]) {
        self.readers = readers
    }

    /// No keyword statements: definitions, assignments and expressions only.
    public static let expressionsOnly = StatementGrammar([:])

    public var keywords: [String] { readers.keys.sorted() }
}

/// One statement of a script.
public struct Statement: Sendable {
    public enum Kind: Sendable {
        /// `f(x, y) = body`, `L(w[10], b) = body`
        case define(Name, parameters: [ParameterSyntax], body: Expr)
        /// `a = value`
        case assign(Name, Expr)
        /// A bare expression, whose value is printed.
        case evaluate(Expr)
        /// A statement that begins with a keyword of the grammar, as its declaration read it.
        case keyword(String, any StatementSyntax)
    }

    public var kind: Kind
    /// Where the statement starts.
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}
