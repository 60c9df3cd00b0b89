/// A colour as 8-bit red, green and blue.
struct RGB {
    var r: UInt8
    var g: UInt8
    var b: UInt8

    init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// `#rrggbb`.
    var hex: String {
        "#" + [r, g, b].map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// The colour a fraction `t` of the way to `other`.
    func mixed(with other: RGB, _ t: Double) -> RGB {
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return RGB(mix(r, other.r), mix(g, other.g), mix(b, other.b))
    }
}

/// The colours of series, in order, repeating past the end.
enum Palette {
    /// Okabe–Ito colours, told apart with the common kinds of colour-blindness: blue, vermillion, bluish
    /// green, reddish purple, orange, sky blue, black. (Their yellow is left out: it vanishes on white.)
    static let svg = [RGB(0x00, 0x72, 0xB2), RGB(0xD5, 0x5E, 0x00), RGB(0x00, 0x9E, 0x73),
                      RGB(0xCC, 0x79, 0xA7), RGB(0xE6, 0x9F, 0x00), RGB(0x56, 0xB4, 0xE9),
                      RGB(0x00, 0x00, 0x00)]
    /// ANSI foreground colour codes nearest the SVG colours: blue, red, green, magenta, yellow, cyan, default.
    static let ansi = [34, 31, 32, 35, 33, 36, 39]
    /// ANSI bright black, for contour dots.
    static let ansiContour = 90

    static func svg(_ series: Int) -> RGB { svg[series % svg.count] }
    static func ansi(_ series: Int) -> Int { ansi[series % ansi.count] }
}
