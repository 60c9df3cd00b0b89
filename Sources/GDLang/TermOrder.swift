/// The canonical order of operands: what makes `x*y` and `y*x` the same term, and what makes
/// printed polynomials read in descending degree.
extension Term {
    /// Total degree in the symbols: x^3*y is 4; constants and functions are 0.
    var degree: Double {
        switch self {
        case .number, .constant, .apply, .reduce: return 0
        case .symbol, .column: return 1
        case .power(let b, .number(let n)): return b.degree * n
        case .power: return 0
        case .product(let fs): return fs.reduce(0) { $0 + $1.degree }
        case .sum(let ts): return ts.map(\.degree).max() ?? 0
        }
    }

    /// Sum order: higher degree first, then by the printed form of the term without its coefficient.
    static func sortedForSum(_ terms: [Term]) -> [Term] {
        guard terms.count > 1 else { return terms }
        let keyed = terms.map { t -> (Term, Double, String) in
            let rest = t.splitCoefficient().1
            return (t, rest.degree, rest.printed)
        }
        return keyed.sorted { a, b in a.1 != b.1 ? a.1 > b.1 : a.2 < b.2 }.map(\.0)
    }

    /// Product order: named constants, then symbols and their powers, then functions, then sums;
    /// within a rank by the printed base, then by exponent.
    static func sortedForProduct(_ factors: [Term]) -> [Term] {
        guard factors.count > 1 else { return factors }
        let keyed = factors.map { f -> (Term, Int, String, String) in
            var base = f
            var exponent = ""
            if case .power(let b, let e) = f {
                base = b
                exponent = e.printed
            }
            let rank: Int
            switch base {
            case .number: rank = 0
            case .constant: rank = 1
            case .symbol, .column: rank = 2
            case .apply, .reduce: rank = 3
            case .power, .product: rank = 4
            case .sum: rank = 5
            }
            return (f, rank, base.printed, exponent)
        }
        return keyed.sorted { a, b in
            if a.1 != b.1 { return a.1 < b.1 }
            if a.2 != b.2 { return a.2 < b.2 }
            return a.3 < b.3
        }.map(\.0)
    }
}
