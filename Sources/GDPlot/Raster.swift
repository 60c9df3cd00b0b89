/// A grid of terminal cells drawn on in pixels — 2×4 a cell in braille, one a cell in ASCII. Each cell keeps
/// what every layer put in it, so the renderer can show the topmost: a mark, then series pixels, then a
/// contour, then a heat-map shade.
struct Raster {
    struct Cell {
        /// Pixels set by series: braille dot bits (any bit in ASCII).
        var dots: UInt8 = 0
        /// The last series to draw in the cell.
        var series: Int?
        /// A marker glyph, drawn over everything else.
        var mark: Character?
        var contour = false
        /// A heat-map shade, 0 (lowest) ... 3 (highest).
        var shade: Int?
    }

    let style: TerminalPlot.Style
    let columns: Int
    let rows: Int
    private(set) var cells: [Cell]

    init(style: TerminalPlot.Style, columns: Int, rows: Int) {
        self.style = style
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        cells = Array(repeating: Cell(), count: self.columns * self.rows)
    }

    var cellWidth: Int {
        switch style {
        case .braille: return 2
        case .ascii: return 1
        }
    }

    var cellHeight: Int {
        switch style {
        case .braille: return 4
        case .ascii: return 1
        }
    }

    var pixelWidth: Int { columns * cellWidth }
    var pixelHeight: Int { rows * cellHeight }

    subscript(column: Int, row: Int) -> Cell { cells[row * columns + column] }

    /// The braille dot bit of pixel (dx, dy) inside its cell: dots 1-2-3-7 down the left, 4-5-6-8 down the right.
    private static let brailleBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    /// Sets pixel (x, y) for `series`; pixels outside the grid are ignored.
    mutating func setPixel(_ x: Int, _ y: Int, series: Int) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        let index = (y / cellHeight) * columns + x / cellWidth
        cells[index].dots |= Raster.brailleBits[y % cellHeight][x % cellWidth]
        cells[index].series = series
    }

    /// Marks the cell holding pixel (x, y) as crossed by a contour.
    mutating func setContour(_ x: Int, _ y: Int) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        cells[(y / cellHeight) * columns + x / cellWidth].contour = true
    }

    /// Puts a marker glyph in the cell holding pixel (x, y).
    mutating func setMark(_ glyph: Character, _ x: Int, _ y: Int, series: Int) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        let index = (y / cellHeight) * columns + x / cellWidth
        cells[index].mark = glyph
        cells[index].series = series
    }

    mutating func setShade(_ shade: Int, column: Int, row: Int) {
        cells[row * columns + column].shade = shade
    }

    /// Calls `plot` for each pixel of the line from (x0, y0) to (x1, y1), both ends included (Bresenham).
    static func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ plot: (Int, Int) -> Void) {
        let (dx, dy) = (abs(x1 - x0), -abs(y1 - y0))
        let (sx, sy) = (x0 < x1 ? 1 : -1, y0 < y1 ? 1 : -1)
        var error = dx + dy
        var (x, y) = (x0, y0)
        while true {
            plot(x, y)
            if x == x1 && y == y1 { return }
            let e2 = 2 * error
            if e2 >= dy {
                error += dy
                x += sx
            }
            if e2 <= dx {
                error += dx
                y += sy
            }
        }
    }
}
