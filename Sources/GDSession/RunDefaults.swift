import GDLang
import GDProgram
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
            case "tol_dloss": d.settings.tolDloss = try tolerance(s)
            case "diverge": d.settings.divergence = try positive(s)
            case "method": d.method = word(s) ?? d.method
            case "schedule": d.schedule = word(s) ?? d.schedule
            case "precision": d.settings.precision = word(s).flatMap(Precision.init(rawValue:)) ?? d.settings.precision
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
            let owner = Methods.names.contains(spec.appliesTo[0]) ? "method" : "schedule"
            let choices = spec.appliesTo.map { "\(owner)=\($0)" }.joined(separator: " or ")
            throw Diagnostic("'\(spec.name)' belongs to \(choices); this run uses \(owner)=\(owner == "method" ? d.method : d.schedule)",
                             at: s.name.location, help: "add \(owner)=\(spec.appliesTo[0]), or leave out \(spec.name)")
        }
        var settings = d.settings
        // Mini-batches: `batch=` for any method, and by default for sgd.
        let sgd = Methods.sgd
        var batch: Int? = d.method == sgd.name ? sgd.batchSize : nil
        var seed: UInt64?
        var everyUpdate = false
        for s in given {
            switch s.name.text {
            case "batch": batch = try count(s, minimum: 1)
            case "seed": seed = try self.seed(s)
            case "full_loss": everyUpdate = word(s) == "step"
            default: continue
            }
        }
        settings.batch = batch.map { Batching(size: $0, seed: seed, measuresEveryUpdate: everyUpdate) }
        // The method and schedule chosen, with the hyperparameters given and the declared defaults for the rest.
        settings.method = d.method == sgd.name ? sgd.method
            : Method(named: d.method, hyperparameters: d.hyperparameters, steps: settings.steps) ?? .gd
        settings.schedule = StepSizeSchedule(named: d.schedule, hyperparameters: d.hyperparameters, steps: settings.steps) ?? .constant
        return settings
    }
}
