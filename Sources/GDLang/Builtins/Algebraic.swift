/// The square root and the absolute value.
enum AlgebraicFunctions: BuiltinFamilyDeclaration {
    static let rank = 3.0
    static let functions: [BuiltinFunction] = [
        // Terms keep a square root as a power of 1/2, so its derivative and dual rules serve only a call made
        // without `Term.call`.
        BuiltinFunction("sqrt", "square root", value: { x, _ in x.squareRoot() },
                        derivative: { u in Term.number(0.5) * Term.raise(u, .number(-0.5)) },
                        slope: { _, v in 0.5 / v },
                        rewrite: { args in Term.raise(args[0], .number(0.5)) }),
        // At the kink, abs differentiates to sign(0) = 0.
        BuiltinFunction("abs", "absolute value", value: { x, _ in Swift.abs(x) },
                        derivative: { u in Term.call(.sign, [u]) },
                        slope: { u, _ in u > 0 ? 1 : (u < 0 ? -1 : 0) }),
    ]
}

extension Builtin {
    public static let sqrt = Builtin(declared: "sqrt"), abs = Builtin(declared: "abs")
}
