extension SVGPlot {
    /// The ball's colour: a magenta that no series, contour or heat-map colour comes near.
    static let ballColor = "#e4007c"

    /// The figure as `render(_:width:height:)` draws it, with `animation` playing over the plot area: a ball
    /// at each frame's point in turn, the trail of the points before it (joined, each marked with a dot), and
    /// the frame's caption above the plot's top right corner, looping for ever.
    ///
    /// The animation is SVG's own (SMIL `animate` elements with discrete steps), so it plays in a browser
    /// without a script; a viewer that does not animate shows the first frame. An animation longer than
    /// `Animation.maxFrames` is sampled evenly. In a frame whose point is not finite or outside the window
    /// the ball is hidden, and the trail leaves out the segments to and from a point that is not finite.
    public static func render(_ figure: Figure, animation: Animation, width: Double = 640, height: Double = 420) -> String {
        let layers = layers(figure, width: width, height: height)
        let movie = animation.sampled(atMost: Animation.maxFrames)
        guard !movie.frames.isEmpty else { return layers.document() }
        let clock = FrameClock(frames: movie.frames.count, rate: movie.rate)
        let plane = layers.plane
        return layers.document(clipped: trail(movie.frames, plane: plane, clock: clock),
                               onTop: captions(movie.captions, plane: plane, clock: clock)
                                   + ball(movie.frames, plane: plane, clock: clock))
    }

    /// The ball: a circle at the first frame's place, whose centre then takes each frame's place in turn.
    /// Where a frame hides it, the centre stays where it was, so no coordinate is ever undefined. Nothing
    /// when no frame shows it.
    private static func ball(_ frames: [Point], plane: Plane, clock: FrameClock) -> [String] {
        let shown = frames.map { plane.locate($0).flatMap { plane.contains($0) ? $0 : nil } }
        guard let first = shown.first(where: { $0 != nil }) ?? nil else { return [] }
        var places: [Point] = []
        for place in shown { places.append(place ?? places.last ?? first) }
        var animations = [
            clock.steps(of: "cx", places.map { SVG.number($0.x) }),
            clock.steps(of: "cy", places.map { SVG.number($0.y) }),
        ]
        if shown.contains(where: { $0 == nil }) {
            animations.append(clock.steps(of: "visibility", shown.map { $0 == nil ? "hidden" : "visible" }))
        }
        return [SVG.element("circle", ["cx": SVG.number(places[0].x), "cy": SVG.number(places[0].y), "r": "6",
                                       "fill": ballColor, "stroke": "#ffffff", "stroke-width": "1.5",
                                       "visibility": shown[0] == nil ? "hidden" : "visible"],
                            markup: animations.joined())]
    }

    /// For each frame after the first, the segment that brought the ball there and a dot where it came from,
    /// shown from that frame to the end of the loop: together, the path so far. Drawn under the ball, faded,
    /// so the ball stands out.
    private static func trail(_ frames: [Point], plane: Plane, clock: FrameClock) -> [String] {
        let places = frames.map(plane.locate)
        var out: [String] = []
        for k in frames.indices.dropFirst() {
            var marks = ""
            if let a = places[k - 1], let b = places[k], let (start, end) = plane.clip(a, b) {
                marks += SVG.element("path", ["d": "M\(SVG.number(start.x)) \(SVG.number(start.y))L\(SVG.number(end.x)) \(SVG.number(end.y))",
                                              "stroke": ballColor, "stroke-opacity": "0.45", "stroke-width": "1.5",
                                              "fill": "none"])
            }
            if let a = places[k - 1], plane.contains(a) {
                marks += SVG.element("circle", ["cx": SVG.number(a.x), "cy": SVG.number(a.y), "r": "2.5", "fill": ballColor,
                                                "fill-opacity": "0.45"])
            }
            guard !marks.isEmpty else { continue }
            out.append(SVG.element("g", ["visibility": "hidden"], markup: clock.shown(from: k, until: frames.count) + marks))
        }
        return out
    }

    /// One text per frame above the plot's top right corner, each shown only in its own frame.
    private static func captions(_ captions: [String], plane: Plane, clock: FrameClock) -> [String] {
        captions.prefix(clock.frames).enumerated().compactMap { k, caption in
            guard !caption.isEmpty else { return nil }
            return SVG.element("text", ["x": SVG.number(plane.right), "y": SVG.number(plane.top - 5), "font-size": "12",
                                        "text-anchor": "end", "fill": "#262626", "visibility": k == 0 ? "visible" : "hidden"],
                               markup: clock.shown(from: k, until: k + 1) + SVG.escaped(caption))
        }
    }
}

/// The timing shared by every animated element of a figure, so that all of them change together: one loop
/// of `frames` equal steps, each `1/rate` seconds long, repeated for ever.
private struct FrameClock {
    let frames: Int
    let rate: Double

    /// The animation's attributes after its values: the loop's length, discrete steps, and repeating.
    private var timing: String {
        "dur=\"\(Self.decimal(Double(frames) / rate))s\" calcMode=\"discrete\" repeatCount=\"indefinite\""
    }

    /// An `animate` giving `attribute` one value per frame: discrete steps over `n` values split the loop into
    /// `n` equal parts.
    func steps(of attribute: String, _ values: [String]) -> String {
        "<animate attributeName=\"\(attribute)\" values=\"\(values.joined(separator: ";"))\" \(timing)/>"
    }

    /// An `animate` making its element visible from frame `start` until frame `end` (the loop's end when
    /// `end` is `frames`), and hidden for the rest of the loop.
    func shown(from start: Int, until end: Int) -> String {
        guard frames > 1 else { return "" }
        var values = ["hidden", "visible"]
        var times = [0, start]
        if start == 0 { (values, times) = (["visible"], [0]) }
        if end < frames {
            values.append("hidden")
            times.append(end)
        }
        let keyTimes = times.map { Self.decimal(Double($0) / Double(frames)) }.joined(separator: ";")
        return "<animate attributeName=\"visibility\" values=\"\(values.joined(separator: ";"))\" keyTimes=\"\(keyTimes)\" \(timing)/>"
    }

    /// A time or fraction to six decimals, without trailing zeros: fine enough that 600 frames' boundaries
    /// stay distinct and in order.
    private static func decimal(_ value: Double) -> String {
        var s = cFormat("%.6f", value)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
