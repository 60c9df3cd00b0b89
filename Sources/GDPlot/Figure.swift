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
