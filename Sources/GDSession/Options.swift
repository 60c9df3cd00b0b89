import GDLang
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
}

/// The options every statement that runs a descent shares; each statement declares its own beside them.
public enum Options {
    static let descent: [OptionSpec] = [
        OptionSpec(name: "eta", kind: .positive, defaultValue: "0.1", summary: "step size η (the first trial step for backtracking)"),
        OptionSpec(name: "steps", kind: .count(minimum: 0), defaultValue: "1000", summary: "the most updates to apply"),
        OptionSpec(name: "tol_grad", kind: .tolerance, defaultValue: "1e-8", summary: "stop when ‖∇L‖ ≤ tol_grad"),
        OptionSpec(name: "tol_loss", kind: .tolerance, defaultValue: "off", summary: "stop when L ≤ tol_loss"),
        OptionSpec(name: "tol_step", kind: .tolerance, defaultValue: "off", summary: "stop when ‖Δw‖ < tol_step"),
        OptionSpec(name: "diverge", kind: .positive, defaultValue: "1e12",
                   summary: "diverged once |L| or ‖w‖ grows past diverge × its start (at least 1)"),
        OptionSpec(name: "method", kind: .choice(Method.names + ["sgd"]), defaultValue: "gd",
                   summary: "the update rule; sgd is gd on mini-batches"),
        OptionSpec(name: "schedule", kind: .choice(StepSizeSchedule.names), defaultValue: "constant",
                   summary: "how η changes with the step t"),
    ]

    /// Parameters of particular methods and schedules.
    static let hyperparameters: [OptionSpec] = [
        OptionSpec(name: "beta", kind: .fraction, defaultValue: "0.9", summary: "momentum coefficient β",
                   appliesTo: ["momentum", "nesterov"]),
        OptionSpec(name: "rho", kind: .fraction, defaultValue: "0.99", summary: "decay ρ of the squared-gradient average",
                   appliesTo: ["rmsprop"]),
        OptionSpec(name: "beta1", kind: .fraction, defaultValue: "0.9", summary: "decay of the first moment", appliesTo: ["adam"]),
        OptionSpec(name: "beta2", kind: .fraction, defaultValue: "0.999", summary: "decay of the second moment", appliesTo: ["adam"]),
        OptionSpec(name: "epsilon", kind: .positive, defaultValue: "1e-8 (adagrad 1e-10)", summary: "added to √s in the denominator",
                   appliesTo: ["adagrad", "rmsprop", "adam"]),
        OptionSpec(name: "shrink", kind: .fraction, defaultValue: "0.5", summary: "factor the trial step shrinks by",
                   appliesTo: ["backtracking"]),
        OptionSpec(name: "c", kind: .fraction, defaultValue: "1e-4", summary: "sufficient-decrease constant of the Armijo rule",
                   appliesTo: ["backtracking"]),
        OptionSpec(name: "gamma", kind: .positive, defaultValue: "0.1", summary: "η is multiplied by gamma every `every` steps",
                   appliesTo: ["step"]),
        OptionSpec(name: "every", kind: .count(minimum: 1), defaultValue: "10", summary: "steps between reductions", appliesTo: ["step"]),
        OptionSpec(name: "k", kind: .positive, defaultValue: "0.01", summary: "decay rate: η₀·e^(−k·t)", appliesTo: ["exp"]),
        OptionSpec(name: "T", kind: .positive, defaultValue: "steps", summary: "period: ½η₀(1 + cos(πt/T))", appliesTo: ["cosine"]),
        OptionSpec(name: "factor", kind: .positive, defaultValue: "0.1", summary: "η is multiplied by factor on a plateau",
                   appliesTo: ["plateau"]),
        OptionSpec(name: "patience", kind: .count(minimum: 0), defaultValue: "10", summary: "steps without improvement tolerated",
                   appliesTo: ["plateau"]),
        OptionSpec(name: "threshold", kind: .positive, defaultValue: "1e-4", summary: "relative improvement that counts",
                   appliesTo: ["plateau"]),
    ]

    /// Mini-batches, for losses over a table.
    static let batching: [OptionSpec] = [
        OptionSpec(name: "batch", kind: .count(minimum: 1), defaultValue: "off (32 for sgd)",
                   summary: "rows per update: mini-batch descent over the loss's table"),
        OptionSpec(name: "epochs", kind: .count(minimum: 1), defaultValue: "off", summary: "passes over the table (sets steps)"),
        OptionSpec(name: "seed", kind: .count(minimum: 0), defaultValue: "0", summary: "seed of the mini-batch shuffle"),
    ]

    static let run: [OptionSpec] = descent + hyperparameters + batching
}
