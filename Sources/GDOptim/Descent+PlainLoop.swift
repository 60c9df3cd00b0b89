import GDLang
import GDProgram

extension Descent {
    /// `run` for plain gradient descent with a constant step (no bounds, mini-batches or table): the same rules
    /// in the same order as the general loop, so the run, its history and how it stops are identical, but over
    /// raw buffers and the program's own registers, and recording straight into the history's storage.
    mutating func runPlain(interrupted: () -> Bool, progress: (Int, Double) -> Void) {
        var loop = PlainLoop(self)
        defer { loop.finish() }
        while loop.stop == nil {
            if keepsHistory {
                // Stretches of at most 4096 iterates, so a run that stops early never reserves room for its step limit.
                let room = min(4096, settings.steps > loop.k ? settings.steps - loop.k : 1)
                history.withRecorder(room: room) { recorder in
                    loop.steps(recording: &recorder, interrupted: interrupted, progress: progress)
                }
            } else {
                var none = NoRecording()
                loop.steps(recording: &none, interrupted: interrupted, progress: progress)
            }
        }
        loop.store(into: &self)
    }
}

/// The state of a plain descent in buffers of its own: the registers of its fused step (see `PlainStep`), whose
/// inputs hold the point, and room to gather the gradient where its components are needed.
private struct PlainLoop {
    let program: Program
    let step: PlainStep
    let rules: StoppingRules
    let n: Int
    let scales: DivergenceScales
    let eta: Double
    var k: Int
    var loss: Double
    var gradientNorm: Double
    var stop: StopReason?
    var divergence: Divergence?
    let gradient: UnsafeMutablePointer<Double>
    let registers: UnsafeMutablePointer<Double>
    /// The machine-code loop's integer state, where it runs.
    let control: NativePlainLoop.Control?

    init(_ run: Descent) {
        program = run.objective.program
        rules = run.rules
        n = run.point.count
        scales = run.scales
        eta = run.settings.eta
        k = run.k
        loss = run.loss
        gradientNorm = run.gradientNorm
        stop = run.stop
        divergence = run.divergence
        gradient = .allocate(capacity: max(1, n))
        gradient.initialize(from: run.gradient, count: n)
        step = run.objective.plainSteps.step(program, dimension: n, measuresMove: rules.tolStep != nil,
                                             float32: run.settings.precision == .f32)
        registers = step.makeRegisters(point: run.point, eta: eta)
        step.setLimits(registers, rules: rules, scales: scales)
        control = step.loop == nil ? nil : NativePlainLoop.Control()
    }

    /// The point: the program's input registers.
    var point: UnsafeMutablePointer<Double> { registers }

    func finish() {
        gradient.deallocate()
        registers.deallocate()
        control?.deallocate()
    }

    func store(into run: inout Descent) {
        run.k = k
        run.loss = loss
        run.gradientNorm = gradientNorm
        run.eta = eta
        run.point = Array(UnsafeBufferPointer(start: point, count: n))
        gatherGradient()
        run.gradient = Array(UnsafeBufferPointer(start: gradient, count: n))
        run.stop = stop
        run.divergence = divergence
    }

    /// Copies ∇L from the program's output registers.
    func gatherGradient() {
        for i in 0..<n { gradient[i] = registers[program.outputs[i + 1]] }
    }

    /// Steps until a stopping rule holds or the recorder is full (the caller then thins the history and comes back).
    mutating func steps<R: IterateRecording>(recording sink: inout R, interrupted: () -> Bool,
                                             progress: (Int, Double) -> Void) {
        // A local copy, so the recorder's fields can live in machine registers for the whole loop.
        var recorder = sink
        defer { sink = recorder }
        let outputs = program.outputs
        let lossRegister = outputs[0]
        let rules = rules
        while true {
            if let reason = rules.stop(before: k, loss: loss, gradientNorm: gradientNorm) { stop = reason; return }
            if recorder.isFull { return }
            if StoppingRules.asksForInterruption(at: k) {
                if interrupted() { stop = .interrupted; return }
                progress(k, loss)
            }
            if let loop = step.loop, let control {
                // Steps in machine code up to the next interrupt check, the step limit or the recorder's room.
                control[.k] = k
                control[.kLimit] = min(StoppingRules.nextInterruptionCheck(after: k), rules.steps,
                                       k + min(recorder.room, 1 << 40))
                recorder.lend(to: control)
                let exit = loop.run(registers, control)
                k = control[.k]
                recorder.takeBack(from: control)
                switch exit {
                case .beforeStep:
                    loss = registers[lossRegister]
                    gradientNorm = registers[step.gradientSquares].squareRoot()
                    if step.float32 { gradientNorm = Double(Float(gradientNorm)) }
                    continue
                case .afterStep:
                    break  // a step whose bookkeeping follows
                }
            } else {
                // The update, the evaluation and the sums of squares, as the general loop computes them.
                step.program.execute(registers)
            }
            var movedSquares = registers[step.movedSquares]
            loss = registers[lossRegister]
            let pointSquares = registers[step.pointSquares], gradientSquares = registers[step.gradientSquares]
            // The components are read only where the sum of squares cannot give the norm (or flags a non-finite one).
            if !givesNorm(sumOfSquares: gradientSquares) { gatherGradient() }
            k += 1
            let g = UnsafeBufferPointer(start: gradient, count: n)
            if step.float32 {
                // Norms of float32 values in float32, as `Descent.float32Norm`; ‖Δx‖² squared back exactly.
                gradientNorm = Double(Float(gradientSquares.squareRoot()))
                let moved = Double(Float(movedSquares.squareRoot()))
                movedSquares = moved * moved
            } else {
                gradientNorm = norm(sumOfSquares: gradientSquares, g)
            }
            divergence = rules.divergence(loss: loss, point: UnsafeBufferPointer(start: point, count: n), pointSquares: pointSquares,
                                          gradient: g, gradientSquares: gradientSquares, scales: scales)
            stop = rules.stop(after: divergence, movedSquares: movedSquares)
            recorder.record(k: k, point: point, loss: loss, gradientNorm: gradientNorm, eta: eta)
            if stop != nil { return }
        }
    }
}
