import GDLang
import GDProgram
import GDOptim
import GDPlot

/// The pieces of the `--json` contract that more than one report writes, and errors.
extension JSON {
    /// `"where": [{"name": "u1", "expr": "…"}, …]` for terms printed with named pieces, else nothing.
    package static func wherePair(_ pieces: [NamedPiece]) -> [(String, JSON)] {
        guard !pieces.isEmpty else { return [] }
        return [("where", .array(pieces.map { .object([("name", .string($0.name)), ("expr", .string($0.expr))]) }))]
    }

    package static func error(_ d: Diagnostic) -> JSON {
        var pairs: [(String, JSON)] = [
            ("kind", .string("error")), ("file", .string(d.location.file)), ("line", .number(Double(d.location.line))),
            ("column", .number(Double(d.location.column))), ("message", .string(d.message)),
        ]
        if let help = d.help { pairs.append(("help", .string(help))) }
        return .object(pairs)
    }
}
