import CPrintf
import Glibc

/// How numbers are written, in one place.
public enum NumberFormat {
    /// The shortest text that reads back as the same double; integral values print without a fraction.
    public static func shortest(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), Swift.abs(value) < 1e16 {
            return String(Int64(value))
        }
        return value.description
    }

    /// `%.1g` … `%.17g`.
    private static let significantFormats = (1...17).map { "%.\($0)g" }

    /// `digits` significant digits, as C's `%g` writes them (`0.333333`, `1e-05`, `2.64698e-21`).
    public static func significant(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let format = significantFormats[Swift.max(1, Swift.min(digits, 17)) - 1]
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            _ = gd_format_double(buffer.baseAddress!, buffer.count, format, value)
            return String(cString: buffer.baseAddress!)
        }
    }
}
