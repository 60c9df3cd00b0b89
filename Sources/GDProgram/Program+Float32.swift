import GDLang

/// The compiled program in float32 arithmetic, for runs with `precision=f32`.
///
/// The register file is the usual one of doubles, but every value in it is a float32: the constants are rounded
/// to float32 once (as `torch.tensor(c)` stores them) and each operation's result is rounded to float32 by an
/// explicit `.roundToFloat32` after it. For +, −, ×, ÷ and √ of float32 operands, computing in double and rounding
/// once gives exactly float32's own result (a double has more than twice float32's precision plus two bits). A
/// product folded into a sum (a·b ± c) is rounded before the sum, as separate float32 operations would. Cubes and
/// fourth powers are already expanded (`ProgramCompiler.expandingPowers`) into operations whose float32 results
/// give the correctly rounded float32 power (x² = p + e and p·x = h + t are exact in float32 too, and the error
/// terms' sum is exact in a double before its rounding); other powers are the double `pow` rounded once. The
/// built-in functions (exp, log, sin, …) are computed in double and rounded once to float32: the correctly rounded
/// value but in rare near-ties, where a float32 library (glibc's `expf`, PyTorch's vectorised kernels) may
/// differ by one unit in the last place. Being a program like any other, it runs as machine code.
extension Program {
    /// This program with every result rounded to float32; its inputs must hold float32 values.
    /// Not for programs that read a table (`hasReductions`).
    public func float32() -> Program {
        precondition(reductions.isEmpty, "f32 programs do not read tables")
        // One more register, for the product of a folded a·b ± c.
        return Program(code: Self.float32(code, product: registerCount), registerCount: registerCount + 1,
                       outputs: outputs, parameters: parameters, inputCount: inputCount,
                       constants: constants.map { Double(Float($0)) }, reductions: [], translated: isNative, float32: true)
    }

    /// `code` with every result rounded to float32 (a negation needs none), a folded a·b ± c split so that the
    /// product, computed into register `product`, is rounded first.
    public static func float32(_ code: [Operation], product: Int) -> [Operation] {
        var rounded: [Operation] = []
        func round(_ register: Int32) { rounded.append(Operation(.roundToFloat32, result: Int(register), Int(register))) }
        for op in code {
            switch op.opcode {
            case .negate:
                rounded.append(op)
            case .multiplyAdd, .multiplySubtract, .subtractProduct:
                rounded.append(Operation(.multiply, result: product, Int(op.a), Int(op.b)))
                round(Int32(product))
                switch op.opcode {
                case .multiplyAdd: rounded.append(Operation(.add, result: Int(op.result), product, Int(op.c)))
                case .multiplySubtract: rounded.append(Operation(.subtract, result: Int(op.result), product, Int(op.c)))
                default: rounded.append(Operation(.subtract, result: Int(op.result), Int(op.c), product))
                }
                round(op.result)
            default:
                rounded.append(op)
                round(op.result)
            }
        }
        return rounded
    }
}
