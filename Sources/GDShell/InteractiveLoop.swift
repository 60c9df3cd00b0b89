#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GDLang

/// The interactive loop: reads entries, runs each, reports errors and goes on.
///
/// An entry with an open parenthesis continues on the next line under a continuation prompt.
public struct InteractiveLoop {
    public let shell: Shell
    public var prompt = "gd> "
    public var continuationPrompt = "... "

    public init(shell: Shell) {
        self.shell = shell
    }

    public func run() {
        var pending = ""
        var entry = 0
        while true {
            StandardConsole.write(pending.isEmpty ? prompt : continuationPrompt, to: 1)
            guard let line = readLine() else {
                StandardConsole.write("\n", to: 1)
                return
            }
            let text = pending.isEmpty ? line : pending + "\n" + line
            if text.trimmingSpaces == "quit" || text.trimmingSpaces == "exit" { return }
            if pending.isEmpty { entry += 1 }
            let file = "<stdin:\(entry)>"
            do {
                _ = try Parser.parse(text, file: file)
            } catch where error.isIncompleteInput {
                pending = text
                continue
            } catch {}
            pending = ""
            shell.run(text, file: file)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
