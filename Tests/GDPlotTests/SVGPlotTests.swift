import Testing
@testable import GDPlot

@Suite struct SVGPlotTests {
    @Test func escapingText() {
        #expect(SVG.escaped(#"a<b & "c" > 'd'"#) == "a&lt;b &amp; &quot;c&quot; &gt; &apos;d&apos;")
        let svg = SVGPlot.render(Figure(title: "x < y & z", xLabel: "\"η\"",
                                        series: [Series(name: "<loss>", points: [Point(0, 1), Point(1, 2)])]))
        #expect(svg.contains(">x &lt; y &amp; z</text>"))
        #expect(svg.contains(">&quot;η&quot;</text>"))
        #expect(svg.contains(">&lt;loss&gt;</text>"))
        #expect(!svg.contains("x < y"))
    }

    @Test func numbersWithAtMostTwoDecimals() {
        #expect(SVG.number(12.5) == "12.5")
        #expect(SVG.number(3) == "3")
        #expect(SVG.number(-0.25) == "-0.25")
        #expect(SVG.number(1.0 / 3) == "0.33")
        #expect(SVG.number(2.999) == "3")
        #expect(SVG.number(-0.001) == "0")
        #expect(SVG.number(.nan) == "0")
    }

    @Test(arguments: GoldenFigures.all.map(\.name))
    func coordinatesHaveAtMostTwoDecimals(_ name: String) throws {
        let svg = SVGPlot.render(try #require(GoldenFigures.all.first { $0.name == name }).figure)
        // No digit run after a decimal point is longer than two.
        var run = -1
        for c in svg {
            if c == "." { run = 0 } else if c.isNumber, run >= 0 { run += 1 } else { run = -1 }
            #expect(run <= 2)
            if run > 2 { break }
        }
        #expect(!svg.contains("nan"))
        #expect(!svg.contains("inf"))
    }

    @Test func standaloneDocument() {
        let svg = SVGPlot.render(Figure(), width: 300, height: 200)
        #expect(svg.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"# + "\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""))
        #expect(svg.contains(#"viewBox="0 0 300 200""#))
        #expect(svg.contains(##"<rect width="300" height="200" fill="#ffffff"/>"##))
        #expect(svg.hasSuffix("</svg>\n"))
    }

    @Test func seriesColoursAndMarks() {
        let svg = SVGPlot.render(Figure(series: [
            Series(name: "a", points: [Point(0, 0), Point(1, 1)]),
            Series(name: "b", points: [Point(0, 1), Point(1, 0)], style: .points),
            Series(name: "c", points: [Point(0.5, 0.5)], style: .points, mark: .cross),
        ]))
        #expect(svg.contains(##"stroke="#0072b2""##))                  // Okabe–Ito blue first
        #expect(svg.contains(##"<circle cx="##) && svg.contains(##"fill="#d55e00""##))   // then vermillion dots
        // Two dots in the plot, one in the legend.
        #expect(svg.ranges(of: "<circle").count == 3)
        #expect(svg.contains(##"stroke="#009e73""##))                  // the cross in bluish green
    }

    @Test func logTicksAsPowersOfTen() {
        let svg = SVGPlot.render(GoldenFigures.semilogLoss)
        // Ticks every third decade from 1e-15 to 1 (see TicksTests), written 10 with a raised exponent.
        #expect(svg.contains(#">10<tspan dy="-5" font-size="8">−15</tspan></text>"#))
        #expect(svg.contains(#">10<tspan dy="-5" font-size="8">0</tspan></text>"#))
        #expect(!svg.contains(">1e-"))
    }

    @Test func barsFromZero() {
        // x window 0.5...2.5 padded by 0.08; y window 0...4 padded by 0.16. Two bars, plus no legend.
        let svg = SVGPlot.render(Figure(series: [Series(name: "", points: [Point(1, 2), Point(2, 4)], style: .bars)]))
        let bars = svg.split(separator: "\n").filter { $0.contains(#"fill-opacity="0.85""#) }
        #expect(bars.count == 2)
    }

    @Test func barBoxes() {
        let plane = Plane(x: AxisWindow(scale: .linear, low: 0, high: 4), y: AxisWindow(scale: .linear, low: -1, high: 3),
                          left: 0, top: 0, width: 400, height: 400)
        // Centres at 100 and 200, gap 100, so 80 wide; y = 0 is at 300, y = 2 at 100, y = −1 at 400.
        #expect(plane.bars([Point(1, 2), Point(2, -1)]) == [Box(left: 60, top: 100, right: 140, bottom: 300),
                                                            Box(left: 160, top: 300, right: 240, bottom: 400)])
    }

    @Test func legendAvoidsTheData() throws {
        /// The x and y of the legend box: the first two attributes of the rect with rounded corners.
        func legendPlace(_ figure: Figure) throws -> (Double, Double) {
            let line = try #require(SVGPlot.render(figure).split(separator: "\n").first { $0.contains(#"rx="3""#) })
            let parts = line.split(separator: "\"")
            return (try #require(Double(parts[1])), try #require(Double(parts[3])))
        }
        // Points along the bottom: the legend takes the top right of the 640 × 420 picture.
        let low = (0...10).map { Point(Double($0), 0) } + [Point(0, 1)]
        let (x, y) = try legendPlace(Figure(series: [Series(name: "low", points: low, style: .points)]))
        #expect(x > 320)
        #expect(y < 210)
        // Points crowding the top right and top middle as well: the legend moves to the top left.
        let crowd = (0...10).map { Point(4 + 0.6 * Double($0), 1) } + [Point(0, 0)]
        let (x2, y2) = try legendPlace(Figure(series: [Series(name: "crowd", points: crowd, style: .points)]))
        #expect(x2 < 320)
        #expect(y2 < 210)
    }

    @Test func heatMapColours() {
        let viridis = Heatmap(xs: [], ys: [], values: [])
        #expect(viridis.color(level: 0).hex == "#440154")
        #expect(viridis.color(level: 0.5).hex == "#21918c")   // 0.5 of four gaps is exactly the third stop
        #expect(viridis.color(level: 1).hex == "#fde725")
        let greys = Heatmap(xs: [], ys: [], values: [], ramp: .greys)
        // Halfway from f0 to 25: (240 + 37)/2 = 138.5, rounded to 139 = 8b.
        #expect(greys.color(level: 0.5).hex == "#8b8b8b")
        let svg = SVGPlot.render(Figure(heatmap: Heatmap(xs: [0, 1], ys: [0], values: [[1, .nan]])))
        // One finite cell, all values equal: level 0, for the cell and the whole colour key.
        #expect(svg.ranges(of: ##"fill="#440154""##).count == 2)
        #expect(!svg.contains("linearGradient"))
    }

    @Test func heatMapHasAColourKey() throws {
        let heat = Heatmap(xs: [0, 1, 2], ys: [0, 1], values: [[12, 30, .nan], [50, 80, 124]], valueName: "steps to converge")
        let svg = SVGPlot.render(Figure(heatmap: heat))
        // The ramp runs bottom to top through viridis' five stops.
        #expect(svg.contains(##"<linearGradient id="colour-key" x1="0" y1="1" x2="0" y2="0"><stop offset="0" stop-color="#440154"/>"##))
        #expect(svg.contains(##"<stop offset="1" stop-color="#fde725"/>"##))
        #expect(svg.contains(##"fill="url(#colour-key)""##))
        #expect(svg.contains("steps to converge</text>"))
        // Tick labels at nice values inside 12...124, larger values higher up, evenly spaced.
        let label = try Regex(##"y="([0-9.]+)" font-size="11" fill="#262626">([0-9]+)</text>"##, as: (Substring, Substring, Substring).self)
        let labels: [(y: Double, value: Double)] = svg.matches(of: label).map { match in
            (Double(String(match.output.1)) ?? .nan, Double(String(match.output.2)) ?? .nan)
        }
        #expect(labels.map(\.value) == [20, 40, 60, 80, 100, 120])
        #expect(zip(labels, labels.dropFirst()).allSatisfy { $0.y > $1.y })
        let gaps = zip(labels, labels.dropFirst()).map { $0.y - $1.y }
        #expect(gaps.allSatisfy { abs($0 - gaps[0]) < 0.02 })
        // The plot area narrows to make room for the key.
        let plain = SVGPlot.render(Figure(series: [Series(name: "", points: [Point(0, 0), Point(2, 1)])]))
        #expect(clipWidth(svg) < clipWidth(plain) - 40)
    }

    private func clipWidth(_ svg: String) -> Double {
        let match = svg.firstMatch(of: /<clipPath id="plot-area"><rect x="[0-9.]+" y="[0-9.]+" width="([0-9.]+)"/)
        return match.flatMap { Double(String($0.output.1)) } ?? .nan
    }

    @Test func oneContourPathPerLevel() {
        let field = ContourField(xs: [0, 1, 2], ys: [0, 1, 2], values: [[0, 0, 0], [0, 4, 0], [0, 0, 0]], levels: [1, 2, 3, 9])
        let svg = SVGPlot.render(Figure(contours: field))
        // Level 9 is above every value: no path for it.
        #expect(svg.ranges(of: ##"stroke="#8c8c8c""##).count == 3)
    }
}
