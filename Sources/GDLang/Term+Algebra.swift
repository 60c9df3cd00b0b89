/// The simplifying constructors: every `Term` is built through these, so terms stay canonical.
///
/// A large operand of many operands (see `spreads`) is kept whole rather than flattened into its parent
/// or distributed over: in a deep composition such as an iterated map, flattening would copy each level's
/// operands into the next and make the DAG quadratic in the depth.
extension Term {
    /// A sum with constants folded, nested sums flattened and like terms collected (`2*x + 3*x` is `5*x`),
    /// ordered by descending degree with the constant last.
    public static func add(_ terms: [Term]) -> Term {
        var constant = 0.0
        var rests: [Term] = []
        var coefficients: [Term: Double] = [:]
        func absorb(_ t: Term) {
            switch t.kind {
            case .number(let v): constant += v
            case .sum(let ts) where t.spreads: ts.forEach(absorb)
            default:
                let (c, rest) = t.splitCoefficient()
                if coefficients[rest] == nil { rests.append(rest) }
                coefficients[rest, default: 0] += c
            }
        }
        terms.forEach(absorb)
        var result: [Term] = []
        for rest in rests {
            let c = coefficients[rest]!
            // A zero multiple of a constant expression such as log(0) is not zero (it is NaN), so keep it.
            if c == 0 && rest.hasSymbols { continue }
            result.append(withCoefficient(c, rest))
        }
        result = sortedForSum(result)
        if constant != 0 || result.isEmpty { result.append(.number(constant)) }
        return result.count == 1 ? result[0] : .sum(result)
    }

    /// A product with constants folded, nested products flattened and powers of one base collected
    /// (`x*x^2` is `x^3`); a lone numeric factor times a sum is distributed (`2*(x + 1)` is `2*x + 2`).
    public static func multiply(_ factors: [Term]) -> Term {
        var coefficient = 1.0
        var bases: [Term] = []
        var exponents: [Term: [Term]] = [:]
        func absorb(_ t: Term) {
            switch t.kind {
            case .number(let v): coefficient *= v
            case .product(let ts) where t.spreads: ts.forEach(absorb)
            case .power(let b, let e):
                if exponents[b] == nil { bases.append(b) }
                exponents[b, default: []].append(e)
            default:
                if exponents[t] == nil { bases.append(t) }
                exponents[t, default: []].append(.one)
            }
        }
        factors.forEach(absorb)
        var result: [Term] = []
        for base in bases {
            let e = exponents[base]!
            var p = raise(base, e.count == 1 ? e[0] : add(e))
            // √x·√x would collect to x, which is defined where √x is not: keep such a product a power of √x.
            let fractional = e.compactMap(\.numberValue).filter { $0 != $0.rounded() }
            if fractional.count >= 2, fractional.allSatisfy({ $0 == fractional[0] }), e.count == fractional.count,
               let total = add(e).numberValue, total == total.rounded() {
                p = .power(.power(base, .number(fractional[0])), .number(Double(fractional.count)))
            }
            switch p.kind {
            case .number(let v): coefficient *= v
            case .product(let ts) where p.spreads:
                for t in ts {
                    if case .number(let v) = t.kind { coefficient *= v } else { result.append(t) }
                }
            default: result.append(p)
            }
        }
        if coefficient == 0 && result.allSatisfy(\.hasSymbols) { return .zero }
        if result.isEmpty { return .number(coefficient) }
        result = sortedForProduct(result)
        if result.count == 1 {
            if coefficient == 1 { return result[0] }
            if case .sum(let ts) = result[0].kind, result[0].spreads {
                return add(ts.map { multiply([.number(coefficient), $0]) })
            }
        }
        return coefficient == 1 ? .product(result) : .product([.number(coefficient)] + result)
    }

    /// `base^exponent`, folding constants and the identities x^0 = 1, x^1 = x, 1^y = 1,
    /// (x^m)^n = x^(m·n) and (x·y)^n = x^n·y^n for integers m, n; e^y is exp(y).
    public static func raise(_ base: Term, _ exponent: Term) -> Term {
        if exponent == .zero { return .one }
        if exponent == .one { return base }
        if base == .one { return .one }
        if base == .constant(.e) { return call(.exp, [exponent]) }
        guard let n = exponent.numberValue else { return .power(base, exponent) }
        let isInteger = n == n.rounded()
        switch base.kind {
        case .number(let a):
            let r = Double.power(a, n)
            if r.isFinite && (a >= 0 || isInteger) && !(a == 0 && n < 0) { return .number(r) }
        case .power(let b, let inner) where isInteger:
            // Only for a whole inner exponent: (√x)² is not x where x < 0, and must stay NaN there.
            if let e = inner.numberValue, e == e.rounded() { return raise(b, .number(e * n)) }
        case .product(let fs) where isInteger && base.spreads:
            return multiply(fs.map { raise($0, exponent) })
        default:
            break
        }
        return .power(base, exponent)
    }

    /// A call of a built-in, in the simpler form its declaration gives, if any (`sqrt(x)` is `x^0.5`); else folded
    /// when every argument is a number and the result is finite.
    public static func call(_ function: Builtin, _ args: [Term]) -> Term {
        if let rewritten = function.declaration.rewrite?(args) { return rewritten }
        let values = args.compactMap(\.numberValue)
        if values.count == args.count {
            let v = function.evaluate(values[0], values.count > 1 ? values[1] : 0)
            if v.isFinite { return .number(v) }
        }
        return .apply(function, args)
    }

    /// `mean`/`sum` of `summand` over the rows of `table`; a summand without columns is folded
    /// (`sum(t, c)` is n·c, `mean(t, c)` is c).
    public static func reduce(_ table: DataTable, isMean: Bool, _ summand: Term) -> Term {
        if !summand.usesColumns && !summand.hasReductions {
            return isMean ? summand : multiply([.number(Double(table.rowCount)), summand])
        }
        return .reduce(Reduction(table: table, isMean: isMean, summand: summand))
    }

    public static func + (a: Term, b: Term) -> Term { add([a, b]) }
    public static func - (a: Term, b: Term) -> Term { add([a, multiply([.number(-1), b])]) }
    public static func * (a: Term, b: Term) -> Term { multiply([a, b]) }
    public static func / (a: Term, b: Term) -> Term { multiply([a, raise(b, .number(-1))]) }
    public static prefix func - (a: Term) -> Term { multiply([.number(-1), a]) }

    /// The numeric coefficient and the rest: `3*x*y` is (3, x*y), `x` is (1, x).
    func splitCoefficient() -> (Double, Term) {
        if case .product(let fs) = kind, let c = fs[0].numberValue {
            return (c, fs.count == 2 ? fs[1] : .product(Array(fs.dropFirst())))
        }
        return (1, self)
    }

    /// `c*rest` where `rest` is already canonical and has no coefficient of its own.
    static func withCoefficient(_ c: Double, _ rest: Term) -> Term {
        if c == 1 { return rest }
        if case .product(let fs) = rest.kind { return .product([.number(c)] + fs) }
        return .product([.number(c), rest])
    }
}
