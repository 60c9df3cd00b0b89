/// Symbolic differentiation of canonical terms; results come out simplified through the `Term` constructors.
public enum Derivative {
    /// ∂term/∂name.
    public static func of(_ term: Term, wrt name: String) -> Term {
        var taker = Taker(name: name, sums: SumIndex())
        return taker.derivative(term)
    }

    /// The addends of each long sum by the bits of their symbols' masks, shared by the differentiations of one
    /// gradient: ∂/∂w[k] of a sum of ten thousand addends visits the few that may hold w[k], not all of them.
    final class SumIndex {
        /// Sums of fewer addends are walked whole.
        static let minimumCount = 64
        private var byBit: [Term: [[Int]]] = [:]

        /// For each of the 64 mask bits, the positions of the addends whose mask has it, in order.
        func addends(of sum: Term, _ terms: [Term]) -> [[Int]] {
            if let known = byBit[sum] { return known }
            var buckets = [[Int]](repeating: [], count: 64)
            for (i, t) in terms.enumerated() {
                var mask = t.node.symbolMask
                while mask != 0 {
                    buckets[mask.trailingZeroBitCount].append(i)
                    mask &= mask - 1
                }
            }
            byBit[sum] = buckets
            return buckets
        }
    }

    /// One differentiation: each distinct node's derivative is taken once, so the work is linear in the
    /// size of the term's DAG, and a piece absent from it is known at once to have derivative zero.
    private struct Taker {
        let name: String
        let bit: UInt64
        let sums: SumIndex
        var memo: [Term: Term] = [:]

        init(name: String, sums: SumIndex) {
            self.name = name
            self.sums = sums
            bit = TermNode.maskBit(name)
        }

        mutating func derivative(_ term: Term) -> Term {
            if term.node.symbolMask & bit == 0 { return .zero }
            if let d = memo[term] { return d }
            let d = take(term)
            memo[term] = d
            return d
        }

        private mutating func take(_ term: Term) -> Term {
            switch term.kind {
            case .number, .constant, .column:
                return .zero
            case .reduce(let r):
                // The derivative of a sum over rows is the sum of the summand's derivative: taken once, symbolically.
                return Term.reduce(r.table, isMean: r.isMean, derivative(r.summand))
            case .symbol(let s):
                return s == name ? .one : .zero
            case .sum(let terms) where terms.count >= SumIndex.minimumCount:
                // Most addends of a long sum (a model's ten thousand weights) are free of the name: visit only those
                // whose mask may hold it, in order, which drops only zeros.
                var parts: [Term] = []
                for i in sums.addends(of: term, terms)[bit.trailingZeroBitCount] {
                    let d = derivative(terms[i])
                    if d != .zero { parts.append(d) }
                }
                return Term.add(parts)
            case .sum(let terms):
                return Term.add(terms.map { derivative($0) })
            case .product(let factors):
                // Product rule: the sum over factors of that factor's derivative times the others.
                var parts: [Term] = []
                for (i, f) in factors.enumerated() {
                    let df = derivative(f)
                    if df == .zero { continue }
                    var others = factors
                    others[i] = df
                    parts.append(Term.multiply(others))
                }
                return Term.add(parts)
            case .power(let base, let exponent):
                let db = derivative(base)
                let de = derivative(exponent)
                if de == .zero {
                    // d(u^c) = c·u^(c−1)·u'
                    return Term.multiply([exponent, Term.raise(base, exponent - .one), db])
                }
                if db == .zero {
                    // d(c^v) = c^v·log(c)·v'
                    return Term.multiply([term, Term.call(.log, [base]), de])
                }
                // d(u^v) = u^v·(v'·log(u) + v·u'/u)
                return term * (de * Term.call(.log, [base]) + exponent * db / base)
            case .apply(let f, let args):
                var parts: [Term] = []
                for (i, a) in args.enumerated() {
                    let da = derivative(a)
                    if da == .zero { continue }
                    parts.append(partial(f, args, i) * da)
                }
                return Term.add(parts)
            }
        }
    }

    /// The derivative of `f(args)` with respect to its argument number `i`, by `f`'s declared rule.
    package static func partial(_ f: Builtin, _ args: [Term], _ i: Int) -> Term {
        f.declaration.partial(args, i)
    }

    /// Every first partial derivative, in parameter order.
    public static func gradient(_ term: Term, parameters: [String]) -> [Term] {
        let sums = SumIndex()
        return parameters.map { name in
            var taker = Taker(name: name, sums: sums)
            return taker.derivative(term)
        }
    }

    /// The matrix of second partial derivatives.
    public static func hessian(_ term: Term, parameters: [String]) -> [[Term]] {
        let first = gradient(term, parameters: parameters)
        return first.map { gradient($0, parameters: parameters) }
    }
}
