/// Whether text for a terminal is coloured, and how (`Colour.forTerminal` in GDRepl decides whether it is).
public struct Colour: Equatable, Sendable {
    public var isEnabled: Bool

    public init(isEnabled: Bool) {
        self.isEnabled = isEnabled
    }

    /// No colour at all.
    public static let plain = Colour(isEnabled: false)

    /// The interactive prompt: bold green, the spaces after it left plain (libedit needs a visible
    /// character after the last escape sequence of a prompt).
    public func prompt(_ text: String) -> String {
        let visible = text.reversed().drop { $0 == " " }.reversed()
        return styled(String(visible), "1;32") + String(repeating: " ", count: text.count - visible.count)
    }

    /// Numbers in tables: cyan.
    public func number(_ text: String) -> String { text.isEmpty ? text : styled(text, "36") }

    /// The word `error:` and the caret under an error: bold red.
    public func error(_ text: String) -> String { styled(text, "1;31") }

    private func styled(_ text: String, _ code: String) -> String {
        isEnabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
