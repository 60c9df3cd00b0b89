/// The canonical order of operands: what makes `x*y` and `y*x` the same term, and what makes
/// printed polynomials read in descending degree.
extension Term {
    /// Total degree in the symbols: x^3*y is 4; constants and functions are 0.
    var degree: Double { node.degree }

    /// Terms up to this many nodes written out are fully canonical: flattened into the sums and products
    /// they are operands of, and ordered by their printed form, as a reader expects. Larger ones (which
    /// only deep compositions make) are kept whole, and ordered by their structural hash, which costs nothing to get.
    static let smallSize = 400

    var isSmall: Bool { size <= Term.smallSize }

    /// Whether a sum or product is flattened into a parent sum or product (or a power or coefficient
    /// distributed over it): when it is small, or has at most `spreadOperands` operands. Either way spreading
    /// costs little, and a parent's operand list cannot grow level after level.
    var spreads: Bool { isSmall || kind.children.count <= Term.spreadOperands }

    static let spreadOperands = 4

    /// What orders a term among terms of equal rank: small terms before large ones.
    struct OrderKey: Comparable {
        var text: String
        var isLarge: Bool
        var hash: UInt64

        init(_ t: Term) {
            isLarge = !t.isSmall
            text = isLarge ? "" : t.printed
            hash = t.node.structuralHash
        }

        static func == (a: OrderKey, b: OrderKey) -> Bool {
            a.isLarge == b.isLarge && (a.isLarge ? a.hash == b.hash : a.text == b.text)
        }

        static func < (a: OrderKey, b: OrderKey) -> Bool {
            if a.isLarge != b.isLarge { return !a.isLarge }
            return a.isLarge ? a.hash < b.hash : a.text < b.text
        }
    }

    /// Sum order: higher degree first, then by the printed form of the term without its coefficient.
    static func sortedForSum(_ terms: [Term]) -> [Term] {
        guard terms.count > 1 else { return terms }
        let keyed = terms.map { t -> (Term, Double, OrderKey) in
            let rest = t.splitCoefficient().1
            return (t, rest.degree, OrderKey(rest))
        }
        return keyed.sorted { a, b in a.1 != b.1 ? a.1 > b.1 : a.2 < b.2 }.map(\.0)
    }

    /// Product order: named constants, then symbols and their powers, then functions, then sums;
    /// within a rank by the printed base, then by exponent.
    static func sortedForProduct(_ factors: [Term]) -> [Term] {
        guard factors.count > 1 else { return factors }
        let keyed = factors.map { f -> (Term, Int, OrderKey, OrderKey?) in
            var base = f
            var exponent: OrderKey?
            if case .power(let b, let e) = f.kind {
                base = b
                exponent = OrderKey(e)
            }
            let rank: Int
            switch base.kind {
            case .number: rank = 0
            case .constant: rank = 1
            case .symbol, .column: rank = 2
            case .apply, .reduce: rank = 3
            case .power, .product: rank = 4
            case .sum: rank = 5
            }
            return (f, rank, OrderKey(base), exponent)
        }
        return keyed.sorted { a, b in
            if a.1 != b.1 { return a.1 < b.1 }
            if a.2 != b.2 { return a.2 < b.2 }
            // No exponent printed as "" before any other, as it did.
            guard let ea = a.3 else { return b.3 != nil }
            guard let eb = b.3 else { return false }
            return ea < eb
        }.map(\.0)
    }
}
