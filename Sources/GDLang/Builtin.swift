/// The built-in functions of the language, with their arity and numeric meaning.
public enum Builtin: String, CaseIterable, Hashable, Sendable {
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, exp, log, sqrt, abs
    case sigmoid, softplus, relu, min, max
    /// -1, 0 or 1; the derivative of `abs`.
    case sign
    /// 1 where the argument is positive, else 0; the derivative of `relu` (0 at the kink, as PyTorch takes it).
    case heaviside

    public var arity: Int {
        switch self {
        case .min, .max: return 2
        default: return 1
        }
    }

    /// One line for `help functions`.
    public var summary: String {
        switch self {
        case .sin, .cos, .tan: return "trigonometric \(rawValue), in radians"
        case .asin, .acos, .atan: return "inverse trigonometric \(rawValue)"
        case .sinh, .cosh, .tanh: return "hyperbolic \(rawValue)"
        case .exp: return "e to the power of x"
        case .log: return "natural logarithm"
        case .sqrt: return "square root"
        case .abs: return "absolute value"
        case .sigmoid: return "1/(1 + exp(-x))"
        case .softplus: return "log(1 + exp(x))"
        case .relu: return "max(x, 0)"
        case .min: return "the smaller of two values"
        case .max: return "the larger of two values"
        case .sign: return "-1, 0 or 1"
        case .heaviside: return "1 if x > 0, else 0"
        }
    }

    /// The function's value at `x` (and `y`, the second argument of `min` and `max`).
    @inline(__always)
    public func evaluate(_ x: Double, _ y: Double = 0) -> Double {
        switch self {
        case .sin: return CMath.sin(x)
        case .cos: return CMath.cos(x)
        case .tan: return CMath.tan(x)
        case .asin: return CMath.asin(x)
        case .acos: return CMath.acos(x)
        case .atan: return CMath.atan(x)
        case .sinh: return CMath.sinh(x)
        case .cosh: return CMath.cosh(x)
        case .tanh: return CMath.tanh(x)
        case .exp: return CMath.exp(x)
        case .log: return CMath.log(x)
        case .sqrt: return x.squareRoot()
        case .abs: return Swift.abs(x)
        case .sigmoid: return Builtin.sigmoid(x)
        case .softplus:
            // log(1 + e^x) without overflow for large x or loss of precision for very negative x.
            return Swift.max(x, 0) + CMath.log1p(CMath.exp(-Swift.abs(x)))
        case .relu: return x.isNaN ? x : Swift.max(x, 0)
        case .min: return x.isNaN || y.isNaN ? .nan : Swift.min(x, y)
        case .max: return x.isNaN || y.isNaN ? .nan : Swift.max(x, y)
        case .sign: return x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? x : 0))
        case .heaviside: return x > 0 ? 1 : (x.isNaN ? x : 0)
        }
    }

    @inline(__always)
    static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + CMath.exp(-x)) }
        let z = CMath.exp(x)
        return z / (1 + z)
    }
}

/// The named constants `pi` and `e`, kept symbolic so derivatives print `2*pi`, not 6.28319.
public enum NamedConstant: String, CaseIterable, Hashable, Sendable {
    case pi, e

    public var value: Double {
        switch self {
        case .pi: return Double.pi
        case .e: return 2.718281828459045
        }
    }
}
