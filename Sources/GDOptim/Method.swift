/// How a descent turns the gradient into a step. The adaptive rules match `torch.optim` of the same name.
public enum Method: Equatable, Sendable {
    /// w ← w − η∇L
    case gd
    /// Heavy ball, as torch's SGD with momentum: b ← βb + g (b₁ = g), w ← w − ηb.
    case momentum(beta: Double)
    /// torch's SGD with nesterov=True: b as for momentum, w ← w − η(g + βb).
    case nesterov(beta: Double)
    /// s ← s + g², w ← w − ηg/(√s + ε).
    case adagrad(epsilon: Double)
    /// s ← ρs + (1−ρ)g², w ← w − ηg/(√s + ε).
    case rmsprop(rho: Double, epsilon: Double)
    /// Adam with bias correction, arranged as torch computes it.
    case adam(beta1: Double, beta2: Double, epsilon: Double)
    /// Armijo backtracking from the trial step η: shrink t until L(w − t∇L) ≤ L(w) − c·t‖∇L‖².
    case backtracking(shrink: Double, c: Double)
    /// Minimise L(w − t∇L) over t ≥ 0 by bracketing and golden-section search.
    case exact
    /// w ← w − H⁻¹∇L with the symbolic Hessian; a gradient step of size η where H is not positive definite.
    case newton

    public var name: String {
        switch self {
        case .gd: return "gd"
        case .momentum: return "momentum"
        case .nesterov: return "nesterov"
        case .adagrad: return "adagrad"
        case .rmsprop: return "rmsprop"
        case .adam: return "adam"
        case .backtracking: return "backtracking"
        case .exact: return "exact"
        case .newton: return "newton"
        }
    }

    /// Every method's name, for errors and completion.
    public static let names = ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "backtracking", "exact", "newton"]

    public var needsHessian: Bool { self == .newton }
}
