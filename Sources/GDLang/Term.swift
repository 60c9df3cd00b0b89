/// A symbolic expression in canonical form: the simplified representation that derivatives
/// are taken on, printed from, and compiled.
///
/// Terms are nodes of one hash-consed DAG (`TermTable`): equal terms are the same node, so `==` and
/// hashing take constant time, and a piece repeated throughout an expression is stored, differentiated,
/// compiled and counted once. Passes over a term visit each distinct node once (`TermWalk`), which keeps
/// them linear in the DAG's size even where the written-out expression would be exponentially long.
///
/// Build terms with the constructors in `Term+Algebra.swift` (`add`, `multiply`, `raise`, `call`),
/// which keep them canonical: sums and products flattened with like terms and powers collected,
/// at most one numeric coefficient, operands in a fixed order. The raw cases below make no such promise.
public struct Term: Hashable, Sendable {
    let node: TermNode

    /// The term's outermost operation; its operands are terms.
    public enum Kind: Hashable, Sendable {
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

        /// Numbers are equal when their bits are, so a NaN term is one term and hashing agrees with equality.
        public static func == (a: Kind, b: Kind) -> Bool {
            switch (a, b) {
            case (.number(let x), .number(let y)): return x.bitPattern == y.bitPattern
            case (.constant(let x), .constant(let y)): return x == y
            case (.symbol(let x), .symbol(let y)): return x == y
            case (.sum(let x), .sum(let y)), (.product(let x), .product(let y)): return x == y
            case (.power(let b1, let e1), .power(let b2, let e2)): return b1 == b2 && e1 == e2
            case (.apply(let f, let x), .apply(let g, let y)): return f == g && x == y
            case (.column(let n1, let i1), .column(let n2, let i2)): return n1 == n2 && i1 == i2
            case (.reduce(let x), .reduce(let y)): return x == y
            default: return false
            }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(tag)
            switch self {
            case .number(let v): hasher.combine(v.bitPattern)
            case .constant(let c): hasher.combine(c)
            case .symbol(let s): hasher.combine(s)
            case .sum(let ts), .product(let ts): hasher.combine(ts)
            case .power(let b, let e): hasher.combine(b); hasher.combine(e)
            case .apply(let f, let ts): hasher.combine(f); hasher.combine(ts)
            case .column(let name, let index): hasher.combine(name); hasher.combine(index)
            case .reduce(let r): hasher.combine(r)
            }
        }

        var tag: UInt64 {
            switch self {
            case .number: return 1
            case .constant: return 2
            case .symbol: return 3
            case .sum: return 4
            case .product: return 5
            case .power: return 6
            case .apply: return 7
            case .column: return 8
            case .reduce: return 9
            }
        }

        /// The operands, in order; a reduction's summand is not an operand (it ranges over rows).
        var children: [Term] {
            switch self {
            case .number, .constant, .symbol, .column, .reduce: return []
            case .sum(let ts), .product(let ts), .apply(_, let ts): return ts
            case .power(let b, let e): return [b, e]
            }
        }
    }

    /// The interned term of `kind`.
    init(_ kind: Kind) {
        node = TermTable.shared.node(kind)
    }

    public var kind: Kind { node.kind }

    public static func == (a: Term, b: Term) -> Bool { a.node === b.node }

    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(node)) }

    // The raw cases, as constructors: no simplification. Minus zero is zero, as `==` on numbers has it.
    public static func number(_ v: Double) -> Term { Term(.number(v == 0 ? 0 : v)) }
    public static func constant(_ c: NamedConstant) -> Term { Term(.constant(c)) }
    public static func symbol(_ s: String) -> Term { Term(.symbol(s)) }
    static func sum(_ ts: [Term]) -> Term { Term(.sum(ts)) }
    static func product(_ fs: [Term]) -> Term { Term(.product(fs)) }
    static func power(_ b: Term, _ e: Term) -> Term { Term(.power(b, e)) }
    static func apply(_ f: Builtin, _ args: [Term]) -> Term { Term(.apply(f, args)) }
    public static func column(name: String, index: Int) -> Term { Term(.column(name: name, index: index)) }
    static func reduce(_ r: Reduction) -> Term { Term(.reduce(r)) }

    public static let zero = Term.number(0)
    public static let one = Term.number(1)

    public var numberValue: Double? {
        if case .number(let v) = kind { return v }
        return nil
    }

    /// Whether the term refers to a table's rows anywhere.
    public var hasReductions: Bool { node.hasReductions }

    /// Whether a table's column occurs in the term (outside nested reductions).
    var usesColumns: Bool { node.usesColumns }

    /// Whether any symbol occurs in the term.
    public var hasSymbols: Bool { node.symbolMask != 0 }

    /// Whether `name` occurs in the term.
    public func contains(symbol name: String) -> Bool {
        guard node.symbolMask & TermNode.maskBit(name) != 0 else { return false }
        return symbols.contains(name)
    }

    /// Every symbol in the term, in first-occurrence order.
    public var symbols: [String] {
        var seen: [String] = []
        var found: Set<String> = []
        TermWalk.visitOnce([self], intoReductions: true) { t in
            if case .symbol(let s) = t.kind, found.insert(s).inserted { seen.append(s) }
        }
        return seen
    }

    /// How many nodes the term has written out, counting shared pieces each time they occur (at most `Int.max`).
    public var size: Int { node.treeSize }

    /// Whether the term reads any symbol (a parameter), rather than only numbers, constants and columns.
    package var readsSymbols: Bool { node.symbolMask != 0 }

    /// How many distinct nodes the term has: its size as a DAG.
    public var nodeCount: Int { Term.nodeCount(of: [self]) }

    /// How many distinct nodes the terms have together, each shared piece counted once.
    public static func nodeCount(of terms: [Term]) -> Int {
        var count = 0
        TermWalk.visitOnce(terms, intoReductions: true) { _ in count += 1 }
        return count
    }

    /// The longest chain of operations from the term's root to a leaf.
    public var height: Int { node.height }

    /// The term with each symbol in `values` replaced, simplified again.
    public func substituting(_ values: [String: Term]) -> Term {
        var memo: [Term: Term] = [:]
        func substitute(_ t: Term) -> Term {
            if let done = memo[t] { return done }
            let result: Term
            switch t.kind {
            case .number, .constant, .column: result = t
            case .symbol(let s): result = values[s] ?? t
            case .sum(let ts): result = Term.add(ts.map(substitute))
            case .product(let ts): result = Term.multiply(ts.map(substitute))
            case .power(let b, let e): result = Term.raise(substitute(b), substitute(e))
            case .apply(let f, let args): result = Term.call(f, args.map(substitute))
            case .reduce(let r): result = Term.reduce(r.table, isMean: r.isMean, substitute(r.summand))
            }
            memo[t] = result
            return result
        }
        return substitute(self)
    }
}

/// Visits the distinct nodes of terms, children before parents.
enum TermWalk {
    /// Calls `body` once for each distinct node under `roots`, after its operands, the roots' nodes in the
    /// order of the roots; a reduction's summand is visited too when `intoReductions` is set.
    static func visitOnce(_ roots: [Term], intoReductions: Bool, _ body: (Term) -> Void) {
        var seen: Set<Term> = []
        // An explicit stack: a term may be thousands of levels deep.
        var stack: [(Term, Bool)] = roots.reversed().map { ($0, false) }
        while let (t, expanded) = stack.popLast() {
            if expanded {
                body(t)
                continue
            }
            guard seen.insert(t).inserted else { continue }
            stack.append((t, true))
            if intoReductions, case .reduce(let r) = t.kind { stack.append((r.summand, false)) }
            for child in t.kind.children.reversed() { stack.append((child, false)) }
        }
    }
}
