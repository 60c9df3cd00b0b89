/// A run to play over a figure, one frame per iterate: where the ball is in each frame and what its caption
/// says. Draw it with `SVGPlot.render(_:animation:width:height:)`.
public struct Animation: Equatable, Sendable {
    /// The rate frames are played at when none is given: slow enough to follow each step.
    public static let defaultFramesPerSecond = 4.0
    /// The most frames drawn; a longer animation is sampled evenly, which keeps the file small for long runs.
    public static let maxFrames = 600

    /// The ball's place in data coordinates, one per frame, e.g. (w_k, L(w_k)) for iterate k. In a frame
    /// whose point is not finite or lies outside the figure's window the ball is hidden.
    public var frames: [Point]
    /// Each frame's caption, e.g. `"k = 3, L = 0.25"`, saying which iterate it shows (frames may be sampled).
    /// A frame without one, past the end or empty, shows none.
    public var captions: [String]
    /// Frames played per second. One that is not positive and finite plays at the default rate; others are
    /// kept within 0.01…1000 so the loop's length stays a readable, finite number of seconds.
    public var framesPerSecond: Double

    public init(frames: [Point], captions: [String], framesPerSecond: Double = Animation.defaultFramesPerSecond) {
        self.frames = frames
        self.captions = captions
        self.framesPerSecond = framesPerSecond
    }

    /// The rate the frames are played at: `framesPerSecond`, or the default when it is unusable.
    var rate: Double {
        guard framesPerSecond.isFinite, framesPerSecond > 0 else { return Self.defaultFramesPerSecond }
        return min(max(framesPerSecond, 0.01), 1000)
    }

    /// At most `count` (but at least two) of the frames with their captions, evenly spread, the first and the
    /// last among them; the rate is kept, so a sampled animation plays in less time.
    public func sampled(atMost count: Int) -> Animation {
        let n = frames.count
        let m = max(count, 2)
        guard n > m else { return self }
        // Rounded i·(n−1)/(m−1): strictly increasing, as the step (n−1)/(m−1) is more than 1.
        let indices = (0..<m).map { i in (i * (n - 1) + (m - 1) / 2) / (m - 1) }
        return Animation(frames: indices.map { frames[$0] },
                         captions: indices.map { $0 < captions.count ? captions[$0] : "" },
                         framesPerSecond: framesPerSecond)
    }
}
