/// Values on a grid of cells, each drawn as a patch of colour, e.g. how many steps a run from each start
/// point takes (a basin-of-convergence map).
///
/// Colours run along `ramp` from the smallest finite value to the largest; a cell whose value is NaN or
/// infinite is left blank.
public struct Heatmap: Equatable, Sendable {
    /// The colours values run through, from smallest to largest.
    public enum Ramp: Equatable, Sendable {
        /// Dark purple through teal to yellow (viridis): ordered, and readable with colour-blindness.
        case viridis
        /// Light grey to near black.
        case greys
    }

    /// How values are spread along the ramp.
    public enum Spacing: Equatable, Sendable {
        /// In proportion to the value, from the smallest to the largest.
        case linear
        /// By quartiles: the smallest value, the quartiles and the largest at levels 0, ¼, ½, ¾ and 1, linear
        /// between, so that each quarter of the ramp holds about a quarter of the cells and a few extreme values
        /// do not wash out the rest.
        case quartiles
    }

    /// The x coordinates of the cell centres, increasing.
    public var xs: [Double]
    /// The y coordinates of the cell centres, increasing.
    public var ys: [Double]
    /// `values[j][i]` belongs to the cell centred at (`xs[i]`, `ys[j]`).
    public var values: [[Double]]
    public var ramp: Ramp
    public var spacing: Spacing
    /// What the values are, written beside the colour key (for example "steps to converge").
    public var valueName: String

    public init(xs: [Double], ys: [Double], values: [[Double]], ramp: Ramp = .viridis, spacing: Spacing = .linear,
                valueName: String = "") {
        self.xs = xs
        self.ys = ys
        self.values = values
        self.ramp = ramp
        self.spacing = spacing
        self.valueName = valueName
    }

    /// The smallest value, the quartiles and the largest of `sorted` (ascending, not empty): the quartile q is
    /// the value at index ⌊q·n⌋, so that "at most the quartile" holds at least that share of the values.
    public static func quartiles(of sorted: [Double]) -> [Double] {
        [sorted[0]] + [0.25, 0.5, 0.75].map { sorted[min(sorted.count - 1, Int($0 * Double(sorted.count)))] } + [sorted[sorted.count - 1]]
    }

    /// The finite values of the shown cells, ascending.
    private var sortedFiniteValues: [Double] {
        ys.indices.flatMap { j in
            xs.indices.compactMap { i in j < values.count && i < values[j].count ? values[j][i] : nil }
        }.filter(\.isFinite).sorted()
    }

    /// The values at levels 0, ¼, ½, ¾ and 1 of the ramp, which the keys show; nil when no cell has a finite value.
    var knots: [Double]? {
        let sorted = sortedFiniteValues
        guard let low = sorted.first, let high = sorted.last else { return nil }
        switch spacing {
        // As a weighted mean, which cannot overflow as high − low can.
        case .linear: return (0...4).map { k in low * (1 - Double(k) / 4) + high * (Double(k) / 4) }
        case .quartiles: return Heatmap.quartiles(of: sorted)
        }
    }

    /// For each cell, `levels()[j][i]`, where its value falls along the ramp (0...1), or nil when it has no
    /// finite value.
    func levels() -> [[Double?]] {
        let knots = self.knots
        return ys.indices.map { j in
            xs.indices.map { i in
                guard let knots, j < values.count, i < values[j].count, values[j][i].isFinite else { return nil }
                return Heatmap.level(of: values[j][i], knots: knots)
            }
        }
    }

    /// Where `value` falls along the ramp whose levels 0, ¼, ½, ¾, 1 are at `knots`: linear between them, and at
    /// the lowest level of a run of equal knots, so of all of them when every value is the same (a value at most
    /// the first quartile is in the first quarter, as `grid`'s own map has it).
    static func level(of value: Double, knots: [Double]) -> Double {
        guard knots[4] > knots[0] else { return 0 }
        let k = (0..<3).first { value <= knots[$0 + 1] } ?? 3
        let (a, b) = (knots[k], knots[k + 1])
        let within = b > a ? min(1, max(0, (value - a) / (b - a))) : 0
        return (Double(k) + within) / 4
    }

    /// The colours the ramp runs through, evenly spaced from level 0 to level 1.
    var stops: [RGB] {
        switch ramp {
        case .viridis: return [RGB(0x44, 0x01, 0x54), RGB(0x3B, 0x52, 0x8B), RGB(0x21, 0x91, 0x8C),
                               RGB(0x5E, 0xC9, 0x62), RGB(0xFD, 0xE7, 0x25)]
        case .greys: return [RGB(0xF0, 0xF0, 0xF0), RGB(0x25, 0x25, 0x25)]
        }
    }

    /// The colour of a value at `level` (0...1) along the ramp.
    func color(level: Double) -> RGB {
        let stops = self.stops
        let t = min(1, max(0, level)) * Double(stops.count - 1)
        let k = min(Int(t), stops.count - 2)
        return stops[k].mixed(with: stops[k + 1], t - Double(k))
    }

    /// The cell boundaries along x: halfway between centres (in the axis's scale), half a gap past the ends.
    func xEdges(scale: Scale) -> [Double] { Heatmap.edges(xs, scale: scale) }
    /// The cell boundaries along y.
    func yEdges(scale: Scale) -> [Double] { Heatmap.edges(ys, scale: scale) }

    private static func edges(_ centres: [Double], scale: Scale) -> [Double] {
        let t = centres.map { scale.transform($0) ?? .nan }
        guard t.count > 1 else { return t.flatMap { [scale.inverse($0 - 0.5), scale.inverse($0 + 0.5)] } }
        let middles = zip(t, t.dropFirst()).map { ($0 + $1) / 2 }
        let first = t[0] - (t[1] - t[0]) / 2
        let last = t[t.count - 1] + (t[t.count - 1] - t[t.count - 2]) / 2
        return ([first] + middles + [last]).map(scale.inverse)
    }
}
