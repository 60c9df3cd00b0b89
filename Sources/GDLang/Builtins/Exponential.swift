/// The exponential and the natural logarithm, of x and of 1 + x.
enum ExponentialFunctions: BuiltinFamilyDeclaration {
    static let rank = 2.0
    static let functions: [BuiltinFunction] = [
        BuiltinFunction("exp", "e to the power of x", value: { x, _ in CMath.exp(x) },
                        derivative: { u in Term.call(.exp, [u]) },
                        slope: { _, v in v }),
        BuiltinFunction("log", "natural logarithm", value: { x, _ in CMath.log(x) },
                        derivative: { u in Term.raise(u, .number(-1)) },
                        slope: { u, _ in 1 / u },
                        rewrite: { args in args[0] == .constant(.e) ? .one : nil }),
        // log(1 + x) by the C library's log1p, which keeps the digits that 1 + x would round away for tiny x.
        BuiltinFunction("log1p", "log(1 + x), accurate for tiny x", value: { x, _ in CMath.log1p(x) },
                        derivative: { u in Term.raise(.one + u, .number(-1)) },
                        slope: { u, _ in 1 / (1 + u) }),
    ]
}

extension Builtin {
    public static let exp = Builtin(declared: "exp"), log = Builtin(declared: "log")
    public static let log1p = Builtin(declared: "log1p")
}
