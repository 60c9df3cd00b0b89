import GDConcurrency
import GDLang
import GDNative

extension ProgramCompiler {
    /// An adjoint ∂root/∂value held as `scale × value`, or the constant `scale` when `value` is nil: constant
    /// factors met on the way down (a coefficient, the 2 of a square, a sign) multiply the scale instead of
    /// costing an operation each, and are applied once, where the parts of an adjoint meet.
    struct Adjoint {
        var scale: Double
        var value: Int?

        func scaled(_ c: Double) -> Adjoint { Adjoint(scale: scale * c, value: value) }
    }

    /// The gradient of value `root` with respect to every parameter, by reverse accumulation over the
    /// instructions emitted so far: each value's adjoint is the sum of what its readers pass down, and each
    /// instruction passes down its adjoint times its local partial derivatives. One backward sweep gives every
    /// partial derivative, so the gradient's code is a small constant times the loss's, however many parameters
    /// there are; forward derivatives, one per parameter, cost that many times over where parameters share a
    /// product or a chain of functions.
    ///
    /// A sum over table rows is the exception: its partial derivatives are sums over the rows of the summand's
    /// symbolic derivatives, computed in the same pass over the rows as the sum itself.
    mutating func emitGradient(of root: Int) -> [Int] {
        let varies = valuesThatVary(upTo: root)
        // The parts of the adjoint reaching each value, from its readers, which come later in the code.
        var parts: [Int: [Adjoint]] = [root: [Adjoint(scale: 1, value: nil)]]
        var parameterParts = [[Adjoint]](repeating: [], count: parameters.count)
        func pass(_ adjoint: Adjoint, to value: Int) {
            // A zero partial (sign, heaviside) passes nothing, as the symbolic derivative drops it, even where
            // the adjoint is infinite.
            if adjoint.scale != 0 { parts[value, default: []].append(adjoint) }
        }
        for i in stride(from: root, through: 0, by: -1) where varies[i] {
            guard let reaching = parts.removeValue(forKey: i) else { continue }
            if case .parameter(let p) = instructions[i] {
                parameterParts[p] += reaching
                continue
            }
            let adjoint = total(reaching)
            switch instructions[i] {
            case .constant, .parameter:
                break
            case .add(let a, let b):
                if varies[a] { pass(adjoint, to: a) }
                if varies[b] { pass(adjoint, to: b) }
            case .subtract(let a, let b):
                if varies[a] { pass(adjoint, to: a) }
                if varies[b] { pass(adjoint.scaled(-1), to: b) }
            case .multiply(let a, let b) where a == b:
                pass(times(adjoint.scaled(2), a), to: a)
            case .multiply(let a, let b):
                if varies[a] { pass(times(adjoint, b), to: a) }
                if varies[b] { pass(times(adjoint, a), to: b) }
            case .divide(let a, let b):
                // v = a/b: ∂v/∂a = 1/b, ∂v/∂b = −v/b.
                if varies[a] { pass(divided(adjoint, by: b), to: a) }
                if varies[b] { pass(divided(times(adjoint, i), by: b).scaled(-1), to: b) }
            case .negate(let a):
                pass(adjoint.scaled(-1), to: a)
            case .power(let b, let e):
                if varies[b] {
                    // ∂(b^e)/∂b = e·b^(e−1)
                    if case .constant(let c) = instructions[e] {
                        pass(times(adjoint.scaled(c), raise(b, c - 1)), to: b)
                    } else {
                        pass(times(times(adjoint, e), push(.power(b, push(.subtract(e, push(.constant(1))))))), to: b)
                    }
                }
                if varies[e] { pass(times(times(adjoint, i), push(.function(.log, b))), to: e) }
            case .squareRoot(let a):
                // ∂√a/∂a = 1/(2√a)
                pass(divided(adjoint.scaled(0.5), by: i), to: a)
            case .function(let f, let a):
                pass(times(adjoint, emit(Derivative.partial(f, arguments[i]!, 0))), to: a)
            case .function2(let f, let a, let b):
                let args = arguments[i]!
                if varies[a] { pass(times(adjoint, emit(Derivative.partial(f, args, 0))), to: a) }
                if varies[b] { pass(times(adjoint, emit(Derivative.partial(f, args, 1))), to: b) }
            case .fusedMultiplySubtract, .fusedMultiplyAdd, .addCorrection:
                preconditionFailure("powers are expanded after the gradient is taken")
            case .reduction:
                let r = reductions[i]!
                for (p, d) in Derivative.gradient(r.summand, parameters: parameters).enumerated() {
                    if d != .zero { parameterParts[p].append(times(adjoint, emit(Term.reduce(r.table, isMean: r.isMean, d)))) }
                }
            }
        }
        return parameterParts.map { $0.isEmpty ? push(.constant(0)) : materialize(total($0)) }
    }

    /// Which of the values up to `root` depend on a parameter: only those carry an adjoint.
    private func valuesThatVary(upTo root: Int) -> [Bool] {
        var varies = [Bool](repeating: false, count: root + 1)
        for i in 0...root {
            switch instructions[i] {
            case .constant: varies[i] = false
            case .parameter: varies[i] = true
            case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b),
                 .power(let a, let b), .function2(_, let a, let b):
                varies[i] = varies[a] || varies[b]
            case .negate(let a), .squareRoot(let a), .function(_, let a):
                varies[i] = varies[a]
            case .reduction: varies[i] = reductions[i]!.summand.readsSymbols
            case .fusedMultiplySubtract, .fusedMultiplyAdd, .addCorrection:
                preconditionFailure("powers are expanded after the gradient is taken")
            }
        }
        return varies
    }

    /// `adjoint × b`; a constant `b` goes into the scale.
    private mutating func times(_ adjoint: Adjoint, _ b: Int) -> Adjoint {
        if case .constant(let c) = instructions[b] { return adjoint.scaled(c) }
        guard let v = adjoint.value else { return Adjoint(scale: adjoint.scale, value: b) }
        return Adjoint(scale: adjoint.scale, value: push(.multiply(v, b)))
    }

    /// `adjoint / b`.
    private mutating func divided(_ adjoint: Adjoint, by b: Int) -> Adjoint {
        if case .constant(let c) = instructions[b] { return adjoint.scaled(1 / c) }
        return Adjoint(scale: adjoint.scale, value: push(.divide(adjoint.value ?? push(.constant(1)), b)))
    }

    /// The sum of an adjoint's parts. Parts that differ only in sign are added and subtracted and keep their
    /// common scale; otherwise each part's scale is applied first.
    private mutating func total(_ parts: [Adjoint]) -> Adjoint {
        if parts.count == 1 { return parts[0] }
        if parts.allSatisfy({ $0.value == nil }) { return Adjoint(scale: parts.reduce(0) { $0 + $1.scale }, value: nil) }
        let common = abs(parts[0].scale)
        if parts.allSatisfy({ $0.value != nil && abs($0.scale) == common }) {
            let (sum, negated) = signedSum(parts.map { ($0.value!, $0.scale < 0) }[...])
            return Adjoint(scale: negated ? -common : common, value: sum)
        }
        let (sum, negated) = signedSum(parts.map { part in
            let magnitude = Adjoint(scale: abs(part.scale), value: part.value)
            return (materialize(magnitude), part.scale < 0)
        }[...])
        return Adjoint(scale: negated ? -1 : 1, value: sum)
    }

    /// Adds the values, subtracting the negated ones; when all are negated, returns their sum and `true`.
    /// Like `emitSum`, a long sum is a balanced tree of chains.
    private mutating func signedSum(_ terms: ArraySlice<(value: Int, negated: Bool)>) -> (Int, Bool) {
        if terms.count > Self.longestChain {
            let middle = terms.startIndex + terms.count / 2
            let (left, leftNegated) = signedSum(terms[..<middle])
            let (right, rightNegated) = signedSum(terms[middle...])
            if leftNegated == rightNegated { return (push(.add(left, right)), leftNegated) }
            return leftNegated ? (push(.subtract(right, left)), false) : (push(.subtract(left, right)), false)
        }
        let allNegated = terms.allSatisfy(\.negated)
        let first = terms.firstIndex { $0.negated == allNegated }!
        var sum = terms[first].value
        for (k, t) in zip(terms.indices, terms) where k != first {
            sum = push(t.negated == allNegated ? .add(sum, t.value) : .subtract(sum, t.value))
        }
        return (sum, allNegated)
    }

    /// The adjoint as one value, its scale applied.
    private mutating func materialize(_ adjoint: Adjoint) -> Int {
        guard let v = adjoint.value else { return push(.constant(adjoint.scale)) }
        switch adjoint.scale {
        case 1: return v
        case -1: return push(.negate(v))
        default: return push(.multiply(push(.constant(adjoint.scale)), v))
        }
    }
}
