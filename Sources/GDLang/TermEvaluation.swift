/// Direct evaluation of a term by walking it: used for single values, forward-mode checks and
/// hand-written derivatives. Runs use the compiled `Program` instead.
extension Term {
    /// The term's value with each symbol taken from `values`; a symbol missing from it is NaN.
    public func evaluate<T: Scalar>(_ values: [String: T]) -> T {
        var evaluation = TermEvaluation(values: values, row: nil)
        return evaluation.value(self)
    }
}

/// One evaluation: each distinct node is computed once, so a shared piece costs once however often it occurs.
struct TermEvaluation<T: Scalar> {
    let values: [String: T]
    /// The table row a reduction's summand is being evaluated in.
    let row: (table: DataTable, index: Int)?
    private var memo: [Term: T] = [:]

    init(values: [String: T], row: (table: DataTable, index: Int)?) {
        self.values = values
        self.row = row
    }

    mutating func value(_ term: Term) -> T {
        if let v = memo[term] { return v }
        let v = compute(term)
        memo[term] = v
        return v
    }

    private mutating func compute(_ term: Term) -> T {
        switch term.kind {
        case .column(_, let c):
            guard let row else { return T(.nan) }
            return T(row.table.values[c][row.index])
        case .reduce(let r):
            var total = T(0)
            for i in 0..<r.table.rowCount {
                var inRow = TermEvaluation(values: values, row: (r.table, i))
                total = total + inRow.value(r.summand)
            }
            return r.isMean ? total / T(Double(r.table.rowCount)) : total
        case .number(let v): return T(v)
        case .constant(let c): return T(c.value)
        case .symbol(let s): return values[s] ?? T(.nan)
        case .sum(let ts):
            var total = value(ts[0])
            for t in ts.dropFirst() { total = total + value(t) }
            return total
        case .product(let fs):
            var total = value(fs[0])
            for f in fs.dropFirst() {
                // x^-n as 1/x^n: the division is more accurate than pow with a negative exponent.
                if case .power(let b, let e) = f.kind, let n = e.numberValue, n < 0 {
                    total = total / T.power(value(b), T(-n))
                } else {
                    total = total * value(f)
                }
            }
            return total
        case .power(let b, let e):
            if let n = e.numberValue, n < 0 {
                return T(1) / T.power(value(b), T(-n))
            }
            return T.power(value(b), value(e))
        case .apply(let f, let args):
            let x = value(args[0])
            return T.apply(f, x, args.count > 1 ? value(args[1]) : T(0))
        }
    }
}
