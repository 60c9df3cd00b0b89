import Glibc

/// Where a shell writes: results to one stream, errors to another.
public protocol Console: AnyObject {
    func output(_ text: String)
    func error(_ text: String)
}

/// Standard output and standard error, written straight to the file descriptors.
public final class StandardConsole: Console {
    public init() {}

    public func output(_ text: String) { Self.write(text + "\n", to: 1) }
    public func error(_ text: String) { Self.write(text + "\n", to: 2) }

    package static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}

/// Keeps everything written, for tests.
public final class RecordingConsole: Console {
    public private(set) var outputs: [String] = []
    public private(set) var errors: [String] = []

    public init() {}

    public func output(_ text: String) { outputs.append(text) }
    public func error(_ text: String) { errors.append(text) }

    /// All output, one entry per line.
    public var outputText: String { outputs.joined(separator: "\n") }
}
