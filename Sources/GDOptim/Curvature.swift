/// What the Hessian at a point says: the shape of the loss there, how ill-conditioned it is, and the largest step
/// size plain gradient descent can take there without diverging.
///
/// Near a point where the Hessian is H, a gd step multiplies the error along each eigenvector of H by 1 − ηλ, so
/// the iteration is stable only while |1 − ηλ| < 1 for every eigenvalue: η < 2/λmax. For positive definite H, the
/// condition number κ = λmax/λmin says how much slower the flattest direction converges than the steepest.
public struct Curvature: Equatable, Sendable {
    /// The sign pattern of the eigenvalues, which names the loss's shape at the point.
    public enum Shape: String, Sendable {
        /// All eigenvalues positive: curved up in every direction, as at a strict minimum.
        case positiveDefinite = "positive definite"
        /// None negative, some zero: curved up or flat.
        case positiveSemidefinite = "positive semidefinite"
        /// Some positive, some negative: a saddle.
        case indefinite
        /// None positive, some zero.
        case negativeSemidefinite = "negative semidefinite"
        /// All negative: curved down in every direction, as at a strict maximum.
        case negativeDefinite = "negative definite"
        /// All zero: flat in every direction (a linear loss).
        case zero
    }

    /// The Hessian's entries, row by row.
    public let hessian: [[Double]]
    /// Its eigenvalues, ascending; empty when an entry is not finite.
    public let eigenvalues: [Double]

    public init(hessian: [[Double]]) {
        self.hessian = hessian
        eigenvalues = hessian.allSatisfy({ $0.allSatisfy(\.isFinite) }) ? LinearAlgebra.symmetricEigenvalues(hessian) : []
    }

    /// The largest eigenvalue: L'' for one parameter.
    public var largest: Double? { eigenvalues.last }

    /// The shape, or nil without eigenvalues, counting an eigenvalue as zero within 1e-12 of the largest in size:
    /// what the rotations leave of an exactly singular matrix's zero. Relative, so that a loss's scale does not
    /// change its shape.
    public var shape: Shape? { shape(zeroWithin: 1e-12 * scale) }

    /// The shape, counting an eigenvalue as zero when its size is at most `zero` (for a point found by descent,
    /// whose Hessian carries the point's error, a wider margin than `shape`'s).
    public func shape(zeroWithin zero: Double) -> Shape? {
        guard let low = eigenvalues.first, let high = eigenvalues.last else { return nil }
        switch (low > zero, low < -zero, high > zero, high < -zero) {
        case (true, _, _, _): return .positiveDefinite
        case (_, _, _, true): return .negativeDefinite
        case (_, true, true, _): return .indefinite
        case (_, true, _, _): return .negativeSemidefinite
        case (_, _, true, _): return .positiveSemidefinite
        default: return .zero
        }
    }

    /// The largest eigenvalue in size.
    public var scale: Double { Swift.max(abs(eigenvalues.first ?? 0), abs(eigenvalues.last ?? 0)) }

    /// λmax/λmin where the Hessian is positive definite.
    public var conditionNumber: Double? {
        guard shape == .positiveDefinite, let low = eigenvalues.first, let high = eigenvalues.last else { return nil }
        return high / low
    }

    /// 2/λmax, the step size past which plain gradient descent diverges near this point; nil where no eigenvalue
    /// is positive beyond rounding (no step size is unstable for that reason).
    public var etaMax: Double? {
        guard let high = largest, high > 1e-12 * scale else { return nil }
        return 2 / high
    }
}
