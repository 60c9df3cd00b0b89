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

    public init(name: String, points: [Point], style: Style = .line, mark: Mark = .dot) {
        self.name = name
        self.points = points
        self.style = style
        self.mark = mark
    }

    /// Whether the points are joined by segments.
    var hasLine: Bool { style == .line || style == .lineAndPoints }
    /// Whether each point gets a marker.
    var hasMarkers: Bool { style == .points || style == .lineAndPoints }
}
