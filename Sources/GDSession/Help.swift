import GDLang
import GDProgram
import GDRender
import GDOptim

/// The text of `help`, drawn from the statements' declarations and the built-in functions.
struct Help {
    /// The width help text keeps within: the terminal's, or 80.
    var width = 80

    struct Entry {
        var name: String
        var syntax: String
        var summary: String
        var example: String
        var options: [OptionSpec] = []
    }

    /// One entry per statement, in the order the declarations rank them.
    static let entries: [Entry] = Statements.all.map { declaration in
        let help = declaration.help
        return Entry(name: declaration.name, syntax: help.syntax, summary: help.summary, example: help.example, options: help.options)
    }

    /// The help text for `topic`, or nil when there is no such topic.
    func text(_ topic: String?) -> String? {
        guard let topic else { return overview }
        switch topic {
        case "functions": return functions
        case "methods": return list("methods (method=NAME; help NAME shows one):", Methods.described)
        case "schedules": return list("step-size schedules (schedule=NAME; help NAME shows one):", Schedules.described)
        case "options": return optionTable(Options.run).joined(separator: "\n")
        default: break
        }
        if let method = Methods.described.first(where: { $0.name == topic }) { return described("method", method) }
        if let schedule = Schedules.described.first(where: { $0.name == topic }) { return described("schedule", schedule) }
        if topic == Methods.sgd.name {
            return (wrapped("method \(Methods.sgd.name): \(Methods.sgd.method.name) on mini-batches of the loss's table, \(Methods.sgd.batchSize) rows unless batch= says otherwise", after: "", indent: 2)
                    + ["  example: run L from w=0 method=sgd epochs=20"]).joined(separator: "\n")
        }
        if let b = Builtin(rawValue: topic) {
            return "function \(b.rawValue)\(b.arity == 2 ? "(a, b)" : "(x)"): \(b.summary)\n  example: \(b.rawValue)(\(b.arity == 2 ? "1, 2" : "0.5"))"
        }
        if let c = NamedConstant(rawValue: topic) { return "constant \(c.rawValue) = \(NumberFormat.shortest(c.value))" }
        guard let entry = Self.entries.first(where: { $0.name == topic }) else { return option(topic) }
        // The example stays on one line, so that it can be copied as it is.
        var lines = wrapped(entry.syntax, after: "", indent: 4) + wrapped(entry.summary, after: "  ") + ["  example: \(entry.example)"]
        if !entry.options.isEmpty { lines += optionTable(entry.options) }
        if entry.options.contains(where: { $0.name == "method" }) {
            lines += wrapped("methods: " + (Methods.names + [Methods.sgd.name]).joined(separator: ", ") + "; schedules: "
                             + Schedules.names.joined(separator: ", ") + " (help NAME for one)", after: "  ")
        }
        return lines.joined(separator: "\n")
    }

    /// An option's meaning and default in each statement that takes it (`seed` means one thing to `data`, another
    /// to `run`); nil when no statement has an option of that name.
    private func option(_ name: String) -> String? {
        var lines: [String] = []
        var seen: [(summary: String, defaultValue: String, statements: [String])] = []
        for entry in Self.entries {
            guard let o = entry.options.first(where: { $0.name == name }) else { continue }
            var summary = o.summary + (o.appliesTo.isEmpty ? "" : " (\(o.appliesTo.joined(separator: ", ")))")
            if case .choice(let words) = o.kind { summary += "; one of \(words.joined(separator: ", "))" }
            if let i = seen.firstIndex(where: { $0.summary == summary && $0.defaultValue == o.defaultValue }) {
                seen[i].statements.append(entry.name)
            } else {
                seen.append((summary, o.defaultValue, [entry.name]))
            }
        }
        guard !seen.isEmpty else { return nil }
        for s in seen {
            lines += wrapped("option \(name) of \(s.statements.joined(separator: ", ")): \(s.summary); default \(s.defaultValue)",
                             after: "", indent: 2)
        }
        return lines.joined(separator: "\n")
    }

    /// Option, default and meaning, one row each, the meaning wrapped.
    private func optionTable(_ options: [OptionSpec]) -> [String] {
        let rows = [("option", "default", "meaning")] + options.map { o in
            (o.name, o.defaultValue, o.summary + (o.appliesTo.isEmpty ? "" : " (\(o.appliesTo.joined(separator: ", ")))"))
        }
        let nameWidth = rows.map(\.0.count).max()! + 2, defaultWidth = rows.map(\.1.count).max()! + 2
        return rows.flatMap { name, value, meaning in
            wrapped(meaning, after: "  " + Self.padded(name, nameWidth) + Self.padded(value, defaultWidth))
        }
    }

    /// Each method or schedule with what it does.
    private func list(_ heading: String, _ all: [Described]) -> String {
        let nameWidth = (all.map(\.name.count).max() ?? 0) + 2
        return ([heading] + all.flatMap { wrapped($0.summary, after: "  " + Self.padded($0.name, nameWidth)) }).joined(separator: "\n")
    }

    /// One method or schedule: what it does, its hyperparameters and its stability bound.
    private func described(_ kind: String, _ d: Described) -> String {
        var lines = wrapped("\(kind) \(d.name): \(d.summary)", after: "", indent: 2)
        if !d.hyperparameters.isEmpty {
            let rows = [("hyperparameter", "default", "meaning")] + d.hyperparameters.map { ($0.name, $0.defaultValue.text, $0.summary) }
            let nameWidth = rows.map(\.0.count).max()! + 2, defaultWidth = rows.map(\.1.count).max()! + 2
            lines += rows.flatMap { wrapped($0.2, after: "  " + Self.padded($0.0, nameWidth) + Self.padded($0.1, defaultWidth)) }
        }
        if let bound = d.stabilityBound { lines.append("  stable near a minimum for η < \(bound) (λ: the Hessian's largest eigenvalue)") }
        let setting = kind == "method" ? "method" : "schedule"
        lines.append("  example: run f from x=1 \(setting)=\(d.name)")
        return lines.joined(separator: "\n")
    }


    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// `text` after `lead`, its words wrapped to `width` columns with later lines indented by `indent`, or as far
    /// as `lead` goes.
    private func wrapped(_ text: String, after lead: String, indent: Int? = nil) -> [String] {
        TextLayout.wrapWords(text, after: lead, indent: indent ?? lead.count, width: width)
    }

    static var topics: [String] {
        let named = subjects
        let builtins = Builtin.allCases.map(\.rawValue) + NamedConstant.allCases.map(\.rawValue)
        var seen = Set(named)
        return named + (optionNames + builtins).filter { seen.insert($0).inserted }
    }

    /// The topics other than options' names.
    static var subjects: [String] {
        entries.map(\.name) + ["functions", "methods", "schedules", "options"] + Methods.names + [Methods.sgd.name]
            + Schedules.names.filter { name in !entries.contains { $0.name == name } && !Methods.names.contains(name) }
    }

    /// Every option's name, once each, in the order the statements declare them.
    static var optionNames: [String] {
        var names: [String] = []
        for o in entries.flatMap(\.options) where !names.contains(o.name) { names.append(o.name) }
        return names
    }

    /// Each topic with its summary, wrapped to fit `width`: the full syntax is `help NAME`'s, and would make
    /// the overview over 200 columns wide.
    var overview: String {
        let nameWidth = (Self.entries.map(\.name.count).max() ?? 0) + 2
        let lines = Self.entries.flatMap { wrapped($0.summary, after: "  " + Self.padded($0.name, nameWidth)) }
        return (wrapped("statements (help NAME shows one's syntax, options and an example):", after: "") + lines
                + TextLayout.wrap(pieces: ["help functions", "lists", "the", "built-in", "functions,", "help methods", "the",
                                           "methods,", "help schedules", "the", "step-size", "schedules,", "and", "help options",
                                           "every", "option", "of", "run."], after: "", indent: 0, width: width))
            .joined(separator: "\n")
    }

    var functions: String {
        var table = TextTable(["function", "meaning"], rightAligned: [false, false])
        for b in Builtin.allCases {
            let args = b.arity == 2 ? "(a, b)" : "(x)"
            table.add([b.rawValue + args, b.summary])
        }
        table.add(["f'(x), f''(x)", "derivatives of a one-parameter function"])
        for form in Lowering.forms { table.add([form.call, form.meaning]) }
        return table.rendered(width: width) + "\nconstants: " + NamedConstant.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
