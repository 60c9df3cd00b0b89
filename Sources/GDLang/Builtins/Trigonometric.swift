/// sin, cos, tan and their inverses, in radians.
enum TrigonometricFunctions: BuiltinFamilyDeclaration {
    static let rank = 0.0
    static let functions: [BuiltinFunction] = [
        BuiltinFunction("sin", "trigonometric sin, in radians", value: { x, _ in CMath.sin(x) },
                        derivative: { u in Term.call(.cos, [u]) },
                        slope: { u, _ in CMath.cos(u) }),
        BuiltinFunction("cos", "trigonometric cos, in radians", value: { x, _ in CMath.cos(x) },
                        derivative: { u in -Term.call(.sin, [u]) },
                        slope: { u, _ in -CMath.sin(u) }),
        BuiltinFunction("tan", "trigonometric tan, in radians", value: { x, _ in CMath.tan(x) },
                        derivative: { u in Term.raise(Term.call(.tan, [u]), .number(2)) + .one },
                        slope: { u, _ in
                            let c = CMath.cos(u)
                            return 1 / (c * c)
                        }),
        BuiltinFunction("asin", "inverse trigonometric asin", value: { x, _ in CMath.asin(x) },
                        derivative: { u in Term.raise(.one - Term.raise(u, .number(2)), .number(-0.5)) },
                        slope: { u, _ in 1 / (1 - u * u).squareRoot() }),
        BuiltinFunction("acos", "inverse trigonometric acos", value: { x, _ in CMath.acos(x) },
                        derivative: { u in -Term.raise(.one - Term.raise(u, .number(2)), .number(-0.5)) },
                        slope: { u, _ in -1 / (1 - u * u).squareRoot() }),
        BuiltinFunction("atan", "inverse trigonometric atan", value: { x, _ in CMath.atan(x) },
                        derivative: { u in Term.raise(.one + Term.raise(u, .number(2)), .number(-1)) },
                        slope: { u, _ in 1 / (1 + u * u) }),
    ]
}

extension Builtin {
    public static let sin = Builtin(declared: "sin"), cos = Builtin(declared: "cos"), tan = Builtin(declared: "tan")
    public static let asin = Builtin(declared: "asin"), acos = Builtin(declared: "acos")
    public static let atan = Builtin(declared: "atan")
}
