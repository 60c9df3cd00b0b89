/// Numbers the term evaluator can compute with: plain doubles, and dual numbers for forward-mode derivatives.
public protocol Scalar: Sendable {
    init(_ value: Double)
    var value: Double { get }
    static func + (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static func power(_ base: Self, _ exponent: Self) -> Self
    static func apply(_ function: Builtin, _ x: Self, _ y: Self) -> Self
}

extension Double: Scalar {
    public var value: Double { self }

    public static func power(_ base: Double, _ exponent: Double) -> Double {
        exponent == 2 ? base * base : (exponent == 0.5 ? base.squareRoot() : CMath.pow(base, exponent))
    }

    public static func apply(_ function: Builtin, _ x: Double, _ y: Double) -> Double {
        function.evaluate(x, y)
    }
}

/// A dual number v + dε with ε² = 0: evaluating a term on `Dual(x, 1)` carries the exact derivative
/// along in `d`, independently of the symbolic differentiator.
public struct Dual: Scalar, Equatable {
    public var value: Double
    public var derivative: Double

    public init(_ value: Double) { self.init(value, 0) }

    public init(_ value: Double, _ derivative: Double) {
        self.value = value
        self.derivative = derivative
    }

    public static func + (a: Dual, b: Dual) -> Dual { Dual(a.value + b.value, a.derivative + b.derivative) }

    public static func * (a: Dual, b: Dual) -> Dual {
        Dual(a.value * b.value, a.derivative * b.value + a.value * b.derivative)
    }

    public static func / (a: Dual, b: Dual) -> Dual {
        Dual(a.value / b.value, (a.derivative * b.value - a.value * b.derivative) / (b.value * b.value))
    }

    public static func power(_ base: Dual, _ exponent: Dual) -> Dual {
        let v = Double.power(base.value, exponent.value)
        if exponent.derivative == 0 {
            if base.derivative == 0 { return Dual(v, 0) }
            let c = exponent.value
            return Dual(v, c * Double.power(base.value, c - 1) * base.derivative)
        }
        var d = v * exponent.derivative * CMath.log(base.value)
        if base.derivative != 0 { d += v * exponent.value * base.derivative / base.value }
        return Dual(v, d)
    }

    /// The chain rule, with each function's derivative written out numerically in its declaration.
    public static func apply(_ function: Builtin, _ x: Dual, _ y: Dual) -> Dual {
        function.declaration.dual(x, y)
    }
}
