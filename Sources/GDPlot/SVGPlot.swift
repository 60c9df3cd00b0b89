import Glibc

/// Draws a figure as a standalone SVG 1.1 document.
public enum SVGPlot {
    /// The figure as an SVG document `width` × `height` units big: white background, light grey grid at the
    /// major ticks, framed plot area with tick labels (powers of ten as 10ⁿ on log axes, with minor ticks when
    /// few decades show), title, axis labels, and a legend of the named series where it covers the fewest of
    /// their points. Series take Okabe–Ito colours in order.
    public static func render(_ figure: Figure, width: Double = 640, height: Double = 420) -> String {
        layers(figure, width: width, height: height).document()
    }

    /// The figure's document in its parts, laid out on its plane, for `render` and the animated render to share.
    static func layers(_ figure: Figure, width: Double, height: Double) -> Layers {
        let (xWindow, yWindow) = figure.windows
        let top = figure.title.isEmpty ? 16.0 : 40
        let bottom = figure.xLabel.isEmpty ? 32.0 : 54
        let plotHeight = max(10, height - top - bottom)
        let yTicks = yWindow.ticks(maxCount: max(2, Int(plotHeight / 45)))
        let yLabelWidth = yTicks.map { textWidth(tickMarkup($0, yWindow.scale)) }.max() ?? 0
        let left = 12 + (figure.yLabel.isEmpty ? 0 : 22) + yLabelWidth + 9
        let key = figure.heatmap.flatMap { ColourKey($0, plotHeight: plotHeight) }
        let plane = Plane(x: xWindow, y: yWindow, left: left, top: top,
                          width: max(10, width - left - 20 - (key?.width ?? 0)), height: plotHeight)
        let xTicks = fittingXTicks(xWindow, plane: plane)

        var under = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(SVG.number(width))\" "
                + "height=\"\(SVG.number(height))\" viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\" "
                + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">",
            SVG.element("rect", ["width": SVG.number(width), "height": SVG.number(height), "fill": "#ffffff"]),
            "<defs><clipPath id=\"plot-area\">" + SVG.rect(plane.frame) + "</clipPath></defs>",
        ]
        under += grid(plane, xTicks: xTicks, yTicks: yTicks)
        var data: [String] = []
        if let heatmap = figure.heatmap { data += cells(heatmap, plane: plane) }
        if let contours = figure.contours { data += levelLines(contours, plane: plane) }
        for (index, series) in figure.series.enumerated() { data += marks(series, color: Palette.svg(index), plane: plane) }
        data += figure.labels.compactMap { label in
            plane.locate(label.at).map { p in
                SVG.element("text", ["x": SVG.number(p.x + 8), "y": SVG.number(p.y - 8), "font-size": SVG.number(legendFont),
                                     "fill": Palette.svg(label.series).hex, "class": "label"], text: label.text)
            }
        }
        var over = [SVG.rect(plane.frame, ["fill": "none", "stroke": "#404040", "stroke-width": "1"])]
        over += axes(plane, xTicks: xTicks, yTicks: yTicks)
        over += labels(figure, plane: plane)
        over += legend(figure.series, plane: plane)
        if let key { over += key.render(beside: plane) }
        return Layers(plane: plane, under: under, data: data, over: over)
    }

    /// A figure's document in three stacks of elements around the data clipped to the plot area, and the
    /// plane it is laid out on.
    struct Layers {
        var plane: Plane
        /// The XML declaration, the opening `svg` tag, the background, the plot area's clip path and the grid.
        var under: [String]
        /// The heat map, contour lines, series and their text labels, clipped to the plot area.
        var data: [String]
        /// The frame, axes, labels, legend and colour key.
        var over: [String]

        /// The whole document, with `clipped` drawn after the data inside the plot area and `onTop` last.
        func document(clipped: [String] = [], onTop: [String] = []) -> String {
            let svg = under + ["<g clip-path=\"url(#plot-area)\">"] + data + clipped + ["</g>"] + over + onTop + ["</svg>"]
            return svg.joined(separator: "\n") + "\n"
        }
    }

    // MARK: Axes

    private static let tickFont = 11.0
    private static let labelFont = 13.0
    private static let legendFont = 12.0

    /// The most x ticks whose labels fit side by side with room between them.
    private static func fittingXTicks(_ window: AxisWindow, plane: Plane) -> [Double] {
        var ticks: [Double] = []
        for maxCount in stride(from: max(2, Int(plane.width / 40)), through: 2, by: -1) {
            ticks = window.ticks(maxCount: maxCount)
            let placed = ticks.compactMap { v in plane.deviceX(v).map { ($0, textWidth(tickMarkup(v, window.scale))) } }
            if zip(placed, placed.dropFirst()).allSatisfy({ a, b in b.0 - a.0 >= (a.1 + b.1) / 2 + 14 }) { break }
        }
        return ticks
    }

    /// Light grey lines across the plot at the major ticks.
    private static func grid(_ plane: Plane, xTicks: [Double], yTicks: [Double]) -> [String] {
        var path = ""
        for x in xTicks.compactMap(plane.deviceX) where plane.contains(Point(x, plane.top)) {
            path += "M\(SVG.number(x)) \(SVG.number(plane.top))V\(SVG.number(plane.bottom))"
        }
        for y in yTicks.compactMap(plane.deviceY) where plane.contains(Point(plane.left, y)) {
            path += "M\(SVG.number(plane.left)) \(SVG.number(y))H\(SVG.number(plane.right))"
        }
        return path.isEmpty ? [] : [SVG.element("path", ["d": path, "stroke": "#e4e4e4", "stroke-width": "1", "fill": "none"])]
    }

    /// Tick marks outside the frame with their labels, and minor ticks on log axes.
    private static func axes(_ plane: Plane, xTicks: [Double], yTicks: [Double]) -> [String] {
        var out: [String] = []
        var path = ""
        for value in xTicks {
            guard let x = plane.deviceX(value), plane.contains(Point(x, plane.top)) else { continue }
            path += "M\(SVG.number(x)) \(SVG.number(plane.bottom))v5"
            out.append(SVG.element("text", ["x": SVG.number(x), "y": SVG.number(plane.bottom + 19), "font-size": SVG.number(tickFont),
                                            "text-anchor": "middle", "fill": "#262626"], markup: tickMarkup(value, plane.x.scale)))
        }
        for value in yTicks {
            guard let y = plane.deviceY(value), plane.contains(Point(plane.left, y)) else { continue }
            path += "M\(SVG.number(plane.left)) \(SVG.number(y))h-5"
            out.append(SVG.element("text", ["x": SVG.number(plane.left - 8), "y": SVG.number(y + 4), "font-size": SVG.number(tickFont),
                                            "text-anchor": "end", "fill": "#262626"], markup: tickMarkup(value, plane.y.scale)))
        }
        for value in minorTicks(plane.x, majors: xTicks) {
            if let x = plane.deviceX(value) { path += "M\(SVG.number(x)) \(SVG.number(plane.bottom))v3" }
        }
        for value in minorTicks(plane.y, majors: yTicks) {
            if let y = plane.deviceY(value) { path += "M\(SVG.number(plane.left)) \(SVG.number(y))h-3" }
        }
        return [SVG.element("path", ["d": path, "stroke": "#404040", "stroke-width": "1", "fill": "none"])] + out
    }

    /// On a log axis showing at most eight decades: 2·10ⁿ … 9·10ⁿ inside the window, except the major ticks.
    private static func minorTicks(_ window: AxisWindow, majors: [Double]) -> [Double] {
        guard window.scale == .log, window.high / window.low <= 1e8 else { return [] }
        let decades = Int(floor(log10(window.low)))...Int(floor(log10(window.high)))
        return decades.flatMap { e in (2...9).map { Ticks.multiple($0, ofPowerOfTen: e) } }
            .filter { window.contains($0) && !majors.contains($0) }
    }

    /// A tick label's markup: a power of ten on a log axis as 10 with a raised exponent, otherwise `Ticks.label`.
    private static func tickMarkup(_ value: Double, _ scale: Scale) -> String {
        let power = scale == .log && value > 0 ? log10(value).rounded() : .nan
        guard power.isFinite, value == Ticks.powerOfTen(Int(power)) else { return SVG.escaped(Ticks.label(value)) }
        let e = Int(power)
        let exponent = e < 0 ? "\u{2212}\(-e)" : "\(e)"
        return "10" + SVG.element("tspan", ["dy": "-5", "font-size": "8"], text: exponent)
    }

    /// About how wide tick-label markup is drawn at the tick font size.
    private static func textWidth(_ markup: String) -> Double {
        guard let tspan = markup.firstRange(of: "<tspan") else { return width(markup, size: tickFont) }
        let exponent = markup[tspan.upperBound...].drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
        return width(String(markup[..<tspan.lowerBound]), size: tickFont) + width(String(exponent), size: 8)
    }

    /// About how wide DejaVu Sans draws `text` at `size`.
    private static func width(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.62 }

    /// The title above the plot and the axis labels below and left of it.
    private static func labels(_ figure: Figure, plane: Plane) -> [String] {
        var out: [String] = []
        let middleX = SVG.number(plane.left + plane.width / 2)
        if !figure.title.isEmpty {
            out.append(SVG.element("text", ["x": middleX, "y": "25", "font-size": "15", "font-weight": "bold",
                                            "text-anchor": "middle", "fill": "#000000"], text: figure.title))
        }
        if !figure.xLabel.isEmpty {
            out.append(SVG.element("text", ["x": middleX, "y": SVG.number(plane.bottom + 41), "font-size": SVG.number(labelFont),
                                            "text-anchor": "middle", "fill": "#000000"], text: figure.xLabel))
        }
        if !figure.yLabel.isEmpty {
            let (x, y) = (SVG.number(24), SVG.number(plane.top + plane.height / 2))
            out.append(SVG.element("text", ["x": x, "y": y, "font-size": SVG.number(labelFont), "text-anchor": "middle",
                                            "fill": "#000000", "transform": "rotate(-90 \(x) \(y))"], text: figure.yLabel))
        }
        return out
    }

    // MARK: Data

    /// The heat-map cells as rectangles coloured along the ramp.
    private static func cells(_ heatmap: Heatmap, plane: Plane) -> [String] {
        let xEdges = heatmap.xEdges(scale: plane.x.scale)
        let yEdges = heatmap.yEdges(scale: plane.y.scale)
        var out = ["<g shape-rendering=\"crispEdges\">"]
        for (j, row) in heatmap.levels().enumerated() {
            for (i, level) in row.enumerated() {
                guard let level, let box = plane.box(x0: xEdges[i], x1: xEdges[i + 1], y0: yEdges[j], y1: yEdges[j + 1]) else {
                    continue
                }
                out.append(SVG.rect(box, ["fill": heatmap.color(level: level).hex]))
            }
        }
        return out + ["</g>"]
    }

    /// One thin grey path per contour level.
    private static func levelLines(_ contours: ContourField, plane: Plane) -> [String] {
        contours.levels.compactMap { level in
            let lines = ContourField.chains(contours.segments(at: level)).flatMap(plane.polylines)
            guard !lines.isEmpty else { return nil }
            let path = lines.map { line in
                "M" + line.map { "\(SVG.number($0.x)) \(SVG.number($0.y))" }.joined(separator: "L")
            }.joined()
            return SVG.element("path", ["d": path, "stroke": "#8c8c8c", "stroke-width": "0.8", "fill": "none",
                                        "stroke-linejoin": "round"])
        }
    }

    /// A series' bars, lines and markers.
    private static func marks(_ series: Series, color: RGB, plane: Plane) -> [String] {
        var out: [String] = []
        if series.style == .bars {
            out += plane.bars(series.points).map { box in
                SVG.rect(box, ["fill": color.hex, "fill-opacity": "0.85", "stroke": "#ffffff", "stroke-width": "0.5"])
            }
        }
        if series.hasLine {
            out += plane.polylines(series.points).map { line in
                let points = line.map { "\(SVG.number($0.x)),\(SVG.number($0.y))" }.joined(separator: " ")
                return series.faint
                    ? SVG.element("polyline", ["points": points, "fill": "none", "stroke": color.hex, "stroke-width": "1",
                                               "stroke-opacity": "0.3", "stroke-linejoin": "round", "stroke-linecap": "round"])
                    : SVG.element("polyline", ["points": points, "fill": "none", "stroke": color.hex, "stroke-width": "1.8",
                                               "stroke-linejoin": "round", "stroke-linecap": "round"])
            }
        }
        if series.style == .arrows {
            for (tail, head) in series.arrows {
                guard let a = plane.locate(tail), let b = plane.locate(head), let (p, q) = plane.clip(a, b) else { continue }
                out.append(arrow(from: p, to: q, color: color, headShown: q == b))
            }
        }
        if series.hasMarkers {
            out += series.points.compactMap(plane.locate).filter(plane.contains).map { marker(series.mark, at: $0, color: color) }
        }
        return out
    }

    /// A straight arrow in device coordinates, its head a filled triangle at `q` (left off where the arrow is cut
    /// by the frame before its head).
    private static func arrow(from p: Point, to q: Point, color: RGB, headShown: Bool) -> String {
        let (dx, dy) = (q.x - p.x, q.y - p.y)
        let length = (dx * dx + dy * dy).squareRoot()
        var parts = [SVG.element("line", ["x1": SVG.number(p.x), "y1": SVG.number(p.y), "x2": SVG.number(q.x), "y2": SVG.number(q.y),
                                          "stroke": color.hex, "stroke-width": "1.6"])]
        if headShown, length > 0 {
            let (ux, uy) = (dx / length, dy / length)
            let size = min(7, length)
            let base = Point(q.x - ux * size, q.y - uy * size)
            let (l, r) = (Point(base.x - uy * size * 0.45, base.y + ux * size * 0.45), Point(base.x + uy * size * 0.45, base.y - ux * size * 0.45))
            parts.append(SVG.element("path", ["d": "M\(SVG.number(q.x)) \(SVG.number(q.y))L\(SVG.number(l.x)) \(SVG.number(l.y))L"
                                                + "\(SVG.number(r.x)) \(SVG.number(r.y))Z", "fill": color.hex]))
        }
        return "<g class=\"arrow\" data-from=\"\(SVG.number(p.x)),\(SVG.number(p.y))\" data-to=\"\(SVG.number(q.x)),\(SVG.number(q.y))\">"
            + parts.joined() + "</g>"
    }

    private static func marker(_ mark: Series.Mark, at p: Point, color: RGB) -> String {
        switch mark {
        case .dot:
            return SVG.element("circle", ["cx": SVG.number(p.x), "cy": SVG.number(p.y), "r": "3.2", "fill": color.hex,
                                          "stroke": "#ffffff", "stroke-width": "0.8"])
        case .cross:
            let (l, r, t, b) = (SVG.number(p.x - 4), SVG.number(p.x + 4), SVG.number(p.y - 4), SVG.number(p.y + 4))
            return SVG.element("path", ["d": "M\(l) \(t)L\(r) \(b)M\(l) \(b)L\(r) \(t)", "stroke": color.hex,
                                        "stroke-width": "1.8", "stroke-linecap": "round", "fill": "none"])
        }
    }

    // MARK: Colour key

    /// A heat map's colour bar right of the plot: the ramp from the smallest value (bottom) to the largest
    /// (top), with ticks at nice values and the values' name along it.
    private struct ColourKey {
        let heatmap: Heatmap
        let knots: [Double]
        let ticks: [Double]
        let labelWidth: Double

        static let gap = 14.0
        static let barWidth = 12.0

        /// Ticks at nice values for linear spacing; at the smallest value, the quartiles and the largest for
        /// quartile spacing, where nice values would fall unevenly.
        init?(_ heatmap: Heatmap, plotHeight: Double) {
            guard let knots = heatmap.knots else { return nil }
            self.heatmap = heatmap
            self.knots = knots
            if knots[0] == knots[4] {
                ticks = [knots[0]]
            } else {
                switch heatmap.spacing {
                case .linear: ticks = Ticks.nice(low: knots[0], high: knots[4], maxCount: max(2, Int(plotHeight / 45)))
                                          .filter { (knots[0]...knots[4]).contains($0) }
                case .quartiles: ticks = knots.enumerated().filter { $0.offset == 0 || $0.element != knots[$0.offset - 1] }.map(\.element)
                }
            }
            labelWidth = ticks.map { SVGPlot.width(Ticks.label($0), size: SVGPlot.tickFont) }.max() ?? 0
        }

        /// The room the key takes right of the plot.
        var width: Double { Self.gap + Self.barWidth + 7 + labelWidth + (heatmap.valueName.isEmpty ? 0 : 20) }

        func render(beside plane: Plane) -> [String] {
            let bar = Box(left: plane.right + Self.gap, top: plane.top, right: plane.right + Self.gap + Self.barWidth,
                          bottom: plane.bottom)
            var out: [String] = []
            if knots[0] == knots[4] {
                out.append(SVG.rect(bar, ["fill": heatmap.color(level: Heatmap.level(of: knots[0], knots: knots)).hex]))
            } else {
                let stops = heatmap.stops
                let gradient = stops.enumerated().map { k, colour in
                    SVG.element("stop", ["offset": SVG.number(Double(k) / Double(stops.count - 1)), "stop-color": colour.hex])
                }.joined()
                out.append("<defs><linearGradient id=\"colour-key\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">" + gradient
                           + "</linearGradient></defs>")
                out.append(SVG.rect(bar, ["fill": "url(#colour-key)"]))
            }
            out.append(SVG.rect(bar, ["fill": "none", "stroke": "#404040", "stroke-width": "1"]))
            var path = ""
            for value in ticks {
                let y = bar.bottom - Heatmap.level(of: value, knots: knots) * (bar.bottom - bar.top)
                path += "M\(SVG.number(bar.right)) \(SVG.number(y))h4"
                out.append(SVG.element("text", ["x": SVG.number(bar.right + 7), "y": SVG.number(y + 4),
                                                "font-size": SVG.number(SVGPlot.tickFont), "fill": "#262626"],
                                       text: Ticks.label(value)))
            }
            out.append(SVG.element("path", ["d": path, "stroke": "#404040", "stroke-width": "1", "fill": "none"]))
            if !heatmap.valueName.isEmpty {
                let (x, y) = (SVG.number(bar.right + 7 + labelWidth + 14), SVG.number((bar.top + bar.bottom) / 2))
                out.append(SVG.element("text", ["x": x, "y": y, "font-size": SVG.number(SVGPlot.labelFont), "text-anchor": "middle",
                                                "fill": "#000000", "transform": "rotate(90 \(x) \(y))"], text: heatmap.valueName))
            }
            return out
        }
    }

    // MARK: Legend

    /// A framed list of the named series, each with a sample of how it is drawn, in the corner (or at the
    /// middle of the top or bottom edge) of the plot where it covers the fewest of their points; on a tie
    /// top before bottom, then right, left, middle.
    private static func legend(_ series: [Series], plane: Plane) -> [String] {
        let entries = series.enumerated().filter { !$0.element.name.isEmpty }
        guard !entries.isEmpty else { return [] }
        let rowHeight = 18.0
        let boxWidth = 42 + (entries.map { width($0.element.name, size: legendFont) }.max() ?? 0)
        let boxHeight = 8 + rowHeight * Double(entries.count)
        let inset = 10.0
        let (lefts, tops) = ([plane.right - inset - boxWidth, plane.left + inset, plane.left + (plane.width - boxWidth) / 2],
                             [plane.top + inset, plane.bottom - inset - boxHeight])
        let corners = tops.flatMap { top in lefts.map { ($0, top) } }
        let samples = series.flatMap { coveredPoints($0, plane: plane) }
        let boxes = corners.map { Box(left: $0.0, top: $0.1, right: $0.0 + boxWidth, bottom: $0.1 + boxHeight) }
        let box = boxes.min { a, b in covered(samples, by: a) < covered(samples, by: b) } ?? boxes[0]

        var out = [SVG.rect(box, ["rx": "3", "fill": "#ffffff", "fill-opacity": "0.9", "stroke": "#bfbfbf",
                                  "stroke-width": "0.8"])]
        for (row, (index, s)) in entries.enumerated() {
            let y = box.top + 4 + rowHeight * (Double(row) + 0.5)
            let color = Palette.svg(index)
            let (x0, x1) = (box.left + 8, box.left + 30)
            switch s.style {
            case .bars:
                out.append(SVG.element("rect", ["x": SVG.number(x0 + 4), "y": SVG.number(y - 5), "width": "14", "height": "10",
                                                "fill": color.hex, "fill-opacity": "0.85"]))
            case .arrows:
                out.append(arrow(from: Point(x0, y), to: Point(x1, y), color: color, headShown: true))
            case .line, .lineAndPoints, .points:
                if s.hasLine {
                    out.append(SVG.element("path", ["d": "M\(SVG.number(x0)) \(SVG.number(y))H\(SVG.number(x1))", "stroke": color.hex,
                                                    "stroke-width": "1.8", "stroke-linecap": "round"]))
                }
                if s.hasMarkers { out.append(marker(s.mark, at: Point((x0 + x1) / 2, y), color: color)) }
            }
            out.append(SVG.element("text", ["x": SVG.number(x1 + 8), "y": SVG.number(y + 4), "font-size": SVG.number(legendFont),
                                            "fill": "#000000"], text: s.name))
        }
        return out
    }

    /// Device points of a series — its points, and every few units along its lines and across its bars —
    /// that a legend should rather not cover.
    private static func coveredPoints(_ series: Series, plane: Plane) -> [Point] {
        var points = series.points.compactMap(plane.locate)
        if series.style == .bars {
            for box in plane.bars(series.points) {
                points += stride(from: box.left, through: box.right, by: 4).flatMap { x in
                    stride(from: box.top, through: box.bottom, by: 4).map { Point(x, $0) }
                }
            }
        }
        for line in plane.polylines(series.points) {
            for (a, b) in zip(line, line.dropFirst()) {
                let steps = Int(min(1000, (abs(b.x - a.x) + abs(b.y - a.y)) / 4))
                points += (0...steps).map { k in
                    let t = Double(k) / Double(max(1, steps))
                    return Point(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
                }
            }
        }
        return points
    }

    private static func covered(_ points: [Point], by box: Box) -> Int {
        points.filter { $0.x >= box.left && $0.x <= box.right && $0.y >= box.top && $0.y <= box.bottom }.count
    }
}
