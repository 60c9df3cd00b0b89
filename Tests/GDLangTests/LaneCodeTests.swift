import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative

/// AVX2 lane code against the scalar interpreter: every lane's outputs bit for bit, on the random programs of
/// `NativeCodeTests` (more live values than ymm registers, registers overwritten while still read, calls with
/// values waiting), each lane at its own point.
@Suite struct LaneCodeTests {
    typealias Draw = NativeCodeTests.Draw

    @Test func laneCodeIsMadeWhereTheProcessorHasAVX2() throws {
        let program = Program.compileWithGradient(try lowered("0.5*(w^2 - 1)^2", ["w"]), parameters: ["w"])
        #expect(LaneKernel(program, lanes: 8).isNative == (ExecutableMemory.isEnabled && ProcessorFeatures.hasAVX2))
    }

    @Test(arguments: [(4, 6, 20, 4), (3, 40, 200, 16), (6, 30, 600, 8), (2, 3, 40, 12), (3, 2, 0, 4)])
    func randomLaneCodeAgreesWithTheInterpreter(inputs: Int, temporaries: Int, length: Int, lanes: Int) throws {
        var draw = Draw(state: UInt64(inputs * 7_000_003 + temporaries * 1_013 + length + lanes))
        var disagreements = 0
        for _ in 0..<120 {
            var program = NativeCodeTests.randomProgram(&draw, inputs: inputs, temporaries: temporaries, length: length)
            // Lanes compute in double; float32 rounding is the single run's business, so it becomes a square root.
            program = Program(code: program.code.map { op in
                                  var op = op
                                  if op.opcode == .roundToFloat32 { op.opcode = .squareRoot }
                                  return op
                              },
                              registerCount: program.registerCount, outputs: program.outputs, parameters: program.parameters,
                              inputCount: program.inputCount, constants: program.constants, reductions: [])
            guard let code = LaneCode(program, lanes: lanes) else { return }
            var file = program.makeLaneRegisters(lanes: lanes)
            var points: [[Double]] = []
            for l in 0..<lanes {
                let point = (0..<inputs).map { _ in
                    draw.below(3) == 0
                        ? NativeCodeTests.specials[draw.below(NativeCodeTests.specials.count)]
                        : Double(draw.below(2001)) / 400 - 2.5
                }
                points.append(point)
                for (i, x) in point.enumerated() { file[i * lanes + l] = x }
            }
            file.withUnsafeMutableBufferPointer { code($0.baseAddress!) }
            for (l, point) in points.enumerated() {
                var scalar = program.makeRegisters()
                for (i, x) in point.enumerated() { scalar[i] = x }
                scalar.withUnsafeMutableBufferPointer { program.interpret($0.baseAddress!) }
                for o in program.outputs where !NativeCodeTests.same(file[o * lanes + l], scalar[o]) {
                    disagreements += 1
                    if disagreements < 4 {
                        Issue.record("lane \(l): lane code \(file[o * lanes + l]), interpreted \(scalar[o]) at \(point) in \(program.code)")
                    }
                }
            }
        }
        #expect(disagreements == 0)
    }

    /// Values the code leaves where they are (a ymm register, or the file where they were spilled) hold what the
    /// interpreter computes: the caller's stores of them, from where the translation says, agree bit for bit.
    @Test(arguments: [(4, 6, 20), (3, 40, 200), (6, 30, 600), (2, 3, 40)])
    func valuesLeftInRegistersAgreeWithTheInterpreter(inputs: Int, temporaries: Int, length: Int) throws {
        guard LaneCode.isAvailable else { return }
        var draw = Draw(state: UInt64(inputs * 9_000_011 + temporaries * 31 + length))
        var disagreements = 0, leftInRegisters = 0, leftInFile = 0
        for _ in 0..<120 {
            let random = NativeCodeTests.randomProgram(&draw, inputs: inputs, temporaries: temporaries, length: length)
            let code = random.code.map { op in
                var op = op
                if op.opcode == .roundToFloat32 { op.opcode = .squareRoot }
                return op
            }
            // Every other output is left in place; the rest are written as usual.
            let outputs = random.outputs.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            let leaving = random.outputs.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            var asm = X86Assembler()
            asm.save(X86Assembler.laneLoopRegisters)
            asm.move(.rbx, .rdi)
            let left = NativeTranslation.translate(code, registerCount: random.registerCount, outputs: outputs,
                                                   leaving: leaving, laneStride: 32, into: &asm)
            for (register, operand) in zip(leaving, left) {
                guard case .ymm(let slot) = operand else { leftInFile += 1; continue }
                leftInRegisters += 1
                asm.storeVector(X86Assembler.Memory(.rbx, register * 32), slot)
            }
            asm.restoreAndReturn(X86Assembler.laneLoopRegisters)
            let memory = try #require(ExecutableMemory(asm.finished()))
            let run = unsafeBitCast(memory.start, to: (@convention(c) (UnsafeMutablePointer<Double>) -> Void).self)
            let program = Program(code: code, registerCount: random.registerCount, outputs: random.outputs,
                                  parameters: random.parameters, inputCount: random.inputCount,
                                  constants: random.constants, reductions: [])
            var file = program.makeLaneRegisters(lanes: 4)
            var points: [[Double]] = []
            for l in 0..<4 {
                let point = (0..<inputs).map { _ in
                    draw.below(3) == 0
                        ? NativeCodeTests.specials[draw.below(NativeCodeTests.specials.count)]
                        : Double(draw.below(2001)) / 400 - 2.5
                }
                points.append(point)
                for (i, x) in point.enumerated() { file[i * 4 + l] = x }
            }
            file.withUnsafeMutableBufferPointer { run($0.baseAddress!) }
            for (l, point) in points.enumerated() {
                var scalar = program.makeRegisters()
                for (i, x) in point.enumerated() { scalar[i] = x }
                scalar.withUnsafeMutableBufferPointer { program.interpret($0.baseAddress!) }
                for o in program.outputs where !NativeCodeTests.same(file[o * 4 + l], scalar[o]) {
                    disagreements += 1
                    if disagreements < 4 { Issue.record("lane \(l): \(file[o * 4 + l]) against \(scalar[o]) in \(code)") }
                }
            }
        }
        #expect(disagreements == 0)
        // Both places were tried.
        #expect(leftInRegisters > 0)
        if temporaries > 15 { #expect(leftInFile > 0) }
    }
}
