/// An error in the user's input or in what it asks for, always tied to a place in the source.
///
/// Every layer reports problems as a `Diagnostic`; the shell renders them in one place.
public struct Diagnostic: Error, Equatable, Sendable {
    public var location: SourceLocation
    public var message: String
    /// A hint such as "did you mean 'sin'?", printed on its own line.
    public var help: String?
    /// True when the input ended while more was expected (an open parenthesis, a trailing operator):
    /// an interactive reader asks for another line instead of reporting it.
    public var isIncompleteInput: Bool

    public init(_ message: String, at location: SourceLocation, help: String? = nil, isIncompleteInput: Bool = false) {
        self.message = message
        self.location = location
        self.help = help
        self.isIncompleteInput = isIncompleteInput
    }
}
