/// A user function as defined: `name(parameters) = body`.
public struct FunctionDefinition: Equatable, Sendable {
    public var name: String
    public var parameters: [String]
    public var body: Expr
    public var location: SourceLocation

    public init(name: String, parameters: [String], body: Expr, location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
    }
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

    /// Forgets the function, variable or table `name`; false when nothing has that name.
    @discardableResult
    public mutating func forget(_ name: String) -> Bool {
        if functions.removeValue(forKey: name) != nil {
            functionOrder.removeAll { $0 == name }
        } else if variables.removeValue(forKey: name) != nil {
            variableOrder.removeAll { $0 == name }
        } else if tables.removeValue(forKey: name) != nil {
            tableOrder.removeAll { $0 == name }
        } else {
            return false
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
