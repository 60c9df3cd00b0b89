import GDPlot
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The figures the golden SVG files hold: the four kinds of picture gd draws for a course.
enum GoldenFigures {
    static let all: [(name: String, figure: Figure)] = [
        ("loss-curve", lossCurve), ("semilog-loss", semilogLoss), ("contour-zigzag", contourZigzag),
        ("sweep-missed", sweepMissed),
    ]

    /// L(w) = ½(w² − 1)² with the iterates of gradient descent from w = 0.2 at η = 0.4 on it.
    static var lossCurve: Figure {
        func loss(_ w: Double) -> Double { 0.5 * (w * w - 1) * (w * w - 1) }
        let curve = (0...160).map { i -> Point in
            let w = -1.6 + 0.02 * Double(i)
            return Point(w, loss(w))
        }
        var w = 0.2
        var iterates = [Point(w, loss(w))]
        for _ in 0..<8 {
            w -= 0.4 * 2 * w * (w * w - 1)
            iterates.append(Point(w, loss(w)))
        }
        return Figure(title: "Gradient descent on a double well", xLabel: "w", yLabel: "L(w)",
                      series: [Series(name: "L(w) = ½(w² − 1)²", points: curve),
                               Series(name: "iterates, η = 0.4", points: iterates, style: .lineAndPoints)])
    }

    /// Loss and gradient norm over the iterations of gradient descent on w₁² + 5w₂² at η = 0.15, on a log axis.
    static var semilogLoss: Figure {
        var w = (2.5, 1.5)
        var loss: [Point] = []
        var gradient: [Point] = []
        for k in 0...50 {
            let g = (2 * w.0, 10 * w.1)
            loss.append(Point(Double(k), w.0 * w.0 + 5 * w.1 * w.1))
            gradient.append(Point(Double(k), (g.0 * g.0 + g.1 * g.1).squareRoot()))
            w = (w.0 - 0.15 * g.0, w.1 - 0.15 * g.1)
        }
        return Figure(title: "Linear convergence on w₁² + 5w₂², η = 0.15", xLabel: "iteration k", yLabel: "value",
                      yScale: .log,
                      series: [Series(name: "L(wₖ)", points: loss), Series(name: "‖∇L(wₖ)‖", points: gradient)])
    }

    /// Level lines of w₁² + 5w₂² and the zig-zag path of gradient descent at η = 0.18 across the narrow valley.
    static var contourZigzag: Figure {
        let xs = (0...120).map { -3 + 0.05 * Double($0) }
        let ys = (0...80).map { -2 + 0.05 * Double($0) }
        var w = (-2.8, 1.6)
        var path = [Point(w.0, w.1)]
        for _ in 0..<14 {
            w = (w.0 - 0.18 * 2 * w.0, w.1 - 0.18 * 10 * w.1)
            path.append(Point(w.0, w.1))
        }
        return Figure(title: "Gradient descent on w₁² + 5w₂², η = 0.18", xLabel: "w₁", yLabel: "w₂",
                      series: [Series(name: "wₖ", points: path, style: .lineAndPoints)],
                      contours: ContourField(xs: xs, ys: ys) { x, y in x * x + 5 * y * y })
    }

    /// Steps gradient descent on ½w² from w = 1 takes to reach L ≤ 1e-6, over ten η a decade from 0.001 to 10^0.5; step sizes that
    /// hit the 1000-step cap or diverge are drawn as crosses at the cap.
    static var sweepMissed: Figure {
        var reached: [Point] = []
        var missed: [Point] = []
        for i in 0...35 {
            let eta = pow(10, -3 + Double(i) / 10)
            var w = 1.0
            var steps: Int?
            for k in 1...1000 {
                w -= eta * w
                if 0.5 * w * w <= 1e-6 {
                    steps = k
                    break
                }
            }
            if let steps { reached.append(Point(eta, Double(steps))) } else { missed.append(Point(eta, 1000)) }
        }
        return Figure(title: "Steps to reach L ≤ 1e-6 on ½w² from w = 1", xLabel: "step size η",
                      yLabel: "steps", xScale: .log, yScale: .log,
                      series: [Series(name: "reached the target", points: reached, style: .lineAndPoints),
                               Series(name: "missed (cap or divergence)", points: missed, style: .points, mark: .cross)])
    }
}
