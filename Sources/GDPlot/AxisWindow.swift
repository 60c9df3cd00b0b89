/// The stretch of one axis a plot shows, in data units, and where values fall along it.
struct AxisWindow: Equatable {
    var scale: Scale
    var low: Double
    var high: Double

    /// Where `value` falls: 0 at `low`, 1 at `high`; nil for a value the scale cannot show.
    func fraction(_ value: Double) -> Double? {
        guard let t = scale.transform(value), let a = scale.transform(low), let b = scale.transform(high) else {
            return nil
        }
        let f = (t - a) / (b - a)
        return f.isFinite ? f : nil
    }

    /// Whether `value` lies in the window (allowing for rounding).
    func contains(_ value: Double) -> Bool {
        guard let f = fraction(value) else { return false }
        return f >= -1e-9 && f <= 1 + 1e-9
    }

    /// Tick values: nice 1-2-5 steps on a linear axis, powers of ten on a log axis.
    func ticks(maxCount: Int) -> [Double] {
        switch scale {
        case .linear: return Ticks.nice(low: low, high: high, maxCount: maxCount)
        case .log: return Ticks.logarithmic(low: low, high: high, maxCount: maxCount)
        }
    }

    /// The window showing `values` (those the scale can show), or `fixed` when it is given and usable.
    ///
    /// With `padded`, 4% of the span is added on each side so points do not sit on the frame. A single value
    /// gets a window around it (±10%, or ±1 around 0; a decade either side on a log axis); no values get
    /// 0...1 (1...10 on a log axis).
    static func fitting(_ values: [Double], scale: Scale, fixed: ClosedRange<Double>?, padded: Bool) -> AxisWindow {
        var low: Double
        var high: Double
        if let fixed, let a = scale.transform(fixed.lowerBound), let b = scale.transform(fixed.upperBound) {
            (low, high) = (a, b)
        } else {
            let shown = values.compactMap(scale.transform)
            guard let a = shown.min(), let b = shown.max() else {
                return scale == .linear ? AxisWindow(scale: scale, low: 0, high: 1) : AxisWindow(scale: scale, low: 1, high: 10)
            }
            (low, high) = (a, b)
            let pad = padded ? 0.04 * (high - low) : 0
            if (low - pad).isFinite, (high + pad).isFinite {
                (low, high) = (low - pad, high + pad)
            }
        }
        if !(high - low).isFinite {
            (low, high) = (low / 2, high / 2)
        }
        if scale == .log {
            // Keep 10^low and 10^high normal, finite doubles.
            (low, high) = (max(low, -300), min(high, 300))
        }
        if high == low {
            let d: Double
            switch scale {
            case .linear: d = abs(low) * 0.1 > 0 ? abs(low) * 0.1 : 1
            case .log: d = 1
            }
            (low, high) = (low - d, high + d)
        }
        return AxisWindow(scale: scale, low: scale.inverse(low), high: scale.inverse(high))
    }
}

extension Figure {
    /// The windows the figure shows: fitted to all its data, without padding when a contour field or heat
    /// map frames it. The y window fits only the points inside the x window; bars bring 0 into a linear one.
    var windows: (x: AxisWindow, y: AxisWindow) {
        let framed = contours != nil || heatmap != nil
        var xs = series.flatMap { $0.points.map(\.x) }
        var ys: [Double] = []
        if let contours {
            xs += contours.xs
            ys += contours.ys
        }
        if let heatmap {
            xs += heatmap.xEdges(scale: xScale)
            ys += heatmap.yEdges(scale: yScale)
        }
        let x = AxisWindow.fitting(xs, scale: xScale, fixed: xRange, padded: !framed)
        for s in series {
            ys += s.points.filter { x.contains($0.x) }.map(\.y)
            if s.style == .bars, yScale == .linear { ys.append(0) }
        }
        let y = AxisWindow.fitting(ys, scale: yScale, fixed: yRange, padded: !framed)
        return (x, y)
    }
}
