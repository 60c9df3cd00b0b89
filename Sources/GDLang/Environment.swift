/// A user function as defined: `name(parameters) = body`.
public struct FunctionDefinition: Equatable, Sendable {
    public var name: String
    /// The parameters as declared: numbers, vectors and matrices.
    public let declared: [ParameterDeclaration]
    /// Every number the function takes, in order: a number parameter's name, each component of a vector or
    /// matrix (`w[1]`, …, `W[1,1]`, `W[1,2]`, …, row by row). Runs, derivatives and reports work on these.
    public let parameters: [String]
    public var body: Expr
    public var location: SourceLocation

    public init(name: String, declared: [ParameterDeclaration], body: Expr, location: SourceLocation) {
        self.name = name
        self.declared = declared
        self.parameters = declared.flatMap(\.components)
        self.body = body
        self.location = location
    }

    /// A function of numbers only.
    public init(name: String, parameters: [String], body: Expr, location: SourceLocation) {
        self.init(name: name, declared: parameters.map { ParameterDeclaration($0) }, body: body, location: location)
    }

    /// True when every parameter is a number.
    public var isScalar: Bool { declared.allSatisfy { $0.sizes.isEmpty } }

    /// `name(x, w[10], W[8,2])`, as a definition writes it.
    public var signature: String { "\(name)(\(declared.map(\.written).joined(separator: ", ")))" }
}

/// The names a script has defined so far: functions and numeric variables, in definition order.
///
/// Functions are bound late: a call is expanded when the calling expression is lowered,
/// so redefining `f` changes every function that calls it.
public struct Environment: Sendable {
    public private(set) var functions: [String: FunctionDefinition] = [:]
    public private(set) var variables: [String: Double] = [:]
    public private(set) var functionOrder: [String] = []
    public private(set) var variableOrder: [String] = []
    /// Tables of data, for `mean(t, …)` and `sum(t, …)`.
    public private(set) var tables: [String: DataTable] = [:]
    public private(set) var tableOrder: [String] = []
    /// Points by name, each a value for every number of some function's parameters (`w[1]`, `b`): the final points of
    /// kept runs, so that `f(fit)` is f at the end of the run kept as `fit`.
    public private(set) var points: [String: [String: Double]] = [:]

    public init() {}

    public mutating func define(_ f: FunctionDefinition) {
        if functions[f.name] == nil { functionOrder.append(f.name) }
        functions[f.name] = f
    }

    public mutating func assign(_ name: String, _ value: Double) {
        if variables[name] == nil { variableOrder.append(name) }
        variables[name] = value
    }

    public mutating func define(table: DataTable) {
        if tables[table.name] == nil { tableOrder.append(table.name) }
        tables[table.name] = table
    }

    public mutating func define(point name: String, _ values: [String: Double]) {
        points[name] = values
    }

    /// Forgets the function, variable, table or point `name`; false when nothing has that name.
    @discardableResult
    public mutating func forget(_ name: String) -> Bool {
        let wasPoint = points.removeValue(forKey: name) != nil
        if functions.removeValue(forKey: name) != nil {
            functionOrder.removeAll { $0 == name }
        } else if variables.removeValue(forKey: name) != nil {
            variableOrder.removeAll { $0 == name }
        } else if tables.removeValue(forKey: name) != nil {
            tableOrder.removeAll { $0 == name }
        } else {
            return wasPoint
        }
        return true
    }

    /// The functions, variables and tables defined, in that order.
    public var definedNames: [String] { functionOrder + variableOrder + tableOrder }

    /// Every name a user could have meant, for suggestions.
    public var knownNames: [String] {
        functionOrder + variableOrder + NamedConstant.allCases.map(\.rawValue) + Builtin.allCases.map(\.rawValue)
    }
}
