/// A table of numbers with named columns, loaded from a CSV file or made up: what `mean(pts, …)` and
/// `sum(pts, …)` range over. Immutable and shared, so terms can refer to it by identity.
public final class DataTable: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let columns: [String]
    /// Column-major: `values[c][r]` is column c of row r.
    public let values: [[Double]]

    public init(name: String, columns: [String], values: [[Double]]) {
        precondition(columns.count == values.count && Set(values.map(\.count)).count <= 1)
        self.name = name
        self.columns = columns
        self.values = values
    }

    public var rowCount: Int { values.first?.count ?? 0 }

    public var description: String { name }

    public static func == (a: DataTable, b: DataTable) -> Bool { a === b }

    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// `mean(table, summand)` or `sum(table, summand)`: the summand is a term in the parameters and in the
/// table's columns (`Term.column`), summed over the rows (and divided by their count for a mean).
public struct Reduction: Hashable, Sendable {
    public var table: DataTable
    public var isMean: Bool
    public var summand: Term

    public init(table: DataTable, isMean: Bool, summand: Term) {
        self.table = table
        self.isMean = isMean
        self.summand = summand
    }
}
