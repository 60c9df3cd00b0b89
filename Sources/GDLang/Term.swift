/// A symbolic expression in canonical form: the simplified representation that derivatives
/// are taken on, printed from, and compiled.
///
/// Build terms with the constructors in `Term+Algebra.swift` (`add`, `multiply`, `raise`, `call`),
/// which keep them canonical: sums and products flattened with like terms and powers collected,
/// at most one numeric coefficient, operands in a fixed order. The cases are then unique
/// for equal expressions up to those rules, so `==` finds common subexpressions.
public indirect enum Term: Hashable, Sendable {
    case number(Double)
    case constant(NamedConstant)
    case symbol(String)
    /// Two or more terms; a number, if any, is last.
    case sum([Term])
    /// Two or more factors; a number, if any, is first.
    case product([Term])
    case power(Term, Term)
    /// A built-in function other than `sqrt`, which is kept as a power of 1/2.
    case apply(Builtin, [Term])
    /// Column `index` (named `name`) of the table of the reduction this term stands in.
    case column(name: String, index: Int)
    /// `mean(table, …)` or `sum(table, …)` over a table's rows.
    case reduce(Reduction)

    public static let zero = Term.number(0)
    public static let one = Term.number(1)

    public var numberValue: Double? {
        if case .number(let v) = self { return v }
        return nil
    }

    /// Whether the term refers to a table's rows anywhere.
    public var hasReductions: Bool {
        switch self {
        case .number, .constant, .symbol, .column: return false
        case .sum(let ts), .product(let ts), .apply(_, let ts): return ts.contains { $0.hasReductions }
        case .power(let b, let e): return b.hasReductions || e.hasReductions
        case .reduce: return true
        }
    }

    /// Whether `name` occurs in the term.
    public func contains(symbol name: String) -> Bool {
        switch self {
        case .number, .constant, .column: return false
        case .symbol(let s): return s == name
        case .sum(let ts), .product(let ts), .apply(_, let ts): return ts.contains { $0.contains(symbol: name) }
        case .power(let b, let e): return b.contains(symbol: name) || e.contains(symbol: name)
        case .reduce(let r): return r.summand.contains(symbol: name)
        }
    }

    /// Every symbol in the term, in first-occurrence order.
    public var symbols: [String] {
        var seen: [String] = []
        func visit(_ t: Term) {
            switch t {
            case .number, .constant, .column: return
            case .symbol(let s): if !seen.contains(s) { seen.append(s) }
            case .sum(let ts), .product(let ts), .apply(_, let ts): ts.forEach(visit)
            case .power(let b, let e): visit(b); visit(e)
            case .reduce(let r): visit(r.summand)
            }
        }
        visit(self)
        return seen
    }

    /// How many nodes the term has, counting shared pieces each time they occur.
    public var size: Int {
        switch self {
        case .number, .constant, .symbol, .column: return 1
        case .sum(let ts), .product(let ts), .apply(_, let ts): return ts.reduce(1) { $0 + $1.size }
        case .power(let b, let e): return 1 + b.size + e.size
        case .reduce(let r): return 1 + r.summand.size
        }
    }

    /// The term with each symbol in `values` replaced, simplified again.
    public func substituting(_ values: [String: Term]) -> Term {
        switch self {
        case .number, .constant, .column: return self
        case .symbol(let s): return values[s] ?? self
        case .sum(let ts): return Term.add(ts.map { $0.substituting(values) })
        case .product(let ts): return Term.multiply(ts.map { $0.substituting(values) })
        case .power(let b, let e): return Term.raise(b.substituting(values), e.substituting(values))
        case .apply(let f, let args): return Term.call(f, args.map { $0.substituting(values) })
        case .reduce(let r): return Term.reduce(r.table, isMean: r.isMean, r.summand.substituting(values))
        }
    }
}
