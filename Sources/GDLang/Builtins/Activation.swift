/// The activation functions of neural networks.
enum ActivationFunctions: BuiltinFamilyDeclaration {
    static let rank = 4.0
    static let functions: [BuiltinFunction] = [
        BuiltinFunction("sigmoid", "1/(1 + exp(-x))", value: { x, _ in sigmoid(x) },
                        derivative: { u in
                            let s = Term.call(.sigmoid, [u])
                            return s * (.one - s)
                        },
                        slope: { _, v in v * (1 - v) }),
        // log(1 + e^x) without overflow for large x or loss of precision for very negative x.
        BuiltinFunction("softplus", "log(1 + exp(x))",
                        value: { x, _ in Swift.max(x, 0) + CMath.log1p(CMath.exp(-Swift.abs(x))) },
                        derivative: { u in Term.call(.sigmoid, [u]) },
                        slope: { u, _ in sigmoid(u) }),
        // At the kink, relu differentiates to heaviside(0) = 0, as PyTorch takes it.
        BuiltinFunction("relu", "max(x, 0)", value: { x, _ in x.isNaN ? x : Swift.max(x, 0) },
                        derivative: { u in Term.call(.heaviside, [u]) },
                        slope: { u, _ in u > 0 ? 1 : 0 }),
    ]
}

extension Builtin {
    public static let sigmoid = Builtin(declared: "sigmoid"), softplus = Builtin(declared: "softplus")
    public static let relu = Builtin(declared: "relu")
}

/// 1/(1 + e^−x), without overflow either side.
@inline(__always)
private func sigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + CMath.exp(-x)) }
    let z = CMath.exp(x)
    return z / (1 + z)
}
