import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

/// Terms as one hash-consed DAG: equal terms are one node, and every pass stays linear in the DAG's
/// size on losses whose written-out form is exponentially long.
@Suite struct TermDAGTests {
    /// `r*x*(1 - x)` applied `k` times to the symbol x, built as the lowering builds it.
    static func logistic(_ k: Int, r: Double) -> Term {
        var t = Term.symbol("x")
        for _ in 0..<k { t = Term.multiply([.number(r), t, .one - t]) }
        return t
    }

    /// The value of the iterated map and its derivative by the chain rule, iterating in doubles:
    /// an independent reference for the symbolic terms.
    static func logisticReference(_ k: Int, r: Double, at x0: Double) -> (value: Double, slope: Double) {
        var x = x0, slope = 1.0
        for _ in 0..<k {
            slope *= r * (1 - 2 * x)
            x = r * x * (1 - x)
        }
        return (x, slope)
    }

    /// A script of doubling definitions: `f1` is the map, `f{i}(x) = f{i-1}(f{i-1}(x))`.
    static func doublingScript(levels: Int) -> String {
        var script = "f1(x) = 2.5*x*(1 - x)\n"
        for i in 2...levels { script += "f\(i)(x) = f\(i - 1)(f\(i - 1)(x))\n" }
        return script
    }

    static func environment(_ script: String) throws -> Environment {
        var environment = Environment()
        for statement in try Parser.parse(script, file: "t.gdscript") {
            guard case .define(let name, let parameters, let body) = statement.kind else { continue }
            let f = FunctionDefinition(name: name.text, parameters: parameters.map(\.name.text), body: body,
                                       location: statement.location)
            environment.define(f)
            _ = try Lowering.lower(function: f, in: environment)
        }
        return environment
    }

    @Test func equalTermsAreOneNode() {
        let x = Term.symbol("x"), y = Term.symbol("y")
        let a = Term.multiply([x, y + .one, .number(2)])
        let b = Term.multiply([.number(2), .one + y, x])
        #expect(a == b)
        #expect(a.node === b.node)
        #expect(a != Term.multiply([x, y + .number(2), .number(2)]))
        // A NaN term is one term, equal to itself; minus zero is zero.
        #expect(Term.number(.nan) == Term.number(.nan))
        #expect(Term.number(-0.0) == .zero)
    }

    @Test func iteratedMapStaysLinearThroughTwoDerivatives() {
        var counts: [(loss: Int, first: Int, second: Int)] = []
        for k in [40, 80, 160] {
            let loss = Self.logistic(k, r: 3.7)
            let first = Derivative.of(loss, wrt: "x")
            let second = Derivative.of(first, wrt: "x")
            counts.append((loss.nodeCount, first.nodeCount, second.nodeCount))
            // Written out, the loss alone has more than 2^(k/4) nodes (and saturates at Int.max).
            #expect(loss.size >= 1 << min(k / 4, 62))
        }
        for (smaller, larger) in zip(counts, counts.dropFirst()) {
            #expect(Double(larger.loss) <= 2.1 * Double(smaller.loss))
            #expect(Double(larger.first) <= 2.1 * Double(smaller.first))
            #expect(Double(larger.second) <= 2.1 * Double(smaller.second))
        }
        #expect(counts[2].first <= 5 * counts[2].loss)
        #expect(counts[2].second <= 10 * counts[2].loss)
    }

    @Test(arguments: [1, 7, 40, 600])
    func iteratedMapValueAndDerivativeMatchTheChainRule(k: Int) {
        // r = 2.5 contracts to a fixed point, so the long compositions stay well conditioned.
        let loss = Self.logistic(k, r: 2.5)
        let slope = Derivative.of(loss, wrt: "x")
        let reference = Self.logisticReference(k, r: 2.5, at: 0.2)
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(b), 1e-300) }
        #expect(close(loss.evaluate(["x": 0.2]), reference.value))
        #expect(close(slope.evaluate(["x": 0.2]), reference.slope))
        let program = Program.compile([loss, slope], parameters: ["x"])
        let values = program.evaluate([0.2])
        #expect(close(values[0], reference.value))
        #expect(close(values[1], reference.slope))
    }

    @Test func substitutionVisitsEachNodeOnce() {
        let loss = Self.logistic(500, r: 2.5)
        let moved = loss.substituting(["x": Term.symbol("y") + .number(0.1)])
        let reference = Self.logisticReference(500, r: 2.5, at: 0.2)
        #expect(abs(moved.evaluate(["y": 0.1]) - reference.value) <= 1e-9 * reference.value)
        #expect(moved.symbols == ["y"])
    }

    @Test func doublingDefinitionsLowerToTheSameTermAsTheLoop() throws {
        // f8 is the map applied 128 times: 2^128 nodes written out, a few hundred as a DAG.
        let environment = try Self.environment(Self.doublingScript(levels: 8))
        let term = try lowered("f8(x)", ["x"], in: environment)
        #expect(term == Self.logistic(128, r: 2.5))
        #expect(term.nodeCount < 1000)
    }

    @Test func aDefinitionTooDeepIsAnErrorWhereItIsWritten() throws {
        // f12 is 2,048 maps deep: more levels than the passes over terms may recurse.
        let error = #expect(throws: Diagnostic.self) { try Self.environment(Self.doublingScript(levels: 12)) }
        #expect(error?.message.contains("nested too deeply") == true)
        #expect(error?.location.line == 12)
        #expect(error?.location.column == 10)
    }

    @Test func theDeepestAllowedTermGoesThroughEveryPass() throws {
        // 1,024 maps: within the height limit, and deep enough that a pass recursing carelessly would overflow.
        let environment = try Self.environment(Self.doublingScript(levels: 11))
        let loss = try lowered("(f11(x) - 0.3)^2", ["x"], in: environment)
        #expect(loss.height > Lowering.maximumHeight / 2 && loss.height <= Lowering.maximumHeight)
        let first = Derivative.of(loss, wrt: "x")
        let second = Derivative.of(first, wrt: "x")
        let reference = Self.logisticReference(1024, r: 2.5, at: 0.2)
        let expected = 2 * (reference.value - 0.3) * reference.slope
        let values = Program.compile([loss, first, second], parameters: ["x"]).evaluate([0.2])
        #expect(abs(values[1] - expected) <= 1e-9 * abs(expected))
        #expect(abs(first.evaluate(["x": 0.2]) - expected) <= 1e-9 * abs(expected))
        #expect(values[2].isFinite)
        let shared = TermSharing.share([first, second])
        #expect(shared != nil)
    }

    @Test func tooLongDerivativesPrintWithEveryRepeatedPieceNamed() throws {
        let loss = Self.logistic(64, r: 2.5)
        let first = Derivative.of(loss, wrt: "x")
        #expect(TermSharing.isTooLongToWriteOut([first]))
        let shared = try #require(TermSharing.share([first]))
        // Linear in the DAG: the text is a bounded number of characters per node.
        let characters = shared.exprs[0].count + shared.definitions.reduce(0) { $0 + $1.expr.count }
        #expect(characters < 200 * first.nodeCount)
        // Reading the pieces back in order gives the derivative's value.
        var environment = Environment()
        environment.assign("x", 0.2)
        for d in shared.definitions {
            let v = try lowered(d.expr, in: environment).evaluate([String: Double]())
            environment.assign(d.name, v)
        }
        let v = try lowered(shared.exprs[0], in: environment)
            .evaluate([String: Double]())
        let reference = Self.logisticReference(64, r: 2.5, at: 0.2).slope
        #expect(abs(v - reference) <= 1e-9 * abs(reference))
    }

    @Test func theTableDropsTermsNobodyHolds() {
        let prefix = "dropped\(UInt64.random(in: 0...UInt64.max))_"
        do {
            var parts: [Term] = []
            for i in 0..<5_000 { parts.append(Term.call(.sin, [Term.symbol(prefix + "\(i)")]) * .number(Double(i))) }
            let sum = Term.add(parts)
            #expect(sum.nodeCount > 10_000)
        }
        for i in stride(from: 0, to: 5_000, by: 499) {
            #expect(!TermTable.shared.holds(.symbol(prefix + "\(i)")))
        }
    }

    @Test func concurrentBuildersGetTheSameNodes() async {
        let prefix = "shared\(UInt64.random(in: 0...UInt64.max))_"
        let built = await withTaskGroup(of: Term.self) { group in
            for task in 0..<8 {
                group.addTask {
                    // Each task also builds and drops terms of its own, so sweeps run while others build.
                    for i in 0..<2_000 { _ = Term.symbol("\(prefix)own\(task)_\(i)") + .one }
                    var t = Term.symbol(prefix + "x")
                    for i in 0..<300 { t = Term.call(.sin, [t]) * Term.symbol(prefix + "\(i % 7)") + .one }
                    return t
                }
            }
            var all: [Term] = []
            for await t in group { all.append(t) }
            return all
        }
        #expect(built.count == 8)
        #expect(built.allSatisfy { $0 == built[0] && $0.node === built[0].node })
    }
}
