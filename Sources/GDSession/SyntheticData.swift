import Glibc
import GDLang
import GDProgram
import GDRender
import GDOptim

/// The course notes' made-up data sets, reproducible from a seed.
enum SyntheticData {
    /// Features x1…xd drawn from a standard normal, y = X·w + noise·ε with ε standard normal: as the notes make it
    /// with NumPy, `X = randn(n, d)` row by row, then `y = X @ w + noise * randn(n)`, from `random` (advanced).
    static func linear(name: String, rows n: Int, weights w: [Double], noise: Double, random: inout NumPyRandom) -> DataTable {
        var x = [[Double]](repeating: [Double](repeating: 0, count: n), count: w.count)
        for r in 0..<n {
            for j in w.indices { x[j][r] = random.standardNormal() }
        }
        var y = [Double](repeating: 0, count: n)
        for r in 0..<n {
            var target = 0.0
            for j in w.indices { target += x[j][r] * w[j] }
            y[r] = target + noise * random.standardNormal()
        }
        return DataTable(name: name, columns: w.indices.map { "x\($0 + 1)" } + ["y"], values: x + [y])
    }
}
