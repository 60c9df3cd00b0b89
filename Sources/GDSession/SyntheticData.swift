import Glibc
import GDLang
import GDProgram
import GDRender
import GDOptim

/// A kind of made-up data set that `data NAME = synth KIND …` draws: its settings and how it draws the table from
/// the session's random stream. Each kind is one declaration in `SyntheticData.kinds`; `data` and its help use them.
struct SyntheticKind: Sendable {
    typealias Make = @Sendable (_ name: String, _ settings: [Setting], _ reader: SettingReader, _ at: Name,
                                _ random: inout NumPyRandom) throws(Diagnostic) -> DataTable
    var name: String
    var example: String
    var options: [OptionSpec]
    var make: Make
}

/// The course notes' made-up data sets, reproducible from a seed, drawn as the notes draw them with NumPy.
enum SyntheticData {
    static let seed = OptionSpec(name: "seed", kind: .count(minimum: 0), defaultValue: "the session's stream",
                                 summary: "restart the session's random stream first, as np.random.seed(N) does")
    static let rows = OptionSpec(name: "n", kind: .count(minimum: 1), defaultValue: "100", summary: "rows")

    static let kinds: [SyntheticKind] = [
        SyntheticKind(name: "linear", example: "synth linear n=500 w=2,-1 noise=0.5 seed=0", options: [
            rows,
            OptionSpec(name: "w", kind: .real, defaultValue: "(required)", summary: "the true weights, one per feature"),
            OptionSpec(name: "noise", kind: .real, defaultValue: "0", summary: "standard deviation of the noise on y"),
            seed,
        ], make: linearTable),
        SyntheticKind(name: "clouds", example: "synth clouds n=200 d=2 sep=3 seed=0", options: [
            rows,
            OptionSpec(name: "d", kind: .count(minimum: 1), defaultValue: "2", summary: "features of the two clouds"),
            OptionSpec(name: "sep", kind: .real, defaultValue: "3", summary: "how far apart the clouds' centres are along each feature"),
            seed,
        ], make: cloudsTable),
    ]

    /// The most numbers a made-up table may hold.
    static let maximumNumbers = 100_000_000

    /// `synth linear`'s settings read, and its table drawn.
    static func linearTable(name: String, settings: [Setting], reader: SettingReader, at kind: Name,
                            random: inout NumPyRandom) throws(Diagnostic) -> DataTable {
        var n = 100, noise = 0.0
        var weights: [Double]?
        for s in settings {
            switch s.name.text {
            case "n": n = try reader.count(s, minimum: 1)
            case "noise":
                // A standard deviation: −σ would give the same table as σ with every ε flipped, which reads as a mistake.
                noise = try reader.real(s)
                guard noise >= 0 else {
                    throw Diagnostic("noise is a standard deviation, at least 0, not \(NumberFormat.shortest(noise))", at: s.name.location)
                }
            case "w":
                if case .numbers(let items) = s.value {
                    var list: [Double] = []
                    for e in items { list.append(try reader.number(e, at: s.name.location)) }
                    weights = list
                } else {
                    weights = [try reader.real(s)]
                }
            default: continue
            }
        }
        guard let w = weights else {
            throw Diagnostic("synth linear needs the true weights", at: kind.location, help: "for example: w=2,-1")
        }
        try checkSize(rows: n, columns: w.count + 1, at: kind)
        guard noise <= 1e100, w.allSatisfy({ abs($0) <= 1e100 }) else {
            throw Diagnostic("noise and weights must be at most 1e100 in size", at: kind.location)
        }
        try reseed(settings, reader, &random)
        return linear(name: name, rows: n, weights: w, noise: noise, random: &random)
    }

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

    /// `synth clouds`'s settings read, and its table drawn.
    static func cloudsTable(name: String, settings: [Setting], reader: SettingReader, at kind: Name,
                            random: inout NumPyRandom) throws(Diagnostic) -> DataTable {
        var n = 100, d = 2, sep = 3.0
        for s in settings {
            switch s.name.text {
            case "n": n = try reader.count(s, minimum: 1)
            case "d": d = try reader.count(s, minimum: 1)
            case "sep":
                sep = try reader.real(s)
                guard abs(sep) <= 1e100 else { throw Diagnostic("sep must be at most 1e100 in size", at: s.name.location) }
            default: continue
            }
        }
        try checkSize(rows: n, columns: d + 1, at: kind)
        try reseed(settings, reader, &random)
        return clouds(name: name, rows: n, features: d, separation: sep, random: &random)
    }

    /// Two Gaussian clouds for classification: the first ⌊n/2⌋ rows of class y = 0 centred at −sep/2 on every
    /// feature, the others of class y = 1 centred at +sep/2, each feature with unit variance. As NumPy draws it:
    /// `X = randn(n, d)`, `y = (arange(n) >= n // 2).astype(float)`, `X += (y[:, None] - 0.5) * sep`.
    static func clouds(name: String, rows n: Int, features d: Int, separation sep: Double, random: inout NumPyRandom) -> DataTable {
        var x = [[Double]](repeating: [Double](repeating: 0, count: n), count: d)
        for r in 0..<n {
            for j in 0..<d { x[j][r] = random.standardNormal() }
        }
        let y = (0..<n).map { $0 >= n / 2 ? 1.0 : 0.0 }
        for j in 0..<d {
            for r in 0..<n { x[j][r] += (y[r] - 0.5) * sep }
        }
        return DataTable(name: name, columns: (1...d).map { "x\($0)" } + ["y"], values: x + [y])
    }

    private static func checkSize(rows n: Int, columns: Int, at kind: Name) throws(Diagnostic) {
        guard n <= maximumNumbers / columns else {
            throw Diagnostic("a table of \(n) rows × \(columns) columns is more than \(maximumNumbers) numbers", at: kind.location)
        }
    }

    /// seed=N reseeds the session's stream, as np.random.seed(N) does; without it the draws go on from the stream.
    private static func reseed(_ settings: [Setting], _ reader: SettingReader, _ random: inout NumPyRandom) throws(Diagnostic) {
        if let s = settings.last(where: { $0.name.text == "seed" }) { random = NumPyRandom(seed: try reader.seed(s)) }
    }
}
