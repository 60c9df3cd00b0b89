import GDLang
import GDProgram
import GDRender

/// Reads and writes tables of numbers as CSV with a header row. Every problem is an error at the file, row
/// and column where it is.
enum CSV {
    /// The table in `text`; `file` names it in errors.
    static func parse(_ text: String, name: String, file: String) throws(Diagnostic) -> DataTable {
        var lines = SourceFile.lines(text).map { line -> Substring in line.hasSuffix("\r") ? line.dropLast() : line }
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        guard let headerLine = lines.first else {
            throw Diagnostic("'\(file)' is empty", at: SourceLocation(file: file, line: 1, column: 1),
                             help: "a table needs a header row of column names and at least one row of numbers")
        }
        let header = cells(headerLine)
        var columns: [String] = []
        for (i, cell) in header.enumerated() {
            let name = cell.text.trimmingSpaces
            guard isName(name) else {
                throw Diagnostic("column \(i + 1) of the header is '\(name)', not a name", at: SourceLocation(file: file, line: 1, column: cell.column),
                                 help: "column names start with a letter or _ and hold letters, digits and _, so expressions can use them")
            }
            guard !columns.contains(name) else {
                throw Diagnostic("column '\(name)' appears twice in the header", at: SourceLocation(file: file, line: 1, column: cell.column))
            }
            columns.append(name)
        }
        var values = [[Double]](repeating: [], count: columns.count)
        for (r, line) in lines.enumerated().dropFirst() {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let row = cells(line)
            guard row.count == columns.count else {
                throw Diagnostic("row \(r) has \(row.count) value\(row.count == 1 ? "" : "s"), but the header has \(columns.count) columns",
                                 at: SourceLocation(file: file, line: r + 1, column: row.last.map { $0.column } ?? 1),
                                 help: "every row needs one value per column")
            }
            for (c, cell) in row.enumerated() {
                let text = cell.text.trimmingSpaces
                guard let v = Double(text), v.isFinite else {
                    throw Diagnostic("'\(text)' in column \(columns[c]) is not a number", at: SourceLocation(file: file, line: r + 1, column: cell.column),
                                     help: "cells hold finite numbers such as 2.5 or -1e-3")
                }
                values[c].append(v)
            }
        }
        guard values.first?.isEmpty == false else {
            throw Diagnostic("'\(file)' has a header but no rows", at: SourceLocation(file: file, line: 1, column: 1))
        }
        return DataTable(name: name, columns: columns, values: values)
    }

    /// The table as CSV text, numbers at full precision.
    static func write(_ table: DataTable) -> String {
        var lines = [table.columns.joined(separator: ",")]
        for r in 0..<table.rowCount {
            lines.append(table.values.map { NumberFormat.shortest($0[r]) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func cells(_ line: Substring) -> [(text: String, column: Int)] {
        var result: [(String, Int)] = []
        var column = 1
        for piece in line.split(separator: ",", omittingEmptySubsequences: false) {
            result.append((String(piece), column))
            column += piece.count + 1
        }
        return result
    }

    private static func isName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ($0 >= "0" && $0 <= "9") }
    }
}
