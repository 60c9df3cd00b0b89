import Testing
@testable import GDLang
@testable import GDProgram

/// `precision=f32`'s arithmetic: the program run in float32.
@Suite struct Float32ArithmeticTests {
    /// x^n for x in [1, 2) rounded to float32 by integer arithmetic: x = m·2⁻²³, so x^n = mⁿ·2^(−23n), with mⁿ
    /// rounded to 24 bits, ties to even.
    func exactlyRounded(_ x: Float, _ n: Int) -> Double {
        let m = UInt128(x.significandBitPattern | (1 << 23))
        var p: UInt128 = 1
        for _ in 0..<n { p *= m }
        let shift = (128 - p.leadingZeroBitCount) - 24
        var q = p >> shift
        let rest = p & ((1 << shift) - 1), half: UInt128 = 1 << (shift - 1)
        if rest > half || (rest == half && q & 1 == 1) { q += 1 }
        return Double(sign: .plus, exponent: shift - 23 * n, significand: Double(UInt64(q)))
    }

    @Test func compiledCubesAndFourthPowersInFloat32AreCorrectlyRounded() throws {
        // The program expands x^3 and x^4 into fused multiply-adds (ProgramCompiler.expandingPowers); run in
        // float32 they must give the correctly rounded float32 power, overflow to ∞ included.
        let program = Program.compile([try lowered("x^3", ["x"]), try lowered("x^4", ["x"])], parameters: ["x"])
        var generator = SystemRandomNumberGenerator()
        let float32 = program.float32()
        func run(_ x: Float) -> [Double] {
            let native = float32.evaluate([Double(x)])
            var interpreted = float32.makeRegisters()
            interpreted[0] = Double(x)
            interpreted.withUnsafeMutableBufferPointer { float32.interpret($0.baseAddress!) }
            #expect(float32.outputs.map { interpreted[$0] } == native, "machine code and interpreter disagree at \(x)")
            return native
        }
        var cubesOffByTwoRoundings = 0
        for _ in 0..<20_000 {
            let x = Float.random(in: 1..<2, using: &generator)
            #expect(run(x) == [exactlyRounded(x, 3), exactlyRounded(x, 4)], "\(x)")
            if Double(x * x * x) != exactlyRounded(x, 3) { cubesOffByTwoRoundings += 1 }
        }
        // x*x*x (PyTorch's w**3) rounds twice and is off now and then: the points tell the two apart.
        #expect(cubesOffByTwoRoundings > 0)
        #expect(run(1e13) == [.infinity, .infinity] && run(-1e13) == [-.infinity, .infinity])
    }

    @Test func theProgramRunsInFloat32() throws {
        // L = 0.1*w^2 + w/3 with its gradient 0.2*w + 1/3, each operation rounded to float32.
        let loss = try lowered("0.1*w^2 + w/3", ["w"])
        let program = Program.compileWithGradient(loss, parameters: ["w"])
        let w: Float = 1.7
        let values = program.float32().evaluate([Double(w)])
        for v in values { #expect(Double(Float(v)) == v) }
        let wide = program.evaluate([Double(w)])
        #expect(abs(values[0] - wide[0]) < 1e-6 && abs(values[1] - wide[1]) < 1e-6)
        #expect(values != wide)
    }
}
