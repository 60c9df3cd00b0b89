import Testing
import Foundation
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

@Suite struct ProgramTests {
    @Test func sharedSubexpressionsAreComputedOnce() throws {
        // L = 0.5*(w^2-1)^2 and L' = 2*w*(w^2-1) share w^2 - 1.
        let loss = try lowered("0.5*(w^2-1)^2", ["w"])
        let program = Program.compile([loss, Derivative.of(loss, wrt: "w")], parameters: ["w"])
        // The parameter w is register 0; w·w may be fused into the subtraction that reads it.
        let products: [Program.Operation.Opcode] = [.multiply, .multiplyAdd, .multiplySubtract, .subtractProduct]
        let squares = program.code.filter { products.contains($0.opcode) && $0.a == 0 && $0.b == 0 }
        #expect(squares.count == 1)
        let subtractions: [Program.Operation.Opcode] = [.subtract, .multiplySubtract, .subtractProduct]
        #expect(program.code.filter { subtractions.contains($0.opcode) }.count == 1)
        // Values: at w = 3, L = 0.5*64 = 32 and L' = 2*3*8 = 48.
        #expect(program.evaluate([3]) == [32, 48])
    }

    @Test func twoParametersAndEveryOperation() throws {
        let loss = try lowered("w1^2 + 5*w2^2 - w1/w2 + sqrt(w1) + w2^0.3 + max(w1, w2)", ["w1", "w2"])
        let program = Program.compile([loss], parameters: ["w1", "w2"])
        let expected = loss.evaluate(["w1": 4.0, "w2": 2.0])
        // By hand: 16 + 20 - 2 + 2 + 2^0.3 + 4.
        #expect(abs(program.evaluate([4, 2])[0] - (40 + 1.2311444133449163)) < 1e-12)
        #expect(abs(expected - (40 + 1.2311444133449163)) < 1e-12)
    }

    @Test func divisionByZeroGivesInfinityNotACrash() throws {
        let program = Program.compile([try lowered("1/x + log(x)", ["x"])], parameters: ["x"])
        #expect(program.evaluate([0])[0].isNaN)   // inf + -inf
        #expect(program.evaluate([-1])[0].isNaN)
    }

    @Test func registersAreReusedOnceAValueIsDead() throws {
        // 300 squared residuals, 91 of them distinct: hundreds of operations, but in the narrow order only a
        // running sum per level of the tree of additions (4 levels over chains of at most 8) and the residual
        // being built are live at any moment.
        let source = (0..<300).map { "(a*\($0 % 13) + b - \($0 % 7))^2" }.joined(separator: " + ")
        let loss = try lowered(source, ["a", "b"])
        let program = Program.compile([loss], parameters: ["a", "b"], order: .narrow)
        #expect(program.code.count > 250)
        #expect(program.registerCount <= 2 + program.constants.count + 8)
        // By hand at a = 1, b = 2: residual i is (i mod 13) + 2 − (i mod 7).
        var expected = 0.0
        for i in 0..<300 {
            let residual: Int = i % 13 + 2 - i % 7
            expected += Double(residual * residual)
        }
        #expect(program.evaluate([1, 2]) == [expected])
        // Grouped by kind, the code is reordered, not changed: the same value to the bit.
        #expect(Program.compile([loss], parameters: ["a", "b"]).evaluate([1, 2]) == [expected])
    }

    @Test func lanesComputeExactlyWhatOneEvaluationComputes() throws {
        let sources = ["w1^2 + 5*w2^2 - w1/w2 + sqrt(w1) + w2^0.3 + max(w1, w2)",
                       "sin(w1)*cos(w2) + tanh(w1 - w2) + exp(-w1^2) + log(1 + w2^2) + min(w1, 0)",
                       "sigmoid(w1) + softplus(w2) + relu(w1 - 1) + abs(w2) + atan(w1) + sinh(w2/3) - cosh(w1/4)",
                       "(w1 - w2)^3 / (1 + w1^4) + asin(w2/10) + acos(w1/10) + tan(w1/7) + w1^w2"]
        let points: [[Double]] = (0..<37).map { (i: Int) -> [Double] in
            let x: Double = Double(i) / 5 - 3.1
            let y: Double = 2.3 - Double(i) / 9
            return [x, y]
        }
        for source in sources {
            let loss = try lowered(source, ["w1", "w2"])
            let program = Program.compile([loss] + Derivative.gradient(loss, parameters: ["w1", "w2"]), parameters: ["w1", "w2"])
            let lanes = points.count
            var registers = program.makeLaneRegisters(lanes: lanes)
            for (l, p) in points.enumerated() {
                registers[l] = p[0]
                registers[lanes + l] = p[1]
            }
            registers.withUnsafeMutableBufferPointer { program.run(lanes: lanes, $0.baseAddress!) }
            for (l, p) in points.enumerated() {
                let one = program.evaluate(p)
                let tree = loss.evaluate(["w1": p[0], "w2": p[1]])
                #expect(one[0] == tree || (one[0].isNaN && tree.isNaN) || abs(one[0] - tree) <= 1e-12 * abs(tree), "\(source) at \(p)")
                for (o, register) in program.outputs.enumerated() {
                    let lane = registers[register * lanes + l]
                    #expect(lane == one[o] || (lane.isNaN && one[o].isNaN), "\(source) output \(o) at \(p)")
                }
            }
        }
    }

    @Test func operationsOfOneKindRunBackToBack() throws {
        // Rosenbrock-20: its 19 terms are alike, so the schedule groups their squares, differences and products.
        let parameters = (1...20).map { "w\($0)" }
        let source = (1..<20).map { "100*(w\($0 + 1) - w\($0)^2)^2 + (1 - w\($0))^2" }.joined(separator: " + ")
        let loss = try lowered(source, parameters)
        let outputs = [loss] + Derivative.gradient(loss, parameters: parameters)
        let program = Program.compile(outputs, parameters: parameters, order: .byKind)
        #expect(program.runs.count * 4 < program.code.count)
        // The runs cover the code exactly, each of one opcode.
        #expect(program.runs.first?.start == 0 && program.runs.last?.end == program.code.count)
        for (run, next) in zip(program.runs, program.runs.dropFirst()) { #expect(run.end == next.start) }
        for run in program.runs { #expect(program.code[run.start..<run.end].allSatisfy { $0.opcode == run.opcode }) }
        // By hand: at w = (0.5, 0.6, …, 2.4), ∂L/∂w1 = −400·w1·(w2 − w1²) − 2·(1 − w1).
        let point = (0..<20).map { 0.5 + 0.1 * Double($0) }
        let values = program.evaluate(point)
        let (w1, w2) = (point[0], point[1])
        #expect(abs(values[1] - (-400 * w1 * (w2 - w1 * w1) - 2 * (1 - w1))) <= 1e-12)
        var expected = 0.0
        for i in 0..<19 { expected += 100 * pow(point[i + 1] - point[i] * point[i], 2) + pow(1 - point[i], 2) }
        #expect(abs(values[0] - expected) <= 1e-12 * expected)
    }

    @Test func operationsInARunRarelyWaitForEachOther() throws {
        // A run is made of operations ready together, so few read a result written earlier in the same run
        // (and then wait for it to be stored); sums past 8 terms are trees, not one line of additions.
        let parameters = (1...20).map { "w\($0)" }
        let source = (1..<20).map { "100*(w\($0 + 1) - w\($0)^2)^2 + (1 - w\($0))^2" }.joined(separator: " + ")
        let program = Program.compileWithGradient(try lowered(source, parameters), parameters: parameters, order: .byKind)
        // An operation waits when it reads the result of one of the three before it in its run.
        var waits = 0
        for run in program.runs {
            for k in run.start..<run.end {
                let op = program.code[k]
                let recent = program.code[max(run.start, k - 3)..<k].map(\.result)
                if recent.contains(op.a) || recent.contains(op.b) || recent.contains(op.c) { waits += 1 }
            }
        }
        #expect(waits * 10 < program.code.count, "\(waits) of \(program.code.count) operations wait within their run")
    }

    @Test func aProductReadOnlyByASumIsFusedIntoIt() throws {
        let fused = Program.compile([try lowered("a*b + c", ["a", "b", "c"])], parameters: ["a", "b", "c"])
        #expect(fused.code.map(\.opcode) == [.multiplyAdd])
        let difference = Program.compile([try lowered("c - a*b", ["a", "b", "c"])], parameters: ["a", "b", "c"])
        #expect(difference.code.map(\.opcode) == [.subtractProduct])
        // Read twice, the product stays an operation of its own.
        let shared = Program.compile([try lowered("a*b + c + sin(a*b)", ["a", "b", "c"])], parameters: ["a", "b", "c"])
        #expect(shared.code.filter { $0.opcode == .multiply }.count == 1)
        // By hand: 2·3 + 4 = 10, 4 − 6 = −2, 10 + sin 6.
        #expect(fused.evaluate([2, 3, 4]) == [10])
        #expect(difference.evaluate([2, 3, 4]) == [-2])
        #expect(shared.evaluate([2, 3, 4]) == [10 + sin(6.0)])
    }
}
