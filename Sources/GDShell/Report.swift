import GDOptim

/// What a statement produced, before it is rendered: as text for people, and as the `--json` contract of
/// README.md (one object per line; fields are only ever added, never renamed or removed).
protocol Report: Sendable {
    func text(_ renderer: TextRenderer) -> String
    var json: JSON { get }
}

/// A repeated piece of long printed terms, and the name they use for it.
public struct NamedPiece: Sendable, Equatable {
    public var name: String
    public var expr: String
}
