/// The exact line search: minimise φ(t) = L(w − t∇L) over t ≥ 0, by a bracket grown or shrunk from η, then the root
/// of the slope φ' or golden-section search.
struct Exact: MethodDeclaration {
    static let name = "exact"
    static let rank = 8.0
    static let summary = "exact line search: the t ≥ 0 minimising L(w − t∇L), by bracketing, the slope's root and golden-section search"
    static let hyperparameters: [Hyperparameter] = []
    static let needs = MethodNeeds.lossAlongRay

    init(_ hyperparameters: [Double], dimension: Int) {}

    func update(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let (t, point) = Self.search(step, bounds: bounds, &objective)
        step.eta = t
        step.move(to: point)
    }

    /// The t ≥ 0 minimising φ(t) = L(w − t∇L), and the point there.
    static func search(_ step: MethodStep, bounds: Bounds?, _ evaluator: inout ObjectiveEvaluator) -> (t: Double, point: [Double]) {
        let w = step.point, loss = step.loss
        var best = (t: 0.0, value: loss)
        func phi(_ t: Double) -> Double {
            let v = evaluator.loss(step.alongGradient(t, bounds: bounds))
            let value = v.isNaN ? Double.infinity : v
            if value < best.value { best = (t, value) }
            return value
        }
        // Bracket [a, c] around a b with φ(b) below both ends.
        var a = 0.0, b = step.eta, c = 0.0
        var fb = phi(b)
        // A trial step too small to change L at all: grow it until it does.
        var growths = 0
        while fb == loss && growths < 2000 {
            b *= 2
            fb = phi(b)
            growths += 1
        }
        if fb < loss {
            c = 2 * b
            var fc = phi(c)
            var grow = 0
            // `<=`: near a tiny step, rounding makes φ flat for a while though it still falls.
            while fc <= fb && grow < 200 {
                (a, b, fb) = (b, c, fc)
                c *= 2
                fc = phi(c)
                grow += 1
            }
        } else {
            var halvings = 0
            c = b
            while fb >= loss && halvings < 200 {
                c = b
                b /= 2
                fb = phi(b)
                halvings += 1
            }
            if fb >= loss { return (0, Array(w)) }
        }
        if bounds == nil, let t = slopeRoot(step, in: a, c, evaluator: &evaluator) {
            let p = step.alongGradient(t, bounds: nil)
            let v = evaluator.loss(p)
            if v <= best.value { return (t, p) }
        }
        // Golden-section search on [a, c].
        let ratio = (5.0.squareRoot() - 1) / 2
        var x1 = c - ratio * (c - a), x2 = a + ratio * (c - a)
        var f1 = phi(x1), f2 = phi(x2)
        for _ in 0..<200 where c - a > 1e-14 * max(1, abs(c)) {
            if f1 < f2 {
                (c, x2, f2) = (x2, x1, f1)
                x1 = c - ratio * (c - a)
                f1 = phi(x1)
            } else {
                (a, x1, f1) = (x1, x2, f2)
                x2 = a + ratio * (c - a)
                f2 = phi(x2)
            }
        }
        return (best.t, step.alongGradient(best.t, bounds: bounds))
    }

    /// Where φ'(t) = −∇L(w − t·g)·g crosses zero in [a, c], by the Illinois variant of regula falsi.
    /// The slope's root is found to full precision, where minimising φ by its values alone stops at √ε.
    static func slopeRoot(_ step: MethodStep, in a: Double, _ c: Double, evaluator: inout ObjectiveEvaluator) -> Double? {
        let g = step.gradient
        var gradient = Array(g)
        func slope(_ t: Double) -> Double {
            _ = evaluator.evaluate(step.alongGradient(t, bounds: nil), gradient: &gradient)
            var d = 0.0
            for i in g.indices { d -= gradient[i] * g[i] }
            return d
        }
        var (lo, hi) = (a, c)
        var (fLo, fHi) = (slope(lo), slope(hi))
        guard fLo < 0, fHi > 0 else { return nil }
        var side = 0
        for _ in 0..<200 {
            let t = (lo * fHi - hi * fLo) / (fHi - fLo)
            // No room left between the ends: the end with the smaller slope is the root to working precision.
            guard t > lo, t < hi else { return abs(fLo) < abs(fHi) ? lo : hi }
            let f = slope(t)
            if f == 0 { return t }
            if f < 0 {
                (lo, fLo) = (t, f)
                if side == -1 { fHi /= 2 }
                side = -1
            } else {
                (hi, fHi) = (t, f)
                if side == 1 { fLo /= 2 }
                side = 1
            }
            if hi - lo <= 4 * Double.ulpOfOne * hi { break }
        }
        return abs(fLo) < abs(fHi) ? lo : hi
    }
}
