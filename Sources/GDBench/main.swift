// gd-bench: the measurements behind scripts/bench, printed as tab-separated rows for the script to tabulate.
// Every figure is a median of several repeats taken in this one process, so ratios compare like with like.
#if canImport(Glibc)
import Glibc
#endif
import GDLang
import GDProgram
import GDOptim

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// CPU time of the whole process, all threads, in seconds.
func cpuTime() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The median time in seconds of `repeats` calls of `body`, by `clock` (wall time unless told).
func median(_ repeats: Int, clock: () -> Double = now, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<repeats {
        let t0 = clock()
        body()
        times.append(clock() - t0)
    }
    return times.sorted()[repeats / 2]
}

/// The median of column `column` of `rows`.
func medianOf(_ rows: [[Double]], _ column: Int) -> Double {
    let values = rows.map { $0[column] }.sorted()
    return values[values.count / 2]
}

/// A loss with its hand-written gradient, as a person would code it in Swift: the practical limit.
protocol HandWritten {
    static func lossAndGradient(_ w: UnsafePointer<Double>, _ g: UnsafeMutablePointer<Double>) -> Double
}

enum HalfSquare: HandWritten {
    static func lossAndGradient(_ w: UnsafePointer<Double>, _ g: UnsafeMutablePointer<Double>) -> Double {
        g[0] = w[0]
        return 0.5 * w[0] * w[0]
    }
}

enum DoubleWell: HandWritten {
    static func lossAndGradient(_ w: UnsafePointer<Double>, _ g: UnsafeMutablePointer<Double>) -> Double {
        let u = w[0] * w[0] - 1
        g[0] = 2 * w[0] * u
        return 0.5 * u * u
    }
}

enum Quartic: HandWritten {
    static func lossAndGradient(_ w: UnsafePointer<Double>, _ g: UnsafeMutablePointer<Double>) -> Double {
        let x = w[0], x2 = x * x
        g[0] = 4 * x2 * x - 6 * x
        return x2 * x2 - 3 * x2 + 2
    }
}

enum Bowl: HandWritten {
    static func lossAndGradient(_ w: UnsafePointer<Double>, _ g: UnsafeMutablePointer<Double>) -> Double {
        g[0] = 2 * w[0]
        g[1] = 10 * w[1]
        return w[0] * w[0] + 5 * w[1] * w[1]
    }
}

enum Rosenbrock20: HandWritten {
    static func lossAndGradient(_ w: UnsafePointer<Double>, _ g: UnsafeMutablePointer<Double>) -> Double {
        var loss = 0.0
        for i in 0..<20 { g[i] = 0 }
        for i in 0..<19 {
            let a = w[i + 1] - w[i] * w[i]
            let b = 1 - w[i]
            loss += 100 * a * a + b * b
            g[i] += -400 * w[i] * a - 2 * b
            g[i + 1] += 200 * a
        }
        return loss
    }
}

/// Plain gradient descent with the hand-written gradient.
@inline(never)
func handDescent<L: HandWritten>(_: L.Type, _ w: inout [Double], eta: Double, steps: Int) -> Double {
    var g = [Double](repeating: 0, count: w.count)
    var loss = 0.0
    w.withUnsafeMutableBufferPointer { wp in
        g.withUnsafeMutableBufferPointer { gp in
            for _ in 0..<steps {
                loss = L.lossAndGradient(wp.baseAddress!, gp.baseAddress!)
                for i in 0..<wp.count { wp[i] -= eta * gp[i] }
            }
        }
    }
    return loss
}

struct Case {
    var name: String
    var source: String
    var parameters: [String]
    var start: [Double]
    var eta: Double
    var hand: (inout [Double], Double, Int) -> Double
}

let rosenbrockSource = (0..<19).map { "100*(x\($0 + 1) - x\($0)^2)^2 + (1 - x\($0))^2" }.joined(separator: " + ")
let cases = [
    Case(name: "0.5*w^2", source: "0.5*w^2", parameters: ["w"], start: [5], eta: 1e-9,
         hand: { handDescent(HalfSquare.self, &$0, eta: $1, steps: $2) }),
    Case(name: "0.5*(w^2-1)^2", source: "0.5*(w^2-1)^2", parameters: ["w"], start: [5], eta: 1e-9,
         hand: { handDescent(DoubleWell.self, &$0, eta: $1, steps: $2) }),
    Case(name: "x^4 - 3*x^2 + 2", source: "x^4 - 3*x^2 + 2", parameters: ["x"], start: [2], eta: 1e-9,
         hand: { handDescent(Quartic.self, &$0, eta: $1, steps: $2) }),
    Case(name: "w1^2 + 5*w2^2", source: "w1^2 + 5*w2^2", parameters: ["w1", "w2"], start: [2.5, 1.5], eta: 1e-9,
         hand: { handDescent(Bowl.self, &$0, eta: $1, steps: $2) }),
    Case(name: "rosenbrock-20", source: rosenbrockSource, parameters: (0..<20).map { "x\($0)" },
         start: (0..<20).map { _ in -1.2 }, eta: 1e-9, hand: { handDescent(Rosenbrock20.self, &$0, eta: $1, steps: $2) }),
]

func objective(_ source: String, _ parameters: [String]) -> Objective {
    let expr = try! Parser.parseExpression(source, file: "bench")
    // L as gd computes it: from the loss as written, the gradient from the canonical term.
    return Objective(loss: try! Lowering.lower(expr, parameters: parameters, in: Environment()),
                     value: try! Lowering.lower(expr, parameters: parameters, in: Environment(), asWritten: true),
                     parameters: parameters)
}

// As gd itself runs: memory freed by one run is kept for the next.
RunHistory.keepFreedMemoryForLaterRuns()
let quick = CommandLine.arguments.contains("--quick")
let repeats = quick ? 1 : 9
let steps = quick ? 2_000 : 200_000
let lanes = 1024
let laneSteps = quick ? 20 : 2_000

print("# descent\tloss\tgd_single_ns\tgd_single_no_history_ns\tgd_lane_ns\tswift_ns\tgd_lane_cpu_ns\tgd_single_f32_ns")
for c in cases {
    let f = objective(c.source, c.parameters)
    var settings = DescentSettings()
    settings.eta = c.eta
    settings.steps = steps
    settings.tolGrad = nil
    var laneSettings = settings
    laneSettings.steps = laneSteps
    var float32 = settings
    float32.precision = .f32
    func sweep() {
        let l = LaneDescent(objective: f, starts: (0..<lanes).map { _ in c.start },
                            etas: (0..<lanes).map { c.eta * (1 + Double($0) / Double(lanes)) }, settings: laneSettings)
        precondition(l.outcomes.allSatisfy { $0.steps == laneSteps })
    }
    var sink = 0.0
    // The columns are measured in turn within each round, so that a slow spell on a shared machine falls on
    // all of them alike and their ratios stay fair; each figure is the median over the rounds.
    var times: [[Double]] = []
    for _ in 0..<repeats {
        times.append([
            median(1) {
                var run = Descent(objective: f, start: c.start, settings: settings)
                run.run()
                precondition(run.updates == steps)
            } / Double(steps),
            median(1) {
                var run = Descent(objective: f, start: c.start, settings: settings, keepsHistory: false)
                run.run()
            } / Double(steps),
            // Wall time per lane (the lanes are spread over all cores), and CPU time per lane summed over the cores.
            median(1, sweep) / Double(laneSteps * lanes),
            median(1) {
                var w = c.start
                sink += c.hand(&w, c.eta, steps)
            } / Double(steps),
            median(1, clock: cpuTime, sweep) / Double(laneSteps * lanes),
            // The same single run in float32 (precision=f32), history recorded.
            median(1) {
                var run = Descent(objective: f, start: c.start, settings: float32)
                run.run()
                precondition(run.updates == steps)
            } / Double(steps),
        ])
    }
    let (single, bare, lane, hand, laneCPU) = (medianOf(times, 0), medianOf(times, 1), medianOf(times, 2),
                                               medianOf(times, 3), medianOf(times, 4))
    let single32 = medianOf(times, 5)
    if sink.isNaN { print("#") }
    print("descent\t\(c.name)\t\(single * 1e9)\t\(bare * 1e9)\t\(lane * 1e9)\t\(hand * 1e9)\t\(laneCPU * 1e9)\t\(single32 * 1e9)")
}

// Gradient against loss alone: Rosenbrock-20, and a chain of 64 nested tanh layers with a weight each
// (w64·tanh(w63·tanh(…))), where forward derivatives, one per weight, would need about 64² operations.
let chainParameters = (1...64).map { "w\($0)" }
for (name, source, parameters, point) in [
    ("rosenbrock-20", rosenbrockSource, cases[4].parameters, cases[4].start),
    ("tanh-chain-64", chainParameters.reduce("1") { "tanh(\($1)*\($0))" }, chainParameters, chainParameters.map { _ in 0.9 }),
] {
    let f = objective(source, parameters)
    var registers = f.program.makeRegisters()
    var lossRegisters = f.lossProgram.makeRegisters()
    let n = quick ? 10_000 : 1_000_000
    let both = median(repeats) {
        point.withUnsafeBufferPointer { p in
            registers.withUnsafeMutableBufferPointer { r in for _ in 0..<n { f.program.run(p, r) } }
        }
    } / Double(n)
    let lossOnly = median(repeats) {
        point.withUnsafeBufferPointer { p in
            lossRegisters.withUnsafeMutableBufferPointer { r in for _ in 0..<n { f.lossProgram.run(p, r) } }
        }
    } / Double(n)
    print("gradient\t\(name)\t\(both * 1e9)\t\(lossOnly * 1e9)\t\(f.program.code.count)\t\(f.lossProgram.code.count)")
}

// Parse, differentiate and compile a sum of n squared residuals in two parameters.
for n in [10, 100, 1_000, 10_000] {
    let source = (0..<n).map { "(a*\($0 % 13) + b - \($0 % 7))^2" }.joined(separator: " + ")
    let t = median(quick ? 1 : 3) { _ = objective(source, ["a", "b"]) }
    print("compile\t\(n)\t\(t * 1e3)")
}

// An iterated map written as doubling definitions, f{i}(x) = f{i-1}(f{i-1}(x)): exponentially long written
// out, linear as a DAG. Defines, differentiates and compiles it; reports the DAG's size and the time.
for levels in [6, 8, 10] {
    var environment = Environment()
    var script = "f1(x) = 3.7*x*(1 - x)\n"
    for i in 2...levels { script += "f\(i)(x) = f\(i - 1)(f\(i - 1)(x))\n" }
    var loss = Term.zero
    let t = median(quick ? 1 : 3) {
        environment = Environment()
        for statement in try! Parser.parse(script, file: "bench") {
            guard case .define(let name, let parameters, let body) = statement.kind else { continue }
            environment.define(FunctionDefinition(name: name.text, declared: parameters.map { try! $0.declaration() }, body: body,
                                                  location: statement.location))
        }
        loss = try! Lowering.lower(try! Parser.parseExpression("(f\(levels)(x) - 0.3)^2", file: "bench"),
                                   parameters: ["x"], in: environment)
        _ = Objective(loss: loss, parameters: ["x"])
    }
    let gradient = Derivative.of(loss, wrt: "x")
    print("iterated\t\(1 << (levels - 1))\t\(t * 1e3)\t\(loss.nodeCount)\t\(gradient.nodeCount)")
}

// A full-batch step of a 10-feature linear model over 100,000 rows: L and ∇L in one pass over the table.
do {
    let rows = quick ? 1_000 : 100_000
    var columns: [[Double]] = []
    var rng = NumPyRandom(seed: 1)
    for _ in 0..<11 { columns.append((0..<rows).map { _ in rng.uniform() - 0.5 }) }
    let names = (1...10).map { "x\($0)" } + ["y"]
    let table = DataTable(name: "big", columns: names, values: columns)
    var environment = Environment()
    environment.define(table: table)
    let parameters = (1...10).map { "w\($0)" }
    let residual = (1...10).map { "w\($0)*x\($0)" }.joined(separator: " + ") + " - y"
    let expr = try! Parser.parseExpression("mean(big, (\(residual))^2)", file: "bench")
    let loss = try! Lowering.lower(expr, parameters: parameters, in: environment)
    let f = Objective(loss: loss, parameters: parameters)
    var settings = DescentSettings()
    settings.eta = 0.01
    settings.steps = quick ? 2 : 20
    settings.tolGrad = nil
    let t = median(repeats) {
        var run = Descent(objective: f, start: [Double](repeating: 0, count: 10), settings: settings)
        run.run()
    } / Double(settings.steps + 1)
    print("data\t\(rows)\t\(t * 1e3)")
}
