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

    /// The table in columns when it fits in `width` characters; else stacked, one row to a paragraph that starts
    /// with its first cell and names each other cell by its column (`gd: x 1.2, L 0.5, steps 12`), broken between
    /// cells to fit (and inside a cell only where one cell is wider than the line).
    package func rendered(width: Int) -> String {
        let table = rendered
        guard TextLayout.widestLine(table) > width, header.count > 1 else { return table }
        // A first column of words (a method's name) heads its paragraph; a first column of numbers is a cell like the others.
        let headed = !rightAligned[0]
        return rows.flatMap { row -> [String] in
            // With one column beside a heading, its name says nothing the heading does not.
            let named = Array(zip(header, row).dropFirst(headed ? 1 : 0))
            let cells = named.map { name, cell in name.isEmpty || (headed && header.count == 2) ? cell : "\(name) \(cell)" }
            var lines: [String] = []
            var line = headed ? (row.first ?? "") + ":" : ""
            for (i, cell) in cells.enumerated() {
                let piece = (line.isEmpty ? "" : " ") + cell + (i < cells.count - 1 ? "," : "")
                if line.count + piece.count > width, line.count > 4 {
                    lines.append(line)
                    line = "   "
                }
                line += piece
            }
            return lines + [line]
        }.joined(separator: "\n")
    }

    package var rendered: String {
        let all = [header] + rows
        let counts = all.map { $0.map(TextLayout.characters) }
        var widths = [Int](repeating: 0, count: header.count)
        for row in counts {
            for (i, count) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], count) }
        }
        var text = ""
        for (r, row) in all.enumerated() {
            if r > 0 { text += "\n" }
            var line = ""
            for (i, cell) in row.enumerated() {
                if i > 0 { line += "  " }
                let pad = String(repeating: " ", count: widths[i] - counts[r][i])
                // Colour goes on after padding, so escape codes never count towards a column's width.
                if rightAligned[i] {
                    line += pad
                    line += r > 0 ? colour.number(cell) : cell
                } else {
                    line += cell
                    line += pad
                }
            }
            text += line.trailingSpacesRemoved
        }
        return text
    }
}

extension String {
    package var trailingSpacesRemoved: String {
        let bytes = utf8
        // By bytes where the text is ASCII (a space is then one byte and one character); else by characters, since
        // a space may belong to the character before it (after a prepended mark such as U+0600).
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            var s = self
            while s.last == " " { s.removeLast() }
            return s
        }
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: " ") { end = bytes.index(before: end) }
        return end == bytes.endIndex ? self : String(decoding: bytes[..<end], as: UTF8.self)
    }
}
