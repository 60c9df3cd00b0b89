/// A figure's windows laid onto a device rectangle — SVG user units or raster pixels — with y pointing down.
struct Plane {
    var x: AxisWindow
    var y: AxisWindow
    var left: Double
    var top: Double
    var width: Double
    var height: Double

    var right: Double { left + width }
    var bottom: Double { top + height }
    /// The whole rectangle.
    var frame: Box { Box(left: left, top: top, right: right, bottom: bottom) }

    /// The device x of data x `value`; nil when the axis cannot show it. Far-off values are pulled in to a
    /// billion plot widths so that later arithmetic stays finite.
    func deviceX(_ value: Double) -> Double? {
        x.fraction(value).map { left + width * min(max($0, -1e9), 1e9) }
    }

    /// The device y of data y `value` (the window's low end at the bottom).
    func deviceY(_ value: Double) -> Double? {
        y.fraction(value).map { bottom - height * min(max($0, -1e9), 1e9) }
    }

    /// The device point of a data point, or nil when an axis cannot show it.
    func locate(_ p: Point) -> Point? {
        guard let dx = deviceX(p.x), let dy = deviceY(p.y) else { return nil }
        return Point(dx, dy)
    }

    /// Whether device point `p` lies in the rectangle (allowing for rounding).
    func contains(_ p: Point) -> Bool {
        p.x >= left - 1e-6 && p.x <= right + 1e-6 && p.y >= top - 1e-6 && p.y <= bottom + 1e-6
    }

    /// The device polylines joining consecutive data points, cut to the rectangle, and broken where a point
    /// cannot be shown.
    func polylines(_ points: [Point]) -> [[Point]] {
        var lines: [[Point]] = []
        var current: [Point] = []
        func finish() {
            if current.count >= 2 { lines.append(current) }
            current = []
        }
        var previous: Point?
        for p in points {
            let here = locate(p)
            if let a = previous, let b = here, let (start, end) = clip(a, b) {
                if current.last != start {
                    finish()
                    current = [start]
                }
                current.append(end)
            } else {
                finish()
            }
            previous = here
        }
        finish()
        return lines
    }

    /// The part of the device segment from `a` to `b` inside the rectangle (Liang–Barsky), or nil if none is.
    func clip(_ a: Point, _ b: Point) -> (Point, Point)? {
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        var (t0, t1) = (0.0, 1.0)
        for (p, q) in [(-dx, a.x - left), (dx, right - a.x), (-dy, a.y - top), (dy, bottom - a.y)] {
            if p == 0 {
                if q < 0 { return nil }
            } else if p < 0 {
                t0 = max(t0, q / p)
            } else {
                t1 = min(t1, q / p)
            }
        }
        guard t0 <= t1 else { return nil }
        return (Point(a.x + t0 * dx, a.y + t0 * dy), Point(a.x + t1 * dx, a.y + t1 * dy))
    }
}

/// An axis-aligned device rectangle.
struct Box: Equatable {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    var width: Double { right - left }
    var height: Double { bottom - top }
}

extension Plane {
    /// The device box spanning data x from `x0` to `x1` and data y from `y0` to `y1`, cut to the rectangle;
    /// nil when an axis cannot show a corner or nothing of it is inside.
    func box(x0: Double, x1: Double, y0: Double, y1: Double) -> Box? {
        guard let a = deviceX(x0), let b = deviceX(x1), let c = deviceY(y0), let d = deviceY(y1) else { return nil }
        let box = Box(left: max(min(a, b), left), top: max(min(c, d), top),
                      right: min(max(a, b), right), bottom: min(max(c, d), bottom))
        return box.width >= 0 && box.height >= 0 ? box : nil
    }

    /// The device boxes of bars at `points`: centred on each x, 80% as wide as the narrowest gap between
    /// neighbouring bars (a tenth of the plot for a lone bar), from the base — y = 0 on a linear axis, the
    /// bottom on a log axis — to the point's y.
    func bars(_ points: [Point]) -> [Box] {
        let shown = points.filter { deviceX($0.x) != nil && deviceY($0.y) != nil }
        let xs = shown.compactMap { deviceX($0.x) }.sorted()
        let gap = zip(xs, xs.dropFirst()).map { $1 - $0 }.filter { $0 > 0 }.min() ?? width / 8
        let half = 0.4 * gap
        let base = y.scale == .linear ? min(max(deviceY(0) ?? bottom, top), bottom) : bottom
        return shown.compactMap { p in
            guard let cx = deviceX(p.x), let cy = deviceY(p.y) else { return nil }
            let box = Box(left: max(cx - half, left), top: max(min(cy, base), top),
                          right: min(cx + half, right), bottom: min(max(cy, base), bottom))
            return box.width >= 0 && box.height >= 0 ? box : nil
        }
    }
}
