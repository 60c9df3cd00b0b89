import GDLang

/// The compiled program run in float32 arithmetic, for runs with `precision=f32`.
///
/// The register file is the usual one of doubles, but every value in it is a float32: the constants are rounded
/// to float32 once (as `torch.tensor(c)` stores them) and each operation's result is rounded to float32. For +, −,
/// ×, ÷ and √ of float32 operands, computing in double and rounding once gives exactly float32's own result (a
/// double has more than twice float32's precision plus two bits). A fused a·b ± c rounds the product first, as
/// separate float32 operations would. Powers are `Float.power`; the built-in functions (exp, log, sin, …) are
/// computed in double and rounded once to float32: the correctly rounded value but in rare near-ties, where a
/// float32 library (glibc's `expf`, PyTorch's vectorised kernels) may differ by one unit in the last place.
extension Program {
    /// A register file for `runFloat32`: `makeRegisters()` with the constants rounded to float32.
    public func makeFloat32Registers() -> [Double] {
        var registers = makeRegisters()
        for i in constants.indices { registers[inputCount + i] = Double(Float(constants[i])) }
        return registers
    }

    /// `run` in float32, in registers made by `makeFloat32Registers()`; `point` must hold float32 values.
    /// Not for programs that read a table (`hasReductions`).
    public func runFloat32(_ point: UnsafeBufferPointer<Double>, _ registers: UnsafeMutableBufferPointer<Double>) {
        precondition(point.count == parameters.count && registers.count >= registerCount && reductions.isEmpty)
        let r = registers.baseAddress!
        for i in 0..<point.count { r[i] = point[i] }
        interpretFloat32(r)
    }

    /// The code interpreted operation by operation, each result rounded to float32.
    func interpretFloat32(_ r: UnsafeMutablePointer<Double>) {
        @inline(__always) func f(_ x: Double) -> Double { Double(Float(x)) }
        let values = Builtin.values
        for op in code {
            let a = r[Int(op.a)], b = r[Int(op.b)], c = r[Int(op.c)]
            let v: Double
            switch op.opcode {
            case .multiplyAdd: v = f(f(a * b) + c)
            case .multiplySubtract: v = f(f(a * b) - c)
            case .subtractProduct: v = f(c - f(a * b))
            case .add: v = f(a + b)
            case .subtract: v = f(a - b)
            case .multiply: v = f(a * b)
            case .divide: v = f(a / b)
            case .negate: v = -a
            case .power: v = Double(Float.power(Float(a), Float(b)))
            case .squareRoot: v = f(a.squareRoot())
            case .function, .function2: v = f(values[Int(op.function!.index)](a, b))
            // A cube's or fourth power's expansion: x² = p + e and p·x = h + t are exact in float32 too, and the
            // error terms' sum is exact in a double before its one rounding.
            case .fusedMultiplySubtract: v = f(Double.fusedMultiplySubtract(a, b, c))
            case .fusedMultiplyAdd: v = f(c.addingProduct(a, b))
            case .addCorrection: v = f(Double.addCorrection(a, b))
            }
            r[Int(op.result)] = v
        }
    }
}
