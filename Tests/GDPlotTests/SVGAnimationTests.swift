import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import GDPlot

/// The animated SVG, read back as XML: the ball, its steps, the trail and the captions, at the device places the
/// plot area and the fixed windows give, worked out here from the plot area's rectangle alone.
@Suite struct SVGAnimationTests {
    /// Gradient descent on x² from x = −4 at η = 0.85: x ← x − 0.85·2x = −0.7x, so x_k = −4·(−0.7)^k.
    static let iterates = (0...12).map { k in Point(-4 * pow(-0.7, Double(k)), 16 * pow(0.49, Double(k))) }
    static let captions = (0...12).map { "k = \($0)" }
    /// x² over −5…5 with fixed windows x −5…5, y −1…25, so the expected places need only the plot area.
    static let figure = Figure(series: [Series(name: "f(x)", points: (0...100).map { i in
        let x = -5 + 0.1 * Double(i)
        return Point(x, x * x)
    })], xRange: -5...5, yRange: -1...25)
    static let ball = "#e4007c"

    /// The device place of data point `p` in the plot area `area` for the windows of `figure`.
    static func place(_ p: Point, in area: Area) -> (x: Double, y: Double) {
        (area.x + (p.x - -5) / (5 - -5) * area.width, area.y + area.height - (p.y - -1) / (25 - -1) * area.height)
    }

    @Test func wellFormedXML() throws {
        let svg = SVGPlot.render(Self.figure, animation: Animation(frames: Self.iterates, captions: Self.captions + ["<&>"]))
        _ = try Document(svg)
    }

    @Test func ballStartsAtTheFirstIterateAndStepsThroughThemAll() throws {
        let doc = try Document(SVGPlot.render(Self.figure, animation: Animation(frames: Self.iterates, captions: Self.captions,
                                                                                framesPerSecond: 2)))
        let area = try doc.plotArea()
        let ball = try #require(doc.ball)
        let start = Self.place(Self.iterates[0], in: area)
        let (cx, cy) = (try ball.number("cx"), try ball.number("cy"))
        #expect(abs(cx - start.x) <= 0.005 && abs(cy - start.y) <= 0.005)
        #expect(ball["visibility"] == "visible")
        let steps = doc.children(of: ball).filter { $0.name == "animate" }
        let places = Self.iterates.map { Self.place($0, in: area) }
        for (attribute, expected) in [("cx", places.map(\.x)), ("cy", places.map(\.y))] {
            let animate = try #require(steps.first { $0["attributeName"] == attribute })
            let values = try #require(animate["values"]).split(separator: ";").compactMap { Double(String($0)) }
            #expect(values.count == 13)
            #expect(close(values, expected, within: 0.005))
            // 13 frames at 2 a second.
            #expect(animate["dur"] == "6.5s")
            #expect(animate["calcMode"] == "discrete")
            #expect(animate["repeatCount"] == "indefinite")
            #expect(animate["keyTimes"] == nil)   // discrete steps split the loop evenly
        }
        // Every frame is inside the window: nothing hides the ball.
        #expect(!steps.contains { $0["attributeName"] == "visibility" })
    }

    @Test func loopLastsFramesOverRate() throws {
        for (rate, dur) in [(4.0, "3.25s"), (3, "4.333333s"), (0.5, "26s"), (0, "3.25s"), (.nan, "3.25s"), (-1, "3.25s"),
                           (.infinity, "3.25s"), (1e-9, "1300s"), (1e9, "0.013s")] {
            let svg = SVGPlot.render(Self.figure, animation: Animation(frames: Self.iterates, captions: [], framesPerSecond: rate))
            let durs = Set(try Document(svg).elements.filter { $0.name == "animate" }.map { $0["dur"] })
            #expect(durs == [dur], "fps \(rate)")
        }
        // Without a rate: the default, 4 a second.
        #expect(Animation(frames: [], captions: []).framesPerSecond == 4)
    }

    @Test func captionsShowOneAtATime() throws {
        let doc = try Document(SVGPlot.render(Self.figure, animation: Animation(frames: Self.iterates, captions: Self.captions)))
        let texts = doc.elements.filter { $0.name == "text" && $0.text.hasPrefix("k = ") }
        #expect(texts.map(\.text) == Self.captions)
        // Only k = 0 shows in a static viewer.
        #expect(texts.map { $0["visibility"] } == ["visible"] + Array(repeating: "hidden", count: 12))
        for (k, text) in texts.enumerated() {
            let animate = try #require(doc.children(of: text).first)
            let (start, end) = (Double(k) / 13, Double(k + 1) / 13)
            let (values, times) = try visibilitySteps(animate)
            switch k {
            case 0: #expect(values == ["visible", "hidden"] && close(times, [0, end]))
            case 12: #expect(values == ["hidden", "visible"] && close(times, [0, start]))
            default: #expect(values == ["hidden", "visible", "hidden"] && close(times, [0, start, end]))
            }
        }
    }

    @Test func trailGrowsFrameByFrame() throws {
        let doc = try Document(SVGPlot.render(Self.figure, animation: Animation(frames: Self.iterates, captions: [])))
        let area = try doc.plotArea()
        let groups = doc.elements.filter { $0.name == "g" && $0["visibility"] == "hidden" }
        #expect(groups.count == 12)
        for (index, group) in groups.enumerated() {
            let k = index + 1
            let children = doc.children(of: group)
            let (values, times) = try visibilitySteps(try #require(children.first { $0.name == "animate" }))
            // Hidden until frame k, then shown to the loop's end.
            #expect(values == ["hidden", "visible"] && close(times, [0, Double(k) / 13]))
            // A dot where the ball came from, and the segment from there to where it is in frame k.
            let dot = try #require(children.first { $0.name == "circle" })
            let from = Self.place(Self.iterates[k - 1], in: area)
            let to = Self.place(Self.iterates[k], in: area)
            #expect(close([try dot.number("cx"), try dot.number("cy")], [from.x, from.y], within: 0.005))
            let path = try #require(children.first { $0.name == "path" }?["d"])
            let ends = path.split(whereSeparator: { "ML ".contains($0) }).compactMap { Double(String($0)) }
            #expect(close(ends, [from.x, from.y, to.x, to.y], within: 0.005))
        }
    }

    @Test func aRunThatLeavesTheWindowHidesTheBall() throws {
        // Inside, outside the window, not finite, infinite, inside again.
        let frames = [Point(1, 1), Point(40, 1), Point(.nan, .nan), Point(2, .infinity), Point(-2, 4)]
        let svg = SVGPlot.render(Self.figure, animation: Animation(frames: frames, captions: ["a", "b", "c", "d", "e"]))
        #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"))
        let doc = try Document(svg)
        let area = try doc.plotArea()
        let ball = try #require(doc.ball)
        let steps = doc.children(of: ball)
        let visibility = try #require(steps.first { $0["attributeName"] == "visibility" })
        #expect(visibility["values"] == "visible;hidden;hidden;hidden;visible")
        // While hidden, the ball stays where it was last seen.
        let (first, last) = (Self.place(frames[0], in: area), Self.place(frames[4], in: area))
        let xs = try #require(steps.first { $0["attributeName"] == "cx" }?["values"]).split(separator: ";").compactMap { Double(String($0)) }
        #expect(close(xs, [first.x, first.x, first.x, first.x, last.x], within: 0.005))
        // The trail: the segment towards x = 40 is cut at the frame; none to or from the point that is not finite.
        let paths = doc.elements.filter { $0.name == "path" && $0["stroke"] == Self.ball }
        #expect(paths.count == 1)
        let cut = try #require(paths.first?["d"]).split(whereSeparator: { "ML ".contains($0) }).compactMap { Double(String($0)) }
        #expect(abs(cut[2] - (area.x + area.width)) <= 0.005)
    }

    @Test func aBallNeverShownIsLeftOut() throws {
        let svg = SVGPlot.render(Self.figure, animation: Animation(frames: [Point(.nan, 0), Point(99, 99)], captions: ["k = 0", "k = 1"]))
        let doc = try Document(svg)
        #expect(doc.ball == nil)
        #expect(doc.elements.contains { $0.name == "text" && $0.text == "k = 1" })
    }

    @Test func aHiddenFirstFrameStartsHidden() throws {
        let doc = try Document(SVGPlot.render(Self.figure, animation: Animation(frames: [Point(.infinity, 0), Point(1, 1)], captions: [])))
        let ball = try #require(doc.ball)
        #expect(ball["visibility"] == "hidden")
        let area = try doc.plotArea()
        // The ball waits hidden where it will first be seen.
        let cx = try ball.number("cx")
        #expect(abs(cx - Self.place(Point(1, 1), in: area).x) <= 0.005)
    }

    @Test func longRunsAreSampledKeepingTheEnds() throws {
        let frames = (0..<1000).map { k in Point(-4 + 0.008 * Double(k), 0) }
        let captions = (0..<1000).map { "k = \($0)" }
        let doc = try Document(SVGPlot.render(Self.figure, animation: Animation(frames: frames, captions: captions, framesPerSecond: 10)))
        let ball = try #require(doc.ball)
        let xs = try #require(doc.children(of: ball).first { $0["attributeName"] == "cx" })
        #expect(xs["values"]?.split(separator: ";").count == 600)
        #expect(xs["dur"] == "60s")
        let shown = doc.elements.filter { $0.name == "text" && $0.text.hasPrefix("k = ") }.map(\.text)
        #expect(shown.count == 600)
        #expect(shown.first == "k = 0" && shown.last == "k = 999")
        // Evenly: 999 steps over 599 gaps, each gap one or two frames.
        let ks = shown.compactMap { Int($0.dropFirst(4)) }
        let gaps = zip(ks, ks.dropFirst()).map { $1 - $0 }
        #expect(Set(gaps) == [1, 2])
        #expect(ks == (0..<600).map { Int((Double($0) * 999 / 599).rounded()) })
    }

    @Test func sampledKeepsShortAnimations() {
        let animation = Animation(frames: [Point(0, 0), Point(1, 1), Point(2, 2)], captions: ["a"], framesPerSecond: 3)
        #expect(animation.sampled(atMost: 3) == animation)
        #expect(animation.sampled(atMost: 2) == Animation(frames: [Point(0, 0), Point(2, 2)], captions: ["a", ""], framesPerSecond: 3))
    }

    @Test func theStaticFigureIsUnderneathUnchanged() {
        for (_, figure) in GoldenFigures.all + [("x²", Self.figure)] {
            let plain = SVGPlot.render(figure).split(separator: "\n")
            let animated = SVGPlot.render(figure, animation: Animation(frames: [Point(0, 0), Point(0.5, 0.5)], captions: ["k = 0", "k = 1"]))
                .split(separator: "\n")
            // Every line of the static figure, in order, with the animation's lines added between.
            var rest = animated[...]
            for line in plain {
                guard let at = rest.firstIndex(of: line) else { Issue.record("missing \(line)"); break }
                rest = rest[(at + 1)...]
            }
            #expect(animated.count > plain.count)
            #expect(SVGPlot.render(figure, animation: Animation(frames: [], captions: [])) == SVGPlot.render(figure))
        }
    }

    @Test func ballColourIsNoSeriesColour() {
        let svg = SVGPlot.render(Figure(series: (0..<7).map { Series(name: "\($0)", points: [Point(Double($0), 1)]) }))
        #expect(!svg.contains(Self.ball))
    }

    // MARK: Reading the document

    private func visibilitySteps(_ animate: Element) throws -> (values: [String], times: [Double]) {
        #expect(animate["attributeName"] == "visibility" && animate["calcMode"] == "discrete")
        let values = try #require(animate["values"]).split(separator: ";").map(String.init)
        let times = try #require(animate["keyTimes"]).split(separator: ";").compactMap { Double(String($0)) }
        return (values, times)
    }

    private func close(_ a: [Double], _ b: [Double], within tolerance: Double = 1e-6) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }
}

/// The plot area's rectangle.
struct Area {
    var x, y, width, height: Double
}

/// An element of a parsed document: its name, attributes, text and parent.
struct Element {
    var name: String
    var attributes: [String: String]
    var text = ""
    var parent: Int?
    var index: Int

    subscript(_ attribute: String) -> String? { attributes[attribute] }

    func number(_ attribute: String) throws -> Double { try #require(attributes[attribute].flatMap(Double.init)) }
}

/// A document parsed by Foundation's XMLParser, which fails on any markup that is not well-formed.
final class Document: NSObject, XMLParserDelegate {
    private(set) var elements: [Element] = []
    private var open: [Int] = []

    init(_ text: String) throws {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
    }

    func children(of element: Element) -> [Element] { elements.filter { $0.parent == element.index } }

    /// The ball: the circle of its colour that is not faded, as the trail's dots are.
    var ball: Element? {
        elements.first { $0.name == "circle" && $0["fill"] == SVGAnimationTests.ball && $0["fill-opacity"] == nil }
    }

    /// The rectangle of the plot area's clip path.
    func plotArea() throws -> Area {
        let clip = try #require(elements.first { $0.name == "clipPath" && $0["id"] == "plot-area" })
        let rect = try #require(children(of: clip).first)
        return Area(x: try rect.number("x"), y: try rect.number("y"), width: try rect.number("width"), height: try rect.number("height"))
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        elements.append(Element(name: name, attributes: attributes, parent: open.last, index: elements.count))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let current = open.last { elements[current].text += string }
    }
}
