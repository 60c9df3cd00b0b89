import GDLang
import GDRender
import GDOptim

/// The descent options in force: what `set` changed, overlaid by each statement's own settings.
public struct RunDefaults: Sendable {
    public var settings = DescentSettings()
    public var method = "gd"
    public var schedule = "constant"
    /// Hyperparameters of methods and schedules that were given a value: beta, rho, gamma, …
    public var hyperparameters: [String: Double] = [:]

    public init() {}
}

extension SettingReader {
    /// `defaults` with the descent options among `settings` applied; other settings are left alone.
    func apply(_ settings: [Setting], to defaults: RunDefaults) throws(Diagnostic) -> RunDefaults {
        var d = defaults
        for s in settings {
            switch s.name.text {
            case "eta": d.settings.eta = try positive(s)
            case "steps": d.settings.steps = try count(s, minimum: 0)
            case "tol_grad": d.settings.tolGrad = try tolerance(s)
            case "tol_loss": d.settings.tolLoss = try tolerance(s)
            case "tol_step": d.settings.tolStep = try tolerance(s)
            case "diverge": d.settings.divergence = try positive(s)
            case "method": d.method = word(s) ?? d.method
            case "schedule": d.schedule = word(s) ?? d.schedule
            default:
                guard let spec = Options.hyperparameters.first(where: { $0.name == s.name.text }) else { continue }
                switch spec.kind {
                case .fraction: d.hyperparameters[spec.name] = try fraction(s)
                case .count(let minimum): d.hyperparameters[spec.name] = Double(try count(s, minimum: minimum))
                default: d.hyperparameters[spec.name] = try positive(s)
                }
            }
        }
        return d
    }

    /// The settings of one run: `defaults` with `given` applied. A hyperparameter given here must belong to the
    /// method or schedule the run uses.
    func resolve(_ given: [Setting], defaults: RunDefaults) throws(Diagnostic) -> DescentSettings {
        let d = try apply(given, to: defaults)
        for s in given {
            guard let spec = Options.hyperparameters.first(where: { $0.name == s.name.text }),
                  !spec.appliesTo.contains(d.method), !spec.appliesTo.contains(d.schedule) else { continue }
            let owner = Method.names.contains(spec.appliesTo[0]) ? "method" : "schedule"
            let choices = spec.appliesTo.map { "\(owner)=\($0)" }.joined(separator: " or ")
            throw Diagnostic("'\(spec.name)' belongs to \(choices); this run uses \(owner)=\(owner == "method" ? d.method : d.schedule)",
                             at: s.name.location, help: "add \(owner)=\(spec.appliesTo[0]), or leave out \(spec.name)")
        }
        func value(_ name: String, _ fallback: Double) -> Double { d.hyperparameters[name] ?? fallback }
        var settings = d.settings
        // Mini-batches: `batch=` for any method, 32 rows by default for sgd.
        var batch: Int? = d.method == "sgd" ? 32 : nil
        var seed: UInt64 = 0
        for s in given {
            switch s.name.text {
            case "batch": batch = try count(s, minimum: 1)
            case "seed": seed = UInt64(try count(s, minimum: 0))
            default: continue
            }
        }
        settings.batch = batch.map { Batching(size: $0, seed: seed) }
        switch d.method {
        case "momentum": settings.method = .momentum(beta: value("beta", 0.9))
        case "nesterov": settings.method = .nesterov(beta: value("beta", 0.9))
        case "adagrad": settings.method = .adagrad(epsilon: value("epsilon", 1e-10))
        case "rmsprop": settings.method = .rmsprop(rho: value("rho", 0.99), epsilon: value("epsilon", 1e-8))
        case "adam": settings.method = .adam(beta1: value("beta1", 0.9), beta2: value("beta2", 0.999), epsilon: value("epsilon", 1e-8))
        case "backtracking": settings.method = .backtracking(shrink: value("shrink", 0.5), c: value("c", 1e-4))
        case "exact": settings.method = .exact
        case "newton": settings.method = .newton
        default: settings.method = .gd
        }
        switch d.schedule {
        case "step": settings.schedule = .step(gamma: value("gamma", 0.1), every: Int(value("every", 10)))
        case "exp": settings.schedule = .exponential(k: value("k", 0.01))
        case "cosine": settings.schedule = .cosine(period: value("T", Double(max(1, settings.steps))))
        case "plateau":
            settings.schedule = .plateau(factor: value("factor", 0.1), patience: Int(value("patience", 10)),
                                         threshold: value("threshold", 1e-4))
        default: settings.schedule = .constant
        }
        return settings
    }
}
