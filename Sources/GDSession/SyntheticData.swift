import Glibc
import GDLang
import GDProgram
import GDRender
import GDOptim

/// The course notes' made-up data sets, reproducible from a seed.
enum SyntheticData {
    /// Features x1…xd drawn from a standard normal, y = X·w + noise·ε with ε standard normal.
    static func linear(name: String, rows n: Int, weights w: [Double], noise: Double, seed: UInt64) -> DataTable {
        var rng = SeededRandom(seed: seed)
        var normal = NormalSampler()
        var x = [[Double]](repeating: [Double](repeating: 0, count: n), count: w.count)
        var y = [Double](repeating: 0, count: n)
        for r in 0..<n {
            var target = 0.0
            for j in w.indices {
                x[j][r] = normal.next(&rng)
                target += w[j] * x[j][r]
            }
            y[r] = target + noise * normal.next(&rng)
        }
        return DataTable(name: name, columns: w.indices.map { "x\($0 + 1)" } + ["y"], values: x + [y])
    }
}

/// Standard normal numbers by the Box–Muller transform, two from each pair of uniforms.
struct NormalSampler {
    private var spare: Double?

    mutating func next(_ rng: inout SeededRandom) -> Double {
        if let s = spare {
            spare = nil
            return s
        }
        var u = rng.unit()
        while u == 0 { u = rng.unit() }
        let v = rng.unit()
        let radius = (-2 * log(u)).squareRoot()
        spare = radius * sin(2 * Double.pi * v)
        return radius * cos(2 * Double.pi * v)
    }
}
