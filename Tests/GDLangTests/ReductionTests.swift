import Foundation
import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

@Suite struct ReductionTests {
    let table = DataTable(name: "pts", columns: ["x", "y"], values: [[1, 2, 3, -1], [2, 4, 5, 0]])

    /// The suite's table defined.
    var environment: Environment {
        var environment = Environment()
        environment.define(table: table)
        return environment
    }

    @Test func meanAndSumByHand() throws {
        // mean of (w·x − y)² at w = 2: residuals 0, 0, 1, −2 → (0 + 0 + 1 + 4)/4 = 1.25.
        let mean = try lowered("mean(pts, (w*x - y)^2)", ["w"], in: environment)
        #expect(mean.evaluate(["w": 2.0]) == 1.25)
        #expect(Program.compile([mean], parameters: ["w"]).evaluate([2]) == [1.25])
        let sum = try lowered("sum(pts, x*y)", [], in: environment)
        #expect(sum.evaluate([String: Double]()) == 2 + 8 + 15 + 0)
    }

    @Test func theDerivativeIsTakenOnTheSummand() throws {
        let loss = try lowered("mean(pts, (w*x - y)^2)", ["w"], in: environment)
        let d = Derivative.of(loss, wrt: "w")
        #expect(d.printed == "mean(pts, 2*x*(w*x - y))")
        // At w = 2: 2·x·(2x − y) = 0, 0, 6, 4 → mean 2.5.
        let program = Program.compile([loss, d], parameters: ["w"])
        #expect(program.evaluate([2]) == [1.25, 2.5])
        #expect(program.reductions.count == 1)   // one pass over the rows for L and L'
        #expect(loss.evaluate(["w": Dual(2, 1)]).derivative == 2.5)
    }

    @Test func aMiniBatchReadsOnlyItsRows() throws {
        let loss = try lowered("mean(pts, (w*x - y)^2)", ["w"], in: environment)
        let program = Program.compile([loss], parameters: ["w"])
        var registers = program.makeRegisters()
        [2.0].withUnsafeBufferPointer { p in
            registers.withUnsafeMutableBufferPointer { r in program.run(p, r, rows: [2, 3]) }
        }
        #expect(registers[program.outputs[0]] == 2.5)   // (1 + 4)/2
    }

    @Test func manyRowsGiveTheSameSumWhateverTheBlocks() throws {
        let n = 5000
        let big = DataTable(name: "big", columns: ["x"], values: [(0..<n).map { Double($0) / Double(n) }])
        var environment = Environment()
        environment.define(table: big)
        let loss = try lowered("sum(big, w*x)", ["w"], in: environment)
        // Σ i/n for i < n is (n − 1)/2.
        #expect(abs(Program.compile([loss], parameters: ["w"]).evaluate([1])[0] - Double(n - 1) / 2) < 1e-9)
    }

    /// A full pass copies each block's columns from the blocked table in one piece, and a pass over chosen rows copies
    /// them column by column: with every row chosen in order, the two give the same bits, for a program of few
    /// registers (256 rows a block) and ones of many (models of 300 and 3,000 features, fewer rows a block, down to a
    /// vector's four), short last block included.
    @Test(arguments: [2, 300, 3000])
    func blockedAndChosenRowsGiveTheSameBits(features: Int) throws {
        let n = 1000
        // Numbers of many bits, which additions in another order would round differently.
        func value(_ i: Int, _ c: Int) -> Double { sin(Double(i * 31 + c * 17 + 1)) * 1.7 }
        let columns = (0...features).map { c in (0..<n).map { value($0, c) } }
        let names = (1...features).map { "x\($0)" } + ["y"]
        var environment = Environment()
        environment.define(table: DataTable(name: "t", columns: names, values: columns))
        let parameters = (1...features).map { "w\($0)" }
        let residual = (1...features).map { "w\($0)*x\($0)" }.joined(separator: " + ") + " - y"
        let loss = try lowered("mean(t, (\(residual))^2)", parameters, in: environment)
        let program = Program.compileWithGradient(loss, parameters: parameters)
        #expect(program.reductions.allSatisfy { $0.blocked != nil })
        if features == 300 { #expect(Program.rowsPerBlock(program.reductions[0].program) < Program.block) }
        if features == 3000 { #expect(Program.rowsPerBlock(program.reductions[0].program) < 16) }
        let point = (0..<features).map { value($0, 999) }
        func outputs(rows: [Int]?) -> [Double] {
            var registers = program.makeRegisters()
            point.withUnsafeBufferPointer { p in registers.withUnsafeMutableBufferPointer { r in program.run(p, r, rows: rows) } }
            return program.outputs.map { registers[$0] }
        }
        let full = outputs(rows: nil), chosen = outputs(rows: Array(0..<n))
        #expect(full.map(\.bitPattern) == chosen.map(\.bitPattern))
    }

    @Test func constantSummandsFold() throws {
        #expect(try lowered("sum(pts, 3)", [], in: environment).printed == "12")
        #expect(try lowered("mean(pts, w)", ["w"], in: environment).printed == "w")
    }
}
