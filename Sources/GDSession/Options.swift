import GDLang
import GDProgram
import GDRender
import GDOptim

/// An option a statement accepts, with its documentation.
public struct OptionSpec: Sendable {
    public enum Kind: Sendable {
        /// A positive number such as η.
        case positive
        /// A whole number of at least `minimum`.
        case count(minimum: Int)
        /// A threshold, or `off`.
        case tolerance
        /// Any finite number.
        case real
        /// A number in [0, 1).
        case fraction
        /// A bare word such as `log`.
        case flag
        /// One word out of `choices`.
        case choice([String])
        /// A comma-separated list of words out of `choices`.
        case list([String])
    }

    public var name: String
    public var kind: Kind
    public var defaultValue: String
    public var summary: String
    /// The methods or schedules the option belongs to; empty when it applies to every run.
    public var appliesTo: [String] = []
    /// Names other libraries give it (`lr` for `eta`): not accepted, but answered with "did you mean" this option.
    public var aliases: [String] = []
}

/// The options every statement that runs a descent shares; each statement declares its own beside them.
public enum Options {
    static let descent: [OptionSpec] = [
        OptionSpec(name: "eta", kind: .positive, defaultValue: "0.1", summary: "step size η (the first trial step for backtracking)",
                   aliases: ["lr", "learning_rate", "alpha", "step_size"]),
        OptionSpec(name: "steps", kind: .count(minimum: 0), defaultValue: "1000", summary: "the most updates to apply",
                   aliases: ["iters", "iterations", "max_iter", "max_iters", "maxiter", "n_iter", "num_steps"]),
        OptionSpec(name: "tol_grad", kind: .tolerance, defaultValue: "1e-8", summary: "stop when ‖∇L‖ ≤ tol_grad",
                   aliases: ["tol", "gtol", "tolerance"]),
        OptionSpec(name: "tol_loss", kind: .tolerance, defaultValue: "off", summary: "stop when L ≤ tol_loss"),
        OptionSpec(name: "tol_step", kind: .tolerance, defaultValue: "off", summary: "stop when ‖Δw‖ < tol_step"),
        OptionSpec(name: "tol_dloss", kind: .tolerance, defaultValue: "off",
                   summary: "stop when an update changes L by at most tol_dloss: progress has stalled"),
        OptionSpec(name: "diverge", kind: .positive, defaultValue: "1e12",
                   summary: "diverged once |L| or ‖w‖ grows past diverge × its start (at least 1)"),
        OptionSpec(name: "method", kind: .choice(Methods.names + [Methods.sgd.name]), defaultValue: Method.gd.name,
                   summary: "the update rule; \(Methods.sgd.name) is \(Methods.sgd.method.name) on mini-batches"),
        OptionSpec(name: "schedule", kind: .choice(Schedules.names), defaultValue: StepSizeSchedule.constant.name,
                   summary: "how η changes with the step t"),
        OptionSpec(name: "precision", kind: .choice(Precision.names), defaultValue: Precision.f64.rawValue,
                   summary: "the arithmetic of L, ∇L, the updates and the stopping tests: f32 rounds each to float32, as PyTorch's default tensors do"),
    ]

    /// Parameters of particular methods and schedules, from their declarations (see `HyperparameterOption`).
    static let hyperparameters: [OptionSpec] = HyperparameterOption.all.map { option in
        let kind: OptionSpec.Kind
        switch option.hyperparameter.kind {
        case .fraction: kind = .fraction
        case .positive: kind = .positive
        case .count(let minimum): kind = .count(minimum: minimum)
        }
        return OptionSpec(name: option.name, kind: kind, defaultValue: option.defaultText, summary: option.hyperparameter.summary,
                          appliesTo: option.owners.map(\.name))
    }

    /// Mini-batches, for losses over a table.
    static let batching: [OptionSpec] = [
        OptionSpec(name: "batch", kind: .count(minimum: 1), defaultValue: "off (\(Methods.sgd.batchSize) for \(Methods.sgd.name))",
                   summary: "rows per update: mini-batch descent over the loss's table"),
        OptionSpec(name: "epochs", kind: .count(minimum: 1), defaultValue: "off", summary: "passes over the table (sets steps)"),
        OptionSpec(name: "seed", kind: .count(minimum: 0), defaultValue: "the session's stream",
                   summary: "restart the session's random stream before the shuffles, as np.random.seed(N) does"),
        OptionSpec(name: "full_loss", kind: .choice(["epoch", "step"]), defaultValue: "epoch",
                   summary: "how often a mini-batch run measures the loss over all rows: after each epoch, or each step"),
    ]

    static let run: [OptionSpec] = descent + hyperparameters + batching

    /// "did you mean …?" for `name`, an option not among `specs`: the option other libraries call `name`, else the
    /// closest spelling.
    static func suggestion(for name: String, among specs: [OptionSpec]) -> String? {
        if let meant = specs.first(where: { $0.aliases.contains(name) }) {
            return "did you mean '\(meant.name)'? gd calls \(name) \(meant.name)"
        }
        return Suggestion.closest(to: name, among: specs.map(\.name)).map { "did you mean '\($0)'?" }
    }
}
