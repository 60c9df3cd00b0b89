/// Direct evaluation of a term by walking it: used for single values, forward-mode checks and
/// hand-written derivatives. Runs use the compiled `Program` instead.
extension Term {
    /// The term's value with each symbol taken from `values`; a symbol missing from it is NaN.
    public func evaluate<T: Scalar>(_ values: [String: T]) -> T {
        evaluate(values, row: nil)
    }

    /// The value in one row of a table, for the summand of a reduction.
    func evaluate<T: Scalar>(_ values: [String: T], row: (table: DataTable, index: Int)?) -> T {
        switch self {
        case .column(_, let c):
            guard let row else { return T(.nan) }
            return T(row.table.values[c][row.index])
        case .reduce(let r):
            var total = T(0)
            for i in 0..<r.table.rowCount { total = total + r.summand.evaluate(values, row: (r.table, i)) }
            return r.isMean ? total / T(Double(r.table.rowCount)) : total
        case .number(let v): return T(v)
        case .constant(let c): return T(c.value)
        case .symbol(let s): return values[s] ?? T(.nan)
        case .sum(let ts):
            var total = ts[0].evaluate(values, row: row)
            for t in ts.dropFirst() { total = total + t.evaluate(values, row: row) }
            return total
        case .product(let fs):
            var total = fs[0].evaluate(values, row: row)
            for f in fs.dropFirst() {
                // x^-n as 1/x^n: the division is more accurate than pow with a negative exponent.
                if case .power(let b, .number(let n)) = f, n < 0 {
                    total = total / T.power(b.evaluate(values, row: row), T(-n))
                } else {
                    total = total * f.evaluate(values, row: row)
                }
            }
            return total
        case .power(let b, let e):
            if case .number(let n) = e, n < 0 {
                return T(1) / T.power(b.evaluate(values, row: row), T(-n))
            }
            return T.power(b.evaluate(values, row: row), e.evaluate(values, row: row))
        case .apply(let f, let args):
            let x = args[0].evaluate(values, row: row)
            return T.apply(f, x, args.count > 1 ? args[1].evaluate(values, row: row) : T(0))
        }
    }
}
