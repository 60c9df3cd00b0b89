import Foundation
import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

/// Machine code against the interpreter: the same outputs, bit for bit, on random straight-line code that
/// keeps more values alive than there are xmm registers, overwrites registers it still reads, and calls
/// functions with values waiting.
@Suite struct NativeCodeTests {
    /// SplitMix64, so every run draws the same programs.
    struct Draw {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Inputs that exercise signs, zeros, infinities, NaN and subnormals besides ordinary values.
    static let specials: [Double] = [0, -0.0, 1, -1, 0.5, 3, -2.5, .infinity, -.infinity, .nan, 1e300,
                                   .leastNonzeroMagnitude, -.leastNormalMagnitude / 3]

    /// A random program over `inputs` inputs and 3 constants, with `temporaries` more registers and `length`
    /// operations; operands are read only once written.
    static func randomProgram(_ draw: inout Draw, inputs: Int, temporaries: Int, length: Int) -> Program {
        let constants = [0.75, -3.0, 2.0]
        let first = inputs + constants.count
        var written = Array(0..<first)
        var code: [Program.Operation] = []
        let opcodes: [Program.Operation.Opcode] = [.add, .subtract, .multiply, .divide, .negate, .power, .squareRoot,
                                                   .function, .function2, .multiplyAdd, .multiplySubtract, .subtractProduct,
                                                   .fusedMultiplyAdd, .fusedMultiplySubtract, .addCorrection, .roundToFloat32]
        for _ in 0..<length {
            let opcode = opcodes[draw.below(opcodes.count)]
            // Mostly recent values, as compiled code reads them; sometimes anything written so far.
            func operand(_ draw: inout Draw) -> Int32 {
                Int32(draw.below(3) == 0 ? written[draw.below(written.count)] : written[max(0, written.count - 1 - draw.below(6))])
            }
            let a = operand(&draw)
            let operands: Int
            switch opcode {
            case .negate, .squareRoot, .function, .roundToFloat32: operands = 1
            case .multiplyAdd, .multiplySubtract, .subtractProduct, .fusedMultiplyAdd, .fusedMultiplySubtract: operands = 3
            default: operands = 2
            }
            let b = operands >= 2 ? (draw.below(5) == 0 ? a : operand(&draw)) : a
            // c is sometimes a or b: the fused operations read it after their first instruction.
            let c = operands == 3 ? [a, b, operand(&draw), operand(&draw)][draw.below(4)] : a
            var function: Builtin?
            if opcode == .function { function = [.sin, .tanh, .exp, .log, .abs, .sigmoid, .relu, .sign][draw.below(8)] }
            if opcode == .function2 { function = draw.below(2) == 0 ? .min : .max }
            // Sometimes overwrite one of the operands, as register reuse does.
            let overwritable = [a, b, c].filter { Int($0) >= first }
            let result = draw.below(3) == 0 && !overwritable.isEmpty
                ? overwritable[draw.below(overwritable.count)] : Int32(first + draw.below(temporaries))
            code.append(Program.Operation(opcode: opcode, function: function, result: result, a: a, b: b, c: c))
            written.append(Int(result))
        }
        // Outputs: recent results, older ones, and now and then an input or a constant read straight through.
        var outputs: [Int] = []
        for _ in 0..<6 {
            switch draw.below(4) {
            case 0: outputs.append(draw.below(first))
            case 1: outputs.append(written[draw.below(written.count)])
            default: outputs.append(written[written.count - 1 - draw.below(min(8, written.count))])
            }
        }
        return Program(code: code, registerCount: first + temporaries, outputs: outputs,
                       parameters: (0..<inputs).map { "p\($0)" }, inputCount: inputs, constants: constants, reductions: [])
    }

    static func same(_ x: Double, _ y: Double) -> Bool {
        x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
    }

    /// The outputs of `program` at `point`, by machine code and by the interpreter.
    static func bothWays(_ program: Program, _ point: [Double]) -> (native: [Double], interpreted: [Double]) {
        var native = program.makeRegisters(), interpreted = program.makeRegisters()
        for (i, x) in point.enumerated() {
            native[i] = x
            interpreted[i] = x
        }
        native.withUnsafeMutableBufferPointer { program.execute($0.baseAddress!) }
        interpreted.withUnsafeMutableBufferPointer { program.interpret($0.baseAddress!) }
        return (program.outputs.map { native[$0] }, program.outputs.map { interpreted[$0] })
    }

    @Test func programsRunAsMachineCodeHere() throws {
        #if arch(x86_64) && os(Linux)
        if ProcessInfo.processInfo.environment["GD_INTERPRET"] == nil {
            let program = Program.compileWithGradient(try lowered("0.5*(w^2 - 1)^2", ["w"]), parameters: ["w"])
            #expect(program.isNative)
        }
        #endif
    }

    @Test(arguments: [(4, 6, 20), (3, 40, 200), (6, 30, 600), (2, 3, 40), (3, 2, 0)])
    func randomCodeAgreesWithTheInterpreter(inputs: Int, temporaries: Int, length: Int) {
        var draw = Draw(state: UInt64(inputs * 1_000_003 + temporaries * 1_009 + length))
        var disagreements = 0
        for _ in 0..<150 {
            let program = Self.randomProgram(&draw, inputs: inputs, temporaries: temporaries, length: length)
            for _ in 0..<4 {
                let point = (0..<inputs).map { _ in
                    draw.below(3) == 0 ? Self.specials[draw.below(Self.specials.count)] : Double(draw.below(2001)) / 400 - 2.5
                }
                let (native, interpreted) = Self.bothWays(program, point)
                for (x, y) in zip(native, interpreted) where !Self.same(x, y) {
                    disagreements += 1
                    if disagreements < 4 {
                        Issue.record("native \(x), interpreted \(y) at \(point) in \(program.code)")
                    }
                }
            }
        }
        #expect(disagreements == 0)
    }

    /// Float32 code (`Program.float32()` of random code) runs in single precision as machine code: the same
    /// bits as the interpreter's double operations each rounded to float32. Fused multiply-adds are left out:
    /// they occur only in a power's expansion, where their double result is exact (see `Program.float32`).
    @Test(arguments: [(4, 6, 20), (3, 40, 200), (2, 3, 40)])
    func randomFloat32CodeAgreesWithTheInterpreter(inputs: Int, temporaries: Int, length: Int) throws {
        try #require(NativeTranslation.canTranslate([], registerCount: 1) && ExecutableMemory.isEnabled)
        var draw = Draw(state: UInt64(inputs * 7_000_003 + temporaries * 3_001 + length))
        var disagreements = 0
        for _ in 0..<150 {
            var program = Self.randomProgram(&draw, inputs: inputs, temporaries: temporaries, length: length)
            guard !program.code.contains(where: { $0.opcode == .fusedMultiplyAdd || $0.opcode == .fusedMultiplySubtract })
            else { continue }
            program = program.float32()
            #expect(program.isNative)
            for _ in 0..<4 {
                let point = (0..<inputs).map { _ in
                    Double(Float(draw.below(3) == 0 ? Self.specials[draw.below(Self.specials.count)] : Double(draw.below(2001)) / 400 - 2.5))
                }
                let (native, interpreted) = Self.bothWays(program, point)
                for (x, y) in zip(native, interpreted) where !Self.same(x, y) {
                    disagreements += 1
                    if disagreements < 4 { Issue.record("native \(x), interpreted \(y) at \(point) in \(program.code)") }
                }
            }
        }
        #expect(disagreements == 0)
    }

    /// Code translated as a loop's body, carrying some registers in xmm registers from one pass to the next: two
    /// passes in one piece of machine code give what two interpreted passes give. Each pass ends by writing the
    /// inputs from values it computed, so the second starts from other values than the first.
    @Test func carriedRegistersGoFromOnePassToTheNext() {
        var draw = Draw(state: 2026)
        var disagreements = 0
        for _ in 0..<400 {
            let inputs = 1 + draw.below(5)
            let base = Self.randomProgram(&draw, inputs: inputs, temporaries: 2 + draw.below(30), length: draw.below(80))
            var code = base.code
            for i in 0..<inputs {
                // × 0.75 (the first constant) keeps values from growing without end.
                code.append(Program.Operation(.multiply, result: i, draw.below(base.registerCount), inputs))
            }
            let outputs = base.outputs + Array(0..<inputs)
            // Carried: outputs (inputs among them) and constants, which the code never writes; in any order.
            var candidates = Array(Set(outputs + (inputs..<inputs + 3)))
            candidates.sort()
            var carried: [Int] = []
            for _ in 0..<draw.below(15) where !candidates.isEmpty {
                carried.append(candidates.remove(at: draw.below(candidates.count)))
            }
            var asm = X86Assembler()
            asm.prologue()
            for (xmm, register) in carried.enumerated() { asm.load(xmm, register) }
            for _ in 0..<2 {
                NativeTranslation.translate(code, registerCount: base.registerCount, outputs: outputs, carrying: carried,
                                            into: &asm)
            }
            asm.epilogue()
            guard let memory = ExecutableMemory(asm.bytes) else { return }  // machine code unavailable here
            let twice = unsafeBitCast(memory.start, to: (@convention(c) (UnsafeMutablePointer<Double>) -> Void).self)
            let reference = Program(code: code, registerCount: base.registerCount, outputs: outputs,
                                    parameters: base.parameters, inputCount: inputs, constants: base.constants,
                                    reductions: [], translated: false)
            let point = (0..<inputs).map { _ in
                draw.below(4) == 0 ? Self.specials[draw.below(Self.specials.count)] : Double(draw.below(2001)) / 400 - 2.5
            }
            var native = reference.makeRegisters(), interpreted = reference.makeRegisters()
            for (i, x) in point.enumerated() {
                native[i] = x
                interpreted[i] = x
            }
            native.withUnsafeMutableBufferPointer { twice($0.baseAddress!) }
            interpreted.withUnsafeMutableBufferPointer { r in
                reference.interpret(r.baseAddress!)
                reference.interpret(r.baseAddress!)
            }
            for o in outputs where !Self.same(native[o], interpreted[o]) {
                disagreements += 1
                if disagreements < 4 { Issue.record("register \(o): native \(native[o]), interpreted \(interpreted[o]), carrying \(carried) in \(code)") }
            }
        }
        #expect(disagreements == 0)
    }

    @Test func cubesAndFourthPowersCompileToTheValuesDoublePowerGives() throws {
        // x^3 and x^4 expand into fused multiply-adds and a clamp (ProgramCompiler.expandingPowers); machine code,
        // the interpreter and lanes must all give Double.power's correctly rounded value, overflow and NaN included.
        let program = Program.compile([try lowered("x^3", ["x"]), try lowered("x^4", ["x"])], parameters: ["x"])
        #expect(program.code.contains { $0.opcode == .fusedMultiplyAdd })
        #expect(!program.code.contains { $0.opcode == .power })
        // The two expansions share x·x and its error, computed once.
        #expect(program.code.filter { $0.opcode == .multiply && $0.a == 0 && $0.b == 0 }.count == 1)
        #expect(program.code.filter { $0.opcode == .fusedMultiplySubtract && $0.a == 0 && $0.b == 0 }.count == 1)
        var draw = Draw(state: 11)
        let points = Self.specials + [1e103, -1e103, 1e78, -1e78, 1e77, .greatestFiniteMagnitude, 1e-80]
            + (0..<200).map { _ in Double(bitPattern: draw.next() >> 2 | 0x3000_0000_0000_0000) * (draw.below(2) == 0 ? 1 : -1) }
        for x in points {
            let (native, interpreted) = Self.bothWays(program, [x])
            let expected = [Double.power(x, 3), Double.power(x, 4)]
            #expect(zip(native, expected).allSatisfy { Self.same($0, $1) }, "\(x): \(native) vs \(expected)")
            #expect(zip(interpreted, expected).allSatisfy { Self.same($0, $1) }, "\(x)")
            var lanes = program.makeLaneRegisters(lanes: 4)
            for l in 0..<4 { lanes[l] = x }
            lanes.withUnsafeMutableBufferPointer { program.run(lanes: 4, $0.baseAddress!) }
            #expect(Self.same(lanes[program.outputs[0] * 4 + 3], expected[0]) && Self.same(lanes[program.outputs[1] * 4 + 3], expected[1]))
        }
        // Lanes keep each power one operation, run by a vectorised kernel: the same values, a block at a time.
        let whole = Program.compileWithGradient(try lowered("x^4 + x^3", ["x"]), parameters: ["x"], order: .narrow,
                                                translated: false, expandsPowers: false)
        #expect(whole.code.contains { $0.opcode == .power } && !whole.code.contains { $0.opcode == .fusedMultiplyAdd })
        let block = 8
        for start in stride(from: 0, to: points.count - block, by: block) {
            let xs = Array(points[start..<start + block])
            var lanes = whole.makeLaneRegisters(lanes: block)
            for l in 0..<block { lanes[l] = xs[l] }
            lanes.withUnsafeMutableBufferPointer { whole.run(lanes: block, $0.baseAddress!) }
            for l in 0..<block {
                let alone = Self.bothWays(whole, [xs[l]]).interpreted
                #expect(Self.same(lanes[whole.outputs[0] * block + l], alone[0]) && Self.same(lanes[whole.outputs[1] * block + l], alone[1]), "\(xs[l])")
            }
        }
        #expect(Double.power(1e103, 3) == .infinity && Double.power(-1e103, 3) == -.infinity && Double.power(1e78, 4) == .infinity && Double.power(1e77, 4).isFinite)
    }

    @Test func compiledLossesAgreeWithTheInterpreter() throws {
        let rosenbrock = (1..<20).map { "100*(w\($0 + 1) - w\($0)^2)^2 + (1 - w\($0))^2" }.joined(separator: " + ")
        let cases: [(String, [String])] = [
            (rosenbrock, (1...20).map { "w\($0)" }),
            ("log(1 + exp(-a*x - b)) + 0.1*sqrt(a^2 + b^2) - min(a, b)^3 / (1 + abs(x))", ["a", "b", "x"]),
            ("tanh(w4*tanh(w3*tanh(w2*tanh(w1*x))))^2 + sin(x)^w1", ["w1", "w2", "w3", "w4", "x"]),
            ("-(-x)", ["x"]),
            ("x", ["x"]),
            ("3", ["x"]),
        ]
        var draw = Draw(state: 7)
        for (source, parameters) in cases {
            let loss = try lowered(source, parameters)
            for order in [Program.Order.byKind, .narrow] {
                let program = Program.compileWithGradient(loss, parameters: parameters, order: order)
                for _ in 0..<20 {
                    let point = parameters.map { _ in Double(draw.below(801)) / 200 - 2 }
                    let (native, interpreted) = Self.bothWays(program, point)
                    #expect(zip(native, interpreted).allSatisfy { Self.same($0, $1) }, "\(source) at \(point)")
                }
                // The outputs against the tree evaluator, an independent route: the loss itself.
                let point = parameters.map { _ in 0.3 }
                let reference: Double = loss.evaluate(Dictionary(uniqueKeysWithValues: zip(parameters, point)))
                let value = Self.bothWays(program, point).native[0]
                #expect(Self.same(value, reference) || abs(value - reference) <= 1e-12 * abs(reference), "\(source)")
            }
        }
    }
}
