#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads script files, turning every failure into a one-line message.
public enum ScriptFile {
    public struct ReadError: Error, Equatable {
        public var message: String
    }

    /// The whole text of the file at `path`.
    public static func read(_ path: String) throws(ReadError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ReadError(message: "cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw ReadError(message: "cannot read '\(path)': it is a directory, not a script")
        }
        guard let file = fopen(path, "rb") else {
            throw ReadError(message: "cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count {
                if ferror(file) != 0 {
                    throw ReadError(message: "cannot read '\(path)': \(String(cString: strerror(errno)))")
                }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// All of standard input.
    public static func readStandardInput() -> String {
        var lines: [String] = []
        while let line = readLine(strippingNewline: false) { lines.append(line) }
        return lines.joined()
    }
}
