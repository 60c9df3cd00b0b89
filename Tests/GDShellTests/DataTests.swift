import Testing
@testable import GDShell
@testable import GDSession
@testable import GDRender
@testable import GDRepl
import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency
import GDOptim

@Suite struct CSVTests {
    @Test func parsesAHeaderAndNumbers() throws {
        let t = try CSV.parse("a, b\n1,2\n3 ,-4.5\r\n\n", name: "t", file: "t.csv")
        #expect(t.columns == ["a", "b"])
        #expect(t.values == [[1, 3], [2, -4.5]])
        #expect(CSV.write(t) == "a,b\n1,2\n3,-4.5\n")
    }

    @Test func errorsSayWhere() {
        #expect(throws: Diagnostic("'x' in column b is not a number", at: SourceLocation(file: "f", line: 3, column: 3),
                                   help: "cells hold finite numbers such as 2.5 or -1e-3")) {
            try CSV.parse("a,b\n1,2\n3,x\n", name: "t", file: "f")
        }
    }
}

@Suite struct SyntheticDataTests {
    @Test func linearDataIsReproducibleAndHasTheRightShape() {
        var first = NumPyRandom(seed: 7), second = NumPyRandom(seed: 7)
        let a = SyntheticData.linear(name: "s", rows: 2000, weights: [2, -1], noise: 0, random: &first)
        let b = SyntheticData.linear(name: "s", rows: 2000, weights: [2, -1], noise: 0, random: &second)
        #expect(a.values == b.values)
        #expect(a.columns == ["x1", "x2", "y"])
        // Without noise y is exactly 2·x1 − x2.
        for r in 0..<10 { #expect(a.values[2][r] == 2 * a.values[0][r] + -1 * a.values[1][r]) }
        // Standard normal features: mean near 0 and variance near 1 (2000 draws: standard errors 0.022 and 0.032).
        let x = a.values[0]
        let mean = x.reduce(0, +) / Double(x.count)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
        #expect(abs(mean) < 0.1 && abs(variance - 1) < 0.15)
    }
}

@Suite struct SyntheticCloudsTests {
    /// NumPy, `np.random.seed(0)`, `X = np.random.randn(6, 2)`, `y = (np.arange(6) >= 3).astype(float)`,
    /// `X += (y[:, None] - 0.5) * 3`, printed with repr.
    @Test func cloudsAreNumPysDraws() {
        var random = NumPyRandom(seed: 0)
        let t = SyntheticData.clouds(name: "c", rows: 6, features: 2, separation: 3, random: &random)
        #expect(t.columns == ["x1", "x2", "y"])
        #expect(t.values[2] == [0, 0, 0, 1, 1, 1])
        #expect(t.values[0][0] == 0.264052345967664 && t.values[1][5] == 2.9542735069629753)
    }
}
