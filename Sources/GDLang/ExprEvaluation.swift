/// The value of an expression as its text reads in IEEE double arithmetic: each operation in the order written,
/// user functions called with their arguments' values, built-ins the C library's, `^` the C library's `pow` (a
/// square as one multiplication, which is the same double). This is what NumPy computes from the same text, and
/// what `f(2)` and `check f using g` print: lowering to canonical terms reorders sums and folds constants, which
/// can move the last bits.
///
/// It evaluates only what reads as plain arithmetic; for derivatives (`f'`, `diff`), sums over tables and
/// expressions too large to walk (it stops after `limit` operations), it returns nil and the caller uses the
/// canonical term. The expression must have lowered without an error first: names are then known and no
/// function calls itself.
///
/// With `float32` it computes as `precision=f32` runs do: every number and every operation's result rounded to
/// float32 (`BinaryOperator.apply(_:_:float32:)`), built-ins in double and rounded once.
public struct ExprEvaluation {
    private let environment: Environment
    private let float32: Bool
    private var operations = 0
    private var depth = 0
    /// How many operations a direct evaluation may take before it gives way to the term's.
    public static let limit = 100_000
    /// How deep it may recurse (a sum of many terms is a chain as deep as it is long) before it gives way.
    public static let maximumDepth = 1_000

    private init(environment: Environment, float32: Bool) {
        self.environment = environment
        self.float32 = float32
    }

    /// The value of `expr` with `bindings` for its free names, or nil where it is not plain arithmetic.
    public static func value(of expr: Expr, bindings: [String: Double] = [:], in environment: Environment,
                             float32: Bool = false) -> Double? {
        var evaluation = ExprEvaluation(environment: environment, float32: float32)
        return evaluation.value(expr, bindings)
    }

    /// `x` as the arithmetic holds it.
    private func held(_ x: Double) -> Double { float32 ? Double(Float(x)) : x }

    private mutating func value(_ expr: Expr, _ bindings: [String: Double]) -> Double? {
        operations += 1
        depth += 1
        defer { depth -= 1 }
        guard operations <= Self.limit, depth <= Self.maximumDepth else { return nil }
        switch expr {
        case .number(let v):
            return held(v)
        case .name(let name, _):
            if let v = bindings[name] { return held(v) }
            if let v = environment.variables[name] { return held(v) }
            return NamedConstant(rawValue: name).map { held($0.value) }
        case .negate(let e):
            return value(e, bindings).map { -$0 }
        case .binary(let op, let a, let b):
            guard let x = value(a, bindings), let y = value(b, bindings) else { return nil }
            return op.apply(x, y, float32: float32)
        case .call(let name, let args, _):
            var values: [Double] = []
            for a in args {
                guard let v = value(a, bindings) else { return nil }
                values.append(v)
            }
            if let f = environment.functions[name], f.isScalar, f.parameters.count == values.count {
                return value(f.body, Dictionary(uniqueKeysWithValues: zip(f.parameters, values)))
            }
            if let b = Builtin(rawValue: name), b.arity == values.count {
                return held(b.evaluate(values[0], values.count > 1 ? values[1] : 0))
            }
            return nil
        case .derivative, .index, .indexRange:
            return nil
        }
    }
}

extension BinaryOperator {
    /// `x op y` in IEEE doubles, as an expression's text means it: the one place the operators' values are
    /// defined, for typed values and for the numbers a loss as written folds ahead (`Lowering`). With `float32`, for
    /// float32 operands, in float32 as `precision=f32` computes it (an operation of two float32s in double, rounded
    /// once to float32, is float32's own result; powers as `Double.float32Power`).
    public func apply(_ x: Double, _ y: Double, float32: Bool = false) -> Double {
        if float32 {
            return self == .power ? Double.float32Power(x, y) : Double(Float(apply(x, y)))
        }
        switch self {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return x / y
        case .power: return Double.power(x, y)
        }
    }
}
