/// min and max, and the steps that `abs` and `relu` differentiate to.
enum PiecewiseFunctions: BuiltinFamilyDeclaration {
    static let rank = 5.0
    static let functions: [BuiltinFunction] = [
        // At a tie, min and max take the second argument's derivative.
        BuiltinFunction("min", "the smaller of two values",
                        value: { x, y in x.isNaN || y.isNaN ? .nan : Swift.min(x, y) },
                        partial: { args, i in selected(first: Term.call(.heaviside, [args[1] - args[0]]), i) },
                        dual: { a, b, v in a.value < b.value ? a : Dual(v, b.derivative) }),
        BuiltinFunction("max", "the larger of two values",
                        value: { x, y in x.isNaN || y.isNaN ? .nan : Swift.max(x, y) },
                        partial: { args, i in selected(first: Term.call(.heaviside, [args[0] - args[1]]), i) },
                        dual: { a, b, v in a.value > b.value ? a : Dual(v, b.derivative) }),
        BuiltinFunction("sign", "-1, 0 or 1", value: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? x : 0)) },
                        derivative: { _ in .zero },
                        slope: { _, _ in 0 }),
        BuiltinFunction("heaviside", "1 if x > 0, else 0", value: { x, _ in x > 0 ? 1 : (x.isNaN ? x : 0) },
                        derivative: { _ in .zero },
                        slope: { _, _ in 0 }),
    ]
}

extension Builtin {
    public static let min = Builtin(declared: "min"), max = Builtin(declared: "max")
    public static let sign = Builtin(declared: "sign"), heaviside = Builtin(declared: "heaviside")
}

/// The partial derivative of min or max with respect to argument `i`, given whether the first argument is the one
/// selected (1 or 0).
private func selected(first: Term, _ i: Int) -> Term {
    i == 0 ? first : .one - first
}
