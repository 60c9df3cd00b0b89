import Glibc
import Testing
@testable import GDLang
@testable import GDRender
@testable import GDShell

/// The byte-by-byte paths of text layout against their definitions by characters, and numbers written by C's
/// printf against the same conversion through a Swift va_list.
@Suite struct TextLayoutTests {
    /// Columns of each line by characters, escape sequences (ESC … m) taking none: the definition.
    static func widestByCharacters(_ text: String) -> Int {
        text.split(separator: "\n").map { line in
            var count = 0, inEscape = false
            for c in line {
                if inEscape { if c == "m" { inEscape = false } } else if c == "\u{1B}" { inEscape = true } else { count += 1 }
            }
            return count
        }.max() ?? 0
    }

    static let pieces = ["a", "7", " ", "  ", "η", "λmax", "\u{1B}[36m", "\u{1B}[0m", "m", "\n", "\n\n", "e\u{301}", "\r\n", "→", "—"]

    @Test func widestLineCountsAsCharactersDo() {
        var state: UInt64 = 12345
        func below(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<3000 {
            let text = (0..<below(30)).map { _ in Self.pieces[below(Self.pieces.count)] }.joined()
            #expect(TextLayout.widestLine(text) == Self.widestByCharacters(text), "\(text.debugDescription)")
        }
        #expect(TextLayout.widestLine("ab\ncdef\n\u{1B}[36mxyz\u{1B}[0m") == 4)
        #expect(TextLayout.widestLine("η  steps\n0.5  3") == 8)
    }

    @Test func charactersAreCountedAsSwiftCountsThem() {
        for text in ["", "abc", "η  x", "e\u{301}", "a\r\nb", "\u{1B}[36m1\u{1B}[0m", "—→", "7.5e-05"] {
            #expect(TextLayout.characters(text) == text.count, "\(text.debugDescription)")
        }
    }

    @Test func trailingSpacesGoAsCharactersDo() {
        for text in ["", " ", "a  ", "η ", "a b", "  x", "e\u{301}  ", "   ", "a\u{600}  ", "\u{600} "] {
            var expected = text
            while expected.last == " " { expected.removeLast() }
            #expect(text.trailingSpacesRemoved == expected)
        }
    }

    @Test func significantDigitsAreCsOwn() {
        func viaVaList(_ value: Double, _ digits: Int) -> String {
            var buffer = [CChar](repeating: 0, count: 64)
            _ = withVaList([Int32(digits), value]) { vsnprintf(&buffer, 64, "%.*g", $0) }
            return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
        var state: UInt64 = 99
        for _ in 0..<2000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let value = Double(bitPattern: state)
            guard value.isFinite else { continue }
            for digits in [1, 6, 12, 17] { #expect(NumberFormat.significant(value, digits: digits) == viaVaList(value, digits)) }
        }
        #expect(NumberFormat.significant(1.0 / 3, digits: 6) == "0.333333")
        #expect(NumberFormat.significant(1e-5, digits: 6) == "1e-05")
        #expect(NumberFormat.significant(-0.0, digits: 6) == "-0")
    }

    /// Swept over η, the other settings are read once; every row is still the run it stands for, and a step size
    /// that is not positive is still refused where it is given.
    @Test func sweepRowsOverEtaAreTheirRuns() {
        let f = "f(x) = x^4 - 3*x^2 + 2\n"
        let sweep = runScript(f + "sweep f from x=2 eta=0.005..0.05 count=4 method=momentum beta=0.5 schedule=step steps=300 target=-0.2", json: true)
        #expect(sweep.ok)
        for eta in [0.005, 0.02, 0.035, 0.05] {
            let run = runScript(f + "run f from x=2 eta=\(eta) method=momentum beta=0.5 schedule=step steps=300 tol_loss=-0.2 tol_grad=off", json: true)
            guard let loss = run.out.last?.split(separator: "\"loss\":").last?.split(separator: ",").first else {
                Issue.record("no loss in \(run.out)")
                continue
            }
            #expect(sweep.out.last?.contains("\"final_loss\":\(loss)") == true, "η = \(eta): \(loss)")
        }
        let refused = runScript(f + "sweep f from x=2 eta=-0.01..0.01 count=3 target=-0.2")
        #expect(!refused.ok)
        #expect(refused.err.joined().contains("eta must be positive, not -0.01"))
        // The first value's error comes first, as when every value's settings were read on their own.
        let first = runScript(f + "sweep f from x=2 eta=0..1 count=3 beta=0.9")
        #expect(first.err.joined().contains("eta must be positive, not 0"))
    }
}
