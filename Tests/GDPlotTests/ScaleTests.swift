import Testing
@testable import GDPlot

@Suite struct ScaleTests {
    @Test func linearAndLogFractions() {
        #expect(AxisWindow(scale: .linear, low: 0, high: 10).fraction(2.5) == 0.25)
        // log10(10) = 1 of the 3 decades from 1 to 1000.
        let log = AxisWindow(scale: .log, low: 1, high: 1000)
        #expect(abs(log.fraction(10)! - 1.0 / 3) < 1e-15)
        #expect(log.fraction(0) == nil)
        #expect(log.fraction(-1) == nil)
        #expect(log.fraction(.nan) == nil)
        #expect(AxisWindow(scale: .linear, low: 0, high: 1).fraction(.infinity) == nil)
    }

    @Test func fittingPadsAndWidens() {
        // 4% of the span 10 is 0.4 on each side.
        #expect(AxisWindow.fitting([0, 10], scale: .linear, fixed: nil, padded: true)
                == AxisWindow(scale: .linear, low: -0.4, high: 10.4))
        #expect(AxisWindow.fitting([0, 10], scale: .linear, fixed: nil, padded: false)
                == AxisWindow(scale: .linear, low: 0, high: 10))
        // One value: ±10% of it, ±1 around 0, a decade either side on a log axis.
        #expect(AxisWindow.fitting([5], scale: .linear, fixed: nil, padded: true) == AxisWindow(scale: .linear, low: 4.5, high: 5.5))
        #expect(AxisWindow.fitting([0, 0], scale: .linear, fixed: nil, padded: true) == AxisWindow(scale: .linear, low: -1, high: 1))
        #expect(AxisWindow.fitting([100], scale: .log, fixed: nil, padded: true) == AxisWindow(scale: .log, low: 10, high: 1000))
        // No values.
        #expect(AxisWindow.fitting([], scale: .linear, fixed: nil, padded: true) == AxisWindow(scale: .linear, low: 0, high: 1))
        #expect(AxisWindow.fitting([.nan], scale: .log, fixed: nil, padded: true) == AxisWindow(scale: .log, low: 1, high: 10))
    }

    @Test func logFittingDropsNonPositiveValues() {
        #expect(AxisWindow.fitting([0, -1, 1, 100], scale: .log, fixed: nil, padded: false)
                == AxisWindow(scale: .log, low: 1, high: 100))
    }

    @Test func fixedRanges() {
        #expect(AxisWindow.fitting([0, 10], scale: .linear, fixed: -1...1, padded: true) == AxisWindow(scale: .linear, low: -1, high: 1))
        // A log axis cannot start at 0: the data decides instead.
        #expect(AxisWindow.fitting([1, 100], scale: .log, fixed: 0...10, padded: false) == AxisWindow(scale: .log, low: 1, high: 100))
    }

    @Test func yWindowFitsThePointsInsideTheXWindow() {
        let series = Series(name: "", points: [Point(0, 0), Point(1, 1), Point(2, 100)])
        let y = Figure(series: [series], xRange: 0...1).windows.y
        // Only y = 0 and 1 count; 4% padding of 1.
        #expect(y == AxisWindow(scale: .linear, low: -0.04, high: 1.04))
    }

    @Test func barsStartAtZero() {
        let bars = Series(name: "", points: [Point(1, 5), Point(2, 10)], style: .bars)
        // 0...10 padded by 0.4.
        #expect(Figure(series: [bars]).windows.y == AxisWindow(scale: .linear, low: -0.4, high: 10.4))
    }

    @Test func contoursFrameTheFigureWithoutPadding() {
        let field = ContourField(xs: [-3, 0, 3], ys: [-2, 2], values: [[1, 0, 1], [1, 0, 1]], levels: [0.5])
        let windows = Figure(contours: field).windows
        #expect(windows.x == AxisWindow(scale: .linear, low: -3, high: 3))
        #expect(windows.y == AxisWindow(scale: .linear, low: -2, high: 2))
    }

    @Test func planeMapsDataToDevice() {
        let plane = Plane(x: AxisWindow(scale: .linear, low: 0, high: 10), y: AxisWindow(scale: .log, low: 1, high: 100),
                          left: 50, top: 10, width: 200, height: 100)
        // x = 5 is halfway: 50 + 100; y = 10 is one of two decades up from the bottom at 110: 110 − 50.
        #expect(plane.locate(Point(5, 10)) == Point(150, 60))
        #expect(plane.locate(Point(5, 0)) == nil)
    }

    @Test func clippingToThePlane() {
        let plane = Plane(x: AxisWindow(scale: .linear, low: 0, high: 1), y: AxisWindow(scale: .linear, low: 0, high: 1),
                          left: 0, top: 0, width: 100, height: 100)
        let clipped = plane.clip(Point(-10, 50), Point(110, 50))
        #expect(clipped?.0 == Point(0, 50))
        #expect(clipped?.1 == Point(100, 50))
        #expect(plane.clip(Point(-10, -10), Point(-5, 200)) == nil)
        // Broken at the NaN and cut at the frame: (0, 0)–(1, 1) is the device diagonal 0,100 → 100,0;
        // (1, 1)–(2, 2) leaves at (100, 0) so only the first polyline keeps going to there.
        let points = [Point(0, 0), Point(0.5, 0.5), Point(.nan, 1), Point(0.5, 0.5), Point(2, 2)]
        #expect(plane.polylines(points) == [[Point(0, 100), Point(50, 50)], [Point(50, 50), Point(100, 0)]])
    }
}
