import GDLang

/// A point's coordinates as its parameters hold them: each number alone, each vector's or matrix's components
/// (`w[1]`, `w[2]`, … in row order, as `ParameterDeclaration` names them) together, so that a point prints as
/// `w = [2.01, -0.998, …], b = 0.5` and a JSON point gives `"w":[…]`.
struct PointGroup {
    var name: String
    /// Sizes of the vector or matrix; empty for a number.
    var sizes: [Int]
    /// The coordinates' positions in the point.
    var positions: Range<Int>

    /// The groups of `names`, in order. Components of one parameter are consecutive, row by row, and end at the
    /// last index of every size.
    static func of(_ names: [String]) -> [PointGroup] {
        var groups: [PointGroup] = []
        var i = 0
        while i < names.count {
            guard let (base, first) = ParameterDeclaration.split(component: names[i]), first.allSatisfy({ $0 == 1 }) else {
                groups.append(PointGroup(name: names[i], sizes: [], positions: i..<i + 1))
                i += 1
                continue
            }
            var j = i
            var last = first
            while j + 1 < names.count, let (b, indices) = ParameterDeclaration.split(component: names[j + 1]), b == base,
                  indices.count == first.count {
                j += 1
                last = indices
            }
            groups.append(PointGroup(name: base, sizes: last, positions: i..<j + 1))
            i = j + 1
        }
        return groups
    }

    /// The most components printed in full; longer vectors show their first and last ones and their count.
    static let widest = 8

    /// `w = [1, 2, 3]`, `W = [[1, 2], [3, 4]]`, `x = 1`, each value as `format` writes it.
    func text(_ values: [Double], _ format: (Double) -> String) -> String {
        let mine = Array(values[positions])
        guard !sizes.isEmpty else { return "\(name) = \(format(mine[0]))" }
        func list(_ xs: ArraySlice<Double>) -> String {
            if xs.count <= Self.widest { return "[" + xs.map(format).joined(separator: ", ") + "]" }
            return "[" + (xs.prefix(Self.widest - 2).map(format) + ["…", format(xs.last!)]).joined(separator: ", ") + "]"
        }
        let elided = sizes.contains { $0 > Self.widest }
        let count = elided ? " (\(sizes.map(String.init).joined(separator: "×")) numbers)" : ""
        if sizes.count == 2 {
            let columns = sizes[1]
            let rows = stride(from: 0, to: mine.count, by: columns).map { list(mine[$0..<$0 + columns]) }
            let shown = rows.count <= Self.widest ? rows : Array(rows.prefix(Self.widest - 2)) + ["…", rows.last!]
            return "\(name) = [\(shown.joined(separator: ", "))]" + count
        }
        return "\(name) = \(list(mine[...]))" + count
    }

    /// The value as JSON: a number, an array, or an array of rows.
    func json(_ values: [Double]) -> JSON {
        let mine = Array(values[positions])
        switch sizes.count {
        case 0: return .number(mine[0])
        case 2:
            let columns = sizes[1]
            return .array(stride(from: 0, to: mine.count, by: columns).map { JSON.numbers(Array(mine[$0..<$0 + columns])) })
        default: return JSON.numbers(mine)
        }
    }
}
