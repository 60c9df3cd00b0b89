/// sinh, cosh and tanh.
enum HyperbolicFunctions: BuiltinFamilyDeclaration {
    static let rank = 1.0
    static let functions: [BuiltinFunction] = [
        BuiltinFunction("sinh", "hyperbolic sinh", value: { x, _ in CMath.sinh(x) },
                        derivative: { u in Term.call(.cosh, [u]) },
                        slope: { u, _ in CMath.cosh(u) }),
        BuiltinFunction("cosh", "hyperbolic cosh", value: { x, _ in CMath.cosh(x) },
                        derivative: { u in Term.call(.sinh, [u]) },
                        slope: { u, _ in CMath.sinh(u) }),
        BuiltinFunction("tanh", "hyperbolic tanh", value: { x, _ in CMath.tanh(x) },
                        derivative: { u in .one - Term.raise(Term.call(.tanh, [u]), .number(2)) },
                        slope: { u, _ in
                            let c = CMath.cosh(u)
                            return 1 / (c * c)
                        }),
    ]
}

extension Builtin {
    public static let sinh = Builtin(declared: "sinh"), cosh = Builtin(declared: "cosh")
    public static let tanh = Builtin(declared: "tanh")
}
