/// Symbolic differentiation of canonical terms; results come out simplified through the `Term` constructors.
public enum Derivative {
    /// ∂term/∂name.
    public static func of(_ term: Term, wrt name: String) -> Term {
        var taker = Taker(name: name, sums: SumIndex())
        return taker.derivative(term)
    }

    /// The addends of each long sum by the symbols they hold, shared by the differentiations of one gradient:
    /// ∂/∂w[k] of a sum of ten thousand addends visits the addends that hold w[k], not all of them.
    final class SumIndex {
        /// Sums of fewer addends are walked whole.
        static let minimumCount = 64
        /// An addend of more symbols than this is visited for every name.
        static let mostSymbols = 16

        private struct Entry {
            var bySymbol: [String: [Int]] = [:]
            /// Addends of many symbols, in order.
            var wide: [Int] = []
        }
        private var entries: [Term: Entry] = [:]

        /// The positions, in order, of the addends of `sum` that may hold `name`: those that do, and the wide ones.
        func addends(of sum: Term, _ terms: [Term], holding name: String) -> [Int] {
            let entry = entries[sum] ?? index(sum, terms)
            let mine = entry.bySymbol[name] ?? []
            if entry.wide.isEmpty { return mine }
            // Both lists are in order: merge them.
            var merged: [Int] = []
            merged.reserveCapacity(mine.count + entry.wide.count)
            var (i, j) = (0, 0)
            while i < mine.count || j < entry.wide.count {
                if j == entry.wide.count || (i < mine.count && mine[i] < entry.wide[j]) { merged.append(mine[i]); i += 1 }
                else { merged.append(entry.wide[j]); j += 1 }
            }
            return merged
        }

        private func index(_ sum: Term, _ terms: [Term]) -> Entry {
            var entry = Entry()
            for (i, t) in terms.enumerated() {
                if let symbols = Self.symbols(of: t) {
                    for s in symbols { entry.bySymbol[s, default: []].append(i) }
                } else {
                    entry.wide.append(i)
                }
            }
            entries[sum] = entry
            return entry
        }

        /// The symbols `t` holds, or nil past `mostSymbols` (or a term too large to walk here).
        private static func symbols(of t: Term) -> Set<String>? {
            var found = Set<String>()
            var seen = Set<Term>()
            var stack = [t]
            while let u = stack.popLast() {
                guard u.node.symbolMask != 0, seen.insert(u).inserted else { continue }
                if seen.count > 256 { return nil }
                switch u.kind {
                case .symbol(let s):
                    found.insert(s)
                    if found.count > mostSymbols { return nil }
                case .sum(let ts), .product(let ts), .apply(_, let ts): stack += ts
                case .power(let b, let e): stack += [b, e]
                case .reduce(let r): stack.append(r.summand)
                default: break
                }
            }
            return found
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
                // Most addends of a long sum (a model's ten thousand weights) are free of the name: visit, in order,
                // only those that hold it and those too wide to index, which drops only zeros.
                var parts: [Term] = []
                for i in sums.addends(of: term, terms, holding: name) {
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
