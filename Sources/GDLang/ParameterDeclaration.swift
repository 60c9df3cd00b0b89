/// A parameter of a function: a number, or a vector or matrix of numbers (`w[10]`, `W[8,2]`) whose components,
/// indexed from 1, are the numbers a run moves.
public struct ParameterDeclaration: Equatable, Sendable {
    public var name: String
    /// Empty for a number; one size for a vector; rows and columns for a matrix.
    public var sizes: [Int]

    public init(_ name: String, sizes: [Int] = []) {
        self.name = name
        self.sizes = sizes
    }

    /// The most components a function's parameters may have together.
    public static let maximumComponents = 1_000_000

    /// How many numbers the parameter holds.
    public var count: Int { sizes.reduce(1, *) }

    /// The components' names, row by row: `w[1]`, `w[2]`, …, or `W[1,1]`, `W[1,2]`, ….
    public var components: [String] {
        guard !sizes.isEmpty else { return [name] }
        return (0..<count).map { Self.component(name, indices: indices(ofComponent: $0)) }
    }

    /// The indices (from 1) of the component at `offset` (from 0) in row order.
    public func indices(ofComponent offset: Int) -> [Int] {
        var rest = offset
        var result = Array(repeating: 0, count: sizes.count)
        for d in stride(from: sizes.count - 1, through: 0, by: -1) {
            result[d] = rest % sizes[d] + 1
            rest /= sizes[d]
        }
        return result
    }

    /// The offset (from 0, row order) of the component at `indices` (from 1, each in range).
    public func offset(of indices: [Int]) -> Int {
        zip(indices, sizes).reduce(0) { $0 * $1.1 + ($1.0 - 1) }
    }

    /// `w[3]`, `W[2,1]`: the name of one component.
    public static func component(_ name: String, indices: [Int]) -> String {
        "\(name)[\(indices.map(String.init).joined(separator: ","))]"
    }

    /// The parameter as a definition declares it: `x`, `w[10]`, `W[8,2]`.
    public var written: String { sizes.isEmpty ? name : "\(name)[\(sizes.map(String.init).joined(separator: ","))]" }

    /// The vector or matrix a component name belongs to and the component's indices: `w[3]` → (w, [3]); nil for
    /// the name of a number.
    public static func split(component: String) -> (name: String, indices: [Int])? {
        guard component.hasSuffix("]"), let open = component.firstIndex(of: "[") else { return nil }
        let inside = component[component.index(after: open)..<component.index(before: component.endIndex)]
        var indices: [Int] = []
        for part in inside.split(separator: ",", omittingEmptySubsequences: false) {
            guard let i = Int(part), i >= 1 else { return nil }
            indices.append(i)
        }
        return (String(component[..<open]), indices)
    }
}

extension ParameterSyntax {
    /// The declaration written: its sizes must be whole numbers from 1.
    public func declaration() throws(Diagnostic) -> ParameterDeclaration {
        var sizes: [Int] = []
        for (value, location) in self.sizes {
            guard value == value.rounded(), value >= 1, value <= Double(ParameterDeclaration.maximumComponents) else {
                throw Diagnostic("the size of '\(name.text)' must be a whole number from 1 to \(ParameterDeclaration.maximumComponents), not \(NumberFormat.shortest(value))",
                                 at: location, help: "for example: \(name.text)[10]")
            }
            sizes.append(Int(value))
        }
        return ParameterDeclaration(name.text, sizes: sizes)
    }
}
