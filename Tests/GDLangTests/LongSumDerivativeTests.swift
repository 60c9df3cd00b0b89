import Testing
@testable import GDLang

/// The partials of a long sum visit only the addends that hold each parameter (`Derivative.SumIndex`), and every
/// addend of many symbols: the values agree with forward-mode dual numbers at a point, for a sum of chained products
/// (each parameter in two addends), tanh of a sum of twenty parameters (an addend too wide to index) and squares.
@Suite struct LongSumDerivativeTests {
    @Test func partialsOfALongSumAgreeWithDualNumbers() throws {
        let n = 120
        let names = (1...n).map { "w\($0)" }
        let chained = (1..<n).map { "w\($0)*w\($0 + 1)" }.joined(separator: " + ")
        let wide = "tanh(" + (1...20).map { "w\($0)" }.joined(separator: " + ") + ")"
        let squares = (1...n).map { "\(Double($0) / 7)*w\($0)^2" }.joined(separator: " + ")
        let loss = try lowered("\(chained) + \(wide) + \(squares)", names)
        guard case .sum(let addends) = loss.kind else { Issue.record("not a sum"); return }
        #expect(addends.count >= Derivative.SumIndex.minimumCount)
        let gradient = Derivative.gradient(loss, parameters: names)
        let point = (1...n).map { Double($0 % 11) / 5 - 1 }
        var values: [String: Double] = [:]
        for (p, v) in zip(names, point) { values[p] = v }
        for (i, name) in names.enumerated() {
            var duals: [String: Dual] = [:]
            for (j, (p, v)) in zip(names, point).enumerated() { duals[p] = Dual(v, i == j ? 1 : 0) }
            let want = loss.evaluate(duals).derivative
            let got = gradient[i].evaluate(values)
            #expect(abs(got - want) <= 1e-12 * max(1, abs(want)), "∂/∂\(name): \(got), not \(want)")
        }
    }
}
