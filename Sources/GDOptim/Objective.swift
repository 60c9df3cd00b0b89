import GDLang

/// A loss and its gradient, compiled into one program, ready to evaluate at points.
public struct Objective: Sendable {
    public let parameters: [String]
    public let loss: Term
    public let gradient: [Term]
    public let program: Program

    /// Differentiates `loss` symbolically with respect to each parameter and compiles L and ∇L together.
    public init(loss: Term, parameters: [String]) {
        self.parameters = parameters
        self.loss = loss
        self.gradient = Derivative.gradient(loss, parameters: parameters)
        self.program = Program.compile([loss] + gradient, parameters: parameters)
    }

    public var dimension: Int { parameters.count }
}

/// Evaluates an objective repeatedly without allocating: owns the program's registers.
public struct ObjectiveEvaluator: Sendable {
    public let objective: Objective
    private var registers: [Double]

    public init(_ objective: Objective) {
        self.objective = objective
        self.registers = [Double](repeating: 0, count: objective.program.instructions.count)
    }

    /// L at `point`, with ∇L written into `gradient` (which must have the objective's dimension).
    public mutating func evaluate(_ point: [Double], gradient: inout [Double]) -> Double {
        let program = objective.program
        registers.withUnsafeMutableBufferPointer { r in
            point.withUnsafeBufferPointer { p in program.run(p, r) }
        }
        for i in gradient.indices { gradient[i] = registers[program.outputs[i + 1]] }
        return registers[program.outputs[0]]
    }
}
