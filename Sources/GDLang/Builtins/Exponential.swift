/// The exponential and the natural logarithm.
extension BuiltinFunction {
    static let exponential: [BuiltinFunction] = [
        BuiltinFunction("exp", "e to the power of x", value: { x, _ in CMath.exp(x) },
                        derivative: { u in Term.call(.exp, [u]) },
                        slope: { _, v in v }),
        BuiltinFunction("log", "natural logarithm", value: { x, _ in CMath.log(x) },
                        derivative: { u in Term.raise(u, .number(-1)) },
                        slope: { u, _ in 1 / u },
                        rewrite: { args in args[0] == .constant(.e) ? .one : nil }),
    ]
}

extension Builtin {
    public static let exp = Builtin(declared: "exp"), log = Builtin(declared: "log")
}
