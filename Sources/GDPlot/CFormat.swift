import CPrintf

/// `value` written by C's printf with one double conversion, e.g. `"%.6g"`.
func cFormat(_ format: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    let count = gd_format_double(&buffer, buffer.count, format, value)
    let bytes = buffer[0..<Int(max(0, min(count, 63)))].map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
