import GDLang
import GDProgram
import GDRender

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

    /// Whether a hand-written derivative matches forward mode up to rounding.
    static func agrees(_ values: [Double], _ reference: [Double]) -> Bool {
        zip(values, reference).allSatisfy { agrees($0, $1) }
    }

    /// One component of `agrees`; NaN never agrees.
    static func agrees(_ value: Double, _ reference: Double) -> Bool {
        value == reference || abs(value - reference) <= 1e-8 * max(1, abs(reference))
    }
}
