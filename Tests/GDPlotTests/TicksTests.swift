import Testing
import GDPlot

@Suite struct TicksTests {
    @Test func niceStepsOfOneTwoFive() {
        // 0...1: step 0.1 gives 11 ticks > 6, step 0.2 gives 0, 0.2, …, 1 = 6.
        #expect(Ticks.nice(low: 0, high: 1, maxCount: 6) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        // -3...3: step 1 gives 7 ticks; with at most 6, step 2 gives -2, 0, 2.
        #expect(Ticks.nice(low: -3, high: 3, maxCount: 7) == [-3, -2, -1, 0, 1, 2, 3])
        #expect(Ticks.nice(low: -3, high: 3, maxCount: 6) == [-2, 0, 2])
        // 0...1000: step 100 → 11, 200 → 6, 500 → 3 ticks ≤ 5.
        #expect(Ticks.nice(low: 0, high: 1000, maxCount: 5) == [0, 500, 1000])
        // 0.3...0.7 with one tick: steps 0.1 (5 ticks), 0.2 (0.4, 0.6) are too many; 0.5 fits.
        #expect(Ticks.nice(low: 0.3, high: 0.7, maxCount: 1) == [0.5])
    }

    @Test func niceTicksAreTheDecimalNumbers() {
        // 3 × 0.1 would be 0.30000000000000004; the tick is 3 / 10 = 0.3.
        #expect(Ticks.nice(low: 0, high: 0.3, maxCount: 4) == [0, 0.1, 0.2, 0.3])
        #expect(Ticks.nice(low: 1e-7, high: 3e-7, maxCount: 3) == [1e-7, 2e-7, 3e-7])
    }

    @Test func niceTicksOfDegenerateRanges() {
        #expect(Ticks.nice(low: 2, high: 2, maxCount: 5) == [2])
        #expect(Ticks.nice(low: .nan, high: 1, maxCount: 5) == [])
        #expect(Ticks.nice(low: 0, high: .infinity, maxCount: 5) == [])
        #expect(Ticks.nice(low: 1, high: 0, maxCount: 6) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Ticks.nice(low: -1e308, high: 1e308, maxCount: 5) == [])   // the span overflows
        // A count below 1 counts as 1: step 1 still gives 0 and 1, step 2 only 0.
        #expect(Ticks.nice(low: 0, high: 1, maxCount: 0) == [0])
    }

    @Test func logTicksAtDecades() {
        #expect(Ticks.logarithmic(low: 0.001, high: 1, maxCount: 5) == [1e-3, 1e-2, 1e-1, 1])
        // 1e-15...10 holds 17 powers of ten; at most 6 means every ceil(17/6) = 3rd: exponents -15, -12, …, 0.
        #expect(Ticks.logarithmic(low: 1e-15, high: 10, maxCount: 6) == [1e-15, 1e-12, 1e-9, 1e-6, 1e-3, 1])
        // 1e-13...10: 15 powers, every 3rd, on the multiples of 3 rather than from 1e-13.
        #expect(Ticks.logarithmic(low: 1e-13, high: 10, maxCount: 6) == [1e-12, 1e-9, 1e-6, 1e-3, 1])
    }

    @Test func logTicksInsideOneDecade() {
        // No power of ten in 2...8: the 1-2-5 multiples 2 and 5.
        #expect(Ticks.logarithmic(low: 2, high: 8, maxCount: 5) == [2, 5])
        // Not even those in 3...4: nice steps, 0.5 being the first with ≤ 5 ticks (0.2 gives 6).
        #expect(Ticks.logarithmic(low: 3, high: 4, maxCount: 5) == [3, 3.5, 4])
        #expect(Ticks.logarithmic(low: 0, high: 10, maxCount: 5) == [])
        #expect(Ticks.logarithmic(low: -5, high: -1, maxCount: 5) == [])
    }

    @Test func compactLabels() {
        #expect(Ticks.label(0) == "0")
        #expect(Ticks.label(-0.0) == "0")
        #expect(Ticks.label(0.5) == "0.5")
        #expect(Ticks.label(1e-6) == "1e-06")
        #expect(Ticks.label(-2) == "-2")
        #expect(Ticks.label(1000) == "1000")
        #expect(Ticks.label(0.1 + 0.2) == "0.3")            // six significant digits hide the rounding
        #expect(Ticks.label(1234567) == "1.23457e+06")
    }
}
