import Testing
import GDPlot

/// Figures with nothing, too little or unshowable data render without crashing, in every renderer.
@Suite struct DegenerateInputTests {
    static let figures: [(String, Figure)] = [
        ("no data", Figure()),
        ("empty series", Figure(series: [Series(name: "empty", points: [])])),
        ("only NaN", Figure(series: [Series(name: "not finite", points: [Point(.nan, .nan), Point(.infinity, 1)], style: .lineAndPoints)])),
        ("one point", Figure(series: [Series(name: "one", points: [Point(3, 2)], style: .lineAndPoints)])),
        ("one x", Figure(series: [Series(name: "bars", points: [Point(1, 1), Point(1, 2)], style: .bars)])),
        ("log axis with zeros", Figure(yScale: .log, series: [Series(name: "zeros", points: [Point(0, 0), Point(1, -1), Point(2, 0)])])),
        ("log x range from 0", Figure(xScale: .log, series: [Series(name: "", points: [Point(1, 1), Point(10, 2)])], xRange: 0...10)),
        ("huge values", Figure(series: [Series(name: "", points: [Point(-1e308, 1e308), Point(1e308, -1e308)], style: .lineAndPoints)])),
        ("huge on log", Figure(xScale: .log, yScale: .log,
                               series: [Series(name: "", points: [Point(1e-300, 1e300), Point(1e300, 1e-300)])])),
        ("far outside a fixed range", Figure(series: [Series(name: "", points: [Point(0, 0), Point(1e12, 1e12)], style: .lineAndPoints)],
                                             xRange: 0...1, yRange: 0...1)),
        ("flat contour field", Figure(contours: ContourField(xs: [0, 1], ys: [0, 1]) { _, _ in 1 })),
        ("ragged contour field", Figure(contours: ContourField(xs: [0, 1, 2], ys: [0, 1], values: [[1], [.nan, 2, 3, 4]], levels: [1.5]))),
        ("one heat cell", Figure(heatmap: Heatmap(xs: [1], ys: [1], values: [[5]]))),
        ("heat map of NaN", Figure(heatmap: Heatmap(xs: [0, 1], ys: [0, 1], values: [[.nan, .nan]]))),
        ("heat map on log axes with a zero centre", Figure(xScale: .log, heatmap: Heatmap(xs: [0, 1, 10], ys: [0], values: [[1, 2, 3]]))),
    ]

    @Test(arguments: figures.map(\.0))
    func rendersInEveryWay(_ name: String) throws {
        let figure = try #require(Self.figures.first { $0.0 == name }).1
        for style in [TerminalPlot.Style.braille, .ascii] {
            for (width, height) in [(80, 24), (1, 1), (0, 0), (12, 5)] {
                #expect(!TerminalPlot.render(figure, width: width, height: height, style: style, color: true).isEmpty)
            }
        }
        for (width, height) in [(640.0, 420.0), (10, 10), (0, 0)] {
            let svg = SVGPlot.render(figure, width: width, height: height)
            #expect(svg.hasSuffix("</svg>\n"))
            #expect(!svg.contains("nan") && !svg.contains("inf"))
            let run = Animation(frames: [Point(.nan, .nan), Point(1e308, -1e308), Point(0, 0), Point(.infinity, 1), Point(1, 1)],
                                captions: ["k = 0"])
            let animated = SVGPlot.render(figure, animation: run, width: width, height: height)
            #expect(animated.hasSuffix("</svg>\n"))
            #expect(!animated.contains("nan") && !animated.contains("inf"))
        }
    }

    @Test func onePointIsOneMarker() {
        let figure = Figure(series: [Series(name: "", points: [Point(3, 2)], style: .points)])
        #expect(SVGPlot.render(figure).ranges(of: "<circle").count == 1)
        #expect(TerminalPlot.render(figure).ranges(of: "•").count == 1)
    }

    @Test func logAxisDropsZerosAndBreaksTheLine() {
        // (1, 0) cannot be shown on the log y axis: the line joins only (2, 1) and (3, 10), one polyline of two points.
        let figure = Figure(yScale: .log, series: [Series(name: "", points: [Point(1, 0), Point(2, 1), Point(3, 10)])])
        let polylines = SVGPlot.render(figure).split(separator: "\n").filter { $0.hasPrefix("<polyline") }
        #expect(polylines.count == 1)
        #expect(polylines.first?.split(separator: "\"")[1].split(separator: " ").count == 2)
    }
}
