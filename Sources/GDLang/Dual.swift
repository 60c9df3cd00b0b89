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

    /// `base^exponent` as every part of gd computes it, so a function has one value wherever it is evaluated.
    ///
    /// Squares, cubes and fourth powers are correctly rounded (IEEE 754's `pown`) without calling `pow`: a
    /// square is one multiplication; a cube or fourth power is carried in two doubles (the product and its
    /// exact error, by fused multiply-add) and rounded once. glibc's `pow`, which NumPy calls for `x**3`,
    /// agrees except in about one case in a thousand, where `pow` is off by one unit in the last place and
    /// this is not; `x*x*x` is off in about one case in four. A negative exponent is `1/base^-exponent`,
    /// as a quotient reads; one half is a square root; anything else is the C library's `pow`.
    public static func power(_ base: Double, _ exponent: Double) -> Double {
        switch exponent {
        case 2: return base * base
        case 3: return correctlyRoundedCube(base)
        case 4: return correctlyRoundedFourthPower(base)
        case 0.5: return base.squareRoot()
        case ..<0: return 1 / power(base, -exponent)
        default: return CMath.pow(base, exponent)
        }
    }

    /// `base^exponent` for a float32 base, in float32 as a program made `float32()` computes it: each operation
    /// of `power` rounded to float32, so a square is one float32 product and a cube or fourth power the float32
    /// expansion, correctly rounded; any other power the double one rounded once. What `f(2.1)` gives with
    /// `precision=f32`.
    public static func float32Power(_ base: Double, _ exponent: Double) -> Double {
        let r = { (x: Double) in Double(Float(x)) }
        switch exponent {
        case 2: return r(base * base)
        case 3: return correctlyRoundedCube(base, rounded: r)
        case 4: return correctlyRoundedFourthPower(base, rounded: r)
        case 0.5: return r(base.squareRoot())
        case ..<0: return r(1 / float32Power(base, -exponent))
        default: return r(CMath.pow(base, exponent))
        }
    }

    /// x³ rounded once: x² = p + e exactly, x³ = p·x + e·x with p·x = h + t exactly. `ProgramCompiler` expands a
    /// cube into these same operations, which is what keeps compiled and typed values equal. `rounded` is applied
    /// to each operation's result (float32 rounding for `float32Power`, where the identities hold in float32).
    @inline(__always)
    static func correctlyRoundedCube(_ x: Double, rounded r: (Double) -> Double = { $0 }) -> Double {
        let p = r(x * x), e = r(fusedMultiplySubtract(x, x, p))
        let h = r(p * x), t = r(fusedMultiplySubtract(p, x, h))
        return r(addCorrection(h, r(t.addingProduct(e, x))))
    }

    /// x⁴ rounded once: x² = p + e exactly, x⁴ = p² + 2p·e (+ e², below the last place) with p² = h + t exactly.
    @inline(__always)
    static func correctlyRoundedFourthPower(_ x: Double, rounded r: (Double) -> Double = { $0 }) -> Double {
        let p = r(x * x), e = r(fusedMultiplySubtract(x, x, p))
        let h = r(p * p), t = r(fusedMultiplySubtract(p, p, h))
        return r(addCorrection(h, r(t.addingProduct(r(p + p), e))))
    }

    /// a·b − c rounded once (`vfmsub231sd`).
    public static func fusedMultiplySubtract(_ a: Double, _ b: Double, _ c: Double) -> Double { (-c).addingProduct(a, b) }

    /// A power's leading part h plus its error term: h + low, or h itself where that sum is NaN, which happens
    /// only when h overflowed to ±∞ (its error terms are then ∞ or NaN): the power is then that ∞.
    public static func addCorrection(_ h: Double, _ low: Double) -> Double {
        let sum = h + low
        return sum.isNaN ? h : sum
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
