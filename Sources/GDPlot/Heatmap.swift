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

    /// The x coordinates of the cell centres, increasing.
    public var xs: [Double]
    /// The y coordinates of the cell centres, increasing.
    public var ys: [Double]
    /// `values[j][i]` belongs to the cell centred at (`xs[i]`, `ys[j]`).
    public var values: [[Double]]
    public var ramp: Ramp

    public init(xs: [Double], ys: [Double], values: [[Double]], ramp: Ramp = .viridis) {
        self.xs = xs
        self.ys = ys
        self.values = values
        self.ramp = ramp
    }

    /// For each cell, `levels()[j][i]`, where its value falls between the smallest and the largest finite
    /// value (0...1; 0.5 when they are all equal), or nil when it has no finite value.
    func levels() -> [[Double?]] {
        let finite = values.joined().filter(\.isFinite)
        let (low, high) = (finite.min() ?? 0, finite.max() ?? 0)
        return ys.indices.map { j in
            xs.indices.map { i in
                guard j < values.count, i < values[j].count, values[j][i].isFinite else { return nil }
                return high > low ? (values[j][i] - low) / (high - low) : 0.5
            }
        }
    }

    /// The colour of a value at `level` (0...1) along the ramp.
    func color(level: Double) -> RGB {
        let stops: [RGB]
        switch ramp {
        case .viridis: stops = [RGB(0x44, 0x01, 0x54), RGB(0x3B, 0x52, 0x8B), RGB(0x21, 0x91, 0x8C),
                                RGB(0x5E, 0xC9, 0x62), RGB(0xFD, 0xE7, 0x25)]
        case .greys: stops = [RGB(0xF0, 0xF0, 0xF0), RGB(0x25, 0x25, 0x25)]
        }
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
