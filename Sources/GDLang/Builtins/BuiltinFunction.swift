/// One built-in function, declared once with everything gd does with it: its name and arity, its line in
/// `help functions`, its value, its symbolic derivative, its derivative on dual numbers, and any simpler form the
/// simplifier writes a call of it in. Lookup by name, help, completion and suggestions, `diff`, reverse and forward
/// mode, the interpreter and machine code all read these declarations, through `Builtin`, which is what terms and
/// compiled programs hold.
///
/// The declarations are grouped in families, a file each in this folder, each a type conforming to
/// `BuiltinFamilyDeclaration` that the Registry build plugin gathers. To add a function, add its declaration to its
/// family's file, with a `Builtin` constant there if a rule names it; a new family is a new file.
public struct BuiltinFunction: Sendable {
    /// A function of two doubles with the C calling convention, which machine code calls; a function of one
    /// argument ignores the second.
    public typealias Value = @convention(c) (Double, Double) -> Double
    public typealias Lanes = @Sendable (_ count: Int, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>,
                                        _ out: UnsafeMutablePointer<Double>) -> Void

    public let name: String
    /// One line for `help functions`.
    public let summary: String
    /// The value at x (and y): what the interpreter and the simplifier's folding compute, and the function machine
    /// code calls, so all of them agree bit for bit.
    public let value: Value
    /// `value` over lanes, `out[l] = value(x[l], y[l])` for `l` in `0..<count`, which the loop that runs a program
    /// over many points at once calls once per operation. Made here, where `value` is a known function, the loop
    /// calls it directly, or inlines it, rather than through a pointer per lane.
    package let lanes: Lanes
    /// How the function is differentiated, symbolically and on dual numbers.
    private let rules: Rules

    private enum Rules {
        /// f′(u) as a term in the argument u, and as a number given u and the value v = f(u).
        case unary(derivative: @Sendable (_ u: Term) -> Term, slope: @Sendable (_ u: Double, _ v: Double) -> Double)
        /// ∂f/∂a (i = 0) or ∂f/∂b (i = 1) as a term in the arguments, and f at dual numbers given v = f(a, b).
        case binary(partial: @Sendable (_ args: [Term], _ i: Int) -> Term,
                    dual: @Sendable (_ a: Dual, _ b: Dual, _ v: Double) -> Dual)
    }

    /// What `Term.call` makes of a call instead, where it has a simpler form (`sqrt(x)` is `x^0.5`); nil to keep it.
    let rewrite: (@Sendable (_ args: [Term]) -> Term?)?

    /// A function of one argument: `derivative` is f′(u) as a term in the argument u, and `slope` is f′(u) as a
    /// number, given u and the value v = f(u), which some slopes reuse.
    @inline(__always)
    init(_ name: String, _ summary: String, value: Value,
         derivative: @escaping @Sendable (_ u: Term) -> Term,
         slope: @escaping @Sendable (_ u: Double, _ v: Double) -> Double,
         rewrite: (@Sendable (_ args: [Term]) -> Term?)? = nil) {
        self.init(name, summary, value, .unary(derivative: derivative, slope: slope), rewrite)
    }

    /// A function of two arguments a, b: `partial` is ∂f/∂a (i = 0) or ∂f/∂b (i = 1) as a term in the arguments, and
    /// `dual` is f at dual numbers, given the value v = f(a, b).
    @inline(__always)
    init(_ name: String, _ summary: String, value: Value,
         partial: @escaping @Sendable (_ args: [Term], _ i: Int) -> Term,
         dual: @escaping @Sendable (_ a: Dual, _ b: Dual, _ v: Double) -> Dual) {
        self.init(name, summary, value, .binary(partial: partial, dual: dual), nil)
    }

    @inline(__always)
    private init(_ name: String, _ summary: String, _ value: Value, _ rules: Rules,
                 _ rewrite: (@Sendable (_ args: [Term]) -> Term?)?) {
        self.name = name
        self.summary = summary
        self.value = value
        lanes = { count, x, y, out in for l in 0..<count { out[l] = value(x[l], y[l]) } }
        self.rules = rules
        self.rewrite = rewrite
    }

    /// 1, or 2 for a function of two arguments (`min`, `max`).
    public var arity: Int {
        if case .binary = rules { return 2 }
        return 1
    }

    /// ∂f(args)/∂args[i], a term in the arguments.
    func partial(_ args: [Term], _ i: Int) -> Term {
        switch rules {
        case .unary(let derivative, _): return derivative(args[0])
        case .binary(let partial, _): return partial(args, i)
        }
    }

    /// f at dual numbers: its value, and its derivative by the chain rule, written out numerically, independently of
    /// `partial`.
    func dual(_ x: Dual, _ y: Dual) -> Dual {
        let v = value(x.value, y.value)
        switch rules {
        case .unary(_, let slope): return Dual(v, slope(x.value, v) * x.derivative)
        case .binary(_, let dual): return dual(x, y, v)
        }
    }

    /// Every built-in function, in the order `help functions` lists them: family by family, by rank.
    public static let all: [BuiltinFunction] =
        registeredBuiltinFamilyDeclarations.sorted { $0.rank < $1.rank }.flatMap { $0.functions }
}

/// A family of built-in functions, declared in a file of its own in this folder.
protocol BuiltinFamilyDeclaration: Sendable {
    /// Where the family stands in `help functions`: lower first.
    static var rank: Double { get }
    static var functions: [BuiltinFunction] { get }
}
