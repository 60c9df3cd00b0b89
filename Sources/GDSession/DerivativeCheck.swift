import GDLang
import GDProgram
import GDRender
import GDOptim

/// The numeric references a symbolic derivative is checked against.
enum DerivativeCheck {
    /// (L(x + h·eᵢ) − L(x − h·eᵢ)) / 2h with h = ∛ε·max(1, |xᵢ|), which balances truncation and rounding error.
    static func centralDifference(_ loss: Term, parameters: [String], at x: [Double]) -> [Double] {
        let cubeRootEpsilon = 6.055454452393343e-06
        return parameters.indices.map { i in
            let h = cubeRootEpsilon * max(1, abs(x[i]))
            var values: [String: Double] = [:]
            for (p, v) in zip(parameters, x) { values[p] = v }
            values[parameters[i]] = x[i] + h
            let up = loss.evaluate(values)
            values[parameters[i]] = x[i] - h
            let down = loss.evaluate(values)
            return (up - down) / (2 * h)
        }
    }

    /// The central difference of a float32 loss at a float32 point, with h = ∛ε·max(1, |xᵢ|) for float32's ε
    /// and the points x ± h rounded to float32: what a float32 program's finite differences give. The quotient is
    /// taken over the step between the rounded points, in double.
    static func float32CentralDifference(_ loss: ([Double]) -> Double, at x: [Double]) -> [Double] {
        let cubeRootEpsilon = 0.004921566601151848  // ∛(2⁻²³)
        return x.indices.map { i in
            let h = cubeRootEpsilon * max(1, abs(x[i]))
            var up = x, down = x
            up[i] = Double(Float(x[i] + h))
            down[i] = Double(Float(x[i] - h))
            return (loss(up) - loss(down)) / (up[i] - down[i])
        }
    }

    /// The gradient from dual numbers seeded along each parameter in turn.
    static func forwardMode(_ loss: Term, parameters: [String], at x: [Double]) -> [Double] {
        parameters.indices.map { i in
            var values: [String: Dual] = [:]
            for (j, (p, v)) in zip(parameters, x).enumerated() { values[p] = Dual(v, i == j ? 1 : 0) }
            return loss.evaluate(values).derivative
        }
    }

    /// The largest absolute and relative difference between `values` and `reference`, component by component.
    static func errors(_ values: [Double], _ reference: [Double]) -> (Double, Double) {
        var absolute = 0.0
        var relative = 0.0
        for (a, b) in zip(values, reference) {
            if a == b { continue }
            let d = abs(a - b)
            if d.isNaN { return (.nan, .nan) }
            absolute = max(absolute, d)
            relative = max(relative, d / max(abs(a), abs(b)))
        }
        return (absolute, relative)
    }

    /// Whether a hand-written derivative matches forward mode up to rounding: to 1e-8, or in f32 (where the
    /// derivative is computed in float32) to √ε of float32, about 3.5e-4.
    static func agrees(_ values: [Double], _ reference: [Double], precision: Precision = .f64) -> Bool {
        zip(values, reference).allSatisfy { agrees($0, $1, precision: precision) }
    }

    /// One component of `agrees`; NaN never agrees.
    static func agrees(_ value: Double, _ reference: Double, precision: Precision = .f64) -> Bool {
        let tolerance = precision == .f32 ? 3.4526698300124393e-4 : 1e-8
        return value == reference || abs(value - reference) <= tolerance * max(1, abs(reference))
    }
}
