/// Text fitted to a width: prose broken between words, never inside one.
package enum TextLayout {
    /// How many columns `text` takes on a terminal: its characters, colour escape sequences (`ESC [ … m`) left out.
    package static func columns(_ text: some StringProtocol) -> Int {
        if let ascii = asciiColumns(text.utf8) { return ascii }
        var count = 0
        var inEscape = false
        for c in text {
            if inEscape {
                if c == "m" { inEscape = false }
            } else if c == "\u{1B}" {
                inEscape = true
            } else {
                count += 1
            }
        }
        return count
    }

    /// `columns` of text of ASCII letters but carriage returns, byte by byte (each its own character); nil for
    /// other text.
    private static func asciiColumns(_ bytes: some Sequence<UInt8>) -> Int? {
        var count = 0
        var inEscape = false
        for b in bytes {
            if b >= 0x80 || b == 0x0D { return nil }
            if inEscape {
                if b == UInt8(ascii: "m") { inEscape = false }
            } else if b == 0x1B {
                inEscape = true
            } else {
                count += 1
            }
        }
        return count
    }

    /// The most columns any line of `text` takes: lines of ASCII counted byte by byte, others by `columns`.
    package static func widestLine(_ text: String) -> Int {
        if text.utf8.contains(0x0D) { return text.split(separator: "\n").map { columns($0) }.max() ?? 0 }
        var text = text
        return text.withUTF8 { bytes in
            var widest = 0, start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                widest = max(widest, asciiColumns(line) ?? columns(String(decoding: line, as: UTF8.self)))
                start = end + 1
            }
            return widest
        }
    }

    /// The characters of `text`: its bytes where it is ASCII without carriage returns (each byte a character).
    package static func characters(_ text: String) -> Int {
        var text = text
        let ascii = text.withUTF8 { bytes in !bytes.contains { $0 >= 0x80 || $0 == 0x0D } }
        return ascii ? text.utf8.count : text.count
    }

    /// The words of `text` after `lead`, broken into lines of at most `width` characters where the words allow;
    /// lines after the first start with `indent` spaces. A word longer than a line stands alone on its line.
    package static func wrapWords(_ text: some StringProtocol, after lead: String, indent: Int, width: Int) -> [String] {
        wrap(pieces: text.split(separator: " " as Character).map { String($0) }, after: lead, indent: indent, width: width)
    }

    /// As `wrapWords`, with pieces of text that each stay whole on one line (`help options`), joined by spaces.
    package static func wrap(pieces: [String], after lead: String, indent: Int, width: Int) -> [String] {
        var lines: [String] = []
        var line = lead
        var lineHasWord = false
        for word in pieces {
            if lineHasWord, columns(line) + 1 + columns(word) > width {
                lines.append(line)
                line = String(repeating: " ", count: indent)
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        return lines + [line]
    }

    /// `text` with each line longer than `width` broken between words; the pieces after the first are indented
    /// two spaces past the line's own indentation, so they read as its continuation. Lines that fit are untouched.
    package static func wrap(_ text: String, width: Int) -> String {
        guard text.split(separator: "\n", omittingEmptySubsequences: false).contains(where: { columns($0) > width }) else {
            return text
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            guard columns(line) > width else { return [String(line)] }
            let margin = line.prefix { $0 == " " }.count
            let lead = String(repeating: " ", count: margin)
            return wrapWords(line.dropFirst(margin), after: lead, indent: min(margin + 2, width / 2), width: width)
        }.joined(separator: "\n")
    }
}
