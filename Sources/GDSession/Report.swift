import GDOptim
import GDRender

/// What a statement produced, before it is rendered: as text for people, and as the `--json` contract of
/// README.md (one object per line; fields are only ever added, never renamed or removed).
protocol Report: Sendable {
    func text(_ renderer: TextRenderer) -> String
    var json: JSON { get }
}
