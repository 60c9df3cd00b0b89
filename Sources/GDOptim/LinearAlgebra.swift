/// The small dense linear algebra Newton's method and the curvature diagnostics need.
public enum LinearAlgebra {
    /// Solves H·x = b for a symmetric positive definite H by Cholesky; nil when H is not positive definite.
    public static func solvePositiveDefinite(_ h: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var sum = h[i][j]
                for k in 0..<j { sum -= l[i][k] * l[j][k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    l[i][i] = sum.squareRoot()
                } else {
                    l[i][j] = sum / l[j][j]
                }
            }
        }
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i][k] * y[k] }
            y[i] /= l[i][i]
        }
        var x = y
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { x[i] -= l[k][i] * x[k] }
            x[i] /= l[i][i]
        }
        return x
    }

    /// The eigenvalues of a symmetric matrix, ascending, by cyclic Jacobi rotations.
    public static func symmetricEigenvalues(_ matrix: [[Double]]) -> [Double] {
        var a = matrix
        let n = a.count
        guard n > 1 else { return n == 1 ? [a[0][0]] : [] }
        if a.contains(where: { $0.contains { !$0.isFinite } }) { return [Double](repeating: .nan, count: n) }
        // Scaled by a power of two (exactly) so the largest entry is about 1: the convergence test squares the
        // entries, which overflows past 1e154 and, against its floor of 1, stops at once on tiny ones.
        let largest = a.joined().map(abs).max() ?? 0
        guard largest > 0 else { return [Double](repeating: 0, count: n) }
        let exponent = largest.exponent
        // x·2^e as one operation (scalbn), which holds for subnormal and huge entries alike.
        a = a.map { row in row.map { Double(sign: .plus, exponent: -exponent, significand: $0) } }
        return unscaledEigenvalues(&a).map { Double(sign: .plus, exponent: exponent, significand: $0) }
    }

    /// The eigenvalues of `a` (symmetric, finite, entries about 1 at most), ascending.
    private static func unscaledEigenvalues(_ a: inout [[Double]]) -> [Double] {
        let n = a.count
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
            if off <= 1e-30 * max(1, a.indices.reduce(0) { $0 + a[$1][$1] * a[$1][$1] }) { break }
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<n).map { a[$0][$0] }.sorted()
    }
}
