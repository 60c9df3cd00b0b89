import Testing
@testable import GDPlot

@Suite struct ContourTests {
    /// One cell with corners a = (0,0), b = (1,0), c = (1,1), d = (0,1); values[j][i], so row 0 is [a, b]
    /// and row 1 is [d, c].
    private func cell(a: Double, b: Double, c: Double, d: Double) -> ContourField {
        ContourField(xs: [0, 1], ys: [0, 1], values: [[a, b], [d, c]], levels: [])
    }

    @Test func levelBetweenLeftAndRight() {
        // a = d = 0 and b = c = 1: level 0.5 crosses the bottom and top edges halfway.
        #expect(cell(a: 0, b: 1, c: 1, d: 0).segments(at: 0.5) == [Segment(Point(0.5, 0), Point(0.5, 1))])
    }

    @Test func oneCornerAbove() {
        // Only c = 4 is at or above 1: on the right edge t = (1 − 0)/(4 − 0) = 0.25 up from b, on the top
        // edge 0.25 along from d.
        #expect(cell(a: 0, b: 0, c: 4, d: 0).segments(at: 1) == [Segment(Point(1, 0.25), Point(0.25, 1))])
    }

    @Test func saddleResolvedByTheCentre() {
        let saddle = cell(a: 1, b: 0, c: 1, d: 0)   // mean 0.5
        // Level 0.4 is below the mean: a and c connect through the middle, b and d are cut off.
        // Bottom: t = (0.4 − 1)/(0 − 1) = 0.6; right: t = 0.4; top (d → c): 0.4; left (a → d): 0.6.
        #expect(saddle.segments(at: 0.4) == [Segment(Point(0.6, 0), Point(1, 0.4)), Segment(Point(0.4, 1), Point(0, 0.6))])
        // Level 0.6 is above the mean: a and c are cut off. Left t = 0.4, bottom 0.4, right 0.6, top 0.6.
        #expect(saddle.segments(at: 0.6) == [Segment(Point(0, 0.4), Point(0.4, 0)), Segment(Point(1, 0.6), Point(0.6, 1))])
    }

    @Test func peakGivesAClosedDiamond() {
        // 3×3 grid, 1 in the middle, 0 around: level 0.5 crosses the four edges at the centre halfway.
        let peak = ContourField(xs: [0, 1, 2], ys: [0, 1, 2], values: [[0, 0, 0], [0, 1, 0], [0, 0, 0]], levels: [0.5])
        let segments = peak.segments(at: 0.5)
        #expect(segments.count == 4)
        let ends = Set(segments.flatMap { [$0.start, $0.end] })
        #expect(ends == [Point(1, 0.5), Point(1.5, 1), Point(1, 1.5), Point(0.5, 1)])
        let chains = ContourField.chains(segments)
        #expect(chains.count == 1)
        #expect(chains[0].count == 5)
        #expect(chains[0].first == chains[0].last)
    }

    @Test func noLinesThroughMissingValues() {
        #expect(cell(a: 0, b: .nan, c: 1, d: 1).segments(at: 0.5) == [])
        #expect(ContourField(xs: [0, 1], ys: [0, 1], values: [[0, 1]], levels: []).segments(at: 0.5) == [])
        #expect(ContourField(xs: [], ys: [], values: [], levels: []).segments(at: 0.5) == [])
    }

    @Test func samplingTheFunction() {
        let field = ContourField(xs: [0, 1], ys: [0, 10], levelCount: 3) { x, y in x + y }
        // values[j][i] = xs[i] + ys[j].
        #expect(field.values == [[0, 1], [10, 11]])
    }

    @Test func logSpacedLevelsForABowl() {
        // Positive values 0.01 … 29 span more than two decades; bottom = max(0.01, 29·1e-4) = 0.01.
        let bowl: [[Double]] = [[0, 0.01, 29]]
        // 1, 2, 5 a decade strictly between 0.01 and 29: ten levels.
        #expect(ContourField.levels(for: bowl, count: 10) == [0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20])
        // Fewer wanted: 1, 3 a decade gives six.
        #expect(ContourField.levels(for: bowl, count: 6) == [0.03, 0.1, 0.3, 1, 3, 10])
        // 1 a decade gives three; with two wanted the two highest stay.
        #expect(ContourField.levels(for: bowl, count: 4) == [0.1, 1, 10])
        #expect(ContourField.levels(for: bowl, count: 2) == [1, 10])
    }

    @Test func logLevelsStopFourDecadesDown() {
        // 1e-9 would reach far down; the bottom is 100·1e-4 = 0.01 and 0.01 itself is not above it.
        #expect(ContourField.levels(for: [[0, 1e-9, 100]], count: 3) == [0.1, 1, 10])
    }

    @Test func evenLevelsOtherwise() {
        // Negative values: nice steps over -1...3 (step 1 gives five ticks), strictly inside.
        #expect(ContourField.levels(for: [[-1, 0, 3]], count: 5) == [0, 1, 2])
        // 1...50 spans under two decades.
        #expect(ContourField.levels(for: [[1, 50]], count: 5) == [10, 20, 30, 40])
        #expect(ContourField.levels(for: [[2, 2]], count: 5) == [])
        #expect(ContourField.levels(for: [[.nan]], count: 5) == [])
    }
}
