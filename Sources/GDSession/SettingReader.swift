import GDLang
import GDProgram
import GDRender
import GDOptim

/// Reads statement settings into typed values, with errors that point at the setting.
struct SettingReader {
    let environment: Environment

    /// Rejects settings not in `specs` or of the wrong shape, suggesting the closest option.
    /// With `ranges`, any numeric option may be given as a range (what a sweep varies).
    func validate(_ settings: [Setting], against specs: [OptionSpec], statement: String, ranges: Bool = false,
                  numberLists: Bool = false) throws(Diagnostic) {
        var seen: Set<String> = []
        for s in settings {
            guard let spec = specs.first(where: { $0.name == s.name.text }) else {
                throw Diagnostic("unknown option '\(s.name.text)' for \(statement)", at: s.name.location,
                                 help: Options.suggestion(for: s.name.text, among: specs)
                                    ?? "options: " + specs.map(\.name).joined(separator: ", "))
            }
            guard seen.insert(s.name.text).inserted else {
                throw Diagnostic("option '\(s.name.text)' is given twice", at: s.name.location)
            }
            if case .numbers = s.value, !numberLists {
                throw Diagnostic("'\(spec.name)' takes one value, not a list", at: s.name.location)
            }
            try checkShape(s, spec, ranges: ranges)
        }
    }

    private func checkShape(_ s: Setting, _ spec: OptionSpec, ranges: Bool) throws(Diagnostic) {
        switch (spec.kind, s.value) {
        case (_, .atLeast), (_, .atMost):
            throw Diagnostic("'\(spec.name)' is an option, not a parameter to bound", at: s.name.location)
        case (.flag, .flag): return
        case (.flag, _):
            throw Diagnostic("'\(spec.name)' takes no value", at: s.name.location, help: "write just '\(spec.name)'")
        case (.choice(let choices), .names(let names)), (.list(let choices), .names(let names)):
            if case .choice = spec.kind, names.count > 1 {
                throw Diagnostic("'\(spec.name)' takes one value, not a list", at: s.name.location)
            }
            for n in names where !choices.contains(n.text) {
                throw Diagnostic("unknown \(spec.name == "methods" ? "method" : spec.name) '\(n.text)'", at: n.location,
                                 help: Suggestion.closest(to: n.text, among: choices).map { "did you mean '\($0)'?" }
                                    ?? "choose one of: " + choices.joined(separator: ", "))
            }
        case (.choice(let choices), _), (.list(let choices), _):
            throw Diagnostic("'\(spec.name)' takes a name", at: s.name.location, help: "choose from: " + choices.joined(separator: ", "))
        case (_, .flag):
            throw Diagnostic("'\(spec.name)' needs a value", at: s.name.location, help: "for example: \(spec.name)=\(spec.defaultValue == "off" ? "1e-8" : spec.defaultValue)")
        case (_, .range):
            if !ranges { throw Diagnostic("'\(spec.name)' takes one value, not a range", at: s.name.location) }
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
        // A number as written is its own value (a sweep's thousand settings are such numbers).
        let value: Double
        if case .number(let written) = expr {
            value = written
        } else {
            value = try Lowering.lower(expr, in: environment).evaluate([String: Double]())
        }
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

    func fraction(_ s: Setting) throws(Diagnostic) -> Double {
        let v = try real(s)
        guard v >= 0, v < 1 else {
            throw Diagnostic("\(s.name.text) must be at least 0 and below 1, not \(NumberFormat.shortest(v))", at: s.name.location)
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

    /// A tolerance: a number, or nil for `off`.
    func tolerance(_ s: Setting) throws(Diagnostic) -> Double? {
        if case .names(let names) = s.value, names.count == 1, names[0].text == "off" { return nil }
        return try real(s)
    }

    func range(_ s: Setting) throws(Diagnostic) -> (Double, Double) {
        guard case .range(let a, let b) = s.value else {
            throw Diagnostic("'\(s.name.text)' needs a range", at: s.name.location)
        }
        return (try number(a, at: s.name.location), try number(b, at: s.name.location))
    }

    /// The word of a `choice` setting.
    func word(_ s: Setting) -> String? {
        if case .names(let names) = s.value, names.count == 1 { return names[0].text }
        return nil
    }

    /// A seed of NumPy's stream: a whole number below 2³², as `np.random.seed` takes.
    func seed(_ s: Setting) throws(Diagnostic) -> UInt64 {
        let n = try count(s, minimum: 0)
        guard n <= Int(UInt32.max) else {
            throw Diagnostic("a seed is at most 4294967295 (2³² − 1), as for np.random.seed", at: s.name.location)
        }
        return UInt64(n)
    }
}
