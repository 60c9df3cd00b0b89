/// Armijo backtracking along −∇L from the trial step η: the first t = η, η·shrink, η·shrink², … with
/// L(w − t∇L) ≤ L(w) − c·∇L·(w − w_t), the last one tried if none passes within 100 shrinks.
struct Backtracking: MethodDeclaration {
    static let name = "backtracking"
    static let rank = 7.0
    static let summary = "Armijo backtracking: t = η, η·shrink, … until L(w − t∇L) ≤ L(w) − c·t‖∇L‖²"
    static let hyperparameters = [
        Hyperparameter("shrink", .fraction, default: "0.5", "factor the trial step shrinks by"),
        Hyperparameter("c", .fraction, default: "1e-4", "sufficient-decrease constant of the Armijo rule"),
    ]
    static let needs = MethodNeeds.lossAlongRay

    let shrink: Double
    let c: Double

    init(_ hyperparameters: [Double], dimension: Int) {
        shrink = hyperparameters[0]
        c = hyperparameters[1]
    }

    func update(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        let w = step.point, g = step.gradient
        var t = step.eta
        var point: [Double] = []
        for _ in 0..<100 {
            point = step.alongGradient(t, bounds: bounds)
            var decrease = 0.0
            for i in w.indices { decrease += g[i] * (w[i] - point[i]) }
            if objective.loss(point) <= step.loss - c * decrease { break }
            t *= shrink
        }
        step.eta = t
        step.move(to: point)
    }
}
