#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C math library, which the rest of GDLang calls only through here: a port to another C library changes the
/// imports above and nothing else. Each member is the library's own function, not a reimplementation, so values are
/// bit for bit the library's, and machine code that calls the same functions agrees with the interpreter.
enum CMath {
    @inline(__always) static func sin(_ x: Double) -> Double { c_sin(x) }
    @inline(__always) static func cos(_ x: Double) -> Double { c_cos(x) }
    @inline(__always) static func tan(_ x: Double) -> Double { c_tan(x) }
    @inline(__always) static func asin(_ x: Double) -> Double { c_asin(x) }
    @inline(__always) static func acos(_ x: Double) -> Double { c_acos(x) }
    @inline(__always) static func atan(_ x: Double) -> Double { c_atan(x) }
    @inline(__always) static func sinh(_ x: Double) -> Double { c_sinh(x) }
    @inline(__always) static func cosh(_ x: Double) -> Double { c_cosh(x) }
    @inline(__always) static func tanh(_ x: Double) -> Double { c_tanh(x) }
    @inline(__always) static func exp(_ x: Double) -> Double { c_exp(x) }
    @inline(__always) static func log(_ x: Double) -> Double { c_log(x) }
    /// log(1 + x), accurate where x is tiny.
    @inline(__always) static func log1p(_ x: Double) -> Double { c_log1p(x) }
    @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { c_pow(x, y) }
}

// The library's functions under names of their own: inside `CMath`, whose members share their names, an unqualified
// call would be the member calling itself. Here it is whichever library the imports above brought in.
@inline(__always) private func c_sin(_ x: Double) -> Double { sin(x) }
@inline(__always) private func c_cos(_ x: Double) -> Double { cos(x) }
@inline(__always) private func c_tan(_ x: Double) -> Double { tan(x) }
@inline(__always) private func c_asin(_ x: Double) -> Double { asin(x) }
@inline(__always) private func c_acos(_ x: Double) -> Double { acos(x) }
@inline(__always) private func c_atan(_ x: Double) -> Double { atan(x) }
@inline(__always) private func c_sinh(_ x: Double) -> Double { sinh(x) }
@inline(__always) private func c_cosh(_ x: Double) -> Double { cosh(x) }
@inline(__always) private func c_tanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) private func c_exp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func c_log(_ x: Double) -> Double { log(x) }
@inline(__always) private func c_log1p(_ x: Double) -> Double { log1p(x) }
@inline(__always) private func c_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
