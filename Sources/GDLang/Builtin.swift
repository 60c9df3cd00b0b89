/// A built-in function, as terms and compiled programs hold it: which one, as its place in `BuiltinFunction.all`,
/// where all it does is declared. One byte, compared and hashed as such; its raw value is its name.
public struct Builtin: Hashable, Sendable, CaseIterable, RawRepresentable {
    package let index: UInt8

    private init(index: Int) { self.index = UInt8(index) }

    /// The built-in function named `rawValue`, if there is one.
    public init?(rawValue: String) {
        guard let index = Builtin.indexByName[rawValue] else { return nil }
        self.index = index
    }

    /// The built-in function declared as `name`, for the rules and code that name one (`Builtin.log`); that there is
    /// none is a programming error.
    init(declared name: String) {
        guard let builtin = Builtin(rawValue: name) else { preconditionFailure("no built-in function '\(name)' is declared") }
        self = builtin
    }

    public var rawValue: String { declaration.name }
    public var declaration: BuiltinFunction { BuiltinFunction.all[Int(index)] }
    public var arity: Int { declaration.arity }
    /// One line for `help functions`.
    public var summary: String { declaration.summary }

    /// Every built-in function, in the order of their declarations.
    public static let allCases: [Builtin] = BuiltinFunction.all.indices.map(Builtin.init(index:))

    private static let indexByName: [String: UInt8] = {
        let all = BuiltinFunction.all
        precondition(all.count <= Int(UInt8.max) + 1, "more built-in functions than a Builtin can tell apart")
        precondition(Set(all.map(\.name)).count == all.count, "two built-in functions declared with one name")
        return Dictionary(uniqueKeysWithValues: all.enumerated().map { ($0.element.name, UInt8($0.offset)) })
    }()

    /// The declared values by `index`, in one array, which the interpreter takes once per run of calls.
    package static let values: [BuiltinFunction.Value] = BuiltinFunction.all.map(\.value)
    private static let laneValues: [BuiltinFunction.Lanes] = BuiltinFunction.all.map(\.lanes)

    /// The declared value: the C function machine code calls.
    package var value: BuiltinFunction.Value { Builtin.values[Int(index)] }

    /// The declared value over lanes (`BuiltinFunction.lanes`).
    package var lanes: BuiltinFunction.Lanes { Builtin.laneValues[Int(index)] }

    /// The function's value at `x` (and `y`, the second argument of `min` and `max`).
    @inline(__always)
    public func evaluate(_ x: Double, _ y: Double = 0) -> Double { value(x, y) }

    public static func == (a: Builtin, b: Builtin) -> Bool { a.index == b.index }
    public func hash(into hasher: inout Hasher) { hasher.combine(index) }
}

extension Builtin: CustomStringConvertible {
    public var description: String { rawValue }
}

/// The named constants `pi` and `e`, kept symbolic so derivatives print `2*pi`, not 6.28319; and `inf` and `nan`,
/// the names gd prints for an infinite value and for one that is not a number, so that what it prints (`a = inf`,
/// a saved session) reads back.
public enum NamedConstant: String, CaseIterable, Hashable, Sendable {
    case pi, e, inf, nan

    public var value: Double {
        switch self {
        case .pi: return Double.pi
        case .e: return 2.718281828459045
        case .inf: return Double.infinity
        case .nan: return Double.nan
        }
    }
}
