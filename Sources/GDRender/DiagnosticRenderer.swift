import GDLang
import GDProgram

/// The one place errors are rendered for people:
///
///     tour.gdscript:3:7: error: unknown function 'sinn'
///         3 | y = sinn(x)
///           |     ^
///     help: did you mean 'sin'?
///
/// With `colour` on, `error:` and the caret are coloured; the text is otherwise the same. With a `width` (a
/// terminal's), the message and the help are broken between words to fit it, their continuations indented; the
/// quoted line and its caret are never broken, so that the caret stays under its column.
public enum DiagnosticRenderer {
    public static func render(_ d: Diagnostic, sourceLine: String?, colour: Colour = .plain, width: Int? = nil) -> String {
        func fitted(_ lead: String, _ text: String) -> String {
            guard let width else { return lead + text }
            return TextLayout.wrapWords(text, after: lead, indent: 2, width: width).joined(separator: "\n")
        }
        var lines = [fitted("\(d.location): \(colour.error("error:")) ", d.message)]
        if let sourceLine {
            let number = String(d.location.line)
            let gutter = String(repeating: " ", count: number.count)
            // Keep tabs so the caret lines up under the same column however tabs are shown.
            let prefix = sourceLine.unicodeScalars.prefix(max(0, d.location.column - 1))
                .map { $0 == "\t" ? "\t" : " " }.joined()
            lines.append(" \(number) | \(sourceLine)")
            lines.append(" \(gutter) | \(prefix)\(colour.error("^"))")
        }
        if let help = d.help { lines.append(fitted("help: ", help)) }
        return lines.joined(separator: "\n")
    }
}
