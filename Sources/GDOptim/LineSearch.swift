/// Step lengths along the negative gradient, chosen by looking at the loss along the ray.
enum LineSearch {
    /// Armijo backtracking: the first t = η, η·shrink, η·shrink², … with
    /// L(w − t∇L) ≤ L(w) − c·∇L·(w − w_t), the last one tried if none passes within 100 shrinks.
    static func backtracking(from w: [Double], loss: Double, gradient g: [Double], trial eta: Double,
                             shrink: Double, c: Double, bounds: Bounds?, evaluate: (inout ObjectiveEvaluator, [Double]) -> Double,
                             evaluator: inout ObjectiveEvaluator) -> (t: Double, point: [Double]) {
        var t = eta
        var point = w
        for _ in 0..<100 {
            point = Self.point(w, g, t, bounds)
            var decrease = 0.0
            for i in w.indices { decrease += g[i] * (w[i] - point[i]) }
            let l = evaluate(&evaluator, point)
            if l <= loss - c * decrease { return (t, point) }
            t *= shrink
        }
        return (t, point)
    }

    /// The t ≥ 0 minimising φ(t) = L(w − t∇L): a bracket grown or shrunk from η, then golden-section search.
    static func exact(from w: [Double], loss: Double, gradient g: [Double], trial eta: Double, bounds: Bounds?,
                      evaluator: inout ObjectiveEvaluator) -> (t: Double, point: [Double]) {
        var best = (t: 0.0, value: loss)
        func phi(_ t: Double) -> Double {
            let v = evaluator.loss(point(w, g, t, bounds))
            let value = v.isNaN ? Double.infinity : v
            if value < best.value { best = (t, value) }
            return value
        }
        // Bracket [a, c] around a b with φ(b) below both ends.
        var a = 0.0, b = eta, c = 0.0
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
            if fb >= loss { return (0, w) }
        }
        if bounds == nil, let t = slopeRoot(w, g, in: a, c, evaluator: &evaluator) {
            let p = point(w, g, t, nil)
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
        return (best.t, point(w, g, best.t, bounds))
    }

    /// Where φ'(t) = −∇L(w − t·g)·g crosses zero in [a, c], by the Illinois variant of regula falsi.
    /// The slope's root is found to full precision, where minimising φ by its values alone stops at √ε.
    static func slopeRoot(_ w: [Double], _ g: [Double], in a: Double, _ c: Double,
                          evaluator: inout ObjectiveEvaluator) -> Double? {
        var gradient = g
        func slope(_ t: Double) -> Double {
            _ = evaluator.evaluate(point(w, g, t, nil), gradient: &gradient)
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

    static func point(_ w: [Double], _ g: [Double], _ t: Double, _ bounds: Bounds?) -> [Double] {
        var p = w
        for i in p.indices { p[i] -= t * g[i] }
        return bounds?.project(p) ?? p
    }
}
