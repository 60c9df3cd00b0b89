#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C math library, which the rest of GDLang calls only through here: a port to another C library changes the
/// imports above and nothing else. Each member is the library's own function, not a reimplementation, so values are
/// bit for bit the library's, and machine code that calls the same functions agrees with the interpreter.
package enum CMath {
    @inlinable package static func sin(_ x: Double) -> Double { c_sin(x) }
    @inlinable package static func cos(_ x: Double) -> Double { c_cos(x) }
    @inlinable package static func tan(_ x: Double) -> Double { c_tan(x) }
    @inlinable package static func asin(_ x: Double) -> Double { c_asin(x) }
    @inlinable package static func acos(_ x: Double) -> Double { c_acos(x) }
    @inlinable package static func atan(_ x: Double) -> Double { c_atan(x) }
    @inlinable package static func sinh(_ x: Double) -> Double { c_sinh(x) }
    @inlinable package static func cosh(_ x: Double) -> Double { c_cosh(x) }
    @inlinable package static func tanh(_ x: Double) -> Double { c_tanh(x) }
    @inlinable package static func exp(_ x: Double) -> Double { c_exp(x) }
    @inlinable package static func log(_ x: Double) -> Double { c_log(x) }
    /// log(1 + x), accurate where x is tiny.
    @inlinable package static func log1p(_ x: Double) -> Double { c_log1p(x) }
    @inlinable package static func pow(_ x: Double, _ y: Double) -> Double { c_pow(x, y) }
}

// The library's functions under names of their own: inside `CMath`, whose members share their names, an unqualified
// call would be the member calling itself. Here it is whichever library the imports above brought in.
@usableFromInline @inline(__always) func c_sin(_ x: Double) -> Double { sin(x) }
@usableFromInline @inline(__always) func c_cos(_ x: Double) -> Double { cos(x) }
@usableFromInline @inline(__always) func c_tan(_ x: Double) -> Double { tan(x) }
@usableFromInline @inline(__always) func c_asin(_ x: Double) -> Double { asin(x) }
@usableFromInline @inline(__always) func c_acos(_ x: Double) -> Double { acos(x) }
@usableFromInline @inline(__always) func c_atan(_ x: Double) -> Double { atan(x) }
@usableFromInline @inline(__always) func c_sinh(_ x: Double) -> Double { sinh(x) }
@usableFromInline @inline(__always) func c_cosh(_ x: Double) -> Double { cosh(x) }
@usableFromInline @inline(__always) func c_tanh(_ x: Double) -> Double { tanh(x) }
@usableFromInline @inline(__always) func c_exp(_ x: Double) -> Double { exp(x) }
@usableFromInline @inline(__always) func c_log(_ x: Double) -> Double { log(x) }
@usableFromInline @inline(__always) func c_log1p(_ x: Double) -> Double { log1p(x) }
@usableFromInline @inline(__always) func c_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
