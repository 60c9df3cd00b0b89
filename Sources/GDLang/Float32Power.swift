/// Powers in float32 arithmetic, the counterpart of `Double.power` for runs with `precision=f32`.
extension Float {
    /// `base^exponent` rounded to float32 as `precision=f32` computes it.
    ///
    /// A square is one float32 multiplication (`x*x`, as PyTorch and NumPy compute `x**2`); cubes and fourth
    /// powers are correctly rounded, as `Double.power` makes them in f64: the product is carried exactly in a
    /// double and its error (by fused multiply-add) and rounded once to float32. One half is a square root, a
    /// negative exponent is `1/base^-exponent`, and anything else is the C library's double `pow` rounded to
    /// float32.
    public static func power(_ base: Float, _ exponent: Float) -> Float {
        switch exponent {
        case 2: return base * base
        case 3:
            // x² is exact in a double (48 bits); x³ = h + t exactly.
            let x = Double(base), s = x * x, h = s * x
            return roundedOnce(h, (-h).addingProduct(s, x))
        case 4:
            let x = Double(base), s = x * x, h = s * s
            return roundedOnce(h, (-h).addingProduct(s, s))
        case 0.5: return base.squareRoot()
        case ..<0: return 1 / power(base, -exponent)
        default: return Float(CMath.pow(Double(base), Double(exponent)))
        }
    }

    /// h + t (t the exact error of the double h) rounded once to float32: h is first rounded to odd, which leaves
    /// enough bits that the rounding to float32 cannot be a double rounding.
    static func roundedOnce(_ h: Double, _ t: Double) -> Float {
        guard h.isFinite, t != 0, h.bitPattern & 1 == 0 else { return Float(h) }
        return Float(t > 0 ? h.nextUp : h.nextDown)
    }
}
