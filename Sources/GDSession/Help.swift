import GDLang
import GDProgram
import GDRender
import GDOptim

/// The text of `help`, drawn from the statements' declarations and the built-in functions.
enum Help {
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
    static func text(_ topic: String?) -> String? {
        guard let topic else { return overview }
        if topic == "functions" { return functions }
        guard let entry = entries.first(where: { $0.name == topic }) else { return nil }
        // The example stays on one line, so that it can be copied as it is.
        var lines = wrapped(entry.syntax, after: "", indent: 4) + wrapped(entry.summary, after: "  ") + ["  example: \(entry.example)"]
        if !entry.options.isEmpty {
            let rows = [("option", "default", "meaning")] + entry.options.map { o in
                (o.name, o.defaultValue, o.summary + (o.appliesTo.isEmpty ? "" : " (\(o.appliesTo.joined(separator: ", ")))"))
            }
            let nameWidth = rows.map(\.0.count).max()! + 2, defaultWidth = rows.map(\.1.count).max()! + 2
            for (name, value, meaning) in rows {
                lines.append(contentsOf: wrapped(meaning, after: "  " + padded(name, nameWidth) + padded(value, defaultWidth)))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The width help text keeps within.
    static let width = 80

    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// `text` after `lead`, its words wrapped to `width` columns with later lines indented by `indent`, or as far
    /// as `lead` goes.
    private static func wrapped(_ text: String, after lead: String, indent: Int? = nil) -> [String] {
        var lines: [String] = []
        var line = lead
        var lineHasWord = false
        for word in text.split(separator: " ") {
            if lineHasWord, line.count + 1 + word.count > width {
                lines.append(line)
                line = String(repeating: " ", count: indent ?? lead.count)
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        return lines + [line]
    }

    static var topics: [String] { entries.map(\.name) + ["functions"] }

    /// Each topic with its summary, wrapped to fit `width`: the full syntax is `help NAME`'s, and would make
    /// the overview over 200 columns wide.
    static var overview: String {
        let nameWidth = (entries.map(\.name.count).max() ?? 0) + 2
        let lines = entries.flatMap { wrapped($0.summary, after: "  " + padded($0.name, nameWidth)) }
        return (["statements (help NAME shows one's syntax, options and an example):"] + lines
                + ["help functions lists the built-in functions."]).joined(separator: "\n")
    }

    static var functions: String {
        var table = TextTable(["function", "meaning"], rightAligned: [false, false])
        for b in Builtin.allCases {
            let args = b.arity == 2 ? "(a, b)" : "(x)"
            table.add([b.rawValue + args, b.summary])
        }
        table.add(["f'(x), f''(x)", "derivatives of a one-parameter function"])
        table.add(["diff(EXPR, x)", "the symbolic derivative of EXPR with respect to x"])
        table.add(["mean(t, EXPR), sum(t, EXPR)", "EXPR averaged or summed over the rows of table t"])
        return table.rendered + "\nconstants: pi, e"
    }
}
