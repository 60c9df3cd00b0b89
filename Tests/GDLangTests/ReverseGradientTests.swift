import Testing
import Foundation
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

/// The compiled gradient is taken in reverse mode; these check it against forward-mode dual numbers evaluated on
/// the tree (an independent route: no symbolic derivative, no compiler), and that its code stays a small
/// multiple of the loss's where forward symbolic derivatives grow with the number of parameters.
@Suite struct ReverseGradientTests {
    let table = DataTable(name: "pts", columns: ["x", "y"], values: [[1, 2, 3, -1], [2, 4, 5, 0.5]])

    /// The suite's table defined.
    var environment: Environment {
        var environment = Environment()
        environment.define(table: table)
        return environment
    }

    /// ∂L/∂p by dual numbers: p carries derivative 1, the others 0.
    func forward(_ loss: Term, _ parameters: [String], _ point: [Double], _ p: Int) -> Double {
        var values: [String: Dual] = [:]
        for (i, name) in parameters.enumerated() { values[name] = Dual(point[i], i == p ? 1 : 0) }
        return loss.evaluate(values).derivative
    }

    static let cases: [(source: String, parameters: [String], point: [Double])] = [
        ("a*b*c + a/b - c^3", ["a", "b", "c"], [1.5, -0.7, 2.2]),
        ("(a - b)^2 / (1 + c^2) + sqrt(a*a + 1)", ["a", "b", "c"], [0.3, 1.9, -1.1]),
        ("a^b + b^2.5 + 2^(a*b)", ["a", "b"], [1.3, 0.8]),
        ("exp(-a*b) * sin(a) + log(1 + b^2) - cos(a*b)", ["a", "b"], [0.4, -1.6]),
        ("tan(a/3) + asin(b/2) + acos(a/4) + atan(a*b)", ["a", "b"], [0.9, 0.7]),
        ("sinh(a) * cosh(b) + tanh(a - b) + sigmoid(a*b) + softplus(b)", ["a", "b"], [0.2, -0.5]),
        ("abs(a - b) + relu(a) + relu(-b) + sign(a)*b + heaviside(b)*a", ["a", "b"], [0.6, -1.3]),
        ("max(a, b)^2 + min(a*b, b - a) + max(a, 1)", ["a", "b"], [-0.4, 1.7]),
        ("-(a + b)^4 + 1/(a*b) - 3/a^2", ["a", "b"], [1.1, 0.45]),
        ("pi*a^2 + e^b + a", ["a", "b", "unused"], [0.5, 0.25, 9]),
        ("mean(pts, (a*x + b - y)^2) + 0.1*a^2", ["a", "b"], [0.7, -0.2]),
        ("sum(pts, log(1 + exp(-y*(a*x + b)))) * mean(pts, x*a) + b^2", ["a", "b"], [0.3, 0.9]),
        ("tanh(a*tanh(b*tanh(c*tanh(d))))", ["a", "b", "c", "d"], [0.8, -1.2, 0.6, 1.4]),
    ]

    @Test(arguments: 0..<cases.count)
    func matchesDualNumbers(_ k: Int) throws {
        let c = Self.cases[k]
        let loss = try lowered(c.source, c.parameters, in: environment)
        let values = Program.compileWithGradient(loss, parameters: c.parameters).evaluate(c.point)
        #expect(values.count == 1 + c.parameters.count)
        #expect(abs(values[0] - loss.evaluate(Dictionary(uniqueKeysWithValues: zip(c.parameters, c.point)))) <= 1e-12 * max(1, abs(values[0])))
        for p in c.parameters.indices {
            let expected = forward(loss, c.parameters, c.point, p)
            #expect(abs(values[1 + p] - expected) <= 1e-12 * max(1, abs(expected)),
                    "∂/∂\(c.parameters[p]) of \(c.source): \(values[1 + p]) vs \(expected)")
        }
    }

    @Test func theLanesComputeTheSameGradient() throws {
        let parameters = ["a", "b"]
        let loss = try lowered("exp(-a*b) * sin(a) + a^b + max(a, b)^2", parameters, in: environment)
        let program = Program.compileWithGradient(loss, parameters: parameters, order: .narrow)
        let points = [[0.4, 1.6], [1.3, 0.2], [2.0, -0.5]]
        var registers = program.makeLaneRegisters(lanes: points.count)
        for (l, p) in points.enumerated() {
            for i in 0..<2 { registers[i * points.count + l] = p[i] }
        }
        registers.withUnsafeMutableBufferPointer { program.run(lanes: points.count, $0.baseAddress!) }
        let single = Program.compileWithGradient(loss, parameters: parameters)
        for (l, p) in points.enumerated() {
            let lane = program.outputs.map { registers[$0 * points.count + l] }
            #expect(lane == single.evaluate(p))
        }
    }

    @Test func rosenbrockByHand() throws {
        let parameters = (1...20).map { "w\($0)" }
        let source = (1..<20).map { "100*(w\($0 + 1) - w\($0)^2)^2 + (1 - w\($0))^2" }.joined(separator: " + ")
        let point = (0..<20).map { 0.5 + 0.1 * Double($0) }
        let values = Program.compileWithGradient(try lowered(source, parameters, in: environment), parameters: parameters).evaluate(point)
        // ∂L/∂w_i = −400·w_i·(w_{i+1} − w_i²) − 2·(1 − w_i) + 200·(w_i − w_{i−1}²), each term where it exists.
        for i in 0..<20 {
            var expected = 0.0
            if i < 19 { expected += -400 * point[i] * (point[i + 1] - point[i] * point[i]) - 2 * (1 - point[i]) }
            if i > 0 { expected += 200 * (point[i] - point[i - 1] * point[i - 1]) }
            #expect(abs(values[1 + i] - expected) <= 1e-12 * max(1, abs(expected)), "∂L/∂w\(i + 1)")
        }
    }

    /// A product of n parameters and a chain of n nested functions: forward derivatives, one per parameter,
    /// need about n² operations between them; one reverse sweep needs a few per operation of the loss.
    @Test(arguments: ["product", "chain"])
    func theGradientCostsAConstantTimesTheLoss(_ shape: String) throws {
        for n in [16, 64] {
            let parameters = (1...n).map { "w\($0)" }
            let source = shape == "product"
                ? parameters.joined(separator: "*")
                : parameters.reduce("1") { "tanh(\($1)*\($0))" }
            let loss = try lowered(source, parameters, in: environment)
            let lossOnly = Program.compile([loss], parameters: parameters).code.count
            let withGradient = Program.compileWithGradient(loss, parameters: parameters).code.count
            #expect(withGradient <= 5 * lossOnly, "\(shape) of \(n): \(withGradient) operations against \(lossOnly)")
            let point = (0..<n).map { 0.9 + 0.2 * Double($0) / Double(n) }
            let values = Program.compileWithGradient(loss, parameters: parameters).evaluate(point)
            for p in [0, n / 2, n - 1] {
                let expected = forward(loss, parameters, point, p)
                #expect(abs(values[1 + p] - expected) <= 1e-12 * max(1e-300, abs(expected)), "\(shape) of \(n), ∂/∂w\(p + 1)")
            }
        }
    }
}
