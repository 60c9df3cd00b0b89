/// A table for people: a header row, columns padded to their widest cell, numbers right-aligned.
package struct TextTable {
    package var header: [String]
    package var rows: [[String]] = []
    /// Per column: true to right-align (numbers).
    package var rightAligned: [Bool]
    /// Colours the right-aligned cells of the body, the numbers, on a colour terminal.
    package var colour = Colour.plain

    package init(_ header: [String], rightAligned: [Bool]? = nil) {
        self.header = header
        self.rightAligned = rightAligned ?? header.map { _ in true }
    }

    package mutating func add(_ row: [String]) { rows.append(row) }

    package var rendered: String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        return all.enumerated().map { r, row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                // Colour goes on after padding, so escape codes never count towards a column's width.
                return rightAligned[i] ? pad + (r > 0 ? colour.number(cell) : cell) : cell + pad
            }.joined(separator: "  ").trailingSpacesRemoved
        }.joined(separator: "\n")
    }
}

extension String {
    package var trailingSpacesRemoved: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
