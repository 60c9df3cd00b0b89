import GDLang
import GDProgram
import GDOptim
import GDPlot

/// How reports are written for people: numbers to a set count of significant digits, the pieces reports share,
/// and the size and colour of terminal plots. Each report writes itself with these (`Report.text`).
package struct TextRenderer {
    package var digits: Int
    /// The size of terminal plots, and whether they are coloured.
    package var width = 80
    package var height = 24
    package var colour = false

    package init(digits: Int, width: Int = 80, height: Int = 24, colour: Bool = false) {
        self.digits = digits
        self.width = width
        self.height = height
        self.colour = colour
    }

    package func number(_ v: Double) -> String { NumberFormat.significant(v, digits: digits) }

    /// A number the user typed (a setting, a start): the shortest `%g` text that reads back as the same double,
    /// whatever `digits` is, so `eta=0.1` prints as 0.1 even with 17 digits.
    package func typed(_ v: Double) -> String {
        guard v.isFinite else { return number(v) }
        // The shortest text that reads back: 1000 rather than 1e+03, 1e+12 rather than 1000000000000.
        var best = NumberFormat.significant(v, digits: 17)
        for d in 1...17 {
            let text = NumberFormat.significant(v, digits: d)
            if Double(text) == v, text.count < best.count { best = text }
        }
        return best
    }

    /// `x = 1, w = [1, 2, 3]`: vectors' and matrices' components together (`PointGroup`).
    package func point(_ names: [String], _ values: [Double]) -> String {
        PointGroup.of(names).map { $0.text(values, number) }.joined(separator: ", ")
    }

    /// A table's columns for points of these parameters: one per number, or, for vectors of more numbers than a row
    /// has room for, one column `point` that writes them as `point` does.
    package func pointColumns(_ names: [String]) -> [String] {
        Self.pointInOneColumn(names) ? ["point"] : names
    }

    /// The cells of `pointColumns` for one point.
    package func pointCells(_ names: [String], _ values: [Double]) -> [String] {
        Self.pointInOneColumn(names) ? [point(names, values)] : values.map(number)
    }

    private static func pointInOneColumn(_ names: [String]) -> Bool {
        names.count > 6 && PointGroup.of(names).contains { !$0.sizes.isEmpty }
    }

    /// A point the user typed, each coordinate as typed.
    package func typedPoint(_ names: [String], _ values: [Double]) -> String {
        PointGroup.of(names).map { $0.text(values, typed) }.joined(separator: ", ")
    }

    /// `  where u1 = …` and the further names aligned under it.
    package func whereLines(_ pieces: [NamedPiece]) -> [String] {
        pieces.enumerated().map { i, d in (i == 0 ? "  where " : "        ") + "\(d.name) = \(d.expr)" }
    }

    /// A step ratio below 1; where it prints as 1 at the session's digits, with 1 − ρ, which says how slow it is.
    package func ratio(_ rho: Double) -> String {
        let shown = number(rho)
        // Two digits: the step lengths are differences of nearly equal points, so 1 − ρ carries their rounding.
        return rho < 1 && shown == number(1) ? "\(shown) (1 − ρ ≈ \(NumberFormat.significant(1 - rho, digits: 2)))" : shown
    }

    /// k, the point, L and ‖∇L‖ of each iterate. For a mini-batch run, `losses` gives each iterate's batch loss and
    /// its loss over all rows, each where it is known, in two columns of their own (blank where not known).
    package func iterateTable(_ parameters: [String], _ iterates: [Iterate],
                              losses: ((Iterate) -> (batch: Double?, allRows: Double?))? = nil) -> String {
        let columns = pointColumns(parameters)
        guard let losses else {
            var table = TextTable(["k"] + columns + ["L", "‖∇L‖"])
            table.colour = Colour(isEnabled: colour)
            for it in iterates {
                table.add([String(it.k)] + pointCells(parameters, it.point) + [number(it.loss), number(it.gradientNorm)])
            }
            return table.rendered(width: width)
        }
        var table = TextTable(["k"] + columns + ["L batch", "L all rows", "‖∇L‖"])
        table.colour = Colour(isEnabled: colour)
        for it in iterates {
            let (batch, allRows) = losses(it)
            table.add([String(it.k)] + pointCells(parameters, it.point) + [batch.map(number) ?? "", allRows.map(number) ?? "", number(it.gradientNorm)])
        }
        return table.rendered(width: width)
    }
}

/// A repeated piece of long printed terms, and the name they use for it.
public struct NamedPiece: Sendable, Equatable {
    public var name: String
    public var expr: String

    public init(name: String, expr: String) {
        self.name = name
        self.expr = expr
    }
}
