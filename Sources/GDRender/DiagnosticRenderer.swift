import GDLang
import GDProgram

/// The one place errors are rendered for people:
///
///     tour.gdscript:3:7: error: unknown function 'sinn'
///         3 | y = sinn(x)
///           |     ^
///     help: did you mean 'sin'?
///
/// With `colour` on, `error:` and the caret are coloured; the text is otherwise the same.
public enum DiagnosticRenderer {
    public static func render(_ d: Diagnostic, sourceLine: String?, colour: Colour = .plain) -> String {
        var lines = ["\(d.location): \(colour.error("error:")) \(d.message)"]
        if let sourceLine {
            let number = String(d.location.line)
            let gutter = String(repeating: " ", count: number.count)
            // Keep tabs so the caret lines up under the same column however tabs are shown.
            let prefix = sourceLine.unicodeScalars.prefix(max(0, d.location.column - 1))
                .map { $0 == "\t" ? "\t" : " " }.joined()
            lines.append(" \(number) | \(sourceLine)")
            lines.append(" \(gutter) | \(prefix)\(colour.error("^"))")
        }
        if let help = d.help { lines.append("help: \(help)") }
        return lines.joined(separator: "\n")
    }
}
