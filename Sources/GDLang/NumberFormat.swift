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

    /// `digits` significant digits, as C's `%g` writes them (`0.333333`, `1e-05`, `2.64698e-21`).
    public static func significant(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let precision = Int32(Swift.max(1, Swift.min(digits, 17)))
        var buffer = [CChar](repeating: 0, count: 64)
        let count = withVaList([precision, value]) { args in
            vsnprintf(&buffer, buffer.count, "%.*g", args)
        }
        let bytes = buffer[0..<Int(Swift.max(0, Swift.min(count, 63)))].map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
