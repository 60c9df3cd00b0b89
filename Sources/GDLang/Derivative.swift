/// Symbolic differentiation of canonical terms; results come out simplified through the `Term` constructors.
public enum Derivative {
    /// ∂term/∂name.
    public static func of(_ term: Term, wrt name: String) -> Term {
        var taker = Taker(name: name)
        return taker.derivative(term)
    }

    /// One differentiation: each distinct node's derivative is taken once, so the work is linear in the
    /// size of the term's DAG, and a piece absent from it is known at once to have derivative zero.
    private struct Taker {
        let name: String
        let bit: UInt64
        var memo: [Term: Term] = [:]

        init(name: String) {
            self.name = name
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
            case .sum(let terms):
                // Most addends of a long sum (a model's ten thousand weights) are free of the name: drop their zeros here.
                return Term.add(terms.compactMap { t in
                    let d = derivative(t)
                    return d == .zero ? nil : d
                })
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
        parameters.map { of(term, wrt: $0) }
    }

    /// The matrix of second partial derivatives.
    public static func hessian(_ term: Term, parameters: [String]) -> [[Term]] {
        let first = gradient(term, parameters: parameters)
        return first.map { gradient($0, parameters: parameters) }
    }
}
