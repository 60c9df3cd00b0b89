import GDLang
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
        /// A bare word such as `log`.
        case flag
        /// `low..high`.
        case range
    }

    public var name: String
    public var kind: Kind
    public var defaultValue: String
    public var summary: String
}

/// The options of each statement, in one table: read by the statements, by `help` and by completion.
public enum Options {
    static let descent: [OptionSpec] = [
        OptionSpec(name: "eta", kind: .positive, defaultValue: "0.1", summary: "step size η in w ← w − η∇L(w)"),
        OptionSpec(name: "steps", kind: .count(minimum: 0), defaultValue: "1000", summary: "the most updates to apply"),
        OptionSpec(name: "tol_grad", kind: .tolerance, defaultValue: "1e-8", summary: "stop when ‖∇L‖ ≤ tol_grad"),
        OptionSpec(name: "tol_loss", kind: .tolerance, defaultValue: "off", summary: "stop when L ≤ tol_loss"),
        OptionSpec(name: "tol_step", kind: .tolerance, defaultValue: "off", summary: "stop when ‖Δw‖ < tol_step"),
        OptionSpec(name: "diverge", kind: .positive, defaultValue: "1e12",
                   summary: "diverged once |L| or ‖w‖ grows past diverge × its start (at least 1)"),
    ]

    public static let run: [OptionSpec] = descent

    public static let sweep: [OptionSpec] = [
        OptionSpec(name: "eta", kind: .range, defaultValue: "(required)", summary: "the step sizes to try, low..high"),
        OptionSpec(name: "count", kind: .count(minimum: 1), defaultValue: "20", summary: "how many step sizes"),
        OptionSpec(name: "target", kind: .real, defaultValue: "1e-6", summary: "a run succeeds once L ≤ target"),
        OptionSpec(name: "log", kind: .flag, defaultValue: "off", summary: "space the step sizes evenly in log η"),
    ] + descent.filter { $0.name != "eta" && $0.name != "tol_loss" }

    public static let set: [OptionSpec] = descent + [
        OptionSpec(name: "digits", kind: .count(minimum: 1), defaultValue: "6", summary: "significant digits in text output"),
    ]
}

/// Reads statement settings into typed values, with errors that point at the setting.
struct SettingReader {
    let environment: Environment

    /// Rejects settings not in `specs`, suggesting the closest option; `extra` names more accepted ones.
    func validate(_ settings: [Setting], against specs: [OptionSpec], statement: String) throws(Diagnostic) {
        var seen: Set<String> = []
        for s in settings {
            guard let spec = specs.first(where: { $0.name == s.name.text }) else {
                throw Diagnostic("unknown option '\(s.name.text)' for \(statement)", at: s.name.location,
                                 help: Suggestion.closest(to: s.name.text, among: specs.map(\.name)).map { "did you mean '\($0)'?" }
                                    ?? "options: " + specs.map(\.name).joined(separator: ", "))
            }
            guard seen.insert(s.name.text).inserted else {
                throw Diagnostic("option '\(s.name.text)' is given twice", at: s.name.location)
            }
            try checkShape(s, spec)
        }
    }

    private func checkShape(_ s: Setting, _ spec: OptionSpec) throws(Diagnostic) {
        switch (spec.kind, s.value) {
        case (.flag, .flag), (.range, .range): return
        case (.flag, _):
            throw Diagnostic("'\(spec.name)' takes no value", at: s.name.location, help: "write just '\(spec.name)'")
        case (.range, _):
            throw Diagnostic("'\(spec.name)' needs a range", at: s.name.location, help: "for example: \(spec.name)=0.001..1")
        case (_, .flag):
            throw Diagnostic("'\(spec.name)' needs a value", at: s.name.location, help: "for example: \(spec.name)=\(spec.defaultValue == "off" ? "1e-8" : spec.defaultValue)")
        case (_, .range):
            throw Diagnostic("'\(spec.name)' takes one value, not a range", at: s.name.location)
        case (.tolerance, .names(let names)) where names.count == 1 && names[0].text == "off":
            return
        case (_, .names(let names)) where names.count > 1:
            throw Diagnostic("'\(spec.name)' takes one value, not a list", at: s.name.location)
        default:
            return
        }
    }

    /// The numeric value of an expression that must be a constant.
    func number(_ expr: Expr, at location: SourceLocation) throws(Diagnostic) -> Double {
        let term = try Lowering.lower(expr, in: environment)
        let value = term.evaluate([String: Double]())
        guard value.isFinite else {
            throw Diagnostic("value is \(NumberFormat.shortest(value)), not a finite number", at: location)
        }
        return value
    }

    /// The expression a single-valued setting holds (a lone word such as `e` is a name).
    func expression(_ s: Setting) -> Expr? {
        switch s.value {
        case .number(let e): return e
        case .names(let names) where names.count == 1: return .name(names[0].text, names[0].location)
        default: return nil
        }
    }

    func real(_ s: Setting) throws(Diagnostic) -> Double {
        guard let e = expression(s) else { throw Diagnostic("'\(s.name.text)' needs a number", at: s.name.location) }
        return try number(e, at: s.name.location)
    }

    func positive(_ s: Setting) throws(Diagnostic) -> Double {
        let v = try real(s)
        guard v > 0 else {
            throw Diagnostic("\(s.name.text) must be positive, not \(NumberFormat.shortest(v))", at: s.name.location)
        }
        return v
    }

    func count(_ s: Setting, minimum: Int) throws(Diagnostic) -> Int {
        let v = try real(s)
        guard v == v.rounded(), v >= Double(minimum), v < 9.2e18 else {
            throw Diagnostic("\(s.name.text) must be a whole number of at least \(minimum), not \(NumberFormat.shortest(v))",
                             at: s.name.location)
        }
        return Int(v)
    }

    /// A tolerance: a non-negative number, or nil for `off`.
    func tolerance(_ s: Setting) throws(Diagnostic) -> Double? {
        if case .names(let names) = s.value, names.count == 1, names[0].text == "off" { return nil }
        let v = try real(s)
        return v
    }

    func range(_ s: Setting) throws(Diagnostic) -> (Double, Double) {
        guard case .range(let a, let b) = s.value else {
            throw Diagnostic("'\(s.name.text)' needs a range", at: s.name.location)
        }
        return (try number(a, at: s.name.location), try number(b, at: s.name.location))
    }

    /// Applies the descent options among `settings` to `base`.
    func descentSettings(_ settings: [Setting], base: DescentSettings) throws(Diagnostic) -> DescentSettings {
        var result = base
        for s in settings {
            switch s.name.text {
            case "eta" where s.value != .flag && !isRange(s): result.eta = try positive(s)
            case "steps": result.steps = try count(s, minimum: 0)
            case "tol_grad": result.tolGrad = try tolerance(s)
            case "tol_loss": result.tolLoss = try tolerance(s)
            case "tol_step": result.tolStep = try tolerance(s)
            case "diverge": result.divergence = try positive(s)
            default: continue
            }
        }
        return result
    }

    private func isRange(_ s: Setting) -> Bool {
        if case .range = s.value { return true }
        return false
    }
}
