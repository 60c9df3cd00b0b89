/// A point in data coordinates.
public struct Point: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// One named set of points and how to draw it.
///
/// Points that cannot be shown (NaN, infinite, or non-positive on a log axis) are dropped, and a line
/// breaks where they were.
public struct Series: Equatable, Sendable {
    /// How the points of a series are drawn.
    public enum Style: Equatable, Sendable {
        /// Straight segments joining consecutive points.
        case line
        /// A marker at each point.
        case points
        /// Segments joining the points, and a marker at each.
        case lineAndPoints
        /// A bar from the bottom of the bars (0, or the axis on a log scale) up to each point, as in a histogram.
        case bars
        /// An arrow from each point at an even index to the point after it: the updates of a run, as steps.
        case arrows
    }

    /// The marker drawn at each point by `.points` and `.lineAndPoints`.
    public enum Mark: Equatable, Sendable {
        /// A filled dot, for ordinary points such as iterates.
        case dot
        /// A cross, for points to set apart, such as step sizes that missed their target.
        case cross
    }

    /// The name in the legend; a series with an empty name is left out of the legend.
    public var name: String
    public var points: [Point]
    public var style: Style
    public var mark: Mark
    /// Drawn light and thin, behind what it accompanies (the mini-batch losses behind the loss over all rows).
    public var faint: Bool

    public init(name: String, points: [Point], style: Style = .line, mark: Mark = .dot, faint: Bool = false) {
        self.name = name
        self.points = points
        self.style = style
        self.mark = mark
        self.faint = faint
    }

    /// The arrows of an `.arrows` series, tail to head.
    var arrows: [(Point, Point)] {
        stride(from: 0, to: points.count - 1, by: 2).map { (points[$0], points[$0 + 1]) }
    }

    /// Whether the points are joined by segments.
    var hasLine: Bool { style == .line || style == .lineAndPoints }
    /// Whether each point gets a marker.
    var hasMarkers: Bool { style == .points || style == .lineAndPoints }
}
