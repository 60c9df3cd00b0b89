/// Everything one plot shows: series over an optional heat map and contour lines, with its title,
/// axis labels and scales.
///
/// The shown ranges cover all the data unless `xRange` or `yRange` fixes them. Render a figure with
/// `TerminalPlot.render` or `SVGPlot.render`.
public struct Figure: Equatable, Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: Scale
    public var yScale: Scale
    /// Drawn in order, later series on top.
    public var series: [Series]
    /// Level lines drawn under the series, e.g. of a loss over two parameters.
    public var contours: ContourField?
    /// Coloured cells drawn under everything else, e.g. a basin-of-convergence map.
    public var heatmap: Heatmap?
    /// The x range to show instead of the data's range.
    public var xRange: ClosedRange<Double>?
    /// The y range to show instead of the data's range.
    public var yRange: ClosedRange<Double>?
    /// Text written in the plot beside a point, in the colour of a series.
    public var labels: [Label] = []

    /// Text beside a point of the plot, such as a tangent's slope.
    public struct Label: Equatable, Sendable {
        public var at: Point
        public var text: String
        /// The series whose colour it takes.
        public var series: Int

        public init(at: Point, text: String, series: Int) {
            self.at = at
            self.text = text
            self.series = series
        }
    }

    public init(title: String = "", xLabel: String = "", yLabel: String = "",
                xScale: Scale = .linear, yScale: Scale = .linear, series: [Series] = [],
                contours: ContourField? = nil, heatmap: Heatmap? = nil,
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.series = series
        self.contours = contours
        self.heatmap = heatmap
        self.xRange = xRange
        self.yRange = yRange
    }
}

extension Figure {
    /// The y values the figure shows, low to high, as its data and ranges fit them.
    public var shownYRange: ClosedRange<Double> {
        let y = windows.y
        return y.low...y.high
    }
}
