import Glibc

/// Where an axis puts its ticks, and how it labels them.
public enum Ticks {
    /// Multiples of the finest 1-2-5 step (…, 0.1, 0.2, 0.5, 1, 2, 5, 10, …) that puts at most `maxCount`
    /// ticks in `low...high` (Heckbert's nice numbers): 0...1 gives 0, 0.2, …, 1 for six ticks.
    ///
    /// A range of one value gives that value; a non-finite bound gives no ticks.
    public static func nice(low: Double, high: Double, maxCount: Int) -> [Double] {
        guard low.isFinite, high.isFinite else { return [] }
        let (low, high) = (min(low, high), max(low, high))
        let span = high - low
        guard span > 0 else { return [low] }
        guard span.isFinite else { return [] }
        let wanted = max(1, maxCount)
        var exponent = Int(floor(log10(span / Double(wanted)))) - 1
        while true {
            for mantissa in [1, 2, 5] {
                let step = powerOfTen(exponent) * Double(mantissa)
                // Too far from zero for the multiples to be told apart: no ticks.
                guard max(abs(low), abs(high)) / step < 1e15 else { return [] }
                let first = Int(ceil(low / step - 1e-9))
                let last = Int(floor(high / step + 1e-9))
                if last - first + 1 <= wanted {
                    return last < first ? [] : (first...last).map { multiple($0 * mantissa, ofPowerOfTen: exponent) }
                }
            }
            exponent += 1
        }
    }

    /// Ticks for a log axis over `low...high`: the powers of ten in it, only every second (third, …) one when
    /// there are more than `maxCount`. With fewer than two powers of ten, the 1-2-5 multiples of powers of
    /// ten in it, and with fewer than two of those, `nice`.
    ///
    /// Ranges that are not positive give no ticks.
    public static func logarithmic(low: Double, high: Double, maxCount: Int) -> [Double] {
        guard low > 0, high > 0, low.isFinite, high.isFinite else { return [] }
        let (low, high) = (min(low, high), max(low, high))
        let first = Int(ceil(log10(low) - 1e-9))
        let last = Int(floor(log10(high) + 1e-9))
        if last > first {
            let stride = (last - first + max(1, maxCount)) / max(1, maxCount)
            return (first...last).filter { $0 % stride == 0 }.map { powerOfTen($0) }
        }
        let candidates = (first - 1...last).flatMap { e in [1, 2, 5].map { multiple($0, ofPowerOfTen: e) } }
        let inside = candidates.filter { $0 >= low * (1 - 1e-9) && $0 <= high * (1 + 1e-9) }
        if inside.count >= 2, inside.count <= max(1, maxCount) { return inside }
        return nice(low: low, high: high, maxCount: maxCount)
    }

    /// A compact tick label: at most six significant digits, as C's `%g` writes them
    /// (`0`, `0.5`, `-2`, `1000`, `1e-06`).
    public static func label(_ value: Double) -> String {
        value == 0 ? "0" : cFormat("%.6g", value)
    }

    /// 10^e, exactly where a double can hold it.
    static func powerOfTen(_ e: Int) -> Double {
        e >= 0 ? pow(10, Double(e)) : 1 / pow(10, Double(-e))
    }

    /// n·10^e, as close to the decimal number as a double gets (0.3, not 0.30000000000000004).
    static func multiple(_ n: Int, ofPowerOfTen e: Int) -> Double {
        e >= 0 ? Double(n) * pow(10, Double(e)) : Double(n) / pow(10, Double(-e))
    }
}
