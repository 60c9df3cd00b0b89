/// Direct evaluation of a term by walking it: used for single values, forward-mode checks and
/// hand-written derivatives. Runs use the compiled `Program` instead.
extension Term {
    /// The term's value with each symbol taken from `values`; a symbol missing from it is NaN.
    public func evaluate<T: Scalar>(_ values: [String: T]) -> T {
        switch self {
        case .number(let v): return T(v)
        case .constant(let c): return T(c.value)
        case .symbol(let s): return values[s] ?? T(.nan)
        case .sum(let ts):
            var total = ts[0].evaluate(values)
            for t in ts.dropFirst() { total = total + t.evaluate(values) }
            return total
        case .product(let fs):
            var total = fs[0].evaluate(values)
            for f in fs.dropFirst() {
                // x^-n as 1/x^n: the division is more accurate than pow with a negative exponent.
                if case .power(let b, .number(let n)) = f, n < 0 {
                    total = total / T.power(b.evaluate(values), T(-n))
                } else {
                    total = total * f.evaluate(values)
                }
            }
            return total
        case .power(let b, let e):
            if case .number(let n) = e, n < 0 {
                return T(1) / T.power(b.evaluate(values), T(-n))
            }
            return T.power(b.evaluate(values), e.evaluate(values))
        case .apply(let f, let args):
            let x = args[0].evaluate(values)
            return T.apply(f, x, args.count > 1 ? args[1].evaluate(values) : T(0))
        }
    }
}
