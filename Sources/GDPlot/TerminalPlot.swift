/// Draws a figure as text for a terminal.
public enum TerminalPlot {
    /// The characters a terminal plot is drawn with.
    public enum Style: Equatable, Sendable {
        /// Unicode braille for lines (2×4 dots a character), `•` and `×` for markers, `·` for contours and
        /// ` ░▒▓█` for heat-map cells, with box-drawing axes.
        case braille
        /// Plain ASCII: each series its own character (`*`, `#`, `$`, `%`, `@`, `&`), `o` and `x` for
        /// markers, `.` for contours, ` .:=#` for heat-map cells, and `|`, `-`, `+` for axes.
        case ascii
    }

    /// The figure as `height` lines of at most `width` characters: title, y label, the plot with y tick labels
    /// on its left and x tick labels below, x label, legend. A size too small for a readable plot (fewer than
    /// three rows or eight columns of plot) gets that minimum instead.
    ///
    /// With `color`, series are told apart by ANSI colours as well; without it the text has no escape codes.
    public static func render(_ figure: Figure, width: Int = 80, height: Int = 24, style: Style = .braille,
                              color: Bool = false) -> String {
        let (xWindow, yWindow) = figure.windows
        var header: [[Glyph]] = []
        if !figure.title.isEmpty { header.append(Glyph.text(String(figure.title.prefix(width)))) }
        if !figure.yLabel.isEmpty { header.append(Glyph.text(String(figure.yLabel.prefix(width)))) }
        let legend = legendLines(figure.series, style: style, width: width)
            + (figure.heatmap.flatMap { heatKey($0, style: style, width: width) } ?? [])
        let footer = 2 + (figure.xLabel.isEmpty ? 0 : 1) + legend.count
        let rows = max(3, height - header.count - footer)

        let yTicks = yWindow.ticks(maxCount: max(2, (rows + 2) / 3)).map { ($0, Ticks.label($0)) }
        let labelWidth = yTicks.map(\.1.count).max() ?? 0
        var raster = Raster(style: style, columns: max(8, width - labelWidth - 2), rows: rows)
        let plane = Plane(x: xWindow, y: yWindow, left: 0, top: 0,
                          width: Double(raster.pixelWidth - 1), height: Double(raster.pixelHeight - 1))
        draw(figure, on: &raster, plane: plane)
        let heatShades = figure.heatmap.map { shades($0, style: style) } ?? []

        var lines = header
        if !figure.title.isEmpty { lines[0] = centred(lines[0], in: raster.columns, offset: labelWidth + 1) }
        var yTickRows: [Int: String] = [:]
        for (value, label) in yTicks {
            guard let y = plane.deviceY(value), plane.contains(Point(0, y)) else { continue }
            let row = pixel(y) / raster.cellHeight
            if yTickRows[row] == nil { yTickRows[row] = label }
        }
        let (vertical, tee, corner, horizontal, downTee): (Character, Character, Character, Character, Character) =
            style == .braille ? ("│", "┤", "└", "─", "┬") : ("|", "+", "+", "-", "+")
        for row in 0..<raster.rows {
            let label = yTickRows[row] ?? ""
            var line = Glyph.text(String(repeating: " ", count: labelWidth - label.count) + label)
            line.append(Glyph(yTickRows[row] == nil ? vertical : tee))
            line += (0..<raster.columns).map { glyph(raster[$0, row], style: style, shades: heatShades) }
            lines.append(line)
        }
        let xTicks = xTickLabels(xWindow, plane: plane, raster: raster, offset: labelWidth + 1, width: width)
        var axis = Glyph.text(String(repeating: " ", count: labelWidth)) + [Glyph(corner)]
        axis += (0..<raster.columns).map { Glyph(xTicks.columns.contains($0) ? downTee : horizontal) }
        lines.append(axis)
        lines.append(xTicks.line)
        if !figure.xLabel.isEmpty {
            lines.append(centred(Glyph.text(String(figure.xLabel.prefix(width))), in: raster.columns, offset: labelWidth + 1))
        }
        // The legend lines up with the plot where that keeps it within the width.
        let indent = max(0, min(labelWidth + 1, width - (legend.map(\.count).max() ?? 0)))
        lines += legend.map { Glyph.text(String(repeating: " ", count: indent)) + $0 }
        return lines.map { Glyph.string($0, color: color) }.joined(separator: "\n")
    }

    /// Draws the heat map, contours and series of `figure` onto the raster, in that order.
    private static func draw(_ figure: Figure, on raster: inout Raster, plane: Plane) {
        if let heatmap = figure.heatmap {
            // The heat-map cell under the centre of each raster column and row.
            let xEdges = heatmap.xEdges(scale: plane.x.scale).map(plane.deviceX)
            let yEdges = heatmap.yEdges(scale: plane.y.scale).map(plane.deviceY)
            let columnCells = (0..<raster.columns).map { cell(at: centre($0, raster.cellWidth), edges: xEdges) }
            let rowCells = (0..<raster.rows).map { cell(at: centre($0, raster.cellHeight), edges: yEdges) }
            let levels = heatmap.levels()
            for (row, j) in rowCells.enumerated() {
                for (column, i) in columnCells.enumerated() {
                    if let j, let i, let level = levels[j][i] {
                        raster.setShade(shade(level: level), column: column, row: row)
                    }
                }
            }
        }
        if let contours = figure.contours {
            for level in contours.levels {
                for segment in contours.segments(at: level) {
                    guard let a = plane.locate(segment.start), let b = plane.locate(segment.end),
                          let (p, q) = plane.clip(a, b) else { continue }
                    Raster.line(pixel(p.x), pixel(p.y), pixel(q.x), pixel(q.y)) { raster.setContour($0, $1) }
                }
            }
        }
        for (index, series) in figure.series.enumerated() {
            if series.style == .bars {
                for box in plane.bars(series.points) {
                    let (left, right) = (pixel(box.left), max(pixel(box.left), pixel(box.right)))
                    for x in left...right {
                        Raster.line(x, pixel(box.top), x, pixel(box.bottom)) { raster.setPixel($0, $1, series: index) }
                    }
                }
            }
            if series.hasLine {
                for line in plane.polylines(series.points) {
                    for (p, q) in zip(line, line.dropFirst()) {
                        Raster.line(pixel(p.x), pixel(p.y), pixel(q.x), pixel(q.y)) { raster.setPixel($0, $1, series: index) }
                    }
                }
            }
            if series.hasMarkers {
                for p in series.points {
                    guard let d = plane.locate(p), plane.contains(d) else { continue }
                    raster.setMark(markGlyph(series.mark, raster.style), pixel(d.x), pixel(d.y), series: index)
                }
            }
            if series.style == .arrows {
                for (tail, head) in series.arrows {
                    guard let a = plane.locate(tail), let b = plane.locate(head), let (p, q) = plane.clip(a, b) else { continue }
                    Raster.line(pixel(p.x), pixel(p.y), pixel(q.x), pixel(q.y)) { raster.setPixel($0, $1, series: index) }
                    // The head: which way the step went, where it ends inside the plot.
                    if q == b {
                        let glyph: Character = abs(b.x - a.x) >= abs(b.y - a.y) ? (b.x >= a.x ? ">" : "<") : (b.y >= a.y ? "v" : "^")
                        raster.setMark(glyph, pixel(q.x), pixel(q.y), series: index)
                    }
                }
            }
        }
        // Labels last, over everything, one character a cell from the cell right of their point, cut at the edge.
        for label in figure.labels {
            guard let d = plane.locate(label.at), plane.contains(d) else { continue }
            let column = pixel(d.x) / raster.cellWidth + 1, row = pixel(d.y) / raster.cellHeight
            for (offset, character) in label.text.enumerated() where column + offset < raster.columns {
                raster.setMark(character, (column + offset) * raster.cellWidth, row * raster.cellHeight, series: label.series)
            }
        }
    }

    /// The device coordinate of the middle of raster cell `index`, `size` pixels wide.
    private static func centre(_ index: Int, _ size: Int) -> Double { Double(index * size) + Double(size - 1) / 2 }

    /// The index of the cell between `edges[k]` and `edges[k + 1]` that holds `v`.
    private static func cell(at v: Double, edges: [Double?]) -> Int? {
        edges.indices.dropLast().first { k in
            guard let a = edges[k], let b = edges[k + 1] else { return false }
            return min(a, b) <= v && v <= max(a, b)
        }
    }

    /// The pixel holding device coordinate `v` (already inside the plane).
    private static func pixel(_ v: Double) -> Int { Int(v.rounded()) }

    /// The heat-map shade (0...3) of a cell at `level` (0...1): shade s holds the levels in (s/4, (s+1)/4], and
    /// shade 0 level 0 too, so that a value equal to a key's upper end has that key's shade.
    private static func shade(level: Double) -> Int { min(3, max(0, Int((level * 4).rounded(.up)) - 1)) }

    /// The characters of the four heat-map shades, lowest values first: from dense to light for a ramp that runs
    /// from dark to light (viridis), the other way for greys, so that the terminal reads like the SVG.
    private static func shades(_ heatmap: Heatmap, style: Style) -> [Character] {
        let lightToDense: [Character] = style == .braille ? ["░", "▒", "▓", "█"] : [".", ":", "=", "#"]
        switch heatmap.ramp {
        case .viridis: return lightToDense.reversed()
        case .greys: return lightToDense
        }
    }

    /// The heat map's key: each shade with the values it stands for, then what the values are, wrapped to
    /// `width`; nil when no cell has a value.
    private static func heatKey(_ heatmap: Heatmap, style: Style, width: Int) -> [[Glyph]]? {
        guard let knots = heatmap.knots else { return nil }
        let shades = shades(heatmap, style: style)
        let dash = style == .braille ? "–" : ".."
        var entries: [String]
        if knots[0] == knots[4] {
            entries = ["\(shades[shade(level: Heatmap.level(of: knots[0], knots: knots))]) \(Ticks.label(knots[0]))"]
        } else {
            entries = (0..<4).compactMap { s in
                let (from, to) = (knots[s], knots[s + 1])
                if from == to { return s == 0 ? "\(shades[s]) \(Ticks.label(from))" : nil }   // an empty shade is left out
                return "\(shades[s]) \(Ticks.label(from))\(dash)\(Ticks.label(to))"
            }
        }
        if !heatmap.valueName.isEmpty { entries.append(heatmap.valueName) }
        var lines: [String] = []
        for entry in entries {
            if let last = lines.last, last.count + 2 + entry.count <= width {
                lines[lines.count - 1] = last + "  " + entry
            } else {
                lines.append(entry)
            }
        }
        return lines.map { Glyph.text($0) }
    }

    /// What a cell shows: its mark, else its series pixels, else a contour dot, else its heat shade.
    private static func glyph(_ cell: Raster.Cell, style: Style, shades: [Character]) -> Glyph {
        if let mark = cell.mark, let series = cell.series {
            return Glyph(mark, color: Palette.ansi(series))
        }
        if cell.dots != 0, let series = cell.series {
            switch style {
            case .braille: return Glyph(Character(Unicode.Scalar(0x2800 + UInt32(cell.dots))!), color: Palette.ansi(series))
            case .ascii: return Glyph(lineGlyph(series), color: Palette.ansi(series))
            }
        }
        if cell.contour { return Glyph(style == .braille ? "·" : ".", color: Palette.ansiContour) }
        if let shade = cell.shade { return Glyph(shades[shade]) }
        return Glyph(" ")
    }

    /// The ASCII character series number `series` is drawn with.
    private static func lineGlyph(_ series: Int) -> Character {
        let glyphs: [Character] = ["*", "#", "$", "%", "@", "&"]
        return glyphs[series % glyphs.count]
    }

    private static func markGlyph(_ mark: Series.Mark, _ style: Style) -> Character {
        switch (mark, style) {
        case (.dot, .braille): return "•"
        case (.cross, .braille): return "×"
        case (.dot, .ascii): return "o"
        case (.cross, .ascii): return "x"
        }
    }

    /// The line of x tick labels, each centred under its tick, with as many ticks as fit without labels
    /// crowding, and the raster columns of those ticks.
    private static func xTickLabels(_ window: AxisWindow, plane: Plane, raster: Raster, offset: Int,
                                    width: Int) -> (line: [Glyph], columns: Set<Int>) {
        var best: (line: [Glyph], columns: Set<Int>) = ([], [])
        for maxCount in stride(from: max(2, raster.columns / 4), through: 2, by: -1) {
            var line: [Character] = []
            var columns: Set<Int> = []
            var fits = true
            for value in window.ticks(maxCount: maxCount) {
                guard let x = plane.deviceX(value), plane.contains(Point(x, 0)) else { continue }
                let column = Int(x.rounded()) / raster.cellWidth
                let label = Array(Ticks.label(value))
                let start = min(max(offset + column - label.count / 2, 0), max(0, width - label.count))
                guard start >= (line.isEmpty ? 0 : line.count + 2) else {
                    fits = false
                    continue
                }
                line += Array(repeating: " ", count: start - line.count) + label
                columns.insert(column)
            }
            best = (line.map { Glyph($0) }, columns)
            if fits { break }
        }
        return best
    }

    /// The legend: each named series as a sample of how it is drawn and its name, wrapped to `width`.
    private static func legendLines(_ series: [Series], style: Style, width: Int) -> [[Glyph]] {
        var lines: [[Glyph]] = []
        var line: [Glyph] = []
        for (index, s) in series.enumerated() where !s.name.isEmpty {
            let color = Palette.ansi(index)
            let stroke: Character = style == .braille ? "─" : lineGlyph(index)
            let mark = markGlyph(s.mark, style)
            let sample: [Character]
            switch s.style {
            case .line: sample = [stroke, stroke]
            case .points: sample = [mark]
            case .lineAndPoints: sample = [stroke, mark, stroke]
            case .bars: sample = [style == .braille ? "█" : lineGlyph(index)]
            case .arrows: sample = [stroke, stroke, ">"]
            }
            let entry = sample.map { Glyph($0, color: color) } + Glyph.text(" " + s.name)
            if !line.isEmpty, line.count + 3 + entry.count > width {
                lines.append(line)
                line = []
            }
            line += (line.isEmpty ? [] : Glyph.text("   ")) + entry
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// `text` centred over `columns` columns starting at `offset`, moved left as far as needed to end
    /// within them, but not before the start of the line.
    private static func centred(_ text: [Glyph], in columns: Int, offset: Int) -> [Glyph] {
        let start = min(offset + (columns - text.count) / 2, offset + columns - text.count)
        return Glyph.text(String(repeating: " ", count: max(0, start))) + text
    }
}

/// One character of terminal output and its ANSI colour.
struct Glyph {
    var character: Character
    var color: Int?

    init(_ character: Character, color: Int? = nil) {
        self.character = character
        self.color = color
    }

    static func text(_ s: String) -> [Glyph] { s.map { Glyph($0) } }

    /// The line as text without trailing spaces, with colour escape codes when `color` is true.
    static func string(_ line: [Glyph], color: Bool) -> String {
        var glyphs = line[...]
        while glyphs.last?.character == " " { glyphs.removeLast() }
        var out = ""
        var current: Int?
        for g in glyphs {
            if color, g.color != current {
                out += "\u{1B}[\(g.color ?? 0)m"
                current = g.color
            }
            out.append(g.character)
        }
        if color, current != nil { out += "\u{1B}[0m" }
        return out
    }
}
