import Testing
@testable import GDPlot

@Suite struct TerminalPlotTests {
    @Test func bresenhamSteepLine() {
        var pixels: [[Int]] = []
        Raster.line(0, 7, 3, 0) { pixels.append([$0, $1]) }
        // dx = 3, dy = −7: y moves every step, x every other (error −4, −1, −8→−5, −2, …): two rows a column.
        #expect(pixels == [[0, 7], [0, 6], [1, 5], [1, 4], [2, 3], [2, 2], [3, 1], [3, 0]])
    }

    @Test func brailleDotsOfTheSteepLine() {
        var raster = Raster(style: .braille, columns: 2, rows: 2)
        Raster.line(0, 7, 3, 0) { raster.setPixel($0, $1, series: 0) }
        // Cell (0, 1) holds pixels (0,7) (0,6) (1,5) (1,4): local (0,3) (0,2) (1,1) (1,0) are dots
        // 7, 3, 5, 4 = bits 0x40 | 0x04 | 0x10 | 0x08 = 0x5C. Cell (1, 0) holds the same pattern.
        #expect(raster[0, 1].dots == 0x5C)
        #expect(raster[1, 0].dots == 0x5C)
        #expect(raster[0, 0].dots == 0)
        #expect(raster[1, 1].dots == 0)
    }

    @Test func diagonalFromCornerToCorner() {
        let figure = Figure(series: [Series(name: "", points: [Point(0, 0), Point(1, 1)])], xRange: 0...1, yRange: 0...1)
        // Height 6 leaves 4 rows (16 pixels) above the axis and tick-label lines. Ticks 0 and 1 make the
        // label column 1 wide, so width 11 leaves 8 columns (16 pixels). The line runs from pixel (0, 15) to
        // (15, 0): pixel (i, 15 − i). In the bottom row, cell 0 gets (0,15) (1,14) = local (0,3) (1,2) =
        // 0x40 | 0x20 = ⡠, cell 1 gets (2,13) (3,12) = local (0,1) (1,0) = 0x02 | 0x08 = ⠊; each row up
        // repeats that two cells to the right. The x ticks 0 and 1 sit at columns 0 and 7.
        let expected = [
            "1┤      ⡠⠊",
            " │    ⡠⠊",
            " │  ⡠⠊",
            "0┤⡠⠊",
            " └┬──────┬",
            "  0      1",
        ]
        #expect(TerminalPlot.render(figure, width: 11, height: 6) == expected.joined(separator: "\n"))
    }

    @Test func heatMapShades() {
        // Cells centred at x = 0, 1, 2 (edges −0.5, 0.5, 1.5, 2.5) with values 0, NaN, 1. In ASCII, 8 columns
        // span 7 pixel widths, so the edges fall at pixels 0, 2.33, 4.67, 7: columns 0–2 hold the lowest value,
        // 3–4 are blank (NaN), 5–7 hold the highest. Viridis runs dark to light, so the lowest is the densest
        // shade `#` and the highest the lightest `.`. The y ticks: only 0 (at the middle row 2).
        // Below the plot, the key: each shade with its quarter of the values 0...1, one to a line at this width.
        let figure = Figure(heatmap: Heatmap(xs: [0, 1, 2], ys: [0], values: [[0, .nan, 1]]))
        let lines = TerminalPlot.render(figure, width: 11, height: 10, style: .ascii).split(separator: "\n")
        #expect(lines.prefix(4) == [" |###  ...", " |###  ...", "0+###  ...", " |###  ..."])
        #expect(lines.suffix(4) == ["# 0..0.25", "= 0.25..0.5", ": 0.5..0.75", ". 0.75..1"])
        let braille = TerminalPlot.render(figure, width: 11, height: 10).split(separator: "\n")
        #expect(braille[0] == " │███  ░░░")
        #expect(braille.last?.drop { $0 == " " } == "░ 0.75–1")
        // Greys run light to dark: the other way round.
        let greys = Figure(heatmap: Heatmap(xs: [0, 1, 2], ys: [0], values: [[0, .nan, 1]], ramp: .greys))
        #expect(TerminalPlot.render(greys, width: 11, height: 10, style: .ascii).split(separator: "\n")[0] == " |...  ###")
    }

    @Test func heatMapKeySaysWhatEachShadeStandsFor() {
        // Steps 12…124: a span of 112, so each shade covers 28 (by hand: 12, 40, 68, 96, 124).
        let steps = Figure(heatmap: Heatmap(xs: [0, 1, 2], ys: [0], values: [[12, .nan, 124]], valueName: "steps"))
        let text = TerminalPlot.render(steps, width: 60, height: 12)
        // The key is indented to line up with the plot, like the legend.
        #expect(text.split(separator: "\n").last?.drop { $0 == " " } == "█ 12–40  ▓ 40–68  ▒ 68–96  ░ 96–124  steps")
        // All values equal: the first shade (each value is at most the first quartile, as in grid's map), one value.
        let flat = Figure(heatmap: Heatmap(xs: [0, 1], ys: [0], values: [[5, 5]]))
        let lines = TerminalPlot.render(flat, width: 30, height: 8, style: .ascii).split(separator: "\n")
        #expect(lines.last?.hasSuffix("# 5") == true)
        #expect(lines.dropLast().contains { $0.contains("#") })
        // Values ±1e308, whose difference overflows: the key still runs from one to the other.
        let wide = Figure(heatmap: Heatmap(xs: [0, 1], ys: [0], values: [[-1e308, 1e308]]))
        let wideKey = TerminalPlot.render(wide, width: 80, height: 8, style: .ascii).split(separator: "\n").last
        #expect(wideKey?.drop { $0 == " " } == "# -1e+308..-5e+307  = -5e+307..0  : 0..5e+307  . 5e+307..1e+308")
        // No finite value: no key.
        let empty = Figure(heatmap: Heatmap(xs: [0, 1], ys: [0], values: [[.nan, .infinity]]))
        #expect(!TerminalPlot.render(empty, width: 30, height: 8, style: .ascii).contains(".."))
    }

    @Test func quartileSpacingGivesEachShadeAQuarterOfTheCells() {
        // Values 1…8: quartiles at indices ⌊0.25·8⌋ = 2, 4, 6, so the knots are 1, 3, 5, 7, 8 (by hand).
        // A value equal to a key's upper end takes that key's shade: 1–3 `#`, 4–5 `=`, 6–7 `:`, 8 `.`.
        let values: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
        let heat = Heatmap(xs: values, ys: [0], values: [values], spacing: .quartiles)
        let text = TerminalPlot.render(Figure(heatmap: heat), width: 36, height: 8, style: .ascii)
        let lines = text.split(separator: "\n")
        #expect(lines.last?.drop { $0 == " " } == "# 1..3  = 3..5  : 5..7  . 7..8")
        // 8 cells over 32 columns: 4 columns each.
        #expect(lines[0].hasSuffix("############========::::::::...."))
        // Ties: values 0, 12, 12, 12, 30, 50 have knots 0, 12, 12, 30, 50; the shade for (12, 12] is empty
        // and left out of the key.
        let tied = Heatmap(xs: [0, 1, 2, 3, 4, 5], ys: [0], values: [[0, 12, 12, 12, 30, 50]], spacing: .quartiles)
        let key = TerminalPlot.render(Figure(heatmap: tied), width: 40, height: 8, style: .ascii).split(separator: "\n").last
        #expect(key?.drop { $0 == " " } == "# 0..12  : 12..30  . 30..50")
    }

    @Test func asciiStyleIsPlainASCII() {
        let figure = Figure(title: "all kinds", xLabel: "x", yLabel: "y", series: [
            Series(name: "line", points: [Point(-2, -1), Point(2, 1)]),
            Series(name: "dots", points: [Point(0, 0), Point(1, 1)], style: .lineAndPoints),
            Series(name: "missed", points: [Point(1, -1)], style: .points, mark: .cross),
            Series(name: "bars", points: [Point(-1, 0.5), Point(0, 1)], style: .bars),
        ], contours: ContourField(xs: [-2, 0, 2], ys: [-1, 0, 1]) { x, y in x * x + y * y },
           heatmap: Heatmap(xs: [-2, 2], ys: [-1, 1], values: [[0, 1], [2, .nan]]))
        let text = TerminalPlot.render(figure, width: 60, height: 20, style: .ascii)
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(text.contains("*"))
        #expect(text.contains("o"))
        #expect(text.contains("x"))
        // Series 0 draws with `*`, 1 with `#` and marker `o`, 2 is crosses, 3 bars with `%`.
        #expect(text.contains("** line   #o# dots   x missed   % bars"))
    }

    @Test func colorOnlyWhenAsked() {
        let figure = Figure(series: [Series(name: "a", points: [Point(0, 0), Point(1, 1)]),
                                     Series(name: "b", points: [Point(0, 1), Point(1, 0)])])
        #expect(!TerminalPlot.render(figure).contains("\u{1B}"))
        let colored = TerminalPlot.render(figure, color: true)
        #expect(colored.contains("\u{1B}[34m"))   // series 0 blue
        #expect(colored.contains("\u{1B}[31m"))   // series 1 red
        #expect(colored.contains("\u{1B}[34m──\u{1B}[0m a"))
    }

    @Test func legendWrapsWithinTheWidth() {
        let series = (1...4).map { Series(name: "series number \($0)", points: [Point(0, Double($0)), Point(1, 0)]) }
        let lines = TerminalPlot.render(Figure(series: series), width: 40, height: 20).split(separator: "\n")
        // Each entry "── series number k" is 18 wide: two fit in 40 with the 3-space gap (18 + 3 + 18 = 39), three do not.
        #expect(lines.suffix(2).allSatisfy { $0.ranges(of: "series number").count == 2 })
        #expect(lines.allSatisfy { $0.count <= 40 })
    }

    @Test func unnamedSeriesStayOutOfTheLegend() {
        let figure = Figure(series: [Series(name: "", points: [Point(0, 0), Point(1, 1)]),
                                     Series(name: "named", points: [Point(0, 1)], style: .points)])
        let last = TerminalPlot.render(figure).split(separator: "\n").last
        #expect(last?.hasSuffix("• named") == true)
        #expect(last?.contains("──") == false)
    }

    @Test(arguments: GoldenFigures.all.map(\.name), [TerminalPlot.Style.braille, .ascii])
    func fitsTheTerminal(_ name: String, _ style: TerminalPlot.Style) throws {
        let figure = try #require(GoldenFigures.all.first { $0.name == name }).figure
        let lines = TerminalPlot.render(figure, width: 80, height: 24, style: style).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 24)
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.first?.contains(figure.title) == true)
    }
}
